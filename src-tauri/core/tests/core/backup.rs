//! Backups and restore on real files: the store, its evidence folder and the zips.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dondoc_core::backup::{self, Reason};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{db, export, ErrorCode, Store};
use rusqlite::Connection;
use serde_json::Value;

use crate::{ctx, group, unit};

/// An office folder: the store, its evidence folder beside it, backups in `backups/`.
struct Office {
    _dir: tempfile::TempDir,
    store: PathBuf,
    evidence: PathBuf,
    backups: PathBuf,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("dondoc.sqlite3");
        Office { evidence: backup::evidence_dir_for(&store), backups: backup::default_dir_for(&store), store, _dir: dir }
    }

    /// The office with a conference, a task for the 11 communes, two parts done, three
    /// evidence files.
    fn with_work() -> Office {
        let o = Office::new();
        let mut s = Store::open(&o.store).unwrap();
        let conf = s
            .create_conference(
                &ctx(),
                &ConferenceInput { title: "Hội nghị CCHC".into(), starts_at: "06/02/2023 08:00".into(), format: "online".into(), ..Default::default() },
            )
            .unwrap();
        let dir = s.add_directive(conf, "Đăng ký thi đua").unwrap();
        let task = TaskInput {
            directive_id: Some(dir),
            title: "Đăng ký chỉ tiêu thi đua".into(),
            deadline: Some("28/02/2023".into()),
            lead_group_ids: vec![group(&s, "communes")],
            ..Default::default()
        };
        let t = s.create_task(&ctx(), &task).unwrap();
        let part = |s: &Store, code: &str| -> i64 {
            s.conn().query_row("SELECT id FROM assignment WHERE task_id = ?1 AND unit_id = ?2", [t, unit(s, code)], |r| r.get(0)).unwrap()
        };
        let (ha, thinh) = (part(&s, "xa-my-ha"), part(&s, "xa-my-thinh"));
        for a in [ha, thinh] {
            s.complete_assignment(&ctx(), a, &Completion { completed_on: "20/02/2023".into(), note: Some("Đã gửi".into()), reported_value: None }).unwrap();
        }
        s.attach_evidence(&ctx(), &o.evidence, ha, "Báo cáo Mỹ Hà.pdf", b"%PDF-1.4 bao cao my ha").unwrap();
        s.attach_evidence(&ctx(), &o.evidence, ha, "ảnh hội nghị.jpg", &vec![0xFFu8; 300_000]).unwrap();
        s.attach_evidence(&ctx(), &o.evidence, thinh, "Biên bản.docx", b"PK bien ban").unwrap();
        o
    }

    fn export(&self) -> Value {
        export::export(Store::open(&self.store).unwrap().conn()).unwrap()
    }

    fn take(&self, now: DateTime<Utc>, reason: Reason) -> backup::BackupInfo {
        let conn = backup::open_source(&self.store).unwrap();
        backup::take(&conn, &self.evidence, &self.backups, now, reason).unwrap()
    }

    fn restore(&self, zip: &Path) -> dondoc_core::Result<backup::RestoreOutcome> {
        backup::restore(&self.store, &self.evidence, zip, &self.backups, at(2023, 3, 1, 9))
    }

    /// Every file under the folder holding the store, with its bytes.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(self.store.parent().unwrap())
    }
}

fn files_under(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// `h`:00 office time on the given day.
fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap() - Duration::hours(7)
}

/// Overwrites `len` bytes at `offset` of `path` with garbage.
fn scribble(path: &Path, offset: u64, len: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(&vec![0x5A; len]).unwrap();
}

