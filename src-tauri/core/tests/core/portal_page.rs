//! The portal's list in pages (issue 17): every page put together is the whole list in the
//! documented order, whatever the page size; a tick between two pages skips nothing else; a
//! bad limit, group or cursor is refused; a cursor never widens what a caller sees; a unit's
//! page reads the unit's parts through its index, never the whole store.

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_core::model::{TargetOp, TargetScope};
use dondoc_core::portal::{AssignmentLine, Caller, PageQuery};
use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::portal_page::{self, Segment};
use dondoc_core::queries::tasks::Target;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::status::Status;
use dondoc_core::{Ctx, Store};

use crate::{d, store, unit};

/// Entered on 27/02/2023.
fn now() -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap(), "Văn phòng")
}

fn task(s: &mut Store, title: &str, given: &str, deadline: Option<&str>, target: bool, leads: &[i64]) -> i64 {
    let target = target.then(|| Target { metric: "Tỷ lệ".into(), op: TargetOp::Ge, value: 90.0, unit: Some("%".into()), scope: TargetScope::Each });
    s.create_task(
        &now(),
        &TaskInput {
            title: title.into(),
            source_ref: Some("TB số 12/TB-UBND".into()),
            given_on: Some(given.into()),
            deadline: deadline.map(str::to_string),
            target,
            lead_unit_ids: leads.to_vec(),
            ..Default::default()
        },
    )
    .unwrap()
}

/// The part of `unit` in task `task`.
fn part(s: &Store, task: i64, unit: i64) -> i64 {
    let rows = assignments::list(s.conn(), &AssignmentFilter { task_id: Some(task), unit_id: Some(unit), ..Default::default() }, d("2023-02-27")).unwrap();
    rows[0].id
}

fn done(s: &mut Store, id: i64, on: &str, value: Option<f64>) {
    let c = Completion { completed_on: on.into(), note: Some("xong".into()), reported_value: value };
    s.complete_assignment(&now(), id, &c).unwrap();
}

/// Mỹ Hà and Mỹ Phúc share every task (so the office sees each twice), with every status on
/// 27/02/2023: overdue (two on one deadline), in progress (two on one deadline), without a
/// deadline, done on time, late, without a deadline, target missed, cancelled, and a task
/// given on 15/02/2023 (not there on 10/02). Mỹ Phúc ticks nothing.
fn fixture() -> (Store, i64, i64) {
    let mut s = store();
    let (ha, phuc) = (unit(&s, "xa-my-ha"), unit(&s, "xa-my-phuc"));
    let both = [ha, phuc];
    let g = "01/01/2023";
    for (i, deadline) in ["20/01/2023", "05/02/2023", "05/02/2023", "10/03/2023", "31/03/2023", "10/03/2023"].iter().enumerate() {
        task(&mut s, &format!("Việc có hạn {i}"), g, Some(deadline), false, &both);
    }
    for i in 0..3 {
        task(&mut s, &format!("Việc không hạn {i}"), g, None, false, &both);
    }
    let on_time = task(&mut s, "Xong đúng hạn", g, Some("05/02/2023"), false, &both);
    let late = task(&mut s, "Xong quá hạn (sau 10/02)", g, Some("20/01/2023"), false, &both);
    let no_deadline = task(&mut s, "Xong, không hạn", g, None, false, &both);
    let missed = task(&mut s, "Không đạt chỉ tiêu", g, Some("28/02/2023"), true, &both);
    let later = task(&mut s, "Giao sau 10/02", "15/02/2023", Some("10/03/2023"), false, &both);
    let cancelled = [task(&mut s, "Hủy 1", g, Some("10/02/2023"), false, &both), task(&mut s, "Hủy 2", g, None, false, &both)];
    for (t, on, value) in [
        (on_time, "01/02/2023", None),
        (late, "20/02/2023", None),
        (no_deadline, "01/02/2023", None),
        (missed, "08/02/2023", Some(50.0)),
        (later, "26/02/2023", None),
    ] {
        let id = part(&s, t, ha);
        done(&mut s, id, on, value);
    }
    for t in cancelled {
        let id = part(&s, t, ha);
        s.cancel_assignment(&now(), id, "Không còn phù hợp").unwrap();
    }
    (s, ha, phuc)
}

