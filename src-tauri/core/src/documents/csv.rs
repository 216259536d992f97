//! The status report's parts as CSV (RFC 4180): UTF-8 with a byte-order mark so Excel reads
//! the diacritics right, CRLF line ends, a field quoted when it holds a comma, a quote or a
//! line break (quotes doubled), so a note like `số hóa, “Một cửa”` and its new lines come
//! back whole. Dates dd/mm/yyyy as the office writes them; numbers with '.'.
//!
//! A text field that starts with `=`, `+`, `-`, `@` or a tab would be run by a spreadsheet
//! as a formula ("CSV injection"); it gets a leading apostrophe, which Excel and
//! LibreOffice show as plain text. Numbers and dates are never changed.

use crate::documents::report::{self, Report};
use crate::time::format_date;

/// The header line's columns, in order.
pub const COLUMNS: [&str; 12] =
    ["Mã phần việc", "Đơn vị", "Mã đơn vị", "Nhiệm vụ", "Hội nghị", "Kỳ", "Hạn", "Tình trạng", "Ngày hoàn thành", "Giá trị báo cáo", "Chỉ tiêu", "Ghi chú"];

/// The byte-order mark every file starts with.
pub const BOM: &str = "\u{feff}";

/// The parts of `report` as the bytes of a CSV file: a header line, then one line per part.
pub fn render(report: &Report) -> Vec<u8> {
    let mut out = String::with_capacity(64 + report.rows.len() * 200);
    out.push_str(BOM);
    line(&mut out, COLUMNS.iter().map(|c| Field::Text(c)));
    for r in &report.rows {
        let id = r.id.to_string();
        let deadline = report::day(r.deadline.as_deref()).map(format_date).unwrap_or_default();
        let completed = report::day(r.completed_on.as_deref()).map(format_date).unwrap_or_default();
        let value = r.reported_value.map(|v| report::number_text(v, '.')).unwrap_or_default();
        let target = report::target_text(r, '.');
        let note = report::note_text(r);
        line(
            &mut out,
            [
                Field::Plain(&id),
                Field::Text(&r.unit_name),
                Field::Text(&r.unit_code),
                Field::Text(&r.task_title),
                Field::Text(r.conference_title.as_deref().unwrap_or("")),
                Field::Text(r.period_label.as_deref().unwrap_or("")),
                Field::Plain(&deadline),
                Field::Text(r.status.label()),
                Field::Plain(&completed),
                Field::Plain(&value),
                Field::Text(&target),
                Field::Text(&note),
            ],
        );
    }
    out.into_bytes()
}

/// One field: text someone typed, or a number or date this module wrote.
enum Field<'a> {
    Text(&'a str),
    Plain(&'a str),
}

fn line<'a>(out: &mut String, fields: impl IntoIterator<Item = Field<'a>>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (text, guard) = match field {
            Field::Text(t) => (t, t.starts_with(['=', '+', '-', '@', '\t', '\r'])),
            Field::Plain(t) => (t, false),
        };
        push_field(out, text, guard);
    }
    out.push_str("\r\n");
}

/// Writes `text` quoted when it must be (RFC 4180 §2.6–2.7), after an apostrophe if `guard`.
fn push_field(out: &mut String, text: &str, guard: bool) {
    let quoted = text.contains([',', '"', '\r', '\n']);
    if quoted {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quoted {
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::{line, Field};

    fn one(fields: &[Field]) -> String {
        let mut out = String::new();
        line(
            &mut out,
            fields.iter().map(|f| match f {
                Field::Text(t) => Field::Text(t),
                Field::Plain(t) => Field::Plain(t),
            }),
        );
        out
    }

    #[test]
    fn quotes_only_what_must_be_and_guards_formulas() {
        assert_eq!(one(&[Field::Text("a"), Field::Plain("1.5")]), "a,1.5\r\n");
        assert_eq!(one(&[Field::Text("số hóa, “Một cửa”\n")]), "\"số hóa, “Một cửa”\n\"\r\n");
        assert_eq!(one(&[Field::Text("nói \"có\"")]), "\"nói \"\"có\"\"\"\r\n");
        assert_eq!(one(&[Field::Text("=1+1"), Field::Plain("-3")]), "'=1+1,-3\r\n");
        assert_eq!(one(&[Field::Text("- Đã họp, xong")]), "\"'- Đã họp, xong\"\r\n");
    }
}
