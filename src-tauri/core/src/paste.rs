//! Fast entry of attendees: a pasted list, one person per line as "Name – position – unit"
//! (also tab-separated, as copied from a spreadsheet), parsed into rows the secretary can
//! fix before saving. A line may name its site ("… – điểm cầu Mỹ Thịnh", "(điểm cầu xã Mỹ
//! Thịnh)"); a person whose unit is one of the conference's sites sits there by default.
//! A line that cannot be read says why in `problem` and is skipped, never the whole list.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::UnitKind;
use crate::queries::attendees::{self, AttendeeInput};
use crate::queries::conferences::{self, Site};
use crate::queries::units::{self, Unit};
use crate::text;

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParsedAttendee {
    /// The line's number in the pasted text (1-based, blank lines counted).
    pub line: usize,
    /// Full name.
    pub name: String,
    /// Position, when given.
    pub position: Option<String>,
    /// The unit recognised in the registry.
    pub unit_id: Option<i64>,
    /// The unit as written, when one was written.
    pub unit_text: Option<String>,
    /// The site attended from; `None` is the main hall (Điểm cầu chính).
    pub site_id: Option<i64>,
    /// The site as written on the line, when it named one.
    pub site_text: Option<String>,
    /// Why the line is skipped, in Vietnamese; `None` when it can be added.
    pub problem: Option<String>,
}

/// Where the people of a pasted list sit when their line names no site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "mode", content = "siteId")]
pub enum SitePick {
    /// At their unit's site when the conference has one, else at the main hall.
    #[default]
    Auto,
    /// At the main hall.
    Host,
    /// At this site; people with no unit belong to the site's unit.
    Site(i64),
}

/// Finds the unit a piece of text names, by full name, short name or alias.
pub fn match_unit<'a>(units: &'a [Unit], written: &str) -> Option<&'a Unit> {
    let key = text::name_key(written);
    if key.is_empty() {
        return None;
    }
    units.iter().filter(|u| u.active).find(|u| u.goes_by(&key))
}

/// Splits a line into its fields: on tabs if it has any, else on dashes used as
/// separators (en/em dash, or a hyphen with spaces around it) and on semicolons.
fn fields(line: &str) -> Vec<String> {
    let line = line.trim();
    let raw: Vec<String> = if line.contains('\t') {
        line.split('\t').map(String::from).collect()
    } else {
        line.replace(['–', '—', ';', '|'], "\u{1}").replace(" - ", "\u{1}").split('\u{1}').map(String::from).collect()
    };
    raw.into_iter().map(|f| text::clean(&f)).filter(|f| !f.is_empty()).collect()
}

/// Strips list numbering and bullets: "1. ", "2) ", "- ", "• ".
fn strip_bullet(name: &str) -> String {
    let trimmed = name.trim_start_matches(['-', '•', '+', '*', ' ']);
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    let rest = &trimmed[digits..];
    let out = if digits > 0 && (rest.starts_with('.') || rest.starts_with(')')) { &rest[1..] } else { trimmed };
    text::clean(out)
}

/// `s` folded one character at a time (spaces kept), with the byte offset in `s` of the
/// character each folded one comes from: a phrase found in the folded text is cut out of
/// the original.
fn fold_with_offsets(s: &str) -> (Vec<char>, Vec<usize>) {
    let (mut folded, mut offsets) = (Vec::new(), Vec::new());
    for (i, c) in s.char_indices() {
        let f = if c.is_whitespace() { " ".to_string() } else { text::fold(c.encode_utf8(&mut [0; 4])) };
        for fc in f.chars() {
            folded.push(fc);
            offsets.push(i);
        }
    }
    (folded, offsets)
}

