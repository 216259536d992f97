//! Whole-store export and import.

use dondoc_core::export;
use dondoc_core::queries::conferences::ConferenceInput;
use dondoc_core::queries::tasks::TaskInput;
use dondoc_core::Store;
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
