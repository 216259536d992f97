//! The status report, "Báo cáo tình hình thực hiện các nhiệm vụ được giao", as of a date,
//! for the whole district, one conference or one unit: the facts every format writes
//! (Excel, CSV, and the Word version), gathered once so the formats cannot disagree.
//!
//! The per-unit table is the overview's: for the district it *is*
//! [`stats::per_unit`] (what `dondoc-cli stats --json` prints), for a unit
//! [`stats::for_unit`], ranked by [`stats::rank`]. A conference has no tally of its own
//! per unit, so its lines count the conference's parts by the same status rule, and its
//! tasks' coordinators as the overview counts them (a test checks this equals
//! [`stats::per_unit`] on a store that holds only that conference).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{named_params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::queries::assignments::{self, AssignmentFilter, AssignmentRow};
use crate::queries::stats::{self, UnitStats};
use crate::queries::{conferences, units};
use crate::status::Status;

/// The report's title, as the office writes it.
pub const TITLE: &str = "Báo cáo tình hình thực hiện các nhiệm vụ được giao";

/// What a report covers. Crosses to the window as `{"kind": "district"}`,
/// `{"kind": "conference", "id": 3}` or `{"kind": "unit", "id": 7}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum ReportScope {
    /// Every unit's parts (toàn huyện).
    District,
    /// The parts born from one conference's directives (its id).
    Conference(i64),
    /// One unit's parts (its id).
    Unit(i64),
}

/// One status report: the per-unit summary and every part in scope, as of a date. Every
/// format reads this one struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// What it covers.
    pub scope: ReportScope,
    /// "Tính đến ngày".
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub as_of: NaiveDate,
    /// "toàn huyện", the conference's title, or the unit's name.
    pub subject: String,
    /// One line per unit, ranked as the overview ranks them.
    pub summary: Vec<UnitStats>,
    /// The sum of the lines (`unit` empty, `unit_name` "Tổng cộng").
    pub totals: UnitStats,
    /// Every part in scope that existed on `as_of`, with its status then: by unit in
    /// registry order, then deadline (none last), task title (Vietnamese order), period.
    /// A part done only after `as_of` shows no completion date nor reported value: it was
    /// open on the date.
    pub rows: Vec<AssignmentRow>,
}

impl Report {
    /// The line under the title: what the report covers and the date, e.g.
    /// "Toàn huyện — tính đến ngày 03/03/2023".
    pub fn scope_line(&self) -> String {
        let what = match self.scope {
            ReportScope::District => "Toàn huyện".to_string(),
            ReportScope::Conference(_) => format!("Hội nghị: {}", self.subject),
            ReportScope::Unit(_) => format!("Đơn vị: {}", self.subject),
        };
        format!("{what} — tính đến ngày {}", crate::time::format_date(self.as_of))
    }
}

/// Gathers the report of `scope` as of `as_of`. An unknown conference or unit is
/// [`CoreError::NotFound`](crate::CoreError::NotFound) ("Không tìm thấy hội nghị (mã 99).").
/// Parts that did not exist yet on `as_of` (task given later, period begun later) are in
/// neither the lines nor the rows, as on the overview.
///
/// Its reads share one snapshot (a savepoint, nested in the caller's transaction if there
/// is one), so the lines add up to the rows even while the app or the portal writes.
pub fn build(conn: &Connection, scope: ReportScope, as_of: NaiveDate) -> Result<Report> {
    conn.execute_batch("SAVEPOINT report")?;
    let built = gather(conn, scope, as_of);
    // Nothing was written: releasing only ends the read (or returns to the caller's).
    conn.execute_batch("RELEASE report")?;
    built
}

/// [`build`]'s reads.
fn gather(conn: &Connection, scope: ReportScope, as_of: NaiveDate) -> Result<Report> {
    let (subject, summary, filter) = match scope {
        ReportScope::District => ("toàn huyện".to_string(), stats::per_unit(conn, as_of)?, AssignmentFilter::default()),
        ReportScope::Unit(id) => {
            let line = stats::for_unit(conn, id, as_of)?;
            (line.unit_name.clone(), vec![line], AssignmentFilter { unit_id: Some(id), ..Default::default() })
        }
        ReportScope::Conference(id) => {
            let title = conferences::get(conn, id)?.title;
            (title, Vec::new(), AssignmentFilter { conference_id: Some(id), ..Default::default() })
        }
    };
    let mut rows = assignments::list(conn, &filter, as_of)?;
    // Work done only after the date was open then: its completion was not known yet.
    let day = as_of.to_string();
    for r in rows.iter_mut().filter(|r| r.completed_on.as_ref().is_some_and(|on| *on > day)) {
        (r.completed_on, r.reported_value) = (None, None);
    }
    let registry = units::list_units(conn)?;
    let summary = match scope {
        ReportScope::Conference(id) => conference_lines(conn, id, as_of, &rows, &registry)?,
        _ => summary,
    };
    let position: HashMap<i64, usize> = registry.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    // One collation key per task, not per part: a task has a part per unit and period.
    let mut title_keys: HashMap<i64, Vec<u32>> = HashMap::new();
    for r in &rows {
        title_keys.entry(r.task_id).or_insert_with(|| crate::text::collation_key(&r.task_title));
    }
    let key = |r: &AssignmentRow| (position.get(&r.unit_id).copied().unwrap_or(usize::MAX), r.deadline.is_none());
    rows.sort_by(|a, b| (key(a), &a.deadline, &title_keys[&a.task_id], &a.period, a.id).cmp(&(key(b), &b.deadline, &title_keys[&b.task_id], &b.period, b.id)));
    let summary = stats::rank(summary);
    let totals = sum(&summary);
    Ok(Report { scope, as_of, subject, summary, totals, rows })
}