/// Takes the site clause out of a line: "… – điểm cầu Mỹ Thịnh", "… (điểm cầu xã Mỹ
/// Thịnh)", "… – tại điểm cầu Mỹ Thịnh". Returns the line without it and the site as
/// written; a line without one (or with "điểm cầu" but no name after it) is unchanged.
fn take_site(line: &str) -> (String, Option<String>) {
    const WORDS: [char; 8] = ['d', 'i', 'e', 'm', ' ', 'c', 'a', 'u'];
    let (folded, offsets) = fold_with_offsets(line);
    let Some(k) = (0..folded.len().saturating_sub(WORDS.len() - 1)).find(|&k| {
        folded[k..k + WORDS.len()] == WORDS && (k == 0 || !folded[k - 1].is_alphanumeric()) && folded.get(k + WORDS.len()).is_none_or(|c| !c.is_alphanumeric())
    }) else {
        return (line.to_string(), None);
    };
    let (start, after) = (offsets[k], offsets.get(k + WORDS.len()).copied().unwrap_or(line.len()));
    let tail = &line[after..];
    let end = [")", "–", "—", ";", "|", "\t", " - "].iter().filter_map(|t| tail.find(t)).min().unwrap_or(tail.len());
    let site = text::clean(tail[..end].trim_start_matches([':', ' ']));
    if site.is_empty() {
        return (line.to_string(), None);
    }
    // "tại" / "dự tại" before the phrase and a parenthesis around the clause go with it.
    let mut before = line[..start].trim_end();
    for word in ["tai", "du"] {
        let cut = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        if text::fold(&before[cut..]) == word {
            before = before[..cut].trim_end();
        }
    }
    let mut rest = &tail[end..];
    if let (Some(open), true) = (before.strip_suffix('('), rest.starts_with(')')) {
        before = open;
        rest = &rest[1..];
    }
    // The clause's own separator goes too; the one after it (if any) still separates.
    let before = before.trim_end_matches(['–', '—', ';', '|', '-', ' ', '\t']);
    (format!("{before} {rest}"), Some(site))
}

/// Whether a written site means the main hall: "điểm cầu chính", "điểm cầu huyện",
/// "Hội trường UBND huyện", or the district itself.
fn is_main_hall(written: &str, units: &[Unit]) -> bool {
    let key = text::name_key(written);
    key == "chinh"
        || key.starts_with("chinh ")
        || key == "huyen"
        || key.contains("hoi truong")
        || units.iter().any(|u| u.kind == UnitKind::District && u.goes_by(&key))
}

/// The unit named in the fields after the name, if any: the longest tail of fields that
/// names a unit (unit names may themselves hold " - ": "Phòng Tài chính - Kế hoạch"); when
/// the line has one field after the name and it is not a unit, the end of that field
/// ("Chủ tịch UBND huyện", "Trưởng phòng Nội vụ"), which then stays the position as written.
/// Returns (position, unit, unit as written, problem).
fn find_unit(rest: &[String], units: &[Unit]) -> (String, Option<i64>, Option<String>, Option<String>) {
    if let Some((k, u)) = (0..rest.len()).find_map(|k| match_unit(units, &rest[k..].join(" - ")).map(|u| (k, u))) {
        return (rest[..k].join(" - "), Some(u.id), Some(rest[k..].join(" - ")), None);
    }
    match rest {
        [] => (String::new(), None, None, None),
        [only] => {
            let words: Vec<&str> = only.split_whitespace().collect();
            let found = (1..words.len()).find_map(|i| match_unit(units, &words[i..].join(" ")).map(|u| (i, u)));
            match found {
                Some((i, u)) => (only.clone(), Some(u.id), Some(words[i..].join(" ")), None),
                None => (only.clone(), None, None, None),
            }
        }
        _ => {
            let written = rest[1..].join(" - ");
            let problem = format!("Không tìm thấy đơn vị “{written}” trong danh mục.");
            (rest[0].clone(), None, Some(written), Some(problem))
        }
    }
}

