//! Follow-up (issue 4): statuses in SQL and in Rust agree, per-unit stats, return, cancel,
//! notes, extensions, evidence and the audit trail.

use dondoc_core::model::{TargetOp, TargetScope};
use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::stats;
use dondoc_core::queries::tasks::Target;
use dondoc_core::queries::updates;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::status::Status;
use dondoc_core::{ErrorCode, Store};

use crate::{ctx, d, group, store, unit};

fn directive(s: &mut Store) -> i64 {
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    s.add_directive(conf, "Chỉ đạo").unwrap()
}

fn task(s: &mut Store, dir: i64, title: &str, deadline: Option<&str>, leads: Vec<i64>, target: Option<Target>) -> i64 {
    s.create_task(
        &ctx(),
        &TaskInput { directive_id: Some(dir), title: title.into(), deadline: deadline.map(String::from), lead_unit_ids: leads, target, ..Default::default() },
    )
    .unwrap()
}

fn tick(s: &mut Store, id: i64, on: &str, value: Option<f64>) {
    s.complete_assignment(&ctx(), id, &Completion { completed_on: on.into(), note: None, reported_value: value }).unwrap();
}

fn only(s: &Store, task: i64) -> i64 {
    assignments::list_for_task(s.conn(), task, d("2023-02-27")).unwrap()[0].id
}

/// A store with one assignment in every status category on 2023-02-27 (ctx's today).
fn every_status(s: &mut Store) {
    let dir = directive(s);
    let ha = unit(s, "xa-my-ha");
    let target = |op, value| Some(Target { metric: "Tỷ lệ".into(), op, value, unit: Some("%".into()), scope: TargetScope::Each });
    let t = task(s, dir, "đúng hạn", Some("28/02/2023"), vec![ha], None);
    let a = only(s, t);
    tick(s, a, "20/02/2023", None);
    let t = task(s, dir, "quá hạn rồi xong", Some("10/02/2023"), vec![ha], None);
    let a = only(s, t);
    tick(s, a, "15/02/2023", None);
    let t = task(s, dir, "không hạn, xong", None, vec![ha], None);
    let a = only(s, t);
    tick(s, a, "15/02/2023", None);
    let t = task(s, dir, "không đạt", Some("28/02/2023"), vec![ha], target(TargetOp::Gt, 60.0));
    let a = only(s, t);
    tick(s, a, "15/02/2023", Some(60.0));
    for (op, v) in [(TargetOp::Ge, 60.0), (TargetOp::Eq, 0.0), (TargetOp::Le, 5.0), (TargetOp::Lt, 5.0)] {
        let t = task(s, dir, "đạt", Some("28/02/2023"), vec![ha], target(op, if op == TargetOp::Eq { 0.0 } else { v }));
        let a = only(s, t);
        tick(
            s,
            a,
            "15/02/2023",
            Some(if op == TargetOp::Lt {
                4.9
            } else if op == TargetOp::Eq {
                0.0
            } else {
                v
            }),
        );
    }
    task(s, dir, "trong hạn", Some("28/02/2023"), vec![ha], None);
    task(s, dir, "quá hạn", Some("26/02/2023"), vec![ha], None);
    task(s, dir, "chưa có hạn", None, vec![ha], None);
    let t = task(s, dir, "hủy", Some("26/02/2023"), vec![ha], None);
    let a = only(s, t);
    s.cancel_assignment(&ctx(), a, "Không còn phù hợp").unwrap();
}

#[test]
fn sql_status_equals_rust_status_on_every_date() {
    let mut s = store();
    every_status(&mut s);
    for day in ["2023-02-01", "2023-02-12", "2023-02-15", "2023-02-20", "2023-02-27", "2023-02-28", "2023-03-01", "2024-01-01"] {
        let rows = assignments::list(s.conn(), &AssignmentFilter::default(), d(day)).unwrap();
        // The tasks were given at the conference of 06/02/2023: nothing existed before.
        assert_eq!(rows.len(), if day < "2023-02-06" { 0 } else { 12 }, "on {day}");
        for status in Status::ALL {
            let by_sql = assignments::list(s.conn(), &AssignmentFilter { status: Some(status), ..Default::default() }, d(day)).unwrap();
            let by_rust: Vec<i64> = rows.iter().filter(|r| r.status == status).map(|r| r.id).collect();
            assert_eq!(by_sql.iter().map(|r| r.id).collect::<Vec<_>>(), by_rust, "{} on {day}", status.code());
            // The first N are the first N of the whole list (overdue merges two sources).
            let first = assignments::list(s.conn(), &AssignmentFilter { status: Some(status), limit: Some(1), ..Default::default() }, d(day)).unwrap();
            assert_eq!(first.iter().map(|r| r.id).collect::<Vec<_>>(), by_rust.iter().copied().take(1).collect::<Vec<_>>(), "first {} on {day}", status.code());
        }
    }
    // On 12/02 the part due 10/02 and done 15/02 was still open: overdue then.
    let overdue =
        assignments::list(s.conn(), &AssignmentFilter { status: Some(dondoc_core::status::Status::Overdue), ..Default::default() }, d("2023-02-12")).unwrap();
    assert_eq!(overdue.iter().map(|r| r.task_title.as_str()).collect::<Vec<_>>(), ["quá hạn rồi xong"]);
    let on = assignments::list(s.conn(), &AssignmentFilter::default(), d("2023-02-27")).unwrap();
    let mut seen: Vec<Status> = on.iter().map(|r| r.status).collect();
    seen.sort_by_key(|st| st.code());
    seen.dedup();
    assert_eq!(seen.len(), 8, "the fixture covers every category: {seen:?}");
}

