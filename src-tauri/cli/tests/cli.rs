//! The CLI as the office runs it: the real binary on a temporary store.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DONDOC_DB")
        .output()
        .expect("run dondoc-cli")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn registry_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/data/units-myloc.json")
}

#[test]
fn units_import_list_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(cli(&db, &["units", "import", registry_file().to_str().unwrap()]));
    let units: Value = serde_json::from_str(&ok(cli(&db, &["units", "list", "--json"]))).unwrap();
    let units = units.as_array().unwrap();
    assert_eq!(units.len(), 30, "the file's 29 and the district's own unit");
    assert_eq!((&units[0]["code"], &units[0]["kind"]), (&Value::from("ubnd-huyen"), &Value::from("district")));
    assert_eq!(units[2]["code"], "xa-my-ha");
    assert_eq!(units[2]["name"], "UBND xã Mỹ Hà");
    assert_eq!(units[2]["shortName"], "Mỹ Hà");
    assert_eq!(units[2]["kind"], "commune");
    assert_eq!(units[2]["active"], true);

    let exported: Value = serde_json::from_str(&ok(cli(&db, &["units", "export"]))).unwrap();
    let original: Value = serde_json::from_str(&std::fs::read_to_string(registry_file()).unwrap()).unwrap();
    assert_eq!(exported, original, "export gives back the units.json format exactly");
}

#[test]
fn export_and_import_whole_store() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite3");
    let b = dir.path().join("b.sqlite3");
    let file = dir.path().join("all.json");
    ok(cli(&a, &["export", "--json", "--out", file.to_str().unwrap()]));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], "dondoc-export");
    assert_eq!(doc["schemaVersion"], dondoc_core::db::schema_version());
    assert_eq!(doc["tables"]["unit"].as_array().unwrap().len(), 30, "29 and the district's own");

    ok(cli(&b, &["import", "--json", file.to_str().unwrap()]));
    let again: Value = serde_json::from_str(&ok(cli(&b, &["export", "--json"]))).unwrap();
    assert_eq!(again, doc);
}

#[test]
fn import_refuses_a_store_with_work_and_says_so_in_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("busy.sqlite3");
    // Put some work in the store through the core, as the window would.
    {
        let mut s = dondoc_core::Store::open(&db).unwrap();
        let ctx = dondoc_core::Ctx::new(chrono::Utc::now(), "test");
        s.create_conference(
            &ctx,
            &dondoc_core::queries::conferences::ConferenceInput {
                title: "Giao ban".into(),
                starts_at: "06/02/2023 08:00".into(),
                format: "in_person".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let file = dir.path().join("all.json");
    ok(cli(&db, &["export", "--json", "--out", file.to_str().unwrap()]));
    let out = cli(&db, &["import", "--json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("đã có dữ liệu") && err.contains("--replace"), "{err}");
    ok(cli(&db, &["import", "--json", file.to_str().unwrap(), "--replace"]));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"khác\"}").unwrap();
    let out = cli(&db, &["import", "--json", bad.to_str().unwrap(), "--replace"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải bản xuất"));
    let count: Value = serde_json::from_str(&ok(cli(&db, &["export", "--json"]))).unwrap();
    assert_eq!(count["tables"]["conference"].as_array().unwrap().len(), 1, "a refused import changes nothing");
}

#[test]
fn demo_then_export_shows_the_seed_conference() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    ok(cli(&db, &["demo"]));
    let doc: Value = serde_json::from_str(&ok(cli(&db, &["export", "--json"]))).unwrap();
    let t = &doc["tables"];
    let conf = &t["conference"][0];
    assert!(conf["title"].as_str().unwrap().contains("cải cách hành chính năm 2022"));
    assert_eq!(conf["chair_name"], "Phạm Văn Long");
    assert_eq!(conf["format"], "online");
    assert_eq!(t["conference_site"].as_array().unwrap().len(), 11);
    let leaders: Vec<&str> = t["attendee"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(leaders, ["Phạm Văn Long", "Lê Quang Huy"]);
    let figures = t["conference_figure"].as_array().unwrap();
    assert!(figures.iter().any(|f| f["value"] == 85.65 && f["unit"] == "%"), "{figures:?}");
    assert_eq!(t["directive"].as_array().unwrap().len(), 4);
    assert_eq!(t["task"].as_array().unwrap().len(), 5);
    let out = cli(&db, &["demo"]);
    assert_eq!(out.status.code(), Some(2), "loading twice is refused");
}

#[test]
fn tasks_list_done_and_stats_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite3");
    ok(cli(&db, &["demo"]));
    let list: Value = serde_json::from_str(&ok(cli(&db, &["tasks", "list", "--json", "--unit", "xa-my-ha", "--at", "2023-02-27"]))).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "Mỹ Hà leads the report, the 60% target and the initiative");
    let report = list.iter().find(|r| r["deadline"] == "2023-02-28").unwrap();
    for key in ["id", "task_id", "unit", "title", "deadline", "status"] {
        assert!(report.get(key).is_some(), "{key} in {report}");
    }
    assert_eq!((report["unit"].as_str(), report["status"].as_str()), (Some("xa-my-ha"), Some("in_progress")));

    let id = report["id"].as_i64().unwrap().to_string();
    ok(cli(&db, &["tasks", "done", &id, "--on", "2023-02-20", "--note", "Đã gửi báo cáo"]));
    let after: Value = serde_json::from_str(&ok(cli(&db, &["tasks", "list", "--json", "--status", "done_on_time", "--at", "2023-03-03"]))).unwrap();
    assert_eq!(after.as_array().unwrap().len(), 1);
    let out = cli(&db, &["tasks", "done", &id, "--on", "2023-02-21"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã được đánh dấu hoàn thành"));

    let stats: Value = serde_json::from_str(&ok(cli(&db, &["stats", "--at", "2023-03-03", "--json"]))).unwrap();
    let ha = stats.as_array().unwrap().iter().find(|u| u["unit"] == "xa-my-ha").unwrap();
    let keys: Vec<&String> = ha.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["unit", "total", "done_on_time", "done_late", "done_no_deadline", "in_progress", "open_no_deadline", "overdue", "target_missed", "cancelled"]);
    assert_eq!((ha["total"].as_i64(), ha["done_on_time"].as_i64(), ha["in_progress"].as_i64(), ha["open_no_deadline"].as_i64()), (Some(3), Some(1), Some(1), Some(1)));
    let bad = cli(&db, &["tasks", "list", "--json", "--status", "xong"]);
    assert_eq!(bad.status.code(), Some(2));
}
