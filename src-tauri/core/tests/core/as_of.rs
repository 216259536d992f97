//! The overview as of a past date counts only what existed on that date: parts of tasks
//! given later and periods begun later are in no category; a unit with nothing due shows
//! no rate ("—") and ranks after the units with one. A conference entered weeks late
//! counts from the day it was held.

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::conferences;
use dondoc_core::queries::stats::{self, UnitStats};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{Ctx, Store};

use crate::{d, store, unit};

/// The secretary's clock: everything is entered on 27/04/2023, weeks after the conferences.
fn entered() -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(2023, 4, 27, 2, 0, 0).unwrap(), "Văn phòng")
}

struct Fixture {
    s: Store,
    held_feb: i64,
    held_mar: i64,
}

/// Conference of 10/02/2023: a report from Mỹ Hà and Mỹ Phúc by 28/02 (Phòng Nội vụ
/// coordinating) and Mỹ Hà's monthly report by the 20th. Conference of 20/03/2023: Mỹ Thịnh
/// by 30/04. Mỹ Hà reported on 25/02 (on time), Mỹ Phúc on 05/03 (late).
fn fixture() -> Fixture {
    let mut s = store();
    let ctx = entered();
    let (ha, phuc, thinh, noi_vu) = (unit(&s, "xa-my-ha"), unit(&s, "xa-my-phuc"), unit(&s, "xa-my-thinh"), unit(&s, "phong-noi-vu"));
    let conference = |s: &mut Store, held: &str| {
        let id = s
            .create_conference(
                &ctx,
                &ConferenceInput { title: format!("Giao ban {held}"), starts_at: format!("{held} 08:00"), format: "online".into(), ..Default::default() },
            )
            .unwrap();
        (id, s.add_directive(id, "Chỉ đạo").unwrap())
    };
    let (held_feb, dir_feb) = conference(&mut s, "10/02/2023");
    let (held_mar, dir_mar) = conference(&mut s, "20/03/2023");
    let report = s
        .create_task(
            &ctx,
            &TaskInput {
                directive_id: Some(dir_feb),
                title: "Báo cáo kết quả CCHC".into(),
                deadline: Some("28/02/2023".into()),
                lead_unit_ids: vec![ha, phuc],
                coordinator_unit_ids: vec![noi_vu],
                ..Default::default()
            },
        )
        .unwrap();
    s.create_task(
        &ctx,
        &TaskInput {
            directive_id: Some(dir_feb),
            title: "Báo cáo vi phạm đất đai".into(),
            recurrence: Some("monthly:20".into()),
            lead_unit_ids: vec![ha],
            ..Default::default()
        },
    )
    .unwrap();
    s.create_task(
        &ctx,
        &TaskInput {
            directive_id: Some(dir_mar),
            title: "Số hóa hồ sơ".into(),
            deadline: Some("30/04/2023".into()),
            lead_unit_ids: vec![thinh],
            ..Default::default()
        },
    )
    .unwrap();
    for part in assignments::list_for_task(s.conn(), report, ctx.today()).unwrap() {
        let on = if part.unit_id == ha { "25/02/2023" } else { "05/03/2023" };
        s.complete_assignment(&ctx, part.id, &Completion { completed_on: on.into(), ..Default::default() }).unwrap();
    }
    Fixture { s, held_feb, held_mar }
}

fn counts(all: &[UnitStats], code: &str) -> Option<(i64, i64, i64, i64, i64, i64)> {
    all.iter().find(|u| u.unit == code).map(|u| (u.total, u.done_on_time, u.done_late, u.in_progress, u.overdue, u.coordinating))
}

#[test]
fn counts_on_a_past_date_include_only_what_existed_then() {
    let f = fixture();
    let on = |day: &str| stats::per_unit(f.s.conn(), d(day)).unwrap();

    let before = on("2023-02-09");
    assert!(before.is_empty(), "nothing was given before the first conference: {before:?}");

    let feb15 = on("2023-02-15");
    assert_eq!(counts(&feb15, "xa-my-ha"), Some((2, 0, 0, 2, 0, 0)), "the report and February's period, both within their deadlines");
    assert_eq!(counts(&feb15, "xa-my-phuc"), Some((1, 0, 0, 1, 0, 0)));
    assert_eq!(counts(&feb15, "phong-noi-vu"), Some((0, 0, 0, 0, 0, 1)), "a coordinating unit is listed with what it coordinates");
    assert_eq!(counts(&feb15, "xa-my-thinh"), None, "its task was given on 20/03");

    let mar10 = on("2023-03-10");
    assert_eq!(counts(&mar10, "xa-my-ha"), Some((3, 1, 0, 1, 1, 0)), "March's period began on 01/03; February's is overdue");
    assert_eq!(counts(&mar10, "xa-my-phuc"), Some((1, 0, 1, 0, 0, 0)));
    assert_eq!(counts(&mar10, "xa-my-thinh"), None);

    let apr27 = on("2023-04-27");
    assert_eq!(counts(&apr27, "xa-my-ha"), Some((4, 1, 0, 0, 3, 0)), "February, March and April's reports are all overdue on the day it is entered");
    assert_eq!(counts(&apr27, "xa-my-thinh"), Some((1, 0, 0, 1, 0, 0)));

    // Each day's counts equal the parts listed as of that day, one by one.
    for day in ["2023-02-09", "2023-02-15", "2023-03-01", "2023-03-10", "2023-03-20", "2023-03-21", "2023-04-27"] {
        let rows = assignments::list(f.s.conn(), &AssignmentFilter::default(), d(day)).unwrap();
        let units = stats::per_unit(f.s.conn(), d(day)).unwrap();
        assert_eq!(units.iter().map(|u| u.total).sum::<i64>(), rows.len() as i64, "{day}");
        for u in &units {
            assert_eq!(crate::unit_counts(u), crate::status_counts(rows.iter().filter(|r| r.unit_id == u.unit_id)), "{} on {day}", u.unit);
        }
    }
}

