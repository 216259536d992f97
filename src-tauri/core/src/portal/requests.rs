//! Extension requests: a unit asks for more time on its part, with a reason; the office
//! accepts (the existing extension rule then moves the deadline, in the same transaction)
//! or refuses. A part has at most one request waiting.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{refuse, Caller};
use crate::error::{CoreError, ErrorCode, Result};
use crate::queries::audit;
use crate::rules::part::{self, Extension};
use crate::{text, time, Ctx, Store};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for the office.
    Pending,
    /// Accepted: the deadline moved.
    Accepted,
    /// Refused.
    Refused,
}

impl RequestState {
    fn parse(s: &str) -> RequestState {
        match s {
            "accepted" => RequestState::Accepted,
            "refused" => RequestState::Refused,
            _ => RequestState::Pending,
        }
    }
}

/// A unit's request for more time.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExtensionRequest {
    /// Row id.
    pub id: i64,
    /// The part.
    pub assignment_id: i64,
    /// Its task.
    pub task_id: i64,
    /// The task's title.
    pub task_title: String,
    /// The unit's name.
    pub unit_name: String,
    /// The deadline when asked (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// The deadline asked for (YYYY-MM-DD).
    pub requested_until: String,
    /// Why.
    pub reason: String,
    /// Who asked (the audit's name of the account).
    pub requested_by: String,
    /// When (UTC).
    pub requested_at: String,
    /// Where it stands.
    pub state: RequestState,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When (UTC).
    pub decided_at: Option<String>,
    /// The office's note with its decision.
    pub decision_note: Option<String>,
}

const SELECT: &str = "SELECT r.id, r.assignment_id, a.task_id, t.title, u.name, a.deadline, r.requested_until, r.reason, r.requested_by,
        r.requested_at, r.state, r.decided_by, r.decided_at, r.decision_note
   FROM extension_request r JOIN assignment a ON a.id = r.assignment_id JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id";

fn read(r: &rusqlite::Row) -> rusqlite::Result<ExtensionRequest> {
    let state: String = r.get(10)?;
    Ok(ExtensionRequest {
        id: r.get(0)?,
        assignment_id: r.get(1)?,
        task_id: r.get(2)?,
        task_title: r.get(3)?,
        unit_name: r.get(4)?,
        deadline: r.get(5)?,
        requested_until: r.get(6)?,
        reason: r.get(7)?,
        requested_by: r.get(8)?,
        requested_at: r.get(9)?,
        state: RequestState::parse(&state),
        decided_by: r.get(11)?,
        decided_at: r.get(12)?,
        decision_note: r.get(13)?,
    })
}

impl Store {
    /// A unit asks at `now` for its part `id` to be due on `until` (as typed), for `reason`.
    /// Only a unit asks (the office extends directly); the part must be open, the date
    /// after its deadline and not in the past, and no other request of it waiting.
    pub fn request_extension(&mut self, caller: &Caller, now: DateTime<Utc>, id: i64, until: &str, reason: &str) -> Result<i64> {
        caller.may_write()?;
        let Some(unit_id) = caller.unit_id() else {
            return Err(refuse(ErrorCode::Forbidden, "Văn phòng gia hạn trực tiếp trong cửa sổ Đôn đốc, không cần gửi đề nghị."));
        };
        let ctx = caller.ctx(now);
        let (until, reason) = request_input(until, reason)?;
        self.write(|tx| insert_request(tx, &ctx, unit_id, id, until, &reason))
    }

