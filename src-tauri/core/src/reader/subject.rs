//! Who a sentence addresses (RULES S1, S5, A1, A5, A10): the units after a directive cue
//! (`Giao …`, `Yêu cầu …`, `Đề nghị …`), or the units a clause opens with, and where a
//! sentence changes subject (`cấp xã …, cấp huyện …`).

use chrono::NaiveDate;

use super::scan::Scan;
use super::timing;
use super::units::{Index, Mention};

/// A clause's subject: the mentions at tokens `start..end`.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub start: usize,
    pub end: usize,
    pub list: Vec<Mention>,
    /// Whether the clause is a directive with this subject (not a report, praise,
    /// accountability clause …).
    pub directive: bool,
}

/// Directive cues followed by the addressees.
const CUES: &[&str] = &["giao nhiem vu cho", "giao trach nhiem cho", "giao cho", "giao", "yeu cau", "de nghi", "chi dao", "phan cong"];

/// Words before `giao` that make it part of another word (`bàn giao`, `được giao`).
const NOT_CUE_BEFORE: &[&str] = &["ban", "duoc", "chuyen", "tren", "nhan", "da", "tinh"];

/// Openers of an adverbial that may stand before a subject without a comma
/// (`Năm 2023 cấp xã …`, `Sau hội nghị các đơn vị …`).
const OPENERS: &[&str] =
    &["nam", "thang", "quy", "sau", "ngay", "tu", "trong", "dong thoi", "ngoai ra", "rieng", "doi voi", "tiep theo", "truoc mat", "tiep do", "sau do"];

/// Bodies outside the registry that are often listed with registry units (RULES S5, A5).
const OUTSIDE_BODIES: &[&str] = &[
    "uy ban mat tran",
    "uy ban mttq",
    "mttq",
    "mat tran",
    "huyen doan",
    "cac hoi",
    "hoi",
    "cac doan the",
    "doan the",
    "lien doan",
    "chi cuc",
    "kho bac",
    "buu dien",
    "bao hiem xa hoi",
    "cong ty",
    "cac doanh nghiep",
    "doanh nghiep",
    "cac hop tac xa",
    "hop tac xa",
    "cac truong",
    "truong",
    "ngan hang",
    "chi nhanh",
    "toa an",
    "vien kiem sat",
    "so",
];

/// Words that, right before a unit, make it an object, place or beneficiary (A1).
const PREPOSITIONS: &[&str] = &[
    "tai",
    "o",
    "cua",
    "cho",
    "voi",
    "ve",
    "den",
    "thuoc",
    "va",
    "giua",
    "tren",
    "ban",
    "nhu",
    "la",
    "gom",
    "qua",
    "tu",
    "trong",
    "huong dan",
    "phe binh",
    "bieu duong",
];

/// Words that, right after a new subject, show it is not one (`…, xã A trước ngày …`).
const NOT_A_VERB: &[&str] = &[
    "truoc", "trong", "den", "tai", "o", "cua", "cho", "va", "voi", "ve", "theo", "tu", "sau", "nam", "thang", "quy", "ngay", "thuoc", "tren", "duoi", "nhu",
    "de", "la", "neu", "khi", "thi", "ma",
];

/// Predicate openings of reports and statements, not directives.
const STATEMENT: &[&str] =
    &["da", "dang", "vua", "duoc", "chua", "con", "van", "la", "bi", "dat", "deu da", "cung da", "van con", "co ty le", "chiu trach nhiem truoc", "se"];

/// Words that open a measured noun phrase standing before its subjects, in a sentence that
/// sets targets per level (`tỷ lệ hồ sơ được số hóa cấp huyện đạt từ 50% trở lên, cấp xã …`).
pub(crate) const METRIC_OPENERS: &[&str] = &["ty le", "chi so", "so luong"];

/// Operator words of a target predicate after `đạt` / `có` (RULES T1–T3).
const TARGET_OPS: &[&str] =
    &["tu", "tren", "khong duoi", "khong thap hon", "khong it hon", "toi thieu", "it nhat", "hon", "cao hon", "khong qua", "khong vuot qua", "toi da", "duoi"];

/// Words that make a sentence set a goal rather than report one.
const STRIVING: &[&str] = &["phai", "phan dau", "bao dam", "dam bao", "can dat", "yeu cau"];

/// Whether the sentence `[t0, t1)` sets a goal in words (`phải`, `phấn đấu`, `bảo đảm` …).
pub(crate) fn striving(scan: &Scan, t0: usize, t1: usize) -> bool {
    scan.any_phrase_in(t0, t1, STRIVING)
}

