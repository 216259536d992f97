//! Field tags: a task, or a directive (its tasks inherit), tagged with the keys of the
//! fields it works on.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::Result;

/// A field key as offered for tagging, with its latest name.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FieldKey {
    /// Key.
    pub key: String,
    /// Name in the latest framework that has it.
    pub name: String,
}

/// A task's tags: its own and those inherited from its directive.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TaskTags {
    /// The task.
    pub task_id: i64,
    /// Its own tags.
    pub own: Vec<String>,
    /// Its directive's tags.
    pub inherited: Vec<String>,
}

/// Replaces the tags of a task (keys of some framework). A key kept keeps its year.
pub fn set_task(tx: &Transaction, task_id: i64, keys: &[String]) -> Result<()> {
    let _ = (tx, task_id, keys);
    todo!()
}

/// Replaces the tags of a directive.
pub fn set_directive(tx: &Transaction, directive_id: i64, keys: &[String]) -> Result<()> {
    let _ = (tx, directive_id, keys);
    todo!()
}

/// Every field key of every framework, each with its latest name, in the latest
/// framework's order then by name.
pub fn fields(conn: &Connection) -> Result<Vec<FieldKey>> {
    let _ = conn;
    todo!()
}

/// The tags of these tasks (own and inherited), in the order asked.
pub fn of_tasks(conn: &Connection, task_ids: &[i64]) -> Result<Vec<TaskTags>> {
    let _ = (conn, task_ids);
    todo!()
}

/// The tags of a directive.
pub fn of_directive(conn: &Connection, directive_id: i64) -> Result<Vec<String>> {
    let _ = (conn, directive_id);
    todo!()
}
