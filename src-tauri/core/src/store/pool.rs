//! [`Readers`]: a small pool of read-only connections to one store, so the window's reads
//! never queue behind a write. In WAL mode a reader sees the last committed state and is
//! never blocked by the writer (the window's, the scheduler's or the CLI's), so the
//! overview answers at once while an import or the scheduler's catch-up is writing.

use std::path::Path;
use std::sync::{Condvar, Mutex};

use super::Store;
use crate::error::Result;

/// Read-only stores checked out one per read. Each read runs in one read transaction, so
/// a page built from several queries sees one snapshot, never half of a commit.
pub struct Readers {
    idle: Mutex<Vec<Store>>,
    returned: Condvar,
}

/// Gives the checked-out store back to the pool, also when the read panics.
struct Slot<'a> {
    pool: &'a Readers,
    store: Option<Store>,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            // A read that stopped half-way (a panic) must not leave its snapshot open.
            if !store.conn.is_autocommit() {
                let _ = store.conn.execute_batch("ROLLBACK");
            }
            self.pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(store);
            self.pool.returned.notify_one();
        }
    }
}

impl Readers {
    /// Opens `n` (at least one) read-only connections to the store at `path`, which a
    /// writer has already opened and migrated ([`Store::open_with`]).
    pub fn open(path: &Path, n: usize) -> Result<Readers> {
        let idle = (0..n.max(1)).map(|_| Store::open_reader(path)).collect::<Result<Vec<_>>>()?;
        Ok(Readers { idle: Mutex::new(idle), returned: Condvar::new() })
    }

    /// Runs `f` on an idle reader, in one read transaction; waits only when every reader
    /// is busy with another read.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let store = {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                match idle.pop() {
                    Some(s) => break s,
                    None => idle = self.returned.wait(idle).unwrap_or_else(|p| p.into_inner()),
                }
            }
        };
        let slot = Slot { pool: self, store: Some(store) };
        let store = slot.store.as_ref().expect("set above");
        store.conn.execute_batch("BEGIN")?;
        let out = f(store);
        store.conn.execute_batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
        out
    }
}
