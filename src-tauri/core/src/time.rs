//! Dates and instants. Deadlines are calendar dates in the office's time zone
//! (Asia/Ho_Chi_Minh); instants are stored in UTC as RFC 3339 text.
//!
//! Viet Nam has kept UTC+07:00 without daylight saving since 1975, so a fixed offset is
//! exact for every date this app can meet and spares us a time-zone database.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::error::{CoreError, Result};

/// The office's UTC offset (Asia/Ho_Chi_Minh).
pub fn office_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// The calendar date in the office at instant `at`.
pub fn office_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&office_offset()).date_naive()
}

/// Parses a date typed by a user: `dd/mm/yyyy` (as the office writes it, also `d/m/yyyy`
/// and `dd-mm-yyyy`) or ISO `yyyy-mm-dd`.
pub fn parse_date(field: &'static str, input: &str) -> Result<NaiveDate> {
    let s = input.trim();
    let parsed = if s.len() == 10 && s.as_bytes()[4] == b'-' {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else {
        let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 => match (d.parse(), m.parse(), y.parse()) {
                (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            },
            _ => None,
        }
    };
    let date = parsed.ok_or_else(|| CoreError::invalid(field, format!("Ngày “{s}” không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 28/02/2023.")))?;
    in_window(field, date)
}

/// First year a typed date may fall in.
pub const FIRST_YEAR: i32 = 1900;
/// Last year a typed date may fall in.
pub const LAST_YEAR: i32 = 2100;

/// Refuses a date outside [`FIRST_YEAR`]..=[`LAST_YEAR`]. Every date this office writes
/// (conferences, deadlines, completions) lies well inside it; a year 0001 or 9999 is a
/// slip of the keyboard that would otherwise sort first or last in every list and make a
/// part "done" centuries before it was given. The window is wide enough never to refuse
/// a real date, and a four-digit year keeps every stored date in one text order.
pub fn in_window(field: &'static str, date: NaiveDate) -> Result<NaiveDate> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Ok(date);
    }
    Err(CoreError::invalid(
        field,
        format!("Ngày {} nằm ngoài khoảng cho phép (năm {FIRST_YEAR} đến năm {LAST_YEAR}); hãy kiểm tra lại năm.", format_date(date)),
    ))
}

/// Parses a local office date-time typed by a user (`dd/mm/yyyy HH:MM`, `dd/mm/yyyy`
/// meaning 00:00, or ISO `yyyy-mm-ddTHH:MM[:SS]`) and returns the UTC instant.
pub fn parse_local_datetime(field: &'static str, input: &str) -> Result<DateTime<Utc>> {
    let s = input.trim();
    let bad = || CoreError::invalid(field, format!("Thời gian “{s}” không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 06/02/2023 08:00."));
    let naive = if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        n
    } else if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        n
    } else {
        let (date_part, time_part) = match s.split_once(' ') {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let date = parse_date(field, date_part).map_err(|_| bad())?;
        let time = match time_part {
            None => NaiveTime::MIN,
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
                .or_else(|_| NaiveTime::parse_from_str(t, "%Hh%M"))
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                .map_err(|_| bad())?,
        };
        date.and_time(time)
    };
    in_window(field, naive.date())?;
    let local = office_offset().from_local_datetime(&naive).single().ok_or_else(bad)?;
    Ok(local.with_timezone(&Utc))
}

/// Formats a date as the office writes it: dd/mm/yyyy.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Formats a UTC instant as office local time, `dd/mm/yyyy HH:MM`.
pub fn format_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&office_offset()).format("%d/%m/%Y %H:%M").to_string()
}

/// Storage form of an instant: RFC 3339 in UTC with a `Z`, so text order equals time order.
pub fn to_stored(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an instant in storage form.
pub fn from_stored(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| CoreError::invalid("instant", format!("Thời điểm lưu trữ “{s}” không hợp lệ: {e}")))
}

#[cfg(test)]
pub(crate) mod tests {
    /// A date as the unit tests write it, YYYY-MM-DD.
    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    use super::*;

    #[test]
    fn parses_office_dates() {
        let want = NaiveDate::from_ymd_opt(2023, 2, 28).unwrap();
        for input in ["28/02/2023", "28/2/2023", "2023-02-28", " 28-02-2023 ", "28.02.2023"] {
            assert_eq!(parse_date("deadline", input).unwrap(), want, "input {input:?}");
        }
        for bad in ["30/02/2023", "", "28/02/23", "hôm nay", "2023-13-01", "01/01/0001", "0001-01-01", "31/12/1899", "01/01/2101"] {
            let err = parse_date("deadline", bad).unwrap_err();
            assert_eq!(err.code(), "validation", "input {bad:?}");
            assert!(err.to_string().contains("không hợp lệ") || err.to_string().contains("ngoài khoảng cho phép"), "Vietnamese message for {bad:?}");
        }
        assert_eq!(
            parse_date("completedOn", "01/01/0001").unwrap_err().to_string(),
            "Ngày 01/01/0001 nằm ngoài khoảng cho phép (năm 1900 đến năm 2100); hãy kiểm tra lại năm."
        );
        for edge in ["01/01/1900", "31/12/2100"] {
            assert!(parse_date("deadline", edge).is_ok(), "{edge} is inside the window");
        }
    }

    #[test]
    fn local_times_are_stored_in_utc() {
        let at = parse_local_datetime("starts_at", "06/02/2023 08:00").unwrap();
        assert_eq!(to_stored(at), "2023-02-06T01:00:00Z");
        assert_eq!(format_local(at), "06/02/2023 08:00");
        assert_eq!(parse_local_datetime("starts_at", "2023-02-06T08:00").unwrap(), at);
        // Just after midnight in Hà Nội is still the previous day in UTC.
        let early = parse_local_datetime("x", "01/03/2023 00:30").unwrap();
        assert_eq!(office_date(early), NaiveDate::from_ymd_opt(2023, 3, 1).unwrap());
        assert!(parse_local_datetime("x", "06/02/2023 25:00").is_err());
        assert!(parse_local_datetime("x", "0001-02-06T08:00").unwrap_err().to_string().contains("ngoài khoảng cho phép"));
    }
}

/// Reads a stored 'YYYY-MM-DD' date quickly (the overview classifies tens of thousands of
/// them per view); `None` for anything else.
pub fn parse_iso_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))) };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod fast_parse_tests {
    use super::*;

    #[test]
    fn iso_days() {
        assert_eq!(parse_iso_day("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in ["2023-02-29", "2023-2-28", "2023/02/28", "abcd-ef-gh", "", "2023-02-280"] {
            assert_eq!(parse_iso_day(bad), None, "{bad:?}");
        }
    }
}
