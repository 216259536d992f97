//! The index from and to Excel: a province-style workbook written here (a title above the
//! header, a numbering row, an average row under the units), previewed, mapped, read and
//! saved; the exported table read back by calamine.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use dondoc_core::par::{self, export, frameworks, scores, sheet, Framework, ParLevel};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::par::{fixture, row, scores_file, store_2022};
use crate::{ctx, store};

/// The header of the province's sheet: field names in capitals, as such sheets write them.
const FIELD_HEADERS: [&str; 7] = [
    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC",
    "CẢI CÁCH THỂ CHẾ",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG",
    "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH",
    "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
    "CẢI CÁCH TÀI CHÍNH CÔNG",
    "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
];

/// The 2022 fixture as the province's workbook; `edit(row, col)` may replace a data cell's
/// text (row 0 is the first unit).
pub fn province_workbook(edit: &dyn Fn(usize, u16) -> Option<&'static str>) -> Vec<u8> {
    let file = scores_file("scores-2022-commune.json");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Cấp xã").unwrap();
    ws.write_string(0, 0, "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 CỦA UBND CÁC XÃ, THỊ TRẤN").unwrap();
    ws.write_string(1, 0, "(Kèm theo Quyết định số 123/QĐ-UBND của UBND tỉnh)").unwrap();
    let mut headers = vec!["STT", "Tên đơn vị", "Điểm tự đánh giá"];
    headers.extend(FIELD_HEADERS);
    headers.extend(["Tổng điểm thẩm định", "Chỉ số CCHC (%)"]);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
        ws.write_string(4, c as u16, format!("({})", c + 1)).unwrap();
    }
    for (i, r) in file.rows.iter().enumerate() {
        let at = 5 + i as u32;
        ws.write_number(at, 0, (i + 1) as f64).unwrap();
        ws.write_string(at, 1, &r.name).unwrap();
        ws.write_number(at, 2, r.self_points).unwrap();
        for (k, v) in r.fields.values().enumerate() {
            ws.write_number(at, 3 + k as u16, v.as_f64().unwrap()).unwrap();
        }
        // One total typed as text with a decimal comma, as some sheets hold it.
        if i == 0 {
            ws.write_string(at, 10, r.appraisal.to_string().replace('.', ",")).unwrap();
        } else {
            ws.write_number(at, 10, r.appraisal).unwrap();
        }
        // The index as the province's formula leaves it (85,842857…), Mỹ Phúc's as a share
        // in a cell formatted as a percentage.
        let share = r.appraisal / 70.0;
        ws.write_number(at, 11, if r.unit == "xa-my-phuc" { share } else { share * 100.0 }).unwrap();
        for c in 1..=10u16 {
            if let Some(text) = edit(i, c) {
                ws.write_string(at, c, text).unwrap();
            }
        }
    }
    let avg = 5 + file.rows.len() as u32;
    ws.write_string(avg, 1, "Trung bình").unwrap();
    ws.write_number(avg, 10, 55.25).unwrap();
    book.save_to_buffer().unwrap()
}

pub fn framework_2022() -> Framework {
    frameworks::from_json(&fixture("framework-2022-commune-full.json")).unwrap().remove(0)
}

#[test]
fn a_province_sheet_is_previewed_mapped_read_and_saved() {
    let bytes = province_workbook(&|_, _| None);
    let f = framework_2022();
    let preview = sheet::preview(&bytes, None).unwrap();
    assert_eq!(preview.sheets, vec!["Cấp xã"]);
    assert_eq!(preview.header_row, 3, "found under the title, not assumed");
    assert_eq!(preview.headers[1], "Tên đơn vị");
    assert_eq!(preview.rows.len(), 12, "at most 12 rows");
    assert_eq!(preview.rows[1][1], "TT Mỹ Lộc");
    assert_eq!(preview.rows[1][10], "60,09", "shown with a decimal comma");

    let m = sheet::propose(&preview, &f);
    assert_eq!((m.unit, m.self_points, m.appraisal, m.index), (Some(1), Some(2), Some(10), Some(11)));
    let fields: Vec<(String, Option<usize>)> = m.fields.iter().map(|c| (c.key.clone(), c.column)).collect();
    let expected: Vec<(String, Option<usize>)> = f.fields.iter().enumerate().map(|(i, x)| (x.key.clone(), Some(3 + i))).collect();
    assert_eq!(fields, expected, "field names matched in capitals, diacritics folded");

    let mut s = store();
    s.write(|tx| frameworks::save(tx, &ctx(), &f)).unwrap();
    let rows = sheet::read(&bytes, &m, &f, s.conn()).unwrap();
    assert_eq!(rows.len(), 11, "the numbering row and the average row are skipped");
    let entered: Vec<Option<f64>> = rows.iter().map(|r| r.entered_index).collect();
    assert_eq!((entered[0], entered[3]), (Some(85.84), Some(73.64)), "cut to the published decimals, a share read as a percentage");
    s.write(|tx| scores::save_year(tx, &ctx(), 2022, ParLevel::Commune, &rows, false)).unwrap();

    let imported = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let reference = par::table(store_2022().conn(), 2022, ParLevel::Commune).unwrap();
    assert_eq!(imported.rows, reference.rows, "the sheet gives the same table as the fixture; its indexes are the derived ones");
    assert_eq!(imported.average, reference.average);
    assert_eq!(row(&imported, "tt-my-loc").self_points, Some(60.84));
    assert_eq!(imported.average.unwrap().index, Some(78.92));
}

