//! Numeric targets (RULES T1–T7): an operator, a number (decimal comma, leading zeros),
//! and the unit after it.

use super::scan::Scan;

/// A target found at tokens `t0..t1`.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub t0: usize,
    pub t1: usize,
    pub op: &'static str,
    pub value: f64,
    pub unit: Option<String>,
    pub metric: String,
}

/// Operator words that end right before the number, longest first.
const OPS: &[(&str, &str)] = &[
    ("khong thap hon", ">="),
    ("khong it hon", ">="),
    ("khong duoi", ">="),
    ("toi thieu la", ">="),
    ("toi thieu", ">="),
    ("it nhat la", ">="),
    ("it nhat", ">="),
    ("khong vuot qua", "<="),
    ("khong qua", "<="),
    ("toi da la", "<="),
    ("toi da", "<="),
    ("giam xuong duoi", "<"),
    ("xuong duoi", "<"),
    ("thap hon", "<"),
    ("it hon", "<"),
    ("duoi", "<"),
    ("cao hon", ">"),
    ("nhieu hon", ">"),
    ("lon hon", ">"),
    ("len tren", ">"),
    ("tren", ">"),
    ("hon", ">"),
    ("dat tu", ">="),
    ("dat", ">="),
    ("phai co", ">="),
    ("co", ">="),
    ("hoan thanh", ">="),
];

/// Words right before a number that make it part of a name, not a quantity.
const NOT_QUANTITY_BEFORE: &[&str] =
    &["lop", "so", "khoa", "dot", "lan", "thu", "muc", "cap", "loai", "hang", "diem", "quy", "nam", "thang", "ngay", "tuan", "gio"];

/// Document kinds whose number is a name (`Chỉ thị 15-CT/TU`, `Kế hoạch số 12`).
const DOCUMENTS: &[&str] =
    &["chi thi", "nghi dinh", "quyet dinh", "ke hoach", "thong tu", "cong van", "nghi quyet", "van ban", "thong bao", "luat", "dieu", "khoan", "muc"];

/// Units after a number that make it part of the metric (`trẻ em dưới 5 tuổi`).
const AGE_WORDS: &[&str] = &["tuoi"];

/// A Vietnamese number at token `t`: `1.200`, `13,5`, `01`. Returns (token after, value).
pub(crate) fn number_at(scan: &Scan, t: usize, limit: usize) -> Option<(usize, f64)> {
    let w = scan.word(t);
    if t >= limit || w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = w.to_string();
    let mut k = t + 1;
    while k < limit && scan.gap(k) == b"." && scan.word(k).len() == 3 && scan.word(k).bytes().all(|b| b.is_ascii_digit()) {
        digits.push_str(scan.word(k));
        k += 1;
    }
    if k < limit && scan.gap(k) == b"," && scan.word(k).bytes().all(|b| b.is_ascii_digit()) {
        digits.push('.');
        digits.push_str(scan.word(k));
        k += 1;
    }
    digits.parse().ok().map(|v| (k, v))
}

/// The operator whose words end right before `t`, and where they start.
fn op_before(scan: &Scan, t: usize, floor: usize) -> Option<(usize, &'static str)> {
    OPS.iter().find(|(p, _)| scan.ends_before(t, floor, p)).map(|(p, op)| (t - p.split(' ').count(), *op))
}