/// Whether the predicate at `k` sets a numeric target: `(phải) đạt từ 50% trở lên`,
/// `đạt không dưới 95%`, `có ít nhất 01 …`, `đạt 100% … trở lên`.
pub(crate) fn target_predicate(scan: &Scan, k: usize, t1: usize) -> bool {
    let mut k = k;
    for w in ["phai", "phan dau", "bao dam", "dam bao"] {
        if let Some(e) = scan.phrase(k, t1, w) {
            k = e;
        }
    }
    // "tối thiểu đạt 25%": the operator before the verb.
    if let Some((_, e)) = scan.any_phrase(k, t1, TARGET_OPS) {
        if let Some(e2) = scan.phrase(e, t1, "dat").filter(|e2| super::target::number_at(scan, *e2, t1).is_some()) {
            return e2 > k;
        }
    }
    let e = scan.any_phrase(k, t1, &["dat", "co"]).map_or(k, |(_, e)| e);
    let with_op = TARGET_OPS.iter().any(|op| scan.phrase(e, t1, op).is_some_and(|e2| super::target::number_at(scan, e2, t1).is_some()));
    let or_more = super::target::number_at(scan, e, t1).is_some_and(|(n, _)| (n..(n + 4).min(t1)).any(|j| scan.phrase(j, t1, "tro len").is_some()));
    with_op || or_more
}

/// Where the measured noun phrase of a metric-first sentence starts, before the subject at
/// `t` (`Năm 2023, tỷ lệ …`, `Phấn đấu năm 2023 tỷ lệ …`).
pub(crate) fn metric_start(scan: &Scan, t0: usize, t: usize) -> Option<usize> {
    (t0..t).find(|k| scan.any_phrase(*k, t, METRIC_OPENERS).is_some())
}

/// What introduces partners rather than subjects (A2, A6).
const PARTNERS: &[&str] = &["phoi hop voi", "phoi hop cung", "cung voi"];

/// Phrases of a meeting's attendance (`Cùng tham dự có: …; lãnh đạo UBND các xã`): the
/// bodies listed after them attended, they were given nothing (S5).
const ATTENDANCE: &[&str] = &["tham du co", "du hop co", "du hoi nghi co", "cung du", "cung tham du", "thanh phan tham du", "thanh phan du", "tham du gom"];

/// The subject after the first directive cue in `[t0, t1)` that has registry addressees.
fn cue_subject(scan: &Scan, index: &Index, t0: usize, t1: usize) -> Option<Subject> {
    for t in t0..t1 {
        let Some((ci, e)) = scan.any_phrase(t, t1, CUES) else { continue };
        let cue = CUES[ci];
        if cue.starts_with("giao") && t > t0 && NOT_CUE_BEFORE.contains(&scan.word(t - 1)) && scan.tight(t) {
            continue;
        }
        if cue == "chi dao" && t > t0 && !matches!(scan.word(t - 1), "huyen" | "tich") {
            continue;
        }
        if let Some((list, end)) = index.list_at(scan, e, t1) {
            return Some(Subject { start: t, end, list, directive: true });
        }
        // A5: the first addressee is outside the registry; keep registry units listed with it.
        for j in e + 1..(e + 9).min(t1) {
            if scan.gap_has(j, b";.") || scan.word(j) == "phoi" {
                break;
            }
            let k = if scan.word(j) == "va" {
                j + 1
            } else if scan.gap_has(j, b",") {
                j
            } else {
                continue;
            };
            if let Some((list, end)) = index.list_at(scan, k, t1) {
                return Some(Subject { start: t, end, list, directive: true });
            }
        }
    }
    None
}

/// Whether the tokens `[t0, t)` may stand before a subject at `t`.
fn prefix_ok(scan: &Scan, t0: usize, t: usize) -> bool {
    if t == t0 {
        return true;
    }
    if scan.word(t) == "cho" {
        return false;
    }
    // Partners after "phối hợp với", however long the list (A2, A6).
    if scan.any_phrase_in(t0, t, PARTNERS) && !(t0..=t).any(|j| scan.gap_has(j, b";")) {
        return false;
    }
    if scan.gap_has(t, b",;:") {
        return true;
    }
    // A5: "Ủy ban MTTQ huyện và UBND các xã …" — a body outside the registry listed first.
    if scan.word(t - 1) == "va" && t - t0 <= 8 && scan.any_phrase(t0, t, OUTSIDE_BODIES).is_some() {
        return true;
    }
    let opener = scan.any_phrase(t0, t, OPENERS).is_some();
    let before = PREPOSITIONS.iter().any(|p| scan.ends_before(t, t0, p));
    opener && !before && t - t0 <= 10
}

/// Whether the predicate starting at `k` reads as a directive. `inherited`: the sentence's
/// first clause was one (`cấp xã phải có …, cấp huyện có …`).
pub(crate) fn predicate_ok(scan: &Scan, k: usize, t1: usize, inherited: bool) -> bool {
    if k >= t1 {
        return false;
    }
    // The next level of a sentence that sets targets per level (`…, cấp xã đạt từ 30% trở lên`).
    if inherited && target_predicate(scan, k, t1) {
        return true;
    }
    if scan.any_phrase(k, t1, STATEMENT).is_some() {
        return false;
    }
    if scan.word(k) == "co" && !inherited {
        // "… có trách nhiệm …", or a target: "Mỗi xã, thị trấn có ít nhất 01 mô hình" (T2).
        return scan.phrase(k, t1, "co trach nhiem").is_some() || target_predicate(scan, k, t1);
    }
    true
}

