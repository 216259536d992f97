//! The wording Nghị định 30/2020/NĐ-CP fixes for an administrative document, as text: the
//! number line, the place and date line, deadlines and targets written out in Vietnamese.
//! The layout (fonts, sizes, margins) is in [`super::docx`].

use chrono::{Datelike, NaiveDate};

use crate::model::{Target, TargetOp, TargetScope};
use crate::recurrence::Rule;

/// "12/TB-UBND": numbers below 10 take a leading zero (PL I, II.3c).
pub fn number_text(number: u32, symbol: &str) -> String {
    format!("{number:02}/{symbol}")
}

/// "Số: 12/TB-UBND".
pub fn number_line(number: u32, symbol: &str) -> String {
    format!("Số: {}", number_text(number, symbol))
}

/// "Mỹ Lộc, ngày 13 tháng 01 năm 2023": days below 10 and the months 1 and 2 take a
/// leading zero, the months 3 to 12 do not (PL I, II.4).
pub fn place_and_date(place: &str, date: NaiveDate) -> String {
    let month = if date.month() <= 2 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("{place}, ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// A deadline as a notice writes it: "trước ngày 28/02/2023" for a one-off task, "trước
/// ngày 20 hằng tháng" for a recurring one; `None` when the task has neither.
pub fn deadline_phrase(deadline: Option<NaiveDate>, rule: Option<Rule>) -> Option<String> {
    if let Some(rule) = rule {
        return Some(match rule {
            Rule::Daily => "hằng ngày".into(),
            Rule::Weekly(None) => "trước thứ Sáu hằng tuần".into(),
            Rule::Weekly(Some(day)) => format!("trước {} hằng tuần", crate::recurrence::weekday_name(day)),
            Rule::Monthly(None) => "trước ngày cuối cùng hằng tháng".into(),
            Rule::Monthly(Some(d)) => format!("trước ngày {d} hằng tháng"),
            Rule::Quarterly => "trước ngày cuối cùng của mỗi quý".into(),
            Rule::Semiannual => "trước ngày 30/6 và ngày 31/12 hằng năm".into(),
            Rule::Yearly(None) => "trước ngày 31/12 hằng năm".into(),
            Rule::Yearly(Some((m, d))) => format!("trước ngày {d:02}/{m:02} hằng năm"),
        });
    }
    deadline.map(|d| format!("trước ngày {}", d.format("%d/%m/%Y")))
}

/// A number as Vietnamese text writes it: a decimal comma, no needless zeros ("60",
/// "64,24", "0,5").
pub fn number(value: f64) -> String {
    let text = format!("{:.2}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

/// A numeric target in words: "tỷ lệ hồ sơ được số hóa trên 60%", "ít nhất 1 sáng kiến
/// (mỗi đơn vị)".
pub fn target_phrase(t: &Target) -> String {
    let value = match t.unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some("%") => format!("{}%", number(t.value)),
        Some(unit) => format!("{} {unit}", number(t.value)),
        None => number(t.value),
    };
    let measured = match t.op {
        TargetOp::Gt => format!("trên {value}"),
        TargetOp::Ge => format!("từ {value} trở lên"),
        TargetOp::Eq => format!("đạt {value}"),
        TargetOp::Le => format!("không quá {value}"),
        TargetOp::Lt => format!("dưới {value}"),
    };
    let metric = lower_first(t.metric.trim());
    let scope = match t.scope {
        TargetScope::Each => " (mỗi đơn vị)",
        TargetScope::Total => "",
    };
    if metric.is_empty() {
        format!("{measured}{scope}")
    } else {
        format!("{metric} {measured}{scope}")
    }
}

/// The text with its first letter in lower case, unless the first word is an
/// abbreviation ("UBND", "CCHC") or a name the secretary capitalised on purpose: only a
/// word whose other letters are all lower case is lowered.
pub fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let rest_lower = first_word.chars().skip(1).all(|c| !c.is_uppercase());
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if rest_lower && first_word.chars().count() > 1 => c.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// Ends a sentence with one full stop (or keeps its own ".", "!", "?", ";" → ".").
pub fn sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches([';', ',', ':']);
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::time::parse_iso_day(s).unwrap()
    }

    #[test]
    fn place_and_date_put_zeros_where_the_decree_says() {
        assert_eq!(place_and_date("Mỹ Lộc", day("2023-01-13")), "Mỹ Lộc, ngày 13 tháng 01 năm 2023");
        assert_eq!(place_and_date("Mỹ Lộc", day("2023-02-05")), "Mỹ Lộc, ngày 05 tháng 02 năm 2023");
        assert_eq!(place_and_date("Mỹ Lộc", day("2023-03-09")), "Mỹ Lộc, ngày 09 tháng 3 năm 2023");
        assert_eq!(place_and_date("Mỹ Lộc", day("2023-12-31")), "Mỹ Lộc, ngày 31 tháng 12 năm 2023");
    }

    #[test]
    fn numbers_below_ten_take_a_zero() {
        assert_eq!(number_line(5, "TB-UBND"), "Số: 05/TB-UBND");
        assert_eq!(number_line(12, "TB-UBND"), "Số: 12/TB-UBND");
        assert_eq!(number_text(112, "TB-VP"), "112/TB-VP");
    }

    #[test]
    fn deadlines_in_words() {
        assert_eq!(deadline_phrase(Some(day("2023-02-28")), None).unwrap(), "trước ngày 28/02/2023");
        assert_eq!(deadline_phrase(Some(day("2023-02-28")), Some(Rule::Monthly(Some(20)))).unwrap(), "trước ngày 20 hằng tháng");
        assert_eq!(deadline_phrase(None, Some(Rule::Yearly(Some((3, 31))))).unwrap(), "trước ngày 31/03 hằng năm");
        assert_eq!(deadline_phrase(None, None), None);
    }

    #[test]
    fn targets_in_words() {
        let t =
            Target { metric: "Tỷ lệ hồ sơ được số hóa".into(), op: TargetOp::Gt, value: 60.0, unit: Some("%".into()), scope: TargetScope::Each };
        assert_eq!(target_phrase(&t), "tỷ lệ hồ sơ được số hóa trên 60% (mỗi đơn vị)");
        let t = Target { metric: "Sáng kiến".into(), op: TargetOp::Ge, value: 1.0, unit: Some("sáng kiến".into()), scope: TargetScope::Total };
        assert_eq!(target_phrase(&t), "sáng kiến từ 1 sáng kiến trở lên");
        assert_eq!(number(64.24), "64,24");
        assert_eq!(number(0.5), "0,5");
        assert_eq!(lower_first("CCHC cấp xã"), "CCHC cấp xã");
        assert_eq!(lower_first("Tỷ lệ"), "tỷ lệ");
    }
}
