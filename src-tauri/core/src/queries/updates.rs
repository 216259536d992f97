//! Changes to assignments: a unit ticks its part off, adds a progress note; the office
//! returns or cancels a part with a reason, extends a deadline (gia hạn), files evidence.
//! Every change is audited in the same transaction.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::AssignmentState;
use crate::queries::audit;
use crate::{opening, text, time, Ctx};

pub use super::evidence::{attach_evidence, evidence, evidence_by_id, sanitize_file_name, Evidence, NewEvidence, PlacedFile, StagedEvidence};

/// Largest reported value, in absolute value. A result is a count, a percentage or an
/// amount in the unit of the target (households, hectares, million đồng): a trillion
/// leaves room for any of them, while 1e308 (a finger on the 0 key) would overflow every
/// sum and print as a wall of digits.
pub const VALUE_MAX: f64 = 1e12;

/// Checks a number the office typed: finite and within ±[`VALUE_MAX`].
pub fn sane_value(field: &'static str, v: f64) -> Result<f64> {
    if !v.is_finite() {
        return Err(CoreError::invalid(field, "Kết quả phải là một số."));
    }
    if v.abs() > VALUE_MAX {
        return Err(CoreError::invalid(field, "Kết quả vượt quá giới hạn (tối đa một nghìn tỷ, 1.000.000.000.000); hãy kiểm tra lại số đã nhập."));
    }
    Ok(v)
}

/// What a unit reports when it ticks its part off.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
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
        .query_row("SELECT a.state, t.target_op FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
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
    // Work cannot be done before it exists: before the task was given, or before the
    // period of a recurring task began (the counts as of a date rely on it, see `opening`).
    let (opens_on, period) = opening_of(tx, id)?;
    if let Some(opens_on) = opens_on {
        opening::before_opening("completedOn", "Ngày hoàn thành", on, opens_on, &period)?;
    }
    if target_op.is_some() && c.reported_value.is_none() {
        return Err(CoreError::invalid("reportedValue", "Nhiệm vụ có chỉ tiêu: hãy nhập kết quả đạt được."));
    }
    if let Some(v) = c.reported_value {
        sane_value("reportedValue", v)?;
    }
    let note = text::limited_opt("note", c.note.as_deref(), text::NOTE_MAX, "ghi chú")?;
    tx.execute(
        "UPDATE assignment SET state = 'done', completed_on = ?2, progress_note = coalesce(?3, progress_note),
             reported_value = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, on.to_string(), note, c.reported_value, ctx.stamp()],
    )?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some(state.as_str()), Some("done"))?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "completed_on", None, Some(&on.to_string()))?;
    if let Some(n) = &note {
        audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "progress_note", None, Some(n))?;
    }
    if let Some(v) = c.reported_value {
        audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "reported_value", None, Some(&v.to_string()))?;
    }
    Ok(())
}

/// The day a part exists from (`None` if not recorded), and the key of the period that
/// began that day ('' when it is the day the task was given, as for a first period).
fn opening_of(tx: &Transaction, id: i64) -> Result<(Option<chrono::NaiveDate>, String)> {
    let (opens_on, period, given): (String, String, Option<String>) =
        tx.query_row("SELECT a.opens_on, a.period, t.given_on FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let period = if given.as_deref() == Some(opens_on.as_str()) { String::new() } else { period };
    Ok((time::parse_iso_day(&opens_on), period))
}

/// A text the office must give (a reason, a note), at most [`text::NOTE_MAX`] characters.
fn required(field: &'static str, value: &str, what: &str) -> Result<String> {
    let v = text::limited(field, value, text::NOTE_MAX, what)?;
    if v.is_empty() {
        return Err(CoreError::invalid(field, format!("Hãy nhập {what}.")));
    }
    Ok(v)
}

/// The office returns a completed part to the unit (trả lại): it is open again, with the
/// reason recorded.
pub fn return_to_unit(tx: &Transaction, ctx: &Ctx, id: i64, reason: &str) -> Result<()> {
    let (state, _) = current_state(tx, id)?;
    if state != AssignmentState::Done {
        return Err(CoreError::invalid("state", "Chỉ trả lại được phần việc đã đánh dấu hoàn thành."));
    }
    let reason = required("reason", reason, "lý do trả lại")?;
    let old_on: Option<String> = tx.query_row("SELECT completed_on FROM assignment WHERE id = ?1", [id], |r| r.get(0))?;
    tx.execute(
        "UPDATE assignment SET state = 'in_progress', completed_on = NULL, state_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, ctx.stamp()],
    )?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some("done"), Some("in_progress"))?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "completed_on", old_on.as_deref(), None)?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "returned", None, Some(&reason))?;
    Ok(())
}

