//! At the unit: what the unit did, kept until the office answers. An action is checked
//! and shown on the mirror at once (the list says "đã hoàn thành" and its reminders stop,
//! even offline), queued with a random key, sent in order by the desk client, and marked
//! with the office's answer. A conflict stays in view until the unit has read it.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::link::{not_linked, DeskLink};
use super::{ActionAnswer, ActionKind, DeskAction, Outcome};
use crate::error::{CoreError, Result};
use crate::portal::requests::{insert_request, request_input};
use crate::rules::part::{self, Completion};
use crate::{time, Ctx, Store};

/// A queued or answered action, as the desk's window lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxItem {
    /// Row id (to dismiss a conflict).
    pub id: i64,
    /// The part.
    pub assignment_id: i64,
    /// The task's title (from the mirror; empty if the part left it).
    pub title: String,
    /// What was done.
    pub kind: ActionKind,
    /// When (UTC stamp).
    pub queued_at: String,
    /// `queued`, `applied` or `conflict`.
    pub state: String,
    /// The office's words on a conflict.
    pub answer: Option<String>,
}

/// The acting context of the desk's own copy: the unit, marked as not yet sent.
fn desk_ctx(link: &DeskLink, now: DateTime<Utc>) -> Ctx {
    Ctx::new(now, format!("{} (máy đơn vị, chờ gửi về Văn phòng)", link.unit_name))
}

