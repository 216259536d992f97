//! Robustness of the directive reader over arbitrary input: random Unicode (combining marks,
//! controls, emoji, right-to-left), and mutations of real conclusions. No panic, no hang,
//! spans always inside the text.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use dondoc_core::reader::Reader;
use dondoc_core::registry;
use dondoc_devtools::benchdata::Rng;

const SEED: &str = include_str!("../data/seed-myloc-cchc-2022.json");

/// A number in `0..n`, as an index.
fn below(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

const PIECES: &[&str] = &[
    "trước ngày ",
    "/",
    "%",
    "trên ",
    "UBND các xã, thị trấn",
    "Phòng TN&MT",
    "phối hợp với ",
    "hằng tháng",
    "quý II/",
    "không để ",
    "quá hạn",
    ". ",
    ", ",
    ";",
    "(",
    ")",
    "0,5",
    "01",
    "2023",
    "31/02",
    "99/99/9999",
    "tháng 13",
    "Giao ",
    "cấp xã",
    "mỗi",
    "\u{301}",
    "\u{300}\u{323}",
    "đ",
    "Đ",
    "\u{200b}",
    "\u{202e}",
    "🙂",
    "\n",
    "\t",
    "\0",
    "  ",
];

fn random_text(rng: &mut Rng, seed_text: &[char]) -> String {
    let mut out = String::new();
    for _ in 0..below(rng, 60) {
        match below(rng, 4) {
            0 => out.push_str(PIECES[below(rng, PIECES.len())]),
            1 => {
                // Any scalar value, including unassigned ones.
                let c = char::from_u32(below(rng, 0x11_0000) as u32).unwrap_or('\u{fffd}');
                out.push(c);
            }
            2 => {
                let start = below(rng, seed_text.len());
                let len = below(rng, 80);
                out.extend(seed_text[start..(start + len).min(seed_text.len())].iter());
            }
            _ => out.push_str(&below(rng, 100_000).to_string()),
        }
    }
    out
}

#[test]
fn arbitrary_input_never_panics_or_hangs() {
    let units = registry::parse(registry::MY_LOC_REGISTRY).unwrap();
    let reader = Reader::new(&units);
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let seed_text: Vec<char> = seed["text"].as_str().unwrap().chars().collect();
    let day = NaiveDate::from_ymd_opt(2023, 1, 12).unwrap();
    let mut rng = Rng(2023);
    let mut slowest = Duration::ZERO;
    for case in 0..3000 {
        let text = random_text(&mut rng, &seed_text);
        let t = Instant::now();
        let tasks = reader.read(&text, day);
        slowest = slowest.max(t.elapsed());
        let n = text.chars().count();
        for task in &tasks {
            assert!(task.span.0 <= task.span.1 && task.span.1 <= n, "case {case}: span {:?} outside {n} chars", task.span);
        }
    }
    assert!(slowest < Duration::from_secs(1), "a short random text took {slowest:?}");
}
