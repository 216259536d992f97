//! What a conclusion notice says, built from the conference as the store holds it: the
//! opening paragraph (date, form, sites, who chaired and attended), the numbered
//! conclusions with who leads, who helps, by when and how much, and the recipients.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::nd30::{self, lower_first, sentence};
use crate::error::Result;
use crate::model::{AttendeeRole, ConferenceFormat, TaskRole};
use crate::queries::conferences::Conference;
use crate::queries::units::{Unit, UnitGroup};
use crate::queries::{attendees, conferences, directives, tasks, units};
use crate::time;

/// One numbered conclusion of the notice: the directive, then what each of its tasks asks
/// of whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NoticeItem {
    /// Its number in the notice ("1.").
    pub number: u32,
    /// The directive as recorded.
    pub text: String,
    /// One line per task: "Giao Phòng Nội vụ chủ trì: …; thời hạn: trước ngày 28/02/2023."
    pub tasks: Vec<String>,
}

/// The district as the registry names it ("huyện Mỹ Lộc"), or "huyện" when it does not say.
pub fn district_name(conn: &Connection) -> Result<String> {
    Ok(crate::registry::district_name(conn)?.unwrap_or_else(|| "huyện".into()))
}

/// The place a notice is dated at: the district's own name ("Mỹ Lộc").
pub fn place(district: &str) -> String {
    let d = district.trim();
    let stripped = d.strip_prefix("huyện ").or_else(|| d.strip_prefix("Huyện ")).unwrap_or(d);
    crate::reader::capitalise(stripped.trim())
}

/// The chair of the conference: (name, position), from the attendee marked "Chủ trì", else
/// the chair's name as entered on the conference.
pub fn chair(conn: &Connection, c: &Conference) -> Result<(Option<String>, Option<String>)> {
    let list = attendees::list(conn, c.id)?;
    if let Some(a) = list.iter().find(|a| a.role == AttendeeRole::Chair) {
        return Ok((Some(a.name.clone()), a.position.clone()));
    }
    Ok((c.chair_name.clone(), None))
}

/// The part of a position that names the office in the People's Committee: "Phó Bí thư
/// Huyện ủy, Chủ tịch UBND huyện" → "Chủ tịch UBND huyện".
pub fn committee_title(position: Option<&str>) -> Option<String> {
    let p = position?;
    p.split([',', '-', '–']).map(str::trim).find(|part| part.contains("Chủ tịch") && (part.contains("UBND") || part.contains("Ủy ban"))).map(str::to_string)
}

