//! Deadline and recurrence expressions (RULES D1–D13), found on folded tokens.

use chrono::NaiveDate;

use super::calendar::{add_working_days, before_month, month_end, next_occurrence, plus_days, plus_months, quarter_end};
use super::scan::{int, Scan};

/// What a timing expression says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// A concrete deadline.
    Date(NaiveDate),
    /// A recurrence code (`monthly:20`, …).
    Every(String),
    /// Vague or event-anchored timing (`trước Tết`, `ngay khi …`): no date.
    Vague,
}

/// A timing expression at tokens `t0..t1`.
#[derive(Debug, Clone)]
pub(crate) struct Timing {
    pub t0: usize,
    pub t1: usize,
    pub when: When,
}

impl Timing {
    /// A deadline or a recurrence (not vague).
    pub fn concrete(&self) -> bool {
        !matches!(self.when, When::Vague)
    }
}

const WEEKDAYS: &[(&str, &str)] = &[
    ("thu hai", "mon"),
    ("thu 2", "mon"),
    ("thu ba", "tue"),
    ("thu 3", "tue"),
    ("thu tu", "wed"),
    ("thu 4", "wed"),
    ("thu nam", "thu"),
    ("thu 5", "thu"),
    ("thu sau", "fri"),
    ("thu 6", "fri"),
    ("thu bay", "sat"),
    ("thu 7", "sat"),
    ("chu nhat", "sun"),
];

/// Event-anchored or vague timing: no deadline, but it is the timing of its clause.
const VAGUE: &[&str] = &[
    "trong dip",
    "nhan dip",
    "vao dip",
    "truoc tet",
    "sau tet",
    "truoc khi",
    "ngay khi",
    "ngay sau khi",
    "sau khi",
    "khi co",
    "truoc mua",
    "trong mua",
    "thuong xuyen",
    "kip thoi",
    "khan truong",
    "trong thoi gian toi",
];

/// Meetings for `ngay sau hội nghị` (RULES D9).
/// Nouns a period describes rather than dates (RULES D11): `kỳ họp cuối năm 2024`,
/// `hội nghị tổng kết năm`, `báo cáo 6 tháng cuối năm`.
const LABELLED: &[&str] = &["ky hop", "hoi nghi", "tong ket", "so ket", "bao cao", "ke hoach", "du toan", "chi tieu", "nhiem vu", "chuong trinh", "ky"];

const MEETINGS: &[&str] = &["hoi nghi", "cuoc hop", "phien hop", "buoi hop", "ky hop", "buoi lam viec", "hop"];

/// A date at `t`: `d/m[/y]` (also `-` or `.`), or `d tháng m [năm y]`.
/// Returns (token after, day, month, year).
pub(crate) fn date_at(scan: &Scan, t: usize, limit: usize) -> Option<(usize, u32, u32, Option<i32>)> {
    let d = int(scan.word(t)).filter(|d| (1..=31).contains(d) && scan.word(t).len() <= 2)?;
    if t + 1 < limit && scan.word(t + 1) == "thang" && scan.tight(t + 1) {
        let m = int(scan.word(t + 2)).filter(|m| (1..=12).contains(m))?;
        if scan.phrase(t + 3, limit, "nam").is_some() {
            if let Some(y) = year(scan.word(t + 4)) {
                return Some((t + 5, d, m, Some(y)));
            }
        }
        return Some((t + 3, d, m, None));
    }
    let sep = scan.gap(t + 1);
    if t + 1 >= limit || sep.len() != 1 || !matches!(sep[0], b'/' | b'-' | b'.') {
        return None;
    }
    let m = int(scan.word(t + 1)).filter(|m| (1..=12).contains(m) && scan.word(t + 1).len() <= 2)?;
    let mut end = t + 2;
    let mut y = None;
    if end < limit && scan.gap(end) == sep {
        y = Some(year(scan.word(end))?);
        end += 1;
    }
    // "59/2019/NĐ-CP" and similar numbers are not dates.
    if end < limit && scan.gap(end) == sep {
        return None;
    }
    NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d)?;
    Some((end, d, m, y))
}

fn year(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    int(w).map(|y| y as i32).filter(|y| (1900..=2100).contains(y))
}

