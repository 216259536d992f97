//! At the office: a desk's queued actions, applied exactly once each and in order.
//!
//! Each action runs in its own transaction with the record of its key, so an action is
//! applied and remembered together or not at all: a desk that lost the answer sends it
//! again and gets the same answer, with nothing applied twice. An action the office can
//! no longer take (it cancelled the part, returned it, or someone ticked it meanwhile) is
//! answered `conflict` with the reason, never dropped in silence.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::outbox::apply_action;
use super::{ActionAnswer, DeskAction, Outcome};
use crate::error::{CoreError, ErrorCode, Result};
use crate::portal::Caller;
use crate::{time, Ctx, Store};

/// Most actions one request may carry (a desk sends the rest next time).
pub const MAX_ACTIONS: usize = 200;

/// Why the office cannot take `a` on the part as it is now, if it cannot.
fn conflict_of(tx: &Transaction, unit_id: i64, a: &DeskAction) -> Result<Option<String>> {
    let part: Option<(i64, String, String, Option<String>, Option<String>)> = tx
        .query_row("SELECT unit_id, state, updated_at, completed_on, state_reason FROM assignment WHERE id = ?1", [a.assignment_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let what = a.kind.label();
    let Some((owner, state, updated, completed_on, reason)) = part.filter(|p| p.0 == unit_id) else {
        return Ok(Some(format!("Phần việc #{} không còn được giao cho đơn vị; thao tác {what} không được ghi nhận.", a.assignment_id)));
    };
    let _ = owner;
    let because = reason.map(|r| format!(" (lý do: {r})")).unwrap_or_default();
    if state == "cancelled" {
        return Ok(Some(format!("Văn phòng đã hủy phần việc này{because}; thao tác {what} không được ghi nhận.")));
    }
    if state == "done" && a.base_state != "done" {
        let on = completed_on.as_deref().and_then(time::parse_iso_day).map(time::format_date).unwrap_or_default();
        return Ok(Some(format!("Phần việc đã được ghi nhận hoàn thành ngày {on} trước khi thao tác {what} của đơn vị đến Văn phòng.")));
    }
    if updated != a.base_updated && state != a.base_state {
        return Ok(Some(if a.base_state == "done" {
            format!("Văn phòng đã trả lại phần việc này{because} sau khi đơn vị thao tác; hãy xem lại rồi thực hiện lại.")
        } else {
            format!("Văn phòng đã thay đổi phần việc này trong lúc chờ; thao tác {what} không được ghi nhận, hãy xem lại.")
        }));
    }
    Ok(None)
}

/// Applies `a` for `unit_id` inside `tx`, or says why not. A refusal by the rules (a
/// date the part does not allow…) is a conflict with the rule's own message; a failure of
/// the store is an error (nothing recorded, the desk sends it again later).
fn take(tx: &Transaction, ctx: &Ctx, unit_id: i64, a: &DeskAction) -> Result<(Outcome, Option<String>)> {
    if let Some(why) = conflict_of(tx, unit_id, a)? {
        return Ok((Outcome::Conflict, Some(why)));
    }
    tx.execute_batch("SAVEPOINT desk_action")?;
    match apply_action(tx, ctx, unit_id, a.assignment_id, a.kind, &a.body) {
        Ok(()) => {
            tx.execute_batch("RELEASE desk_action")?;
            Ok((Outcome::Applied, None))
        }
        Err(e) if matches!(e.code(), ErrorCode::Validation | ErrorCode::Conflict | ErrorCode::NotFound) => {
            tx.execute_batch("ROLLBACK TO desk_action; RELEASE desk_action")?;
            Ok((Outcome::Conflict, Some(e.to_string())))
        }
        Err(e) => Err(e),
    }
}

impl Store {
    /// Applies a unit desk's queued `actions` at `now`, in order, each exactly once by its
    /// key, for the unit account `account_id` whose session is `caller`. Returns one
    /// answer per action, in the same order.
    pub fn desk_apply(&mut self, caller: &Caller, account_id: i64, now: DateTime<Utc>, actions: &[DeskAction]) -> Result<Vec<ActionAnswer>> {
        caller.may_write()?;
        let Caller::Unit { unit_id, name } = caller else {
            return Err(CoreError::portal(ErrorCode::Forbidden, "Chỉ tài khoản của một đơn vị mới gửi được thao tác từ máy đơn vị."));
        };
        if actions.len() > MAX_ACTIONS {
            return Err(CoreError::invalid("actions", format!("Mỗi lần gửi tối đa {MAX_ACTIONS} thao tác.")));
        }
        let ctx = Ctx::new(now, format!("{name} (máy đơn vị)"));
        let mut answers = Vec::with_capacity(actions.len());
        for a in actions {
            if a.key.len() < 16 || a.key.len() > 128 {
                return Err(CoreError::invalid("key", "Mã thao tác không hợp lệ."));
            }
            let answer = self.write(|tx| {
                let seen: Option<(i64, String, Option<String>)> = tx
                    .query_row("SELECT account_id, outcome, message FROM desk_action WHERE key = ?1", [&a.key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?;
                if let Some((owner, outcome, message)) = seen {
                    // Another account's key is not this one's to learn about.
                    let outcome = if owner == account_id && outcome == "applied" { Outcome::Applied } else { Outcome::Conflict };
                    let message =
                        if owner == account_id { message } else { Some("Mã thao tác đã được dùng; thao tác không được ghi nhận.".into()) };
                    return Ok(ActionAnswer { key: a.key.clone(), outcome, message, replayed: true });
                }
                let (outcome, message) = take(tx, &ctx, *unit_id, a)?;
                let stored = match outcome {
                    Outcome::Applied => "applied",
                    Outcome::Conflict => "conflict",
                };
                tx.execute(
                    "INSERT INTO desk_action (key, account_id, assignment_id, kind, outcome, message, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![a.key, account_id, a.assignment_id, a.kind.as_str(), stored, message, ctx.stamp()],
                )?;
                Ok(ActionAnswer { key: a.key.clone(), outcome, message, replayed: false })
            })?;
            answers.push(answer);
        }
        Ok(answers)
    }
}
