//! Recurring tasks: rule codes, their periods, and which period assignments should exist.
//!
//! A period is created when it begins, keyed so it is never created twice, and never
//! because a unit finished: a late unit must not spawn an already-overdue copy.
//! Nothing here reads the clock; callers pass every date in.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;
use std::fmt;

/// Upper bound on what [`periods_to_create`] returns, guarding against absurd inputs.
pub const MAX_PERIODS: usize = 400;

/// How often a task recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Every day, due the same day (`daily`).
    Daily,
    /// Every ISO week, due on the given weekday or Friday (`weekly`, `weekly:fri`).
    Weekly(Option<Weekday>),
    /// Every month, due on the given day (clamped to the month's end) or the last day.
    Monthly(Option<u32>),
    /// Every quarter, due on its last day (`quarterly`).
    Quarterly,
    /// Every half year, due 30/06 or 31/12 (`semiannual`).
    Semiannual,
    /// Every year, due on the given (month, day) or 31/12 (`yearly`, `yearly:03-31`).
    Yearly(Option<(u32, u32)>),
}

/// One occurrence of a rule: the unit gets one assignment per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// Stable identity, e.g. `2023-03`, `2023-W09`, `2023-Q2`, `2023-H1`.
    pub key: String,
    /// First day of the period.
    pub starts: NaiveDate,
    /// Deadline of the period's assignment.
    pub due: NaiveDate,
}

/// A rule code that could not be understood; the message is Vietnamese, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceError(
    /// Human-readable explanation.
    pub String,
);

impl fmt::Display for RecurrenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecurrenceError {}

const WEEKDAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "thứ Hai"),
    (Weekday::Tue, "tue", "thứ Ba"),
    (Weekday::Wed, "wed", "thứ Tư"),
    (Weekday::Thu, "thu", "thứ Năm"),
    (Weekday::Fri, "fri", "thứ Sáu"),
    (Weekday::Sat, "sat", "thứ Bảy"),
    (Weekday::Sun, "sun", "Chủ nhật"),
];

/// The weekday's Vietnamese name ("thứ Sáu"), as labels and notices write it.
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize].2
}

impl Rule {
    /// Parses a rule code such as `monthly:20`; surrounding spaces and letter case are ignored.
    pub fn parse(code: &str) -> Result<Rule, RecurrenceError> {
        let raw = code.trim();
        let err = |reason: &str| RecurrenceError(format!("Chu kỳ lặp “{raw}” không hợp lệ: {reason}."));
        let lower = raw.to_ascii_lowercase();
        let (word, arg) = match lower.split_once(':') {
            Some((w, a)) => (w.trim(), Some(a.trim())),
            None => (lower.as_str(), None),
        };
        Ok(match (word, arg) {
            ("daily", None) => Rule::Daily,
            ("weekly", None) => Rule::Weekly(None),
            ("monthly", None) => Rule::Monthly(None),
            ("quarterly", None) => Rule::Quarterly,
            ("semiannual", None) => Rule::Semiannual,
            ("yearly", None) => Rule::Yearly(None),
            ("daily" | "quarterly" | "semiannual", Some(_)) => {
                return Err(err(&format!("chu kỳ “{word}” không nhận tham số")));
            }
            ("weekly", Some(a)) => match WEEKDAYS.iter().find(|w| w.1 == a) {
                Some(w) => Rule::Weekly(Some(w.0)),
                None => return Err(err("thứ trong tuần phải là mon, tue, wed, thu, fri, sat hoặc sun")),
            },
            ("monthly", Some(a)) => match number(a) {
                Some(d) if (1..=31).contains(&d) => Rule::Monthly(Some(d)),
                _ => return Err(err("ngày trong tháng phải từ 1 đến 31")),
            },
            ("yearly", Some(a)) => match month_day(a) {
                Some(md) => Rule::Yearly(Some(md)),
                None => return Err(err("ngày trong năm phải có dạng MM-DD và là ngày có thật, ví dụ 03-31")),
            },
            _ => return Err(err("không rõ loại chu kỳ (daily, weekly, monthly, quarterly, semiannual, yearly)")),
        })
    }

