//! Files that are not a healthy Đôn đốc store: each is refused with its own code and a
//! Vietnamese message, and left byte for byte as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use dondoc_core::{db, demo, Store};
use rusqlite::Connection;

use super::ctx;

/// A store with the demo conference, checkpointed and closed: everything is in the file.
fn real_store(path: &Path) {
    let mut s = Store::open(path).unwrap();
    demo::load(&mut s, &ctx()).unwrap();
}

fn foreign_db(path: &Path, setup: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(setup).unwrap();
}

/// A folder on a file system mounted for the test (tmpfs), for the cases only a mount can
/// make real for root: a read-only file system and a full disk. `None` where this machine
/// does not allow mounting (not root, or no mount privilege in a container).
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, options: &str) -> Option<Mount> {
        let at = dir.join(format!("mnt-{}", options.replace([',', '='], "-")));
        std::fs::create_dir_all(&at).unwrap();
        let ok = Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(&at).output().map(|o| o.status.success()).unwrap_or(false);
        ok.then(|| Mount(at))
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount").args(["-o", "remount,ro"]).arg(&self.0).status().map(|s| s.success()).unwrap_or(false)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

/// Opens `path` expecting a refusal with `code` and a message containing `says`; checks the
/// file kept every byte.
fn refused(case: &str, path: &Path, code: &str, says: &str) {
    let before = std::fs::read(path).ok();
    let err = match Store::open(path) {
        Ok(_) => panic!("{case}: opened, but should be refused with {code}"),
        Err(e) => e,
    };
    assert_eq!(err.code(), code, "{case}: {err} ({:?})", err.detail());
    let message = err.to_string();
    assert!(message.contains(says), "{case}: {message}");
    for english in ["database", "SQLite error", "file is not", "disk I/O", "malformed", "locked"] {
        assert!(!message.contains(english), "{case}: English SQLite text shown to the user: {message}");
    }
    assert_eq!(std::fs::read(path).ok(), before, "{case}: the file must be left byte for byte");
}

#[test]
fn hostile_files_are_refused_with_their_own_message_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);

    let truncated = at("truncated.sqlite3");
    real_store(&truncated);
    let len = std::fs::metadata(&truncated).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&truncated).unwrap().set_len(len / 2).unwrap();

    let torn = at("torn.sqlite3");
    real_store(&torn);
    // The history table's first page overwritten: only the check at start finds it.
    dondoc_devtools::damage::overwrite_root_page(&torn, "audit");

    let random = at("random.sqlite3");
    std::fs::write(&random, (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<u8>>()).unwrap();
    let empty = at("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    let short = at("short.sqlite3");
    std::fs::write(&short, b"SQLite format 3\0").unwrap();
    let other_app = at("zalo.db");
    foreign_db(
        &other_app,
        "PRAGMA application_id = 1234567; CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO message (body) VALUES ('xin chào');",
    );
    let other_version = at("ketoan.db");
    foreign_db(&other_version, "PRAGMA user_version = 5; CREATE TABLE phieu_thu (id INTEGER PRIMARY KEY, so_tien INTEGER);");
    let other_tables = at("notes.sqlite3");
    foreign_db(&other_tables, "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO note (body) VALUES ('không phải của Đôn đốc');");
    let newer = at("newer.sqlite3");
    real_store(&newer);
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();

    let cases: &[(&str, &Path, &str, &str)] = &[
        ("truncated", &truncated, "damaged", "bị cắt cụt"),
        ("pages overwritten", &torn, "damaged", "bị hỏng"),
        ("random bytes", &random, "not_dondoc_file", "không phải cơ sở dữ liệu SQLite"),
        ("zero length", &empty, "not_dondoc_file", "tệp rỗng"),
        ("a header only", &short, "not_dondoc_file", "không phải tệp dữ liệu Đôn đốc"),
        ("another app's application_id", &other_app, "not_dondoc_file", "chương trình khác"),
        ("another app's user_version", &other_version, "not_dondoc_file", "phiên bản dữ liệu 5"),
        ("tables that are not ours", &other_tables, "not_dondoc_file", "không phải của Đôn đốc"),
        ("a newer schema", &newer, "newer_version", "mới hơn"),
        ("a folder", dir.path(), "not_dondoc_file", "thư mục"),
    ];
    for (case, path, code, says) in cases {
        refused(case, path, code, says);
    }
    // Nothing was created beside them either (no journal, no half-made store).
    let mut left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert!(left.iter().all(|n| !n.starts_with('.')), "temporary files left: {left:?}");
    assert!(!left.iter().any(|n| n.starts_with("zalo.db-") || n.starts_with("ketoan.db-") || n.starts_with("notes.sqlite3-")), "{left:?}");
}

#[test]
fn a_store_another_program_holds_locked_is_refused_as_locked_and_opens_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    real_store(&path);
    let holder = Connection::open(&path).unwrap();
    // What a database browser does when it keeps a write open: nobody else may read.
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE app_setting SET value = value;").unwrap();
    refused("locked", &path, "locked", "Thử lại");
    holder.execute_batch("COMMIT; PRAGMA locking_mode = NORMAL; SELECT count(*) FROM unit;").unwrap();
    drop(holder);
    assert!(Store::open(&path).is_ok(), "the retry succeeds once the other program lets go");
}

