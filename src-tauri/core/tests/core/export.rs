//! Whole-store export and import.

use dondoc_core::export;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{ErrorCode, Store};
use serde_json::Value;

use crate::{ctx, group, store};

fn with_work() -> Store {
    let mut s = store();
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Hội nghị CCHC".into(), starts_at: "06/02/2023 08:00".into(), format: "online".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Đăng ký thi đua").unwrap();
    s.create_task(
        &ctx(),
        &TaskInput {
            directive_id: Some(dir),
            title: "Đăng ký chỉ tiêu thi đua".into(),
            deadline: Some("28/02/2023".into()),
            lead_group_ids: vec![group(&s, "communes")],
            ..Default::default()
        },
    )
    .unwrap();
    s
}

#[test]
fn export_then_import_into_an_empty_store_round_trips() {
    let s = with_work();
    let doc = export::export(s.conn()).unwrap();
    assert_eq!(doc["format"], "dondoc-export");
    assert_eq!(doc["tables"]["assignment"].as_array().unwrap().len(), 11);
    assert_eq!(doc["tables"]["conference"][0]["title"], "Hội nghị CCHC", "field names are the schema's column names");

    let mut fresh = store();
    fresh.import_all(&doc, false).unwrap();
    assert_eq!(export::export(fresh.conn()).unwrap(), doc);
}

#[test]
fn import_refuses_a_store_with_work_unless_replacing() {
    let s = with_work();
    let doc = export::export(s.conn()).unwrap();
    let mut other = with_work();
    let err = other.import_all(&doc, false).unwrap_err();
    assert_eq!(err.code(), "conflict");
    other.import_all(&doc, true).unwrap();
    assert_eq!(export::export(other.conn()).unwrap(), doc);
}

#[test]
fn a_broken_document_imports_nothing() {
    let s = with_work();
    let mut doc = export::export(s.conn()).unwrap();
    // The last assignment points to a task that does not exist.
    let rows = doc["tables"]["assignment"].as_array_mut().unwrap();
    let last = rows.len() - 1;
    rows[last]["task_id"] = Value::from(777);
    let mut fresh = store();
    let before = export::export(fresh.conn()).unwrap();
    let err = fresh.import_all(&doc, false).unwrap_err();
    assert_eq!(err.code(), "validation", "{err}");
    assert_eq!(export::export(fresh.conn()).unwrap(), before, "never half-imports");

    let mut wrong = export::export(s.conn()).unwrap();
    wrong["format"] = "something-else".into();
    assert_eq!(fresh.import_all(&wrong, false).unwrap_err().code(), "validation");
    let mut sneaky = export::export(s.conn()).unwrap();
    sneaky["tables"]["unit"][0]["name; DROP TABLE unit"] = "x".into();
    assert!(fresh.import_all(&sneaky, false).unwrap_err().to_string().contains("không có cột"));
}

/// A store with every kind of row the app writes: the demo conference, generated work with
/// recurring and target tasks, evidence, an extension, reminders and notices.
fn rich() -> Store {
    let mut s = store();
    dondoc_devtools::benchdata::generate(s.conn_mut(), 400, 7).unwrap();
    dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    let a: i64 = s.conn().query_row("SELECT min(id) FROM assignment WHERE state <> 'done'", [], |r| r.get(0)).unwrap();
    let root = tempfile::tempdir().unwrap();
    s.attach_evidence(&ctx(), root.path(), a, "Biên bản.pdf", b"%PDF").unwrap();
    s.add_custom_reminder(&ctx(), None, Some(a), "01/03/2023 08:00", Some("Nhắc lại")).unwrap();
    // A unit's extension request from the portal, one waiting and one the office decided.
    let parts: Vec<(i64, i64)> = s
        .conn()
        .prepare("SELECT id, unit_id FROM assignment WHERE state IN ('not_started', 'in_progress') AND deadline < '2030-01-01' ORDER BY id LIMIT 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let now = ctx().now;
    for (i, (part, unit_id)) in parts.into_iter().enumerate() {
        let unit = dondoc_core::portal::Caller::Unit { unit_id, name: "UBND xã Mỹ Hà".into() };
        let request = s.request_extension(&unit, now, part, "31/12/2030", "Chờ số liệu quý").unwrap();
        if i == 1 {
            s.decide_extension_request(&ctx(), request, false, "Chủ tịch UBND huyện", Some("Không đủ căn cứ")).unwrap();
        }
    }
    s
}

#[test]
fn every_row_the_app_writes_passes_the_check() {
    let s = rich();
    let doc = export::export(s.conn()).unwrap();
    let mut fresh = store();
    fresh.import_all(&doc, false).unwrap();
    let back = export::export(fresh.conn()).unwrap();
    // (The conferences' search words are rebuilt from the generated data; the rest reads back as is.)
    assert_eq!(doc["tables"]["extension_request"].as_array().unwrap().len(), 2, "the units' extension requests are exported");
    for t in ["unit", "task", "assignment", "evidence", "custom_reminder", "audit", "reminder_log", "extension_request"] {
        assert_eq!(back["tables"][t], doc["tables"][t], "{t}");
    }
}

/// The import's error for `doc` on a store with work, replacing, and that nothing changed.
fn refused(doc: &Value) -> String {
    let mut s = with_work();
    let before = export::export(s.conn()).unwrap();
    let err = s.import_all(doc, true).unwrap_err();
    assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some("tables")), "{err}");
    assert_eq!(export::export(s.conn()).unwrap(), before, "nothing changed: {err}");
    err.to_string()
}

