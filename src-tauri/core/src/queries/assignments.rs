//! Assignments: one lead unit's part of a task, its state, and the status rules applied
//! to it on a given date.

use chrono::NaiveDate;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::Target;
use crate::model::{AssignmentState, TargetOp, TargetScope};
use crate::status::{status_on, Facts, Status, STATUS_SQL};

/// One unit's part of a task, with its status on the requested date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AssignmentRow {
    /// Row id.
    pub id: i64,
    /// The task.
    pub task_id: i64,
    /// Task title.
    pub task_title: String,
    /// Nhiệm vụ trọng tâm.
    pub starred: bool,
    /// The lead unit.
    pub unit_id: i64,
    /// Its code.
    pub unit_code: String,
    /// Its full name.
    pub unit_name: String,
    /// Conference the task came from, if any.
    pub conference_id: Option<i64>,
    /// Its title.
    pub conference_title: Option<String>,
    /// Recurrence period key ('' for a one-off task).
    pub period: String,
    /// The period as the office names it ("Tháng 03/2023", "Quý II/2023"); `None` for a
    /// one-off task.
    pub period_label: Option<String>,
    /// The first day the part exists (YYYY-MM-DD): its task's given date, or when its
    /// period began.
    pub opens_on: String,
    /// Deadline (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// Recorded state.
    pub state: AssignmentState,
    /// Completion date (YYYY-MM-DD).
    pub completed_on: Option<String>,
    /// Latest progress note.
    pub progress_note: Option<String>,
    /// Why it was returned or cancelled.
    pub state_reason: Option<String>,
    /// Value reported for a target task.
    pub reported_value: Option<f64>,
    /// The task's numeric target.
    pub target: Option<Target>,
    /// Reporting category on the requested date.
    pub status: Status,
    /// Its Vietnamese label.
    pub status_label: &'static str,
}

/// The counts of a set of parts: defined with the statuses (the conference and task
/// summaries use them too), named here for the callers that know it from this module.
pub use crate::status::Progress;

/// Which assignments to list. Every field left empty matches everything.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentFilter {
    /// Only this unit's.
    pub unit_id: Option<i64>,
    /// Only this task's.
    pub task_id: Option<i64>,
    /// Only those born from this conference's directives.
    pub conference_id: Option<i64>,
    /// Only those in this status category on the date.
    pub status: Option<Status>,
    /// Only nhiệm vụ trọng tâm.
    pub starred: Option<bool>,
    /// Words the task title must contain (case and diacritics ignored).
    pub query: Option<String>,
    /// At most this many (after ordering by deadline).
    pub limit: Option<i64>,
    /// Only these units' (a group's members), besides `unit_id`.
    pub unit_ids: Option<Vec<i64>>,
}

fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(crate::time::parse_iso_day)
}

/// Overdue on `:as_of`, first source: open work past its deadline (the partial index of
/// open deadlines serves it). With [`OVERDUE_DONE_LATER`], exactly the overdue status.
const OVERDUE_OPEN: &str = "a.state IN ('not_started', 'in_progress') AND a.deadline < :as_of";
/// Overdue on `:as_of`, second source: work done only after that date, past its deadline
/// then (the index of completion dates serves it).
const OVERDUE_DONE_LATER: &str = "a.completed_on > :as_of AND a.deadline < :as_of";

/// Assignments matching `filter`, with their status on `as_of`, by deadline (none last).
pub fn list(conn: &Connection, filter: &AssignmentFilter, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    let district_wide =
        filter.unit_id.is_none() && filter.task_id.is_none() && filter.conference_id.is_none() && filter.query.is_none() && filter.unit_ids.is_none();
    if filter.status != Some(Status::Overdue) || !district_wide {
        return list_narrowed(conn, filter, as_of, None);
    }
    // Overdue across the district on a date is open work past its deadline, plus (as of a
    // past date) work done only after it. The first comes from the partial index of open
    // deadlines in deadline order, so the overview's "first 20 overdue" of 100k parts stops
    // after 20 rows instead of sorting every overdue part; the few of the second are merged
    // in here. (A unit's, a task's or a conference's list is narrow enough already.)
    let open = list_narrowed(conn, filter, as_of, Some(OVERDUE_OPEN))?;
    let done_later = list_narrowed(conn, filter, as_of, Some(OVERDUE_DONE_LATER))?;
    let mut rows: Vec<AssignmentRow> = open.into_iter().chain(done_later).collect();
    rows.sort_by(|a, b| a.deadline.cmp(&b.deadline).then(a.id.cmp(&b.id)));
    if let Some(limit) = filter.limit.filter(|l| *l >= 0) {
        rows.truncate(limit as usize);
    }
    Ok(rows)
}

