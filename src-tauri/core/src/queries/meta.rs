//! Key/value facts about the registry (its version, the district it describes).

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;

/// Reads a value.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM registry_meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

/// Writes a value.
pub fn set(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute("INSERT INTO registry_meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![key, value])?;
    Ok(())
}