#[test]
fn the_whole_document_is_checked_before_anything_is_written() {
    let good = export::export(rich().conn()).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut doc = good.clone();
        f(&mut doc);
        refused(&doc)
    };
    let msg = edit(&|d| {
        d["tables"].as_object_mut().unwrap().remove("notice");
    });
    assert!(msg.contains("Thiếu bảng “notice”"), "{msg}");
    let msg = edit(&|d| d["tables"]["assignment"][3]["state"] = "finished".into());
    assert!(msg.contains("Bảng “assignment”, dòng 4: cột “state” có giá trị \"finished\" không hợp lệ"), "{msg}");
    let msg = edit(&|d| d["tables"]["assignment"][0]["deadline"] = "2023-02-30".into());
    assert!(msg.contains("Bảng “assignment”, dòng 1: cột “deadline” có ngày “2023-02-30” không hợp lệ"), "{msg}");
    let msg = edit(&|d| d["tables"]["task"][0]["deadline"] = "0001-01-01".into());
    assert!(msg.contains("có ngày “0001-01-01”"), "{msg}");
    let msg = edit(&|d| d["tables"]["assignment"][1]["reported_value"] = 1e308.into());
    assert!(msg.contains("vượt quá giới hạn"), "{msg}");
    let msg = edit(&|d| d["tables"]["evidence"][0]["added_at"] = "hôm qua".into());
    assert!(msg.contains("Bảng “evidence”, dòng 1: cột “added_at” có thời điểm “hôm qua” không hợp lệ"), "{msg}");
    let msg = edit(&|d| d["tables"]["assignment"][2]["unit_id"] = 4242.into());
    assert!(msg.contains("Bảng “assignment”, dòng 3: cột “unit_id” trỏ tới id 4242 không có trong bảng “unit”"), "{msg}");
    let msg = edit(&|d| d["tables"]["task"][0]["title"] = 12.into());
    assert!(msg.contains("cột “title” có giá trị 12 không đúng kiểu"), "{msg}");
    let msg = edit(&|d| {
        d["tables"]["conference"][0].as_object_mut().unwrap().remove("title");
    });
    assert!(msg.contains("thiếu giá trị cột “title”"), "{msg}");
    let msg = edit(&|d| d["tables"]["unit"] = serde_json::json!({}));
    assert!(msg.contains("Bảng “unit” phải là một danh sách"), "{msg}");
    let msg = edit(&|d| d["tables"]["directive"][0] = "chỉ đạo".into());
    assert!(msg.contains("Bảng “directive”, dòng 1: phải là một đối tượng"), "{msg}");
    // Many problems at once: the first ones are named, the rest counted, in one message.
    let msg = edit(&|d| {
        for row in d["tables"]["assignment"].as_array_mut().unwrap() {
            row["state"] = "xong".into();
        }
    });
    assert!(msg.starts_with("Tệp xuất có lỗi; không nhập gì cả"), "{msg}");
    assert_eq!(msg.matches("\n- ").count(), 8, "{msg}");
    assert!(msg.contains("… và "), "{msg}");
}

#[test]
fn an_export_of_an_older_schema_still_imports() {
    let s = with_work();
    let mut doc = export::export(s.conn()).unwrap();
    // Schema 3 had no reminder tables, no given dates and no opening days.
    doc["schemaVersion"] = 3.into();
    for t in ["app_setting", "custom_reminder", "notice", "reminder_day_log"] {
        doc["tables"].as_object_mut().unwrap().remove(t);
    }
    for row in doc["tables"]["task"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("given_on");
    }
    for row in doc["tables"]["assignment"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("opens_on");
    }
    let mut fresh = store();
    fresh.import_all(&doc, false).unwrap();
    let n: i64 = fresh.conn().query_row("SELECT count(*) FROM assignment WHERE opens_on <> ''", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 11, "opening days filled as the upgrade fills them");
    // A schema-8 export must list the tables schema 8 had.
    doc["schemaVersion"] = 8.into();
    assert!(fresh.import_all(&doc, true).unwrap_err().to_string().contains("Thiếu bảng “app_setting”"));

    // Builds of schemas 13 and 14 had the units' extension requests but did not export
    // them: their documents still import; from schema 15 on the table must be there.
    let mut older = export::export(s.conn()).unwrap();
    older["tables"].as_object_mut().unwrap().remove("extension_request");
    for version in [13, 14] {
        older["schemaVersion"] = version.into();
        store().import_all(&older, false).unwrap_or_else(|e| panic!("schema {version}: {e}"));
    }
    older["schemaVersion"] = 15.into();
    assert!(store().import_all(&older, false).unwrap_err().to_string().contains("Thiếu bảng “extension_request”"));
}

/// An import that fails while it writes (here a part that breaks the schema's own rule,
/// which only SQLite checks) leaves the store as it was, the tallies' triggers included:
/// the import sets them aside inside its transaction.
#[test]
fn an_import_that_fails_midway_keeps_the_tally_triggers() {
    let s = with_work();
    let triggers = |s: &Store| -> Vec<String> {
        let mut stmt = s.conn().prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.map(Result::unwrap).collect()
    };
    let before = triggers(&s);
    assert!(before.iter().any(|t| t == "assignment_conference_count_insert"), "{before:?}");
    let mut doc = export::export(s.conn()).unwrap();
    let rows = doc["tables"]["assignment"].as_array_mut().unwrap();
    let last = rows.len() - 1;
    rows[last]["state"] = "done".into();
    rows[last]["completed_on"] = Value::Null;
    let mut fresh = store();
    let untouched = export::export(fresh.conn()).unwrap();
    let err = fresh.import_all(&doc, false).unwrap_err();
    assert_eq!(err.code(), "validation", "{err}");
    assert!(err.to_string().contains("Không nhập được dòng"), "failed while writing, not in the check before: {err}");
    assert_eq!(triggers(&fresh), before, "every trigger is back");
    assert_eq!(export::export(fresh.conn()).unwrap(), untouched, "nothing imported");
}
