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