    /// The canonical code; `Rule::parse(&rule.code())` gives back `rule`.
    pub fn code(&self) -> String {
        match *self {
            Rule::Daily => "daily".into(),
            Rule::Weekly(None) => "weekly".into(),
            Rule::Weekly(Some(day)) => format!("weekly:{}", WEEKDAYS[day.num_days_from_monday() as usize].1),
            Rule::Monthly(None) => "monthly".into(),
            Rule::Monthly(Some(d)) => format!("monthly:{d}"),
            Rule::Quarterly => "quarterly".into(),
            Rule::Semiannual => "semiannual".into(),
            Rule::Yearly(None) => "yearly".into(),
            Rule::Yearly(Some((m, d))) => format!("yearly:{m:02}-{d:02}"),
        }
    }

    /// Vietnamese description for the interface, e.g. "Hằng tháng, trước ngày 20".
    pub fn label(&self) -> String {
        match *self {
            Rule::Daily => "Hằng ngày".into(),
            Rule::Weekly(None) => "Hằng tuần".into(),
            Rule::Weekly(Some(day)) => format!("Hằng tuần, {}", WEEKDAYS[day.num_days_from_monday() as usize].2),
            Rule::Monthly(None) => "Hằng tháng".into(),
            Rule::Monthly(Some(d)) => format!("Hằng tháng, trước ngày {d}"),
            Rule::Quarterly => "Hằng quý".into(),
            Rule::Semiannual => "6 tháng một lần".into(),
            Rule::Yearly(None) => "Hằng năm".into(),
            Rule::Yearly(Some((m, d))) => format!("Hằng năm, trước ngày {d:02}/{m:02}"),
        }
    }
}

/// A rule crosses JSON as its code (`"monthly:20"`), the form the window, the CLI and the
/// reader's corpus have always used.
impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let code = String::deserialize(d)?;
        Rule::parse(&code).map_err(serde::de::Error::custom)
    }
}

