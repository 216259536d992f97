//! Assignments: one lead unit's part of a task, its state, and the status rules applied
//! to it on a given date.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::{AssignmentState, TargetOp};
use crate::status::{status_on, Facts, Status};
use crate::queries::audit;
use crate::{text, time, Ctx};

/// One unit's part of a task, with its status on the requested date.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Its full name.
    pub unit_name: String,
    /// Conference the task came from, if any.
    pub conference_id: Option<i64>,
    /// Its title.
    pub conference_title: Option<String>,
    /// Deadline (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// Recorded state.
    pub state: AssignmentState,
    /// Completion date (YYYY-MM-DD).
    pub completed_on: Option<String>,
    /// Latest progress note.
    pub progress_note: Option<String>,
    /// Value reported for a target task.
    pub reported_value: Option<f64>,
    /// Reporting category on the requested date.
    pub status: Status,
    /// Its Vietnamese label.
    pub status_label: &'static str,
}

/// Counts of a set of assignments on a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Assignments, cancelled ones excluded.
    pub total: i64,
    /// Done (on time, late or with no deadline).
    pub done: i64,
    /// Done on time.
    pub done_on_time: i64,
    /// Overdue and not done.
    pub overdue: i64,
}

impl Progress {
    fn add(&mut self, s: Status) {
        if s == Status::Cancelled {
            return;
        }
        self.total += 1;
        if s.is_done() {
            self.done += 1;
        }
        match s {
            Status::DoneOnTime => self.done_on_time += 1,
            Status::Overdue => self.overdue += 1,
            _ => {}
        }
    }
}

const SELECT: &str = "
    SELECT a.id, a.task_id, t.title, t.starred, a.unit_id, u.name, c.id, c.title, a.deadline, a.state,
           a.completed_on, a.progress_note, a.reported_value, t.target_op, t.target_value, t.target_scope
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    JOIN unit u ON u.id = a.unit_id
    LEFT JOIN directive d ON d.id = t.directive_id
    LEFT JOIN conference c ON c.id = d.conference_id";

fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn query(conn: &Connection, where_clause: &str, param: i64, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE {where_clause}"))?;
    let rows = stmt.query_map([param], |r| {
        let state: String = r.get(9)?;
        let state = AssignmentState::parse("state", &state).unwrap_or(AssignmentState::NotStarted);
        let deadline: Option<String> = r.get(8)?;
        let completed_on: Option<String> = r.get(10)?;
        let reported: Option<f64> = r.get(12)?;
        let op: Option<String> = r.get(13)?;
        let target_value: Option<f64> = r.get(14)?;
        let scope: Option<String> = r.get(15)?;
        // A per-unit target is met only by a reported value that satisfies it; a total
        // target is judged on the task as a whole, not on one unit's part.
        let target_met = match (op.as_deref().map(|o| TargetOp::parse("op", o)), target_value, scope.as_deref()) {
            (Some(Ok(op)), Some(tv), Some("each")) => Some(reported.is_some_and(|v| op.holds(v, tv))),
            _ => None,
        };
        let facts = Facts { state, deadline: parse_day(deadline.clone()), completed_on: parse_day(completed_on.clone()), target_met };
        let status = status_on(&facts, as_of);
        Ok(AssignmentRow {
            id: r.get(0)?,
            task_id: r.get(1)?,
            task_title: r.get(2)?,
            starred: r.get(3)?,
            unit_id: r.get(4)?,
            unit_name: r.get(5)?,
            conference_id: r.get(6)?,
            conference_title: r.get(7)?,
            deadline,
            state,
            completed_on,
            progress_note: r.get(11)?,
            reported_value: reported,
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
        Status::NoDeadline => 2,
        Status::TargetMissed => 3,
        Status::DoneOnTime | Status::DoneLate | Status::DoneNoDeadline => 4,
        Status::Cancelled => 5,
    }
}

/// A unit's assignments as of `as_of`, most urgent first.
pub fn list_for_unit(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    let mut rows = query(conn, "a.unit_id = ?1", unit_id, as_of)?;
    rows.sort_by(|a, b| {
        (urgency(a.status), a.deadline.is_none(), &a.deadline, a.id).cmp(&(urgency(b.status), b.deadline.is_none(), &b.deadline, b.id))
    });
    Ok(rows)
}

/// A task's assignments, in registry order of the units.
pub fn list_for_task(conn: &Connection, task_id: i64, as_of: NaiveDate) -> Result<Vec<AssignmentRow>> {
    query(conn, "a.task_id = ?1 ORDER BY u.position, a.period", task_id, as_of)
}

/// Progress of everything born from a conference's directives.
pub fn progress_for_conference(conn: &Connection, conference_id: i64, as_of: NaiveDate) -> Result<Progress> {
    let mut p = Progress::default();
    for row in query(conn, "c.id = ?1", conference_id, as_of)? {
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

/// What a unit reports when it ticks its part off.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Completion {
    /// Completion date as typed (dd/mm/yyyy); required, never in the future.
    pub completed_on: String,
    /// Note.
    pub note: Option<String>,
    /// Value reached, for a target task.
    pub reported_value: Option<f64>,
}

fn current_state(tx: &Transaction, id: i64) -> Result<(AssignmentState, Option<String>)> {
    let (state, target_op): (String, Option<String>) = tx
        .query_row(
            "SELECT a.state, t.target_op FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("phần việc", id))?;
    Ok((AssignmentState::parse("state", &state)?, target_op))
}

/// Marks an assignment done. `ctx.today()` bounds the completion date: work cannot be
/// reported as done in the future.
pub fn complete(tx: &Transaction, ctx: &Ctx, id: i64, c: &Completion) -> Result<()> {
    let (state, target_op) = current_state(tx, id)?;
    match state {
        AssignmentState::Done => return Err(CoreError::invalid("state", "Phần việc này đã được đánh dấu hoàn thành.")),
        AssignmentState::Cancelled => return Err(CoreError::invalid("state", "Phần việc này đã bị hủy, không thể đánh dấu hoàn thành.")),
        _ => {}
    }
    if c.completed_on.trim().is_empty() {
        return Err(CoreError::invalid("completedOn", "Hãy nhập ngày hoàn thành."));
    }
    let on = time::parse_date("completedOn", &c.completed_on)?;
    if on > ctx.today() {
        return Err(CoreError::invalid(
            "completedOn",
            format!("Ngày hoàn thành {} ở tương lai (hôm nay là {}).", time::format_date(on), time::format_date(ctx.today())),
        ));
    }
    if target_op.is_some() && c.reported_value.is_none() {
        return Err(CoreError::invalid("reportedValue", "Nhiệm vụ có chỉ tiêu: hãy nhập kết quả đạt được."));
    }
    if let Some(v) = c.reported_value {
        if !v.is_finite() {
            return Err(CoreError::invalid("reportedValue", "Kết quả phải là một số."));
        }
    }
    let note = text::clean_opt(c.note.as_deref());
    tx.execute(
        "UPDATE assignment SET state = 'done', completed_on = ?2, progress_note = coalesce(?3, progress_note),
             reported_value = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, on.to_string(), note, c.reported_value, ctx.stamp()],
    )?;
    audit::record(tx, ctx, "assignment", id, "state", Some(state.as_str()), Some("done"))?;
    audit::record(tx, ctx, "assignment", id, "completed_on", None, Some(&on.to_string()))?;
    if let Some(n) = &note {
        audit::record(tx, ctx, "assignment", id, "progress_note", None, Some(n))?;
    }
    if let Some(v) = c.reported_value {
        audit::record(tx, ctx, "assignment", id, "reported_value", None, Some(&v.to_string()))?;
    }
    Ok(())
}

/// Number of assignments in the store.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM assignment", [], |r| r.get(0))?)
}