/// The list as the module documents it, worked out from the plain list: open on `at`
/// (deadline, none last, then id), then done (newest completion, then highest id), then
/// cancelled (highest id).
fn documented(s: &Store, unit: Option<i64>, at: NaiveDate) -> Vec<i64> {
    let rows = assignments::list(s.conn(), &AssignmentFilter { unit_id: unit, ..Default::default() }, at).unwrap();
    let open_status = |st: Status| matches!(st, Status::Overdue | Status::InProgress | Status::OpenNoDeadline);
    let mut open: Vec<_> = rows.iter().filter(|r| open_status(r.status)).collect();
    open.sort_by(|a, b| (a.deadline.is_none(), &a.deadline, a.id).cmp(&(b.deadline.is_none(), &b.deadline, b.id)));
    let mut done: Vec<_> = rows.iter().filter(|r| !open_status(r.status) && r.status != Status::Cancelled).collect();
    done.sort_by(|a, b| (&b.completed_on, b.id).cmp(&(&a.completed_on, a.id)));
    let mut cancelled: Vec<_> = rows.iter().filter(|r| r.status == Status::Cancelled).collect();
    cancelled.sort_by_key(|r| std::cmp::Reverse(r.id));
    open.into_iter().chain(done).chain(cancelled).map(|r| r.id).collect()
}

/// Every page of `status` with `limit` lines, followed by their cursors: the lines, and the
/// total each page said.
fn all_pages(s: &Store, caller: &Caller, at: NaiveDate, status: Option<&str>, limit: usize) -> (Vec<AssignmentLine>, Vec<i64>) {
    let (mut lines, mut totals, mut after) = (Vec::new(), Vec::new(), None::<String>);
    loop {
        let q = PageQuery::parse(status, Some(&limit.to_string()), after.as_deref()).unwrap();
        let page = s.portal_page(caller, at, &q).unwrap();
        assert!(page.lines.len() <= limit, "a page holds at most {limit}");
        assert!(page.next.is_none() || page.lines.len() == limit, "only a full page says more remain");
        lines.extend(page.lines);
        totals.push(page.total);
        match page.next {
            Some(next) => after = Some(next),
            None => return (lines, totals),
        }
        assert!(lines.len() < 10_000, "paging ends");
    }
}

fn ids(lines: &[AssignmentLine]) -> Vec<i64> {
    lines.iter().map(|l| l.line.id).collect()
}

fn ha_caller(s: &Store) -> Caller {
    Caller::Unit { unit_id: unit(s, "xa-my-ha"), name: "UBND xã Mỹ Hà".into() }
}

#[test]
fn the_pages_put_together_are_the_whole_list_in_its_order() {
    let (s, ha, _) = fixture();
    let office = Caller::Office { name: "Văn phòng".into() };
    for at in [d("2023-02-27"), d("2023-02-10")] {
        for (caller, unit) in [(ha_caller(&s), Some(ha)), (office.clone(), None)] {
            let want = documented(&s, unit, at);
            assert!(want.len() > 7, "enough lines for several pages: {}", want.len());
            for limit in [1, 7, 500] {
                let (lines, totals) = all_pages(&s, &caller, at, None, limit);
                assert_eq!(ids(&lines), want, "limit {limit} on {at} for {caller:?}");
                assert!(totals.iter().all(|t| *t == want.len() as i64), "X-Total-Count on every page: {totals:?}");
                // The two groups apart, the same lines.
                let (open, open_totals) = all_pages(&s, &caller, at, Some("open"), limit);
                let (closed, closed_totals) = all_pages(&s, &caller, at, Some("done"), limit);
                assert_eq!([ids(&open), ids(&closed)].concat(), want);
                assert!(open.iter().all(|l| matches!(l.line.status, "overdue" | "in_progress" | "open_no_deadline")), "{open:?}");
                assert!(closed.iter().all(|l| !matches!(l.line.status, "overdue" | "in_progress" | "open_no_deadline")));
                assert_eq!((open_totals[0], closed_totals[0]), (open.len() as i64, closed.len() as i64));
            }
        }
    }
    // On 10/02 the part done on 20/02 was open (overdue); the task given on 15/02 was not there.
    let ha = ha_caller(&s);
    let (on_10, _) = all_pages(&s, &ha, d("2023-02-10"), Some("open"), 500);
    let late = on_10.iter().find(|l| l.line.title == "Xong quá hạn (sau 10/02)").expect("open on 10/02");
    assert_eq!(late.line.status, "overdue");
    assert!(on_10.iter().all(|l| l.line.title != "Giao sau 10/02"));
    let (on_27, _) = all_pages(&s, &ha, d("2023-02-27"), None, 500);
    let statuses: std::collections::BTreeSet<&str> = on_27.iter().map(|l| l.line.status).collect();
    for st in ["overdue", "in_progress", "open_no_deadline", "done_on_time", "done_late", "done_no_deadline", "target_missed", "cancelled"] {
        assert!(statuses.contains(st), "the store has a {st} line: {statuses:?}");
    }
    assert_eq!(on_27[0].line.deadline.as_deref(), Some("2023-01-20"), "overdue first");
}