/// Digits only, so that signs or stray characters are rejected rather than tolerated.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d) = (number(m)?, number(d)?);
    // Checked against a leap year so that 02-29 is accepted; non-leap years clamp it later.
    ((1..=12).contains(&m) && (1..=days_in_month(2000, m)).contains(&d)).then_some((m, d))
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Clamps the day so month-end rules (31 in April, 29/02 in 2023) land on the last day.
fn clamped(y: i32, m: u32, d: u32) -> NaiveDate {
    // Clamping the month too keeps a hand-built `Yearly(Some((13, 1)))` from panicking; the year
    // always comes from an existing NaiveDate, so what remains cannot fail.
    let m = m.clamp(1, 12);
    NaiveDate::from_ymd_opt(y, m, d.clamp(1, days_in_month(y, m))).expect("valid calendar date")
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Length in months of the rules that follow calendar months (meaningless for days and weeks).
fn months(rule: Rule) -> u32 {
    match rule {
        Rule::Monthly(_) => 1,
        Rule::Quarterly => 3,
        Rule::Semiannual => 6,
        _ => 12,
    }
}

fn period_start(rule: Rule, date: NaiveDate) -> NaiveDate {
    match rule {
        Rule::Daily => date,
        Rule::Weekly(_) => {
            let back = Days::new(date.weekday().num_days_from_monday().into());
            date.checked_sub_days(back).unwrap_or(NaiveDate::MIN)
        }
        _ => clamped(date.year(), (date.month() - 1) / months(rule) * months(rule) + 1, 1),
    }
}

/// The period (of `rule`) that contains `date`.
pub fn period_containing(rule: Rule, date: NaiveDate) -> Period {
    let starts = period_start(rule, date);
    let (y, m) = (starts.year(), starts.month());
    let (key, due) = match rule {
        Rule::Daily => (format!("{y:04}-{m:02}-{:02}", starts.day()), starts),
        Rule::Weekly(day) => {
            // The ISO year, not the calendar year: 2021-01-01 belongs to 2020-W53.
            let week = starts.iso_week();
            let offset = day.unwrap_or(Weekday::Fri).num_days_from_monday();
            (format!("{:04}-W{:02}", week.year(), week.week()), add_days(starts, offset.into()))
        }
        Rule::Monthly(day) => (format!("{y:04}-{m:02}"), clamped(y, m, day.unwrap_or(31))),
        Rule::Quarterly => (format!("{y:04}-Q{}", (m - 1) / 3 + 1), clamped(y, m + 2, 31)),
        Rule::Semiannual => (format!("{y:04}-H{}", (m - 1) / 6 + 1), clamped(y, m + 5, 31)),
        Rule::Yearly(md) => (format!("{y:04}"), md.map_or(clamped(y, 12, 31), |(dm, dd)| clamped(y, dm, dd))),
    };
    Period { key, starts, due }
}

/// The period right after `p`. At the very end of chrono's calendar it returns `p` unchanged.
pub fn next_period(rule: Rule, p: &Period) -> Period {
    // Recomputed from the date rather than trusting `p`, so a period built by hand still steps.
    let starts = period_start(rule, p.starts);
    let next = match rule {
        Rule::Daily => starts.checked_add_days(Days::new(1)),
        Rule::Weekly(_) => starts.checked_add_days(Days::new(7)),
        _ => starts.checked_add_months(Months::new(months(rule))),
    };
    match next {
        Some(d) => period_containing(rule, d),
        None => p.clone(),
    }
}

/// The earliest period whose due date is on or after `start`.
pub fn first_period(rule: Rule, start: NaiveDate) -> Period {
    let p = period_containing(rule, start);
    if p.due < start {
        next_period(rule, &p)
    } else {
        p
    }
}

/// Every period that should have an assignment by `today`, oldest first, at most [`MAX_PERIODS`]
/// (the earliest ones).
///
/// The first period counts as begun on `start`, not on its own first day, so a new task gets
/// its first assignment at once even if that period lies in the future, and it is kept unless
/// the task was stopped before `start`. Later periods need `starts <= today` and
/// `starts <= stopped_on`.
pub fn periods_to_create(rule: Rule, start: NaiveDate, stopped_on: Option<NaiveDate>, today: NaiveDate) -> Vec<Period> {
    let stop = stopped_on.unwrap_or(NaiveDate::MAX);
    let mut out: Vec<Period> = Vec::new();
    if stop < start {
        return out;
    }
    let mut p = first_period(rule, start);
    while out.len() < MAX_PERIODS {
        let next = next_period(rule, &p);
        // next_period saturates at chrono's last date; without this the loop would repeat it.
        let at_end = next.key == p.key;
        out.push(p);
        if at_end || next.starts > today || next.starts > stop {
            break;
        }
        p = next;
    }
    out
}

/// The period of `rule` whose key is `key` (as stored on a part), or `None` when the key is
/// not one of that rule's keys.
pub fn period_by_key(rule: Rule, key: &str) -> Option<Period> {
    let p = period_containing(rule, key_date(key)?);
    (p.key == key).then_some(p)
}

/// A day inside the period a key names, read from the key's shape alone: `2023-03-05`,
/// `2023-W09`, `2023-03`, `2023-Q2`, `2023-H1`, `2023`.
fn key_date(key: &str) -> Option<NaiveDate> {
    let (year, rest) = match key.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (key, None),
    };
    let y: i32 = number(year)?.try_into().ok()?;
    match rest {
        None => NaiveDate::from_ymd_opt(y, 1, 1),
        Some(r) if r.starts_with('W') => NaiveDate::from_isoywd_opt(y, number(&r[1..])?, Weekday::Mon),
        Some(r) if r.starts_with('Q') => NaiveDate::from_ymd_opt(y, (number(&r[1..]).filter(|q| (1..=4).contains(q))? - 1) * 3 + 1, 1),
        Some(r) if r.starts_with('H') => NaiveDate::from_ymd_opt(y, (number(&r[1..]).filter(|h| (1..=2).contains(h))? - 1) * 6 + 1, 1),
        Some(r) => match r.split_once('-') {
            Some((m, d)) => NaiveDate::from_ymd_opt(y, number(m)?, number(d)?),
            None => NaiveDate::from_ymd_opt(y, number(r)?, 1),
        },
    }
}