#[test]
fn a_store_on_a_read_only_file_system_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _mount) = if is_root() {
        let Some(mount) = Mount::tmpfs(dir.path(), "size=16m") else {
            eprintln!("skipped: this machine does not allow a tmpfs mount");
            return;
        };
        let path = mount.0.join("dondoc.sqlite3");
        real_store(&path);
        assert!(mount.remount_read_only(), "remount read-only");
        (path, Some(mount))
    } else {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join("dondoc.sqlite3");
        real_store(&path);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
        (path, None)
    };
    refused("read-only", &path, "read_only", "quyền ghi");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_new_store_on_a_full_disk_says_so_and_leaves_nothing_behind() {
    if !is_root() {
        eprintln!("skipped: a full disk needs a small tmpfs, which needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(dir.path(), "size=96k") else {
        eprintln!("skipped: this machine does not allow a tmpfs mount");
        return;
    };
    let path = mount.0.join("dondoc.sqlite3");
    let err = Store::open(&path).map(|_| ()).unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err} ({:?})", err.detail());
    assert!(err.to_string().contains("đã đầy"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&mount.0).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "nothing is left on the full disk: {left:?}");
}

#[test]
fn stores_made_before_the_marker_are_recognised_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let (path, conn) = super::older_store(dir.path(), 10);
    drop(conn);
    let app: i32 = Connection::open(&path).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, 0, "an older store has no marker");
    let s = Store::open(&path).unwrap();
    let app: i32 = s.conn().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, db::APPLICATION_ID);
    let version: i64 = s.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, db::schema_version());
}

#[test]
fn a_blank_sqlite_file_becomes_a_store_and_a_new_one_is_moved_in_whole() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.sqlite3");
    foreign_db(&blank, "PRAGMA user_version = 0;");
    assert_eq!(Store::open(&blank).unwrap().units().unwrap().len(), 30);

    let fresh = dir.path().join("sub/dondoc.sqlite3");
    let s = Store::open(&fresh).unwrap();
    let app: i32 = s.conn().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, db::APPLICATION_ID);
    assert_eq!(s.units().unwrap().len(), 30, "seeded before it was moved in");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("sub")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| n.starts_with("dondoc.sqlite3")), "no temporary file left: {names:?}");
}

#[test]
fn a_backup_hook_runs_before_migrating_and_can_stop_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, conn) = super::older_store(dir.path(), 10);
    drop(conn);
    let seen = std::cell::Cell::new(None);
    let refuse = |c: &Connection, from: i64| {
        let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        seen.set(Some((from, v)));
        Err(dondoc_core::CoreError::Conflict("Không sao lưu được".into()))
    };
    let err = Store::open_with(&path, &db::OpenOptions { before_migration: Some(&refuse), ..Default::default() }).map(|_| ()).unwrap_err();
    assert_eq!(err.to_string(), "Không sao lưu được");
    assert_eq!(seen.get(), Some((10, 10)), "called at the old version, before any migration");
    let v: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 10, "a failed backup stops the migration");
    let fine = |_: &Connection, _: i64| Ok(());
    Store::open_with(&path, &db::OpenOptions { before_migration: Some(&fine), ..Default::default() }).unwrap();
}

/// After a checkpoint that readers cut short (the portal's lists and the window reading
/// while units tick), the store file's first page may already count pages that are still
/// only in the WAL beside it, so the file is shorter than its header says. That store is
/// sound (SQLite reads those pages from the WAL) and must open, with its data; without a
/// WAL, the same shortfall is a truncated file and is refused (see the hostile files).
#[test]
fn a_store_whose_newest_pages_are_still_in_its_wal_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (live, copy) = (dir.path().join("live.sqlite3"), dir.path().join("copy.sqlite3"));
    real_store(&live);
    let conn = Connection::open(&live).unwrap();
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
    for i in 0..300 {
        conn.execute("INSERT INTO app_setting (key, value) VALUES (?1, ?2)", rusqlite::params![format!("thu-{i}"), "số hóa hồ sơ ".repeat(200)]).unwrap();
    }
    let pages: u32 = conn.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    // The files as a crash would leave them, the connection still open: the new pages in the WAL.
    std::fs::copy(&live, &copy).unwrap();
    std::fs::copy(dir.path().join("live.sqlite3-wal"), dir.path().join("copy.sqlite3-wal")).unwrap();
    drop(conn);
    // Page 1 backfilled with the newest page count, the pages after it not yet.
    let mut bytes = std::fs::read(&copy).unwrap();
    let page_size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    assert!(
        bytes.len() < pages as usize * page_size,
        "the test needs a file shorter than the store: {} pages in the file, {pages} in all",
        bytes.len() / page_size
    );
    bytes[28..32].copy_from_slice(&pages.to_be_bytes());
    std::fs::write(&copy, &bytes).unwrap();

    let s = Store::open(&copy).unwrap_or_else(|e| panic!("a sound store with its WAL is refused: {e} ({:?})", e.detail()));
    let kept: i64 = s.conn().query_row("SELECT count(*) FROM app_setting WHERE key LIKE 'thu-%'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 300, "every row written before the crash is there");
    let check: String = s.conn().query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}
