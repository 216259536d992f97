//! `dondoc-cli report` as the office runs it: the real binary on a generated store. The
//! .xlsx it writes is read back by calamine and its sums compared with what
//! `dondoc-cli stats --json` prints for the same store and date.

mod common;

use common::{cli, ok};
use std::io::Cursor;
use std::path::Path;
use std::process::Output;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::Value;

/// The generated store's "tính đến ngày".
const AT: &str = "2024-06-30";

/// A store of 600 generated parts in `dir`.
fn generated(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("d.sqlite3");
    ok(cli(&db, &["bench-data", "--assignments", "600"]));
    db
}

fn report(db: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", "--at", AT, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    cli(db, &args)
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    book.worksheet_range(name).unwrap()
}

fn number(range: &Range<Data>, row: u32, col: u32) -> i64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f as i64,
        other => panic!("({row}, {col}) is a number, not {other:?}"),
    }
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is text, not {other:?}"),
    }
}

/// The JSON fields of the summary's count columns, in the sheet's order from column 3.
const FIELDS: [&str; 9] =
    ["total", "done_on_time", "done_late", "done_no_deadline", "target_missed", "in_progress", "overdue", "open_no_deadline", "cancelled"];

#[test]
fn xlsx_sums_equal_stats_json_and_csv_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path());
    let out = dir.path().join("báo cáo.xlsx");
    let line: Value = serde_json::from_str(&ok(report(&db, &out, &["--format", "xlsx"]))).unwrap();
    let stats: Value = serde_json::from_str(&ok(cli(&db, &["stats", "--at", AT, "--json"]))).unwrap();
    let stats = stats.as_array().unwrap();
    assert_eq!(line["out"], out.to_str().unwrap());
    assert_eq!(line["format"], "xlsx");
    assert_eq!(line["units"], stats.len());
    let parts: i64 = stats.iter().map(|u| u["total"].as_i64().unwrap()).sum();
    assert_eq!(line["rows"], parts, "one row per part that existed on the date");

    let summary = sheet(&out, "Tổng hợp");
    let first = 4; // the header is on row 3
    for (i, _) in stats.iter().enumerate() {
        let row = first + i as u32;
        let code = text(&summary, row, 2);
        let unit = stats.iter().find(|u| u["unit"] == code.as_str()).unwrap_or_else(|| panic!("{code} is in stats"));
        for (k, field) in FIELDS.iter().enumerate() {
            assert_eq!(number(&summary, row, 3 + k as u32), unit[field].as_i64().unwrap(), "{code}: {field}");
        }
        assert_eq!(number(&summary, row, 13), unit["coordinating"].as_i64().unwrap(), "{code}: coordinating");
    }
    let total = first + stats.len() as u32;
    assert_eq!(text(&summary, total, 1), "Tổng cộng");
    for (k, field) in FIELDS.iter().enumerate() {
        let sum: i64 = stats.iter().map(|u| u[field].as_i64().unwrap()).sum();
        assert_eq!(number(&summary, total, 3 + k as u32), sum, "total {field}");
    }
    assert_eq!(sheet(&out, "Phần việc").height() as i64, 1 + parts);

    let csv = dir.path().join("báo cáo.csv");
    let line: Value = serde_json::from_str(&ok(report(&db, &csv, &["--format", "csv"]))).unwrap();
    assert_eq!((&line["format"], &line["rows"]), (&Value::from("csv"), &Value::from(parts)));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}Mã phần việc,Đơn vị,".as_bytes()));
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path());
    let out = dir.path().join("r.csv");
    std::fs::write(&out, "giữ nguyên").unwrap();
    let refused = report(&db, &out, &["--format", "csv"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("Đã có tệp") && stderr.contains("ghi đè"), "{stderr}");
    assert!(refused.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "giữ nguyên");
    ok(report(&db, &out, &["--format", "csv", "--force"]));
    assert!(std::fs::read(&out).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]));
}

#[test]
fn an_unwritable_folder_is_a_clear_error_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path());
    // As root only a folder the kernel refuses stops a write; otherwise a read-only folder.
    let root = std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false);
    let out = if root {
        Path::new("/sys/kernel/x.xlsx").to_path_buf()
    } else {
        let locked = dir.path().join("khóa");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
        locked.join("x.xlsx")
    };
    let failed = report(&db, &out, &["--format", "xlsx"]);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains(&format!("Không ghi được tệp {}", out.display())) && stderr.contains("không có quyền ghi"), "{stderr}");
    assert!(!out.exists());
    assert!(failed.stdout.is_empty());
}

#[test]
fn one_unit_or_one_conference_and_clear_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = generated(dir.path());
    let out = dir.path().join("ha.xlsx");
    let line: Value = serde_json::from_str(&ok(report(&db, &out, &["--format", "xlsx", "--unit", "my ha"]))).unwrap();
    assert_eq!(line["units"], 1);
    let stats: Value = serde_json::from_str(&ok(cli(&db, &["stats", "--at", AT, "--json", "--unit", "xa-my-ha"]))).unwrap();
    assert_eq!(line["rows"], stats[0]["total"]);
    assert_eq!(text(&sheet(&out, "Tổng hợp"), 1, 0), format!("Đơn vị: UBND xã Mỹ Hà — tính đến ngày 30/06/2024"));

    let conference: i64 = rusqlite::Connection::open(&db).unwrap().query_row("SELECT min(id) FROM conference", [], |r| r.get(0)).unwrap();
    let csv = dir.path().join("hn.csv");
    let line: Value = serde_json::from_str(&ok(report(&db, &csv, &["--format", "csv", "--conference", &conference.to_string()]))).unwrap();
    assert!(line["rows"].as_i64().unwrap() > 0);

    let nowhere = dir.path().join("không.xlsx");
    let group = report(&db, &nowhere, &["--format", "xlsx", "--unit", "@communes"]);
    assert_eq!(group.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&group.stderr).contains("chỉ nhận một đơn vị"), "{}", String::from_utf8_lossy(&group.stderr));
    let missing = report(&db, &nowhere, &["--format", "xlsx", "--conference", "999999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Không tìm thấy hội nghị (mã 999999)."));
    assert!(!nowhere.exists());
}
