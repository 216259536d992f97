//! SQL of the field tags of the administrative-reform index: `task_par_field` (a task's
//! own tags, with the score year it follows up when known) and `directive_par_field`
//! (inherited by the directive's tasks).

use rusqlite::{params, Connection, Transaction};

use crate::error::Result;

/// Every field key of every framework with its name, the latest framework first and in its
/// order: the first row of a key carries its latest name.
pub fn framework_keys(conn: &Connection) -> Result<Vec<(String, String)>> {
    let sql = format!(
        "SELECT pf.key, pf.name FROM par_field pf JOIN par_framework f ON f.id = pf.framework_id
         ORDER BY f.year DESC, {}, pf.position",
        super::par::LEVEL_ORDER
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps exactly `keys` as a task's own tags: others removed, new ones added without a year,
/// kept ones keep theirs.
pub fn set_task(tx: &Transaction, task_id: i64, keys: &[String]) -> Result<()> {
    let current = task_keys(tx, task_id)?;
    for k in current.iter().filter(|k| !keys.contains(k)) {
        tx.execute("DELETE FROM task_par_field WHERE task_id = ?1 AND field_key = ?2", params![task_id, k])?;
    }
    for k in keys {
        tx.execute("INSERT OR IGNORE INTO task_par_field (task_id, field_key) VALUES (?1, ?2)", params![task_id, k])?;
    }
    Ok(())
}

/// Tags a task with a field and the score year it follows up.
pub fn tag_task_year(tx: &Transaction, task_id: i64, key: &str, year: i32) -> Result<()> {
    tx.execute(
        "INSERT INTO task_par_field (task_id, field_key, year) VALUES (?1, ?2, ?3)
         ON CONFLICT (task_id, field_key) DO UPDATE SET year = excluded.year",
        params![task_id, key, year],
    )?;
    Ok(())
}

/// Keeps exactly `keys` as a directive's tags.
pub fn set_directive(tx: &Transaction, directive_id: i64, keys: &[String]) -> Result<()> {
    tx.execute("DELETE FROM directive_par_field WHERE directive_id = ?1", [directive_id])?;
    for k in keys {
        tx.execute("INSERT OR IGNORE INTO directive_par_field (directive_id, field_key) VALUES (?1, ?2)", params![directive_id, k])?;
    }
    Ok(())
}

/// The keys `sql` selects for one id (its only parameter).
fn keys(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A task's own tags, by key.
pub fn task_keys(conn: &Connection, task_id: i64) -> Result<Vec<String>> {
    keys(conn, "SELECT field_key FROM task_par_field WHERE task_id = ?1 ORDER BY field_key", task_id)
}

/// The tags a task inherits from its directive, by key.
pub fn inherited_keys(conn: &Connection, task_id: i64) -> Result<Vec<String>> {
    keys(conn, "SELECT d.field_key FROM task t JOIN directive_par_field d ON d.directive_id = t.directive_id WHERE t.id = ?1 ORDER BY d.field_key", task_id)
}

/// A directive's tags, by key.
pub fn directive_keys(conn: &Connection, directive_id: i64) -> Result<Vec<String>> {
    keys(conn, "SELECT field_key FROM directive_par_field WHERE directive_id = ?1 ORDER BY field_key", directive_id)
}

/// A tagged task of a unit, as its card lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedTask {
    /// The task.
    pub task_id: i64,
    /// Its title.
    pub title: String,
    /// The field.
    pub field_key: String,
    /// The score year it follows up, when tagged with one.
    pub year: Option<i32>,
    /// The day it was given (YYYY-MM-DD).
    pub given_on: Option<String>,
}

/// The tasks on which `unit_id` has a role and that carry a tag (their own, or their
/// directive's), one line per task and field, newest task first. An own tag wins over the
/// same inherited one (it may carry a year).
pub fn unit_tasks(conn: &Connection, unit_id: i64) -> Result<Vec<TaggedTask>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.title, tag.field_key, max(tag.year), t.given_on
         FROM task t
         JOIN (SELECT task_id, field_key, year FROM task_par_field
               UNION ALL
               SELECT t2.id, d.field_key, NULL FROM task t2 JOIN directive_par_field d ON d.directive_id = t2.directive_id) tag
           ON tag.task_id = t.id
         WHERE EXISTS (SELECT 1 FROM task_unit tu WHERE tu.task_id = t.id AND tu.unit_id = ?1)
         GROUP BY t.id, tag.field_key
         ORDER BY t.id DESC, tag.field_key",
    )?;
    let rows =
        stmt.query_map([unit_id], |r| Ok(TaggedTask { task_id: r.get(0)?, title: r.get(1)?, field_key: r.get(2)?, year: r.get(3)?, given_on: r.get(4)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
