//! A folded view of the input text: one ASCII byte per kept input character (case and
//! diacritics removed with [`crate::text::fold`], `đ` → `d`), a map back to the input's
//! character offsets, word tokens, and sentence boundaries.
//!
//! Every rule of the reader works on this view, so NFC and NFD input, upper and lower
//! case, and text typed without diacritics all read the same.

use crate::text;

/// A word or number token: bytes `a..b` of [`Scan::s`], all ASCII letters or digits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub a: usize,
    pub b: usize,
}

/// The folded text and its tokens.
pub(crate) struct Scan {
    /// For each byte of `s`, the input character offset it came from.
    pub pos: Vec<usize>,
    /// The input characters.
    pub orig: Vec<char>,
    /// Word tokens in order.
    pub toks: Vec<Tok>,
    /// Parenthesis depth at each token.
    pub depth: Vec<u16>,
    /// Folded text, ASCII only (other characters become `~`, dashes `-`, quotes `"`). Kept
    /// as a string so that [`Scan::word`] (called for nearly every rule at every token)
    /// slices it without validating UTF-8 each time; [`Scan::s`] gives its bytes.
    text: String,
    /// For each token, the registry aliases whose words start there, as (alias index,
    /// token after), shortest first and in alias order for equal ends. Filled once per
    /// text by [`super::units::Index::annotate`]; empty until then.
    pub names: Vec<Vec<(usize, usize)>>,
}

/// Abbreviations written with a dot that do not end a sentence ("TT. Mỹ Lộc").
const DOTTED_ABBREVIATIONS: &[&str] = &["tt", "tp", "tx", "q", "p", "ths", "ts", "gs", "pgs", "bs", "ks", "ong", "ba"];