/// [`list`] with the status's column conditions, or `overdue_source` for one of the two
/// sources of overdue parts.
fn list_narrowed(conn: &Connection, filter: &AssignmentFilter, as_of: NaiveDate, overdue_source: Option<&'static str>) -> Result<Vec<AssignmentRow>> {
    list_where(conn, filter, as_of, overdue_source, None, true, true)
}

/// [`list_narrowed`], also listing parts that did not exist yet on `as_of` when
/// `existing_only` is false, only the parts whose ids are in the JSON array `ids` when
/// given, and in no particular order when `sorted` is false (for a caller that sorts the
/// rows itself).
fn list_where(
    conn: &Connection,
    filter: &AssignmentFilter,
    as_of: NaiveDate,
    overdue_source: Option<&'static str>,
    ids: Option<&str>,
    existing_only: bool,
    sorted: bool,
) -> Result<Vec<AssignmentRow>> {
    // A status implies simple conditions on the columns; stating them lets SQLite use the
    // indexes (unit, deadline) instead of computing the status of every row first. The
    // status expression itself still decides.
    let (narrowing, order) = match filter.status {
        Some(Status::Overdue) => (overdue_source.unwrap_or("a.deadline < :as_of AND a.state <> 'cancelled'"), "a.deadline, a.id"),
        Some(Status::InProgress) => ("a.deadline >= :as_of AND a.state <> 'cancelled'", "a.deadline, a.id"),
        Some(Status::DoneOnTime | Status::DoneLate) => ("a.deadline IS NOT NULL AND a.state = 'done'", "a.deadline, a.id"),
        Some(Status::DoneNoDeadline | Status::OpenNoDeadline) => ("a.deadline IS NULL", "a.id"),
        Some(Status::TargetMissed) => ("a.state = 'done'", "a.deadline, a.id"),
        Some(Status::Cancelled) => ("a.state = 'cancelled'", "a.deadline, a.id"),
        // A search lists the newest tasks first: FTS5 hands its matches out in rowid order,
        // so SQLite streams them and stops after the first parts (a second sort key would
        // make it sort every match).
        _ if filter.query.is_some() => ("1", "s.rowid DESC"),
        _ => ("1", "a.deadline IS NULL, a.deadline, u.position, a.period, a.id"),
    };
    let fts = filter.query.as_deref().and_then(crate::text::fts_query);
    if filter.query.is_some() && fts.is_none() {
        // Nothing searchable was typed (only punctuation): nothing matches.
        return Ok(Vec::new());
    }
    // Only the filters given become conditions: "(:x IS NULL OR col = :x)" would keep
    // SQLite from using an index for any of them.
    // Only what existed on the date: a task given later, or a period begun later, was not
    // there to count (see `opening`). A single part asked for by id is found whatever its
    // date (`existing_only` false).
    let mut conditions = vec![narrowing];
    if existing_only {
        conditions.push("a.opens_on <= :as_of");
    }
    let unit_list = filter.unit_ids.as_ref().map(|ids| {
        // Ids are integers, so writing them into the SQL text cannot inject anything.
        format!("a.unit_id IN ({})", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
    });
    if let Some(list) = &unit_list {
        conditions.push(list);
    }
    if ids.is_some() {
        // Each id found by its primary key; one statement text whatever the ids.
        conditions.push("a.id IN (SELECT value FROM json_each(:ids))");
    }
    for (given, condition) in [
        (filter.unit_id.is_some(), "a.unit_id = :unit"),
        (filter.task_id.is_some(), "a.task_id = :task"),
        (filter.conference_id.is_some(), "d.conference_id = :conference"),
        // Starred work is found from the few starred tasks, not by reading every part.
        (filter.starred == Some(true), "a.task_id IN (SELECT id FROM task WHERE starred = 1)"),
        (filter.starred == Some(false), "t.starred = 0"),
        (filter.status.is_some(), "({STATUS_SQL}) = :status"),
        (fts.is_some() && filter.status.is_some(), "a.task_id IN (SELECT rowid FROM task_search WHERE task_search MATCH :query)"),
        (fts.is_some() && filter.status.is_none(), "task_search MATCH :query"),
    ] {
        if given {
            conditions.push(condition);
        }
    }
    let conditions = conditions.join(" AND ").replace("{STATUS_SQL}", STATUS_SQL);
    // A plain search starts from the full-text index; everything else from the parts.
    let from = if fts.is_some() && filter.status.is_none() { "task_search s JOIN assignment a ON a.task_id = s.rowid" } else { "assignment a" };
    let order = if sorted { format!("ORDER BY {order}") } else { String::new() };
    let sql = format!(
        "SELECT a.id, a.task_id, t.title, t.starred, a.unit_id, u.code, u.name, c.id, c.title, a.period, a.deadline, a.state,
                a.completed_on, a.progress_note, a.state_reason, a.reported_value,
                t.target_metric, t.target_op, t.target_value, t.target_unit, t.target_scope, a.opens_on
         FROM {from}
         JOIN task t ON t.id = a.task_id
         JOIN unit u ON u.id = a.unit_id
         LEFT JOIN directive d ON d.id = t.directive_id
         LEFT JOIN conference c ON c.id = d.conference_id
         WHERE {conditions}
         {order}
         LIMIT coalesce(:limit, -1)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let day = as_of.to_string();
    let all: [(&str, &dyn rusqlite::ToSql); 8] = [
        (":ids", &ids),
        (":unit", &filter.unit_id),
        (":task", &filter.task_id),
        (":conference", &filter.conference_id),
        (":status", &filter.status.map(Status::code)),
        (":limit", &filter.limit),
        (":as_of", &day),
        (":query", &fts),
    ];
    // Bind only the parameters this statement names.
    let params: Vec<(&str, &dyn rusqlite::ToSql)> = all.into_iter().filter(|(name, _)| sql.contains(name)).collect();
    let rows = stmt.query_map(params.as_slice(), |r| {
        let state: String = r.get(11)?;
        let state = AssignmentState::parse("state", &state).unwrap_or(AssignmentState::NotStarted);
        let deadline: Option<String> = r.get(10)?;
        let completed_on: Option<String> = r.get(12)?;
        let reported: Option<f64> = r.get(15)?;
        let op: Option<String> = r.get(17)?;
        let scope: Option<String> = r.get(20)?;
        let target = match (op.as_deref().map(|o| TargetOp::parse("op", o)), r.get::<_, Option<f64>>(18)?) {
            (Some(Ok(op)), Some(value)) => Some(Target {
                metric: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
                op,
                value,
                unit: r.get(19)?,
                scope: TargetScope::parse("scope", scope.as_deref().unwrap_or("each")).unwrap_or(TargetScope::Each),
            }),
            _ => None,
        };
        // A per-unit target is met only by a reported value that satisfies it; a total
        // target is judged on the task as a whole, not on one unit's part.
        let target_met = target.as_ref().filter(|t| t.scope == TargetScope::Each).map(|t| reported.is_some_and(|v| t.op.holds(v, t.value)));
        let facts = Facts { state, deadline: parse_day(deadline.clone()), completed_on: parse_day(completed_on.clone()), target_met };
        let status = status_on(&facts, as_of);
        Ok(AssignmentRow {
            id: r.get(0)?,
            task_id: r.get(1)?,
            task_title: r.get(2)?,
            starred: r.get(3)?,
            unit_id: r.get(4)?,
            unit_code: r.get(5)?,
            unit_name: r.get(6)?,
            conference_id: r.get(7)?,
            conference_title: r.get(8)?,
            period_label: {
                let key: String = r.get(9)?;
                (!key.is_empty()).then(|| crate::recurrence::period_label(&key))
            },
            period: r.get(9)?,
            opens_on: r.get(21)?,
            deadline,
            state,
            completed_on,
            progress_note: r.get(13)?,
            state_reason: r.get(14)?,
            reported_value: reported,
            target,
            status,
            status_label: status.label(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Urgency rank for a unit's list: overdue first, then open work by nearest deadline, then
/// open work without a deadline, then finished work.
fn urgency(s: Status) -> u8 {
    match s {
        Status::Overdue => 0,
        Status::InProgress => 1,
        Status::OpenNoDeadline => 2,
        Status::TargetMissed => 3,
        Status::DoneOnTime | Status::DoneLate | Status::DoneNoDeadline => 4,
        Status::Cancelled => 5,
    }
}

/// A unit's assignments as of `as_of`, most urgent first, and within one urgency in the
/// order of [`list`] (deadline, none last, then period, then id; the unit's position is
/// the same on every row).
///
/// A unit has thousands of parts at 100k: SQLite hands them over unsorted and they are
/// sorted here by those keys, instead of SQLite sorting the wide rows (titles, notes) on
/// the deadline first and this sorting them again on the urgency. Strings compare by
/// bytes as SQLite's BINARY collation does.
pub fn list_for_unit(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    let mut rows = list_where(conn, &AssignmentFilter { unit_id: Some(unit_id), ..Default::default() }, as_of, None, None, true, false)?;
    rows.sort_by(|a, b| {
        (urgency(a.status), a.deadline.is_none(), &a.deadline, &a.period, a.id).cmp(&(urgency(b.status), b.deadline.is_none(), &b.deadline, &b.period, b.id))
    });
    Ok(rows)
}

/// The parts `ids` (those that existed on `as_of`), with their status then, in the order
/// of `ids`: the full lines of a page whose ids a narrow pass chose
/// ([`crate::queries::portal_page`]).
pub fn by_ids(conn: &Connection, ids: &[i64], as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let json = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    let mut rows = list_where(conn, &AssignmentFilter::default(), as_of, None, Some(&json), true, false)?;
    let place: std::collections::HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|r| place.get(&r.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// A task's assignments, by deadline then registry order of the units.
pub fn list_for_task(conn: &Connection, task_id: i64, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    list(conn, &AssignmentFilter { task_id: Some(task_id), ..Default::default() }, as_of)
}

/// Progress of everything born from a conference's directives.
pub fn progress_for_conference(conn: &Connection, conference_id: i64, as_of: NaiveDate) -> Result<Progress> {
    let mut p = Progress::default();
    for row in list(conn, &AssignmentFilter { conference_id: Some(conference_id), ..Default::default() }, as_of)? {
        p.add(row.status);
    }
    Ok(p)
}

/// Progress of one task's assignments.
pub fn progress_for_task(conn: &Connection, task_id: i64, as_of: NaiveDate) -> Result<Progress> {
    let mut p = Progress::default();
    for row in list_for_task(conn, task_id, as_of)? {
        p.add(row.status);
    }
    Ok(p)
}

/// One assignment.
pub fn get(conn: &Connection, id: i64, as_of: NaiveDate) -> Result<AssignmentRow> {
    let sql_id: i64 =
        conn.query_row("SELECT id FROM assignment WHERE id = ?1", [id], |r| r.get(0)).optional()?.ok_or_else(|| CoreError::not_found("phần việc", id))?;
    let task: i64 = conn.query_row("SELECT task_id FROM assignment WHERE id = ?1", [sql_id], |r| r.get(0))?;
    let filter = AssignmentFilter { task_id: Some(task), ..Default::default() };
    list_where(conn, &filter, as_of, None, None, false, true)?.into_iter().find(|r| r.id == id).ok_or_else(|| CoreError::not_found("phần việc", id))
}

/// How many assignments are overdue on `as_of` (the tray's "Quá hạn: N"), by the rule of
/// [`crate::status::status_on`] and without reading every part: open parts past their
/// deadline from the partial index of open deadlines, and parts done only after `as_of`
/// (still open then) from the index of completion dates. A target never makes a part
/// overdue.
pub fn count_overdue(conn: &Connection, as_of: NaiveDate) -> Result<i64> {
    let sql = format!(
        "SELECT (SELECT count(*) FROM assignment a INDEXED BY assignment_open_deadline WHERE {OVERDUE_OPEN})
              + (SELECT count(*) FROM assignment a INDEXED BY assignment_completed WHERE {OVERDUE_DONE_LATER})"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(named_params! {":as_of": as_of.to_string()}, |r| r.get(0))?)
}
