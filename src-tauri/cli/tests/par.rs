//! `dondoc-cli par` as the office runs it: the real binary on a real store file. A
//! framework from JSON, the communes' 2022 points from a province-style .xlsx written here
//! (a title above the header), the ranked table's JSON contract with the seed's figures,
//! `--dry-run` and a bad sheet writing nothing, and the export read back by calamine.

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{cli, json_line, ok};
use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/par").join(name)
}

/// A store file with the 2022 commune framework imported.
fn with_framework(dir: &Path) -> PathBuf {
    let db = dir.join("d.sqlite3");
    let line = json_line(cli(&db, &["par", "framework", "import", data("framework-2022-commune-full.json").to_str().unwrap()]));
    assert_eq!(line, serde_json::json!({"imported": [{"year": 2022, "level": "commune", "fields": 7}]}));
    db
}

/// The fixture's 2022 points as the province's workbook, `unit_header` over the names;
/// `bad` puts a text in Mỹ Phúc's thể chế cell.
fn workbook(dir: &Path, unit_header: &str, bad: Option<&str>) -> PathBuf {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(data("scores-2022-commune.json")).unwrap()).unwrap();
    let framework: Value = serde_json::from_str(&std::fs::read_to_string(data("framework-2022-commune-full.json")).unwrap()).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2022 CÁC XÃ, THỊ TRẤN").unwrap();
    ws.write_string(2, 0, "STT").unwrap();
    ws.write_string(2, 1, unit_header).unwrap();
    for (k, f) in framework["fields"].as_array().unwrap().iter().enumerate() {
        ws.write_string(2, 2 + k as u16, f["name"].as_str().unwrap().to_uppercase()).unwrap();
    }
    ws.write_string(2, 9, "Tổng điểm thẩm định").unwrap();
    for (i, r) in file["rows"].as_array().unwrap().iter().enumerate() {
        let at = 3 + i as u32;
        ws.write_number(at, 0, (i + 1) as f64).unwrap();
        ws.write_string(at, 1, r["name"].as_str().unwrap()).unwrap();
        for (k, v) in r["fields"].as_object().unwrap().values().enumerate() {
            ws.write_number(at, 2 + k as u16, v.as_f64().unwrap()).unwrap();
        }
        ws.write_number(at, 9, r["appraisal"].as_f64().unwrap()).unwrap();
        if let (Some(text), "xa-my-phuc") = (bad, r["unit"].as_str().unwrap()) {
            ws.write_string(at, 3, text).unwrap();
        }
    }
    let path = dir.join("Chỉ số CCHC 2022.xlsx");
    book.save(&path).unwrap();
    path
}

fn import(db: &Path, xlsx: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["par", "import", xlsx.to_str().unwrap(), "--year", "2022", "--level", "commune"];
    args.extend_from_slice(extra);
    cli(db, &args)
}