    /// Extension requests, the waiting ones only or all, newest first; a unit sees its own.
    pub fn extension_requests(&self, caller: &Caller, pending_only: bool) -> Result<Vec<ExtensionRequest>> {
        let sql = format!("{SELECT} WHERE (?1 IS NULL OR a.unit_id = ?1) AND (?2 = 0 OR r.state = 'pending') ORDER BY r.id DESC");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![caller.unit_id(), pending_only], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The office decides on request `id`: accepted, the part's deadline moves to the date
    /// asked through the extension rule (recorded with the unit's reason and `decided_by`);
    /// refused, nothing else changes. One transaction either way.
    pub fn decide_extension_request(&mut self, ctx: &Ctx, id: i64, accept: bool, decided_by: &str, note: Option<&str>) -> Result<()> {
        let note = text::limited_opt("note", note, text::NOTE_MAX, "ghi chú")?;
        self.write(|tx| {
            let row: Option<(i64, i64, String, String, String)> = tx
                .query_row(
                    "SELECT r.assignment_id, a.task_id, r.requested_until, r.reason, r.state FROM extension_request r JOIN assignment a ON a.id = r.assignment_id WHERE r.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let (aid, task_id, until, reason, state) = row.ok_or_else(|| CoreError::not_found("đề nghị gia hạn", id))?;
            if state != "pending" {
                return Err(CoreError::Conflict("Đề nghị gia hạn này đã được xem xét.".into()));
            }
            if accept {
                let e = Extension { new_deadline: until.clone(), reason, decided_by: decided_by.to_string() };
                part::extend(tx, ctx, task_id, Some(aid), &e)?;
            }
            let new_state = if accept { "accepted" } else { "refused" };
            tx.execute(
                "UPDATE extension_request SET state = ?2, decided_by = ?3, decided_at = ?4, decision_note = ?5 WHERE id = ?1",
                params![id, new_state, decided_by, ctx.stamp(), note],
            )?;
            let outcome = if accept { format!("chấp thuận, hạn mới {until}") } else { "không chấp thuận".to_string() };
            audit::record(tx, ctx, audit::AuditEntity::Assignment, aid, "extension_request", Some("pending"), Some(&outcome))?;
            Ok(())
        })
    }
}

/// A unit's request as typed, checked: the date read, the reason given and not too long.
pub(crate) fn request_input(until: &str, reason: &str) -> Result<(NaiveDate, String)> {
    let until = time::parse_date("until", until)?;
    let reason = text::limited("reason", reason, text::NOTE_MAX, "lý do đề nghị gia hạn")?;
    if reason.is_empty() {
        return Err(CoreError::invalid("reason", "Hãy nhập lý do đề nghị gia hạn."));
    }
    Ok((until, reason))
}

/// Records the request of `unit_id` for its part `id` inside `tx` (the portal, a desk's
/// queued action at the office, and the desk's own mirror call it).
pub(crate) fn insert_request(tx: &rusqlite::Transaction, ctx: &crate::Ctx, unit_id: i64, id: i64, until: NaiveDate, reason: &str) -> Result<i64> {
    let part: Option<(i64, Option<String>, String)> =
        tx.query_row("SELECT unit_id, deadline, state FROM assignment WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
    let (deadline, state) = match part {
        Some((owner, deadline, state)) if owner == unit_id => (deadline, state),
        _ => return Err(CoreError::not_found("phần việc", id)),
    };
    if state == "done" || state == "cancelled" {
        return Err(CoreError::invalid("until", "Chỉ đề nghị gia hạn được phần việc chưa hoàn thành."));
    }
    if until < ctx.today() {
        return Err(CoreError::invalid("until", format!("Thời hạn đề nghị {} đã qua.", time::format_date(until))));
    }
    if let Some(d) = deadline.as_deref().and_then(time::parse_iso_day).filter(|d| until <= *d) {
        return Err(CoreError::invalid("until", format!("Thời hạn đề nghị phải sau thời hạn hiện tại ({}).", time::format_date(d))));
    }
    let waiting: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM extension_request WHERE assignment_id = ?1 AND state = 'pending')", [id], |r| r.get(0))?;
    if waiting {
        return Err(CoreError::Conflict("Phần việc này đã có một đề nghị gia hạn đang chờ văn phòng xem xét.".into()));
    }
    tx.execute(
        "INSERT INTO extension_request (assignment_id, requested_until, reason, requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, until.to_string(), reason, ctx.actor, ctx.stamp()],
    )?;
    let rid = tx.last_insert_rowid();
    audit::record(tx, ctx, audit::AuditEntity::Assignment, id, "extension_requested", None, Some(&format!("{until}: {reason}")))?;
    Ok(rid)
}
