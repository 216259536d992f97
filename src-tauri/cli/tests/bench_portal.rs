//! `dondoc-cli bench portal`: the figures it prints are requests that really happened —
//! every tick it counts is a part done in the store by the unit through the portal — and it
//! never runs on the office's store by default.

use std::process::Command;

/// The CLI with its default data folder inside `home`.
fn cli(home: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"));
    c.env_remove("DONDOC_DB").env("HOME", home).env("XDG_DATA_HOME", home.join("data"));
    c
}

/// The `requests` column of the table row named `name`.
fn requests(out: &str, name: &str) -> usize {
    let row = out.lines().find(|l| l.starts_with(&format!("| {name} |"))).unwrap_or_else(|| panic!("no row {name:?} in:\n{out}"));
    row.split('|').nth(2).unwrap().trim().parse().unwrap_or_else(|e| panic!("{e}: {row}"))
}

#[test]
fn bench_portal_counts_what_the_portal_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite3");
    let out = cli(dir.path()).arg("--db").arg(&db).args(["bench", "portal", "--seconds", "2", "--size", "600", "--sessions", "4"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("errors: 0"), "{text}");
    assert!(text.contains("(4 unit sessions over 26 units, 1 office)"), "{text}");
    let (lists, ticks, office) = (requests(&text, "unit's list"), requests(&text, "tick (done)"), requests(&text, "office's list"));
    assert!(lists > 0 && ticks > 0 && office > 0, "{text}");
    assert!(ticks <= lists, "each round lists, then ticks one part while the unit has open ones: {text}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let done: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE field = 'completed_on' AND new_value IS NOT NULL AND actor LIKE '% (cổng đơn vị)'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(done as usize, ticks, "every tick counted is a part the units ticked off through the portal");
    let sessions: i64 = conn.query_row("SELECT count(*) FROM portal_account WHERE enabled = 1 AND must_change = 0", [], |r| r.get(0)).unwrap();
    assert_eq!(sessions, 5, "4 units and the office changed their initial passwords");
}

#[test]
fn bench_portal_needs_an_explicit_store() {
    let home = tempfile::tempdir().unwrap();
    let out = cli(home.path()).args(["bench", "portal", "--seconds", "1", "--size", "100"]).output().unwrap();
    assert!(!out.status.success());
    assert!(!home.path().join("data").exists(), "the default store is not even created");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"), "{}", String::from_utf8_lossy(&out.stderr));
}
