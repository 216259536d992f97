//! Reading a year's appraisal from the province's spreadsheet (.xlsx, calamine): a preview
//! with the header row found (a title sits above it), a proposed column mapping the
//! secretary confirms, and the rows read through it — every bad cell named by its sheet row,
//! nothing returned unless every row is good.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Framework, ScoreInput};
use crate::error::Result;

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

/// Opens the workbook and previews `sheet` (the first sheet when `None`).
pub fn preview(bytes: &[u8], sheet: Option<&str>) -> Result<SheetPreview> {
    let _ = (bytes, sheet);
    todo!()
}

/// Proposes a mapping from the headers: field names matched with diacritics folded,
/// "Tổng điểm thẩm định" to the appraisal, "Đơn vị"/"Tên đơn vị" to the unit.
pub fn propose(preview: &SheetPreview, framework: &Framework) -> ColumnMapping {
    let _ = (preview, framework);
    todo!()
}

/// Reads the rows below the header through `mapping`: units matched to the registry by
/// name or alias, numbers checked. Every bad cell is reported with its sheet row (1-based,
/// as the spreadsheet shows it); rows with no unit and no number are skipped.
pub fn read(bytes: &[u8], mapping: &ColumnMapping, framework: &Framework, conn: &Connection) -> Result<Vec<ScoreInput>> {
    let _ = (bytes, mapping, framework, conn);
    todo!()
}
