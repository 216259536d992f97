//! Conferences and their video-conference sites. What a conference may be is decided by the
//! conference rules (`rules::conference`); this module reads and writes the rows.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::{ConferenceFormat, ConferenceKind, ConferenceStatus, SiteConnection};
use crate::queries::conference_search;
use crate::{text, time, Ctx};

/// Filters of the conference list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct ConferenceFilter {
    /// Only this year (of the start, office time).
    pub year: Option<i32>,
    /// Only this kind (code).
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::model::ConferenceKind>"))]
    pub kind: Option<String>,
    /// Words that must each start a word of the title, chair, leaders, place, notice,
    /// content, directives or task titles and descriptions (case and diacritics ignored:
    /// "cai cach" finds "cải cách", "so hoa" a directive about "số hóa").
    pub query: Option<String>,
}

/// A conference as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Conference {
    /// Row id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: ConferenceKind,
    /// Start (UTC, storage form).
    pub starts_at: String,
    /// End (UTC, storage form).
    pub ends_at: Option<String>,
    /// Format.
    pub format: ConferenceFormat,
    /// Host location.
    pub host_location: Option<String>,
    /// Chair's name.
    pub chair_name: Option<String>,
    /// Content / summary.
    pub content: Option<String>,
    /// Conclusion notice number.
    pub notice_number: Option<String>,
    /// Conclusion notice date (YYYY-MM-DD).
    pub notice_date: Option<String>,
    /// Status.
    pub status: ConferenceStatus,
}

/// One video-conference site of a conference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Site {
    /// Row id.
    pub id: i64,
    /// The unit at the site.
    pub unit_id: i64,
    /// Unit's full name.
    pub unit_name: String,
    /// Unit's short name.
    pub unit_short_name: String,
    /// Connection state.
    pub connection: SiteConnection,
    /// Who led the site.
    pub site_lead: Option<String>,
    /// People present at the site.
    pub headcount: Option<i64>,
    /// Note, e.g. "mất kết nối 10 phút".
    pub note: Option<String>,
}

/// A row of the conference list, with its follow-up progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConferenceSummary {
    /// The conference.
    #[serde(flatten)]
    pub conference: Conference,
    /// Number of sites.
    pub sites_total: i64,
    /// Sites connected (fully or partly).
    pub sites_connected: i64,
    /// Of those, the sites connected only partly ("kết nối một phần"), counted apart.
    pub sites_partial: i64,
    /// Progress of the assignments born from its directives.
    pub progress: crate::status::Progress,
}