fn table(db: &Path) -> Vec<Value> {
    let out = ok(cli(db, &["par", "table", "--year", "2022", "--level", "commune", "--json"]));
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

#[test]
fn an_xlsx_import_gives_the_seeds_table_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_framework(dir.path());
    let xlsx = workbook(dir.path(), "Tên đơn vị", None);
    let out = import(&db, &xlsx, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let line = json_line(out);
    assert_eq!((line["rows"].as_i64(), line["written"].as_i64(), line["dryRun"].as_bool()), (Some(11), Some(11), Some(false)));
    assert!(stderr.contains("dòng tiêu đề 3"), "the header found under the title: {stderr}");
    assert!(stderr.contains("Đơn vị: cột B “Tên đơn vị”"), "{stderr}");
    assert!(stderr.contains("Điểm thẩm định: cột J “Tổng điểm thẩm định”"), "{stderr}");
    assert!(stderr.contains("Đã nhập điểm chỉ số CCHC năm 2022 – Cấp xã của 11 đơn vị"), "{stderr}");

    let rows = table(&db);
    assert_eq!(rows.len(), 11);
    for r in &rows {
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["band", "delta", "fields", "index", "max", "points", "rank", "unit"], "exactly the contract's keys");
        for f in r["fields"].as_array().unwrap() {
            let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
            keys.sort();
            assert_eq!(keys, ["key", "max", "name", "percent", "points"]);
        }
        assert!(r["delta"].is_null(), "no 2021: missing as null");
    }
    let first = &rows[0];
    assert_eq!((first["unit"].as_str(), first["points"].as_f64(), first["max"].as_f64()), (Some("TT Mỹ Lộc"), Some(60.09), Some(70.0)));
    assert_eq!((first["index"].as_f64(), first["rank"].as_i64(), first["band"].as_str()), (Some(85.84), Some(1), Some("Nhóm I")));
    let last = &rows[10];
    assert_eq!(
        (last["unit"].as_str(), last["points"].as_f64(), last["index"].as_f64(), last["rank"].as_i64()),
        (Some("Mỹ Phúc"), Some(51.55), Some(73.64), Some(11))
    );
    let tthc = last["fields"].as_array().unwrap().iter().find(|f| f["key"] == "tthc_mot_cua").unwrap();
    assert_eq!((tthc["points"].as_f64(), tthc["max"].as_f64(), tthc["percent"].as_f64()), (Some(13.1), Some(21.0), Some(62.3)));
    let ranks: Vec<i64> = rows.iter().map(|r| r["rank"].as_i64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3, 3, 5, 5, 7, 8, 9, 10, 11], "ties share a rank");

    // Without --json: decimal commas, the average line.
    let text = ok(cli(&db, &["par", "table", "--year", "2022", "--level", "commune"]));
    assert!(text.contains("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 – CẤP XÃ"), "{text}");
    assert!(text.contains("60,09/70") && text.contains("85,84") && text.contains("62,3*"), "{text}");
    let average = text.lines().find(|l| l.contains("Trung bình")).unwrap();
    assert!(average.contains("55,25/70") && average.contains("78,92") && average.contains("95,8") && average.contains("82,3"), "{average}");

    // A second import is refused unless it replaces.
    let again = import(&db, &xlsx, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có điểm của 11 đơn vị"));
    assert_eq!(json_line(import(&db, &xlsx, &["--replace"]))["written"], 11);
}

#[test]
fn a_dry_run_and_a_bad_sheet_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_framework(dir.path());
    let xlsx = workbook(dir.path(), "Tên đơn vị", None);
    let line = json_line(import(&db, &xlsx, &["--dry-run"]));
    assert_eq!((line["rows"].as_i64(), line["written"].as_i64(), line["dryRun"].as_bool()), (Some(11), Some(0), Some(true)));
    assert!(table(&db).is_empty(), "--dry-run writes nothing");

    let bad = workbook(dir.path(), "Tên đơn vị", Some("năm rưỡi"));
    let out = import(&db, &bad, &[]);
    assert_eq!(out.status.code(), Some(2), "a validation error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Lỗi (validation): Bảng tính có lỗi; chưa nhập gì:"), "{stderr}");
    assert!(stderr.contains("Dòng 7, cột “CẢI CÁCH THỂ CHẾ”: “năm rưỡi” không phải là một số."), "{stderr}");
    assert!(table(&db).is_empty(), "nothing half-imported");

    let not_xlsx = dir.path().join("điểm.xlsx");
    std::fs::write(&not_xlsx, "STT;Đơn vị;Điểm").unwrap();
    let out = import(&db, &not_xlsx, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải một bảng tính Excel (.xlsx) hợp lệ"));
    assert!(table(&db).is_empty());
}

