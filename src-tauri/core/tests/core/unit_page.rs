//! A unit's page at 100k reads its own line of counts and its parts without SQLite sorting
//! them: both must give what the obvious computation gives, on any "tính đến ngày" date.

use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::{stats, units};
use dondoc_devtools::benchdata;

use crate::{d, store};

/// Past dates of the generated store (tasks given from 01/01/2024, as of 30/06/2024, due
/// within 6 months) and one after everything: parts not given yet, due, overdue, done on
/// time, late and later than the date, cancelled, recurring periods.
const DAYS: [&str; 6] = ["2023-12-01", "2024-02-01", "2024-04-15", "2024-06-30", "2024-10-01", "2025-12-31"];

#[test]
fn a_units_parts_come_in_the_order_of_the_list_sorted_by_urgency() {
    let mut s = store();
    benchdata::generate(s.conn_mut(), 1500, 11).unwrap();
    // Ties on the deadline within a unit, so the period and id decide.
    s.conn()
        .execute_batch(
            "UPDATE assignment SET deadline = '2024-05-31' WHERE id % 7 = 0 AND deadline IS NOT NULL AND state <> 'done' AND opens_on <= '2024-05-31'",
        )
        .unwrap();
    let mut statuses = std::collections::BTreeSet::new();
    for day in DAYS {
        for unit in units::list_units(s.conn()).unwrap() {
            // The obvious computation: the unit's rows in the list's order, sorted (stably) by urgency.
            let mut expected = assignments::list(s.conn(), &AssignmentFilter { unit_id: Some(unit.id), ..Default::default() }, d(day)).unwrap();
            expected.sort_by_key(|r| match r.status {
                dondoc_core::status::Status::Overdue => 0,
                dondoc_core::status::Status::InProgress => 1,
                dondoc_core::status::Status::OpenNoDeadline => 2,
                dondoc_core::status::Status::TargetMissed => 3,
                dondoc_core::status::Status::Cancelled => 5,
                _ => 4,
            });
            statuses.extend(expected.iter().map(|r| r.status.code()));
            let page = s.unit_page(unit.id, d(day)).unwrap();
            assert_eq!(page.assignments, expected, "{} on {day}", unit.code);
            let line = stats::per_unit(s.conn(), d(day)).unwrap().into_iter().find(|u| u.unit_id == unit.id);
            assert_eq!(Some(page.counts.clone()).filter(|c| !c.is_empty()), line, "{} on {day}", unit.code);
        }
    }
    assert_eq!(statuses.len(), 8, "every status is met: {statuses:?}");
}
