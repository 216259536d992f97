//! Recurring tasks: a period's parts appear when the period begins, never twice, never as
//! an overdue copy because a unit finished late; stopping keeps past periods.

use chrono::{TimeZone, Utc};
use dondoc_core::queries::assignments;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{Ctx, Store};

use crate::{store, unit};

/// The office's clock at 08:00 in Hà Nội on the given day.
fn at(y: i32, m: u32, d: u32) -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).unwrap(), "Văn phòng")
}

fn periods(s: &Store, task: i64) -> Vec<(String, String, String)> {
    let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let mut rows: Vec<(String, String, String)> =
        assignments::list_for_task(s.conn(), task, day).unwrap().into_iter().map(|r| (r.unit_code, r.period, r.deadline.unwrap_or_default())).collect();
    rows.sort();
    rows
}

/// A recurring task for Mỹ Hà from a conference held on `held` (dd/mm/yyyy), entered at `ctx`.
fn task_from_conference(s: &mut Store, ctx: &Ctx, held: &str, rule: &str) -> i64 {
    let conf = s
        .create_conference(
            ctx,
            &ConferenceInput { title: "Giao ban".into(), starts_at: format!("{held} 08:00"), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Báo cáo tình hình vi phạm đất đai trước ngày 20 hằng tháng").unwrap();
    let ha = unit(s, "xa-my-ha");
    s.create_task(
        ctx,
        &TaskInput {
            directive_id: Some(dir),
            title: "Báo cáo vi phạm đất đai".into(),
            lead_unit_ids: vec![ha],
            recurrence: Some(rule.into()),
            ..Default::default()
        },
    )
    .unwrap()
}

/// A recurring task from a conference held the day it is entered.
fn monthly_task(s: &mut Store, ctx: &Ctx, rule: &str) -> i64 {
    let held = chrono::NaiveDate::format(&ctx.today(), "%d/%m/%Y").to_string();
    task_from_conference(s, ctx, &held, rule)
}

fn p(period: &str, due: &str) -> (String, String, String) {
    ("xa-my-ha".into(), period.into(), due.into())
}

#[test]
fn a_period_appears_when_it_begins_and_never_twice() {
    let mut s = store();
    // Created on 25/03: March's 20th has passed, so the first period is April.
    let t = monthly_task(&mut s, &at(2023, 3, 25), "monthly:20");
    assert_eq!(periods(&s, t), [p("2023-04", "2023-04-20")]);
    s.roll_recurrences(&at(2023, 4, 30)).unwrap();
    assert_eq!(periods(&s, t), [p("2023-04", "2023-04-20")], "May has not begun");
    s.roll_recurrences(&at(2023, 5, 1)).unwrap();
    s.roll_recurrences(&at(2023, 5, 1)).unwrap();
    assert_eq!(periods(&s, t), [p("2023-04", "2023-04-20"), p("2023-05", "2023-05-20")], "once, however often it rolls");
    // Each period opened is one act in the task's history, shown with every part of it.
    let may = assignments::list_for_task(s.conn(), t, at(2023, 5, 1).today()).unwrap().into_iter().find(|r| r.period == "2023-05").unwrap();
    let history = s.assignment_detail(may.id, at(2023, 5, 1).today()).unwrap().history;
    let opened: Vec<(&str, &str)> = history.iter().filter(|h| h.field == "period_opened").map(|h| (h.new_value.as_deref().unwrap(), h.at.as_str())).collect();
    assert_eq!(opened, [("Kỳ Tháng 04/2023: 1 đơn vị", "2023-03-25T01:00:00Z"), ("Kỳ Tháng 05/2023: 1 đơn vị", "2023-05-01T01:00:00Z")]);
}

#[test]
fn finishing_late_does_not_spawn_an_overdue_copy() {
    let mut s = store();
    let t = monthly_task(&mut s, &at(2023, 4, 1), "monthly:20");
    let april = assignments::list_for_task(s.conn(), t, at(2023, 4, 1).today()).unwrap()[0].id;
    // April's report is done late, on 25/04: nothing new appears until May begins.
    let late = at(2023, 4, 25);
    s.complete_assignment(&late, april, &Completion { completed_on: "25/04/2023".into(), ..Default::default() }).unwrap();
    s.roll_recurrences(&late).unwrap();
    assert_eq!(periods(&s, t), [p("2023-04", "2023-04-20")]);
}

#[test]
fn month_ends_and_leap_days() {
    let mut s = store();
    let t = monthly_task(&mut s, &at(2024, 1, 10), "monthly:31");
    for (y, m) in [(2024, 2), (2024, 3), (2024, 4)] {
        s.roll_recurrences(&at(y, m, 1)).unwrap();
    }
    assert_eq!(periods(&s, t), [p("2024-01", "2024-01-31"), p("2024-02", "2024-02-29"), p("2024-03", "2024-03-31"), p("2024-04", "2024-04-30")]);
    let y = monthly_task(&mut s, &at(2023, 1, 10), "yearly:02-29");
    s.roll_recurrences(&at(2024, 1, 1)).unwrap();
    let rows = periods(&s, y);
    assert_eq!(rows, [p("2023", "2023-02-28"), p("2024", "2024-02-29")]);
}

#[test]
fn stopping_keeps_past_periods() {
    let mut s = store();
    let t = monthly_task(&mut s, &at(2023, 4, 1), "quarterly");
    s.roll_recurrences(&at(2023, 7, 1)).unwrap();
    s.stop_recurrence(&at(2023, 8, 15), t, at(2023, 8, 15).today()).unwrap();
    s.roll_recurrences(&at(2024, 1, 15)).unwrap();
    assert_eq!(periods(&s, t), [p("2023-Q2", "2023-06-30"), p("2023-Q3", "2023-09-30")]);
    assert_eq!(s.stop_recurrence(&at(2023, 9, 1), t, at(2023, 9, 1).today()).unwrap_err().field(), Some("recurrence"));
}

#[test]
fn bad_recurrences_are_refused() {
    let mut s = store();
    let ctx = at(2023, 4, 1);
    let conf = s
        .create_conference(&ctx, &ConferenceInput { title: "G".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() })
        .unwrap();
    let dir = s.add_directive(conf, "x").unwrap();
    let ha = unit(&s, "xa-my-ha");
    let base = TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_unit_ids: vec![ha], ..Default::default() };
    let err = s.create_task(&ctx, &TaskInput { recurrence: Some("monthly:32".into()), ..base.clone() }).unwrap_err();
    assert_eq!(err.field(), Some("recurrence"));
    assert!(err.to_string().contains("không hợp lệ"), "{err}");
    let err = s.create_task(&ctx, &TaskInput { recurrence: Some("monthly:20".into()), deadline: Some("20/04/2023".into()), ..base }).unwrap_err();
    assert_eq!(err.field(), Some("deadline"));
}

/// A conference held on 10/02/2023 and entered on 27/04/2023: its monthly report starts in
/// February, every period begun by then exists, and the missed ones are overdue.
#[test]
fn a_conference_entered_late_gets_every_period_since_it_was_held() {
    let mut s = store();
    let entered = at(2023, 4, 27);
    let t = task_from_conference(&mut s, &entered, "10/02/2023", "monthly:20");
    assert_eq!(periods(&s, t), [p("2023-02", "2023-02-20"), p("2023-03", "2023-03-20"), p("2023-04", "2023-04-20")]);
    let rows = assignments::list_for_task(s.conn(), t, entered.today()).unwrap();
    let statuses: Vec<&str> = rows.iter().map(|r| r.status.code()).collect();
    assert_eq!(statuses, ["overdue", "overdue", "overdue"], "nothing was reported: all three are late");
    let labels: Vec<&str> = rows.iter().map(|r| r.period_label.as_deref().unwrap()).collect();
    assert_eq!(labels, ["Tháng 02/2023", "Tháng 03/2023", "Tháng 04/2023"]);
    let task = dondoc_core::queries::tasks::get(s.conn(), t).unwrap();
    assert_eq!(task.given_on.as_deref(), Some("2023-02-10"), "given on the conference's day");
    // As of 15/03/2023 only February's and March's parts existed.
    let march = assignments::list_for_task(s.conn(), t, chrono::NaiveDate::from_ymd_opt(2023, 3, 15).unwrap()).unwrap();
    assert_eq!(march.iter().map(|r| (r.period.as_str(), r.status.code())).collect::<Vec<_>>(), [("2023-02", "overdue"), ("2023-03", "in_progress")]);
}

/// The given date can be typed: periods start there, and it is never in the future.
#[test]
fn the_given_date_is_editable_and_checked() {
    let mut s = store();
    let ctx = at(2023, 6, 5);
    let ha = unit(&s, "xa-my-ha");
    let base = TaskInput {
        source_ref: Some("CV số 45/UBND-VP".into()),
        title: "Báo cáo quý".into(),
        lead_unit_ids: vec![ha],
        recurrence: Some("quarterly".into()),
        ..Default::default()
    };
    let t = s.create_task(&ctx, &TaskInput { given_on: Some("15/01/2023".into()), ..base.clone() }).unwrap();
    assert_eq!(periods(&s, t), [p("2023-Q1", "2023-03-31"), p("2023-Q2", "2023-06-30")]);
    let standalone = s.create_task(&ctx, &TaskInput { recurrence: None, ..base.clone() }).unwrap();
    assert_eq!(
        dondoc_core::queries::tasks::get(s.conn(), standalone).unwrap().given_on.as_deref(),
        Some("2023-06-05"),
        "a standalone task is given today unless told"
    );
    let err = s.create_task(&ctx, &TaskInput { given_on: Some("06/06/2023".into()), ..base.clone() }).unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some("givenOn"), "Ngày giao 06/06/2023 ở tương lai (hôm nay là 05/06/2023)."));
    let err =
        s.create_task(&ctx, &TaskInput { recurrence: None, given_on: Some("10/05/2023".into()), deadline: Some("30/04/2023".into()), ..base }).unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some("deadline"), "Thời hạn 30/04/2023 trước ngày giao nhiệm vụ (10/05/2023)."));
}