#[test]
fn per_unit_stats_use_the_contract_keys_and_rank_units() {
    let mut s = store();
    every_status(&mut s);
    let dir = directive(&mut s);
    let (phuc, noi_vu) = (unit(&s, "xa-my-phuc"), unit(&s, "phong-noi-vu"));
    let t = task(&mut s, dir, "Báo cáo", Some("28/02/2023"), vec![phuc, noi_vu], None);
    let rows = assignments::list_for_task(s.conn(), t, d("2023-02-27")).unwrap();
    let phuc_a = rows.iter().find(|r| r.unit_id == phuc).unwrap().id;
    tick(&mut s, phuc_a, "27/02/2023", None);
    let all = stats::per_unit(s.conn(), d("2023-03-03")).unwrap();
    let ha = all.iter().find(|u| u.unit == "xa-my-ha").unwrap();
    let v = serde_json::to_value(ha).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
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
    assert_eq!((ha.total, ha.done_on_time, ha.done_late, ha.done_no_deadline, ha.target_missed, ha.cancelled), (12, 5, 1, 1, 1, 1));
    assert_eq!((ha.in_progress, ha.overdue, ha.open_no_deadline), (0, 2, 1), "on 03/03 the 28/02 task is overdue too");
    let ranked: Vec<String> = stats::rank(all).into_iter().map(|u| u.unit).collect();
    assert_eq!(ranked, ["xa-my-phuc", "xa-my-ha", "phong-noi-vu"]);
}

#[test]
fn return_cancel_and_notes_are_audited() {
    let mut s = store();
    let dir = directive(&mut s);
    let ha = unit(&s, "xa-my-ha");
    let t = task(&mut s, dir, "Báo cáo", Some("28/02/2023"), vec![ha], None);
    let a = only(&s, t);
    s.add_progress_note(&ctx(), a, "Đang tổng hợp số liệu").unwrap();
    let row = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    assert_eq!((row.state.as_str(), row.progress_note.as_deref()), ("in_progress", Some("Đang tổng hợp số liệu")));
    assert_eq!(s.return_assignment(&ctx(), a, "Thiếu số liệu").unwrap_err().field(), Some("state"), "only done work can be returned");
    tick(&mut s, a, "25/02/2023", None);
    assert_eq!(s.return_assignment(&ctx(), a, "  ").unwrap_err().field(), Some("reason"));
    s.return_assignment(&ctx(), a, "Thiếu biểu số liệu").unwrap();
    let row = assignments::get(s.conn(), a, d("2023-02-27")).unwrap();
    assert_eq!((row.status, row.completed_on.clone(), row.state_reason.as_deref()), (Status::InProgress, None, Some("Thiếu biểu số liệu")));
    s.cancel_assignment(&ctx(), a, "Nhiệm vụ được điều chỉnh").unwrap();
    assert_eq!(s.cancel_assignment(&ctx(), a, "lần hai").unwrap_err().field(), Some("state"));
    assert!(s.add_progress_note(&ctx(), a, "ghi chú").is_err());

    let detail = s.assignment_detail(a, d("2023-02-27")).unwrap();
    let trail: Vec<(String, Option<String>, Option<String>)> = detail
        .history
        .iter()
        .filter(|h| h.entity == dondoc_core::queries::audit::AuditEntity::Assignment)
        .map(|h| (h.field.clone(), h.old_value.clone(), h.new_value.clone()))
        .collect();
    let fields: Vec<&str> = trail.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(fields, ["progress_note", "state", "state", "completed_on", "state", "completed_on", "returned", "state", "cancelled"], "{trail:?}");
    assert_eq!(trail[4], ("state".into(), Some("done".into()), Some("in_progress".into())));
    assert!(detail.history.iter().all(|h| h.actor == "Văn phòng" && h.at == "2023-02-27T02:00:00Z"));
    assert_eq!(
        (detail.history[0].entity.as_str(), detail.history[0].field.as_str()),
        ("task", "created"),
        "the part's creation is its task's, recorded once for the whole fan-out"
    );
}