#[test]
fn the_mapping_can_be_corrected_with_map() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_framework(dir.path());
    // A header the proposal does not know for the units.
    let xlsx = workbook(dir.path(), "Địa phương", None);
    let out = import(&db, &xlsx, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Hãy chọn cột tên đơn vị."));
    let out = import(&db, &xlsx, &["--map", "unit=B", "--map", "appraisal=-"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(json_line(out)["written"], 11, "{stderr}");
    assert!(stderr.contains("Điểm thẩm định: (không ghép)"), "{stderr}");
    // Without the total column the total is the sum of the fields.
    assert_eq!(table(&db)[0]["points"].as_f64(), Some(60.09));
    let out = import(&db, &xlsx, &["--map", "tong=J", "--replace"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không có vai trò “tong”"));
}

#[test]
fn the_table_exports_to_xlsx_and_the_framework_shows_as_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_framework(dir.path());
    json_line(import(&db, &workbook(dir.path(), "Tên đơn vị", None), &[]));
    let out = dir.path().join("bảng xếp hạng.xlsx");
    let line = json_line(cli(&db, &["par", "export", "--year", "2022", "--level", "commune", "--out", out.to_str().unwrap()]));
    assert_eq!(line, serde_json::json!({"out": out.to_str().unwrap(), "rows": 11}));
    let refused = cli(&db, &["par", "export", "--year", "2022", "--level", "commune", "--out", out.to_str().unwrap()]);
    assert!(!refused.status.success(), "never over an existing file without --force");

    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(std::fs::read(&out).unwrap())).unwrap();
    let r = book.worksheet_range("Chỉ số CCHC").unwrap();
    let cell = |row: u32, col: u32| r.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 0), Data::String("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 – CẤP XÃ".into()));
    assert_eq!((cell(4, 1), cell(4, 3), cell(4, 4)), (Data::String("TT Mỹ Lộc".into()), Data::Float(60.09), Data::Float(85.84)));
    assert_eq!((cell(14, 1), cell(14, 4)), (Data::String("Mỹ Phúc".into()), Data::Float(73.64)));
    assert_eq!((cell(15, 1), cell(15, 3), cell(15, 4)), (Data::String("Trung bình (11 đơn vị)".into()), Data::Float(55.25), Data::Float(78.92)));

    let shown: Value = serde_json::from_str(&ok(cli(&db, &["par", "framework", "show", "--year", "2022", "--level", "commune", "--json"]))).unwrap();
    let file: Value = serde_json::from_str(&std::fs::read_to_string(data("framework-2022-commune-full.json")).unwrap()).unwrap();
    let fields = |v: &Value| -> Vec<(String, String, f64)> {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["key"].as_str().unwrap().into(), f["name"].as_str().unwrap().into(), f["max"].as_f64().unwrap()))
            .collect()
    };
    assert_eq!(fields(&shown), fields(&file), "the same fields as the file imported");
    let bands = |v: &Value| -> Vec<(String, f64)> {
        v["bands"].as_array().unwrap().iter().map(|b| (b["name"].as_str().unwrap().into(), b["minPercent"].as_f64().unwrap())).collect()
    };
    assert_eq!((shown["appraisalMax"].as_f64(), bands(&shown)), (Some(70.0), bands(&file)));
}

#[test]
fn the_demo_shows_the_published_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    ok(cli(&db, &["demo"]));
    let text = ok(cli(&db, &["par", "table", "--year", "2022", "--level", "department"]));
    assert!(text.contains("Trung bình (công bố)") && text.contains("63,00/70") && text.contains("89,66"), "{text}");
    assert!(text.contains("chỉ số công bố khác chỉ số tính từ điểm: 90,00%"), "{text}");
    let district: Value = serde_json::from_str(&ok(cli(&db, &["par", "table", "--year", "2022", "--level", "district", "--json"]))).unwrap();
    let own = &district[0];
    assert_eq!((own["points"].as_f64(), own["max"].as_f64(), own["index"].as_f64(), own["rank"].as_i64()), (Some(85.65), Some(100.0), Some(85.65), Some(7)));
    let missing = cli(&db, &["par", "table", "--year", "2021", "--level", "commune", "--json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Chưa có khung chỉ số CCHC năm 2021 – Cấp xã"));
}
