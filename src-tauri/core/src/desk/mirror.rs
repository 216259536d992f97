//! The mirror: the rows a unit's desk keeps of the office's store. Built at the office
//! for one unit (its parts and what they need to be shown and reminded of: their tasks,
//! directives and conferences, the registry, their evidence list, extensions, requests
//! and history), applied at the desk in one transaction.
//!
//! The desk's rows keep the office's ids, so an action names the same part at both ends.
//! Applying updates rows in place rather than deleting and inserting them: a part's
//! reminder log (fired reminders, exactly once per machine) hangs on its id and survives.

use std::collections::HashSet;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{link, outbox};
use crate::error::{CoreError, ErrorCode, Result};
use crate::export::{columns, json_value, sql_value};
use crate::portal::Caller;
use crate::{time, Store};

/// Value of a mirror's `format` field.
pub const MIRROR_FORMAT: &str = "dondoc-mirror";

/// The unit a mirror belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MirrorUnit {
    /// The office's id of the unit.
    pub id: i64,
    /// Its registry code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// One unit's rows of the office's store (`GET /api/desk/mirror`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mirror {
    /// [`MIRROR_FORMAT`].
    pub format: String,
    /// The office's schema version.
    pub schema_version: i64,
    /// Whose mirror it is.
    pub unit: MirrorUnit,
    /// When the office took it (UTC stamp).
    pub taken_at: String,
    /// Rows by table, as the whole-store export writes them (column name → value).
    pub tables: Map<String, Value>,
}

/// What the mirror holds, parents first, with the rows of one unit (`?1`) each table gives.
/// Other units' parts never leave the office; the registry is the district's public list.
const SCOPE: &[(&str, &str)] = &[
    ("unit", "SELECT * FROM unit"),
    ("unit_group", "SELECT * FROM unit_group"),
    ("unit_group_member", "SELECT * FROM unit_group_member"),
    ("conference", "SELECT * FROM conference WHERE id IN (SELECT d.conference_id FROM assignment a JOIN task t ON t.id = a.task_id JOIN directive d ON d.id = t.directive_id WHERE a.unit_id = ?1)"),
    ("directive", "SELECT * FROM directive WHERE id IN (SELECT t.directive_id FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.unit_id = ?1)"),
    ("task", "SELECT * FROM task WHERE id IN (SELECT task_id FROM assignment WHERE unit_id = ?1)"),
    ("task_unit", "SELECT * FROM task_unit WHERE task_id IN (SELECT task_id FROM assignment WHERE unit_id = ?1)"),
    ("assignment", "SELECT * FROM assignment WHERE unit_id = ?1"),
    ("evidence", "SELECT * FROM evidence WHERE assignment_id IN (SELECT id FROM assignment WHERE unit_id = ?1)"),
    (
        "deadline_extension",
        "SELECT * FROM deadline_extension WHERE assignment_id IN (SELECT id FROM assignment WHERE unit_id = ?1)
            OR (assignment_id IS NULL AND task_id IN (SELECT task_id FROM assignment WHERE unit_id = ?1))",
    ),
    ("extension_request", "SELECT * FROM extension_request WHERE assignment_id IN (SELECT id FROM assignment WHERE unit_id = ?1)"),
    ("audit", "SELECT * FROM audit WHERE entity = 'assignment' AND entity_id IN (SELECT id FROM assignment WHERE unit_id = ?1)"),
];

/// Tables keyed by more than one column: the desk replaces their rows whole.
const COMPOSITE: &[&str] = &["unit_group_member", "task_unit"];

/// Columns that point at rows the mirror does not carry (a conference's chair among the
/// office's people): sent empty.
const LEFT_OUT: &[(&str, &str)] = &[("conference", "chair_person_id")];

