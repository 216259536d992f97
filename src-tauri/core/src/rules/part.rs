//! What may happen to a part (phần việc): a unit ticks it off or adds a progress note; the
//! office returns or cancels it with a reason, or extends a deadline (gia hạn). Every change
//! is checked here, written through [`crate::queries::updates`] and audited in the same
//! transaction.

use std::path::Path;

use rusqlite::Transaction;
use serde::Deserialize;

use crate::error::{CoreError, Result};
use crate::model::AssignmentState;
use crate::queries::updates::{self, attach_evidence, Evidence, NewEvidence, NewExtension, PlacedFile, StagedEvidence};
use crate::queries::{audit, evidence};
use crate::{opening, text, time, Ctx};

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

/// Marks an assignment done. `ctx.today()` bounds the completion date: work cannot be
/// reported as done in the future.
pub fn complete(tx: &Transaction, ctx: &Ctx, id: i64, c: &Completion) -> Result<()> {
    let (state, target_op) = updates::state_of(tx, id)?;
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
    let (opens_on, period) = updates::opening_of(tx, id)?;
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
    updates::set_done(tx, ctx, id, on, note.as_deref(), c.reported_value)?;
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
    let (state, _) = updates::state_of(tx, id)?;
    if state != AssignmentState::Done {
        return Err(CoreError::invalid("state", "Chỉ trả lại được phần việc đã đánh dấu hoàn thành."));
    }
    let reason = required("reason", reason, "lý do trả lại")?;
    let old_on = updates::completed_on(tx, id)?;
    updates::set_state_with_reason(tx, ctx, id, AssignmentState::InProgress, &reason)?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some("done"), Some("in_progress"))?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "completed_on", old_on.as_deref(), None)?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "returned", None, Some(&reason))?;
    Ok(())
}

/// The office cancels a part (hủy), with the reason.
pub fn cancel(tx: &Transaction, ctx: &Ctx, id: i64, reason: &str) -> Result<()> {
    let (state, _) = updates::state_of(tx, id)?;
    if state == AssignmentState::Cancelled {
        return Err(CoreError::invalid("state", "Phần việc này đã bị hủy."));
    }
    let reason = required("reason", reason, "lý do hủy")?;
    updates::set_state_with_reason(tx, ctx, id, AssignmentState::Cancelled, &reason)?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "state", Some(state.as_str()), Some("cancelled"))?;
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "cancelled", None, Some(&reason))?;
    Ok(())
}

/// A progress note; work not started is then in progress.
pub fn add_note(tx: &Transaction, ctx: &Ctx, id: i64, note: &str) -> Result<()> {
    let (state, _) = updates::state_of(tx, id)?;
    if state == AssignmentState::Cancelled {
        return Err(CoreError::invalid("state", "Phần việc này đã bị hủy."));
    }
    let note = required("note", note, "nội dung tiến độ")?;
    let old = updates::progress_note(tx, id)?;
    let new_state = if state == AssignmentState::NotStarted { AssignmentState::InProgress } else { state };
    updates::set_note(tx, ctx, id, &note, new_state)?;
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

/// Extends the deadline of one part (`assignment_id`), or of the whole task and all its
/// parts still open. The original deadline is kept in the extension record.
pub fn extend(tx: &Transaction, ctx: &Ctx, task_id: i64, assignment_id: Option<i64>, e: &Extension) -> Result<()> {
    let new = time::parse_date("newDeadline", &required("newDeadline", &e.new_deadline, "thời hạn mới")?)?;
    let reason = required("reason", &e.reason, "lý do gia hạn")?;
    let decided_by = required("decidedBy", &e.decided_by, "người quyết định gia hạn")?;
    let task_deadline = updates::task_deadline(tx, task_id)?.ok_or_else(|| CoreError::not_found("nhiệm vụ", task_id))?;
    let parts: Vec<(i64, Option<String>)> = match assignment_id {
        Some(aid) => match updates::part_deadline(tx, aid)? {
            Some((t, deadline, state)) if t == task_id => {
                if matches!(state, AssignmentState::Done | AssignmentState::Cancelled) {
                    return Err(CoreError::invalid("assignmentId", "Chỉ gia hạn được phần việc chưa hoàn thành."));
                }
                vec![(aid, deadline)]
            }
            _ => return Err(CoreError::not_found("phần việc", aid)),
        },
        None => updates::open_one_off_parts(tx, task_id)?,
    };
    // A deadline before the part exists would make it overdue before it was given. The
    // whole task's one-off parts open on its given date (or, in an upgraded store, before
    // it), so for the task that date decides.
    match assignment_id {
        Some(aid) => {
            if let (Some(opens_on), period) = updates::opening_of(tx, aid)? {
                opening::before_opening("newDeadline", "Thời hạn mới", new, opens_on, &period)?;
            }
        }
        None => {
            if let Some(given) = updates::task_given_on(tx, task_id)?.as_deref().and_then(time::parse_iso_day) {
                opening::before_opening("newDeadline", "Thời hạn mới", new, given, "")?;
            }
        }
    }
    let new_s = new.to_string();
    if assignment_id.is_none() {
        updates::set_task_deadline(tx, ctx, task_id, new)?;
        audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "deadline", task_deadline.as_deref(), Some(&new_s))?;
        updates::insert_extension(
            tx,
            ctx,
            &NewExtension { task_id, assignment_id: None, old_deadline: task_deadline.as_deref(), new_deadline: new, reason: &reason, decided_by: &decided_by },
        )?;
    }
    for (aid, old) in parts {
        updates::set_part_deadline(tx, ctx, aid, new)?;
        audit::record(tx, ctx, audit::AuditEntity::Assignment, aid, "deadline", old.as_deref(), Some(&new_s))?;
        if assignment_id.is_some() {
            updates::insert_extension(
                tx,
                ctx,
                &NewExtension { task_id, assignment_id: Some(aid), old_deadline: old.as_deref(), new_deadline: new, reason: &reason, decided_by: &decided_by },
            )?;
        }
    }
    Ok(())
}

/// Completes a part and files its evidence in one go (the tick dialog's one step): all of
/// it or nothing. The placed files are kept by the caller once `tx` has committed; on any
/// error they are dropped, which removes them (see [`evidence`]).
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

/// [`complete_with_evidence`] with files already staged ([`evidence::stage`], before
/// the transaction): the transaction only inserts rows and renames files.
pub fn complete_with_staged(tx: &Transaction, ctx: &Ctx, id: i64, c: &Completion, files: Vec<StagedEvidence>) -> Result<(Vec<Evidence>, Vec<PlacedFile>)> {
    complete(tx, ctx, id, c)?;
    let mut rows = Vec::with_capacity(files.len());
    let mut placed = Vec::with_capacity(files.len());
    for f in files {
        let (row, file) = evidence::file_staged(tx, ctx, f)?;
        rows.push(row);
        placed.push(file);
    }
    Ok((rows, placed))
}