#[test]
fn a_damaged_store_and_a_lost_evidence_file_come_back_from_the_backup() {
    for damage in ["pages in the middle", "truncated"] {
        let o = Office::with_work();
        let before = o.export();
        let evidence = files_under(&o.evidence);
        assert_eq!(evidence.len(), 3);
        let b = o.take(at(2023, 2, 27, 17), Reason::Manual);
        assert_eq!((b.reason, b.assignments, b.evidence_files, b.schema_version), (Reason::Manual, 11, 3, db::schema_version()));
        assert_eq!(b.file_name, "dondoc-20230227-170000-manual.zip", "named in office time");

        let len = std::fs::metadata(&o.store).unwrap().len();
        match damage {
            "truncated" => std::fs::OpenOptions::new().write(true).open(&o.store).unwrap().set_len(len / 2).unwrap(),
            _ => scribble(&o.store, len / 2 / 4096 * 4096, 3 * 4096),
        }
        std::fs::remove_file(o.evidence.join(evidence.keys().next().unwrap())).unwrap();

        let out = o.restore(&b.path).unwrap();
        assert!(out.safety_backup.is_none(), "{damage}: a damaged store is not backed up");
        let aside = out.damaged_store.expect("the damaged store is kept aside");
        assert!(aside.file_name().unwrap().to_str().unwrap().starts_with("dondoc.sqlite3.damaged-"), "{aside:?}");
        assert!(aside.exists(), "{damage}: never deleted");
        assert_eq!(out.schema_version, db::schema_version());
        assert_eq!(o.export(), before, "{damage}: the same store as before");
        assert_eq!(files_under(&o.evidence), evidence, "{damage}: the same evidence files, byte for byte");
        let previous = out.previous_evidence.expect("the damaged store's evidence is kept, no backup holds it");
        assert!(previous.is_dir());
        // The same again within the same second: what the first restore set aside stays.
        std::fs::OpenOptions::new().write(true).open(&o.store).unwrap().set_len(len / 3).unwrap();
        let again = o.restore(&b.path).unwrap();
        assert_ne!(again.damaged_store.as_ref(), Some(&aside));
        assert_ne!(again.previous_evidence.as_ref(), Some(&previous));
        assert!(aside.exists() && previous.is_dir() && again.damaged_store.unwrap().exists());
        assert_eq!((o.export(), files_under(&o.evidence)), (before.clone(), evidence.clone()));
        let leftovers: Vec<_> = o.files().into_keys().filter(|k| k.starts_with('.') || k.contains("/.")).collect();
        assert!(leftovers.is_empty(), "no temporary left: {leftovers:?}");
    }
}

#[test]
fn restoring_over_a_healthy_store_backs_it_up_first_and_that_backup_restores_it() {
    let o = Office::with_work();
    let b = o.take(at(2023, 2, 27, 17), Reason::Daily);
    let (before, evidence) = (o.export(), files_under(&o.evidence));
    // Work done after the backup: another part done, another file.
    {
        let mut s = Store::open(&o.store).unwrap();
        let a: i64 = s.conn().query_row("SELECT min(id) FROM assignment WHERE state != 'done'", [], |r| r.get(0)).unwrap();
        s.complete_assignment(&ctx(), a, &Completion { completed_on: "27/02/2023".into(), note: None, reported_value: None }).unwrap();
        s.attach_evidence(&ctx(), &o.evidence, a, "Sau sao lưu.pdf", b"later").unwrap();
    }
    let (later, later_evidence) = (o.export(), files_under(&o.evidence));

    let out = o.restore(&b.path).unwrap();
    assert_eq!((o.export(), files_under(&o.evidence)), (before, evidence));
    let safety = out.safety_backup.expect("a backup of the store it replaced");
    assert_eq!((safety.reason, safety.evidence_files), (Reason::BeforeRestore, 4));
    assert!(out.damaged_store.is_none() && out.previous_evidence.is_none(), "the old evidence is in the safety backup");

    o.restore(&safety.path).unwrap();
    assert_eq!((o.export(), files_under(&o.evidence)), (later, later_evidence), "undoing the restore gives back the later work");
}

/// A store at schema 8 with one task and its part, written as that version wrote them.
fn schema_8_store(path: &Path) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    db::migrations().to_version(&mut conn, 8).unwrap();
    conn.execute_batch(
        "INSERT INTO unit (id, code, name, short_name, kind, position) VALUES (1, 'xa-my-ha', 'UBND xã Mỹ Hà', 'Mỹ Hà', 'commune', 1);
         INSERT INTO task (id, source_ref, title, deadline, created_at, updated_at)
             VALUES (1, 'TB số 12/TB-UBND', 'Rà soát hồ sơ đất đai', '2023-03-31', '2023-02-01T01:00:00Z', '2023-02-01T01:00:00Z');
         INSERT INTO assignment (task_id, unit_id, deadline, created_at, updated_at)
             VALUES (1, 1, '2023-03-31', '2023-02-01T01:00:00Z', '2023-02-01T01:00:00Z');",
    )
    .unwrap();
    conn
}

