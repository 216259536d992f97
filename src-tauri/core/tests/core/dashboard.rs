//! The office's overview: each list shows the same handful of rows, the most urgent
//! first, and its total counts the whole store, so "Xem tất cả N" says what the full list
//! holds.

use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::conferences::{self, ConferenceFilter};
use dondoc_core::store::DASHBOARD_ROWS;
use dondoc_devtools::benchdata;

use crate::store;

#[test]
fn overview_lists_are_the_head_of_the_full_lists_and_totals_count_everything() {
    let mut s = store();
    benchdata::generate(s.conn_mut(), 1000, 7).unwrap();
    let as_of = benchdata::as_of();
    let overview = s.dashboard(as_of).unwrap();

    let overdue = assignments::list(s.conn(), &AssignmentFilter { status: Some(dondoc_core::status::Status::Overdue), ..Default::default() }, as_of).unwrap();
    assert!(overdue.len() > DASHBOARD_ROWS, "the generated store has more overdue parts than the overview shows");
    assert_eq!(overview.overdue_total, overdue.len() as i64);
    let ids = |rows: &[assignments::AssignmentRow]| rows.iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(&overview.overdue), ids(&overdue[..DASHBOARD_ROWS]));

    let with_work: Vec<_> =
        conferences::list(s.conn(), &ConferenceFilter::default(), as_of).unwrap().into_iter().filter(|c| c.progress.total > c.progress.done).collect();
    assert!(with_work.len() > DASHBOARD_ROWS);
    assert_eq!(overview.conferences_total, with_work.len() as i64);
    assert_eq!(overview.conferences.len(), DASHBOARD_ROWS);
    // The most overdue work first: no conference left out has more overdue parts than one shown.
    let least_shown = overview.conferences.iter().map(|c| c.progress.overdue).min().unwrap();
    let shown: Vec<i64> = overview.conferences.iter().map(|c| c.conference.id).collect();
    assert!(overview.conferences.windows(2).all(|w| w[0].progress.overdue >= w[1].progress.overdue));
    assert!(with_work.iter().filter(|c| !shown.contains(&c.conference.id)).all(|c| c.progress.overdue <= least_shown));

    let starred = assignments::list(s.conn(), &AssignmentFilter { starred: Some(true), ..Default::default() }, as_of).unwrap();
    assert!(!starred.is_empty());
    assert_eq!(ids(&overview.starred), ids(&starred[..starred.len().min(DASHBOARD_ROWS)]));
}

/// The overview reads whole only the conferences it shows, picked by every conference's
/// progress: the same rows, in the same order, as the obvious computation from the full
/// conference list (with work left, most overdue, then most open, newest first among
/// equals), on past dates too.
#[test]
fn overview_conferences_are_the_full_lists_most_overdue() {
    let mut s = store();
    benchdata::generate(s.conn_mut(), 1500, 5).unwrap();
    // Sites in every connection state, and conferences held at the same moment (the id decides).
    s.conn()
        .execute_batch(
            "INSERT INTO conference_site (conference_id, unit_id, connection, position)
               SELECT c.id, u.id, CASE (c.id + u.id) % 3 WHEN 0 THEN 'connected' WHEN 1 THEN 'not_connected' ELSE 'partial' END, u.position
               FROM conference c JOIN unit u ON u.id <= c.id % 5 + 1;
             UPDATE conference SET starts_at = (SELECT min(starts_at) FROM conference) WHERE id % 4 = 0;",
        )
        .unwrap();
    let same = |s: &dondoc_core::Store, day: &str| {
        let as_of = crate::d(day);
        let mut with_work: Vec<_> =
            conferences::list(s.conn(), &ConferenceFilter::default(), as_of).unwrap().into_iter().filter(|c| c.progress.total > c.progress.done).collect();
        let total = with_work.len() as i64;
        with_work.sort_by_key(|c| (std::cmp::Reverse(c.progress.overdue), std::cmp::Reverse(c.progress.total - c.progress.done)));
        with_work.truncate(DASHBOARD_ROWS);
        let overview = s.dashboard(as_of).unwrap();
        assert_eq!(overview.conferences_total, total, "{day}");
        assert_eq!(overview.conferences, with_work, "{day}");
        assert!(overview.conferences.iter().any(|c| c.sites_partial > 0 && c.sites_connected < c.sites_total), "{day}: sites of every kind are shown");
    };
    for day in ["2024-01-20", "2024-03-01", "2024-06-30", "2024-12-31"] {
        same(&s, day);
    }
    // Every conference with one overdue part left and the newest held at the same moment:
    // all tied, so the order among equals decides which are shown.
    s.conn()
        .execute_batch(
            "UPDATE assignment SET state = 'done', completed_on = opens_on WHERE state IN ('not_started', 'in_progress') AND id NOT IN
               (SELECT min(a.id) FROM assignment a JOIN task t ON t.id = a.task_id JOIN directive d ON d.id = t.directive_id
                WHERE a.state IN ('not_started', 'in_progress') GROUP BY d.conference_id);
             UPDATE assignment SET deadline = opens_on WHERE state IN ('not_started', 'in_progress');
             UPDATE conference SET starts_at = (SELECT max(starts_at) FROM conference) WHERE id % 4 = 0;",
        )
        .unwrap();
    same(&s, "2025-12-31");
}
