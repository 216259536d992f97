//! Task summaries (issue 20): a short imperative phrase — the verb and its object — taken from
//! the clause, without the role words, lead-ins and timing before the action.

use super::scan::Scan;

/// Words dropped from the start of a summary.
const LEADING_NOISE: &[&str] = &[
    "chu tri",
    "phai",
    "co trach nhiem",
    "chiu trach nhiem",
    "dong thoi",
    "va",
    "tiep tuc",
    "la co quan thuong truc",
    "co lien quan",
    "lien quan",
    "thanh pho",
    "thi xa",
    "huyen",
];

/// Lead-ins of a clause up to their comma (`căn cứ chức năng, nhiệm vụ được giao, …`,
/// `trong thời gian tới, …`): a summary starts after them.
const LEAD_INS: &[&str] = &["can cu", "theo chuc nang", "trong thoi gian toi", "trong thoi gian den", "thoi gian toi"];

/// Lead-ins without a comma that end with the duty they invoke (`căn cứ vào nhiệm vụ được giao
/// thực hiện tốt …`).
const DUTY_LEAD_INS: &[&str] = &["can cu vao nhiem vu duoc giao", "can cu nhiem vu duoc giao", "theo nhiem vu duoc giao"];

/// The most words a summary keeps (issue 20: a short imperative phrase, the verb and its
/// object, not the whole clause).
const SUMMARY_WORDS: usize = 15;

/// The text with its first letter in lower case (the summary's first word after a metric).
pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Keeps a summary short: a long clause is cut at its first comma or semicolon that leaves
/// at least four words (the action before its details), then at [`SUMMARY_WORDS`] words.
fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= SUMMARY_WORDS {
        return text.to_string();
    }
    let mut count = 0;
    let mut out: Vec<&str> = Vec::new();
    for w in &words {
        out.push(w);
        count += 1;
        if count >= 4 && (w.ends_with(',') || w.ends_with(';')) {
            break;
        }
        if count == SUMMARY_WORDS {
            break;
        }
    }
    out.join(" ").trim_end_matches([',', ';']).to_string()
}

/// A short paraphrase of the action: the clause's words, without role words at the start.
pub(super) fn summary(scan: &Scan, a: usize, b: usize) -> String {
    let mut a = a;
    loop {
        match scan.any_phrase(a, b, LEADING_NOISE).or_else(|| scan.any_phrase(a, b, DUTY_LEAD_INS)) {
            Some((_, e)) if e < b => a = e,
            _ => {
                // A lead-in runs to its comma; the action follows.
                let comma = scan.any_phrase(a, b, LEAD_INS).and_then(|_| (a + 1..(a + 24).min(b)).rev().find(|k| scan.gap_has(*k, b",:")));
                match comma {
                    Some(k) if k + 1 < b => a = k,
                    _ => break,
                }
            }
        }
    }
    if a >= b {
        return String::new();
    }
    let mut end = scan.toks[b - 1].b;
    while end < scan.s().len() && matches!(scan.s()[end], b'%' | b')') {
        end += 1;
    }
    let text = scan.orig_text(scan.toks[a].a, end);
    let text = text.trim_matches(|c: char| c == ',' || c == ';' || c == '.' || c.is_whitespace());
    super::items::capitalise(&shorten(text))
}
