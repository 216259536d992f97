//! A year's table as an Excel workbook (rust_xlsxwriter, as the status report is written).

use super::ParTable;
use crate::error::Result;

/// The table as the bytes of an .xlsx file: title, header, one row per unit in rank order
/// with numbers as numbers, the average row.
pub fn table_xlsx(table: &ParTable) -> Result<Vec<u8>> {
    let _ = table;
    todo!()
}
