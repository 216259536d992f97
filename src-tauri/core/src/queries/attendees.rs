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
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
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
    #[cfg_attr(feature = "ts", ts(as = "crate::model::AttendeeRole"))]
    pub role: String,
    /// Present (true) or absent.
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub present: bool,
    /// Why absent.
    pub absence_reason: Option<String>,
}

impl Default for AttendeeInput {
    fn default() -> Self {
        AttendeeInput { name: String::new(), position: None, unit_id: None, site_id: None, role: "delegate".into(), present: true, absence_reason: None }
    }
}

/// One attendee as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// What happened to one row of a batch added with [`add_each`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RowOutcome {
    /// The new attendee's id, when the row was added.
    pub id: Option<i64>,
    /// Why the row was skipped, in Vietnamese.
    pub problem: Option<String>,
}

/// Identity used to refuse the same person twice: folded name and unit.
type Identity = (String, Option<i64>);

fn identity(name: &str, unit_id: Option<i64>) -> Identity {
    (text::fold(name), unit_id)
}

/// The people already on the conference, to refuse them a second time.
fn existing_identities(conn: &Connection, conference_id: i64) -> Result<HashSet<Identity>> {
    let mut stmt = conn.prepare_cached("SELECT name, unit_id FROM attendee WHERE conference_id = ?1")?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?)))?;
    let mut set = HashSet::new();
    for row in rows {
        let (name, unit) = row?;
        set.insert(identity(&name, unit));
    }
    Ok(set)
}

/// One row, checked and cleaned, ready to insert.
struct Checked {
    name: String,
    position: Option<String>,
    role: AttendeeRole,
    absence_reason: Option<String>,
}

/// The people seen so far in a batch: those already on the conference, then the rows
/// checked before.
struct Seen {
    stored: HashSet<Identity>,
    batch: HashSet<Identity>,
}

/// Checks one row against the registry, the conference's sites and the people seen so far
/// (whom it then joins). `Ok(Err(reason))` is a row to skip, with why in Vietnamese; the
/// outer error is the store's.
fn check(conn: &Connection, conference_id: i64, seen: &mut Seen, a: &AttendeeInput) -> Result<std::result::Result<Checked, String>> {
    let reason = |e: CoreError| match e {
        CoreError::Validation { message, .. } => Ok(Err(message)),
        other => Err(other),
    };
    let name = match text::limited("attendees", &a.name, text::NAME_MAX, "họ tên đại biểu") {
        Ok(n) if n.is_empty() => return Ok(Err("Thiếu họ tên đại biểu.".into())),
        Ok(n) => n,
        Err(e) => return reason(e),
    };
    let position = match text::limited_opt("attendees", a.position.as_deref(), text::NAME_MAX, "chức vụ") {
        Ok(p) => p,
        Err(e) => return reason(e),
    };
    let absence_reason = match text::limited_opt("attendees", a.absence_reason.as_deref(), text::NOTE_MAX, "lý do vắng") {
        Ok(r) => r.filter(|_| !a.present),
        Err(e) => return reason(e),
    };
    let role = match AttendeeRole::parse("attendees", &a.role) {
        Ok(r) => r,
        Err(e) => return reason(e),
    };
    let unit_name = match a.unit_id {
        Some(uid) => match units::require_active_unit(conn, "attendees", uid) {
            Ok(u) => Some(u.short_name),
            Err(e) => return reason(e),
        },
        None => None,
    };
    if let Some(site) = a.site_id {
        let owner: Option<i64> = conn.prepare_cached("SELECT conference_id FROM conference_site WHERE id = ?1")?.query_row([site], |r| r.get(0)).optional()?;
        if owner != Some(conference_id) {
            return Ok(Err(format!("Đại biểu “{name}”: điểm cầu không thuộc hội nghị này.")));
        }
    }
    let who = identity(&name, a.unit_id);
    let at = unit_name.map(|u| format!(" ({u})")).unwrap_or_default();
    if seen.stored.contains(&who) {
        return Ok(Err(format!("Đại biểu “{name}”{at} được nhập hai lần: đã có trong danh sách của hội nghị.")));
    }
    if !seen.batch.insert(who) {
        return Ok(Err(format!("Đại biểu “{name}”{at} được nhập hai lần: trùng với một dòng ở trên.")));
    }
    Ok(Ok(Checked { name, position, role, absence_reason }))
}

fn insert(tx: &Transaction, ctx: &Ctx, conference_id: i64, a: &AttendeeInput, c: &Checked) -> Result<i64> {
    let person = people::remember(tx, ctx, &c.name, c.position.as_deref(), a.unit_id)?;
    tx.prepare_cached(
        "INSERT INTO attendee (conference_id, person_id, name, position, unit_id, site_id, role, present, absence_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![conference_id, person, c.name, c.position, a.unit_id, a.site_id, c.role.as_str(), a.present, c.absence_reason])?;
    Ok(tx.last_insert_rowid())
}

/// Why each row would be skipped if added now (`None`: it would be added), without
/// writing anything: the review of a pasted list shows it before the secretary saves.
pub fn check_rows(conn: &Connection, conference_id: i64, rows: &[AttendeeInput]) -> Result<Vec<Option<String>>> {
    let mut seen = Seen { stored: existing_identities(conn, conference_id)?, batch: HashSet::new() };
    rows.iter().map(|a| Ok(check(conn, conference_id, &mut seen, a)?.err())).collect()
}

/// Adds attendees to a conference in the caller's transaction, each row on its own: a
/// row that is bad or names someone already there (or on an earlier row) is skipped with
/// its reason, the others are added. A pasted list of forty people is never refused for
/// one typo. Each person added is also remembered in the people directory.
pub fn add_each(tx: &Transaction, ctx: &Ctx, conference_id: i64, rows: &[AttendeeInput]) -> Result<Vec<RowOutcome>> {
    let mut seen = Seen { stored: existing_identities(tx, conference_id)?, batch: HashSet::new() };
    rows.iter()
        .map(|a| match check(tx, conference_id, &mut seen, a)? {
            Ok(c) => Ok(RowOutcome { id: Some(insert(tx, ctx, conference_id, a, &c)?), problem: None }),
            Err(problem) => Ok(RowOutcome { id: None, problem: Some(problem) }),
        })
        .collect()
}

/// Adds attendees to a conference in the caller's transaction: all or none (the leaders of
/// the conference form, where a bad row is the form's error). Returns the new ids.
pub fn add(tx: &Transaction, ctx: &Ctx, conference_id: i64, rows: &[AttendeeInput]) -> Result<Vec<i64>> {
    let mut seen = Seen { stored: existing_identities(tx, conference_id)?, batch: HashSet::new() };
    let mut ids = Vec::with_capacity(rows.len());
    for (i, a) in rows.iter().enumerate() {
        match check(tx, conference_id, &mut seen, a)? {
            Ok(c) => ids.push(insert(tx, ctx, conference_id, a, &c)?),
            Err(problem) => return Err(CoreError::invalid("attendees", format!("Dòng {}: {problem}", i + 1))),
        }
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
    tx.execute("DELETE FROM attendee WHERE conference_id = ?1 AND site_id IS NULL AND role IN ('chair', 'directing')", [conference_id])?;
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
    let reason = if present { None } else { text::limited_opt("reason", reason, text::NOTE_MAX, "lý do vắng")? };
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