/// `M[/Y]` or `M năm Y` at `t`: (token after, month, year).
fn month_at(scan: &Scan, t: usize, limit: usize) -> Option<(usize, u32, Option<i32>)> {
    let m = int(scan.word(t)).filter(|m| (1..=12).contains(m) && scan.word(t).len() <= 2)?;
    if t + 1 < limit && scan.gap(t + 1) == b"/" {
        if scan.gap(t + 2) == b"/" && t + 2 < limit {
            return None; // a date, not a month
        }
        return Some((t + 2, m, Some(year(scan.word(t + 1))?)));
    }
    if scan.phrase(t + 1, limit, "nam").is_some() {
        if let Some(y) = year(scan.word(t + 2)) {
            return Some((t + 3, m, Some(y)));
        }
    }
    Some((t + 1, m, None))
}

/// `Q[/Y]` or `Q năm Y` with Q in Roman or Arabic numerals.
fn quarter_at(scan: &Scan, t: usize, limit: usize) -> Option<(usize, u32, Option<i32>)> {
    let q = match scan.word(t) {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    };
    if t + 1 < limit && scan.gap(t + 1) == b"/" {
        return Some((t + 2, q, Some(year(scan.word(t + 1))?)));
    }
    if scan.phrase(t + 1, limit, "nam").is_some() {
        if let Some(y) = year(scan.word(t + 2)) {
            return Some((t + 3, q, Some(y)));
        }
    }
    Some((t + 1, q, None))
}

/// `năm Y` / `năm nay` at `t` (the word after `năm`): (token after, year). `None` when the
/// word is something else (`năm học`, `năm qua` …).
fn year_after(scan: &Scan, t: usize, limit: usize, meeting: NaiveDate) -> Option<(usize, i32)> {
    if t < limit && scan.tight(t) {
        if let Some(y) = year(scan.word(t)) {
            return Some((t + 1, y));
        }
        if scan.word(t) == "nay" {
            return Some((t + 1, chrono::Datelike::year(&meeting)));
        }
    }
    None
}

fn resolve(meeting: NaiveDate, y: Option<i32>, f: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    match y {
        Some(y) => f(y),
        None => next_occurrence(meeting, f),
    }
}

