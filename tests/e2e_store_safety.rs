//! End-to-end (issue 15): a store the window cannot use says why, in Vietnamese, and
//! offers the way out — "Thử lại" once another program lets go of the file.

mod support;

use std::process::Command;
use std::time::Duration;

use support::{cli_binary, prerequisites, Env};

#[test]
fn a_locked_store_is_explained_and_opens_on_retry_in_the_same_window() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("dondoc.sqlite3");
    let made = Command::new(cli_binary()).args(["--db", db.to_str().unwrap(), "units", "list", "--json"]).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let before = std::fs::read(&db).unwrap();

    // Another program (a database browser) holds the file and lets nobody read it.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM unit;").unwrap();

    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.wait_for("the problem screen", || (s.attr(&s.id("store-problem"), "data-code").as_deref() == Some("locked")).then_some(()));
    let message = s.text(&s.id("start-error"));
    assert!(message.contains("đang bị một chương trình khác khoá"), "{message}");
    assert!(!message.contains("database"), "no SQLite English in the window: {message}");
    std::thread::sleep(Duration::from_millis(600));
    s.screenshot("store-locked");

    // Still held: the retry says so again, nothing else happens.
    s.click(&s.id("retry-open"));
    s.wait_for("the retry to answer", || (s.text(&s.id("retry-open")) == "Thử lại").then_some(()));
    assert_eq!(s.attr(&s.id("store-problem"), "data-code").as_deref(), Some("locked"));

    holder.execute_batch("COMMIT; PRAGMA locking_mode = NORMAL; SELECT count(*) FROM unit;").unwrap();
    drop(holder);
    assert_eq!(std::fs::read(&db).unwrap(), before, "the locked file was left as it was");
    s.click(&s.id("retry-open"));
    s.id("first-steps");
    assert_eq!(s.count("[data-testid='store-problem']"), 0);
    s.quit();
}
