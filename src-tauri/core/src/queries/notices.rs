//! Notices (the notifications the app produced, delivered or kept for the in-app panel)
//! and custom reminders.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::reminders::{Notice, NoticeKind};
use crate::{text, time, Ctx};

/// A stored notice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StoredNotice {
    /// Row id.
    pub id: i64,
    /// When it was produced (UTC).
    pub created_at: String,
    /// One reminder's kind, or a summary's.
    #[cfg_attr(feature = "ts", ts(type = "`before_${number}` | \"due\" | \"overdue\" | `custom:${number}` | \"digest\" | \"catch_up\" | \"morning\""))]
    pub kind: NoticeKind,
    /// Summary line.
    pub summary: String,
    /// Body.
    pub body: String,
    /// The assignment it is about.
    pub assignment_id: Option<i64>,
    /// Shown on the desktop.
    pub delivered: bool,
    /// Read in the app.
    pub seen: bool,
}

/// Stores a notice, not yet delivered; returns its id.
pub fn insert(tx: &Transaction, at: DateTime<Utc>, n: &Notice) -> Result<i64> {
    tx.execute(
        "INSERT INTO notice (created_at, kind, summary, body, assignment_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![time::to_stored(at), n.kind, n.summary, n.body, n.assignment],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Marks a notice shown on the desktop.
pub fn mark_delivered(tx: &Transaction, id: i64) -> Result<()> {
    tx.execute("UPDATE notice SET delivered = 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// Marks every undelivered notice as read in the app.
pub fn mark_all_seen(tx: &Transaction, at: DateTime<Utc>) -> Result<()> {
    tx.execute("UPDATE notice SET seen_at = ?1 WHERE seen_at IS NULL", [time::to_stored(at)])?;
    Ok(())
}

/// The latest notices, newest first.
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<StoredNotice>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, created_at, kind, summary, body, assignment_id, delivered, seen_at IS NOT NULL FROM notice ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        Ok(StoredNotice {
            id: r.get(0)?,
            created_at: r.get(1)?,
            kind: r.get(2)?,
            summary: r.get(3)?,
            body: r.get(4)?,
            assignment_id: r.get(5)?,
            delivered: r.get(6)?,
            seen: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many notices only the app holds and nobody has read: the panel's badge.
pub fn unseen_undelivered(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM notice WHERE delivered = 0 AND seen_at IS NULL", [], |r| r.get(0))?)
}

/// Adds a custom reminder at a local date-time (as typed) on a task or on one assignment.
pub fn add_custom(tx: &Transaction, ctx: &Ctx, task_id: Option<i64>, assignment_id: Option<i64>, at: &str, note: Option<&str>) -> Result<i64> {
    let when = time::parse_local_datetime("at", at)?;
    if when <= ctx.now {
        return Err(CoreError::invalid("at", "Thời điểm nhắc đã qua; hãy chọn một thời điểm trong tương lai."));
    }
    match (task_id, assignment_id) {
        (Some(t), None) => {
            let ok: Option<i64> = tx.query_row("SELECT id FROM task WHERE id = ?1", [t], |r| r.get(0)).optional()?;
            ok.ok_or_else(|| CoreError::not_found("nhiệm vụ", t))?;
        }
        (None, Some(a)) => {
            let ok: Option<i64> = tx.query_row("SELECT id FROM assignment WHERE id = ?1", [a], |r| r.get(0)).optional()?;
            ok.ok_or_else(|| CoreError::not_found("phần việc", a))?;
        }
        _ => return Err(CoreError::invalid("at", "Nhắc việc phải gắn với một nhiệm vụ hoặc một phần việc.")),
    }
    tx.execute(
        "INSERT INTO custom_reminder (task_id, assignment_id, at, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![task_id, assignment_id, time::to_stored(when), text::clean_opt(note), ctx.stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}
