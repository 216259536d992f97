//! The conclusion's own structure, which decides the directive each proposed task hangs under.
//!
//! A conclusion that numbers its items ("1.", "2)", "3/" at the start of a line) keeps
//! them: every task read from item 3 belongs to directive 3, with the item's full text,
//! however many tasks the reader split it into and whether items 1–2 gave any. Prose (the
//! seed conclusion of Mỹ Lộc is one paragraph) is cut into statements: sentences, and
//! within a sentence where a semicolon is followed by a capital letter — that is how such
//! prose strings its directives together ("…; Giao phòng nội vụ …; Thủ trưởng các cơ quan …"),
//! while "…; các xã …" goes on with the same one.

use super::scan::Scan;
use crate::text;

/// One directive of a conclusion text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's own number ("3." → 3) when the text numbers its items in increasing order;
    /// `None` for prose, and for numbering that restarts (sections "I.", "II." each with
    /// their own "1.", "2."), which cannot give every directive its own number.
    pub number: Option<u32>,
    /// Character offsets (not bytes) of the item in the input text, its number included,
    /// end exclusive.
    pub span: (usize, usize),
    /// The item's text as written (without its number), trimmed, in NFC, starting with a
    /// capital letter.
    pub text: String,
}

/// A marker at the start of a line.
enum Marker {
    /// "3." / "3)" / "3/": a numbered item.
    Number(u32),
    /// "II.": a section heading; it ends the item before it.
    Heading,
}

/// The directives of `input`, in order. Every task span of the reader starts inside one of
/// them (see [`item_at`]).
pub fn items(input: &str) -> Vec<Item> {
    let chars: Vec<char> = input.chars().collect();
    // (line start, text start, marker)
    let mut marks: Vec<(usize, usize, Marker)> = Vec::new();
    let mut line = 0;
    while line <= chars.len() {
        if let Some((body, marker)) = marker_at(&chars, line) {
            marks.push((line, body, marker));
        }
        match chars[line.min(chars.len())..].iter().position(|&c| c == '\n') {
            Some(k) => line += k + 1,
            None => break,
        }
    }
    if !marks.iter().any(|m| matches!(m.2, Marker::Number(_))) {
        return prose(&chars, 0, chars.len());
    }
    let numbers: Vec<u32> = marks.iter().filter_map(|m| if let Marker::Number(n) = m.2 { Some(n) } else { None }).collect();
    let in_order = numbers.windows(2).all(|w| w[0] < w[1]);
    let mut out = prose(&chars, 0, marks[0].0);
    for (i, (start, body, marker)) in marks.iter().enumerate() {
        let end = marks.get(i + 1).map_or(chars.len(), |m| m.0);
        match marker {
            Marker::Number(n) => {
                let text = capitalise(&text::clean(&chars[*body..end].iter().collect::<String>()));
                if !text.is_empty() {
                    out.push(Item { number: in_order.then_some(*n), span: (*start, end), text });
                }
            }
            Marker::Heading => out.extend(prose(&chars, *body, end)),
        }
    }
    out
}

/// The item a task span starting at character `pos` belongs to: the last one starting at
/// or before it.
pub fn item_at(items: &[Item], pos: usize) -> Option<&Item> {
    items.iter().rev().find(|it| it.span.0 <= pos).or(items.first())
}

/// A line-start marker at character `line`: blanks, then 1–2 digits or a Roman numeral,
/// then `.`, `)` or `/`, then a blank. "2.1." (a sub-item) and "15/3/2023 …" (a date) are
/// not markers.
fn marker_at(chars: &[char], line: usize) -> Option<(usize, Marker)> {
    let mut k = line;
    while k < chars.len() && matches!(chars[k], ' ' | '\t' | '\u{a0}') {
        k += 1;
    }
    let start = k;
    while k < chars.len() && (chars[k].is_ascii_digit() || matches!(chars[k], 'I' | 'V' | 'X')) {
        k += 1;
    }
    let label: String = chars[start..k].iter().collect();
    let delimited = k < chars.len() && matches!(chars[k], '.' | ')' | '/');
    if label.is_empty() || !delimited || !chars.get(k + 1).is_none_or(|c| c.is_whitespace()) {
        return None;
    }
    let marker = if label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit()) {
        Marker::Number(label.parse().ok().filter(|n| *n >= 1)?)
    } else if label.len() <= 5 && label.bytes().all(|b| matches!(b, b'I' | b'V' | b'X')) {
        Marker::Heading
    } else {
        return None;
    };
    Some((k + 1, marker))
}

/// The statements of the prose in characters `[a, b)`.
fn prose(chars: &[char], a: usize, b: usize) -> Vec<Item> {
    let part: String = chars[a..b].iter().collect();
    let scan = Scan::new(&part);
    let mut out = Vec::new();
    for (sa, sb) in scan.sentences() {
        let mut from = sa;
        for i in sa..sb {
            if scan.s()[i] == b';' && capital_after(&scan, i + 1, sb) {
                push_piece(&scan, a, from, i, &mut out);
                from = i + 1;
            }
        }
        push_piece(&scan, a, from, sb, &mut out);
    }
    out
}

/// Whether the first non-blank character in bytes `[i, end)` of the scan is upper case.
fn capital_after(scan: &Scan, i: usize, end: usize) -> bool {
    (i..end).find(|&j| scan.s()[j] != b' ').is_some_and(|j| scan.orig[scan.pos[j]].is_uppercase())
}