/// A timing expression starting at token `t`.
fn timing_at(scan: &Scan, t: usize, limit: usize, meeting: NaiveDate, bare_year: bool) -> Option<(usize, When)> {
    let w = scan.word(t);
    let p = |phrase: &str| scan.phrase(t, limit, phrase);
    let date = |d: NaiveDate| When::Date(d);
    // Recurrences (D13).
    if w == "ngay" {
        if let Some(n) = int(scan.word(t + 1)).filter(|n| (1..=31).contains(n)) {
            if let Some(e) = scan.phrase(t + 2, limit, "hang thang") {
                return Some((e, When::Every(format!("monthly:{n}"))));
            }
        }
        if let Some((e, d, m, None)) = date_at(scan, t + 1, limit) {
            if let Some(e2) = scan.phrase(e, limit, "hang nam") {
                return Some((e2, When::Every(format!("yearly:{m:02}-{d:02}"))));
            }
        }
    }
    for (name, code) in WEEKDAYS {
        if let Some(e) = p(name).and_then(|e| scan.phrase(e, limit, "hang tuan")) {
            return Some((e, When::Every(format!("weekly:{code}"))));
        }
    }
    for (phrase, code) in [
        ("hang ngay", "daily"),
        ("hang tuan", "weekly"),
        ("hang thang", "monthly"),
        ("hang quy", "quarterly"),
        ("dinh ky 6 thang", "semiannual"),
        ("6 thang mot lan", "semiannual"),
        ("hang nua nam", "semiannual"),
        ("dinh ky hang nam", "yearly"),
        ("dinh ky moi nam", "yearly"),
    ] {
        if let Some(e) = p(phrase) {
            return Some((e, When::Every(code.to_string())));
        }
    }
    // D9: "ngay sau hội nghị / cuộc họp" → meeting + 7.
    if let Some(e) = p("ngay sau") {
        if let Some((_, e2)) = scan.any_phrase(e, limit, MEETINGS) {
            return Some((e2, date(plus_days(meeting, 7)?)));
        }
    }
    if let Some((_, e)) = scan.any_phrase(t, limit, VAGUE) {
        return Some((e, When::Vague));
    }
    // D1/D2: trigger + date.
    let triggers = ["truoc", "cham nhat", "muon nhat", "han chot", "den het", "den", "vao", "trong", "xong truoc"];
    if let Some((ti, mut k)) = scan.any_phrase(t, limit, &triggers) {
        for filler in ["la", "vao", "luc"] {
            if let Some(e) = scan.phrase(k, limit, filler) {
                k = e;
            }
        }
        // "trước 17 giờ (00) ngày …", "trước 17h00 ngày …"
        if int(scan.word(k)).is_some() && scan.phrase(k + 1, limit, "gio").is_some() {
            k += 2;
            if int(scan.word(k)).is_some() && scan.tight(k) {
                k += 1;
                if scan.word(k) == "phut" {
                    k += 1;
                }
            }
        } else if scan.word(k).len() >= 2 && scan.word(k).contains('h') && scan.word(k).trim_matches(|c: char| c.is_ascii_digit() || c == 'h').is_empty() {
            k += 1;
        }
        for filler in ["sang", "chieu", "toi", "ngay"] {
            if let Some(e) = scan.phrase(k, limit, filler) {
                k = e;
            }
        }
        if let Some((e, d, m, y)) = date_at(scan, k, limit) {
            if let Some(e2) = scan.phrase(e, limit, "hang nam").filter(|_| y.is_none()) {
                return Some((e2, When::Every(format!("yearly:{m:02}-{d:02}"))));
            }
            let before = triggers[ti].contains("truoc");
            let found = resolve(meeting, y, |y| if before && d == 1 { before_month(y, m) } else { NaiveDate::from_ymd_opt(y, m, d) });
            return Some((e, date(found?)));
        }
    }
    // D4/D5: months.
    for (phrase, kind) in
        [("truoc thang", 0), ("giua thang", 1), ("den het thang", 2), ("den cuoi thang", 2), ("trong thang", 2), ("cuoi thang", 2), ("het thang", 2)]
    {
        let Some(k) = p(phrase) else { continue };
        if kind == 2 && scan.phrase(k, limit, "nay").is_some() {
            return Some((k + 1, date(month_end(chrono::Datelike::year(&meeting), chrono::Datelike::month(&meeting))?)));
        }
        if let Some((e, m, y)) = month_at(scan, k, limit) {
            let found = resolve(meeting, y, |y| match kind {
                0 => before_month(y, m),
                1 => NaiveDate::from_ymd_opt(y, m, 15),
                _ => month_end(y, m),
            });
            return Some((e, date(found?)));
        }
    }
    // D4/D6: quarters.
    for (phrase, before) in [("truoc quy", true), ("den het quy", false), ("trong quy", false), ("het quy", false), ("cuoi quy", false)] {
        let Some(k) = p(phrase) else { continue };
        if let Some((e, q, y)) = quarter_at(scan, k, limit) {
            let found = resolve(meeting, y, |y| {
                if before {
                    if q == 1 {
                        month_end(y - 1, 12)
                    } else {
                        quarter_end(y, q - 1)
                    }
                } else {
                    quarter_end(y, q)
                }
            });
            return Some((e, date(found?)));
        }
    }
    // D6: half years.
    for (phrase, m) in
        [("trong 6 thang dau nam", 6), ("het 6 thang dau nam", 6), ("den het 6 thang dau nam", 6), ("giua nam", 6), ("trong 6 thang cuoi nam", 12)]
    {
        if let Some(k) = p(phrase) {
            let (e, y) = year_after(scan, k, limit, meeting).unwrap_or((k, chrono::Datelike::year(&meeting)));
            if scan.word(e) == "hoc" && e < limit {
                continue;
            }
            return Some((e, date(month_end(y, m)?)));
        }
    }
    // D7: years — unless the period names a thing (D11: `kỳ họp cuối năm 2024`).
    let named = LABELLED.iter().any(|n| scan.ends_before(t, t.saturating_sub(4), n));
    for (phrase, needs_year, before) in [
        ("truoc nam", true, true),
        ("trong nam", true, false),
        ("den het nam", false, false),
        ("den cuoi nam", false, false),
        ("het nam", false, false),
        ("cuoi nam", false, false),
    ] {
        let Some(k) = p(phrase) else { continue };
        if named && phrase == "cuoi nam" {
            continue;
        }
        match year_after(scan, k, limit, meeting) {
            Some((e, y)) => {
                let y = if before { y - 1 } else { y };
                return Some((e, date(month_end(y, 12)?)));
            }
            None if !needs_year && (k >= limit || !scan.tight(k) || !matches!(scan.word(k), "hoc" | "qua" | "truoc")) => {
                return Some((k, date(month_end(chrono::Datelike::year(&meeting), 12)?)));
            }
            None => {}
        }
    }
    // D5–D7: a bare period right after a completion verb ("hoàn thành quý II/2023").
    if let Some((_, k)) = scan.any_phrase(t, limit, &["hoan thanh", "hoan thien", "xong", "ket thuc"]) {
        if let Some(e) = scan.phrase(k, limit, "thang") {
            if let Some((e, m, Some(y))) = month_at(scan, e, limit) {
                return Some((e, date(month_end(y, m)?)));
            }
        } else if let Some(e) = scan.phrase(k, limit, "quy") {
            if let Some((e, q, Some(y))) = quarter_at(scan, e, limit) {
                return Some((e, date(quarter_end(y, q)?)));
            }
        } else if let Some((e, y)) = scan.phrase(k, limit, "nam").and_then(|e| year_after(scan, e, limit, meeting)) {
            return Some((e, date(month_end(y, 12)?)));
        }
    }
    if bare_year && w == "nam" {
        if let Some((e, y)) = year_after(scan, t + 1, limit, meeting) {
            return Some((e, date(month_end(y, 12)?)));
        }
    }
    // D8: durations from the meeting.
    let mut k = t;
    let mut anchored = false;
    if let Some(e) = p("trong") {
        k = e;
        anchored = true;
        for filler in ["vong", "thoi han", "thoi gian", "han"] {
            if let Some(e) = scan.phrase(k, limit, filler) {
                k = e;
                break;
            }
        }
    }
    if let Some(n) = int(scan.word(k)).filter(|_| k < limit) {
        let unit_at = k + 1;
        let (e, when) = if let Some(e) = scan.phrase(unit_at, limit, "ngay lam viec") {
            (e, add_working_days(meeting, n))
        } else if let Some(e) = scan.phrase(unit_at, limit, "ngay") {
            (e, plus_days(meeting, n as u64)?)
        } else if let Some(e) = scan.phrase(unit_at, limit, "tuan") {
            (e, plus_days(meeting, 7 * n as u64)?)
        } else if let Some(e) = scan.phrase(unit_at, limit, "thang").filter(|e| !matches!(scan.word(*e), "dau" | "cuoi" | "nam")) {
            (e, plus_months(meeting, n)?)
        } else {
            return None;
        };
        let from_meeting = scan.phrase(e, limit, "ke tu ngay").map(|e2| scan.any_phrase(e2, limit, &["hop", "hoi nghi", "ket luan", "ky"]).map_or(e2, |x| x.1));
        if anchored || from_meeting.is_some() {
            return Some((from_meeting.unwrap_or(e), date(when)));
        }
    }
    None
}

