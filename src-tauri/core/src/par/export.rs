//! A year's table as an Excel workbook (rust_xlsxwriter, with the fonts and the error
//! handling of the status report): a title, a header, one row per unit in rank order with
//! every figure a number (shown with the framework's decimals; Excel writes the decimal
//! comma of the office's locale), and the level's average.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::compute::{fixed, to_milli};
use super::{FieldCell, ParTable};
use crate::documents::xlsx::{xlsx_error, FONT};
use crate::error::Result;

/// The sheet's name.
pub const SHEET: &str = "Chỉ số CCHC";
/// The row (0-based) of the header; unit rows follow, then the average.
pub const HEADER_ROW: u32 = 3;

/// The title: "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 – CẤP XÃ".
pub fn title(table: &ParTable) -> String {
    format!("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {} – {}", table.year, table.level.label().to_uppercase())
}

/// The header of each column, in order.
pub fn headers(table: &ParTable) -> Vec<String> {
    let f = &table.framework;
    let max = |v: Option<f64>| v.and_then(to_milli).map(|m| format!(" (tối đa {})", super::compute::short(m))).unwrap_or_default();
    let mut out: Vec<String> = vec!["Hạng".into(), "Đơn vị".into(), "Điểm tự đánh giá".into(), format!("Điểm thẩm định{}", max(Some(f.appraisal_max)))];
    if f.survey_max.is_some() {
        out.push(format!("Điểm điều tra XHH{}", max(f.survey_max)));
        out.push(format!("Tổng điểm{}", max(Some(f.appraisal_max + f.survey_max.unwrap_or(0.0)))));
    }
    out.push("Chỉ số CCHC (%)".into());
    out.push("Xếp loại".into());
    out.push(match table.previous_year {
        Some(y) => format!("So với năm {y} (điểm %)"),
        None => "So với năm trước (điểm %)".into(),
    });
    out.extend(f.fields.iter().map(|x| format!("{}{} (%)", x.name, max(x.max))));
    out.push("Ghi chú".into());
    out
}

/// An Excel number format with `d` decimals: "0.00".
fn decimals(d: u8) -> String {
    if d == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(usize::from(d)))
    }
}

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    points: Format,
    index: Format,
    field: Format,
    delta: Format,
    weak: Format,
    total_text: Format,
    total_points: Format,
    total_index: Format,
    total_field: Format,
    total_delta: Format,
}

impl Formats {
    fn new(table: &ParTable) -> Formats {
        let d = table.framework.display;
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xD1D5DB));
        let total = cell.clone().set_bold().set_background_color(Color::RGB(0xF3F4F6));
        let idx = decimals(d.index_decimals);
        let delta = format!("+{idx};-{idx};{idx}");
        let field = decimals(d.field_decimals);
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_italic(),
            header: cell.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter),
            text: cell.clone(),
            points: cell.clone().set_num_format("0.00"),
            index: cell.clone().set_num_format(&idx),
            field: cell.clone().set_num_format(&field),
            delta: cell.clone().set_num_format(&delta),
            // The weakest fields: bold on a light red, as the window marks them (not colour alone).
            weak: cell.clone().set_num_format(&field).set_bold().set_background_color(Color::RGB(0xFEE2E2)),
            total_text: total.clone(),
            total_points: total.clone().set_num_format("0.00"),
            total_index: total.clone().set_num_format(&idx),
            total_field: total.clone().set_num_format(&field),
            total_delta: total.set_num_format(&delta),
        }
    }
}