fn push_piece(scan: &Scan, offset: usize, a: usize, b: usize, out: &mut Vec<Item>) {
    let (x, y) = scan.orig_span(a, b);
    let raw: String = scan.orig[x..y].iter().collect();
    let text = capitalise(text::clean(&raw).trim_end_matches([';', ',', ' ']));
    if text.chars().any(char::is_alphanumeric) {
        out.push(Item { number: None, span: (offset + x, offset + y), text });
    }
}

/// The text with its first letter in upper case ("đồng thời …" → "Đồng thời …", "ưu tiên"
/// → "Ưu tiên"), past opening quotes, brackets and bullets; a text starting with a digit
/// or anything else is left as it is. A directive or task split out of a sentence starts
/// mid-sentence, but is shown on its own.
pub fn capitalise(s: &str) -> String {
    let lead = s.char_indices().find(|(_, c)| !(c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '–' | '•' | '+')));
    match lead {
        Some((i, c)) if c.is_lowercase() => {
            let mut out = String::with_capacity(s.len() + 2);
            out.push_str(&s[..i]);
            out.extend(c.to_uppercase());
            out.push_str(&s[i + c.len_utf8()..]);
            out
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalises_vietnamese_first_letters() {
        let cases = [
            ("đồng thời báo cáo", "Đồng thời báo cáo"),
            ("ưu tiên", "Ưu tiên"),
            ("ấp", "Ấp"),
            ("a\u{302}\u{301}p", "A\u{302}\u{301}p"), // NFD: the base letter carries the case
            ("“đẩy mạnh” số hóa", "“Đẩy mạnh” số hóa"),
            ("(các xã)", "(Các xã)"),
            ("Giao Phòng", "Giao Phòng"),
            ("2 xã", "2 xã"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(capitalise(input), expected, "{input:?}");
        }
    }

    #[test]
    fn markers() {
        let at = |s: &str| marker_at(&s.chars().collect::<Vec<_>>(), 0).map(|(k, m)| (k, matches!(m, Marker::Number(_))));
        assert_eq!(at("2. Giao"), Some((2, true)));
        assert_eq!(at("  12) Giao"), Some((5, true)));
        assert_eq!(at("3/ Giao"), Some((2, true)));
        assert_eq!(at("II. Nhiệm vụ"), Some((3, false)));
        assert_eq!(at("2.1. Giao"), None, "a sub-item stays in its item");
        assert_eq!(at("15/3/2023 họp"), None, "a date is not a number");
        assert_eq!(at("2023. Năm"), None);
        assert_eq!(at("0. Không"), None);
        assert_eq!(at("Giao"), None);
    }

    fn shape(text: &str) -> Vec<(Option<u32>, String)> {
        items(text).into_iter().map(|it| (it.number, it.text)).collect()
    }

    #[test]
    fn numbered_items_keep_their_lines_and_sub_items() {
        let text = "Kết luận:\n1. Giao Phòng Nội vụ:\na) hướng dẫn chấm điểm;\n2.1. tổng hợp.\n3) các xã báo cáo.\nII. Nhiệm vụ khác\nPhòng Y tế kiểm tra.";
        let found = items(text);
        let got: Vec<(Option<u32>, &str)> = found.iter().map(|it| (it.number, it.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (None, "Kết luận:"),
                (Some(1), "Giao Phòng Nội vụ:\na) hướng dẫn chấm điểm;\n2.1. tổng hợp."),
                (Some(3), "Các xã báo cáo."),
                (None, "Nhiệm vụ khác"),
                (None, "Phòng Y tế kiểm tra."),
            ]
        );
        // Every character of an item maps back to it.
        let chars: Vec<char> = text.chars().collect();
        let three = chars.iter().collect::<String>().find("3)").map(|b| text[..b].chars().count()).unwrap();
        assert_eq!(item_at(&found, three).and_then(|it| it.number), Some(3));
        assert_eq!(item_at(&found, three + 4).and_then(|it| it.number), Some(3));
        assert_eq!(item_at(&found, 0).and_then(|it| it.number), None);
    }

    #[test]
    fn numbering_that_restarts_gives_no_numbers() {
        let got = shape("I. Công tác CCHC\n1. Giao Phòng Nội vụ hướng dẫn.\nII. Công tác khác\n1. Giao Phòng Y tế kiểm tra.");
        let numbered: Vec<_> = got.iter().filter(|(_, t)| t.starts_with("Giao")).collect();
        assert_eq!(numbered, [&(None, "Giao Phòng Nội vụ hướng dẫn.".to_string()), &(None, "Giao Phòng Y tế kiểm tra.".to_string())]);
    }

    #[test]
    fn prose_cuts_at_sentences_and_capitalised_semicolons() {
        let got = shape("Giao Phòng Nội vụ hướng dẫn; các xã báo cáo. Giao TT. Mỹ Lộc rà soát; Phòng Tư pháp kiểm tra;  đồng thời tổng hợp");
        assert_eq!(
            got,
            [
                (None, "Giao Phòng Nội vụ hướng dẫn; các xã báo cáo.".to_string()),
                (None, "Giao TT. Mỹ Lộc rà soát".to_string()),
                (None, "Phòng Tư pháp kiểm tra;  đồng thời tổng hợp".to_string()),
            ]
        );
    }
}