/// Parses a pasted list against the unit registry and the conference's sites. Blank
/// lines are skipped; every other line gives one row, with its problem if it has one.
pub fn parse_attendees(input: &str, units: &[Unit], sites: &[Site], pick: SitePick) -> Vec<ParsedAttendee> {
    let site_of_unit = |unit: i64| sites.iter().find(|s| s.unit_id == unit);
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, raw)| {
            let (line, site_text) = take_site(&text::clean(raw));
            let parts = fields(&line);
            let name = parts.first().map(|n| strip_bullet(n)).unwrap_or_default();
            let rest = parts.get(1..).unwrap_or_default();
            let (position, mut unit_id, unit_text, unit_problem) = find_unit(rest, units);
            let (site_id, site_problem) = match &site_text {
                Some(written) if is_main_hall(written, units) => (None, None),
                Some(written) => {
                    let key = text::name_key(written);
                    let found = sites.iter().find(|s| units.iter().any(|u| u.id == s.unit_id && u.goes_by(&key)));
                    match found {
                        Some(s) => (Some(s.id), None),
                        None => (None, Some(format!("Hội nghị không có điểm cầu “{written}”."))),
                    }
                }
                None => match pick {
                    SitePick::Host => (None, None),
                    SitePick::Site(id) => (sites.iter().find(|s| s.id == id).map(|s| s.id), None),
                    SitePick::Auto => (unit_id.and_then(site_of_unit).map(|s| s.id), None),
                },
            };
            // Someone at a site with no unit of their own belongs to the site's unit.
            if unit_id.is_none() && unit_problem.is_none() {
                unit_id = site_id.and_then(|id| sites.iter().find(|s| s.id == id)).map(|s| s.unit_id);
            }
            let problem = if name.is_empty() { Some("Thiếu họ tên.".to_string()) } else { unit_problem.or(site_problem) };
            ParsedAttendee { line: i + 1, name, position: Some(position).filter(|p| !p.is_empty()), unit_id, unit_text, site_id, site_text, problem }
        })
        .collect()
}