/// The opening: what met, when, how, where, who chaired and who attended; then the
/// sentence that leads into the conclusions. Paragraphs are separated by a blank line.
pub fn opening(conn: &Connection, c: &Conference, district: &str) -> Result<String> {
    let day = time::from_stored(&c.starts_at).map(time::office_date)?;
    let sites = conferences::sites(conn, c.id)?;
    let people = attendees::list(conn, c.id)?;
    let mut first = format!("Ngày {}, UBND {district} tổ chức {}", day.format("%d/%m/%Y"), lower_first(c.title.trim()));
    let online = matches!(c.format, ConferenceFormat::Online | ConferenceFormat::Hybrid);
    if online && !c.title.to_lowercase().contains("trực tuyến") {
        first.push_str(if c.format == ConferenceFormat::Hybrid {
            " theo hình thức trực tiếp kết hợp trực tuyến"
        } else {
            " theo hình thức trực tuyến"
        });
    }
    if online && !sites.is_empty() {
        first.push_str(&format!(" tới {} điểm cầu", sites.len()));
        if sites.iter().all(|s| s.unit_name.starts_with("UBND xã") || s.unit_name.starts_with("UBND thị trấn")) {
            first.push_str(" của các xã, thị trấn");
        }
    } else if let Some(place) = c.host_location.as_deref().filter(|p| !p.trim().is_empty()) {
        first.push_str(&format!(" tại {}", place.trim()));
    }
    first.push('.');
    let named = |a: &attendees::Attendee| match a.position.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => format!("đồng chí {}, {}", a.name, p.trim()),
        None => format!("đồng chí {}", a.name),
    };
    let chair = people.iter().find(|a| a.role == AttendeeRole::Chair);
    match chair {
        Some(a) => first.push_str(&format!(" {} chủ trì hội nghị", crate::reader::capitalise(&named(a)))),
        None => {
            if let Some(name) = c.chair_name.as_deref().filter(|n| !n.trim().is_empty()) {
                first.push_str(&format!(" Đồng chí {} chủ trì hội nghị", name.trim()));
            }
        }
    }
    let directing: Vec<String> = people.iter().filter(|a| a.role == AttendeeRole::Directing && a.present).map(named).collect();
    if !directing.is_empty() {
        first.push_str(&format!("; cùng dự và chỉ đạo có {}", join(&directing)));
    }
    if chair.is_some() || c.chair_name.is_some() || !directing.is_empty() {
        first.push_str(if sites.is_empty() {
            "; dự hội nghị có lãnh đạo các cơ quan, đơn vị liên quan."
        } else {
            "; dự hội nghị có lãnh đạo các cơ quan, đơn vị tại các điểm cầu."
        });
    }
    let title = chair.and_then(|a| committee_title(a.position.as_deref())).unwrap_or_else(|| "Chủ tịch UBND huyện".into());
    let second =
        format!("Sau khi nghe báo cáo kết quả thực hiện và ý kiến thảo luận của các đại biểu dự hội nghị, đồng chí {title} kết luận, chỉ đạo như sau:");
    Ok(format!("{first}\n\n{second}"))
}

/// "A, B và C".
pub fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

/// How a notice names a group of units inside a sentence: the communes by their People's
/// Committees, every unit as the district's bodies and the communes, any other group by
/// its own name.
fn group_phrase(g: &UnitGroup) -> String {
    match g.code.as_str() {
        "communes" => COMMUNES.into(),
        "district" => lower_first(DISTRICT_BODIES),
        "all" => format!("{} và {COMMUNES}", lower_first(DISTRICT_BODIES)),
        _ => lower_first(&g.name),
    }
}

/// The communes' People's Committees, as notices address them.
const COMMUNES: &str = "UBND các xã, thị trấn";
/// The district's own departments and agencies (the group "district", and that half of
/// "all"), named one way so "Nơi nhận" lists them once.
const DISTRICT_BODIES: &str = "Các cơ quan, đơn vị thuộc UBND huyện";

/// A group as lines of "Nơi nhận": every unit is addressed as the district's bodies and
/// the communes, on two lines.
fn group_recipients(g: &UnitGroup) -> Vec<String> {
    match g.code.as_str() {
        "communes" => vec![COMMUNES.into()],
        "district" => vec![DISTRICT_BODIES.into()],
        "all" => vec![DISTRICT_BODIES.into(), COMMUNES.into()],
        _ => vec![crate::reader::capitalise(&g.name)],
    }
}

