//! `dondoc-cli report`: the status report ("Báo cáo tình hình thực hiện các nhiệm vụ được
//! giao") as of a date, for the district, one conference or one unit, written to a file
//! whole or not at all, never over an existing one without `--force`. Prints one JSON line:
//! `{"out", "format", "rows", "units"}`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use dondoc_core::documents::report::ReportScope;
use dondoc_core::documents::report_file;
use dondoc_core::queries::unit_lookup;
use dondoc_core::{CoreError, Store};

/// The formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Excel: sheet "Tổng hợp" and sheet "Phần việc".
    Xlsx,
    /// Word, in the form of Nghị định 30 (the summary and the overdue parts by unit).
    Docx,
    /// CSV (UTF-8 có BOM) of the parts.
    Csv,
}

impl ReportFormat {
    /// The name printed in the JSON line.
    fn name(self) -> &'static str {
        match self {
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Docx => "docx",
            ReportFormat::Csv => "csv",
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    /// Tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.
    #[arg(long)]
    pub at: Option<String>,
    /// Chỉ các nhiệm vụ của hội nghị này (mã hội nghị).
    #[arg(long, conflicts_with = "unit")]
    pub conference: Option<i64>,
    /// Chỉ một đơn vị: mã, tên hoặc tên viết tắt (có dấu hay không).
    #[arg(long)]
    pub unit: Option<String>,
    /// Định dạng tệp.
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Tệp cần tạo.
    #[arg(long)]
    pub out: PathBuf,
    /// Ghi đè nếu tệp đã có.
    #[arg(long)]
    pub force: bool,
}

/// Builds the report on `store` as `args` say and writes it.
pub fn run(store: &Store, as_of: chrono::NaiveDate, args: ReportArgs) -> Result<(), CoreError> {
    let scope = match (args.conference, args.unit) {
        (Some(id), _) => ReportScope::Conference(id),
        (None, Some(name)) => match unit_lookup::resolve(store.conn(), &name)? {
            unit_lookup::Named::Unit(u) => ReportScope::Unit(u.id),
            unit_lookup::Named::Group(g) => {
                return Err(CoreError::invalid(
                    "unit",
                    format!("Báo cáo theo đơn vị chỉ nhận một đơn vị; “{name}” là nhóm {}. Hãy ghi mã hoặc tên của một đơn vị.", g.name),
                ))
            }
        },
        (None, None) => ReportScope::District,
    };
    let format = match args.format {
        ReportFormat::Xlsx => report_file::ReportFormat::Xlsx,
        ReportFormat::Docx => report_file::ReportFormat::Docx,
        ReportFormat::Csv => report_file::ReportFormat::Csv,
    };
    let written = report_file::export(store.conn(), scope, as_of, format, crate::ctx().today(), &args.out, args.force)?;
    let line = serde_json::json!({
        "out": args.out.display().to_string(),
        "format": args.format.name(),
        "rows": written.rows,
        "units": written.units,
    });
    println!("{line}");
    Ok(())
}