/// Inserts a conference row (its details are written by [`update_row`]); returns its id.
pub fn insert(tx: &Transaction, ctx: &Ctx, c: &Conference) -> Result<i64> {
    tx.execute(
        "INSERT INTO conference (title, kind, starts_at, format, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![c.title, c.kind.as_str(), c.starts_at, c.format.as_str(), c.status.as_str(), ctx.stamp()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The sites of a conference as (site id, unit id).
pub fn site_units(conn: &Connection, conference_id: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT id, unit_id FROM conference_site WHERE conference_id = ?1")?;
    let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a site with its attendees.
pub fn remove_site(tx: &Transaction, site_id: i64) -> Result<()> {
    tx.execute("DELETE FROM attendee WHERE site_id = ?1", [site_id])?;
    tx.execute("DELETE FROM conference_site WHERE id = ?1", [site_id])?;
    Ok(())
}

/// Adds `unit_id` as a site at `position`, or moves the site it already has there.
pub fn place_site(tx: &Transaction, conference_id: i64, unit_id: i64, position: usize) -> Result<()> {
    tx.execute(
        "INSERT INTO conference_site (conference_id, unit_id, position) VALUES (?1, ?2, ?3)
         ON CONFLICT(conference_id, unit_id) DO UPDATE SET position = excluded.position",
        params![conference_id, unit_id, position as i64],
    )?;
    Ok(())
}

/// Writes a conference's fields; `chair_person` is the chair among its leaders, if any.
pub fn update_row(tx: &Transaction, ctx: &Ctx, id: i64, c: &Conference, chair_person: Option<i64>) -> Result<()> {
    tx.execute(
        "UPDATE conference SET title = ?2, kind = ?3, starts_at = ?4, ends_at = ?5, format = ?6, host_location = ?7,
             chair_person_id = ?8, chair_name = ?9, content = ?10, notice_number = ?11, notice_date = ?12, status = ?13,
             updated_at = ?14
         WHERE id = ?1",
        params![
            id,
            c.title,
            c.kind.as_str(),
            c.starts_at,
            c.ends_at,
            c.format.as_str(),
            c.host_location,
            chair_person,
            c.chair_name,
            c.content,
            c.notice_number,
            c.notice_date,
            c.status.as_str(),
            ctx.stamp()
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, title, kind, starts_at, ends_at, format, host_location, chair_name, content, notice_number, notice_date, status";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Conference> {
    let kind: String = r.get(2)?;
    let format: String = r.get(5)?;
    let status: String = r.get(11)?;
    // CHECK constraints guarantee known codes; the fallbacks are unreachable.
    Ok(Conference {
        id: r.get(0)?,
        title: r.get(1)?,
        kind: ConferenceKind::parse("kind", &kind).unwrap_or(ConferenceKind::Other),
        starts_at: r.get(3)?,
        ends_at: r.get(4)?,
        format: ConferenceFormat::parse("format", &format).unwrap_or(ConferenceFormat::InPerson),
        host_location: r.get(6)?,
        chair_name: r.get(7)?,
        content: r.get(8)?,
        notice_number: r.get(9)?,
        notice_date: r.get(10)?,
        status: ConferenceStatus::parse("status", &status).unwrap_or(ConferenceStatus::Held),
    })
}

/// One conference.
pub fn get(conn: &Connection, id: i64) -> Result<Conference> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM conference WHERE id = ?1"), [id], from_row).optional()?.ok_or_else(|| CoreError::not_found("hội nghị", id))
}

/// The sites of a conference, in the order chosen.
pub fn sites(conn: &Connection, conference_id: i64) -> Result<Vec<Site>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.unit_id, u.name, u.short_name, s.connection, s.site_lead, s.headcount, s.note
         FROM conference_site s JOIN unit u ON u.id = s.unit_id
         WHERE s.conference_id = ?1 ORDER BY s.position, u.position",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        let connection: String = r.get(4)?;
        Ok(Site {
            id: r.get(0)?,
            unit_id: r.get(1)?,
            unit_name: r.get(2)?,
            unit_short_name: r.get(3)?,
            connection: SiteConnection::parse("connection", &connection).unwrap_or(SiteConnection::Connected),
            site_lead: r.get(5)?,
            headcount: r.get(6)?,
            note: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Conferences matching `filter`, newest first, with site counts and follow-up progress
/// as of `as_of`.
pub fn list(conn: &Connection, filter: &ConferenceFilter, as_of: NaiveDate) -> Result<Vec<ConferenceSummary>> {
    let search = conference_search::Query::new(filter.query.as_deref());
    // Years are compared in office time: 00:30 on 1 January in Hà Nội is still the old year in UTC.
    let year_range = filter.year.map(|y| {
        let from = time::parse_local_datetime("year", &format!("01/01/{y}")).map(time::to_stored);
        let to = time::parse_local_datetime("year", &format!("01/01/{}", y + 1)).map(time::to_stored);
        (from, to)
    });
    let (from, to) = match year_range {
        Some((Ok(f), Ok(t))) => (Some(f), Some(t)),
        Some(_) => return Err(CoreError::invalid("year", "Năm không hợp lệ.")),
        None => (None, None),
    };
    let kind = match filter.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(ConferenceKind::parse("kind", k)?.as_str()),
        None => None,
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS},
            (SELECT count(*) FROM conference_site s WHERE s.conference_id = conference.id),
            (SELECT count(*) FROM conference_site s WHERE s.conference_id = conference.id AND s.connection <> 'not_connected'),
            (SELECT count(*) FROM conference_site s WHERE s.conference_id = conference.id AND s.connection = 'partial'),
            search_folded
         FROM conference
         WHERE (?1 IS NULL OR starts_at >= ?1) AND (?2 IS NULL OR starts_at < ?2) AND (?3 IS NULL OR kind = ?3)
         ORDER BY starts_at DESC, id DESC"
    ))?;
    let mut rows = Vec::new();
    let mut found = stmt.query(params![from, to, kind])?;
    while let Some(r) = found.next()? {
        // The search words are matched before the row is read, and never copied.
        if let Some(q) = &search {
            if !q.matches(r.get_ref(15)?.as_str().unwrap_or("")) {
                continue;
            }
        }
        rows.push((from_row(r)?, r.get::<_, i64>(12)?, r.get::<_, i64>(13)?, r.get::<_, i64>(14)?));
    }
    let mut progress = crate::queries::stats::per_conference(conn, as_of)?;
    Ok(rows
        .into_iter()
        .map(|(conference, sites_total, sites_connected, sites_partial)| {
            let progress = progress.remove(&conference.id).unwrap_or_default();
            ConferenceSummary { conference, sites_total, sites_connected, sites_partial, progress }
        })
        .collect())
}

/// Years that have conferences, newest first (office time), for the list's year filter.
pub fn years(conn: &Connection) -> Result<Vec<i32>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT CAST(strftime('%Y', starts_at, '+7 hours') AS INTEGER) FROM conference ORDER BY 1 DESC")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Updates a site: connection, note, who led it, how many attended.
pub fn update_site(
    tx: &Transaction,
    site_id: i64,
    connection: SiteConnection,
    note: Option<&str>,
    site_lead: Option<&str>,
    headcount: Option<i64>,
) -> Result<()> {
    if headcount.is_some_and(|h| h < 0) {
        return Err(CoreError::invalid("headcount", "Số người dự không được âm."));
    }
    let note = text::limited_opt("note", note, text::NOTE_MAX, "ghi chú điểm cầu")?;
    let site_lead = text::limited_opt("siteLead", site_lead, text::NAME_MAX, "tên người chủ trì điểm cầu")?;
    let changed = tx.execute(
        "UPDATE conference_site SET connection = ?2, note = ?3, site_lead = ?4, headcount = ?5 WHERE id = ?1",
        params![site_id, connection.as_str(), note, site_lead, headcount],
    )?;
    if changed == 0 {
        return Err(CoreError::not_found("điểm cầu", site_id));
    }
    Ok(())
}

/// The conference of the same kind held just before `id`, if any.
pub fn previous_of_same_kind(conn: &Connection, id: i64) -> Result<Option<Conference>> {
    let this = get(conn, id)?;
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM conference WHERE kind = ?1 AND id <> ?2 AND (starts_at < ?3 OR (starts_at = ?3 AND id < ?2))
                 ORDER BY starts_at DESC, id DESC LIMIT 1"
            ),
            params![this.kind.as_str(), id, this.starts_at],
            from_row,
        )
        .optional()?)
}

/// The kind of the conference logged last, which a new conference's form proposes: an
/// office logs runs of the same kind (weekly giao ban, quarterly sơ kết). `None` before the
/// first one.
pub fn last_kind(conn: &Connection) -> Result<Option<ConferenceKind>> {
    let kind: Option<String> = conn.query_row("SELECT kind FROM conference ORDER BY created_at DESC, id DESC LIMIT 1", [], |r| r.get(0)).optional()?;
    Ok(kind.and_then(|k| ConferenceKind::parse("kind", &k).ok()))
}

/// Whether nothing has been logged yet (no conference, no task): the overview then shows
/// the first steps instead of empty tables.
pub fn nothing_logged(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM conference) AND NOT EXISTS (SELECT 1 FROM task)", [], |r| r.get(0))?)
}
