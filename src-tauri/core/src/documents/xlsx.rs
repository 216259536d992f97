//! The status report as an Excel workbook (rust_xlsxwriter): sheet "Tổng hợp" with the
//! per-unit table as the overview counts it and a total line, sheet "Phần việc" with every
//! part. Dates are real Excel dates shown dd/mm/yyyy and counts, values and rates are
//! numbers, so the office can sort, filter and add up; each status cell is coloured as the
//! window colours it (`notes/ui.md`) and also says its label, so print and colour-blind
//! readers lose nothing.
//!
//! "Phần việc" is written in constant-memory mode: each row goes to a temporary file as
//! soon as the next one starts, so 100k parts cost the workbook a row of memory, not a
//! sheet (measured by `dondoc-cli bench report`).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::documents::report::{self, Report};
use crate::error::{CoreError, Result};
use crate::status::Status;

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "Tổng hợp";
/// The parts sheet's name.
pub const PARTS_SHEET: &str = "Phần việc";
/// The row (0-based) of the summary table's header; unit lines follow, then the total.
pub const SUMMARY_HEADER_ROW: u32 = 3;

/// The font of every cell: the one of the office's documents.
pub(crate) const FONT: &str = "Times New Roman";

/// The summary table's columns after hạng, đơn vị and mã: tổng, then one per status.
const SUMMARY_FIXED: [(&str, f64); 4] = [("Hạng", 6.0), ("Đơn vị", 34.0), ("Mã đơn vị", 16.0), ("Tổng số", 9.0)];

/// The parts sheet's columns and widths.
const PART_COLUMNS: [(&str, f64); 11] = [
    ("Đơn vị", 28.0),
    ("Nhiệm vụ", 60.0),
    ("Hội nghị", 40.0),
    ("Kỳ", 14.0),
    ("Hạn", 12.0),
    ("Tình trạng", 26.0),
    ("Ngày hoàn thành", 16.0),
    ("Giá trị báo cáo", 14.0),
    ("Chỉ tiêu", 30.0),
    ("Ghi chú", 40.0),
    ("Mã phần việc", 12.0),
];

/// The window's colours of a status (`ui/src/app.css`, `notes/ui.md`): background, text.
fn colours(s: Status) -> (u32, u32) {
    match s {
        Status::DoneOnTime => (0xDCFCE7, 0x15803D),
        Status::DoneLate => (0xFFEDD5, 0xC2410C),
        Status::DoneNoDeadline => (0xF0FDF4, 0x16A34A),
        Status::TargetMissed => (0xF3E8FF, 0x7E22CE),
        Status::InProgress => (0xDBEAFE, 0x1D4ED8),
        Status::Overdue => (0xFEE2E2, 0xB91C1C),
        Status::OpenNoDeadline | Status::Cancelled => (0xF3F4F6, 0x6B7280),
    }
}

/// The formats of one workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    date: Format,
    value: Format,
    percent: Format,
    total_text: Format,
    total_number: Format,
    total_percent: Format,
    status: Vec<(Status, Format)>,
    status_header: Vec<(Status, Format)>,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xD1D5DB));
        let header = cell.clone().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
        let total = cell.clone().set_bold().set_background_color(Color::RGB(0xF3F4F6));
        let status_format = |s: Status, from: &Format| {
            let (bg, fg) = colours(s);
            let f = from.clone().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg));
            (s, if s == Status::Cancelled { f.set_font_strikethrough() } else { f })
        };
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_italic(),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            number: cell.clone().set_num_format("0"),
            date: cell.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center),
            // General: 40 and 80.5 as typed (a pattern like "#,##0.##" shows "40." in Excel).
            value: cell.clone(),
            percent: cell.clone().set_num_format("0.0%"),
            total_text: total.clone(),
            total_number: total.clone().set_num_format("0"),
            total_percent: total.set_num_format("0.0%"),
            status: Status::ALL.iter().map(|s| status_format(*s, &cell)).collect(),
            status_header: Status::ALL.iter().map(|s| status_format(*s, &header)).collect(),
            header,
        }
    }

    fn of(list: &[(Status, Format)], s: Status) -> &Format {
        &list.iter().find(|(x, _)| *x == s).expect("every status has a format").1
    }
}

/// The workbook of `report`, as the bytes of an .xlsx file (for
/// [`write_file`](crate::documents::write_file)).
pub fn render(report: &Report) -> Result<Vec<u8>> {
    render_inner(report).map_err(xlsx_error)
}

fn render_inner(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(report::TITLE).set_company("UBND huyện Mỹ Lộc"));
    summary_sheet(book.add_worksheet(), report, &f)?;
    parts_sheet(book.add_worksheet_with_constant_memory()?, report, &f)?;
    book.save_to_buffer()
}

