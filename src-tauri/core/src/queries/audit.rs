//! The audit trail: every change to a task or an assignment, as (what, old → new, who, when).

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::Result;
use crate::Ctx;

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Table of the changed record (`task`, `assignment`).
    pub entity: String,
    /// Its id.
    pub entity_id: i64,
    /// Field changed (`created` for a new record).
    pub field: String,
    /// Old value, as text.
    pub old_value: Option<String>,
    /// New value, as text.
    pub new_value: Option<String>,
    /// Who made the change.
    pub actor: String,
    /// When (UTC, storage form).
    pub at: String,
}

/// Records one change.
pub fn record(tx: &Transaction, ctx: &Ctx, entity: &str, id: i64, field: &str, old: Option<&str>, new: Option<&str>) -> Result<()> {
    tx.prepare_cached("INSERT INTO audit (entity, entity_id, field, old_value, new_value, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![entity, id, field, old, new, ctx.actor, ctx.stamp()])?;
    Ok(())
}

/// The history of one record, oldest first.
pub fn history(conn: &Connection, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, entity_id, field, old_value, new_value, actor, at FROM audit
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity, id], |r| {
        Ok(AuditEntry {
            entity: r.get(0)?,
            entity_id: r.get(1)?,
            field: r.get(2)?,
            old_value: r.get(3)?,
            new_value: r.get(4)?,
            actor: r.get(5)?,
            at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