fn rows(conn: &Connection, table: &str, sql: &str, unit_id: i64) -> Result<Vec<Value>> {
    let names = columns(conn, table)?;
    let mut stmt = conn.prepare(sql)?;
    let mut rows = if stmt.parameter_count() == 0 { stmt.query([])? } else { stmt.query([unit_id])? };
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let left_out = LEFT_OUT.iter().any(|(t, c)| *t == table && c == name);
            obj.insert(name.clone(), if left_out { Value::Null } else { json_value(r.get_ref(i)?) });
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

impl Store {
    /// The mirror of the caller's unit at `now`: only a unit's account has one.
    pub fn desk_mirror(&self, caller: &Caller, now: chrono::DateTime<chrono::Utc>) -> Result<Mirror> {
        let Caller::Unit { unit_id, .. } = caller else {
            return Err(CoreError::portal(ErrorCode::Forbidden, "Chỉ tài khoản của một đơn vị mới kết nối được máy đơn vị."));
        };
        // One read transaction: every table from the same snapshot, links never broken. A
        // reader of the pool (the portal) is inside one already; nesting would fail.
        let conn = self.conn();
        let snapshot = if conn.is_autocommit() { Some(conn.unchecked_transaction()?) } else { None };
        let (code, name): (String, String) = conn.query_row("SELECT code, name FROM unit WHERE id = ?1", [unit_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut tables = Map::new();
        for (table, sql) in SCOPE {
            tables.insert((*table).into(), Value::Array(rows(conn, table, sql, *unit_id)?));
        }
        if let Some(snapshot) = snapshot {
            snapshot.finish()?;
        }
        Ok(Mirror {
            format: MIRROR_FORMAT.into(),
            schema_version: crate::db::schema_version(),
            unit: MirrorUnit { id: *unit_id, code, name },
            taken_at: time::to_stored(now),
            tables,
        })
    }
}

/// The rows of `table` in `mirror`, each an object.
fn table_rows<'a>(mirror: &'a Mirror, table: &str) -> Result<Vec<&'a Map<String, Value>>> {
    let bad = || CoreError::invalid("mirror", format!("Dữ liệu nhận từ Văn phòng không hợp lệ (bảng “{table}”); không cập nhật gì."));
    match mirror.tables.get(table) {
        None => Ok(Vec::new()),
        Some(Value::Array(rows)) => rows.iter().map(|r| r.as_object().ok_or_else(bad)).collect(),
        Some(_) => Err(bad()),
    }
}

/// Checks a mirror before anything is written: its format, and that its parts are all
/// the linked unit's (a mirror of another unit is never mixed in).
pub(super) fn check(mirror: &Mirror, unit_id: i64) -> Result<()> {
    if mirror.format != MIRROR_FORMAT {
        return Err(CoreError::invalid("mirror", "Dữ liệu nhận từ Văn phòng không phải bản sao của Đôn đốc; không cập nhật gì."));
    }
    if mirror.unit.id != unit_id {
        return Err(CoreError::Conflict(format!("Văn phòng gửi dữ liệu của đơn vị khác ({}); không cập nhật gì.", mirror.unit.name)));
    }
    for row in table_rows(mirror, "assignment")? {
        if row.get("unit_id").and_then(Value::as_i64) != Some(unit_id) {
            return Err(CoreError::Conflict("Dữ liệu nhận từ Văn phòng có phần việc của đơn vị khác; không cập nhật gì.".into()));
        }
    }
    Ok(())
}

/// Replaces the desk's mirrored rows with `mirror`'s inside `tx` (checked with [`check`]):
/// rows gone at the office are deleted (children first), the others inserted or updated
/// in place (parents first). Returns the number of parts.
pub(super) fn apply(tx: &Transaction, mirror: &Mirror) -> Result<usize> {
    for (table, _) in SCOPE.iter().rev() {
        if COMPOSITE.contains(table) {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
            continue;
        }
        let ids: Vec<i64> = table_rows(mirror, table)?.iter().filter_map(|r| r.get("id").and_then(Value::as_i64)).collect();
        tx.execute(&format!("DELETE FROM {table} WHERE id NOT IN (SELECT value FROM json_each(?1))"), [serde_json::to_string(&ids)?])?;
    }
    for (table, _) in SCOPE {
        // Only this build's own column names reach the SQL text; columns a newer office
        // has and this desk does not are left out, missing ones take their defaults.
        let known: HashSet<String> = columns(tx, table)?.into_iter().collect();
        for row in table_rows(mirror, table)? {
            let (mut names, mut values) = (Vec::new(), Vec::new());
            for (key, v) in row.iter().filter(|(k, _)| known.contains(*k)) {
                names.push(key.as_str());
                values.push(sql_value(v).ok_or_else(|| CoreError::invalid("mirror", format!("Giá trị cột “{key}” của bảng “{table}” không hợp lệ.")))?);
            }
            let marks = vec!["?"; names.len()].join(", ");
            let sql = if COMPOSITE.contains(table) {
                format!("INSERT INTO {table} ({}) VALUES ({marks})", names.join(", "))
            } else {
                let set: Vec<String> = names.iter().filter(|n| **n != "id").map(|n| format!("{n} = excluded.{n}")).collect();
                format!("INSERT INTO {table} ({}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {}", names.join(", "), set.join(", "))
            };
            tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))?;
        }
    }
    Ok(table_rows(mirror, "assignment")?.len())
}

/// Takes `mirror` (checked) as the linked desk's copy at `now` inside `tx`: the rows are
/// replaced ([`apply`]), the link says when and names the unit as the office does, and the
/// actions still queued are shown on the new rows, so a tick not yet sent does not
/// reappear as open. Returns the number of parts.
pub(super) fn take(tx: &Transaction, mirror: &Mirror, now: chrono::DateTime<chrono::Utc>) -> Result<usize> {
    let n = apply(tx, mirror)?;
    tx.execute(
        "UPDATE desk_link SET synced_at = ?1, tried_at = ?1, problem = NULL, unit_code = ?2, unit_name = ?3",
        rusqlite::params![time::to_stored(now), mirror.unit.code, mirror.unit.name],
    )?;
    let link = link::read(tx)?.ok_or_else(link::not_linked)?;
    outbox::overlay(tx, &link, now)?;
    Ok(n)
}

impl Store {
    /// Takes `mirror` (from the office, at `now`) as this desk's copy, in one transaction
    /// ([`take`]). Returns the number of parts.
    pub fn apply_mirror(&mut self, mirror: &Mirror, now: chrono::DateTime<chrono::Utc>) -> Result<usize> {
        let link = self.desk_link()?.ok_or_else(link::not_linked)?;
        check(mirror, link.unit_id)?;
        self.write(|tx| take(tx, mirror, now))
    }
}