#[test]
fn a_unit_with_nothing_due_has_no_rate_and_ranks_last() {
    let f = fixture();
    let day = d("2023-03-25");
    let overview = f.s.dashboard(day).unwrap();
    let rows: Vec<(&str, Option<i64>)> =
        overview.units.iter().map(|u| (u.counts.unit.as_str(), u.on_time_percent.map(|p| (p * 10.0).round() as i64))).collect();
    // Mỹ Hà: 1 of 3 due done on time (February's and March's periods are overdue);
    // Mỹ Phúc: 0 of 1; Mỹ Thịnh (its part is within its deadline) and Phòng Nội vụ (it only
    // coordinates) have nothing due: "—", after them.
    assert_eq!(rows, [("xa-my-ha", Some(333)), ("xa-my-phuc", Some(0)), ("xa-my-thinh", None), ("phong-noi-vu", None)]);
    // On 15/03 March's period is not yet due, so it does not lower Mỹ Hà's rate.
    let mid_march = f.s.dashboard(d("2023-03-15")).unwrap();
    assert_eq!(mid_march.units[0].on_time_percent, Some(50.0));
    let json = serde_json::to_value(&overview.units[2]).unwrap();
    assert_eq!(json["onTimePercent"], serde_json::Value::Null);
}

#[test]
fn conference_progress_on_a_past_date_counts_only_what_existed() {
    let f = fixture();
    let progress = |id: i64, day: &str| {
        let one_pass = conferences::list(f.s.conn(), &Default::default(), d(day)).unwrap().into_iter().find(|c| c.conference.id == id).unwrap().progress;
        let row_by_row = assignments::progress_for_conference(f.s.conn(), id, d(day)).unwrap();
        assert_eq!(one_pass, row_by_row, "conference {id} on {day}");
        (one_pass.total, one_pass.done, one_pass.overdue)
    };
    assert_eq!(progress(f.held_feb, "2023-02-09"), (0, 0, 0));
    assert_eq!(progress(f.held_feb, "2023-02-15"), (3, 0, 0));
    assert_eq!(progress(f.held_feb, "2023-03-10"), (4, 2, 1));
    assert_eq!(progress(f.held_mar, "2023-03-10"), (0, 0, 0), "held on 20/03");
    assert_eq!(progress(f.held_mar, "2023-03-20"), (1, 0, 0));
    let detail = f.s.conference_detail(f.held_feb, d("2023-02-15")).unwrap();
    assert_eq!((detail.progress.total, detail.directives[0].tasks[1].progress.total), (3, 1), "the monthly task had only February's part");
}

/// The list as of a date, which `tasks list --at` prints, leaves out what did not exist.
#[test]
fn lists_as_of_a_date_leave_out_later_work() {
    let f = fixture();
    let periods = |day: &str| -> Vec<String> {
        let mut v: Vec<String> =
            assignments::list(f.s.conn(), &AssignmentFilter::default(), d(day)).unwrap().into_iter().map(|r| format!("{}:{}", r.unit_code, r.period)).collect();
        v.sort();
        v
    };
    assert_eq!(periods("2023-02-28"), ["xa-my-ha:", "xa-my-ha:2023-02", "xa-my-phuc:"]);
    assert_eq!(periods("2023-03-01"), ["xa-my-ha:", "xa-my-ha:2023-02", "xa-my-ha:2023-03", "xa-my-phuc:"]);
    assert_eq!(periods("2023-03-20").len(), 5, "Mỹ Thịnh's task was given on 20/03");
    let first: NaiveDate = d("2023-02-10");
    assert!(assignments::list(f.s.conn(), &AssignmentFilter::default(), first).unwrap().iter().all(|r| r.opens_on.as_str() <= "2023-02-10"));
}