fn number(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>, format: &Format) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(row, col, v, format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// What differs between the published and the derived figures, and the row's note.
fn note(derived_index: Option<f64>, fields: &[FieldCell], own: Option<&str>, d: crate::par::DisplayRule) -> String {
    let mut parts = Vec::new();
    if let Some(m) = derived_index.and_then(to_milli) {
        parts.push(format!("chỉ số tính từ điểm: {}%", fixed(m, d.index_decimals)));
    }
    for c in fields {
        if let Some(m) = c.derived_percent.and_then(to_milli) {
            parts.push(format!("{} tính từ điểm: {}%", c.name, fixed(m, d.field_decimals)));
        }
    }
    parts.extend(own.map(String::from));
    crate::reader::capitalise(&parts.join("; "))
}

/// The table as the bytes of an .xlsx file: title, header, one row per unit in rank order
/// with numbers as numbers, the average row.
pub fn table_xlsx(table: &ParTable) -> Result<Vec<u8>> {
    render(table).map_err(xlsx_error)
}

fn render(table: &ParTable) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(table);
    let fw = &table.framework;
    let survey = fw.survey_max.is_some();
    let mut book = Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title(table)).set_company("UBND huyện Mỹ Lộc"));
    let ws = book.add_worksheet();
    ws.set_name(SHEET)?;
    ws.write_string_with_format(0, 0, title(table), &f.title)?;
    let rule = if fw.display.truncate { "tỷ lệ cắt bớt, không làm tròn" } else { "tỷ lệ làm tròn" };
    ws.write_string_with_format(1, 0, format!("{}; xếp hạng theo chỉ số, {rule}.", fw.name), &f.subtitle)?;
    let headers = headers(table);
    for (c, h) in headers.iter().enumerate() {
        let width = match c {
            0 => 7.0,
            1 => 22.0,
            _ if c + 1 == headers.len() => 36.0,
            _ => 14.0,
        };
        ws.set_column_width(c as u16, width)?;
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 64)?;
    let first_field = if survey { 9 } else { 7 };
    for (i, r) in table.rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        number(ws, row, 0, r.rank.map(f64::from), &f.text)?;
        ws.write_string_with_format(row, 1, &r.unit, &f.text)?;
        number(ws, row, 2, r.self_points, &f.points)?;
        number(ws, row, 3, r.appraisal_points, &f.points)?;
        let mut c = 4;
        if survey {
            number(ws, row, 4, r.survey_points, &f.points)?;
            number(ws, row, 5, r.points, &f.points)?;
            c = 6;
        }
        number(ws, row, c, r.index, &f.index)?;
        ws.write_string_with_format(row, c + 1, r.band.as_deref().unwrap_or(""), &f.text)?;
        number(ws, row, c + 2, r.delta, &f.delta)?;
        for (k, cell) in r.fields.iter().enumerate() {
            number(ws, row, first_field + k as u16, cell.percent, if cell.weak { &f.weak } else { &f.field })?;
        }
        let mut own = r.note.clone();
        if r.rank_entered {
            let rank = format!("hạng công bố {}/{}", r.rank.unwrap_or(0), r.rank_of.unwrap_or(0));
            own = Some(own.map_or(rank.clone(), |n| format!("{rank}; {n}")));
        }
        ws.write_string_with_format(row, first_field + r.fields.len() as u16, note(r.derived_index, &r.fields, own.as_deref(), fw.display), &f.text)?;
    }
    if let Some(a) = &table.average {
        let row = HEADER_ROW + 1 + table.rows.len() as u32;
        ws.write_string_with_format(row, 0, "", &f.total_text)?;
        let label = if a.published { "Trung bình (công bố)".to_string() } else { format!("Trung bình ({} đơn vị)", a.units.unwrap_or(0)) };
        ws.write_string_with_format(row, 1, label, &f.total_text)?;
        ws.write_string_with_format(row, 2, "", &f.total_text)?;
        let c = if survey {
            ws.write_string_with_format(row, 3, "", &f.total_text)?;
            ws.write_string_with_format(row, 4, "", &f.total_text)?;
            number(ws, row, 5, a.points, &f.total_points)?;
            6
        } else {
            number(ws, row, 3, a.points, &f.total_points)?;
            4
        };
        number(ws, row, c, a.index, &f.total_index)?;
        ws.write_string_with_format(row, c + 1, a.band.as_deref().unwrap_or(""), &f.total_text)?;
        number(ws, row, c + 2, a.delta, &f.total_delta)?;
        for (k, cell) in a.fields.iter().enumerate() {
            number(ws, row, first_field + k as u16, cell.percent, &f.total_field)?;
        }
        ws.write_string_with_format(row, first_field + a.fields.len() as u16, note(a.derived_index, &a.fields, None, fw.display), &f.total_text)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    book.save_to_buffer()
}