/// The office cancels a part (hủy), with the reason.
pub fn cancel(tx: &Transaction, ctx: &Ctx, id: i64, reason: &str) -> Result<()> {
    let (state, _) = current_state(tx, id)?;
    if state == AssignmentState::Cancelled {
        return Err(CoreError::invalid("state", "Phần việc này đã bị hủy."));
    }
    let reason = required("reason", reason, "lý do hủy")?;
    tx.execute(
        "UPDATE assignment SET state = 'cancelled', completed_on = NULL, state_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, ctx.stamp()],
    )?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some(state.as_str()), Some("cancelled"))?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "cancelled", None, Some(&reason))?;
    Ok(())
}

/// A progress note; work not started is then in progress.
pub fn add_note(tx: &Transaction, ctx: &Ctx, id: i64, note: &str) -> Result<()> {
    let (state, _) = current_state(tx, id)?;
    if state == AssignmentState::Cancelled {
        return Err(CoreError::invalid("state", "Phần việc này đã bị hủy."));
    }
    let note = required("note", note, "nội dung tiến độ")?;
    let old: Option<String> = tx.query_row("SELECT progress_note FROM assignment WHERE id = ?1", [id], |r| r.get(0))?;
    let new_state = if state == AssignmentState::NotStarted { AssignmentState::InProgress } else { state };
    tx.execute("UPDATE assignment SET progress_note = ?2, state = ?3, updated_at = ?4 WHERE id = ?1", params![id, note, new_state.as_str(), ctx.stamp()])?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "progress_note", old.as_deref(), Some(&note))?;
    if new_state != state {
        audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some(state.as_str()), Some(new_state.as_str()))?;
    }
    Ok(())
}

/// A deadline extension (gia hạn).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct Extension {
    /// New deadline, as typed.
    pub new_deadline: String,
    /// Why.
    pub reason: String,
    /// Who decided (e.g. "Chủ tịch UBND huyện").
    pub decided_by: String,
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