#[test]
fn extensions_keep_the_original_deadline() {
    let mut s = store();
    let dir = directive(&mut s);
    let t = s
        .create_task(
            &ctx(),
            &TaskInput {
                directive_id: Some(dir),
                title: "Báo cáo".into(),
                deadline: Some("28/02/2023".into()),
                lead_group_ids: vec![group(&s, "communes")],
                ..Default::default()
            },
        )
        .unwrap();
    let rows = assignments::list_for_task(s.conn(), t, d("2023-02-27")).unwrap();
    tick(&mut s, rows[0].id, "20/02/2023", None);
    let ext = Extension { new_deadline: "15/03/2023".into(), reason: "Chờ số liệu của tỉnh".into(), decided_by: "Chủ tịch UBND huyện".into() };
    s.extend_deadline(&ctx(), t, None, &ext).unwrap();
    let rows = assignments::list_for_task(s.conn(), t, d("2023-03-05")).unwrap();
    assert_eq!(rows.iter().filter(|r| r.deadline.as_deref() == Some("2023-03-15")).count(), 10, "open parts move");
    assert_eq!(
        rows.iter().find(|r| r.id == rows.iter().find(|x| x.status == Status::DoneOnTime).unwrap().id).unwrap().deadline.as_deref(),
        Some("2023-02-28"),
        "done parts keep theirs"
    );
    let one = rows.iter().find(|r| r.deadline.as_deref() == Some("2023-03-15")).unwrap().id;
    s.extend_deadline(&ctx(), t, Some(one), &Extension { new_deadline: "31/03/2023".into(), ..ext.clone() }).unwrap();
    let detail = s.assignment_detail(one, d("2023-03-05")).unwrap();
    let ex: Vec<(Option<String>, String)> = detail.extensions.iter().map(|e| (e.old_deadline.clone(), e.new_deadline.clone())).collect();
    assert_eq!(ex, [(Some("2023-02-28".into()), "2023-03-15".into()), (Some("2023-03-15".into()), "2023-03-31".into())]);
    for (bad, field) in [
        (Extension { new_deadline: "".into(), ..ext.clone() }, "newDeadline"),
        (Extension { new_deadline: "31/02/2023".into(), ..ext.clone() }, "newDeadline"),
        (Extension { reason: " ".into(), ..ext.clone() }, "reason"),
        (Extension { decided_by: "".into(), ..ext.clone() }, "decidedBy"),
    ] {
        assert_eq!(s.extend_deadline(&ctx(), t, None, &bad).unwrap_err().field(), Some(field));
    }
}

#[test]
fn evidence_is_copied_inside_the_evidence_folder() {
    let mut s = store();
    let dir = directive(&mut s);
    let ha = unit(&s, "xa-my-ha");
    let t = task(&mut s, dir, "Báo cáo", Some("28/02/2023"), vec![ha], None);
    let a = only(&s, t);
    let root = tempfile::tempdir().unwrap();
    let e = s.attach_evidence(&ctx(), root.path(), a, "../../Báo cáo kiểm điểm.pdf", b"%PDF-1.4").unwrap();
    assert_eq!(e.file_name, "Báo cáo kiểm điểm.pdf");
    let path = root.path().join(&e.stored_path);
    assert!(path.starts_with(root.path()));
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4");
    let e2 = s.attach_evidence(&ctx(), root.path(), a, "Báo cáo kiểm điểm.pdf", b"v2").unwrap();
    assert_ne!(e.stored_path, e2.stored_path, "same name twice keeps both files");
    assert_eq!(s.assignment_detail(a, d("2023-02-27")).unwrap().evidence.len(), 2);
    assert_eq!(s.attach_evidence(&ctx(), root.path(), 999, "x.pdf", b"x").unwrap_err().code(), "not_found");
    // The window opens a file by the evidence row's id.
    let found = updates::evidence_by_id(s.conn(), e2.id).unwrap();
    assert_eq!((found.stored_path, found.file_name), (e2.stored_path, "Báo cáo kiểm điểm.pdf".to_string()));
    let missing = updates::evidence_by_id(s.conn(), 999).unwrap_err();
    assert_eq!((missing.code(), missing.to_string()), (ErrorCode::NotFound, "Không tìm thấy tệp minh chứng (mã 999).".to_string()));
}