/// A store of schema 10 gets its given dates and opening days on upgrade: a recurring task
/// from a conference held on 10/02/2023 but typed on 27/04/2023 (whose periods began at
/// the typing, the old rule) then counts from February, and its missed periods appear.
#[test]
fn an_older_store_is_given_its_dates_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let (path, conn) = crate::older_store(dir.path(), 10);
    {
        conn.execute_batch(
            "INSERT INTO unit (id, code, name, short_name, kind, position) VALUES (1, 'xa-my-ha', 'UBND xã Mỹ Hà', 'Mỹ Hà', 'commune', 1);
             INSERT INTO conference (id, title, kind, starts_at, format, created_at, updated_at)
                 VALUES (1, 'Giao ban', 'giao_ban', '2023-02-10T01:00:00Z', 'online', '2023-04-27T02:00:00Z', '2023-04-27T02:00:00Z');
             INSERT INTO directive (id, conference_id, ordinal, text) VALUES (1, 1, 1, 'Chỉ đạo');
             INSERT INTO task (id, directive_id, title, recurrence, recurrence_start, created_at, updated_at)
                 VALUES (1, 1, 'Báo cáo vi phạm đất đai', 'monthly:20', '2023-04-27', '2023-04-27T02:00:00Z', '2023-04-27T02:00:00Z');
             INSERT INTO task (id, directive_id, title, deadline, created_at, updated_at)
                 VALUES (2, 1, 'Báo cáo nhầm hạn', '2023-02-05', '2023-04-27T02:00:00Z', '2023-04-27T02:00:00Z');
             INSERT INTO task (id, source_ref, title, deadline, created_at, updated_at)
                 VALUES (3, 'CV 45', 'Việc theo văn bản', '2023-06-30', '2023-03-14T20:00:00Z', '2023-03-14T20:00:00Z');
             INSERT INTO task_unit (task_id, unit_id, role) VALUES (1, 1, 'lead'), (2, 1, 'lead'), (3, 1, 'lead');
             INSERT INTO assignment (task_id, unit_id, period, deadline, created_at, updated_at)
                 VALUES (1, 1, '2023-05', '2023-05-20', '2023-04-27T02:00:00Z', '2023-04-27T02:00:00Z'),
                        (2, 1, '', '2023-02-05', '2023-04-27T02:00:00Z', '2023-04-27T02:00:00Z'),
                        (3, 1, '', '2023-06-30', '2023-03-14T20:00:00Z', '2023-03-14T20:00:00Z');",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    let given: Vec<String> =
        s.conn().prepare("SELECT given_on FROM task ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(given, ["2023-02-10", "2023-02-10", "2023-03-15"], "the conference's day; a standalone task's entry day in Hà Nội");
    let opens: Vec<(i64, String, String)> = s
        .conn()
        .prepare("SELECT task_id, period, opens_on FROM assignment ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        opens,
        [(1, "2023-05".into(), "2023-05-01".into()), (2, String::new(), "2023-02-05".into()), (3, String::new(), "2023-03-15".into())],
        "May's period opens when it begins; a part never opens after its own deadline"
    );
    s.roll_recurrences(&Ctx::new(Utc.with_ymd_and_hms(2023, 5, 2, 2, 0, 0).unwrap(), "Văn phòng")).unwrap();
    let periods: Vec<String> = s
        .conn()
        .prepare("SELECT period FROM assignment WHERE task_id = 1 ORDER BY period")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(periods, ["2023-02", "2023-03", "2023-04", "2023-05"], "the periods missed under the old rule appear");
}

/// A coordinating unit sees what it coordinates on its page, apart from its own parts; the
/// page as of a date has the overview's counts for that date.
#[test]
fn a_unit_page_as_of_a_date_shows_its_parts_and_what_it_coordinates() {
    let f = fixture();
    let noi_vu = unit(&f.s, "phong-noi-vu");
    assert!(f.s.unit_page(noi_vu, d("2023-02-09")).unwrap().coordinating.is_empty(), "not given yet");
    let page = f.s.unit_page(noi_vu, d("2023-03-10")).unwrap();
    assert!(page.assignments.is_empty(), "a coordinator has no part of its own");
    let c = &page.coordinating[..];
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].title.as_str(), c[0].leads.clone(), c[0].given_on.as_deref()),
        ("Báo cáo kết quả CCHC", vec!["Mỹ Hà".to_string(), "Mỹ Phúc".to_string()], Some("2023-02-10"))
    );
    assert_eq!((c[0].progress.total, c[0].progress.done, c[0].progress.done_on_time), (2, 2, 1));
    assert_eq!((page.counts.total, page.counts.coordinating, page.on_time_percent), (0, 1, None));

    let ha = unit(&f.s, "xa-my-ha");
    for day in ["2023-02-15", "2023-03-10", "2023-04-27"] {
        let page = f.s.unit_page(ha, d(day)).unwrap();
        let line = stats::per_unit(f.s.conn(), d(day)).unwrap().into_iter().find(|u| u.unit_id == ha).unwrap();
        assert_eq!(page.counts, line, "the page's counts are its line on the overview, {day}");
        assert_eq!(crate::status_counts(&page.assignments), crate::unit_counts(&line), "its list holds exactly what is counted, {day}");
    }
    let thinh = unit(&f.s, "xa-my-thinh");
    let empty = f.s.unit_page(thinh, d("2023-03-01")).unwrap();
    assert_eq!((empty.counts.unit.as_str(), empty.counts.total, empty.assignments.len()), ("xa-my-thinh", 0, 0));
}