#[test]
fn a_tick_between_two_pages_skips_no_other_part() {
    let (mut s, ha, _) = fixture();
    let caller = ha_caller(&s);
    let at = d("2023-02-27");
    let open_before = {
        let all = documented(&s, Some(ha), at);
        let (open, _) = all_pages(&s, &caller, at, Some("open"), 500);
        assert!(ids(&open).iter().all(|id| all.contains(id)));
        ids(&open)
    };
    let q = PageQuery::parse(Some("open"), Some("3"), None).unwrap();
    let first = s.portal_page(&caller, at, &q).unwrap();
    assert_eq!(ids(&first.lines), open_before[..3]);
    // The unit ticks off the first part it was shown, then asks for the next page.
    done(&mut s, first.lines[0].line.id, "27/02/2023", None);
    let mut seen = ids(&first.lines);
    let mut after = first.next;
    while let Some(cursor) = after {
        let page = s.portal_page(&caller, at, &PageQuery::parse(Some("open"), Some("3"), Some(&cursor)).unwrap()).unwrap();
        seen.extend(ids(&page.lines));
        assert_eq!(page.total, open_before.len() as i64 - 1, "the ticked part left the open group");
        after = page.next;
    }
    assert_eq!(seen, open_before, "every open part once, none skipped");
}

fn refused(e: &dondoc_core::CoreError, field: &str, why: &str) {
    assert_eq!(e.code(), "validation", "{why}: {e}");
    assert_eq!(e.field(), Some(field), "{why}: {e}");
}

#[test]
fn a_bad_limit_group_or_cursor_is_refused() {
    for (limit, why) in [("0", "zero"), ("501", "over 500"), ("x", "not a number"), ("100000", "far over"), ("-1", "negative"), ("1.5", "a fraction")] {
        let e = PageQuery::parse(None, Some(limit), None).unwrap_err();
        refused(&e, "limit", why);
        assert!(e.to_string().contains("từ 1 đến 500"), "{e}");
    }
    for ok in ["1", "500", "100"] {
        assert_eq!(PageQuery::parse(None, Some(ok), None).unwrap().limit, ok.parse::<usize>().unwrap());
    }
    assert_eq!(PageQuery::parse(None, None, None).unwrap().limit, 100, "the default");
    refused(&PageQuery::parse(Some("all"), None, None).unwrap_err(), "status", "all");
    for cursor in ["zzz", "o.2023-13-01.5", "o.2023-02-01.-1", "o.2023-02-01.0", "d.2023-02-01", "n.12.3", "c.", "o.2023-2-01.5", "c.+5", "x.5"] {
        refused(&PageQuery::parse(None, None, Some(cursor)).unwrap_err(), "after", cursor);
    }
    let e = PageQuery::parse(Some("open"), None, Some("d.2023-02-01.5")).unwrap_err();
    assert_eq!(e.field(), Some("after"), "a cursor of the done group does not continue the open one");
    assert!(PageQuery::parse(Some("done"), None, Some("d.2023-02-01.5")).is_ok());
}

