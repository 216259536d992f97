//! Attendees (đại biểu) of a conference: the leaders at the host site and the people at
//! each video-conference site, present or absent with a reason.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::AttendeeRole;
use crate::queries::{people, units};
use crate::{text, Ctx};

/// One attendee as entered.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AttendeeInput {
    /// Full name.
    pub name: String,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit_id: Option<i64>,
    /// The site attended from; `None` is the host site (Điểm cầu chính).
    pub site_id: Option<i64>,
    /// Role code (`chair`, `directing`, `reporter`, `secretary`, `delegate`).
    pub role: String,
    /// Present (true) or absent.
    pub present: bool,
    /// Why absent.
    pub absence_reason: Option<String>,
}

impl Default for AttendeeInput {
    fn default() -> Self {
        AttendeeInput {
            name: String::new(),
            position: None,
            unit_id: None,
            site_id: None,
            role: "delegate".into(),
            present: true,
            absence_reason: None,
        }
    }
}

/// One attendee as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attendee {
    /// Row id.
    pub id: i64,
    /// Directory entry.
    pub person_id: Option<i64>,
    /// Full name.
    pub name: String,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit_id: Option<i64>,
    /// Unit's short name.
    pub unit_short_name: Option<String>,
    /// Site; `None` is the host site.
    pub site_id: Option<i64>,
    /// Role.
    pub role: AttendeeRole,
    /// Present or absent.
    pub present: bool,
    /// Why absent.
    pub absence_reason: Option<String>,
}

/// Identity used to refuse the same person twice: folded name and unit.
fn identity(name: &str, unit_id: Option<i64>) -> (String, Option<i64>) {
    (text::fold(name), unit_id)
}

fn existing_identities(tx: &Transaction, conference_id: i64) -> Result<HashSet<(String, Option<i64>)>> {
    let mut stmt = tx.prepare_cached("SELECT name, unit_id FROM attendee WHERE conference_id = ?1")?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?)))?;
    let mut set = HashSet::new();
    for row in rows {
        let (name, unit) = row?;
        set.insert(identity(&name, unit));
    }
    Ok(set)
}

/// Adds attendees to a conference in the caller's transaction: all or none. Each is also
/// remembered in the people directory. Returns the new ids.
pub fn add(tx: &Transaction, ctx: &Ctx, conference_id: i64, rows: &[AttendeeInput]) -> Result<Vec<i64>> {
    let mut seen = existing_identities(tx, conference_id)?;
    let mut ids = Vec::with_capacity(rows.len());
    for (i, a) in rows.iter().enumerate() {
        let name = text::clean(&a.name);
        if name.is_empty() {
            return Err(CoreError::invalid("attendees", format!("Dòng {}: họ tên đại biểu không được để trống.", i + 1)));
        }
        let role = AttendeeRole::parse("attendees", &a.role)?;
        let unit_name = match a.unit_id {
            Some(uid) => Some(units::require_active_unit(tx, "attendees", uid)?.short_name),
            None => None,
        };
        if let Some(site) = a.site_id {
            let owner: Option<i64> = tx
                .query_row("SELECT conference_id FROM conference_site WHERE id = ?1", [site], |r| r.get(0))
                .optional()?;
            if owner != Some(conference_id) {
                return Err(CoreError::invalid("attendees", format!("Đại biểu “{name}”: điểm cầu không thuộc hội nghị này.")));
            }
        }
        if !seen.insert(identity(&name, a.unit_id)) {
            let at = unit_name.map(|u| format!(" ({u})")).unwrap_or_default();
            return Err(CoreError::invalid("attendees", format!("Đại biểu “{name}”{at} được nhập hai lần.")));
        }
        let position = text::clean_opt(a.position.as_deref());
        let person = people::remember(tx, ctx, &name, position.as_deref(), a.unit_id)?;
        tx.prepare_cached(
            "INSERT INTO attendee (conference_id, person_id, name, position, unit_id, site_id, role, present, absence_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            conference_id,
            person,
            name,
            position,
            a.unit_id,
            a.site_id,
            role.as_str(),
            a.present,
            if a.present { None } else { text::clean_opt(a.absence_reason.as_deref()) }
        ])?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

/// Replaces the leaders (chair and those attending and directing, at the host site).
/// Returns the chair's name and directory id, if a chair is among them.
pub fn replace_leaders(tx: &Transaction, ctx: &Ctx, conference_id: i64, leaders: &[AttendeeInput]) -> Result<Option<(String, i64)>> {
    let mut chairs = 0;
    for l in leaders {
        match AttendeeRole::parse("leaders", &l.role)? {
            AttendeeRole::Chair => chairs += 1,
            AttendeeRole::Directing => {}
            _ => return Err(CoreError::invalid("leaders", "Lãnh đạo chỉ có vai trò Chủ trì hoặc Dự và chỉ đạo.")),
        }
        if l.site_id.is_some() {
            return Err(CoreError::invalid("leaders", "Lãnh đạo chủ trì, chỉ đạo dự tại điểm cầu chính."));
        }
    }
    if chairs > 1 {
        return Err(CoreError::invalid("leaders", "Hội nghị chỉ có một người chủ trì."));
    }
    tx.execute(
        "DELETE FROM attendee WHERE conference_id = ?1 AND site_id IS NULL AND role IN ('chair', 'directing')",
        [conference_id],
    )?;
    let ids = add(tx, ctx, conference_id, leaders)?;
    for (l, id) in leaders.iter().zip(ids) {
        if l.role == "chair" {
            let person: i64 = tx.query_row("SELECT person_id FROM attendee WHERE id = ?1", [id], |r| r.get(0))?;
            return Ok(Some((text::clean(&l.name), person)));
        }
    }
    Ok(None)
}

/// Removes one attendee.
pub fn remove(tx: &Transaction, id: i64) -> Result<()> {
    if tx.execute("DELETE FROM attendee WHERE id = ?1", [id])? == 0 {
        return Err(CoreError::not_found("đại biểu", id));
    }
    Ok(())
}

/// Marks an attendee present, or absent with a reason.
pub fn set_presence(tx: &Transaction, id: i64, present: bool, reason: Option<&str>) -> Result<()> {
    let reason = if present { None } else { text::clean_opt(reason) };
    if tx.execute("UPDATE attendee SET present = ?2, absence_reason = ?3 WHERE id = ?1", params![id, present, reason])? == 0 {
        return Err(CoreError::not_found("đại biểu", id));
    }
    Ok(())
}

/// A conference's attendees: the host site first, then by site order; within a site,
/// leaders before delegates.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Attendee>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.person_id, a.name, a.position, a.unit_id, u.short_name, a.site_id, a.role, a.present, a.absence_reason
         FROM attendee a LEFT JOIN unit u ON u.id = a.unit_id LEFT JOIN conference_site s ON s.id = a.site_id
         WHERE a.conference_id = ?1
         ORDER BY s.position IS NOT NULL, s.position,
                  CASE a.role WHEN 'chair' THEN 0 WHEN 'directing' THEN 1 WHEN 'reporter' THEN 2 WHEN 'secretary' THEN 3 ELSE 4 END,
                  a.id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        let role: String = r.get(7)?;
        Ok(Attendee {
            id: r.get(0)?,
            person_id: r.get(1)?,
            name: r.get(2)?,
            position: r.get(3)?,
            unit_id: r.get(4)?,
            unit_short_name: r.get(5)?,
            site_id: r.get(6)?,
            role: AttendeeRole::parse("role", &role).unwrap_or(AttendeeRole::Delegate),
            present: r.get(8)?,
            absence_reason: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
