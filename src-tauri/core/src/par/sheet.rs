//! Reading a year's appraisal from the province's spreadsheet (.xlsx, calamine): a preview
//! with the header row found (a title sits above it), a proposed column mapping the
//! secretary confirms, and the rows read through it — every bad cell named by its sheet row,
//! nothing returned unless every row is good.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::compute::{short, to_milli, LIMIT};
use super::scores::{belongs, prepare, problem_list};
use super::{FieldInput, Framework, ScoreInput};
use crate::error::{CoreError, Result};
use crate::queries::units;
use crate::text;

/// The largest sheet read: a province's table has a few dozen rows.
const MAX_ROWS: u32 = 5000;
const MAX_COLS: u32 = 200;
/// How many rows the preview shows below the header.
const PREVIEW_ROWS: usize = 12;
/// How many rows above it the header is looked for.
const HEADER_SEARCH: usize = 30;

/// The first rows of a sheet, as text, for the secretary to see what is being read.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetPreview {
    /// The workbook's sheets.
    pub sheets: Vec<String>,
    /// The sheet shown.
    pub sheet: String,
    /// The header row found (0-based).
    pub header_row: u32,
    /// The header's cells, one per column.
    pub headers: Vec<String>,
    /// Up to 12 rows below the header, as shown (numbers with a decimal comma).
    pub rows: Vec<Vec<String>>,
}

/// Which column holds what (0-based columns).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct ColumnMapping {
    /// Sheet name.
    pub sheet: String,
    /// Header row (0-based); data starts below it.
    pub header_row: u32,
    /// The unit's name.
    pub unit: Option<usize>,
    /// Self-assessed points.
    pub self_points: Option<usize>,
    /// Appraisal points (the total).
    pub appraisal: Option<usize>,
    /// Survey points.
    pub survey: Option<usize>,
    /// Published index (%).
    pub index: Option<usize>,
    /// Each framework field's column.
    pub fields: Vec<FieldColumn>,
}

/// A framework field's column.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct FieldColumn {
    /// Field key.
    pub key: String,
    /// Column, if mapped.
    pub column: Option<usize>,
}

fn invalid(message: String) -> CoreError {
    CoreError::invalid("sheet", message)
}

/// A sheet's cells by absolute position (row, column), as the spreadsheet numbers them.
struct Grid {
    sheets: Vec<String>,
    sheet: String,
    cells: Vec<Vec<Data>>,
}

fn open(bytes: &[u8], sheet: Option<&str>) -> Result<Grid> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        tracing::warn!("xlsx: {e}");
        invalid("Không đọc được tệp: đây không phải một bảng tính Excel (.xlsx) hợp lệ.".into())
    })?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(s) => sheets.iter().find(|n| text::name_key(n) == text::name_key(s)).cloned().ok_or_else(|| {
            invalid(format!("Bảng tính không có trang “{s}”. Các trang: {}.", sheets.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ")))
        })?,
        None => sheets.first().cloned().ok_or_else(|| invalid("Bảng tính không có trang nào.".into()))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        tracing::warn!("xlsx sheet {name}: {e}");
        invalid(format!("Không đọc được trang “{name}” của bảng tính."))
    })?;
    let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
    if rows > MAX_ROWS || cols > MAX_COLS {
        return Err(invalid(format!("Trang “{name}” quá lớn ({rows} dòng, {cols} cột); bảng điểm chỉ số CCHC chỉ vài chục dòng.")));
    }
    let cells = (0..rows).map(|r| (0..cols).map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty)).collect()).collect();
    Ok(Grid { sheets, sheet: name, cells })
}

/// A cell as the secretary sees it: text trimmed (NFC), numbers with a decimal comma.
fn shown(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => text::clean(s),
        Data::Float(f) => to_milli(*f).map_or_else(|| f.to_string().replace('.', ","), short),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        other => other.to_string(),
    }
}

