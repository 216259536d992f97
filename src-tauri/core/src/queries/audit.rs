//! The audit trail: every change to a task or an assignment, as (what, old → new, who, when).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::Result;
use crate::Ctx;

/// What kind of record a change is about. The set is closed: the audit trail follows
/// tasks and their parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    /// A task (its deadline, its recurrence…).
    Task,
    /// One unit's part of a task.
    Assignment,
}

impl AuditEntity {
    /// The value stored in `audit.entity`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::Task => "task",
            AuditEntity::Assignment => "assignment",
        }
    }
}

impl FromSql for AuditEntity {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "task" => Ok(AuditEntity::Task),
            "assignment" => Ok(AuditEntity::Assignment),
            other => Err(FromSqlError::Other(format!("unknown audit entity {other:?}").into())),
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// What kind of record changed.
    pub entity: AuditEntity,
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
pub fn record(tx: &Transaction, ctx: &Ctx, entity: AuditEntity, id: i64, field: &str, old: Option<&str>, new: Option<&str>) -> Result<()> {
    tx.prepare_cached("INSERT INTO audit (entity, entity_id, field, old_value, new_value, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![entity.as_str(), id, field, old, new, ctx.actor, ctx.stamp()])?;
    Ok(())
}

/// The history of one record, oldest first.
pub fn history(conn: &Connection, entity: AuditEntity, id: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, entity_id, field, old_value, new_value, actor, at FROM audit
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity.as_str(), id], |r| {
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