/// A part cannot be done before it exists: before its period began, or before its task was
/// given; nor be extended to a deadline before then.
#[test]
fn a_part_is_not_done_before_it_exists() {
    let mut s = store();
    let entered = at(2023, 4, 27);
    let t = task_from_conference(&mut s, &entered, "10/02/2023", "monthly:20");
    let rows = assignments::list_for_task(s.conn(), t, entered.today()).unwrap();
    let (feb, april) = (rows[0].id, rows[2].id);
    let done = |on: &str| Completion { completed_on: on.into(), ..Default::default() };
    let err = s.complete_assignment(&entered, april, &done("31/03/2023")).unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some("completedOn"), "Ngày hoàn thành 31/03/2023 trước ngày bắt đầu kỳ Tháng 04/2023 (01/04/2023)."));
    let err = s.complete_assignment(&entered, feb, &done("09/02/2023")).unwrap_err();
    assert_eq!(err.to_string(), "Ngày hoàn thành 09/02/2023 trước ngày giao nhiệm vụ (10/02/2023).");
    s.complete_assignment(&entered, feb, &done("10/02/2023")).unwrap();
    s.complete_assignment(&entered, april, &done("01/04/2023")).unwrap();
    let ext = dondoc_core::rules::part::Extension { new_deadline: "25/03/2023".into(), reason: "Chờ số liệu".into(), decided_by: "Chủ tịch".into() };
    let err = s.extend_deadline(&entered, t, Some(rows[2].id), &ext).unwrap_err();
    assert_eq!(err.field(), Some("assignmentId"), "a done part is not extended");
    let march = rows[1].id;
    let early = dondoc_core::rules::part::Extension { new_deadline: "28/02/2023".into(), ..ext };
    let err = s.extend_deadline(&entered, t, Some(march), &early).unwrap_err();
    assert_eq!(err.to_string(), "Thời hạn mới 28/02/2023 trước ngày bắt đầu kỳ Tháng 03/2023 (01/03/2023).");
}