#[test]
fn a_backup_from_an_older_schema_restores_and_is_migrated_with_its_rows() {
    let old = Office::new();
    let conn = schema_8_store(&old.store);
    let b = backup::take(&conn, &old.evidence, &old.backups, at(2023, 2, 27, 7), Reason::BeforeMigration).unwrap();
    assert_eq!((b.schema_version, b.assignments, b.evidence_files), (8, 1, 0), "taken before migrating: schema 8 as it was");
    drop(conn);

    let o = Office::with_work();
    let out = o.restore(&b.path).unwrap();
    assert_eq!(out.schema_version, db::schema_version(), "migrated on reopening");
    let s = Store::open(&o.store).unwrap();
    let version: i64 = s.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let (title, parts, given): (String, i64, Option<String>) =
        s.conn().query_row("SELECT t.title, (SELECT count(*) FROM assignment), t.given_on FROM task t", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!((version, title.as_str(), parts), (db::schema_version(), "Rà soát hồ sơ đất đai", 1));
    assert!(given.is_some(), "migration 11 gave the old task its given date");
    assert!(files_under(&o.evidence).is_empty(), "the backup had no evidence");
}

#[test]
fn a_bad_backup_is_refused_and_the_current_store_is_left_byte_for_byte() {
    let o = Office::with_work();
    let good = o.take(at(2023, 2, 27, 17), Reason::Manual);
    let dir = o.backups.clone();
    let bytes = std::fs::read(&good.path).unwrap();

    // A backup whose zip is damaged in the middle (the database entry).
    let torn = dir.join("torn.zip");
    let mut b = bytes.clone();
    let mid = b.len() / 2;
    b[mid..mid + 64].fill(0x00);
    std::fs::write(&torn, b).unwrap();
    // A backup from a newer version.
    let newer = {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE assignment (id INTEGER PRIMARY KEY); PRAGMA user_version = 99;").unwrap();
        backup::take(&conn, &o.evidence, &dir, at(2023, 2, 27, 18), Reason::Manual).unwrap().path
    };
    // A backup of a store that was already damaged: the zip is sound, the database is not.
    // One row's text changed in place: the file still reads, its index no longer matches.
    let rotten = {
        let copy = dir.join("rotten.sqlite3");
        let conn = Connection::open(&copy).unwrap();
        conn.execute_batch(
            "CREATE TABLE assignment (id INTEGER PRIMARY KEY); INSERT INTO assignment DEFAULT VALUES;
                            CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT); CREATE INDEX audit_note ON audit(note); BEGIN;",
        )
        .unwrap();
        for i in 0..2000 {
            conn.execute("INSERT INTO audit (note) VALUES (?1)", [format!("thay doi {i:04} {}", "x".repeat(100))]).unwrap();
        }
        conn.execute_batch("COMMIT").unwrap();
        drop(conn);
        let mut bytes = std::fs::read(&copy).unwrap();
        let row = bytes.windows(15).position(|w| w == b"thay doi 1000 x").expect("the row is in the file");
        bytes[row + 14] = b'y';
        std::fs::write(&copy, bytes).unwrap();
        let conn = backup::open_source(&copy).unwrap();
        backup::take(&conn, &o.evidence, &dir, at(2023, 2, 27, 19), Reason::Manual).unwrap().path
    };
    let random = dir.join("random.zip");
    std::fs::write(&random, (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>()).unwrap();
    let foreign = dir.join("photos.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&foreign).unwrap());
        z.start_file("anh.jpg", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, b"not a backup").unwrap();
        z.finish().unwrap();
    }

    let before = o.files();
    for (zip, says) in [
        (&torn, "Bản sao lưu bị hỏng"),
        (&newer, "Bản sao lưu được tạo bởi phiên bản Đôn đốc mới hơn (lược đồ 99"),
        (&rotten, "Bản sao lưu bị hỏng (row"),
        (&random, "Tệp này không phải bản sao lưu Đôn đốc"),
        (&foreign, "Tệp này không phải bản sao lưu Đôn đốc"),
    ] {
        let err = backup::verify(zip, o.backups.as_path()).unwrap_err();
        assert!(err.to_string().starts_with(says), "{zip:?}: {err}");
        assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("backup")));
        let err = o.restore(zip).unwrap_err();
        assert!(err.to_string().starts_with(says), "{zip:?}: {err}");
        assert_eq!(o.files(), before, "{zip:?}: nothing touched, no temporary left");
    }
    o.restore(&good.path).unwrap();
}

#[test]
fn restore_refuses_while_another_program_has_the_store_open() {
    let o = Office::with_work();
    let b = o.take(at(2023, 2, 27, 17), Reason::Manual);
    let window = Store::open(&o.store).unwrap();
    let before = std::fs::read(&o.store).unwrap();
    let err = o.restore(&b.path).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("đang được một chương trình khác mở"), "{err}");
    assert_eq!(std::fs::read(&o.store).unwrap(), before);
    drop(window);
    o.restore(&b.path).unwrap();
}

