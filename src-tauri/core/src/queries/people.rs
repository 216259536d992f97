//! The people directory: leaders and delegates remembered across conferences, so their
//! names autocomplete next time.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::{text, Ctx};

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Row id.
    pub id: i64,
    /// Full name, e.g. "Phạm Văn Long".
    pub name: String,
    /// Position (chức vụ), e.g. "Chủ tịch UBND huyện".
    pub position: Option<String>,
    /// The unit the person belongs to.
    pub unit_id: Option<i64>,
    /// That unit's short name.
    pub unit_short_name: Option<String>,
}

/// Remembers a person: the same name (ignoring case and diacritics) in the same unit is
/// the same person, whose position is updated when a new one is given. Returns the id.
pub fn remember(tx: &Transaction, ctx: &Ctx, name: &str, position: Option<&str>, unit_id: Option<i64>) -> Result<i64> {
    let name = text::clean(name);
    if name.is_empty() {
        return Err(CoreError::invalid("name", "Họ tên không được để trống."));
    }
    let folded = text::fold(&name);
    let position = text::clean_opt(position);
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM person WHERE name_folded = ?1 AND unit_id IS ?2 ORDER BY id LIMIT 1", params![folded, unit_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        if position.is_some() {
            tx.execute("UPDATE person SET position = ?2, name = ?3 WHERE id = ?1", params![id, position, name])?;
        }
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO person (name, name_folded, position, unit_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, folded, position, unit_id, ctx.stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// People whose name contains `query` (diacritics and case ignored), best matches
/// (name starts with the query) first, at most `limit`.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<Person>> {
    let q = text::fold(query);
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, p.position, p.unit_id, u.short_name FROM person p LEFT JOIN unit u ON u.id = p.unit_id
         WHERE instr(p.name_folded, ?1) > 0
         ORDER BY instr(p.name_folded, ?1) <> 1, p.name_folded, p.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![q, limit as i64], |r| {
        Ok(Person { id: r.get(0)?, name: r.get(1)?, position: r.get(2)?, unit_id: r.get(3)?, unit_short_name: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