fn summary_sheet(ws: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    ws.write_string_with_format(0, 0, report::TITLE.to_uppercase(), &f.title)?;
    ws.write_string_with_format(1, 0, report.scope_line(), &f.subtitle)?;
    let h = SUMMARY_HEADER_ROW;
    let mut col = 0u16;
    for (name, width) in SUMMARY_FIXED {
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(h, col, name, &f.header)?;
        col += 1;
    }
    for s in Status::ALL {
        ws.set_column_width(col, 14)?;
        ws.write_string_with_format(h, col, s.label(), Formats::of(&f.status_header, s))?;
        col += 1;
    }
    for (name, width) in [("Tỷ lệ đúng hạn", 12.0), ("Phối hợp", 10.0)] {
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(h, col, name, &f.header)?;
        col += 1;
    }
    ws.set_row_height(h, 48)?;
    let last_col = col - 1;
    for (i, line) in report.summary.iter().enumerate() {
        let row = h + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.number)?;
        ws.write_string_with_format(row, 1, &line.unit_name, &f.text)?;
        ws.write_string_with_format(row, 2, &line.unit, &f.text)?;
        counts(ws, row, line, &f.number, &f.percent, &f.text)?;
    }
    let total_row = h + 1 + report.summary.len() as u32;
    ws.write_string_with_format(total_row, 0, "", &f.total_text)?;
    ws.write_string_with_format(total_row, 1, "Tổng cộng", &f.total_text)?;
    ws.write_string_with_format(total_row, 2, "", &f.total_text)?;
    counts(ws, total_row, &report.totals, &f.total_number, &f.total_percent, &f.total_text)?;
    ws.set_freeze_panes(h + 1, 2)?;
    if !report.summary.is_empty() {
        ws.autofilter(h, 0, total_row - 1, last_col)?;
    }
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Tổng, each status, the on-time share (a number shown as a percent; "—" when nothing
/// was due) and phối hợp, from column 3 on.
fn counts(ws: &mut Worksheet, row: u32, line: &crate::queries::stats::UnitStats, number: &Format, percent: &Format, text: &Format) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, 3, line.total as f64, number)?;
    let mut col = 4;
    for s in Status::ALL {
        ws.write_number_with_format(row, col, report::count_of(line, s) as f64, number)?;
        col += 1;
    }
    match line.on_time_percent() {
        Some(p) => ws.write_number_with_format(row, col, p / 100.0, percent)?,
        None => ws.write_string_with_format(row, col, "—", &text.clone().set_align(FormatAlign::Center))?,
    };
    ws.write_number_with_format(row, col + 1, line.coordinating as f64, number)?;
    Ok(())
}

fn parts_sheet(ws: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(PARTS_SHEET)?;
    // Widths, panes and filter first: in constant-memory mode the rows stream out as written.
    for (col, (name, width)) in PART_COLUMNS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
        ws.write_string_with_format(0, col as u16, *name, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, report.rows.len().max(1) as u32, PART_COLUMNS.len() as u16 - 1)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    for (i, r) in report.rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, &r.unit_name, &f.text)?;
        ws.write_string_with_format(row, 1, &r.task_title, &f.wrap)?;
        ws.write_string_with_format(row, 2, r.conference_title.as_deref().unwrap_or(""), &f.wrap)?;
        ws.write_string_with_format(row, 3, r.period_label.as_deref().unwrap_or(""), &f.text)?;
        date(ws, row, 4, r.deadline.as_deref(), f)?;
        ws.write_string_with_format(row, 5, r.status.label(), Formats::of(&f.status, r.status))?;
        date(ws, row, 6, r.completed_on.as_deref(), f)?;
        match r.reported_value {
            Some(v) => ws.write_number_with_format(row, 7, v, &f.value)?,
            None => ws.write_blank(row, 7, &f.text)?,
        };
        ws.write_string_with_format(row, 8, report::target_text(r, ','), &f.wrap)?;
        ws.write_string_with_format(row, 9, report::note_text(r), &f.wrap)?;
        ws.write_number_with_format(row, 10, r.id as f64, &f.number)?;
    }
    Ok(())
}

/// A stored day as an Excel date, or a blank bordered cell.
fn date(ws: &mut Worksheet, row: u32, col: u16, day: Option<&str>, f: &Formats) -> Result<(), XlsxError> {
    match report::day(day) {
        Some(d) => ws.write_datetime_with_format(row, col, d, &f.date)?,
        None => ws.write_blank(row, col, &f.text)?,
    };
    Ok(())
}

/// rust_xlsxwriter's errors in the office's words; its own text goes to the log. The only
/// ones a valid report can meet are the temporary file's (no room, no permission).
pub(crate) fn xlsx_error(e: XlsxError) -> CoreError {
    tracing::warn!("xlsx: {e}");
    match e {
        XlsxError::IoError(io) => CoreError::file("Không tạo được tệp Excel tạm trong thư mục", &std::env::temp_dir(), io),
        other => CoreError::Conflict(format!("Không tạo được tệp Excel ({}).", other.to_string().chars().take(200).collect::<String>())),
    }
}