/// Finds the targets in `[t0, t1)`, skipping the token ranges in `skip` (timing
/// expressions) and parentheses. `each_subject` (a `mỗi …` subject) makes a bare count a
/// minimum (`mỗi xã 01 mô hình`).
pub(crate) fn find(scan: &Scan, t0: usize, t1: usize, skip: &[(usize, usize)], each_subject: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let base = scan.depth.get(t0).copied().unwrap_or(0);
    let mut t = t0;
    while t < t1 {
        if scan.depth[t] > base || skip.iter().any(|(a, b)| (*a..*b).contains(&t)) {
            t += 1;
            continue;
        }
        // T3/T4: "không để …" → = 0, or <= N with "quá N".
        if let Some(e) = scan.phrase(t, t1, "khong de") {
            let stop = (e..t1).find(|k| scan.gap_has(*k, b",;.")).unwrap_or(t1);
            let over = (e..stop).find_map(|k| (scan.word(k) == "qua").then(|| number_at(scan, k + 1, stop).map(|(n, v)| (k, n, v))).flatten());
            let found = match over {
                Some((_, n, v)) => Found { t0: t, t1: n, op: "<=", value: v, unit: unit_after(scan, n, stop), metric: metric_text(scan, e, stop) },
                None => Found { t0: t, t1: stop, op: "=", value: 0.0, unit: None, metric: metric_text(scan, e, stop) },
            };
            t = found.t1.max(t + 1);
            out.push(found);
            continue;
        }
        let Some((n, value)) = number_at(scan, t, t1) else {
            t += 1;
            continue;
        };
        let percent = scan.gap(n).first() == Some(&b'%');
        // "tối thiểu 35% - 40%": a range per unit; its lower bound is the target (T-r), and
        // the upper bound is neither a target nor what is measured.
        let n = if percent { range_end(scan, n, t1).unwrap_or(n) } else { n };
        let next = scan.word(n);
        let prev = if t > t0 { scan.word(t - 1) } else { "" };
        let slash = scan.gap(n).first() == Some(&b'/') || (t > 0 && scan.gap(t).last() == Some(&b'/'));
        let named = DOCUMENTS.iter().any(|d| scan.ends_before(t, t0, d));
        let code = matches!(scan.gap(n).first(), Some(b'-' | b'/')) && !scan.gap(n).starts_with(b"- ");
        if slash || named || code || AGE_WORDS.contains(&next) || (NOT_QUANTITY_BEFORE.contains(&prev) && scan.tight(t)) {
            t = n;
            continue;
        }
        let mut op = op_before(scan, t, t0).map(|(_, op)| op);
        let after_unit = if percent { n } else { unit_end(scan, n, t1) };
        if scan.phrase(after_unit, t1, "tro len").is_some() {
            op = Some(">=");
        } else if scan.phrase(after_unit, t1, "tro xuong").is_some() {
            op = Some("<=");
        }
        if op.is_none() && (percent || (each_subject && n < t1 && !next.is_empty())) {
            op = Some(">=");
        }
        if let Some(op) = op {
            // The metric after the number stops at a comma or at the timing (`… kế hoạch
            // trước ngày 31/12`: the date is the deadline, not what is measured).
            let stop = (n..t1).find(|k| scan.gap_has(*k, b",;") || skip.iter().any(|(a, _)| a == k)).unwrap_or(t1);
            let start = (t0..t).rev().find(|k| scan.gap_has(*k + 1, b",;")).map_or(t0, |k| k + 1);
            let metric = metric_for(scan, start, t, n, stop, skip);
            let unit = if percent { Some("%".to_string()) } else { unit_after(scan, n, stop) };
            out.push(Found { t0: t, t1: n, op, value, unit, metric });
        }
        t = n;
    }
    out
}

/// The token after the upper bound of a percentage range that starts at the gap before `n`.
fn range_end(scan: &Scan, n: usize, limit: usize) -> Option<usize> {
    let gap = String::from_utf8_lossy(scan.gap(n));
    if !matches!(gap.trim_start_matches('%').trim(), "-" | "–" | "—") {
        return None;
    }
    number_at(scan, n, limit).filter(|(m, _)| scan.gap(*m).first() == Some(&b'%')).map(|(m, _)| m)
}

/// The end of the counted noun after a number (at most three words, to a comma).
fn unit_end(scan: &Scan, n: usize, limit: usize) -> usize {
    let mut k = n;
    while k < limit && k < n + 3 && (k == n || scan.tight(k)) && !matches!(scan.word(k), "tro" | "trong" | "tai" | "de" | "cua" | "duoc" | "truoc" | "va") {
        k += 1;
    }
    k
}

fn unit_after(scan: &Scan, n: usize, limit: usize) -> Option<String> {
    let e = unit_end(scan, n, limit);
    (e > n).then(|| scan.orig_text(scan.toks[n].a, scan.toks[e - 1].b))
}

/// Words an operator leaves at the end of a metric (`tỷ lệ … đạt từ`): never part of it.
const TRAILING_OP_WORDS: &[&str] = &["tu", "dat", "phai", "la", "o muc", "muc", "len", "phan dau", "bao dam", "dam bao", "co"];

