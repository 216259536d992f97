//! Calendars (.ics) of open deadlines (issue 19): one all-day event per open part (not
//! started or in progress, with a deadline) on its deadline, for the district or for one
//! unit, so the office and the units see their deadlines in Outlook, Thunderbird or Google
//! Calendar beside their meetings.
//!
//! A calendar is imported again and again as the work moves, so each part keeps one UID in
//! every export (re-importing updates its event instead of adding a second one), and
//! SEQUENCE / LAST-MODIFIED follow the part's last change, so a moved deadline is taken as
//! an update. The text is written by the `icalendar` crate: TEXT values escaped, lines
//! folded at 75 octets on character boundaries (never inside a Vietnamese letter), CRLF.

use std::collections::hash_map::{Entry, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Alarm, Calendar as Ics, Component, Event, EventLike, Property};
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::model::{TargetOp, TargetScope};
use crate::queries::units;
use crate::{recurrence, text, time};

/// A calendar ready to be written (with [`super::write_file`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// The .ics text: UTF-8, CRLF line ends, lines folded at 75 octets.
    pub text: String,
    /// How many events it holds: the open parts with a deadline.
    pub events: usize,
    /// Its name as calendar apps show it ("Đôn đốc — Xã Mỹ Hà"), also in `X-WR-CALNAME`.
    pub name: String,
}

/// `PRODID`: who wrote the file (RFC 5545 §3.7.3).
const PRODID: &str = concat!("-//UBND huyện Mỹ Lộc//Đôn đốc ", env!("CARGO_PKG_VERSION"), "//VI");

/// The alarm's trigger: 16 hours before the start of an all-day event, i.e. 08:00 the day
/// before in the reader's own time zone, which for the office and its units is
/// Asia/Ho_Chi_Minh. A relative trigger is what Outlook, Thunderbird and Google Calendar all
/// take on an all-day event (Outlook ignores absolute ones); written as hours, the form they
/// write themselves, rather than chrono's `-PT57600S`.
const ALARM_TRIGGER: &str = "-PT16H";

/// SEQUENCE counts seconds from this instant (2020-01-01T00:00:00Z): it grows with every
/// change and fits the signed 32 bits calendar apps store it in until 2088.
const SEQUENCE_EPOCH: i64 = 1_577_836_800;

/// Longest task title in a SUMMARY, in characters; the whole title is in the DESCRIPTION.
const SUMMARY_TITLE_MAX: usize = 80;

/// One open part with what its event shows.
struct Part {
    id: i64,
    task_id: i64,
    deadline: NaiveDate,
    period: String,
    created_at: String,
    /// The latest change of the part, its task or its conference (what the event shows).
    changed_at: String,
    task_title: String,
    source_ref: Option<String>,
    target: Option<(String, String, f64, Option<String>, String)>,
    unit_name: String,
    directive: Option<String>,
    conference: Option<(String, String)>,
}

const PARTS_SQL: &str = "
    SELECT a.id, a.task_id, a.deadline, a.period, a.created_at,
           max(a.updated_at, t.updated_at, coalesce(c.updated_at, '')),
           t.title, t.source_ref, t.target_metric, t.target_op, t.target_value, t.target_unit, t.target_scope,
           u.name, d.text, c.title, c.starts_at
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    JOIN unit u ON u.id = a.unit_id
    LEFT JOIN directive d ON d.id = t.directive_id
    LEFT JOIN conference c ON c.id = d.conference_id
    WHERE a.state IN ('not_started', 'in_progress') AND a.deadline IS NOT NULL
      AND (?1 IS NULL OR a.unit_id = ?1)
    ORDER BY a.deadline, u.position, a.id";

/// Builds the calendar of the open parts of `unit` (or of the whole district when `None`)
/// as the store holds them; `now` is the export's instant (`DTSTAMP`), never the clock.
/// Done and cancelled parts and parts without a deadline are not in it. An unknown unit is
/// [`CoreError::NotFound`].
pub fn build(conn: &Connection, unit: Option<i64>, now: DateTime<Utc>) -> Result<Calendar> {
    let owner = match unit {
        Some(id) => units::get_unit(conn, id)?.name,
        None => district_name(conn)?,
    };
    let name = format!("Đôn đốc — {}", display_unit(&owner));
    let domain = uid_domain(conn)?;
    let mut ics = Ics::empty();
    ics.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", &name))
        .append_property(Property::new("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh"));
    let parts = open_parts(conn, unit)?;
    let mut coordinators: HashMap<i64, Vec<String>> = HashMap::new();
    for part in &parts {
        let names = match coordinators.entry(part.task_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(coordinators_of(conn, part.task_id)?),
        };
        ics.push(event(part, names, &domain, now)?);
    }
    Ok(Calendar { text: ics.to_string(), events: parts.len(), name })
}