fn text_field(body: &Value, key: &str) -> Option<String> {
    body.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Applies one action inside `tx` with the rules the office applies: the same checks, so a
/// date in the future or a missing value is refused at the unit before it is queued.
pub(super) fn apply_action(tx: &Transaction, ctx: &Ctx, unit_id: i64, id: i64, kind: ActionKind, body: &Value) -> Result<()> {
    match kind {
        ActionKind::Done => {
            let c = Completion {
                completed_on: text_field(body, "on").unwrap_or_default(),
                note: text_field(body, "note"),
                reported_value: body.get("value").and_then(Value::as_f64),
            };
            part::complete(tx, ctx, id, &c)
        }
        ActionKind::Note => part::add_note(tx, ctx, id, &text_field(body, "note").unwrap_or_default()),
        ActionKind::Extension => {
            let (until, reason) = request_input(&text_field(body, "until").unwrap_or_default(), &text_field(body, "reason").unwrap_or_default())?;
            insert_request(tx, ctx, unit_id, id, until, &reason).map(|_| ())
        }
    }
}

/// Shows every action still queued on the freshly applied mirror, oldest first. One the
/// mirror no longer allows (the office cancelled the part meanwhile) is left for the
/// office's answer, which will say so.
pub(super) fn overlay(tx: &Transaction, link: &DeskLink, now: DateTime<Utc>) -> Result<()> {
    let queued: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare("SELECT assignment_id, kind, body FROM desk_outbox WHERE state = 'queued' ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let ctx = desk_ctx(link, now);
    for (id, kind, body) in queued {
        let (Some(kind), Ok(body)) = (ActionKind::parse(&kind), serde_json::from_str::<Value>(&body)) else { continue };
        tx.execute_batch("SAVEPOINT overlay")?;
        match apply_action(tx, &ctx, link.unit_id, id, kind, &body) {
            Ok(()) => tx.execute_batch("RELEASE overlay")?,
            Err(e) => {
                tracing::info!("desk: queued {} on part {id} not shown on the new mirror: {e}", kind.as_str());
                tx.execute_batch("ROLLBACK TO overlay; RELEASE overlay")?;
            }
        }
    }
    Ok(())
}

fn random_key() -> String {
    crate::portal::Token::generate().0
}

impl Store {
    /// Records what the unit did to its part `id` at `now`: checked by the office's rules on
    /// the mirror, shown there at once, and queued for the office. Returns the queued item.
    pub fn queue_action(&mut self, now: DateTime<Utc>, id: i64, kind: ActionKind, body: &Value) -> Result<OutboxItem> {
        let link = self.desk_link()?.ok_or_else(not_linked)?;
        let ctx = desk_ctx(&link, now);
        let key = random_key();
        let row_id = self.write(|tx| {
            let base: Option<(String, String, i64)> =
                tx.query_row("SELECT state, updated_at, unit_id FROM assignment WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
            let (state, updated, _) = base.filter(|b| b.2 == link.unit_id).ok_or_else(|| CoreError::not_found("phần việc", id))?;
            apply_action(tx, &ctx, link.unit_id, id, kind, body)?;
            tx.execute(
                "INSERT INTO desk_outbox (key, assignment_id, kind, body, base_state, base_updated, queued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![key, id, kind.as_str(), body.to_string(), state, updated, ctx.stamp()],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.outbox_items(false)?.into_iter().find(|i| i.id == row_id).ok_or_else(|| CoreError::not_found("thao tác", row_id))
    }

    /// The actions waiting for the office, oldest first, as the desk client sends them.
    pub fn pending_actions(&self) -> Result<Vec<DeskAction>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT key, assignment_id, kind, body, base_state, base_updated, queued_at FROM desk_outbox WHERE state = 'queued' ORDER BY id")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (key, assignment_id, kind, body, base_state, base_updated, queued_at) = row?;
            let kind = ActionKind::parse(&kind).ok_or_else(|| CoreError::invalid("kind", "Thao tác không rõ loại trong hàng đợi."))?;
            out.push(DeskAction { key, assignment_id, kind, body: serde_json::from_str(&body)?, base_state, base_updated, queued_at });
        }
        Ok(out)
    }

    /// Records the office's answers at `now`; returns how many were conflicts.
    pub fn record_answers(&mut self, answers: &[ActionAnswer], now: DateTime<Utc>) -> Result<usize> {
        let stamp = time::to_stored(now);
        self.write(|tx| {
            let mut conflicts = 0;
            for a in answers {
                let state = match a.outcome {
                    Outcome::Applied => "applied",
                    Outcome::Conflict => "conflict",
                };
                let n = tx.execute(
                    "UPDATE desk_outbox SET state = ?2, answer = ?3, answered_at = ?4 WHERE key = ?1 AND state = 'queued'",
                    params![a.key, state, a.message, stamp],
                )?;
                conflicts += usize::from(n > 0 && a.outcome == Outcome::Conflict);
            }
            Ok(conflicts)
        })
    }

    /// The queue as the window shows it: the waiting actions and the conflicts not yet
    /// read (`waiting_only`: the waiting ones alone), oldest first.
    pub fn outbox_items(&self, waiting_only: bool) -> Result<Vec<OutboxItem>> {
        let mut stmt = self.conn().prepare(
            "SELECT o.id, o.assignment_id, coalesce(t.title, ''), o.kind, o.queued_at, o.state, o.answer FROM desk_outbox o
               LEFT JOIN assignment a ON a.id = o.assignment_id LEFT JOIN task t ON t.id = a.task_id
              WHERE o.state = 'queued' OR (?1 = 0 AND o.state = 'conflict' AND o.seen_at IS NULL) ORDER BY o.id",
        )?;
        let rows = stmt.query_map([waiting_only], |r| {
            let kind: String = r.get(3)?;
            Ok(OutboxItem {
                id: r.get(0)?,
                assignment_id: r.get(1)?,
                title: r.get(2)?,
                kind: ActionKind::parse(&kind).unwrap_or(ActionKind::Note),
                queued_at: r.get(4)?,
                state: r.get(5)?,
                answer: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The unit has read the conflict `id` (at `now`): it leaves the list.
    pub fn dismiss_conflict(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE desk_outbox SET seen_at = ?2 WHERE id = ?1 AND state = 'conflict'", params![id, time::to_stored(now)])?;
            Ok(())
        })
    }
}
