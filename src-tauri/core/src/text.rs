//! Vietnamese text handling: NFC normalisation of input, diacritic folding for search,
//! and a collation key for sorting names the way a Vietnamese reader expects.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::error::{CoreError, Result};

/// Normalises user input to NFC and trims surrounding whitespace. Text typed on different
/// keyboards (Unikey's composed vs. decomposed modes) then compares equal in the store.
pub fn clean(input: &str) -> String {
    input.trim().nfc().collect()
}

/// Like [`clean`], but an empty result becomes `None`.
pub fn clean_opt(input: Option<&str>) -> Option<String> {
    input.map(clean).filter(|s| !s.is_empty())
}

/// Longest title (a conference, a task): long enough for any real one, short enough to
/// stay a title in lists and notifications.
pub const TITLE_MAX: usize = 500;
/// Longest running text (a conference's content, a directive, a task's description):
/// about eight printed pages, more than a whole conclusion notice.
pub const LONG_MAX: usize = 20_000;
/// Longest note or reason (a progress note, why a part was returned or someone was absent).
pub const NOTE_MAX: usize = 2_000;
/// Longest name or position of a person, or place.
pub const NAME_MAX: usize = 200;

/// [`clean`]s `input` and refuses it when it is longer than `max` characters. Characters
/// are counted after NFC, so a name typed in decomposed form is not counted twice; `what`
/// names the field in the message ("Tên nhiệm vụ dài 612 ký tự, tối đa 500.").
pub fn limited(field: &'static str, input: &str, max: usize, what: &str) -> Result<String> {
    let value = clean(input);
    let len = value.chars().count();
    if len > max {
        let mut label = what.chars();
        let label = label.next().map(|c| c.to_uppercase().chain(label).collect::<String>()).unwrap_or_default();
        return Err(CoreError::invalid(field, format!("{label} dài {} ký tự, tối đa {}.", count(len), count(max))));
    }
    Ok(value)
}

/// Like [`limited`], but an empty result becomes `None`.
pub fn limited_opt(field: &'static str, input: Option<&str>, max: usize, what: &str) -> Result<Option<String>> {
    Ok(match input {
        Some(s) => Some(limited(field, s, max, what)?).filter(|s| !s.is_empty()),
        None => None,
    })
}

/// A count the Vietnamese way, with a dot between thousands: 20000 → "20.000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Folds text for search: lower case, diacritics removed, `đ`/`Đ` mapped to `d`
/// (Unicode does not decompose đ, so a generic diacritic stripper misses it), whitespace
/// collapsed. "Số hóa" and "SO HOA" both fold to "so hoa".
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    for c in input.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The folded words of `input` (see [`fold`]), split on anything not a letter or digit:
/// what every search and name comparison of the app reads.
pub fn words(input: &str) -> Vec<String> {
    fold(input).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect()
}

/// A key for comparing names: folded, punctuation and spacing ignored, so "TN&MT",
/// "TN & MT" and "tn-mt" compare equal.
pub fn name_key(input: &str) -> String {
    words(input).join(" ")
}

/// The Vietnamese alphabet order of base letters (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
/// then tones (none, huyền, hỏi, ngã, sắc, nặng) break ties.
const BASE_ORDER: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// A sort key that orders Vietnamese words correctly ("Mỹ Hà" < "Mỹ Hưng" < "Mỹ Phúc",
/// "Đ" after "D"), which byte order and SQLite's default collation get wrong.
pub fn collation_key(input: &str) -> Vec<u32> {
    let mut primary = Vec::new();
    let mut tones = Vec::new();
    for ch in input.nfc().flat_map(|c| c.to_lowercase()) {
        let decomposed: Vec<char> = ch.nfd().collect();
        // Keep the letter-forming marks (breve, circumflex, horn) and split off the tone.
        let mut tone = 0u32;
        let mut letter = String::new();
        for d in decomposed {
            if let Some(i) = TONES.iter().position(|t| *t == d) {
                tone = i as u32 + 1;
            } else {
                letter.push(d);
            }
        }
        let letter: String = letter.nfc().collect();
        let mut chars = letter.chars();
        let base = chars.next().unwrap_or(' ');
        let rank = BASE_ORDER.chars().position(|b| b == base).map(|p| 0x10000 + p as u32).unwrap_or(base as u32);
        primary.push(rank);
        tones.push(tone);
    }
    primary.push(0);
    primary.extend(tones);
    primary
}

/// Turns what a user typed into an FTS5 query over folded titles: every word must appear,
/// as a word or the start of one ("so hoa" finds "số hóa", "so ho" too). Only letters and
/// digits reach FTS5, so no input can inject its query syntax. `None` when nothing is left.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = words(input).iter().map(|w| format!("\"{w}\"*")).collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table() {
        let decomposed: String = "Mỹ Hà".nfd().collect();
        let cases = [
            ("Số hóa", "so hoa"),
            ("SỐ HOÁ", "so hoa"),
            ("so hoa", "so hoa"),
            ("Đất đai", "dat dai"),
            ("  Cải   cách\thành chính ", "cai cach hanh chinh"),
            // NFD input (decomposed marks) folds the same as NFC.
            (decomposed.as_str(), "my ha"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "folding {input:?}");
        }
    }

    #[test]
    fn clean_makes_nfc_and_trims() {
        let nfd: String = "Mỹ Thịnh".nfd().collect();
        assert_ne!(nfd, "Mỹ Thịnh", "the test input must really be decomposed");
        assert_eq!(clean(&format!("  {nfd} ")), "Mỹ Thịnh");
        assert_eq!(clean_opt(Some("   ")), None);
    }

    #[test]
    fn limits_count_characters_after_nfc() {
        let nfd: String = "Đất đai".nfd().collect();
        assert!(nfd.chars().count() > 7, "the decomposed input really is longer");
        assert_eq!(limited("title", &nfd, 7, "tên").unwrap(), "Đất đai");
        let err = limited("title", &"ậ".repeat(612), 500, "tên nhiệm vụ").unwrap_err();
        assert_eq!(err.to_string(), "Tên nhiệm vụ dài 612 ký tự, tối đa 500.");
        assert_eq!(err.field(), Some("title"));
        assert_eq!(limited_opt("note", Some("   "), 5, "ghi chú").unwrap(), None);
        assert_eq!([count(0), count(999), count(2000), count(20001), count(1234567)], ["0", "999", "2.000", "20.001", "1.234.567"]);
    }

    #[test]
    fn collation_orders_vietnamese() {
        let mut names = vec!["Mỹ Phúc", "Đông", "Mỹ Hưng", "Dương", "Mỹ Hà", "Ân", "An", "Ấp", "Bình"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(names, vec!["An", "Ân", "Ấp", "Bình", "Dương", "Đông", "Mỹ Hà", "Mỹ Hưng", "Mỹ Phúc"]);
    }
}
