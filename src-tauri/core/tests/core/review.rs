//! Issue 20, learning from the secretary: accepting a review records, in the same
//! transaction, what the reader proposed and what she accepted after editing; a failed
//! accept records nothing; the records come back as cases of the reader's corpus.

use dondoc_core::conclusion::{self, AcceptedRow, ReviewRow};
use dondoc_core::review::{self, CaseTask, Edit, Field};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::Store;

use crate::{as_proposed, ctx, d, store, unit};

/// Item 2 gives three tasks (the second monthly, the third with a target), item 3 one.
const NUMBERED: &str = "Kết luận của đồng chí Chủ tịch UBND huyện:
1. Năm 2022, các xã, thị trấn đã hoàn thành tốt nhiệm vụ cải cách hành chính.
2. Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn báo cáo kết quả tự chấm điểm trước ngày 25 hằng tháng, đồng thời đến hết năm 2023 đưa tỷ lệ hồ sơ được số hóa lên trên 80%.
3. Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.
";

fn conference(s: &mut Store) -> i64 {
    s.create_conference(
        &ctx(),
        &ConferenceInput { title: "Giao ban CCHC tháng 1".into(), starts_at: "12/01/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
    )
    .unwrap()
}

fn count(s: &Store, table: &str) -> i64 {
    s.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// The secretary moves the first deadline, drops the monthly report, changes the last
/// task's lead and title, raises the target and adds a row by hand.
fn edited(s: &Store, rows: &[ReviewRow]) -> Vec<AcceptedRow> {
    let mut out = as_proposed(rows);
    out[0].task.deadline = Some("31/03/2023".into());
    out[2].task.target.as_mut().unwrap().value = 85.0;
    out[3].task.lead_unit_ids = vec![unit(s, "phong-noi-vu")];
    out[3].task.title = "Rà soát, đơn giản hóa thủ tục hành chính".into();
    out.remove(1);
    out.push(AcceptedRow {
        proposal: None,
        task: TaskInput { title: "Tổng hợp kết quả chấm điểm".into(), lead_unit_ids: vec![unit(s, "vp-hdnd-ubnd")], ..Default::default() },
        ..Default::default()
    });
    out
}

#[test]
fn an_edited_review_records_the_proposal_and_what_was_accepted() {
    let mut s = store();
    let conf = conference(&mut s);
    let day = d("2023-01-12");
    let rows = conclusion::propose(&s, NUMBERED, day).unwrap();
    assert_eq!(rows.len(), 4, "{rows:#?}");
    // Typed in decomposed form (Unikey's NFD mode): kept in NFC.
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(NUMBERED).collect();
    let accepted = edited(&s, &rows);
    let ids = conclusion::accept_review(&mut s, &ctx(), conf, &nfd, day, &accepted).unwrap();
    assert_eq!(ids.len(), 4);

    let reviews = review::list(s.conn()).unwrap();
    assert_eq!(reviews.len(), 1);
    let r = &reviews[0];
    assert_eq!((r.conference_id, r.meeting_date.as_str(), r.text.as_str()), (conf, "2023-01-12", NUMBERED.trim()));
    assert_eq!((r.actor.as_str(), r.created_at.as_str()), ("Văn phòng", "2023-02-27T02:00:00Z"), "who and when come from the Ctx");
    let proposed: Vec<CaseTask> = rows.iter().map(|x| CaseTask::proposed(&x.proposed)).collect();
    assert_eq!(r.proposed, proposed, "what the reader proposed, unedited");
    assert_eq!(r.proposed[1].recurrence.as_deref(), Some("monthly:25"));

    let acc = &r.accepted;
    assert_eq!(acc.len(), 4);
    assert_eq!(acc[0].assignees, ["phong-noi-vu"]);
    assert_eq!(acc[0].deadline.as_deref(), Some("2023-03-31"), "the deadline she typed, as ISO");
    assert_eq!(acc[1].assignees, ["@communes"], "a group goes back to its code");
    assert_eq!(acc[1].target.as_ref().map(|t| (t.op.as_str(), t.value)), Some((">", 85.0)));
    assert_eq!(acc[2].assignees, ["phong-noi-vu"]);
    assert_eq!(acc[2].summary, "Rà soát, đơn giản hóa thủ tục hành chính");
    assert_eq!(acc[2].deadline.as_deref(), Some("2023-06-30"));
    assert_eq!((acc[3].assignees.as_slice(), acc[3].deadline.as_deref()), (&["vp-hdnd-ubnd".to_string()][..], None));
    assert_eq!(
        r.edits,
        [
            Edit { proposal: Some(0), changed: vec![Field::Deadline] },
            Edit { proposal: Some(2), changed: vec![Field::Target] },
            Edit { proposal: Some(3), changed: vec![Field::Assignees, Field::Summary] },
            Edit { proposal: None, changed: vec![] },
        ]
    );
}

#[test]
fn a_review_accepted_as_proposed_changes_nothing() {
    let mut s = store();
    let conf = conference(&mut s);
    let rows = conclusion::propose(&s, NUMBERED, d("2023-01-12")).unwrap();
    conclusion::accept_review(&mut s, &ctx(), conf, NUMBERED, d("2023-01-12"), &as_proposed(&rows)).unwrap();
    let r = &review::list(s.conn()).unwrap()[0];
    assert!(r.edits.iter().all(|e| e.changed.is_empty()), "{:?}", r.edits);
    // The scorer's strict key (assignees, deadline, target) of each accepted task is the proposal's.
    let key = |t: &CaseTask| (t.assignees.clone(), t.deadline.clone(), t.target.as_ref().map(|x| (x.op.clone(), x.value)));
    assert_eq!(r.accepted.iter().map(key).collect::<Vec<_>>(), r.proposed.iter().map(key).collect::<Vec<_>>());
}

#[test]
fn nothing_is_recorded_when_the_accept_fails_and_no_task_without_its_record() {
    let mut s = store();
    let conf = conference(&mut s);
    let day = d("2023-01-12");
    let rows = conclusion::propose(&s, NUMBERED, day).unwrap();
    // A task that cannot be created: no record.
    let mut bad = as_proposed(&rows);
    bad[3].task.deadline = Some("31/02/2023".into());
    let err = conclusion::accept_review(&mut s, &ctx(), conf, NUMBERED, day, &bad).unwrap_err();
    assert_eq!(err.field(), Some("deadline"), "{err}");
    // A record that cannot be written (a proposal the reader did not make): no task.
    let mut stale = as_proposed(&rows);
    stale[0].proposal = Some(7);
    let err = conclusion::accept_review(&mut s, &ctx(), conf, NUMBERED, day, &stale).unwrap_err();
    assert!(err.to_string().contains("không có đề xuất số 8"), "{err}");
    for table in ["reader_review", "task", "directive", "assignment"] {
        assert_eq!(count(&s, table), 0, "{table}: all or nothing");
    }
    // The plain accept (no review) records nothing.
    conclusion::accept(&mut s, &ctx(), conf, &as_proposed(&rows)).unwrap();
    assert_eq!((count(&s, "task"), count(&s, "reader_review")), (4, 0));
}

#[test]
fn reviews_come_back_as_corpus_cases() {
    let mut s = store();
    let conf = conference(&mut s);
    let day = d("2023-01-12");
    let rows = conclusion::propose(&s, NUMBERED, day).unwrap();
    let accepted = edited(&s, &rows);
    conclusion::accept_review(&mut s, &ctx(), conf, NUMBERED, day, &accepted).unwrap();
    let text = "Giao Phòng Tư pháp rà soát văn bản quy phạm pháp luật trước ngày 30/4/2023.";
    let again = conclusion::propose(&s, text, day).unwrap();
    conclusion::accept_review(&mut s, &ctx(), conf, text, day, &as_proposed(&again)).unwrap();

    let cases = s.reader_cases().unwrap();
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [format!("office-{conf}-1"), format!("office-{conf}-2")]);
    let first = &cases[0];
    assert_eq!((first.meeting_date.as_str(), first.meeting.as_str()), ("2023-01-12", "Giao ban CCHC tháng 1"));
    assert_eq!(first.expected, review::list(s.conn()).unwrap()[0].accepted, "expected = what was accepted");
    for says in [
        "From the office's review",
        "Task 1: proposal 1, the secretary changed deadline.",
        "changed assignees, summary",
        "Task 4: added by hand",
        "Dropped by the secretary: proposal 2.",
    ] {
        assert!(first.notes.contains(says), "{says:?} in {}", first.notes);
    }
    assert_eq!(first.tags, ["office-review", "edited:deadline", "edited:target", "edited:assignees", "edited:summary", "edited:added", "edited:dropped"]);
    assert_eq!(cases[1].tags, ["office-review"]);
    assert!(cases[1].notes.contains("Task 1: proposal 1 as proposed."), "{}", cases[1].notes);

    // The shape of a corpus case: every key of the dev schema, tasks with every task key.
    let seed: serde_json::Value = serde_json::from_str(include_str!("../../data/seed-myloc-cchc-2022.json")).unwrap();
    let case = serde_json::to_value(first).unwrap();
    for key in seed.as_object().unwrap().keys() {
        assert!(case.get(key).is_some(), "case key {key}");
    }
    for task in case["expected"].as_array().unwrap() {
        for key in seed["expected"][0].as_object().unwrap().keys() {
            assert!(task.get(key).is_some(), "task key {key} in {task}");
        }
    }
    assert_eq!(
        case["expected"][1]["target"],
        serde_json::json!({"metric": first.expected[1].target.as_ref().unwrap().metric, "op": ">", "value": 85.0, "unit": "%", "scope": "each"})
    );
}

#[test]
fn the_whole_store_export_carries_the_reviews() {
    let mut s = store();
    let conf = conference(&mut s);
    let rows = conclusion::propose(&s, NUMBERED, d("2023-01-12")).unwrap();
    conclusion::accept_review(&mut s, &ctx(), conf, NUMBERED, d("2023-01-12"), &as_proposed(&rows)).unwrap();
    let doc = dondoc_core::export::export(s.conn()).unwrap();
    assert_eq!(doc["tables"]["reader_review"].as_array().map(Vec::len), Some(1));
    let mut other = store();
    other.write(|tx| dondoc_core::export::import(tx, &doc, false)).unwrap();
    assert_eq!(other.reader_cases().unwrap().len(), 1);
    // A review whose JSON does not read is refused before anything is written.
    let mut broken = doc.clone();
    broken["tables"]["reader_review"][0]["accepted"] = serde_json::json!("{not json");
    let err = dondoc_core::export::validate(other.conn(), &broken).unwrap_err();
    assert!(err.to_string().contains("“accepted” phải là một danh sách JSON"), "{err}");
}