/// Reads a pasted list for a conference and says, line by line, what saving it would do:
/// lines that cannot be read keep their reason; the others are also checked as they
/// would be on saving (too long, already on the conference, twice in the list), so the
/// secretary sees every skipped line before saving.
pub fn review(conn: &Connection, conference_id: i64, input: &str, pick: SitePick) -> Result<Vec<ParsedAttendee>> {
    let sites = conferences::sites(conn, conference_id)?;
    let mut rows = parse_attendees(input, &units::list_units(conn)?, &sites, pick);
    let readable: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].problem.is_none()).collect();
    let inputs: Vec<AttendeeInput> = readable
        .iter()
        .map(|&i| AttendeeInput {
            name: rows[i].name.clone(),
            position: rows[i].position.clone(),
            unit_id: rows[i].unit_id,
            site_id: rows[i].site_id,
            ..Default::default()
        })
        .collect();
    for (i, problem) in readable.into_iter().zip(attendees::check_rows(conn, conference_id, &inputs)?) {
        rows[i].problem = problem;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitKind;

    fn unit(id: i64, name: &str, short: &str, aliases: &[&str]) -> Unit {
        Unit {
            id,
            code: format!("u{id}"),
            name: name.into(),
            short_name: short.into(),
            kind: UnitKind::Department,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            note: None,
            active: true,
            position: id,
        }
    }

    fn registry() -> Vec<Unit> {
        vec![
            unit(1, "UBND xã Mỹ Hà", "Mỹ Hà", &["xã Mỹ Hà"]),
            unit(2, "Phòng Tài chính - Kế hoạch", "TC-KH", &["Phòng TC-KH"]),
            unit(3, "Phòng Tài nguyên và Môi trường", "TN&MT", &["Phòng TN&MT"]),
            unit(4, "Phòng Nội vụ", "Nội vụ", &[]),
        ]
    }

    #[test]
    fn parses_lines_in_the_office_formats() {
        let units = registry();
        let input = "1. Trần Thị Hoa – Chủ tịch UBND xã – UBND xã Mỹ Hà\n\
                     \n\
                     - Nguyễn Văn Bình - Trưởng phòng - Phòng Tài chính - Kế hoạch\n\
                     Lê Văn Cường\tChuyên viên\tphong tn & mt\n\
                     Đỗ Thị Dung — Phó Trưởng phòng — Phòng Văn hóa\n\
                     Phạm Minh Đức; Phòng Nội vụ\n";
        let rows = parse_attendees(input, &units, &[], SitePick::Auto);
        let got: Vec<(&str, Option<&str>, Option<i64>, bool)> =
            rows.iter().map(|r| (r.name.as_str(), r.position.as_deref(), r.unit_id, r.problem.is_some())).collect();
        assert_eq!(
            got,
            vec![
                ("Trần Thị Hoa", Some("Chủ tịch UBND xã"), Some(1), false),
                ("Nguyễn Văn Bình", Some("Trưởng phòng"), Some(2), false),
                ("Lê Văn Cường", Some("Chuyên viên"), Some(3), false),
                ("Đỗ Thị Dung", Some("Phó Trưởng phòng"), None, true),
                ("Phạm Minh Đức", None, Some(4), false),
            ]
        );
        assert_eq!(rows[3].problem.as_deref(), Some("Không tìm thấy đơn vị “Phòng Văn hóa” trong danh mục."));
    }

    #[test]
    fn site_clauses_come_off_the_line_in_every_usual_form() {
        let cases: [(&str, &[&str], Option<&str>); 7] = [
            ("Lê Bình – Phó Chủ tịch – UBND xã Mỹ Hà – điểm cầu Mỹ Thịnh", &["Lê Bình", "Phó Chủ tịch", "UBND xã Mỹ Hà"], Some("Mỹ Thịnh")),
            ("Lê Bình – Phó Chủ tịch UBND xã (điểm cầu xã Mỹ Thịnh)", &["Lê Bình", "Phó Chủ tịch UBND xã"], Some("xã Mỹ Thịnh")),
            ("Lê Bình - Cán bộ - dự tại điểm cầu Mỹ Thịnh - UBND xã Mỹ Hà", &["Lê Bình", "Cán bộ", "UBND xã Mỹ Hà"], Some("Mỹ Thịnh")),
            ("Lê Bình\tCán bộ\tĐiểm cầu: Mỹ Thịnh\tUBND xã Mỹ Hà", &["Lê Bình", "Cán bộ", "UBND xã Mỹ Hà"], Some("Mỹ Thịnh")),
            ("le binh - can bo - tai diem cau my thinh", &["le binh", "can bo"], Some("my thinh")),
            // "điểm cầu" inside a position, with no site after it, is left alone.
            ("Lê Bình – Phụ trách điểm cầu – UBND xã Mỹ Hà", &["Lê Bình", "Phụ trách điểm cầu", "UBND xã Mỹ Hà"], None),
            ("Lê Bình – Cán bộ kỹ thuật – Viễn thông", &["Lê Bình", "Cán bộ kỹ thuật", "Viễn thông"], None),
        ];
        for (line, want, site) in cases {
            let (rest, got_site) = take_site(line);
            assert_eq!((fields(&rest), got_site.as_deref()), (want.iter().map(|f| f.to_string()).collect(), site), "{line:?}");
        }
    }

    #[test]
    fn unit_names_match_without_diacritics_or_in_nfd() {
        let units = registry();
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("xã Mỹ Hà").collect();
        for written in ["UBND XA MY HA", "ubnd xã mỹ hà", nfd.as_str(), "Mỹ Hà"] {
            assert_eq!(match_unit(&units, written).map(|u| u.id), Some(1), "{written:?}");
        }
        assert!(match_unit(&units, "Mỹ Hưng").is_none());
    }
}