/// All timing expressions in tokens `[t0, t1)`. A bare `năm Y` counts
/// only at `bare_year_at` (the start of a sentence or clause, RULES D7 vs D11). Deadlines
/// before the meeting are descriptions of the past, not deadlines, and are dropped.
pub(crate) fn find(scan: &Scan, t0: usize, t1: usize, meeting: NaiveDate, bare_year_at: Option<usize>) -> Vec<Timing> {
    let mut out = Vec::new();
    let mut t = t0;
    while t < t1 {
        match timing_at(scan, t, t1, meeting, bare_year_at == Some(t)).map(|(e, when)| joined(scan, e, t1, meeting, when)) {
            Some((e, when)) => {
                let past = matches!(when, When::Date(d) if d < meeting);
                if !past {
                    out.push(Timing { t0: t, t1: e, when });
                }
                t = e.max(t + 1);
            }
            None => t += 1,
        }
    }
    out
}

/// Frames that leave a period open after `và`: `tháng 5 và các tháng tiếp theo`.
const OPEN_FRAMES: &[&str] =
    &["cac thang tiep theo", "nhung thang tiep theo", "cac thang con lai", "nhung thang con lai", "thoi gian tiep theo", "thoi gian toi"];

/// The end of a bare period at `k` (`tháng 6/2023`, `quý II năm 2021`, `năm 2024`).
fn period_end(scan: &Scan, k: usize, limit: usize, meeting: NaiveDate) -> Option<(usize, NaiveDate)> {
    // "những tháng cuối năm 2022", "các tháng cuối năm": the year's end.
    if let Some((_, e)) = scan.any_phrase(k, limit, &["nhung thang cuoi nam", "cac thang cuoi nam", "6 thang cuoi nam", "cuoi nam"]) {
        let (e, y) = year_after(scan, e, limit, meeting).unwrap_or((e, chrono::Datelike::year(&meeting)));
        return Some((e, month_end(y, 12)?));
    }
    if let Some(e) = scan.phrase(k, limit, "thang") {
        let (e, m, y) = month_at(scan, e, limit)?;
        return Some((e, resolve(meeting, y, |y| month_end(y, m))?));
    }
    if let Some(e) = scan.phrase(k, limit, "quy") {
        let (e, q, y) = quarter_at(scan, e, limit)?;
        return Some((e, resolve(meeting, y, |y| quarter_end(y, q))?));
    }
    let e = scan.phrase(k, limit, "nam")?;
    let (e, y) = year_after(scan, e, limit, meeting)?;
    Some((e, month_end(y, 12)?))
}