/// The lines of a conference: its parts counted by unit and status, and the tasks of its
/// directives given by `as_of` that each unit coordinates; units in registry order (the
/// ranking that follows is a stable sort, as for [`stats::per_unit`]).
fn conference_lines(conn: &Connection, conference_id: i64, as_of: NaiveDate, rows: &[AssignmentRow], registry: &[units::Unit]) -> Result<Vec<UnitStats>> {
    let mut by_unit: HashMap<i64, UnitStats> = HashMap::new();
    for r in rows {
        count(by_unit.entry(r.unit_id).or_default(), r.status);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT tu.unit_id, count(*) FROM task_unit tu JOIN task t ON t.id = tu.task_id JOIN directive d ON d.id = t.directive_id
         WHERE d.conference_id = :conference AND tu.role = 'coordinator' AND coalesce(t.given_on, '') <= :as_of GROUP BY tu.unit_id",
    )?;
    let coordinating = stmt.query_map(named_params! {":conference": conference_id, ":as_of": as_of.to_string()}, |r| Ok((r.get(0)?, r.get(1)?)))?;
    for pair in coordinating {
        let (unit, n): (i64, i64) = pair?;
        by_unit.entry(unit).or_default().coordinating = n;
    }
    let mut out = Vec::new();
    for unit in registry {
        if let Some(mut line) = by_unit.remove(&unit.id).filter(|l| !l.is_empty()) {
            (line.unit_id, line.unit, line.unit_name) = (unit.id, unit.code.clone(), unit.name.clone());
            out.push(line);
        }
    }
    Ok(out)
}

/// Counts one part of status `status` on `line`.
fn count(line: &mut UnitStats, status: Status) {
    line.total += 1;
    *match status {
        Status::DoneOnTime => &mut line.done_on_time,
        Status::DoneLate => &mut line.done_late,
        Status::DoneNoDeadline => &mut line.done_no_deadline,
        Status::TargetMissed => &mut line.target_missed,
        Status::InProgress => &mut line.in_progress,
        Status::Overdue => &mut line.overdue,
        Status::OpenNoDeadline => &mut line.open_no_deadline,
        Status::Cancelled => &mut line.cancelled,
    } += 1;
}

/// The total line: every count of `lines` added up.
fn sum(lines: &[UnitStats]) -> UnitStats {
    let mut t = UnitStats { unit_name: "Tổng cộng".into(), ..Default::default() };
    for l in lines {
        t.total += l.total;
        t.done_on_time += l.done_on_time;
        t.done_late += l.done_late;
        t.done_no_deadline += l.done_no_deadline;
        t.in_progress += l.in_progress;
        t.open_no_deadline += l.open_no_deadline;
        t.overdue += l.overdue;
        t.target_missed += l.target_missed;
        t.cancelled += l.cancelled;
        t.coordinating += l.coordinating;
    }
    t
}

/// A status's count on a line, for the formats that write one column per category in
/// [`Status::ALL`] order.
pub fn count_of(line: &UnitStats, status: Status) -> i64 {
    match status {
        Status::DoneOnTime => line.done_on_time,
        Status::DoneLate => line.done_late,
        Status::DoneNoDeadline => line.done_no_deadline,
        Status::TargetMissed => line.target_missed,
        Status::InProgress => line.in_progress,
        Status::Overdue => line.overdue,
        Status::OpenNoDeadline => line.open_no_deadline,
        Status::Cancelled => line.cancelled,
    }
}

/// A part's target as the office reads it ("Tỷ lệ hồ sơ được số hóa ≥ 60 %"), the number
/// written with `decimal` as its separator; empty without a target.
pub fn target_text(row: &AssignmentRow, decimal: char) -> String {
    let Some(t) = &row.target else { return String::new() };
    let value = number_text(t.value, decimal);
    let unit = t.unit.as_deref().map(|u| if u == "%" { "%".to_string() } else { format!(" {u}") }).unwrap_or_default();
    format!("{} {} {value}{unit}", t.metric, t.op.label()).trim().to_string()
}

/// A number with at most the decimals it needs ("60", "85.5"), `decimal` as separator.
pub fn number_text(v: f64, decimal: char) -> String {
    let s = format!("{v}");
    if decimal == '.' {
        s
    } else {
        s.replace('.', &decimal.to_string())
    }
}

/// A part's note for the report: its latest progress note, and why it was returned or
/// cancelled when it was.
pub fn note_text(row: &AssignmentRow) -> String {
    match (row.progress_note.as_deref(), row.state_reason.as_deref()) {
        (Some(n), Some(r)) => format!("{n}\nLý do: {r}"),
        (Some(n), None) => n.to_string(),
        (None, Some(r)) => format!("Lý do: {r}"),
        (None, None) => String::new(),
    }
}

/// A stored day (YYYY-MM-DD) as a date.
pub fn day(s: Option<&str>) -> Option<NaiveDate> {
    s.and_then(crate::time::parse_iso_day)
}
