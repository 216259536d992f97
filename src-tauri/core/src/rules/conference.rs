//! Logging a conference: what the secretary may enter (title, times, format, sites, leaders,
//! figures) and how an edit keeps what units already recorded at their sites. The SQL is in
//! [`crate::queries::conferences`].

use std::collections::HashSet;

use rusqlite::{Connection, Transaction};
use serde::Deserialize;

use crate::error::{CoreError, Result};
use crate::model::{ConferenceFormat, ConferenceKind, ConferenceStatus};
use crate::queries::attendees::{self, AttendeeInput};
use crate::queries::conferences::{self, Conference};
use crate::queries::figures::{self, Figure};
use crate::queries::{conference_search, units};
use crate::{text, time, Ctx};

/// What the secretary enters to create a conference. Dates and times are as typed
/// (dd/mm/yyyy [HH:MM], office time); the core parses and validates them.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct ConferenceInput {
    /// Title (required).
    pub title: String,
    /// Kind code (`tong_ket`, ...); defaults to `other`.
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::model::ConferenceKind>"))]
    pub kind: Option<String>,
    /// Start, office local time (required).
    pub starts_at: String,
    /// End, office local time.
    pub ends_at: Option<String>,
    /// Format code (`in_person`, `online`, `hybrid`).
    #[cfg_attr(feature = "ts", ts(as = "crate::model::ConferenceFormat"))]
    pub format: String,
    /// Host location, e.g. "Hội trường UBND huyện".
    pub host_location: Option<String>,
    /// Name of the chair.
    pub chair_name: Option<String>,
    /// Content / summary.
    pub content: Option<String>,
    /// Conclusion notice number, e.g. "12/TB-UBND".
    pub notice_number: Option<String>,
    /// Conclusion notice date.
    pub notice_date: Option<String>,
    /// Status code; defaults to `held`.
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::model::ConferenceStatus>"))]
    pub status: Option<String>,
    /// Units connected as sites. `None` for an online or hybrid conference means the
    /// commune-level units (group `communes`).
    pub site_unit_ids: Option<Vec<i64>>,
    /// The leaders who chaired, attended and directed (roles `chair`, `directing`), at the
    /// host site. The chair among them becomes the conference's chair.
    pub leaders: Vec<AttendeeInput>,
    /// Figures reported at the conference.
    pub figures: Vec<Figure>,
}

/// Checks what the secretary entered and gives the conference to store and its sites' units
/// (the commune-level units when an online conference names none).
pub fn validate(conn: &Connection, input: &ConferenceInput) -> Result<(Conference, Vec<i64>)> {
    let title = text::limited("title", &input.title, text::TITLE_MAX, "tên hội nghị")?;
    if title.is_empty() {
        return Err(CoreError::invalid("title", "Tên hội nghị không được để trống."));
    }
    if input.starts_at.trim().is_empty() {
        return Err(CoreError::invalid("startsAt", "Hãy nhập thời gian bắt đầu hội nghị."));
    }
    let starts = time::parse_local_datetime("startsAt", &input.starts_at)?;
    let ends = match text::clean_opt(input.ends_at.as_deref()) {
        Some(s) => Some(time::parse_local_datetime("endsAt", &s)?),
        None => None,
    };
    if let Some(end) = ends {
        if end < starts {
            return Err(CoreError::invalid("endsAt", "Thời gian kết thúc không được trước thời gian bắt đầu."));
        }
    }
    let format = ConferenceFormat::parse("format", input.format.trim())?;
    let kind = ConferenceKind::parse("kind", input.kind.as_deref().unwrap_or("other"))?;
    let status = ConferenceStatus::parse("status", input.status.as_deref().unwrap_or("held"))?;
    let notice_date = match text::clean_opt(input.notice_date.as_deref()) {
        Some(s) => Some(time::parse_date("noticeDate", &s)?.to_string()),
        None => None,
    };
    let site_ids = match (&input.site_unit_ids, format) {
        (Some(ids), _) => ids.clone(),
        (None, ConferenceFormat::InPerson) => Vec::new(),
        (None, _) => units::list_groups(conn)?.into_iter().find(|g| g.code == "communes").map(|g| g.unit_ids).unwrap_or_default(),
    };
    let mut seen = HashSet::new();
    for id in &site_ids {
        let unit = units::require_active_unit(conn, "siteUnitIds", *id)?;
        if !seen.insert(*id) {
            return Err(CoreError::invalid("siteUnitIds", format!("Điểm cầu “{}” được chọn hai lần.", unit.name)));
        }
    }
    let conference = Conference {
        id: 0,
        title,
        kind,
        starts_at: time::to_stored(starts),
        ends_at: ends.map(time::to_stored),
        format,
        host_location: text::limited_opt("hostLocation", input.host_location.as_deref(), text::NAME_MAX, "địa điểm")?,
        chair_name: text::limited_opt("chairName", input.chair_name.as_deref(), text::NAME_MAX, "tên người chủ trì")?,
        content: text::limited_opt("content", input.content.as_deref(), text::LONG_MAX, "nội dung hội nghị")?,
        notice_number: text::limited_opt("noticeNumber", input.notice_number.as_deref(), text::NAME_MAX, "số thông báo kết luận")?,
        notice_date,
        status,
    };
    Ok((conference, site_ids))
}

/// Validates and creates a conference with its sites, leaders and figures; returns its id.
pub fn create(tx: &Transaction, ctx: &Ctx, input: &ConferenceInput) -> Result<i64> {
    let (c, site_ids) = validate(tx, input)?;
    let id = conferences::insert(tx, ctx, &c)?;
    write_details(tx, ctx, id, &c, &site_ids, input)?;
    Ok(id)
}

/// Validates and updates a conference. Sites still listed keep their state, lead,
/// headcount and attendees; sites removed lose them; new ones start connected.
pub fn update(tx: &Transaction, ctx: &Ctx, id: i64, input: &ConferenceInput) -> Result<()> {
    conferences::get(tx, id)?;
    let (c, site_ids) = validate(tx, input)?;
    write_details(tx, ctx, id, &c, &site_ids, input)
}

fn write_details(tx: &Transaction, ctx: &Ctx, id: i64, c: &Conference, site_ids: &[i64], input: &ConferenceInput) -> Result<()> {
    // Sites: keep the rows of units still chosen (with their attendees), drop the others.
    for (site_id, unit_id) in conferences::site_units(tx, id)? {
        if !site_ids.contains(&unit_id) {
            conferences::remove_site(tx, site_id)?;
        }
    }
    for (i, unit_id) in site_ids.iter().enumerate() {
        conferences::place_site(tx, id, *unit_id, i)?;
    }
    let chair = attendees::replace_leaders(tx, ctx, id, &input.leaders)?;
    figures::replace(tx, id, &input.figures)?;
    let (chair_name, chair_person) = match chair {
        Some((name, person)) => (Some(name), Some(person)),
        None => (c.chair_name.clone(), None),
    };
    conferences::update_row(tx, ctx, id, &Conference { chair_name, ..c.clone() }, chair_person)?;
    // The search words are rebuilt whole: an edit may remove some.
    conference_search::reindex(tx, id)
}