/// The header row: the first of the top rows with three or more text cells, one of them
/// naming the units ("Đơn vị", "Tên đơn vị", "STT"); else the first with three text cells.
fn header_row(cells: &[Vec<Data>]) -> usize {
    let texts = |row: &Vec<Data>| row.iter().filter(|d| matches!(d, Data::String(s) if !s.trim().is_empty())).count();
    let names_units = |row: &Vec<Data>| row.iter().any(|d| matches!(d, Data::String(s) if is_unit_header(&text::name_key(s)) || text::name_key(s) == "stt"));
    let top = &cells[..cells.len().min(HEADER_SEARCH)];
    top.iter().position(|r| texts(r) >= 3 && names_units(r)).or_else(|| top.iter().position(|r| texts(r) >= 3)).unwrap_or(0)
}

fn is_unit_header(k: &str) -> bool {
    k == "don vi" || k.starts_with("ten don vi") || (k.starts_with("don vi ") && !k.contains("diem")) || k.starts_with("xa thi tran") || k == "ten xa"
}

/// Opens the workbook and previews `sheet` (the first sheet when `None`).
pub fn preview(bytes: &[u8], sheet: Option<&str>) -> Result<SheetPreview> {
    let grid = open(bytes, sheet)?;
    let h = header_row(&grid.cells);
    let headers = grid.cells.get(h).map(|r| r.iter().map(shown).collect()).unwrap_or_default();
    let rows = grid.cells.iter().skip(h + 1).take(PREVIEW_ROWS).map(|r| r.iter().map(shown).collect()).collect();
    Ok(SheetPreview { sheets: grid.sheets, sheet: grid.sheet, header_row: h as u32, headers, rows })
}

/// Proposes a mapping from the headers: field names matched with diacritics folded,
/// "Tổng điểm thẩm định" to the appraisal, "Đơn vị"/"Tên đơn vị" to the unit.
pub fn propose(preview: &SheetPreview, framework: &Framework) -> ColumnMapping {
    let keys: Vec<String> = preview.headers.iter().map(|h| text::name_key(h)).collect();
    let mut used: Vec<usize> = Vec::new();
    let mut pick = |test: &dyn Fn(&str) -> bool| -> Option<usize> {
        let found = keys.iter().enumerate().find(|(i, k)| !k.is_empty() && !used.contains(i) && test(k)).map(|(i, _)| i);
        used.extend(found);
        found
    };
    let unit = pick(&is_unit_header);
    let self_points = pick(&|k| k.contains("tu danh gia") || k.contains("tu cham"));
    let appraisal =
        pick(&|k| k.contains("tong diem tham dinh")).or_else(|| pick(&|k| k.contains("tham dinh"))).or_else(|| pick(&|k| k.starts_with("tong diem")));
    let survey = pick(&|k| k.contains("dieu tra") || k.contains("xa hoi hoc") || k.contains("khao sat"));
    let fields: Vec<FieldColumn> = framework
        .fields
        .iter()
        .map(|f| {
            let name = text::name_key(&f.name);
            let column = pick(&|k| k == name).or_else(|| pick(&|k| k.contains(&name) || (k.len() >= 12 && name.contains(k))));
            FieldColumn { key: f.key.clone(), column }
        })
        .collect();
    // After the fields: "tỷ lệ" may also begin a field's name.
    let index = pick(&|k| k.starts_with("chi so") || k.contains("ty le"));
    ColumnMapping { sheet: preview.sheet.clone(), header_row: preview.header_row, unit, self_points, appraisal, survey, index, fields }
}

/// A number cell: a number, a text with a decimal comma or point ("60,09"), or empty.
fn number(d: &Data) -> std::result::Result<Option<f64>, String> {
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => Ok(Some(*f)),
        Data::Int(i) => Ok(Some(*i as f64)),
        Data::String(s) => {
            let t = s.trim().trim_end_matches('%').trim();
            if t.is_empty() {
                return Ok(None);
            }
            // One separator is a decimal one (Vietnamese comma or English point), never thousands.
            t.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or_else(|| format!("“{}” không phải là một số", s.trim()))
        }
        other => Err(format!("“{other}” không phải là một số")),
    }
}

/// A figure with more decimals than a published one can have, cut (or rounded) to the
/// framework's index decimals as the province publishes it; others as they are.
fn displayed(v: f64, f: &Framework) -> f64 {
    if to_milli(v).is_some() || !v.is_finite() || v.abs() > LIMIT {
        return v;
    }
    let d = f.display.index_decimals;
    let scaled = v * 10f64.powi(i32::from(d));
    // Nudged by a millionth so that 85,84 computed as 85,839999… is not cut to 85,83.
    let whole = if f.display.truncate { (scaled + 1e-6).floor() } else { scaled.round() };
    whole / 10f64.powi(i32::from(d))
}

