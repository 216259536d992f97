//! Queries on the unit registry: `unit`, `unit_group`, `unit_group_member`.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::model::UnitKind;
use crate::text;

/// One unit of the registry (a commune, a department, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Unit {
    /// Row id.
    pub id: i64,
    /// Stable code, e.g. `xa-my-ha`.
    pub code: String,
    /// Full name, e.g. "UBND xã Mỹ Hà".
    pub name: String,
    /// Short name, e.g. "Mỹ Hà".
    pub short_name: String,
    /// Kind of body.
    pub kind: UnitKind,
    /// Other names the unit goes by in documents.
    pub aliases: Vec<String>,
    /// Free note.
    pub note: Option<String>,
    /// Archived units stay for history but are not offered for new work.
    pub active: bool,
    /// Registry order.
    pub position: i64,
}

/// A named group of units ("Các xã, thị trấn").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UnitGroup {
    /// Row id.
    pub id: i64,
    /// Stable code, e.g. `communes`.
    pub code: String,
    /// Vietnamese display name.
    pub name: String,
    /// Phrases documents use for the group.
    pub aliases: Vec<String>,
    /// Free note.
    pub note: Option<String>,
    /// Member unit ids, in registry order.
    pub unit_ids: Vec<i64>,
}

impl Unit {
    /// Whether the unit goes by the name whose [`text::name_key`] is `key`: its full name,
    /// short name or one of its aliases.
    pub fn goes_by(&self, key: &str) -> bool {
        std::iter::once(&self.name).chain(std::iter::once(&self.short_name)).chain(self.aliases.iter()).any(|n| text::name_key(n) == key)
    }
}

const UNIT_COLUMNS: &str = "id, code, name, short_name, kind, aliases, note, active, position";

fn unit_from_row(r: &Row) -> rusqlite::Result<Unit> {
    let kind: String = r.get(4)?;
    let aliases: String = r.get(5)?;
    Ok(Unit {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        short_name: r.get(3)?,
        // The CHECK constraint guarantees a known kind.
        kind: UnitKind::parse("kind", &kind).unwrap_or(UnitKind::External),
        aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        note: r.get(6)?,
        active: r.get(7)?,
        position: r.get(8)?,
    })
}