fn open_parts(conn: &Connection, unit: Option<i64>) -> Result<Vec<Part>> {
    let mut stmt = conn.prepare(PARTS_SQL)?;
    let rows = stmt.query_map([unit], |r| {
        let deadline: String = r.get(2)?;
        let target = match (r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?, r.get::<_, Option<f64>>(10)?) {
            (Some(metric), Some(op), Some(value)) => Some((metric, op, value, r.get(11)?, r.get::<_, Option<String>>(12)?.unwrap_or_default())),
            _ => None,
        };
        let conference = match (r.get::<_, Option<String>>(15)?, r.get::<_, Option<String>>(16)?) {
            (Some(title), Some(starts_at)) => Some((title, starts_at)),
            _ => None,
        };
        Ok((
            deadline,
            Part {
                id: r.get(0)?,
                task_id: r.get(1)?,
                deadline: NaiveDate::MIN,
                period: r.get(3)?,
                created_at: r.get(4)?,
                changed_at: r.get(5)?,
                task_title: r.get(6)?,
                source_ref: r.get(7)?,
                target,
                unit_name: r.get(13)?,
                directive: r.get(14)?,
                conference,
            },
        ))
    })?;
    let mut parts = Vec::new();
    for row in rows {
        let (deadline, mut part) = row?;
        part.deadline = time::parse_iso_day(&deadline)
            .ok_or_else(|| CoreError::invalid("deadline", format!("Phần việc {} có hạn “{deadline}” không hợp lệ trong dữ liệu.", part.id)))?;
        parts.push(part);
    }
    Ok(parts)
}

/// The coordinating units of a task, in registry order.
fn coordinators_of(conn: &Connection, task_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.name FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
         WHERE tu.task_id = ?1 AND tu.role = 'coordinator' ORDER BY u.position, u.id",
    )?;
    let names = stmt.query_map([task_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

fn event(part: &Part, coordinators: &[String], domain: &str, now: DateTime<Utc>) -> Result<Event> {
    let changed = time::from_stored(&part.changed_at)?;
    let sequence = (changed.timestamp() - SEQUENCE_EPOCH).clamp(0, i32::MAX as i64) as u32;
    let unit = display_unit(&part.unit_name);
    let period = (!part.period.is_empty()).then(|| recurrence::period_label(&part.period));
    let mut title = brief(&part.task_title);
    if let Some(p) = &period {
        title = format!("{title} ({p})");
    }
    let summary = format!("Hạn: {title} — {unit}");
    let deadline = time::format_date(part.deadline);
    let the_day_after = part.deadline.checked_add_days(Days::new(1)).unwrap_or(part.deadline);
    // The crate writes a DTSTAMP (from the clock) and a random UID into every component it
    // is not given one for, VALARM too: both are given, so the same store at the same instant
    // writes the same bytes (RFC 9074 gives an alarm a UID; DTSTAMP rides as an IANA property).
    let alarm = Alarm::display(&format!("Ngày mai ({deadline}) là hạn: {title} — {unit}"), chrono::Duration::zero())
        .append_property(Property::new("TRIGGER", ALARM_TRIGGER))
        .uid(&format!("phan-viec-{}-nhac@{domain}", part.id))
        .timestamp(now)
        .done();
    let mut event = Event::new();
    event
        .uid(&format!("phan-viec-{}@{domain}", part.id))
        .timestamp(now)
        .sequence(sequence)
        .last_modified(changed)
        .starts(part.deadline)
        .ends(the_day_after)
        .summary(&one_line(&summary))
        .description(&description(part, period.as_deref(), coordinators))
        .add_property("TRANSP", "TRANSPARENT")
        .alarm(alarm);
    if let Ok(created) = time::from_stored(&part.created_at) {
        event.created(created);
    }
    Ok(event.done())
}

fn description(part: &Part, period: Option<&str>, coordinators: &[String]) -> String {
    let mut lines = vec![format!("Nhiệm vụ: {}", part.task_title)];
    if let Some(p) = period {
        lines.push(format!("Kỳ: {p}"));
    }
    lines.push(format!("Hạn: {}", time::format_date(part.deadline)));
    if let Some((title, starts_at)) = &part.conference {
        let date = time::from_stored(starts_at).map(|at| time::format_date(time::office_date(at))).unwrap_or_default();
        lines.push(format!("Hội nghị: {title} (ngày {date})"));
    }
    if let Some(source) = &part.source_ref {
        lines.push(format!("Nguồn: {source}"));
    }
    if let Some(text) = &part.directive {
        lines.push(format!("Ý kiến chỉ đạo: {text}"));
    }
    if let Some((metric, op, value, unit, scope)) = &part.target {
        let op = TargetOp::parse("target", op).map(|o| o.label()).unwrap_or(op.as_str());
        let unit = match unit.as_deref() {
            Some("%") => "%".to_string(),
            Some(u) if !u.is_empty() => format!(" {u}"),
            _ => String::new(),
        };
        let scope = match TargetScope::parse("target", scope) {
            Ok(TargetScope::Each) => " (mỗi đơn vị)",
            Ok(TargetScope::Total) => " (tổng các đơn vị)",
            Err(_) => "",
        };
        lines.push(format!("Chỉ tiêu: {metric} {op} {}{unit}{scope}", number(*value)));
    }
    lines.push(format!("Đơn vị chủ trì: {}", part.unit_name));
    if !coordinators.is_empty() {
        lines.push(format!("Đơn vị phối hợp: {}", coordinators.join(", ")));
    }
    // A bare CR would end the content line (the crate escapes LF only).
    lines.join("\n").replace("\r\n", "\n").replace('\r', "\n")
}

/// The district's own People's Committee ("UBND huyện Mỹ Lộc"), named on the district's
/// calendar.
fn district_name(conn: &Connection) -> Result<String> {
    let own = conn.query_row("SELECT name FROM unit WHERE kind = 'district' ORDER BY position, id LIMIT 1", [], |r| r.get::<_, String>(0));
    match own {
        Ok(name) => Ok(name),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok("UBND huyện".into()),
        Err(e) => Err(e.into()),
    }
}

/// The part of every UID after the `@`: the district the registry describes, folded
/// ("huyen-my-loc.dondoc"), so two districts' calendars never share a UID while an office's
/// own stay the same in every export (the ids of its parts never change, an export and
/// import of the whole store keeps them).
fn uid_domain(conn: &Connection) -> Result<String> {
    let district = crate::registry::district_name(conn)?.map(|n| text::words(&n)).filter(|w| !w.is_empty());
    Ok(match district {
        Some(words) => format!("{}.dondoc", words.join("-")),
        None => "dondoc".into(),
    })
}

/// A unit as a calendar names it: "UBND xã Mỹ Hà" → "Xã Mỹ Hà"; the district's own
/// committee and the departments keep their names.
fn display_unit(name: &str) -> String {
    match name.strip_prefix("UBND ") {
        Some(rest) if !rest.starts_with("huyện") && !rest.is_empty() => crate::reader::capitalise(rest),
        _ => name.to_string(),
    }
}

/// A task title cut to [`SUMMARY_TITLE_MAX`] characters at a word, with "…".
fn brief(title: &str) -> String {
    let title = one_line(title);
    if title.chars().count() <= SUMMARY_TITLE_MAX {
        return title;
    }
    let cut: String = title.chars().take(SUMMARY_TITLE_MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SUMMARY_TITLE_MAX / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '-']))
}

