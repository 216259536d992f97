//! Reminders with a fixed clock: offsets, weekends and quiet hours, month ends, a changed
//! deadline, completion first, the digest threshold, catch-up, exactly once.

use chrono::{DateTime, TimeZone, Utc};
use dondoc_core::queries::assignments;
use dondoc_core::reminders::{self, compose, Due, Reminder};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::settings::Settings;
use dondoc_core::time::format_local;
use dondoc_core::{Ctx, Store};

use crate::unit;

/// An instant in Hà Nội time.
fn hn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap().with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
}

fn ctx_at(at: DateTime<Utc>) -> Ctx {
    Ctx::new(at, "Văn phòng")
}

/// A store with one task per deadline, each for Mỹ Hà, created on 01/02/2023.
fn store_with(deadlines: &[&str]) -> (Store, Vec<i64>) {
    let mut s = Store::open_in_memory().unwrap();
    let ctx = ctx_at(hn(2023, 2, 1, 8, 0));
    let conf = s
        .create_conference(
            &ctx,
            &ConferenceInput { title: "Giao ban".into(), starts_at: "01/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let ha = unit(&s, "xa-my-ha");
    let mut ids = Vec::new();
    for (i, d) in deadlines.iter().enumerate() {
        let t = s
            .create_task(
                &ctx,
                &TaskInput {
                    directive_id: Some(dir),
                    title: format!("Báo cáo {}", i + 1),
                    deadline: Some(d.to_string()),
                    lead_unit_ids: vec![ha],
                    ..Default::default()
                },
            )
            .unwrap();
        ids.push(assignments::list_for_task(s.conn(), t, ctx.today()).unwrap()[0].id);
    }
    (s, ids)
}

/// (kind, instant) of everything due, oldest first; an overdue day counts once, before the
/// reminders of its instant.
fn schedule(s: &Store, settings: &Settings, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(String, String)> {
    let due = reminders::due_between(s.conn(), settings, from, to).unwrap();
    let mut all: Vec<(DateTime<Utc>, u8, String)> = due.overdue_days.iter().map(|d| (d.due_at, 0, "overdue".to_string())).collect();
    all.extend(due.reminders.into_iter().map(|r| (r.due_at, 1, r.kind.code())));
    all.sort_by_key(|(at, rank, _)| (*at, *rank));
    all.into_iter().map(|(at, _, kind)| (kind, format_local(at))).collect()
}

/// Only these reminders, as a [`Due`].
fn only(reminders: &[Reminder]) -> Due {
    Due { reminders: reminders.to_vec(), overdue_days: Vec::new() }
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn every_offset_weekends_and_quiet_hours() {
    // 28/02/2023 is a Tuesday; the 3-days-before reminder falls on Saturday 25/02.
    let (s, _) = store_with(&["28/02/2023"]);
    let quiet = Settings::default();
    let got = schedule(&s, &quiet, hn(2023, 2, 20, 0, 0), hn(2023, 3, 7, 23, 0));
    assert_eq!(
        got,
        pairs(&[
            ("before_7", "21/02/2023 07:30"),
            // Saturday's "còn 3 ngày" is deferred to Monday, where "còn 1 ngày" supersedes it.
            ("before_1", "27/02/2023 07:30"),
            ("due", "28/02/2023 07:30"),
            ("overdue", "01/03/2023 07:30"),
            ("overdue", "02/03/2023 07:30"),
            ("overdue", "03/03/2023 07:30"),
            // No overdue reminder on Saturday or Sunday: one per working day.
            ("overdue", "06/03/2023 07:30"),
            ("overdue", "07/03/2023 07:30"),
        ])
    );
    let loud = Settings { quiet_hours: false, ..Settings::default() };
    let got = schedule(&s, &loud, hn(2023, 2, 24, 0, 0), hn(2023, 2, 26, 23, 0));
    assert_eq!(got, pairs(&[("before_3", "25/02/2023 07:30")]), "without quiet hours Saturday's reminder comes on Saturday");

    // A reminder time before working hours is deferred to their start; offsets are settings.
    let early = Settings { reminder_time: "06:00".into(), offsets: vec![1], ..Settings::default() };
    assert_eq!(schedule(&s, &early, hn(2023, 2, 26, 0, 0), hn(2023, 2, 27, 23, 0)), pairs(&[("before_1", "27/02/2023 07:00")]));
}

#[test]
fn month_ends() {
    let (s, _) = store_with(&["01/03/2023", "31/03/2023"]);
    let loud = Settings { quiet_hours: false, ..Settings::default() };
    let got = schedule(&s, &loud, hn(2023, 2, 21, 0, 0), hn(2023, 3, 1, 23, 0));
    assert_eq!(
        got,
        pairs(&[("before_7", "22/02/2023 07:30"), ("before_3", "26/02/2023 07:30"), ("before_1", "28/02/2023 07:30"), ("due", "01/03/2023 07:30")])
    );
    let got = schedule(&s, &loud, hn(2023, 3, 24, 0, 0), hn(2023, 3, 24, 23, 0));
    assert_eq!(got, pairs(&[("overdue", "24/03/2023 07:30"), ("before_7", "24/03/2023 07:30")]), "the 01/03 part is overdue by then");
}

#[test]
fn a_changed_deadline_moves_its_reminders_and_completion_stops_them() {
    let (mut s, ids) = store_with(&["28/02/2023", "28/02/2023"]);
    let settings = Settings::default();
    let fired = s.fire_due(hn(2023, 2, 21, 8, 0), false).unwrap();
    assert_eq!(fired.len(), 2, "both before_7 reminders fired on 21/02");
    let task_of_first: i64 = s.conn().query_row("SELECT task_id FROM assignment WHERE id = ?1", [ids[0]], |r| r.get(0)).unwrap();
    let ext = Extension { new_deadline: "15/03/2023".into(), reason: "Chờ số liệu".into(), decided_by: "Chủ tịch".into() };
    s.extend_deadline(&ctx_at(hn(2023, 2, 22, 9, 0)), task_of_first, None, &ext).unwrap();
    s.complete_assignment(&ctx_at(hn(2023, 2, 24, 9, 0)), ids[1], &Completion { completed_on: "24/02/2023".into(), ..Default::default() }).unwrap();
    let due = reminders::due_between(s.conn(), &settings, hn(2023, 2, 21, 8, 0), hn(2023, 3, 15, 23, 0)).unwrap();
    assert!(due.overdue_days.is_empty());
    let got: Vec<(i64, String, String)> = due.reminders.into_iter().map(|r| (r.assignment_id, r.kind.code(), format_local(r.due_at))).collect();
    let first = ids[0];
    assert_eq!(
        got,
        [
            (first, "before_7".to_string(), "08/03/2023 07:30".to_string()),
            (first, "before_3".to_string(), "13/03/2023 07:00".to_string()),
            (first, "before_1".to_string(), "14/03/2023 07:30".to_string()),
            (first, "due".to_string(), "15/03/2023 07:30".to_string()),
        ],
        "the new deadline reminds afresh; the completed part never again; 12/03 is a Sunday"
    );
}

#[test]
fn more_than_three_at_once_become_one_digest() {
    let (s, _) = store_with(&["28/02/2023", "28/02/2023", "28/02/2023", "28/02/2023"]);
    let settings = Settings::default();
    let mut due = reminders::due_between(s.conn(), &settings, hn(2023, 2, 21, 0, 0), hn(2023, 2, 21, 23, 0)).unwrap();
    assert_eq!(due.len(), 4);
    let digest = compose(&due);
    assert_eq!(digest.len(), 1);
    assert_eq!(digest[0].summary, "Hôm nay: 4 nhiệm vụ sắp đến hạn");
    assert_eq!(digest[0].body.lines().next(), Some("UBND xã Mỹ Hà: Báo cáo 1 — hạn 28/02/2023"));
    due.reminders.pop();
    let single = compose(&due);
    assert_eq!(single.len(), 3, "three at once stay three");
    assert_eq!((single[0].summary.as_str(), single[0].body.as_str()), ("Sắp đến hạn (còn 7 ngày)", "UBND xã Mỹ Hà: Báo cáo 1 — hạn 28/02/2023"));
    // Four overdue on 02/03: one overdue day of four parts, one digest.
    let due_day = reminders::due_between(s.conn(), &settings, hn(2023, 3, 2, 0, 0), hn(2023, 3, 2, 23, 0)).unwrap();
    assert_eq!((due_day.reminders.len(), due_day.overdue_days.len(), due_day.overdue_days[0].parts), (0, 1, 4));
    assert_eq!(compose(&due_day)[0].summary, "Hôm nay: 4 quá hạn");
    let late = compose(&only(&due_day.overdue_days[0].first[..1]));
    assert_eq!(late[0].summary, "Quá hạn 2 ngày");
    let today = reminders::due_between(s.conn(), &settings, hn(2023, 2, 28, 0, 0), hn(2023, 2, 28, 23, 0)).unwrap();
    assert_eq!(compose(&only(&today.reminders[..1]))[0].summary, "Đến hạn hôm nay");
}

#[test]
fn catch_up_after_a_week_off_is_one_notification() {
    let (mut s, _) = store_with(&["28/02/2023", "03/03/2023"]);
    assert!(s.fire_due(hn(2023, 2, 20, 8, 0), false).unwrap().is_empty());
    // The app was closed from 20/02 to 06/03.
    let notices = s.fire_due(hn(2023, 3, 6, 9, 0), true).unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let n = &notices[0].1;
    assert_eq!(n.kind, reminders::NoticeKind::CatchUp);
    assert!(n.summary.starts_with("Trong lúc ứng dụng tắt:"), "{}", n.summary);
    assert!(n.body.contains("quá hạn") && n.body.contains("đến hạn"), "{}", n.body);
    // Nothing of that week fires again one by one.
    assert!(s.fire_due(hn(2023, 3, 6, 9, 5), false).unwrap().is_empty());
}

#[test]
fn exactly_once_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        let ctx = ctx_at(hn(2023, 2, 1, 8, 0));
        let conf = s
            .create_conference(
                &ctx,
                &ConferenceInput { title: "G".into(), starts_at: "01/02/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
            )
            .unwrap();
        let d = s.add_directive(conf, "x").unwrap();
        let ha = unit(&s, "xa-my-ha");
        s.create_task(
            &ctx,
            &TaskInput { directive_id: Some(d), title: "Báo cáo".into(), deadline: Some("28/02/2023".into()), lead_unit_ids: vec![ha], ..Default::default() },
        )
        .unwrap();
        assert_eq!(s.fire_due(hn(2023, 2, 21, 7, 31), false).unwrap().len(), 1);
    }
    let mut s = Store::open(&path).unwrap();
    assert!(s.fire_due(hn(2023, 2, 21, 7, 31), false).unwrap().is_empty());
    assert!(s.fire_due(hn(2023, 2, 21, 16, 0), true).unwrap().is_empty());
    let again: i64 = s.conn().query_row("SELECT count(*) FROM reminder_log", [], |r| r.get(0)).unwrap();
    assert_eq!(again, 1);
    assert_eq!(s.next_reminder_at(hn(2023, 2, 21, 16, 0)).unwrap().map(format_local).as_deref(), Some("27/02/2023 07:30"));
}

#[test]
fn custom_reminders_are_deferred_out_of_quiet_hours() {
    let (mut s, ids) = store_with(&["28/02/2023"]);
    // Friday 24/02 at 20:00 is after working hours: it comes on Monday at 07:00.
    s.add_custom_reminder(&ctx_at(hn(2023, 2, 24, 9, 0)), None, Some(ids[0]), "24/02/2023 20:00", Some("Gọi điện nhắc xã")).unwrap();
    let settings = Settings::default();
    let got = reminders::due_between(s.conn(), &settings, hn(2023, 2, 24, 12, 0), hn(2023, 2, 27, 7, 0)).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (matches!(got.reminders[0].kind, reminders::ReminderKind::Custom(_)), format_local(got.reminders[0].due_at)),
        (true, "27/02/2023 07:00".to_string())
    );
    assert_eq!(compose(&got)[0].summary, "Nhắc việc: Gọi điện nhắc xã");
    assert_eq!(s.next_reminder_at(hn(2023, 2, 24, 12, 0)).unwrap().map(format_local).as_deref(), Some("27/02/2023 07:00"));
    let err = s.add_custom_reminder(&ctx_at(hn(2023, 2, 24, 9, 0)), None, Some(ids[0]), "23/02/2023 08:00", None).unwrap_err();
    assert_eq!(err.field(), Some("at"));
}

#[test]
fn morning_digest_when_turned_on() {
    let (mut s, _) = store_with(&["28/02/2023"]);
    s.save_settings(&Settings { morning_digest: true, ..Settings::default() }).unwrap();
    s.fire_due(hn(2023, 3, 1, 6, 0), false).unwrap();
    let fired = s.fire_due(hn(2023, 3, 1, 7, 45), false).unwrap();
    let kinds: Vec<String> = fired.iter().map(|(_, n)| n.kind.code()).collect();
    assert_eq!(kinds, ["morning", "overdue"]);
    assert_eq!(fired[0].1.body, "1 phần việc quá hạn, 0 phần việc đến hạn trong 7 ngày tới.");
    assert!(s.fire_due(hn(2023, 3, 1, 9, 0), false).unwrap().is_empty(), "once a day");
    assert!(s.save_settings(&Settings { work_start: "18:00".into(), ..Settings::default() }).is_err());
}

#[test]
fn long_overdue_work_is_recorded_once_a_day_not_once_a_part() {
    let deadlines: Vec<String> = (1..=9).map(|d| format!("0{d}/02/2023")).collect();
    let (mut s, ids) = store_with(&deadlines.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(s.fire_due(hn(2023, 2, 27, 6, 0), false).unwrap().iter().all(|(_, n)| n.kind != reminders::NoticeKind::Reminder(reminders::ReminderKind::Overdue)));
    let fired = s.fire_due(hn(2023, 2, 27, 8, 0), false).unwrap();
    assert_eq!(fired.len(), 1, "{fired:?}");
    let n = &fired[0].1;
    assert_eq!((n.kind, n.summary.as_str()), (reminders::NoticeKind::Digest, "Hôm nay: 9 quá hạn"));
    let lines: Vec<&str> = n.body.lines().collect();
    assert_eq!(lines.len(), 6, "five named, the rest counted: {lines:?}");
    assert_eq!(lines[0], "UBND xã Mỹ Hà: Báo cáo 1 — hạn 01/02/2023", "oldest deadline first");
    assert_eq!(lines[5], "… và 4 nhiệm vụ khác");
    let count = |s: &Store, sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count(&s, "SELECT count(*) FROM reminder_log WHERE kind = 'overdue'"), 0);
    assert_eq!(count(&s, "SELECT parts FROM reminder_day_log WHERE kind = 'overdue'"), 9);
    assert!(s.fire_due(hn(2023, 2, 27, 17, 0), false).unwrap().is_empty(), "once that day");
    // The next working day fires again, one row for the day.
    assert_eq!(s.fire_due(hn(2023, 2, 28, 8, 0), false).unwrap().len(), 1);
    s.complete_assignment(&ctx_at(hn(2023, 3, 1, 7, 0)), ids[0], &Completion { completed_on: "01/03/2023".into(), ..Default::default() }).unwrap();
    let fired = s.fire_due(hn(2023, 3, 1, 8, 0), false).unwrap();
    assert_eq!(fired[0].1.summary, "Hôm nay: 8 quá hạn", "done work is no longer named");
    assert_eq!(count(&s, "SELECT count(*) FROM reminder_day_log"), 3);
    // A store from before version 8 logged the day part by part: that counts as fired.
    s.conn()
        .execute(
            "INSERT INTO reminder_log (assignment_id, kind, due_at, fired_at) VALUES (?1, 'overdue', '2023-03-02T00:30:00Z', '2023-03-02T00:30:00Z')",
            [ids[1]],
        )
        .unwrap();
    assert!(s.fire_due(hn(2023, 3, 2, 8, 0), false).unwrap().is_empty());
}

#[test]
fn only_reminders_this_transaction_recorded_are_notified() {
    let (mut s, _) = store_with(&["2023-02-28"]);
    let settings = s.settings().unwrap();
    let (from, now) = (hn(2023, 2, 20, 8, 0), hn(2023, 2, 21, 8, 0));
    // Two callers read the same due reminder before either records it (the app and
    // `dondoc-cli remind` on one store): the second one's insert changes nothing.
    let first = reminders::due_between(s.conn(), &settings, from, now).unwrap();
    let second = reminders::due_between(s.conn(), &settings, from, now).unwrap();
    assert_eq!(first.len(), 1);
    let recorded = s.write(|tx| reminders::record_fired(tx, &first, now)).unwrap();
    assert_eq!(recorded, first);
    let again = s.write(|tx| reminders::record_fired(tx, &second, now)).unwrap();
    assert!(again.is_empty(), "already fired by the first: {again:?}");
    assert!(compose(&again).is_empty());
}