/// All units in registry order (the town, the communes, then departments...).
pub fn list_units(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {UNIT_COLUMNS} FROM unit ORDER BY position, id"))?;
    let rows = stmt.query_map([], unit_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One unit by id.
pub fn get_unit(conn: &Connection, id: i64) -> Result<Unit> {
    // Cached: a fan-out to a group looks up every member, so this runs ~20 times per task.
    conn.prepare_cached(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE id = ?1"))?
        .query_row([id], unit_from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("đơn vị", id))
}

/// One unit by code, if present.
pub fn find_unit_by_code(conn: &Connection, code: &str) -> Result<Option<Unit>> {
    Ok(conn.query_row(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE code = ?1"), [code], unit_from_row).optional()?)
}

/// A unit that may receive new work: it must exist and not be archived.
pub fn require_active_unit(conn: &Connection, field: &'static str, id: i64) -> Result<Unit> {
    let unit = get_unit(conn, id).map_err(|_| CoreError::invalid(field, format!("Đơn vị mã {id} không có trong danh mục.")))?;
    if !unit.active {
        return Err(CoreError::invalid(field, format!("Đơn vị “{}” đã ngừng hoạt động (lưu trữ), không thể giao thêm việc.", unit.name)));
    }
    Ok(unit)
}

/// Inserts a unit or updates the one with the same code; returns its id.
pub fn upsert_unit(tx: &Transaction, u: &Unit) -> Result<i64> {
    let aliases = serde_json::to_string(&u.aliases)?;
    tx.execute(
        "INSERT INTO unit (code, name, short_name, kind, aliases, note, active, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
             kind = excluded.kind, aliases = excluded.aliases, note = excluded.note,
             active = excluded.active, position = excluded.position",
        params![u.code, u.name, u.short_name, u.kind.as_str(), aliases, u.note, u.active, u.position],
    )?;
    Ok(tx.query_row("SELECT id FROM unit WHERE code = ?1", [&u.code], |r| r.get(0))?)
}

/// All groups with their members.
pub fn list_groups(conn: &Connection) -> Result<Vec<UnitGroup>> {
    let mut stmt = conn.prepare_cached("SELECT id, code, name, aliases, note FROM unit_group ORDER BY position, id")?;
    let groups = stmt
        .query_map([], |r| {
            let aliases: String = r.get(3)?;
            Ok(UnitGroup {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                note: r.get(4)?,
                unit_ids: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut members = conn.prepare_cached(
        "SELECT m.unit_id FROM unit_group_member m JOIN unit u ON u.id = m.unit_id
         WHERE m.group_id = ?1 ORDER BY m.position, u.position",
    )?;
    groups
        .into_iter()
        .map(|mut g| {
            g.unit_ids = members.query_map([g.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(g)
        })
        .collect()
}

/// One group by id.
pub fn get_group(conn: &Connection, id: i64) -> Result<UnitGroup> {
    let mut group = conn
        .prepare_cached("SELECT id, code, name, aliases, note FROM unit_group WHERE id = ?1")?
        .query_row([id], |r| {
            let aliases: String = r.get(3)?;
            Ok(UnitGroup {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                aliases: serde_json::from_str(&aliases).unwrap_or_default(),
                note: r.get(4)?,
                unit_ids: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found("nhóm đơn vị", id))?;
    let mut members =
        conn.prepare_cached("SELECT m.unit_id FROM unit_group_member m JOIN unit u ON u.id = m.unit_id WHERE m.group_id = ?1 ORDER BY m.position, u.position")?;
    group.unit_ids = members.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(group)
}

/// Inserts or updates a group by code and replaces its member list; returns its id.
pub fn upsert_group(tx: &Transaction, code: &str, name: &str, aliases: &[String], note: Option<&str>, position: i64, member_ids: &[i64]) -> Result<i64> {
    tx.execute(
        "INSERT INTO unit_group (code, name, aliases, note, position) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
             note = excluded.note, position = excluded.position",
        params![code, name, serde_json::to_string(aliases)?, note, position],
    )?;
    let id: i64 = tx.query_row("SELECT id FROM unit_group WHERE code = ?1", [code], |r| r.get(0))?;
    tx.execute("DELETE FROM unit_group_member WHERE group_id = ?1", [id])?;
    let mut insert = tx.prepare_cached("INSERT INTO unit_group_member (group_id, unit_id, position) VALUES (?1, ?2, ?3)")?;
    for (i, unit_id) in member_ids.iter().enumerate() {
        insert.execute(params![id, unit_id, i as i64])?;
    }
    Ok(id)
}

/// Number of units in the registry.
pub fn count_units(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM unit", [], |r| r.get(0))?)
}

/// A unit as edited on the registry screen.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct UnitInput {
    /// Existing unit to edit; `None` adds a unit.
    pub id: Option<i64>,
    /// Stable code (lower case letters, digits and dashes), e.g. `xa-my-ha`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Kind code.
    #[cfg_attr(feature = "ts", ts(as = "crate::model::UnitKind"))]
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Free note.
    pub note: Option<String>,
}

/// Adds or edits a unit; returns its id. Codes are stable identifiers used in exports and
/// group files, so an existing unit keeps its code.
pub fn save_unit(tx: &Transaction, input: &UnitInput) -> Result<i64> {
    let name = crate::text::clean(&input.name);
    if name.is_empty() {
        return Err(CoreError::invalid("name", "Tên đơn vị không được để trống."));
    }
    let short = crate::text::clean(&input.short_name);
    let kind = UnitKind::parse("kind", &input.kind)?;
    let mut aliases: Vec<String> = Vec::new();
    for a in input.aliases.iter().map(|a| crate::text::clean(a)).filter(|a| !a.is_empty()) {
        if !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    let note = crate::text::clean_opt(input.note.as_deref());
    match input.id {
        Some(id) => {
            let existing = get_unit(tx, id)?;
            upsert_unit(tx, &Unit { name, short_name: if short.is_empty() { existing.short_name.clone() } else { short }, kind, aliases, note, ..existing })
        }
        None => {
            let code = input.code.trim().to_lowercase();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(CoreError::invalid("code", "Mã đơn vị chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ xa-my-ha."));
            }
            if find_unit_by_code(tx, &code)?.is_some() {
                return Err(CoreError::invalid("code", format!("Mã đơn vị “{code}” đã có trong danh mục.")));
            }
            let position: i64 = tx.query_row("SELECT coalesce(max(position), -1) + 1 FROM unit", [], |r| r.get(0))?;
            let short_name = if short.is_empty() { name.clone() } else { short };
            upsert_unit(tx, &Unit { id: 0, code, name, short_name, kind, aliases, note, active: true, position })
        }
    }
}

/// Archives (or restores) a unit. Units are never deleted: their history stays readable.
pub fn set_active(tx: &Transaction, id: i64, active: bool) -> Result<()> {
    if tx.execute("UPDATE unit SET active = ?2 WHERE id = ?1", params![id, active])? == 0 {
        return Err(CoreError::not_found("đơn vị", id));
    }
    Ok(())
}

/// Replaces a group's members.
pub fn set_group_members(tx: &Transaction, group_id: i64, unit_ids: &[i64]) -> Result<()> {
    let g = get_group(tx, group_id)?;
    let mut ids: Vec<i64> = Vec::new();
    for id in unit_ids {
        get_unit(tx, *id).map_err(|_| CoreError::invalid("unitIds", format!("Đơn vị mã {id} không có trong danh mục.")))?;
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    let position: i64 = tx.query_row("SELECT position FROM unit_group WHERE id = ?1", [group_id], |r| r.get(0))?;
    upsert_group(tx, &g.code, &g.name, &g.aliases, g.note.as_deref(), position, &ids)?;
    Ok(())
}
