//! The CLI as the office runs it: the real binary on a temporary store.

mod common;

use common::{cli, ok};
use std::path::Path;

use serde_json::Value;

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
            &dondoc_core::rules::conference::ConferenceInput {
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
    assert_eq!(
        keys,
        [
            "unit",
            "total",
            "done_on_time",
            "done_late",
            "done_no_deadline",
            "in_progress",
            "open_no_deadline",
            "overdue",
            "target_missed",
            "cancelled",
            "coordinating"
        ]
    );
    assert_eq!(
        (ha["total"].as_i64(), ha["done_on_time"].as_i64(), ha["in_progress"].as_i64(), ha["open_no_deadline"].as_i64()),
        (Some(3), Some(1), Some(1), Some(1))
    );
    let bad = cli(&db, &["tasks", "list", "--json", "--status", "xong"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// `--unit` takes a code, a group, a name or an alias, folded like the search; `tasks add`
/// creates a recurring task given on a past date, and `tasks list --json` names its periods.
#[test]
fn units_by_name_or_group_and_recurring_tasks_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.sqlite3");
    let add = |extra: &[&str]| -> Value {
        let mut args = vec!["tasks", "add", "--title", "Báo cáo vi phạm đất đai", "--source", "CV số 45/UBND-VP"];
        args.extend_from_slice(extra);
        serde_json::from_str(&ok(cli(&db, &args))).unwrap()
    };
    // Given on 10/02/2023, due before the 20th of every month: every month since exists.
    let recurring = add(&["--unit", "my thinh", "--unit", "Phòng TN&MT", "--given-on", "2023-02-10", "--recurrence", "monthly:20"]);
    assert!(recurring["task_id"].as_i64().is_some());
    let one_off = add(&["--unit", "@communes", "--deadline", "2023-02-28", "--given-on", "10/02/2023"]);
    assert!(one_off["task_id"].as_i64().is_some());

    let list = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["tasks", "list", "--json"];
        all.extend_from_slice(args);
        serde_json::from_str::<Value>(&ok(cli(&db, &all))).unwrap().as_array().unwrap().clone()
    };
    let thinh = list(&["--unit", "UBND xã Mỹ Thịnh", "--at", "2023-04-05"]);
    let rows: Vec<(Option<&str>, Option<&str>, &str)> =
        thinh.iter().map(|r| (r["period"].as_str(), r["deadline"].as_str(), r["status"].as_str().unwrap())).collect();
    assert_eq!(
        rows,
        [
            (Some("2023-02"), Some("2023-02-20"), "overdue"),
            (None, Some("2023-02-28"), "overdue"),
            (Some("2023-03"), Some("2023-03-20"), "overdue"),
            (Some("2023-04"), Some("2023-04-20"), "in_progress"),
        ],
        "as of 05/04/2023, and nothing from May on"
    );
    for key in ["id", "task_id", "unit", "title", "deadline", "status", "state", "completed_on", "reported_value", "conference_id", "period"] {
        assert!(thinh[0].get(key).is_some(), "{key} in {}", thinh[0]);
    }
    assert!(thinh[1]["period"].is_null(), "a one-off part has no period");
    assert_eq!(list(&["--unit", "xa-my-thinh", "--at", "2023-04-05"]), thinh, "the code finds the same unit");
    assert_eq!(list(&["--unit", "@communes", "--at", "2023-02-15"]).len(), 12, "11 communes' parts and Mỹ Thịnh's February");
    assert!(list(&["--unit", "my thinh", "--at", "2023-02-09"]).is_empty(), "nothing was given before 10/02/2023");

    let stats: Vec<Value> =
        serde_json::from_str::<Value>(&ok(cli(&db, &["stats", "--json", "--at", "2023-04-05", "--unit", "@communes"]))).unwrap().as_array().unwrap().clone();
    assert_eq!(stats.len(), 11, "only the communes");
    let thinh_stats = stats.iter().find(|u| u["unit"] == "xa-my-thinh").unwrap();
    assert_eq!((thinh_stats["total"].as_i64(), thinh_stats["overdue"].as_i64(), thinh_stats["in_progress"].as_i64()), (Some(4), Some(3), Some(1)));
    let one: Vec<Value> =
        serde_json::from_str::<Value>(&ok(cli(&db, &["stats", "--json", "--at", "2023-04-05", "--unit", "phong tn mt"]))).unwrap().as_array().unwrap().clone();
    assert_eq!((one.len(), one[0]["unit"].as_str(), one[0]["total"].as_i64()), (1, Some("phong-tnmt"), Some(3)));

    for (args, says) in [
        (vec!["tasks", "list", "--unit", "my thinhh"], "Không tìm thấy đơn vị “my thinhh”"),
        (vec!["stats", "--unit", "@xa"], "Không có nhóm đơn vị “@xa”"),
        (vec!["tasks", "add", "--title", "x", "--source", "y", "--unit", "my ha", "--recurrence", "monthly:32"], "Chu kỳ lặp “monthly:32” không hợp lệ"),
        (vec!["tasks", "add", "--title", "x", "--source", "y", "--unit", "my ha", "--given-on", "2099-01-01"], "Ngày giao 01/01/2099 ở tương lai"),
        (vec!["tasks", "add", "--title", "x", "--source", "y", "--unit", "my ha", "--given-on", "2999-01-01"], "nằm ngoài khoảng cho phép"),
    ] {
        let out = cli(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