/// How the office names a period: "Tháng 03/2023", "Quý II/2023", "6 tháng đầu năm 2023",
/// "Năm 2023", "Tuần 09/2023", "Ngày 05/03/2023". A key of no known shape is returned as it
/// is (never an empty label).
pub fn period_label(key: &str) -> String {
    let Some(date) = key_date(key) else { return key.to_string() };
    let y = date.year();
    match key.len() {
        4 => format!("Năm {y}"),
        7 if key.as_bytes()[5] == b'Q' => {
            let roman = ["I", "II", "III", "IV"][(date.month() as usize - 1) / 3];
            format!("Quý {roman}/{y}")
        }
        7 if key.as_bytes()[5] == b'H' => {
            if date.month() <= 6 {
                format!("6 tháng đầu năm {y}")
            } else {
                format!("6 tháng cuối năm {y}")
            }
        }
        7 => format!("Tháng {:02}/{y}", date.month()),
        8 => format!("Tuần {}/{y}", &key[6..]),
        _ => format!("Ngày {}", date.format("%d/%m/%Y")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::time::tests::d;

    fn rule(code: &str) -> Rule {
        Rule::parse(code).unwrap()
    }

    #[test]
    fn parse_code_and_label() {
        let cases = [
            ("daily", Rule::Daily, "Hằng ngày"),
            ("weekly", Rule::Weekly(None), "Hằng tuần"),
            ("weekly:fri", Rule::Weekly(Some(Weekday::Fri)), "Hằng tuần, thứ Sáu"),
            ("weekly:sun", Rule::Weekly(Some(Weekday::Sun)), "Hằng tuần, Chủ nhật"),
            ("monthly", Rule::Monthly(None), "Hằng tháng"),
            ("monthly:20", Rule::Monthly(Some(20)), "Hằng tháng, trước ngày 20"),
            ("quarterly", Rule::Quarterly, "Hằng quý"),
            ("semiannual", Rule::Semiannual, "6 tháng một lần"),
            ("yearly", Rule::Yearly(None), "Hằng năm"),
            ("yearly:03-31", Rule::Yearly(Some((3, 31))), "Hằng năm, trước ngày 31/03"),
            ("yearly:02-29", Rule::Yearly(Some((2, 29))), "Hằng năm, trước ngày 29/02"),
        ];
        for (code, expected, label) in cases {
            assert_eq!(rule(code), expected, "{code}");
            assert_eq!(expected.code(), code);
            assert_eq!(expected.label(), label);
            assert_eq!(rule(&code.to_uppercase()), expected);
            assert_eq!(rule(&format!("  {code}\t")), expected);
        }
        for (day, short, _) in WEEKDAYS {
            assert_eq!(rule(&Rule::Weekly(Some(day)).code()), Rule::Weekly(Some(day)), "{short}");
        }
        for n in 1..=31 {
            assert_eq!(rule(&Rule::Monthly(Some(n)).code()), Rule::Monthly(Some(n)));
        }
        assert_eq!(rule("Monthly: 5"), Rule::Monthly(Some(5)));
    }

    #[test]
    fn rejects_bad_codes() {
        let cases = [
            ("monthly:0", "ngày trong tháng phải từ 1 đến 31"),
            ("monthly:32", "ngày trong tháng phải từ 1 đến 31"),
            ("monthly:-1", "ngày trong tháng"),
            ("monthly:", "ngày trong tháng"),
            ("monthly:99999999999", "ngày trong tháng"),
            ("yearly:02-30", "MM-DD"),
            ("yearly:13-01", "MM-DD"),
            ("yearly:04-31", "MM-DD"),
            ("yearly:0331", "MM-DD"),
            ("weekly:friday", "thứ trong tuần"),
            ("quarterly:2", "không nhận tham số"),
            ("fortnightly", "không rõ loại chu kỳ"),
            ("", "không rõ loại chu kỳ"),
        ];
        for (code, reason) in cases {
            let msg = Rule::parse(code).unwrap_err().to_string();
            assert!(msg.starts_with(&format!("Chu kỳ lặp “{}” không hợp lệ: ", code.trim())), "{msg}");
            assert!(msg.contains(reason), "{code}: {msg}");
        }
        let exact = "Chu kỳ lặp “monthly:32” không hợp lệ: ngày trong tháng phải từ 1 đến 31.";
        assert_eq!(Rule::parse(" monthly:32 ").unwrap_err().to_string(), exact);
    }

    #[test]
    fn keys_starts_and_dues() {
        let cases = [
            ("daily", "2023-03-05", "2023-03-05", "2023-03-05", "2023-03-05"),
            ("weekly", "2023-03-01", "2023-W09", "2023-02-27", "2023-03-03"),
            ("weekly:mon", "2023-03-05", "2023-W09", "2023-02-27", "2023-02-27"),
            ("weekly:sun", "2023-02-27", "2023-W09", "2023-02-27", "2023-03-05"),
            ("weekly", "2021-01-01", "2020-W53", "2020-12-28", "2021-01-01"),
            ("weekly", "2024-12-31", "2025-W01", "2024-12-30", "2025-01-03"),
            ("monthly", "2024-02-10", "2024-02", "2024-02-01", "2024-02-29"),
            ("monthly:20", "2023-03-25", "2023-03", "2023-03-01", "2023-03-20"),
            ("monthly:31", "2023-04-15", "2023-04", "2023-04-01", "2023-04-30"),
            ("monthly:31", "2023-02-15", "2023-02", "2023-02-01", "2023-02-28"),
            ("monthly:30", "2024-02-15", "2024-02", "2024-02-01", "2024-02-29"),
            ("quarterly", "2023-05-17", "2023-Q2", "2023-04-01", "2023-06-30"),
            ("quarterly", "2023-01-01", "2023-Q1", "2023-01-01", "2023-03-31"),
            ("quarterly", "2023-12-31", "2023-Q4", "2023-10-01", "2023-12-31"),
            ("semiannual", "2023-06-30", "2023-H1", "2023-01-01", "2023-06-30"),
            ("semiannual", "2023-07-01", "2023-H2", "2023-07-01", "2023-12-31"),
            ("yearly", "2023-08-08", "2023", "2023-01-01", "2023-12-31"),
            ("yearly:02-29", "2023-01-10", "2023", "2023-01-01", "2023-02-28"),
            ("yearly:02-29", "2024-01-10", "2024", "2024-01-01", "2024-02-29"),
            ("yearly:03-31", "1900-05-05", "1900", "1900-01-01", "1900-03-31"),
        ];
        for (code, date, key, starts, due) in cases {
            let p = period_containing(rule(code), d(date));
            assert_eq!((p.key.as_str(), p.starts, p.due), (key, d(starts), d(due)), "{code} {date}");
        }
    }

    #[test]
    fn first_period_rolls_only_after_due() {
        let cases = [
            ("monthly:20", "2023-03-25", "2023-04", "2023-04-20"),
            ("monthly:20", "2023-03-20", "2023-03", "2023-03-20"),
            ("monthly:20", "2023-03-01", "2023-03", "2023-03-20"),
            ("weekly:wed", "2023-03-02", "2023-W10", "2023-03-08"),
            ("yearly:03-31", "2023-04-01", "2024", "2024-03-31"),
            ("quarterly", "2023-06-30", "2023-Q2", "2023-06-30"),
            ("daily", "2023-03-05", "2023-03-05", "2023-03-05"),
        ];
        for (code, start, key, due) in cases {
            let p = first_period(rule(code), d(start));
            assert_eq!((p.key.as_str(), p.due), (key, d(due)), "{code} {start}");
        }
    }

    #[test]
    fn periods_to_create_cases() {
        let m20 = rule("monthly:20");
        let start = d("2023-03-25");
        let cases: [(Option<&str>, &str, &[&str]); 6] = [
            (None, "2023-03-25", &["2023-04"]),
            (None, "2023-04-05", &["2023-04"]),
            (None, "2023-05-01", &["2023-04", "2023-05"]),
            (Some("2023-04-15"), "2023-06-01", &["2023-04"]),
            (Some("2023-05-01"), "2023-06-01", &["2023-04", "2023-05"]),
            (Some("2023-03-24"), "2023-06-01", &[]),
        ];
        for (stop, today, expected) in cases {
            let ps = periods_to_create(m20, start, stop.map(d), d(today));
            assert_eq!(ps.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), expected, "stop {stop:?} today {today}");
        }
        let capped = periods_to_create(Rule::Daily, d("1900-01-01"), None, d("2200-12-31"));
        assert_eq!(capped.len(), MAX_PERIODS);
        assert_eq!(capped[0].key, "1900-01-01");
    }

    #[test]
    fn periods_are_ordered_unique_and_total() {
        let codes = ["daily", "weekly", "weekly:sun", "monthly:31", "quarterly", "semiannual", "yearly:02-29"];
        for code in codes {
            let r = rule(code);
            let ps = periods_to_create(r, d("2019-12-15"), None, d("2026-01-10"));
            let mut seen = std::collections::HashSet::new();
            assert!(ps.iter().all(|p| seen.insert(p.key.clone())), "{code}");
            for w in ps.windows(2) {
                assert!(w[0].starts < w[1].starts && w[0].due < w[1].due && w[0].key < w[1].key, "{code}");
                assert_eq!(next_period(r, &w[0]), w[1], "{code}");
            }
            let mut date = d("1900-01-01");
            while date <= d("2200-12-31") {
                let p = period_containing(r, date);
                assert!(p.starts <= date && date <= next_period(r, &p).starts.pred_opt().unwrap(), "{code} {date}");
                assert!(p.starts <= p.due && first_period(r, date).due >= date, "{code} {date}");
                date = add_days(date, 1);
            }
        }
        assert_eq!(period_containing(Rule::Yearly(Some((13, 40))), d("2023-05-05")).due, d("2023-12-31"));
        let last = period_containing(Rule::Daily, NaiveDate::MAX);
        assert_eq!(next_period(Rule::Daily, &last), last);
    }

    #[test]
    fn periods_found_again_by_key_and_named_in_vietnamese() {
        let cases = [
            ("daily", "2023-03-05", "Ngày 05/03/2023"),
            ("weekly", "2023-W09", "Tuần 09/2023"),
            ("weekly", "2020-W53", "Tuần 53/2020"),
            ("monthly:20", "2023-03", "Tháng 03/2023"),
            ("quarterly", "2023-Q2", "Quý II/2023"),
            ("quarterly", "2023-Q4", "Quý IV/2023"),
            ("semiannual", "2023-H1", "6 tháng đầu năm 2023"),
            ("semiannual", "2023-H2", "6 tháng cuối năm 2023"),
            ("yearly:03-31", "2023", "Năm 2023"),
        ];
        for (code, key, label) in cases {
            let p = period_by_key(rule(code), key).unwrap_or_else(|| panic!("{code} {key}"));
            assert_eq!(p.key, key);
            assert_eq!(period_label(key), label);
        }
        // Every period of every rule over years is found again from its key alone.
        for code in ["daily", "weekly:sun", "monthly:31", "quarterly", "semiannual", "yearly:02-29"] {
            for p in periods_to_create(rule(code), d("2019-12-15"), None, d("2024-01-10")) {
                assert_eq!(period_by_key(rule(code), &p.key), Some(p.clone()), "{code}");
            }
        }
        for (code, key) in [("monthly", "2023-13"), ("quarterly", "2023-Q5"), ("monthly", "2023-Q1"), ("weekly", "2023-03"), ("daily", "x"), ("yearly", "")] {
            assert_eq!(period_by_key(rule(code), key), None, "{code} {key}");
        }
        assert_eq!(period_label("kỳ lạ"), "kỳ lạ");
    }
}