/// A period joined by `và` to what follows (RULES D5–D7 for a time frame): to an open frame
/// (`… và các tháng tiếp theo`) it is no deadline; to a second period (`trong tháng 4 và
/// quý II năm 2021`) the later end is.
fn joined(scan: &Scan, e: usize, limit: usize, meeting: NaiveDate, when: When) -> (usize, When) {
    let When::Date(first) = when else { return (e, when) };
    let Some(k) = scan.phrase(e, limit, "va") else { return (e, when) };
    if let Some((_, e2)) = scan.any_phrase(k, limit, OPEN_FRAMES) {
        return (e2, When::Vague);
    }
    match period_end(scan, k, limit, meeting) {
        Some((e2, second)) => (e2, When::Date(first.max(second))),
        None => (e, when),
    }
}

/// Whether the sentence starting at `t` opens with an adverbial about the past
/// (`Đến nay, …`, `Năm 2022, …`, `Tháng 5/2023, …` before a June meeting): a report, not a
/// directive.
pub(crate) fn past_opening(scan: &Scan, t: usize, limit: usize, meeting: NaiveDate) -> bool {
    const PAST: &[&str] = &["den nay", "tinh den nay", "thoi gian qua", "vua qua", "trong thoi gian qua", "qua", "tu dau nam", "nam qua", "ket qua"];
    if scan.any_phrase(t, limit, PAST).is_some() {
        return true;
    }
    let mut k = t;
    for lead in ["tinh den het", "tinh den", "den het", "trong", "het", "den"] {
        if let Some(e) = scan.phrase(k, limit, lead) {
            k = e;
            break;
        }
    }
    let end = if let Some(e) = scan.phrase(k, limit, "nam") {
        year_after(scan, e, limit, meeting).and_then(|(_, y)| month_end(y, 12))
    } else if let Some(e) = scan.phrase(k, limit, "thang") {
        month_at(scan, e, limit).and_then(|(_, m, y)| y.and_then(|y| month_end(y, m)))
    } else if let Some(e) = scan.phrase(k, limit, "quy") {
        quarter_at(scan, e, limit).and_then(|(_, q, y)| y.and_then(|y| quarter_end(y, q)))
    } else if let Some(e) = scan.phrase(k, limit, "ngay") {
        date_at(scan, e, limit).and_then(|(_, d, m, y)| y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d))).map(|d| d.pred_opt().unwrap_or(d))
    } else if let Some(n) = int(scan.word(k)).filter(|n| (1..=12).contains(n)) {
        // "6 tháng đầu năm 2023", "9 tháng năm 2023"
        let mut e = scan.phrase(k + 1, limit, "thang");
        if let Some(x) = e.and_then(|x| scan.phrase(x, limit, "dau")) {
            e = Some(x);
        }
        e.and_then(|x| scan.phrase(x, limit, "nam")).and_then(|x| year_after(scan, x, limit, meeting)).and_then(|(_, y)| month_end(y, n))
    } else {
        None
    };
    matches!(end, Some(d) if d < meeting)
}