#[test]
fn the_backup_is_one_snapshot_while_another_connection_commits() {
    let o = Office::new();
    let writer = db::open(&o.store).unwrap();
    writer.execute_batch("CREATE TABLE probe (n INTEGER); CREATE TABLE probe_total (n INTEGER); INSERT INTO probe_total VALUES (0);").unwrap();
    let commit = |conn: &Connection| {
        conn.execute_batch("BEGIN; INSERT INTO probe VALUES (random()); UPDATE probe_total SET n = n + 1; COMMIT;").unwrap();
    };
    // Committed before the backup starts, still in the WAL (nothing checkpoints it).
    for _ in 0..500 {
        commit(&writer);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let busy = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                commit(&writer);
                n += 1;
            }
            n
        })
    };
    let reader = db::open(&o.store).unwrap();
    let b = backup::take(&reader, &o.evidence, &o.backups, at(2023, 2, 27, 17), Reason::Manual).unwrap();
    stop.store(true, Ordering::Relaxed);
    let during = busy.join().unwrap();

    let v = backup::verify(&b.path, &o.backups).unwrap();
    let copy = Connection::open(v.database_path()).unwrap();
    let (rows, total): (i64, i64) =
        copy.query_row("SELECT (SELECT count(*) FROM probe), (SELECT n FROM probe_total)", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert!(rows >= 500, "every commit before the backup is in it, WAL included: {rows}");
    assert_eq!(rows, total, "one snapshot: no commit half in ({during} commits ran alongside)");
}

#[test]
fn list_shows_backups_newest_first_and_prune_keeps_7_days_4_weeks_12_months() {
    let o = Office::new();
    let conn = db::open(&o.store).unwrap();
    for day in 1..=20 {
        backup::take(&conn, &o.evidence, &o.backups, at(2023, 1, day, 8), Reason::Daily).unwrap();
    }
    let twice = backup::take(&conn, &o.evidence, &o.backups, at(2023, 1, 20, 8), Reason::Daily).unwrap();
    assert_eq!(twice.file_name, "dondoc-20230120-080000-daily-2.zip", "same second, same reason: a second name");
    std::fs::remove_file(&twice.path).unwrap();
    std::fs::write(o.backups.join("ghi-chu.txt"), "của văn phòng").unwrap();
    std::fs::write(o.backups.join(".dondoc-backup-x1y2.part"), "half written").unwrap();
    std::fs::write(o.backups.join("dondoc-20221231-080000-daily.zip"), "not a zip").unwrap();
    std::fs::create_dir(o.backups.join("dondoc-20221230-080000-daily.zip")).unwrap();

    let listed = backup::list(&o.backups).unwrap();
    assert_eq!(listed.len(), 21, "20 backups and the damaged one; no temporary, no foreign file, no folder");
    assert_eq!(listed[0].file_name, "dondoc-20230120-080000-daily.zip");
    assert_eq!((listed[0].taken_at.as_str(), listed[0].reason_label), ("2023-01-20T01:00:00Z", "Sao lưu hằng ngày"));
    let broken = listed.last().unwrap();
    assert_eq!(broken.file_name, "dondoc-20221231-080000-daily.zip");
    assert_eq!(broken.problem.as_deref(), Some("Tệp này không phải bản sao lưu Đôn đốc."));
    assert!(listed[..20].iter().all(|b| b.problem.is_none() && b.schema_version == db::schema_version()));
    let json = serde_json::to_value(&listed[0]).unwrap();
    for key in ["path", "fileName", "takenAt", "reason", "reasonLabel", "sizeBytes", "assignments", "schemaVersion", "evidenceFiles", "problem"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["reason"], "daily");

    let deleted = backup::prune(&o.backups, at(2023, 1, 20, 8)).unwrap();
    assert_eq!(deleted.len(), 11);
    let mut left: Vec<String> = backup::list(&o.backups).unwrap().into_iter().map(|b| b.file_name[7..15].to_string()).collect();
    left.sort();
    // Weeks of Sunday 01/01, 08/01, 15/01 (and this one), the last 7 days, and the damaged file.
    assert_eq!(left, ["20221231", "20230101", "20230108", "20230114", "20230115", "20230116", "20230117", "20230118", "20230119", "20230120"]);
    for kept in ["ghi-chu.txt", ".dondoc-backup-x1y2.part", "dondoc-20221230-080000-daily.zip"] {
        assert!(o.backups.join(kept).exists(), "{kept} is not ours to delete");
    }
}

#[test]
fn a_backup_never_overwrites_a_file_and_an_unwritable_folder_says_where() {
    let o = Office::with_work();
    let conn = backup::open_source(&o.store).unwrap();
    let out = o.backups.join("mine.zip");
    std::fs::create_dir_all(&o.backups).unwrap();
    std::fs::write(&out, "keep me").unwrap();
    let err = backup::take_to(&conn, &o.evidence, &out, at(2023, 2, 27, 17), Reason::Manual).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("out")));
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");

    let file_in_the_way = o.backups.join("usb");
    std::fs::write(&file_in_the_way, "").unwrap();
    let err = backup::take(&conn, &o.evidence, &file_in_the_way.join("backups"), at(2023, 2, 27, 17), Reason::Daily).unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(err.to_string().contains("thư mục sao lưu") && err.to_string().contains("usb"), "{err}");
    assert!(backup::open_source(&o.store.with_file_name("none.sqlite3")).is_err(), "never creates a store to back up");
}
