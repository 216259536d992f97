//! `backup`, `backup list` and `restore` as the office runs them: the real binary on a
//! temporary store with evidence files.

mod common;

use common::{cli, ok};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{backup, Ctx, Store};
use serde_json::Value;

fn json(out: Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn evidence(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for part in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(part.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            out.insert(path.strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap());
        }
    }
    out
}

/// A store with a task for the 11 communes, one part done with two evidence files.
fn office(db: &Path) {
    let mut s = Store::open(db).unwrap();
    let ctx = Ctx::new(chrono::Utc::now(), "test");
    let conf = s
        .create_conference(
            &ctx,
            &ConferenceInput { title: "Giao ban tháng 2".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Đăng ký thi đua").unwrap();
    let communes = dondoc_core::queries::units::list_groups(s.conn()).unwrap().into_iter().find(|g| g.code == "communes").unwrap().id;
    let t = s
        .create_task(&ctx, &TaskInput { directive_id: Some(dir), title: "Đăng ký chỉ tiêu".into(), lead_group_ids: vec![communes], ..Default::default() })
        .unwrap();
    let a: i64 = s.conn().query_row("SELECT min(id) FROM assignment WHERE task_id = ?1", [t], |r| r.get(0)).unwrap();
    s.complete_assignment(&ctx, a, &Completion { completed_on: "20/02/2023".into(), note: None, reported_value: None }).unwrap();
    let root = backup::evidence_dir_for(db);
    s.attach_evidence(&ctx, &root, a, "Báo cáo.pdf", b"%PDF-1.4 bao cao").unwrap();
    s.attach_evidence(&ctx, &root, a, "Ảnh.jpg", &[7u8; 10_000]).unwrap();
}

#[test]
fn backup_then_restore_a_damaged_store_and_list_the_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dondoc.sqlite3");
    let root = backup::evidence_dir_for(&db);
    office(&db);
    let before = ok(cli(&db, &["export", "--json"]));
    let files = evidence(&root);
    assert_eq!(files.len(), 2);

    let file = dir.path().join("usb/ban-sao-luu.zip");
    let info = json(cli(&db, &["backup", "--out", file.to_str().unwrap(), "--json"]));
    assert_eq!(
        (&info["path"], &info["reason"], &info["assignments"], &info["evidenceFiles"]),
        (&Value::from(file.to_str().unwrap()), &Value::from("manual"), &Value::from(11), &Value::from(2))
    );
    let again = cli(&db, &["backup", "--out", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "an existing file is never overwritten");
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có"));

    // Without --out: into `backups/` beside the store, path and figures printed.
    let text = ok(cli(&db, &["backup"]));
    let mut lines = text.lines();
    let default = lines.next().unwrap();
    assert!(Path::new(default).starts_with(dir.path().join("backups")) && default.ends_with("-manual.zip"), "{text}");
    assert_eq!(lines.next().unwrap(), "11 phần việc, 2 tệp minh chứng, lược đồ 12, 0.0 MB".replace("12", &dondoc_core::db::schema_version().to_string()));

    // The store is damaged and an evidence file lost.
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&db).unwrap().set_len(len / 3).unwrap();
    std::fs::remove_file(root.join(files.keys().next().unwrap())).unwrap();
    let out = cli(&db, &["restore", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("bị hỏng, được giữ lại"), "{}", String::from_utf8_lossy(&out.stderr));
    ok(out);
    assert_eq!(ok(cli(&db, &["export", "--json"])), before, "the same export as before the damage");
    assert_eq!(evidence(&root), files, "the same evidence files, byte for byte");

    // Restoring over a healthy store backs it up first; the list shows it, newest first.
    let out = json(cli(&db, &["restore", file.to_str().unwrap(), "--json"]));
    assert_eq!(out["safetyBackup"]["reason"], "before-restore");
    let listed = json(cli(&db, &["backup", "list", "--json"]));
    // Both were taken within this test's few seconds, maybe the same one: compare as a set.
    let mut reasons: Vec<(&str, &str)> = listed.as_array().unwrap().iter().map(|b| (b["reason"].as_str().unwrap(), b["path"].as_str().unwrap())).collect();
    reasons.sort();
    assert_eq!(reasons.len(), 2, "{listed}");
    assert_eq!((reasons[0].0, reasons[1]), ("before-restore", ("manual", default)));
    assert!(ok(cli(&db, &["backup", "list"])).contains("Trước khi khôi phục"));
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dondoc.sqlite3");
    office(&db);
    let before = std::fs::read(&db).unwrap();
    let notes = dir.path().join("ghi-chu.zip");
    std::fs::write(&notes, "không phải bản sao lưu").unwrap();
    let out = cli(&db, &["restore", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Tệp này không phải bản sao lưu Đôn đốc"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("backups").exists(), "nothing backed up for a restore that did not happen");
    let missing = cli(&dir.path().join("none.sqlite3"), &["backup"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(!dir.path().join("none.sqlite3").exists(), "backing up a missing store does not create one");
}

#[test]
fn import_replace_and_a_migration_each_take_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dondoc.sqlite3");
    office(&db);
    let export = dir.path().join("all.json");
    ok(cli(&db, &["export", "--json", "--out", export.to_str().unwrap()]));
    let listed = |db: &Path| json(cli(db, &["backup", "list", "--json"]));
    assert_eq!(listed(&db).as_array().unwrap().len(), 0);

    // import --replace: the store as it was is in a backup before anything is deleted.
    ok(cli(&db, &["import", "--json", export.to_str().unwrap(), "--replace"]));
    let after_import = listed(&db);
    assert_eq!(after_import.as_array().unwrap().len(), 1);
    assert_eq!(after_import[0]["reason"], "before-import");
    assert_eq!(after_import[0]["assignments"], 11);

    // A store left at schema 10 by an older Đôn đốc: backed up at 10, then migrated.
    let old = dir.path().join("old/dondoc.sqlite3");
    std::fs::create_dir_all(old.parent().unwrap()).unwrap();
    {
        let mut conn = rusqlite::Connection::open(&old).unwrap();
        dondoc_core::db::migrations().to_version(&mut conn, 10).unwrap();
    }
    ok(cli(&old, &["units", "list", "--json"]));
    let before = listed(&old);
    assert_eq!(before.as_array().unwrap().len(), 1, "{before}");
    assert_eq!((before[0]["reason"].as_str(), before[0]["schemaVersion"].as_i64()), (Some("before-migration"), Some(10)));
    let version: i64 = rusqlite::Connection::open(&old).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, dondoc_core::db::schema_version());
}