#[test]
fn a_cursor_never_widens_what_a_unit_sees() {
    let (s, ha, phuc) = fixture();
    let my_phuc = Caller::Unit { unit_id: phuc, name: "UBND xã Mỹ Phúc".into() };
    let my_ha = ha_caller(&s);
    let at = d("2023-02-27");
    // Cursors made from Mỹ Phúc's lines, in every run of the list, given to Mỹ Hà.
    let (phuc_lines, _) = all_pages(&s, &my_phuc, at, None, 1);
    let mut cursors = Vec::new();
    let mut after = None::<String>;
    loop {
        let page = s.portal_page(&my_phuc, at, &PageQuery::parse(None, Some("1"), after.as_deref()).unwrap()).unwrap();
        match page.next {
            Some(n) => {
                cursors.push(n.clone());
                after = Some(n);
            }
            None => break,
        }
    }
    assert_eq!(cursors.len() + 1, phuc_lines.len());
    let mine = documented(&s, Some(ha), at);
    for cursor in cursors {
        let (lines, _) = {
            let page = s.portal_page(&my_ha, at, &PageQuery::parse(None, Some("500"), Some(&cursor)).unwrap()).unwrap();
            (page.lines, page.total)
        };
        assert!(lines.iter().all(|l| l.line.unit == "xa-my-ha"), "{cursor}: only Mỹ Hà's parts");
        let got = ids(&lines);
        assert!(got.iter().all(|id| mine.contains(id)));
        // The cursor only says where to continue: Mỹ Hà's list from that position on.
        assert_eq!(got, mine[mine.len() - got.len()..], "{cursor}");
    }
}

/// The query plans: a unit's passes search its parts by `assignment_unit_deadline` (the
/// done ones by `assignment_unit_done`), its
/// counts the tally by unit and the covering index of opening dates; none reads the whole
/// table.
#[test]
fn a_units_page_reads_its_parts_by_index_not_the_store() {
    let (s, _, _) = fixture();
    let plan = |sql: &str| -> String {
        let mut stmt = s.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let unbound = vec![rusqlite::types::Null; stmt.parameter_count()];
        let details: Vec<String> = stmt.query_map(rusqlite::params_from_iter(unbound), |r| r.get::<_, String>(3)).unwrap().map(Result::unwrap).collect();
        details.join("\n")
    };
    for seg in Segment::ALL {
        let sql = portal_page::segment_sql(seg, true);
        let p = plan(&sql);
        if seg == Segment::Done {
            // Newest completion first straight from the index (migration 15): no sort of the unit's parts.
            assert!(p.contains("SEARCH a USING INDEX assignment_unit_done (unit_id=? AND state=? AND completed_on<"), "{sql}\n{p}");
            assert!(!p.contains("TEMP B-TREE"), "{sql}\n{p}");
        } else if seg == Segment::Cancelled {
            assert!(p.contains("SEARCH a USING INDEX assignment_unit_done (unit_id=? AND state=?)"), "{sql}\n{p}");
        } else {
            assert!(p.contains("SEARCH a USING INDEX assignment_unit_deadline (unit_id=?"), "{sql}\n{p}");
        }
        assert!(!p.contains("SCAN a"), "{sql}\n{p}");
    }
    let p = plan(&portal_page::counts_sql(true));
    assert!(p.contains("SEARCH unit_day_count USING PRIMARY KEY (unit_id=?)"), "{p}");
    assert!(p.contains("SEARCH a USING COVERING INDEX assignment_open_after (opens_on>?)"), "{p}");
    assert!(!p.contains("SCAN a") && !p.contains("SCAN unit_day_count"), "{p}");
    // The office's open parts come in deadline order from the index, not sorted from all.
    let p = plan(&portal_page::segment_sql(Segment::OpenDated, false));
    assert!(p.contains("assignment_open_deadline"), "{p}");
}