/// Words that say how much, not what: a metric made only of them is no metric.
const OP_ONLY: &[&str] = &["dat", "toi", "thieu", "it", "nhat", "tu", "tro", "len", "khong", "duoi", "la", "muc", "co", "phai"];

/// What a quota measures when its own sentence does not say (`Chỉ tiêu cho các đơn vị … đạt
/// tối thiểu 35%`): the last `chỉ tiêu <noun phrase>` before token `t` (`giao chỉ tiêu hồ sơ
/// được tiếp nhận, giải quyết trực tuyến mức độ 3, mức độ 4 cho các sở, …`).
pub(crate) fn quota_metric(scan: &Scan, t: usize) -> Option<String> {
    let mut found = None;
    for k in 0..t {
        let Some(a) = scan.phrase(k, t, "chi tieu") else { continue };
        if a >= t || matches!(scan.word(a), "cho" | "toi" | "giao" | "duoc" | "nay" | "tren" | "ve" | "dat" | "cu" | "thi" | "va") || !scan.tight(a) {
            continue;
        }
        let stop = (a + 1..t.min(a + 24)).find(|j| matches!(scan.word(*j), "cho" | "toi" | "tai" | "nam" | "trong" | "doi") || scan.gap_has(*j, b".;:"));
        let end = stop.unwrap_or(t.min(a + 24));
        if end >= a + 2 {
            found = Some(scan.orig_text(scan.toks[a].a, scan.toks[end - 1].b));
        }
    }
    found
}

/// Whether a metric is only words of quantity (`đạt`, `tối thiểu`).
pub(crate) fn is_op_only(metric: &str) -> bool {
    let f = crate::text::fold(metric);
    f.split_whitespace().all(|w| OP_ONLY.contains(&w))
}

fn metric_text(scan: &Scan, a: usize, b: usize) -> String {
    let mut b = b;
    while b > a + 1 {
        match TRAILING_OP_WORDS.iter().find(|w| scan.ends_before(b, a, w)) {
            Some(w) => b -= w.split(' ').count(),
            None => break,
        }
    }
    if a >= b {
        return String::new();
    }
    scan.orig_text(scan.toks[a].a, scan.toks[b - 1].b)
}

/// The metric: `tỷ lệ …` before the operator when there is one, else what follows the
/// number, else (`… các chỉ tiêu phát triển đạt 60% trở lên`) the noun phrase before the
/// operator, without a leading striving verb or the timing (`skip`).
fn metric_for(scan: &Scan, start: usize, t: usize, n: usize, stop: usize, skip: &[(usize, usize)]) -> String {
    if let Some(k) = (start..t).find(|k| scan.phrase(*k, t, "ty le").is_some()) {
        let end = op_before(scan, t, k).map_or(t, |(s, _)| s);
        let end = if end > k && scan.word(end - 1) == "dat" { end - 1 } else { end };
        // "hồ sơ … trực tuyến đạt tỷ lệ từ 50%": the rate is of what comes before "đạt".
        if (k + 2..end).all(|j| matches!(scan.word(j), "tu" | "la" | "o" | "muc")) && k > start && scan.word(k - 1) == "dat" {
            let mut a = start;
            while let Some((_, e)) = scan.any_phrase(a, k - 1, &["can co", "phai co", "co", "can", "phai"]) {
                a = e;
            }
            if a < k - 1 {
                return format!("tỷ lệ {}", scan.orig_text(scan.toks[a].a, scan.toks[k - 2].b).to_lowercase());
            }
        }
        return metric_text(scan, k, end.max(k + 2));
    }
    let after = metric_text(scan, n, stop);
    if !after.is_empty() && scan.phrase(n, stop, "tro len").is_none() && scan.phrase(n, stop, "tro xuong").is_none() {
        return after;
    }
    let mut a = start;
    while let Some((_, e)) = scan.any_phrase(a, t, &["phan dau", "bao dam", "dam bao", "phai", "nang", "dua"]) {
        a = e;
    }
    let end = op_before(scan, t, a).map_or(t, |(s, _)| s);
    let end = skip.iter().filter(|(x, _)| (a..end).contains(x)).map(|(x, _)| *x).min().unwrap_or(end);
    metric_text(scan, a, end)
}
