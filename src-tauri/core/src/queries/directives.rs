//! The chairman's directives (ý kiến chỉ đạo) of a conference, as an ordered list.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::queries::{conference_search, conferences};
use crate::text;

/// One directive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Directive {
    /// Row id.
    pub id: i64,
    /// The conference it was given at.
    pub conference_id: i64,
    /// 1-based position in the conclusion.
    pub ordinal: i64,
    /// The directive's text.
    pub text: String,
}

/// Appends a directive to a conference's list; returns its id.
pub fn add(tx: &Transaction, conference_id: i64, text_in: &str) -> Result<i64> {
    conferences::get(tx, conference_id)?;
    let ordinal: i64 = tx.query_row("SELECT coalesce(max(ordinal), 0) + 1 FROM directive WHERE conference_id = ?1", [conference_id], |r| r.get(0))?;
    insert_at(tx, conference_id, ordinal, text_in)
}

/// Inserts a directive at a given position, e.g. the conclusion's own item number (the
/// reader's accepted rows; the caller makes sure the position is free), and adds its words
/// to the conference's search words. Returns its id.
pub fn insert_at(tx: &Transaction, conference_id: i64, ordinal: i64, text_in: &str) -> Result<i64> {
    let text = text::limited("text", text_in, text::LONG_MAX, "nội dung ý kiến chỉ đạo")?;
    if text.is_empty() {
        return Err(CoreError::invalid("text", "Nội dung ý kiến chỉ đạo không được để trống."));
    }
    tx.execute("INSERT INTO directive (conference_id, ordinal, text) VALUES (?1, ?2, ?3)", params![conference_id, ordinal, text])?;
    let id = tx.last_insert_rowid();
    conference_search::add_text(tx, conference_id, &[&text])?;
    Ok(id)
}

/// The directives of a conference, in order.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Directive>> {
    let mut stmt = conn.prepare_cached("SELECT id, conference_id, ordinal, text FROM directive WHERE conference_id = ?1 ORDER BY ordinal")?;
    let rows = stmt.query_map([conference_id], |r| Ok(Directive { id: r.get(0)?, conference_id: r.get(1)?, ordinal: r.get(2)?, text: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One directive.
pub fn get(conn: &Connection, id: i64) -> Result<Directive> {
    conn.prepare_cached("SELECT id, conference_id, ordinal, text FROM directive WHERE id = ?1")
        .and_then(|mut stmt| stmt.query_row([id], |r| Ok(Directive { id: r.get(0)?, conference_id: r.get(1)?, ordinal: r.get(2)?, text: r.get(3)? })))
        .map_err(|_| CoreError::not_found("ý kiến chỉ đạo", id))
}