/// A bad sheet is refused with its sheet row and column, and nothing is saved.
fn refused(edit: &dyn Fn(usize, u16) -> Option<&'static str>) -> String {
    let bytes = province_workbook(edit);
    let f = framework_2022();
    let mut s = store();
    s.write(|tx| frameworks::save(tx, &ctx(), &f)).unwrap();
    let m = sheet::propose(&sheet::preview(&bytes, None).unwrap(), &f);
    let err = sheet::read(&bytes, &m, &f, s.conn()).unwrap_err();
    assert_eq!(err.code(), "validation", "{err}");
    assert_eq!(scores::count(s.conn(), 2022, ParLevel::Commune).unwrap(), 0);
    err.to_string()
}

#[test]
fn a_bad_cell_is_named_by_its_sheet_row_and_column() {
    // Mỹ Phúc is the fourth unit: sheet row 9 (1-based, under the title, header and numbering).
    let text = refused(&|r, c| (r == 3 && c == 4).then_some("năm phẩy năm"));
    assert!(text.contains("Dòng 9, cột “CẢI CÁCH THỂ CHẾ”: “năm phẩy năm” không phải là một số"), "{text}");
    assert!(text.contains("chưa nhập gì"), "{text}");

    let text = refused(&|r, c| (r == 1 && c == 1).then_some("Xã Mỹ Xuân"));
    assert!(text.contains("Dòng 7: không tìm thấy “Xã Mỹ Xuân” trong danh mục đơn vị thuộc cấp xã"), "{text}");

    let text = refused(&|r, c| (r == 2 && c == 4).then_some("5,7512"));
    assert!(text.contains("Dòng 8 (Mỹ Hưng): Điểm lĩnh vực “Cải cách thể chế” 5,7512 có quá 3 chữ số thập phân"), "{text}");

    let text = refused(&|r, c| (r == 3 && c == 5).then_some("22"));
    assert!(
        text.contains(
            "Dòng 9 (Mỹ Phúc): lĩnh vực “Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông” được 22 điểm, vượt điểm tối đa 21."
        ),
        "{text}"
    );

    // A unit written twice: the second Mỹ Hà is the same unit as the first.
    let text = refused(&|r, c| (r == 10 && c == 1).then_some("UBND xã Mỹ Hà"));
    assert!(text.contains("Dòng 16 (Mỹ Hà): đơn vị đã có ở dòng 7"), "{text}");
}

fn sheet_of(bytes: &[u8]) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    book.worksheet_range(export::SHEET).unwrap()
}

fn num(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row}, {col}) is a number, not {other:?}"),
    }
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is text, not {other:?}"),
    }
}

#[test]
fn the_table_exports_to_xlsx_with_numbers_as_numbers() {
    let s = store_2022();
    let t = par::table(s.conn(), 2022, ParLevel::Commune).unwrap();
    let r = sheet_of(&export::table_xlsx(&t).unwrap());
    assert_eq!(text(&r, 0, 0), "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 – CẤP XÃ");
    let h = export::HEADER_ROW;
    assert_eq!(text(&r, h, 0), "Hạng");
    assert_eq!(text(&r, h, 4), "Chỉ số CCHC (%)");
    assert_eq!(text(&r, h, 8), "Cải cách thể chế (tối đa 6) (%)");
    for (i, line) in t.rows.iter().enumerate() {
        let at = h + 1 + i as u32;
        assert_eq!(text(&r, at, 1), line.unit);
        assert_eq!(num(&r, at, 0), f64::from(line.rank.unwrap()));
        assert_eq!(num(&r, at, 3), line.points.unwrap());
        assert_eq!(num(&r, at, 4), line.index.unwrap());
        for (k, cell) in line.fields.iter().enumerate() {
            assert_eq!(num(&r, at, 7 + k as u32), cell.percent.unwrap(), "{} {}", line.unit, cell.key);
        }
    }
    let first = h + 1;
    assert_eq!((text(&r, first, 1), num(&r, first, 4), text(&r, first, 5)), ("TT Mỹ Lộc".into(), 85.84, "Nhóm I".into()));
    let last = h + 11;
    assert_eq!((text(&r, last, 1), num(&r, last, 3), num(&r, last, 4)), ("Mỹ Phúc".into(), 51.55, 73.64));
    assert_eq!(num(&r, last, 9), 62.3, "its weakest field");
    let avg = h + 12;
    assert_eq!(text(&r, avg, 1), "Trung bình (11 đơn vị)");
    assert_eq!((num(&r, avg, 3), num(&r, avg, 4)), (55.25, 78.92));
    assert_eq!((num(&r, avg, 8), num(&r, avg, 9), num(&r, avg, 12)), (95.8, 82.3, 93.1));
}

#[test]
fn an_entered_figure_that_differs_is_noted_in_the_export() {
    let mut s = store();
    dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    let t = par::table(s.conn(), 2022, ParLevel::Department).unwrap();
    let r = sheet_of(&export::table_xlsx(&t).unwrap());
    let avg = export::HEADER_ROW + 1;
    assert_eq!(text(&r, avg, 1), "Trung bình (công bố)");
    assert_eq!((num(&r, avg, 3), num(&r, avg, 4)), (63.0, 89.66));
    assert_eq!(text(&r, avg, 7), "Chỉ số tính từ điểm: 90,00%");
    let _: Value = serde_json::to_value(&t).unwrap();
}