/// The subjects of the sentence `[t0, t1)`, in order. Clauses that are not directives are
/// kept (with `directive: false`) because they still end the clause before them.
pub(crate) fn subjects(scan: &Scan, index: &Index, t0: usize, t1: usize, meeting: NaiveDate) -> Vec<Subject> {
    // An attendance list before any directive cue makes the sentence a report of who came.
    let attendance = (t0..t1).find(|t| scan.any_phrase(*t, t1, ATTENDANCE).is_some());
    let past = timing::past_opening(scan, t0, t1, meeting) || attendance.is_some_and(|a| !scan.any_phrase_in(t0, a, CUES));
    let lead = (t0..t1).find_map(|t| index.list_at(scan, t, t1).map(|(list, end)| (t, list, end)));
    let cue = cue_subject(scan, index, t0, t1);
    let mut out: Vec<Subject> = Vec::new();
    match (lead, cue) {
        (Some((t, _, _)), Some(c)) if c.start < t => out.push(c),
        (None, Some(c)) => out.push(c),
        (Some((t, list, end)), c) => {
            let ok = prefix_ok(scan, t0, t);
            // T6 with the metric first: "Năm 2023, tỷ lệ … cấp huyện đạt từ 50% trở lên, …";
            // a goal (a striving word or a timing ahead), not a report.
            let striving = scan.any_phrase_in(t0, t1, STRIVING) || timing::find(scan, t0, t1, meeting, Some(t0)).iter().any(timing::Timing::concrete);
            // "Chỉ tiêu cho X đạt tối thiểu 35%": X is given the target (T2).
            // (A mention may start at its filler "cho".)
            let given_target = scan.ends_before(t, t0, "chi tieu cho") || (scan.word(t) == "cho" && scan.ends_before(t, t0, "chi tieu"));
            if !past && (striving || given_target) && (metric_start(scan, t0, t).is_some() || given_target) && target_predicate(scan, end, t1) {
                out.push(Subject { start: t, end, list, directive: true });
            } else if !ok {
                // Not a subject (an object, a place …); it still bounds the clauses after it.
                out.push(c.unwrap_or(Subject { start: t, end, list, directive: false }));
            } else {
                let directive = !past && predicate_ok(scan, end, t1, false);
                out.push(Subject { start: t, end, list, directive });
            }
        }
        (None, None) => return out,
    }
    // Later subjects: after a comma or semicolon, a list of units followed by a verb.
    let ends: Vec<usize> = index.all_mentions(scan, t0, t1).iter().map(|m| m.t1).collect();
    let mut k = out[0].end + 1;
    while k < t1 {
        let semicolon = scan.gap_has(k, b";");
        if !(semicolon || scan.gap_has(k, b",")) || ends.contains(&k) || scan.word(k) == "cho" {
            k += 1;
            continue;
        }
        let prev_directive = out.last().is_some_and(|s| s.directive);
        // "…; chỉ tiêu cho Y đạt tối thiểu 25%": the next unit given a target.
        if let Some(e) = scan.phrase(k, t1, "chi tieu") {
            if let Some((list, end)) = index.list_at(scan, e, t1).filter(|(_, end)| target_predicate(scan, *end, t1)) {
                out.push(Subject { start: k, end, list, directive: !past });
                k = end + 1;
                continue;
            }
        }
        let cue_start = scan.phrase(k, t1, "dong thoi").unwrap_or(k);
        if semicolon || cue_start > k || scan.word(k) == "giao" {
            if let Some(c) = cue_subject(scan, index, cue_start, t1).filter(|c| c.start == cue_start) {
                let c = Subject { start: k, ..c };
                k = c.end + 1;
                out.push(c);
                continue;
            }
        }
        // "Phối hợp với Hạt Kiểm lâm, Phòng TN&MT tiến hành …": units listed after "phối hợp
        // với" are partners (A2, A6), however the list goes on.
        let from = out.last().map_or(t0, |s| s.end);
        let partners = scan.any_phrase_in(from, k, PARTNERS) && !(from..=k).any(|j| scan.gap_has(j, b";"));
        if partners {
            k += 1;
            continue;
        }
        if let Some((list, end)) = index.list_at(scan, k, t1) {
            // "…, UBND các xã; tăng cường …": a list ending at a semicolon closes its clause.
            if end < t1 && !scan.gap_has(end, b";:") && !NOT_A_VERB.iter().any(|w| scan.phrase(end, t1, w).is_some()) {
                let own_past = semicolon && timing::past_opening(scan, k, t1, meeting);
                let inherited = prev_directive && !semicolon;
                let directive = !own_past && (!past || semicolon) && predicate_ok(scan, end, t1, inherited);
                out.push(Subject { start: k, end, list, directive });
                k = end + 1;
                continue;
            }
        }
        k += 1;
    }
    out
}
