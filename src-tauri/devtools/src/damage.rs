//! Damage a store the way a failing disk would, for the tests of what a damaged store does.

use std::path::Path;

/// Overwrites the first 64 bytes of the root page of `table` in the store at `path` (no
/// connection may be open on it) and returns the file's bytes afterwards. The header and
/// the schema still read, and opening a store reads nothing of the history table
/// (`audit`), so only a page check (`quick_check`) finds the damage.
pub fn overwrite_root_page(path: &Path, table: &str) -> Vec<u8> {
    let (root, page_size): (i64, i64) = {
        let c = rusqlite::Connection::open(path).expect("open the store to find the page");
        let root = c.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0)).expect("the table exists");
        (root, c.query_row("PRAGMA page_size", [], |r| r.get(0)).expect("page size"))
    };
    let mut bytes = std::fs::read(path).expect("read the store");
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + 64].iter_mut().for_each(|b| *b = 0x5a);
    std::fs::write(path, &bytes).expect("write the store");
    bytes
}
