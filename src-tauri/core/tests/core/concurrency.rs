//! Several callers on one store file at once (issue 16): the app's writer, two readers from
//! its pool and a second process writing the same file in loops. No `database is locked`
//! reaches a caller, no write is lost, and a read sees one snapshot.
//!
//! The second process is this test binary run again (`child_process_writes`), so it uses
//! the same core the CLI does without depending on the CLI's build.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::store::Readers;
use dondoc_core::Store;

use crate::ctx;

const WRITES: usize = 150;
const DB_VAR: &str = "DONDOC_TEST_CONCURRENT_DB";

/// How many directives of the conference start with `prefix`.
fn count(s: &Store, conference: i64, prefix: &str) -> i64 {
    s.conn()
        .query_row("SELECT count(*) FROM directive WHERE conference_id = ?1 AND text LIKE ?2 || '%'", rusqlite::params![conference, prefix], |r| r.get(0))
        .unwrap()
}

/// `WRITES` directives added one transaction each; every one reads (the conference, the
/// next number) before it writes, which is what a DEFERRED transaction cannot do safely
/// while another connection commits.
fn write_loop(path: &Path, prefix: &str) {
    let mut s = Store::open(path).unwrap();
    for i in 0..WRITES {
        if let Err(e) = s.add_directive(1, &format!("{prefix} {i}")) {
            panic!("{prefix}: write {i} failed with `{}`: {e}", e.code());
        }
    }
}

/// The second process: runs only when the parent test starts it.
#[test]
fn child_process_writes() {
    let Some(path) = std::env::var_os(DB_VAR) else { return };
    write_loop(Path::new(&path), "Tiến trình khác");
}

#[test]
fn writer_readers_and_another_process_share_one_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    let mut writer = Store::open(&path).unwrap();
    let conf = writer
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    assert_eq!(conf, 1);
    drop(writer);
    let readers = Readers::open(&path, 2).unwrap();

    let me = std::env::current_exe().unwrap();
    let child = Command::new(me).args(["--exact", "concurrency::child_process_writes", "--nocapture"]).env(DB_VAR, &path).spawn().unwrap();

    let done = AtomicBool::new(false);
    let reads = std::thread::scope(|scope| {
        let app = scope.spawn(|| write_loop(&path, "Cửa sổ"));
        let read_threads: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let (mut reads, mut last) = (0, 0);
                    while !done.load(Ordering::SeqCst) && reads < 100_000 {
                        let seen = readers
                            .read(|s| {
                                // Two queries of one read see the same snapshot.
                                let first = count(s, conf, "");
                                s.dashboard(crate::d("2023-02-27"))?;
                                let second = count(s, conf, "");
                                assert_eq!(first, second, "a read saw a commit half-way");
                                Ok(first)
                            })
                            .unwrap_or_else(|e| panic!("a read failed with `{}`: {e}", e.code()));
                        assert!(seen >= last, "a later read saw fewer rows");
                        last = seen;
                        reads += 1;
                    }
                    reads
                })
            })
            .collect();
        let app = app.join();
        let mut child = child;
        let child = child.wait().unwrap();
        done.store(true, Ordering::SeqCst);
        app.expect("the app's writes");
        assert!(child.success(), "the other process's writes (see its output)");
        read_threads.into_iter().map(|t| t.join().expect("the reads")).sum::<usize>()
    });
    assert!(reads > 0);

    let s = Store::open(&path).unwrap();
    assert_eq!(count(&s, conf, "Cửa sổ "), WRITES as i64, "every write of the app is there");
    assert_eq!(count(&s, conf, "Tiến trình khác "), WRITES as i64, "every write of the other process is there");
    let numbers: i64 = s.conn().query_row("SELECT count(DISTINCT ordinal) FROM directive WHERE conference_id = ?1", [conf], |r| r.get(0)).unwrap();
    assert_eq!(numbers, 2 * WRITES as i64, "no two writers took the same number");
}

#[test]
fn a_reader_cannot_write_and_the_pool_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    drop(Store::open(&path).unwrap());
    let readers = Readers::open(&path, 1).unwrap();
    let err = readers.read(|s| Ok(s.conn().execute("DELETE FROM unit", [])?)).unwrap_err();
    assert!(err.to_string().contains("readonly") || err.detail().unwrap_or_default().contains("readonly"), "{err} {:?}", err.detail());
    // The one reader came back and is usable: the failed read did not keep it.
    assert_eq!(readers.read(|s| s.units()).unwrap().len(), 30);
}

/// A burst that grew the WAL past `db::WAL_SIZE_LIMIT` does not leave a file that size
/// behind: once checkpointed, the next write starts the WAL again and cuts it back.
#[test]
fn a_wal_grown_by_a_burst_is_cut_back_after_its_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.sqlite3");
    let s = dondoc_core::Store::open(&path).unwrap();
    let wal = || std::fs::metadata(dir.path().join("wal.sqlite3-wal")).map(|m| m.len() as i64).unwrap_or(0);
    let chunk = "x".repeat(1 << 20);
    let limit = dondoc_core::db::WAL_SIZE_LIMIT;
    s.conn().execute_batch("BEGIN IMMEDIATE").unwrap();
    for i in 0..(limit >> 20) + 8 {
        s.conn().execute("INSERT INTO app_setting (key, value) VALUES (?1, ?2)", rusqlite::params![format!("burst-{i}"), chunk]).unwrap();
    }
    s.conn().execute_batch("COMMIT").unwrap();
    assert!(wal() > limit, "the burst grew the WAL to {} bytes", wal());
    dondoc_core::db::checkpoint(s.conn()).unwrap();
    s.conn().execute("DELETE FROM app_setting WHERE key LIKE 'burst-%'", []).unwrap();
    assert!(wal() <= limit, "the WAL is {} bytes after its checkpoint and the next write", wal());
}
