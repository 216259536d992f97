//! Keeps the real-text corpus (`data/real-corpus/`, issue 20) honest: every case parses in the
//! shared case schema, every unit code and group in its annotation exists in the Mỹ Lộc
//! registry the reader uses, every case cites the public page it was taken from, and the
//! corpus README lists every case with that address. A typo in a code would otherwise only
//! show up as a silently lower score.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Unit codes and "@group" names of the registry.
fn registry() -> (BTreeSet<String>, BTreeSet<String>) {
    let text = std::fs::read_to_string(data().join("units-myloc.json")).unwrap();
    let reg: Value = serde_json::from_str(&text).unwrap();
    let codes = reg["units"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap().to_string()).collect();
    let groups = reg["groups"].as_object().unwrap().keys().map(|g| format!("@{g}")).collect();
    (codes, groups)
}

/// (file name, parsed case) for every case file, in name order.
fn cases() -> Vec<(String, Value)> {
    let dir = data().join("real-corpus");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".json")).collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            let case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{n}: not JSON: {e}"));
            (n, case)
        })
        .collect()
}

/// Why a `YYYY-MM-DD` string is not a real calendar date, if it is not.
fn date_error(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok_shape = parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2;
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if !ok_shape || nums.len() != 3 {
        return Some(format!("{s:?} is not YYYY-MM-DD"));
    }
    let (y, m, d) = (nums[0], nums[1], nums[2]);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Some(format!("{s:?} has no month {m}")),
    };
    (d == 0 || d > days).then(|| format!("{s:?} has no day {d}"))
}

/// Everything wrong with one task of a case.
fn task_errors(task: &Value, codes: &BTreeSet<String>, groups: &BTreeSet<String>) -> Vec<String> {
    let mut errors = Vec::new();
    for field in ["assignees", "coordinators"] {
        match task[field].as_array() {
            None => errors.push(format!("{field} is not a list")),
            Some(list) => {
                if field == "assignees" && list.is_empty() {
                    errors.push("a task without assignees".into());
                }
                for item in list {
                    let name = item.as_str().unwrap_or("");
                    if !codes.contains(name) && !groups.contains(name) {
                        errors.push(format!("{field}: {item} is not a unit code or group of units-myloc.json"));
                    }
                }
            }
        }
    }
    match &task["deadline"] {
        Value::Null => {}
        Value::String(d) => errors.extend(date_error(d)),
        other => errors.push(format!("deadline {other} is neither null nor a date")),
    }
    match &task["recurrence"] {
        Value::Null => {}
        Value::String(r) => {
            let (kind, arg) = r.split_once(':').unwrap_or((r, ""));
            let ok = match kind {
                "daily" | "quarterly" | "semiannual" => arg.is_empty(),
                "weekly" => arg.is_empty() || ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].contains(&arg),
                "monthly" => arg.is_empty() || arg.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)),
                "yearly" => arg.is_empty() || date_error(&format!("2024-{arg}")).is_none(),
                _ => false,
            };
            if !ok {
                errors.push(format!("recurrence {r:?} is not in the schema"));
            }
        }
        other => errors.push(format!("recurrence {other} is neither null nor a string")),
    }
    match &task["target"] {
        Value::Null => {}
        Value::Object(t) => {
            if !["<", "<=", "=", ">=", ">"].contains(&t.get("op").and_then(Value::as_str).unwrap_or("")) {
                errors.push(format!("target op {:?} is not one of < <= = >= >", t.get("op")));
            }
            if !t.get("value").is_some_and(Value::is_number) {
                errors.push("target value is not a number".into());
            }
        }
        other => errors.push(format!("target {other} is neither null nor an object")),
    }
    if task["summary"].as_str().is_none_or(|s| s.trim().is_empty()) {
        errors.push("a task without a summary".into());
    }
    errors
}

/// Everything wrong with one case file.
fn case_errors(name: &str, case: &Value, codes: &BTreeSet<String>, groups: &BTreeSet<String>) -> Vec<String> {
    let mut errors = Vec::new();
    let want_id = format!("real-{}", name.trim_end_matches(".json"));
    if case["id"].as_str() != Some(want_id.as_str()) {
        errors.push(format!("id {} should be {want_id:?}", case["id"]));
    }
    match case["meeting_date"].as_str() {
        Some(d) => errors.extend(date_error(d)),
        None => errors.push("no meeting_date".into()),
    }
    for field in ["text", "notes", "meeting"] {
        if case[field].as_str().is_none_or(|s| s.trim().is_empty()) {
            errors.push(format!("empty {field}"));
        }
    }
    match case["expected"].as_array() {
        None => errors.push("expected is not a list".into()),
        Some(tasks) => {
            for (i, task) in tasks.iter().enumerate() {
                errors.extend(task_errors(task, codes, groups).into_iter().map(|e| format!("task {}: {e}", i + 1)));
            }
        }
    }
    let url = case["source"]["url"].as_str().unwrap_or("");
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        errors.push(format!("source.url {url:?} is not a web address"));
    }
    for field in ["title", "publisher"] {
        if case["source"][field].as_str().is_none_or(|s| s.trim().is_empty()) {
            errors.push(format!("empty source.{field}"));
        }
    }
    if case["source"].get("published").is_none() {
        errors.push("no source.published (null when the page gives no date)".into());
    }
    errors
}

#[test]
fn every_case_parses_names_registry_units_and_cites_its_source() {
    let (codes, groups) = registry();
    let cases = cases();
    assert!(cases.len() >= 20, "issue 20 asks for at least 20 real texts, found {}", cases.len());
    let errors: Vec<String> =
        cases.iter().flat_map(|(name, case)| case_errors(name, case, &codes, &groups).into_iter().map(move |e| format!("{name}: {e}"))).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_readme_lists_every_case_with_its_address() {
    let readme = std::fs::read_to_string(data().join("real-corpus").join("README.md")).unwrap();
    let missing: Vec<String> = cases()
        .iter()
        .filter(|(_, case)| !readme.contains(case["id"].as_str().unwrap()) || !readme.contains(case["source"]["url"].as_str().unwrap()))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(missing.is_empty(), "README.md does not list {missing:?} with its source address");
}

#[test]
fn the_checks_catch_a_bad_case() {
    let (codes, groups) = registry();
    let (name, good) = cases().into_iter().find(|(_, c)| !c["expected"].as_array().unwrap().is_empty()).unwrap();
    assert_eq!(case_errors(&name, &good, &codes, &groups), Vec::<String>::new());
    let mut bad = good.clone();
    bad["expected"][0]["assignees"] = serde_json::json!(["phong-khong-co", "@xa"]);
    bad["expected"][0]["deadline"] = serde_json::json!("2023-02-29");
    bad["expected"][0]["target"] = serde_json::json!({"op": "~", "value": "60"});
    bad["source"]["url"] = serde_json::json!("");
    let errors = case_errors(&name, &bad, &codes, &groups);
    for needle in ["phong-khong-co", "@xa", "2023-02-29", "target op", "target value", "source.url"] {
        assert!(errors.iter().any(|e| e.contains(needle)), "no error about {needle}: {errors:?}");
    }
}