/// Extends the deadline of one part (`assignment_id`), or of the whole task and all its
/// parts still open. The original deadline is kept in the extension record.
pub fn extend(tx: &Transaction, ctx: &Ctx, task_id: i64, assignment_id: Option<i64>, e: &Extension) -> Result<()> {
    let new = time::parse_date("newDeadline", &required("newDeadline", &e.new_deadline, "thời hạn mới")?)?;
    let reason = required("reason", &e.reason, "lý do gia hạn")?;
    let decided_by = required("decidedBy", &e.decided_by, "người quyết định gia hạn")?;
    let task_deadline: Option<Option<String>> = tx.query_row("SELECT deadline FROM task WHERE id = ?1", [task_id], |r| r.get(0)).optional()?;
    let task_deadline = task_deadline.ok_or_else(|| CoreError::not_found("nhiệm vụ", task_id))?;
    let parts: Vec<(i64, Option<String>)> = match assignment_id {
        Some(aid) => {
            let row: Option<(i64, Option<String>, String)> =
                tx.query_row("SELECT task_id, deadline, state FROM assignment WHERE id = ?1", [aid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
            match row {
                Some((t, deadline, state)) if t == task_id => {
                    if state == "done" || state == "cancelled" {
                        return Err(CoreError::invalid("assignmentId", "Chỉ gia hạn được phần việc chưa hoàn thành."));
                    }
                    vec![(aid, deadline)]
                }
                _ => return Err(CoreError::not_found("phần việc", aid)),
            }
        }
        None => {
            let mut stmt = tx.prepare("SELECT id, deadline FROM assignment WHERE task_id = ?1 AND period = '' AND state IN ('not_started', 'in_progress')")?;
            let rows = stmt.query_map([task_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        }
    };
    // A deadline before the part exists would make it overdue before it was given. The
    // whole task's one-off parts open on its given date (or, in an upgraded store, before
    // it), so for the task that date decides.
    match assignment_id {
        Some(aid) => {
            if let (Some(opens_on), period) = opening_of(tx, aid)? {
                opening::before_opening("newDeadline", "Thời hạn mới", new, opens_on, &period)?;
            }
        }
        None => {
            let given: Option<String> = tx.query_row("SELECT given_on FROM task WHERE id = ?1", [task_id], |r| r.get(0))?;
            if let Some(given) = given.as_deref().and_then(time::parse_iso_day) {
                opening::before_opening("newDeadline", "Thời hạn mới", new, given, "")?;
            }
        }
    }
    let new_s = new.to_string();
    if assignment_id.is_none() {
        tx.execute("UPDATE task SET deadline = ?2, updated_at = ?3 WHERE id = ?1", params![task_id, new_s, ctx.stamp()])?;
        audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "deadline", task_deadline.as_deref(), Some(&new_s))?;
        tx.execute(
            "INSERT INTO deadline_extension (task_id, assignment_id, old_deadline, new_deadline, reason, decided_by, at)
             VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6)",
            params![task_id, task_deadline, new_s, reason, decided_by, ctx.stamp()],
        )?;
    }
    for (aid, old) in parts {
        tx.execute("UPDATE assignment SET deadline = ?2, updated_at = ?3 WHERE id = ?1", params![aid, new_s, ctx.stamp()])?;
        audit::record(tx, ctx, audit::AuditEntity::Assignment, aid, "deadline", old.as_deref(), Some(&new_s))?;
        if assignment_id.is_some() {
            tx.execute(
                "INSERT INTO deadline_extension (task_id, assignment_id, old_deadline, new_deadline, reason, decided_by, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![task_id, aid, old, new_s, reason, decided_by, ctx.stamp()],
            )?;
        }
    }
    Ok(())
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

/// Completes a part and files its evidence in one go (the tick dialog's one step): all of
/// it or nothing. The placed files are kept by the caller once `tx` has committed; on any
/// error they are dropped, which removes them (see [`super::evidence`]).
pub fn complete_with_evidence(
    tx: &Transaction,
    ctx: &Ctx,
    root: &Path,
    id: i64,
    c: &Completion,
    files: &[NewEvidence],
) -> Result<(Vec<Evidence>, Vec<PlacedFile>)> {
    complete(tx, ctx, id, c)?;
    let mut rows = Vec::with_capacity(files.len());
    let mut placed = Vec::with_capacity(files.len());
    for f in files {
        let (row, file) = attach_evidence(tx, ctx, root, id, &f.name, &f.bytes)?;
        rows.push(row);
        placed.push(file);
    }
    Ok((rows, placed))
}

/// [`complete_with_evidence`] with files already staged ([`super::evidence::stage`], before
/// the transaction): the transaction only inserts rows and renames files.
pub fn complete_with_staged(tx: &Transaction, ctx: &Ctx, id: i64, c: &Completion, files: Vec<StagedEvidence>) -> Result<(Vec<Evidence>, Vec<PlacedFile>)> {
    complete(tx, ctx, id, c)?;
    let mut rows = Vec::with_capacity(files.len());
    let mut placed = Vec::with_capacity(files.len());
    for f in files {
        let (row, file) = super::evidence::file_staged(tx, ctx, f)?;
        rows.push(row);
        placed.push(file);
    }
    Ok((rows, placed))
}