#[test]
fn the_next_conference_of_the_same_kind_carries_over_what_is_open() {
    let mut s = store();
    let conf = |s: &mut Store, title: &str, when: &str, kind: &str| {
        s.create_conference(
            &ctx(),
            &ConferenceInput { title: title.into(), kind: Some(kind.into()), starts_at: when.into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap()
    };
    let jan = conf(&mut s, "Giao ban tháng 1", "10/01/2023 08:00", "giao_ban");
    let dir = s.add_directive(jan, "Chỉ đạo").unwrap();
    let ha = unit(&s, "xa-my-ha");
    let open = task(&mut s, dir, "Còn dở", Some("28/02/2023"), vec![ha], None);
    let finished = task(&mut s, dir, "Đã xong", Some("28/02/2023"), vec![ha], None);
    let a = only(&s, finished);
    tick(&mut s, a, "20/02/2023", None);
    let _other_kind = conf(&mut s, "Chuyên đề", "01/02/2023 08:00", "chuyen_de");
    let feb = conf(&mut s, "Giao ban tháng 2", "10/02/2023 08:00", "giao_ban");
    let carry = s.carry_over(feb, d("2023-02-27")).unwrap().expect("January's open work is listed");
    assert_eq!(carry.from.id, jan);
    assert_eq!(carry.tasks.iter().map(|t| t.task.id).collect::<Vec<_>>(), [open]);
    assert!(s.carry_over(jan, d("2023-02-27")).unwrap().is_none(), "nothing before the first one");
}

#[test]
fn task_search_ignores_diacritics_and_cannot_be_injected() {
    let mut s = store();
    let dir = directive(&mut s);
    let ha = unit(&s, "xa-my-ha");
    for title in ["Số hóa hồ sơ thủ tục hành chính", "Quản lý đất đai", "Báo cáo số liệu thu ngân sách"] {
        task(&mut s, dir, title, Some("28/02/2023"), vec![ha], None);
    }
    let titles = |q: &str| -> Vec<String> {
        let f = AssignmentFilter { query: Some(q.into()), ..Default::default() };
        assignments::list(s.conn(), &f, d("2023-02-27")).unwrap().into_iter().map(|r| r.task_title).collect()
    };
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("số hóa").collect();
    assert_eq!(titles("so hoa"), ["Số hóa hồ sơ thủ tục hành chính"]);
    assert_eq!(titles(&nfd), ["Số hóa hồ sơ thủ tục hành chính"]);
    assert_eq!(titles("DAT DAI"), ["Quản lý đất đai"]);
    assert_eq!(titles("so"), ["Báo cáo số liệu thu ngân sách", "Số hóa hồ sơ thủ tục hành chính"], "a word prefix matches; newest first");
    for nasty in ["\"", "so\" OR \"dat", "NEAR(", "*", "-"] {
        let _ = titles(nasty); // must not be an FTS5 syntax error
    }
    assert!(titles("so\" OR \"dat").is_empty(), "quotes are stripped, the words must all match");
}

#[test]
fn per_unit_counts_equal_the_status_of_every_row() {
    let mut s = store();
    every_status(&mut s);
    for day in ["2023-02-01", "2023-02-12", "2023-02-20", "2023-02-28", "2023-03-01", "2024-01-01"] {
        let rows = assignments::list(s.conn(), &AssignmentFilter::default(), d(day)).unwrap();
        let per_unit = stats::per_unit(s.conn(), d(day)).unwrap();
        assert_eq!(
            assignments::count_overdue(s.conn(), d(day)).unwrap(),
            rows.iter().filter(|r| r.status == Status::Overdue).count() as i64,
            "tray count on {day}"
        );
        if rows.is_empty() {
            assert!(per_unit.is_empty(), "a unit with nothing given by {day} is not listed: {per_unit:?}");
            continue;
        }
        let ha = &per_unit[0];
        assert_eq!(ha.total, rows.len() as i64, "on {day}");
        assert_eq!(crate::unit_counts(ha), crate::status_counts(&rows), "on {day}");
    }
}

#[test]
fn conference_progress_in_one_pass_equals_row_by_row() {
    let mut s = store();
    every_status(&mut s);
    for day in ["2023-02-01", "2023-02-12", "2023-02-15", "2023-02-20", "2023-02-28", "2023-03-01", "2024-01-01"] {
        let conf = dondoc_core::queries::conferences::list(s.conn(), &Default::default(), d(day)).unwrap();
        let one_pass = &conf[0].progress;
        let row_by_row = assignments::progress_for_conference(s.conn(), conf[0].conference.id, d(day)).unwrap();
        assert_eq!(*one_pass, row_by_row, "on {day}");
    }
}
