//! Recurring tasks: a period's parts appear when the period begins, never twice, never as
//! an overdue copy because a unit finished late; stopping keeps past periods.

use chrono::{TimeZone, Utc};
use dondoc_core::queries::assignments;
use dondoc_core::queries::conferences::ConferenceInput;
use dondoc_core::queries::tasks::TaskInput;
use dondoc_core::queries::updates::Completion;
use dondoc_core::{Ctx, Store};

use crate::{store, unit};

/// The office's clock at 08:00 in Hà Nội on the given day.
fn at(y: i32, m: u32, d: u32) -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).unwrap(), "Văn phòng")
}

fn periods(s: &Store, task: i64) -> Vec<(String, String, String)> {
    let day = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let mut rows: Vec<(String, String, String)> = assignments::list_for_task(s.conn(), task, day)
        .unwrap()
        .into_iter()
        .map(|r| (r.unit_code, r.period, r.deadline.unwrap_or_default()))
        .collect();
    rows.sort();
    rows
}

fn monthly_task(s: &mut Store, ctx: &Ctx, rule: &str) -> i64 {
    let conf = s.create_conference(ctx, &ConferenceInput { title: "Giao ban".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() }).unwrap();
    let dir = s.add_directive(conf, "Báo cáo tình hình vi phạm đất đai trước ngày 20 hằng tháng").unwrap();
    let ha = unit(s, "xa-my-ha");
    s.create_task(ctx, &TaskInput { directive_id: Some(dir), title: "Báo cáo vi phạm đất đai".into(), lead_unit_ids: vec![ha], recurrence: Some(rule.into()), ..Default::default() })
        .unwrap()
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
    let opened: Vec<(&str, &str)> =
        history.iter().filter(|h| h.field == "period_opened").map(|h| (h.new_value.as_deref().unwrap(), h.at.as_str())).collect();
    assert_eq!(opened, [("Kỳ 2023-04: 1 đơn vị", "2023-03-25T01:00:00Z"), ("Kỳ 2023-05: 1 đơn vị", "2023-05-01T01:00:00Z")]);
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
    assert_eq!(
        periods(&s, t),
        [p("2024-01", "2024-01-31"), p("2024-02", "2024-02-29"), p("2024-03", "2024-03-31"), p("2024-04", "2024-04-30")]
    );
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
    let conf = s.create_conference(&ctx, &ConferenceInput { title: "G".into(), starts_at: "06/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() }).unwrap();
    let dir = s.add_directive(conf, "x").unwrap();
    let ha = unit(&s, "xa-my-ha");
    let base = TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_unit_ids: vec![ha], ..Default::default() };
    let err = s.create_task(&ctx, &TaskInput { recurrence: Some("monthly:32".into()), ..base.clone() }).unwrap_err();
    assert_eq!(err.field(), Some("recurrence"));
    assert!(err.to_string().contains("không hợp lệ"), "{err}");
    let err = s.create_task(&ctx, &TaskInput { recurrence: Some("monthly:20".into()), deadline: Some("20/04/2023".into()), ..base }).unwrap_err();
    assert_eq!(err.field(), Some("deadline"));
}