/// A SUMMARY is one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number as the office writes it: a decimal comma, no trailing zeros ("85,65", "90").
fn number(v: f64) -> String {
    super::report::number_text(v, ',')
}

/// Builds the calendar and writes it to `path` (see [`super::write_file`]). Refused when it
/// would hold no event — RFC 5545 wants at least one component in a calendar, and Google
/// Calendar refuses such a file — with the reason in Vietnamese; nothing is written then.
pub fn write(conn: &Connection, unit: Option<i64>, now: DateTime<Utc>, path: &std::path::Path, overwrite: bool) -> Result<Calendar> {
    let cal = build(conn, unit, now)?;
    if cal.events == 0 {
        let whose = match unit {
            Some(id) => units::get_unit(conn, id)?.name,
            None => "cả huyện".into(),
        };
        return Err(CoreError::invalid(
            "unit",
            format!("{}: không có phần việc nào đang mở có thời hạn, nên lịch không có gì để ghi.", crate::reader::capitalise(&whose)),
        ));
    }
    super::write_file(path, cal.text.as_bytes(), overwrite)?;
    Ok(cal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_briefs_and_numbers() {
        assert_eq!(display_unit("UBND xã Mỹ Hà"), "Xã Mỹ Hà");
        assert_eq!(display_unit("UBND thị trấn Mỹ Lộc"), "Thị trấn Mỹ Lộc");
        assert_eq!(display_unit("UBND huyện Mỹ Lộc"), "UBND huyện Mỹ Lộc");
        assert_eq!(display_unit("Phòng Nội vụ"), "Phòng Nội vụ");
        let long = "Rà soát, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực đang lưu trữ tại bộ phận một cửa cấp xã";
        let b = brief(long);
        assert!(b.ends_with('…') && b.chars().count() <= SUMMARY_TITLE_MAX + 1, "{b}");
        assert!(long.starts_with(b.trim_end_matches('…')), "{b}");
        assert_eq!(brief("Báo cáo\nkết quả"), "Báo cáo kết quả");
        assert_eq!((number(90.0), number(85.65)), ("90".to_string(), "85,65".to_string()));
    }
}
