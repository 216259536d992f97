//! Integration tests of dondoc-core on temporary stores: one binary, one module per area.

mod as_of;
mod attendee_paste;
mod backup;
mod backup_place;
mod calendar;
mod conclusion;
mod concurrency;
mod conference_log;
mod conference_search;
mod dashboard;
mod desk;
mod evidence;
mod export;
mod follow_up;
mod hostile;
mod lengths;
mod notice;
mod par;
mod par_bad;
mod par_follow_up;
mod par_sheet;
mod portal;
mod portal_page;
mod recurring;
mod registry;
mod reminders;
mod report;
mod report_docx;
mod review;
mod slice;
mod unit_counts;
mod unit_lookup;
mod unit_page;
mod validation;

use chrono::{NaiveDate, TimeZone, Utc};
use dondoc_core::queries::assignments::AssignmentRow;
use dondoc_core::queries::{stats, units};
use dondoc_core::status::Status;
use dondoc_core::{Ctx, Store};

/// A context on 27/02/2023 09:00 in Hà Nội, acting as the office.
pub fn ctx() -> Ctx {
    Ctx::new(Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap(), "Văn phòng")
}

/// A date as the tests write it, YYYY-MM-DD.
pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A fresh in-memory store seeded with Mỹ Lộc's registry.
pub fn store() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

/// Id of the unit with `code`.
pub fn unit(store: &Store, code: &str) -> i64 {
    units::find_unit_by_code(store.conn(), code).unwrap().unwrap_or_else(|| panic!("unit {code}")).id
}

/// Id of the group with `code`.
pub fn group(store: &Store, code: &str) -> i64 {
    units::list_groups(store.conn()).unwrap().into_iter().find(|g| g.code == code).unwrap().id
}

/// A unit's counts per status, in the order of [`status_counts`].
pub fn unit_counts(u: &stats::UnitStats) -> [i64; 8] {
    [u.done_on_time, u.done_late, u.done_no_deadline, u.target_missed, u.in_progress, u.overdue, u.open_no_deadline, u.cancelled]
}

/// How many of `rows` have each status, in the order of [`unit_counts`].
pub fn status_counts<'a>(rows: impl IntoIterator<Item = &'a AssignmentRow>) -> [i64; 8] {
    use Status::*;
    let order = [DoneOnTime, DoneLate, DoneNoDeadline, TargetMissed, InProgress, Overdue, OpenNoDeadline, Cancelled];
    let mut counts = [0; 8];
    for row in rows {
        counts[order.iter().position(|s| *s == row.status).expect("every status is counted")] += 1;
    }
    counts
}

/// A store file in `dir` brought only up to schema `version`, as an older Đôn đốc left it,
/// with its connection for the test to fill in the old shape.
pub fn older_store(dir: &std::path::Path, version: usize) -> (std::path::PathBuf, rusqlite::Connection) {
    let path = dir.join(format!("v{version}.sqlite3"));
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    dondoc_core::db::migrations().to_version(&mut conn, version).unwrap();
    (path, conn)
}

/// The rows as the window sends them when the secretary changes nothing.
pub fn as_proposed(rows: &[dondoc_core::conclusion::ReviewRow]) -> Vec<dondoc_core::conclusion::AcceptedRow> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| dondoc_core::conclusion::AcceptedRow {
            sentence: r.directive_text.clone(),
            directive_number: r.directive_number,
            proposal: Some(i as u32),
            task: dondoc_core::rules::task::TaskInput {
                title: r.proposed.summary.clone(),
                // The window shows and sends dates as dd/mm/yyyy.
                deadline: r.proposed.deadline.as_deref().map(|x| d(x).format("%d/%m/%Y").to_string()),
                recurrence: r.proposed.recurrence.map(|r| r.code()),
                lead_unit_ids: r.lead_unit_ids.clone(),
                lead_group_ids: r.lead_group_ids.clone(),
                coordinator_unit_ids: r.coordinator_unit_ids.clone(),
                target: r.proposed.target.as_ref().map(|t| dondoc_core::queries::tasks::Target {
                    metric: t.metric.clone(),
                    op: dondoc_core::model::TargetOp::parse("op", &t.op).unwrap(),
                    value: t.value,
                    unit: t.unit.clone(),
                    scope: dondoc_core::model::TargetScope::parse("scope", &t.scope).unwrap(),
                }),
                ..Default::default()
            },
        })
        .collect()
}
