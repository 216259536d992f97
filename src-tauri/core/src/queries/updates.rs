//! The rows a part's changes write: its state, completion, note and deadline, and the
//! extension records. Which change is allowed, and what it records in the audit, is decided
//! by the part rules (`rules::part`).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::model::AssignmentState;
use crate::{time, Ctx};

pub use super::evidence::{attach_evidence, evidence, evidence_by_id, sanitize_file_name, Evidence, NewEvidence, PlacedFile, StagedEvidence};

/// A part's state and its task's target operator (a target task needs a reported value).
pub fn state_of(tx: &Transaction, id: i64) -> Result<(AssignmentState, Option<String>)> {
    let (state, target_op): (String, Option<String>) = tx
        .query_row("SELECT a.state, t.target_op FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| CoreError::not_found("phần việc", id))?;
    Ok((AssignmentState::parse("state", &state)?, target_op))
}

/// The day a part exists from (`None` if not recorded), and the key of the period that
/// began that day ('' when it is the day the task was given, as for a first period).
pub fn opening_of(tx: &Transaction, id: i64) -> Result<(Option<NaiveDate>, String)> {
    let (opens_on, period, given): (String, String, Option<String>) =
        tx.query_row("SELECT a.opens_on, a.period, t.given_on FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let period = if given.as_deref() == Some(opens_on.as_str()) { String::new() } else { period };
    Ok((time::parse_iso_day(&opens_on), period))
}

/// Records a part done on `on`; a note, when given, replaces the progress note.
pub fn set_done(tx: &Transaction, ctx: &Ctx, id: i64, on: NaiveDate, note: Option<&str>, value: Option<f64>) -> Result<()> {
    tx.execute(
        "UPDATE assignment SET state = 'done', completed_on = ?2, progress_note = coalesce(?3, progress_note),
             reported_value = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, on.to_string(), note, value, ctx.stamp()],
    )?;
    Ok(())
}

/// The day a part was recorded done (YYYY-MM-DD).
pub fn completed_on(tx: &Transaction, id: i64) -> Result<Option<String>> {
    Ok(tx.query_row("SELECT completed_on FROM assignment WHERE id = ?1", [id], |r| r.get(0))?)
}

/// Moves a part to `state` (in progress or cancelled) with the reason, clearing its completion.
pub fn set_state_with_reason(tx: &Transaction, ctx: &Ctx, id: i64, state: AssignmentState, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE assignment SET state = ?2, completed_on = NULL, state_reason = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, state.as_str(), reason, ctx.stamp()],
    )?;
    Ok(())
}

/// A part's progress note.
pub fn progress_note(tx: &Transaction, id: i64) -> Result<Option<String>> {
    Ok(tx.query_row("SELECT progress_note FROM assignment WHERE id = ?1", [id], |r| r.get(0))?)
}

/// Sets a part's progress note and state.
pub fn set_note(tx: &Transaction, ctx: &Ctx, id: i64, note: &str, state: AssignmentState) -> Result<()> {
    tx.execute("UPDATE assignment SET progress_note = ?2, state = ?3, updated_at = ?4 WHERE id = ?1", params![id, note, state.as_str(), ctx.stamp()])?;
    Ok(())
}

/// A task's own deadline; `None` when there is no such task.
pub fn task_deadline(tx: &Transaction, task_id: i64) -> Result<Option<Option<String>>> {
    Ok(tx.query_row("SELECT deadline FROM task WHERE id = ?1", [task_id], |r| r.get(0)).optional()?)
}

/// The day a task was given (YYYY-MM-DD).
pub fn task_given_on(tx: &Transaction, task_id: i64) -> Result<Option<String>> {
    Ok(tx.query_row("SELECT given_on FROM task WHERE id = ?1", [task_id], |r| r.get(0))?)
}

/// One part's task, deadline and state; `None` when there is no such part.
pub fn part_deadline(tx: &Transaction, id: i64) -> Result<Option<(i64, Option<String>, AssignmentState)>> {
    let row: Option<(i64, Option<String>, String)> =
        tx.query_row("SELECT task_id, deadline, state FROM assignment WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    row.map(|(t, d, s)| Ok((t, d, AssignmentState::parse("state", &s)?))).transpose()
}

/// The one-off parts of a task still open, with their deadlines.
pub fn open_one_off_parts(tx: &Transaction, task_id: i64) -> Result<Vec<(i64, Option<String>)>> {
    let mut stmt = tx.prepare_cached("SELECT id, deadline FROM assignment WHERE task_id = ?1 AND period = '' AND state IN ('not_started', 'in_progress')")?;
    let rows = stmt.query_map([task_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets a task's own deadline.
pub fn set_task_deadline(tx: &Transaction, ctx: &Ctx, task_id: i64, deadline: NaiveDate) -> Result<()> {
    tx.execute("UPDATE task SET deadline = ?2, updated_at = ?3 WHERE id = ?1", params![task_id, deadline.to_string(), ctx.stamp()])?;
    Ok(())
}

/// Sets a part's deadline.
pub fn set_part_deadline(tx: &Transaction, ctx: &Ctx, id: i64, deadline: NaiveDate) -> Result<()> {
    tx.execute("UPDATE assignment SET deadline = ?2, updated_at = ?3 WHERE id = ?1", params![id, deadline.to_string(), ctx.stamp()])?;
    Ok(())
}

/// An extension to record: of one part (`assignment_id`) or of the whole task.
#[derive(Debug, Clone)]
pub struct NewExtension<'a> {
    /// The task.
    pub task_id: i64,
    /// The part, or `None` for the whole task.
    pub assignment_id: Option<i64>,
    /// Deadline before.
    pub old_deadline: Option<&'a str>,
    /// Deadline after.
    pub new_deadline: NaiveDate,
    /// Why.
    pub reason: &'a str,
    /// Who decided.
    pub decided_by: &'a str,
}

/// Records an extension; the original deadline is kept in it.
pub fn insert_extension(tx: &Transaction, ctx: &Ctx, e: &NewExtension) -> Result<()> {
    tx.execute(
        "INSERT INTO deadline_extension (task_id, assignment_id, old_deadline, new_deadline, reason, decided_by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![e.task_id, e.assignment_id, e.old_deadline, e.new_deadline.to_string(), e.reason, e.decided_by, ctx.stamp()],
    )?;
    Ok(())
}

/// An extension as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExtensionRecord {
    /// The part extended, or `None` for the whole task.
    pub assignment_id: Option<i64>,
    /// Deadline before.
    pub old_deadline: Option<String>,
    /// Deadline after.
    pub new_deadline: String,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub decided_by: String,
    /// When (UTC).
    pub at: String,
}

/// Extensions of a task and its parts, oldest first.
pub fn extensions(conn: &Connection, task_id: i64) -> Result<Vec<ExtensionRecord>> {
    let mut stmt =
        conn.prepare_cached("SELECT assignment_id, old_deadline, new_deadline, reason, decided_by, at FROM deadline_extension WHERE task_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([task_id], |r| {
        Ok(ExtensionRecord {
            assignment_id: r.get(0)?,
            old_deadline: r.get(1)?,
            new_deadline: r.get(2)?,
            reason: r.get(3)?,
            decided_by: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