impl Scan {
    pub fn new(input: &str) -> Scan {
        let orig: Vec<char> = input.chars().collect();
        let mut s = Vec::with_capacity(orig.len());
        let mut pos = Vec::with_capacity(orig.len());
        let mut buf = [0u8; 4];
        for (k, &c) in orig.iter().enumerate() {
            if c == '\n' || c == '\r' {
                s.push(b'\n');
                pos.push(k);
                continue;
            }
            if c.is_whitespace() {
                s.push(b' ');
                pos.push(k);
                continue;
            }
            if c.is_ascii() {
                // What `text::fold` gives for one ASCII character, without its allocation
                // and normalisation (most characters of a conclusion are ASCII).
                s.push(c.to_ascii_lowercase() as u8);
                pos.push(k);
                continue;
            }
            for fc in text::fold(c.encode_utf8(&mut buf)).chars() {
                let b = match fc {
                    c if c.is_ascii() => c as u8,
                    '–' | '—' | '‐' | '‑' | '−' => b'-',
                    '“' | '”' | '„' | '«' | '»' => b'"',
                    '‘' | '’' => b'\'',
                    _ => b'~',
                };
                s.push(b);
                pos.push(k);
            }
        }
        let mut toks = Vec::new();
        let mut i = 0;
        while i < s.len() {
            if s[i].is_ascii_alphanumeric() {
                let a = i;
                while i < s.len() && s[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                toks.push(Tok { a, b: i });
            } else {
                i += 1;
            }
        }
        let mut depth = Vec::with_capacity(toks.len());
        let mut d: i32 = 0;
        let mut last = 0;
        for t in &toks {
            for &c in &s[last..t.a] {
                match c {
                    b'(' => d += 1,
                    b')' => d = (d - 1).max(0),
                    _ => {}
                }
            }
            // A sentence never inherits an unclosed parenthesis from a previous one.
            if s[last..t.a].contains(&b'\n') {
                d = 0;
            }
            depth.push(d as u16);
            last = t.b;
        }
        // Every byte pushed above is ASCII.
        let text = String::from_utf8(s).unwrap_or_default();
        Scan { pos, orig, toks, depth, text, names: Vec::new() }
    }

    /// The folded text's bytes.
    pub fn s(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The text of token `t`.
    pub fn word(&self, t: usize) -> &str {
        match self.toks.get(t) {
            Some(k) => self.text.get(k.a..k.b).unwrap_or(""),
            None => "",
        }
    }

    /// The bytes between token `t - 1` and token `t` (from the start for `t == 0`, to the
    /// end for `t == toks.len()`).
    pub fn gap(&self, t: usize) -> &[u8] {
        let a = if t == 0 { 0 } else { self.toks[t - 1].b };
        let b = self.toks.get(t).map_or(self.s().len(), |k| k.a);
        &self.s()[a..b.max(a)]
    }

    /// Whether the gap before `t` is only blanks (a phrase may run across it).
    pub fn tight(&self, t: usize) -> bool {
        self.gap(t).iter().all(|c| *c == b' ')
    }

    /// Whether the gap before `t` contains any of `chars`.
    pub fn gap_has(&self, t: usize, chars: &[u8]) -> bool {
        self.gap(t).iter().any(|c| chars.contains(c))
    }

    /// Matches the blank-separated words of `phrase` at token `t`; returns the token after.
    ///
    /// This is the innermost call of most rules (tried for every phrase at every token),
    /// so it compares bytes in place instead of splitting `phrase`: a first word that
    /// differs costs one short comparison.
    pub fn phrase(&self, t: usize, limit: usize, phrase: &str) -> Option<usize> {
        let mut rest = phrase.as_bytes();
        let mut k = t;
        loop {
            let w = self.word(k).as_bytes();
            if k >= limit || w.is_empty() || !rest.starts_with(w) || (k > t && !self.tight(k)) {
                return None;
            }
            rest = &rest[w.len()..];
            k += 1;
            match rest.split_first() {
                None => return Some(k),
                Some((b' ', more)) => rest = more,
                // The phrase's word goes on past the token's.
                Some(_) => return None,
            }
        }
    }

    /// The first of `phrases` that matches at `t`, as (index, token after).
    pub fn any_phrase(&self, t: usize, limit: usize, phrases: &[&str]) -> Option<(usize, usize)> {
        phrases.iter().enumerate().find_map(|(i, p)| self.phrase(t, limit, p).map(|e| (i, e)))
    }

    /// Whether one of `phrases` starts at some token in `[t0, t1)`.
    pub fn any_phrase_in(&self, t0: usize, t1: usize, phrases: &[&str]) -> bool {
        (t0..t1).any(|t| self.any_phrase(t, t1, phrases).is_some())
    }

    /// Whether the blank-separated `phrase` ends right before token `t` (starting at or after
    /// `floor`), with only blanks between it and `t`.
    pub fn ends_before(&self, t: usize, floor: usize, phrase: &str) -> bool {
        let n = phrase.bytes().filter(|&c| c == b' ').count() + 1;
        t >= floor + n && self.phrase(t - n, t, phrase) == Some(t) && self.tight(t)
    }

    /// Token indices `[t0, t1)` of the tokens inside bytes `[a, b)`.
    pub fn tok_range(&self, a: usize, b: usize) -> (usize, usize) {
        let t0 = self.toks.partition_point(|t| t.a < a);
        let t1 = self.toks.partition_point(|t| t.b <= b);
        (t0, t1.max(t0))
    }

    /// Input character span of bytes `[a, b)`; the end includes trailing combining marks.
    pub fn orig_span(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b || a >= self.pos.len() {
            let p = self.pos.get(a).copied().unwrap_or(self.orig.len());
            return (p, p);
        }
        let start = self.pos[a];
        let mut end = self.pos[b - 1] + 1;
        while end < self.orig.len() && unicode_normalization::char::is_combining_mark(self.orig[end]) {
            end += 1;
        }
        (start, end)
    }

    /// The input text of bytes `[a, b)`, in NFC.
    pub fn orig_text(&self, a: usize, b: usize) -> String {
        let (x, y) = self.orig_span(a, b);
        text::clean(&self.orig[x..y].iter().collect::<String>())
    }

    /// Sentence byte ranges (trimmed). A sentence ends at `.`, `!` or `?` followed by blanks
    /// and an upper-case letter, a digit, a quote or a parenthesis, or at a line break.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let n = self.s().len();
        let mut i = 0;
        while i < n {
            let c = self.s()[i];
            let mut end_here = None;
            if c == b'\n' {
                end_here = Some((i, i + 1));
            } else if matches!(c, b'.' | b'!' | b'?') {
                let mut j = i + 1;
                while j < n && self.s()[j] == b' ' {
                    j += 1;
                }
                if j == n || (j > i + 1 && self.starts_sentence(j) && !self.abbreviation_before(i)) {
                    end_here = Some((i + 1, j));
                }
            }
            if let Some((e, next)) = end_here {
                self.push_trimmed(&mut out, start, e);
                start = next;
                i = next;
                continue;
            }
            i += 1;
        }
        self.push_trimmed(&mut out, start, n);
        out
    }

    fn starts_sentence(&self, j: usize) -> bool {
        let c = self.orig[self.pos[j]];
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '\'' | '‘' | '-' | '+' | '•')
    }

    fn abbreviation_before(&self, dot: usize) -> bool {
        let mut a = dot;
        while a > 0 && self.s()[a - 1].is_ascii_alphabetic() {
            a -= 1;
        }
        let w = self.text.get(a..dot).unwrap_or("");
        !w.is_empty() && DOTTED_ABBREVIATIONS.contains(&w)
    }

    fn push_trimmed(&self, out: &mut Vec<(usize, usize)>, mut a: usize, mut b: usize) {
        while a < b && matches!(self.s()[a], b' ' | b'\n') {
            a += 1;
        }
        while b > a && matches!(self.s()[b - 1], b' ' | b'\n') {
            b -= 1;
        }
        if self.s()[a..b].iter().any(|c| c.is_ascii_alphanumeric()) {
            out.push((a, b));
        }
    }
}

/// Parses a token as an unsigned integer (leading zeros allowed).
pub(crate) fn int(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 9 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}
