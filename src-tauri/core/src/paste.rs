//! Fast entry of attendees: a pasted list, one person per line as "Name – position – unit"
//! (also tab-separated, as copied from a spreadsheet), parsed into rows the secretary can
//! fix before saving.

use serde::Serialize;

use crate::queries::units::Unit;
use crate::text;

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParsedAttendee {
    /// Full name.
    pub name: String,
    /// Position, when given.
    pub position: Option<String>,
    /// The unit recognised in the registry.
    pub unit_id: Option<i64>,
    /// The unit as written, when one was written.
    pub unit_text: Option<String>,
    /// What the secretary should check, in Vietnamese; `None` when the line is clean.
    pub problem: Option<String>,
}

/// A key for comparing unit names: folded, punctuation and spacing ignored, so "TN&MT",
/// "TN & MT" and "tn-mt" compare equal.
fn unit_key(s: &str) -> String {
    text::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the unit a piece of text names, by full name, short name or alias.
pub fn match_unit<'a>(units: &'a [Unit], written: &str) -> Option<&'a Unit> {
    let key = unit_key(written);
    if key.is_empty() {
        return None;
    }
    units.iter().filter(|u| u.active).find(|u| {
        std::iter::once(&u.name).chain(std::iter::once(&u.short_name)).chain(u.aliases.iter()).any(|n| unit_key(n) == key)
    })
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

/// Parses a pasted list against the unit registry. Empty lines are skipped.
pub fn parse_attendees(input: &str, units: &[Unit]) -> Vec<ParsedAttendee> {
    input
        .lines()
        .map(fields)
        .filter(|f| !f.is_empty())
        .map(|parts| {
            let name = strip_bullet(&parts[0]);
            let rest = &parts[1..];
            // The unit is the longest tail of fields that names a unit: unit names may
            // themselves hold " - " ("Phòng Tài chính - Kế hoạch").
            let found = (0..rest.len()).find_map(|k| match_unit(units, &rest[k..].join(" - ")).map(|u| (k, u)));
            let (position, unit_id, unit_text, problem) = match found {
                Some((k, u)) => (rest[..k].join(" - "), Some(u.id), Some(rest[k..].join(" - ")), None),
                None if rest.len() >= 2 => {
                    let written = rest[1..].join(" - ");
                    let problem = format!("Không tìm thấy đơn vị “{written}” trong danh mục.");
                    (rest[0].clone(), None, Some(written), Some(problem))
                }
                None => (rest.join(" - "), None, None, None),
            };
            let problem = if name.is_empty() { Some("Thiếu họ tên.".to_string()) } else { problem };
            ParsedAttendee { name, position: Some(position).filter(|p| !p.is_empty()), unit_id, unit_text, problem }
        })
        .collect()
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
        let rows = parse_attendees(input, &units);
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
    fn unit_names_match_without_diacritics_or_in_nfd() {
        let units = registry();
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("xã Mỹ Hà").collect();
        for written in ["UBND XA MY HA", "ubnd xã mỹ hà", nfd.as_str(), "Mỹ Hà"] {
            assert_eq!(match_unit(&units, written).map(|u| u.id), Some(1), "{written:?}");
        }
        assert!(match_unit(&units, "Mỹ Hưng").is_none());
    }
}
