//! Calendar arithmetic for deadlines: month and quarter ends, next occurrences, and
//! working days (RULES D8: Monday to Friday, minus official holidays, plus make-up
//! Saturdays).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// Official days off that fall on weekdays, as (year, month, day).
///
/// 2023 is taken from RULES.md D8 (2/1; Tết 20–26/1; 29/4–3/5; 1–4/9). The other years
/// are the Government's announced schedules as far as we know them; check them against
/// the year's official notice before relying on a working-day count that spans a holiday.
const HOLIDAYS: &[(i32, u32, u32)] = &[
    // 2022: 1/1 (Sat) → Mon 3/1; Tết 29/1–6/2; Giỗ Tổ 10/4 (Sun) → Mon 11/4; 30/4–3/5; 1–2/9.
    (2022, 1, 3),
    (2022, 1, 31),
    (2022, 2, 1),
    (2022, 2, 2),
    (2022, 2, 3),
    (2022, 2, 4),
    (2022, 4, 11),
    (2022, 5, 2),
    (2022, 5, 3),
    (2022, 9, 1),
    (2022, 9, 2),
    // 2023 (RULES D8).
    (2023, 1, 2),
    (2023, 1, 20),
    (2023, 1, 23),
    (2023, 1, 24),
    (2023, 1, 25),
    (2023, 1, 26),
    (2023, 5, 1),
    (2023, 5, 2),
    (2023, 5, 3),
    (2023, 9, 1),
    (2023, 9, 4),
    // 2024: 1/1; Tết 8–14/2; Giỗ Tổ 18/4; 27/4–1/5 (Mon 29/4 swapped); 31/8–3/9.
    (2024, 1, 1),
    (2024, 2, 8),
    (2024, 2, 9),
    (2024, 2, 12),
    (2024, 2, 13),
    (2024, 2, 14),
    (2024, 4, 18),
    (2024, 4, 29),
    (2024, 4, 30),
    (2024, 5, 1),
    (2024, 9, 2),
    (2024, 9, 3),
    // 2025: 1/1; Tết 25/1–2/2; Giỗ Tổ 7/4; 30/4–4/5 (Fri 2/5 swapped); 30/8–2/9.
    (2025, 1, 1),
    (2025, 1, 27),
    (2025, 1, 28),
    (2025, 1, 29),
    (2025, 1, 30),
    (2025, 1, 31),
    (2025, 4, 7),
    (2025, 4, 30),
    (2025, 5, 1),
    (2025, 5, 2),
    (2025, 9, 1),
    (2025, 9, 2),
];

/// Saturdays worked in exchange for a bridged day off.
const MAKE_UP_SATURDAYS: &[(i32, u32, u32)] = &[(2023, 5, 6), (2024, 5, 4), (2025, 4, 26)];

fn listed(list: &[(i32, u32, u32)], d: NaiveDate) -> bool {
    list.contains(&(d.year(), d.month(), d.day()))
}

/// Whether `d` is a working day in a state office.
pub(crate) fn is_working_day(d: NaiveDate) -> bool {
    if listed(MAKE_UP_SATURDAYS, d) {
        return true;
    }
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !listed(HOLIDAYS, d)
}

/// The `n`-th working day after `from` (`from` itself is not counted).
pub(crate) fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d = d + Days::new(1);
        if is_working_day(d) {
            left -= 1;
        }
    }
    d
}

/// The last day of month `m` of year `y`.
pub(crate) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?.checked_add_months(Months::new(1))?.pred_opt()
}

/// The last day of quarter `q` (1–4) of year `y`.
pub(crate) fn quarter_end(y: i32, q: u32) -> Option<NaiveDate> {
    if !(1..=4).contains(&q) {
        return None;
    }
    month_end(y, q * 3)
}

/// The last day of the month before month `m` of year `y` (`trước tháng M/Y`).
pub(crate) fn before_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// `f(year)` for the meeting's year, or the next year if that falls before the meeting
/// (RULES D3: a date without a year is its first occurrence on or after the meeting).
pub(crate) fn next_occurrence(meeting: NaiveDate, f: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let y = meeting.year();
    match f(y) {
        Some(d) if d >= meeting => Some(d),
        _ => f(y + 1),
    }
}

/// `meeting + days`.
pub(crate) fn plus_days(meeting: NaiveDate, days: u64) -> Option<NaiveDate> {
    meeting.checked_add_days(Days::new(days))
}

/// `meeting + months` (clamped to the month's end).
pub(crate) fn plus_months(meeting: NaiveDate, months: u32) -> Option<NaiveDate> {
    meeting.checked_add_months(Months::new(months))
}
