//! One way to write a status report in any of its formats, for the window and the CLI.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::report::{self, ReportScope};
use super::{csv, notice_text, report_docx, xlsx};
use crate::error::Result;

/// The formats of "Báo cáo tình hình thực hiện".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// Excel: the summary and every part, with real dates and numbers.
    Xlsx,
    /// Word, in NĐ 30 form, for the chairman.
    Docx,
    /// The list of parts, UTF-8 with BOM.
    Csv,
}

impl ReportFormat {
    /// The file extension (and the name the CLI prints).
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Docx => "docx",
            ReportFormat::Csv => "csv",
        }
    }
}

/// What was written: how many parts and unit lines the report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Parts listed.
    pub rows: usize,
    /// Unit lines of the summary.
    pub units: usize,
}

/// Builds the report of `scope` as of `as_of` and writes it to `path` in `format` (a Word
/// report is dated `issued_on`), whole or not at all.
pub fn export(
    conn: &Connection,
    scope: ReportScope,
    as_of: NaiveDate,
    format: ReportFormat,
    issued_on: NaiveDate,
    path: &Path,
    overwrite: bool,
) -> Result<Written> {
    let report = report::build(conn, scope, as_of)?;
    let bytes = match format {
        ReportFormat::Xlsx => xlsx::render(&report)?,
        ReportFormat::Csv => csv::render(&report),
        ReportFormat::Docx => report_docx::render(&report, &notice_text::district_name(conn)?, issued_on)?,
    };
    super::write_file(path, &bytes, overwrite)?;
    Ok(Written { rows: report.rows.len(), units: report.summary.len() })
}
