//! Field tags: a task, or a directive (its tasks inherit), tagged with the keys of the
//! fields it works on.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::queries::{directives, par_tags as q, tasks};
use crate::text;

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

/// `keys` cleaned, without repeats, each a key of some framework.
fn known(conn: &Connection, keys: &[String]) -> Result<Vec<String>> {
    let all = fields(conn)?;
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        let k = text::clean(k);
        if !all.iter().any(|f| f.key == k) {
            return Err(CoreError::invalid("fields", format!("Lĩnh vực “{k}” không có trong khung chỉ số CCHC nào.")));
        }
        if !out.contains(&k) {
            out.push(k);
        }
    }
    Ok(out)
}

/// Replaces the tags of a task (keys of some framework). A key kept keeps its year.
pub fn set_task(tx: &Transaction, task_id: i64, keys: &[String]) -> Result<()> {
    tasks::get(tx, task_id)?;
    let keys = known(tx, keys)?;
    q::set_task(tx, task_id, &keys)
}

/// Replaces the tags of a directive.
pub fn set_directive(tx: &Transaction, directive_id: i64, keys: &[String]) -> Result<()> {
    directives::get(tx, directive_id)?;
    let keys = known(tx, keys)?;
    q::set_directive(tx, directive_id, &keys)
}

/// Every field key of every framework, each with its latest name, in the latest
/// framework's order, then the keys only older frameworks have.
pub fn fields(conn: &Connection) -> Result<Vec<FieldKey>> {
    let mut out: Vec<FieldKey> = Vec::new();
    for (key, name) in q::framework_keys(conn)? {
        if !out.iter().any(|f| f.key == key) {
            out.push(FieldKey { key, name });
        }
    }
    Ok(out)
}

/// The tags of these tasks (own and inherited), in the order asked.
pub fn of_tasks(conn: &Connection, task_ids: &[i64]) -> Result<Vec<TaskTags>> {
    task_ids.iter().map(|&id| Ok(TaskTags { task_id: id, own: q::task_keys(conn, id)?, inherited: q::inherited_keys(conn, id)? })).collect()
}

/// The tags of a directive.
pub fn of_directive(conn: &Connection, directive_id: i64) -> Result<Vec<String>> {
    q::directive_keys(conn, directive_id)
}