/// Who a task involves, as the notice names them: groups chosen whole by their group's
/// name, the other units by their full names, in registry order.
fn named_units(task: &tasks::Task, role: TaskRole, all: &[Unit], groups: &[UnitGroup]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut units: Vec<&tasks::TaskUnit> = task.units.iter().filter(|u| u.role == role).collect();
    units.sort_by_key(|u| all.iter().position(|x| x.id == u.unit_id));
    for u in units {
        let name = match u.via_group_id.and_then(|g| groups.iter().find(|x| x.id == g)) {
            Some(g) => group_phrase(g),
            None => all.iter().find(|x| x.id == u.unit_id).map_or_else(|| u.unit_short_name.clone(), |x| x.name.clone()),
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// One task as a line of the notice.
fn task_line(task: &tasks::Task, all: &[Unit], groups: &[UnitGroup]) -> String {
    let leads = named_units(task, TaskRole::Lead, all, groups);
    let helpers = named_units(task, TaskRole::Coordinator, all, groups);
    let mut line = if leads.is_empty() { String::from("Thực hiện") } else { format!("Giao {} chủ trì", join(&leads)) };
    if !helpers.is_empty() {
        line.push_str(&format!(", phối hợp với {}", join(&helpers)));
    }
    line.push_str(&format!(": {}", lower_first(task.title.trim().trim_end_matches(['.', ';']))));
    if let Some(t) = &task.target {
        line.push_str(&format!("; chỉ tiêu: {}", nd30::target_phrase(t)));
    }
    let deadline = task.deadline.as_deref().and_then(time::parse_iso_day);
    if let Some(when) = nd30::deadline_phrase(deadline, task.recurrence) {
        line.push_str(&format!("; thời hạn: {when}"));
    }
    sentence(&line)
}

/// The numbered conclusions: every directive of the conference in its order, with its
/// tasks.
pub fn items(conn: &Connection, conference_id: i64) -> Result<Vec<NoticeItem>> {
    let all = units::list_units(conn)?;
    let groups = units::list_groups(conn)?;
    let mut out = Vec::new();
    for (i, d) in directives::list(conn, conference_id)?.into_iter().enumerate() {
        let mut lines = Vec::new();
        for id in tasks::ids_for_directive(conn, d.id)? {
            lines.push(task_line(&tasks::get(conn, id)?, &all, &groups));
        }
        out.push(NoticeItem { number: i as u32 + 1, text: sentence(&d.text), tasks: lines });
    }
    Ok(out)
}

/// The recipients a notice usually has, then every body given a part (lead or
/// coordinating) by the conference's tasks: a group chosen whole once by its name, the
/// others by their full names, in registry order. The "Lưu" line is not among them.
pub fn recipients(conn: &Connection, conference_id: i64) -> Result<Vec<String>> {
    let all = units::list_units(conn)?;
    let groups = units::list_groups(conn)?;
    let mut out: Vec<String> = vec!["Thường trực Huyện ủy (để b/c)".into(), "Thường trực HĐND huyện (để b/c)".into(), "Chủ tịch, các PCT UBND huyện".into()];
    let mut by_group: Vec<String> = Vec::new();
    let mut singles: Vec<(usize, String)> = Vec::new();
    for d in directives::list(conn, conference_id)? {
        for id in tasks::ids_for_directive(conn, d.id)? {
            let task = tasks::get(conn, id)?;
            for u in &task.units {
                match u.via_group_id.and_then(|g| groups.iter().find(|x| x.id == g)) {
                    Some(g) => {
                        for name in group_recipients(g) {
                            if !by_group.contains(&name) {
                                by_group.push(name);
                            }
                        }
                    }
                    None => {
                        if let Some((pos, unit)) = all.iter().enumerate().find(|(_, x)| x.id == u.unit_id) {
                            if !singles.iter().any(|(_, n)| *n == unit.name) {
                                singles.push((pos, unit.name.clone()));
                            }
                        }
                    }
                }
            }
        }
    }
    singles.sort_by_key(|(pos, _)| *pos);
    out.extend(singles.into_iter().map(|(_, n)| n));
    out.extend(by_group);
    Ok(out)
}

/// The default trích yếu: "Kết luận của Chủ tịch UBND huyện tại Hội nghị …".
pub fn subject(c: &Conference, chair_position: Option<&str>) -> String {
    let who = committee_title(chair_position).unwrap_or_else(|| "Chủ tịch UBND huyện".into());
    format!("Kết luận của {who} tại {}", c.title.trim().trim_end_matches('.'))
}

/// The day the conference began, in the office's time zone.
pub fn conference_day(c: &Conference) -> Result<NaiveDate> {
    Ok(time::office_date(time::from_stored(&c.starts_at)?))
}