/// Rows the province adds under the units: averages and totals.
fn is_summary(k: &str) -> bool {
    k.starts_with("trung binh") || k.starts_with("tong") || k.starts_with("binh quan") || k.starts_with("toan huyen") || k.starts_with("cong")
}

/// Reads the rows below the header through `mapping`: units matched to the registry by
/// name or alias, numbers checked. Every bad cell is reported with its sheet row (1-based,
/// as the spreadsheet shows it); rows with no unit and no number are skipped, so are the
/// province's total and average rows and numbering rows ("(1) (2) (3)").
pub fn read(bytes: &[u8], mapping: &ColumnMapping, framework: &Framework, conn: &Connection) -> Result<Vec<ScoreInput>> {
    let grid = open(bytes, Some(&mapping.sheet))?;
    let unit_col = mapping.unit.ok_or_else(|| invalid("Hãy chọn cột tên đơn vị.".into()))?;
    if mapping.appraisal.is_none() && mapping.index.is_none() && mapping.fields.iter().all(|f| f.column.is_none()) {
        return Err(invalid("Hãy chọn ít nhất một cột điểm (tổng điểm thẩm định, chỉ số hoặc điểm từng lĩnh vực).".into()));
    }
    let header = grid.cells.get(mapping.header_row as usize).cloned().unwrap_or_default();
    let column_name = |c: usize| header.get(c).map(shown).filter(|s| !s.is_empty()).unwrap_or_else(|| format!("cột {}", c + 1));
    let registry: Vec<units::Unit> = units::list_units(conn)?.into_iter().filter(|u| belongs(framework.level, u.kind)).collect();
    let mut problems = Vec::new();
    let mut inputs = Vec::new();
    let mut sheet_rows = Vec::new();
    for (r, row) in grid.cells.iter().enumerate().skip(mapping.header_row as usize + 1) {
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or(&Data::Empty);
        let name = shown(cell(Some(unit_col)));
        let k = text::name_key(&name);
        if !k.chars().any(char::is_alphabetic) || is_summary(&k) {
            continue;
        }
        let at = format!("Dòng {}", r + 1);
        let mut num = |c: Option<usize>| match number(cell(c)) {
            Ok(v) => v,
            Err(p) => {
                problems.push(format!("{at}, cột “{}”: {p}.", column_name(c.unwrap_or(0))));
                None
            }
        };
        let self_points = num(mapping.self_points);
        let appraisal_points = num(mapping.appraisal);
        let survey_points = num(mapping.survey);
        // An index written as a share (0,8584 in a cell formatted as %) is a percentage; one
        // a formula computed (85,842857…) is shown with the framework's decimals.
        let entered_index = num(mapping.index).map(|v| if v > 0.0 && v <= 1.0 { v * 100.0 } else { v }).map(|v| displayed(v, framework));
        let fields: Vec<FieldInput> =
            mapping.fields.iter().filter(|f| f.column.is_some()).map(|f| FieldInput { key: f.key.clone(), points: num(f.column), percent: None }).collect();
        let Some(unit) = registry.iter().find(|u| u.goes_by(&k) || u.code == name.to_lowercase()) else {
            problems.push(format!("{at}: không tìm thấy “{name}” trong danh mục đơn vị thuộc {}.", framework.level.label().to_lowercase()));
            continue;
        };
        sheet_rows.push(r + 1);
        inputs.push(ScoreInput { unit_id: unit.id, self_points, appraisal_points, survey_points, fields, entered_index, ..Default::default() });
    }
    if !problems.is_empty() {
        return Err(invalid(format!("Bảng tính có lỗi; chưa nhập gì:{}", problem_list(&problems))));
    }
    if inputs.is_empty() {
        return Err(invalid(format!("Không có dòng đơn vị nào dưới dòng tiêu đề {} của trang “{}”.", mapping.header_row + 1, grid.sheet)));
    }
    prepare(conn, framework, &inputs, &|i| format!("Dòng {}", sheet_rows[i]))?;
    Ok(inputs)
}
