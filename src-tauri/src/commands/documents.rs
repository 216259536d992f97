//! The office's documents (issue 19): "Xuất Thông báo kết luận", status reports and
//! calendars. The page sends what to write; where to is asked here, in a native "save as"
//! dialog shown from Rust (the page holds no dialog permission), so a script in the page
//! cannot write a file anywhere the office did not choose.

use std::path::PathBuf;

use dondoc_core::documents::calendar;
use dondoc_core::documents::notice::{self, IssuedNotice, NoticeDraft, NoticeForm};
use dondoc_core::documents::report::ReportScope;
use dondoc_core::documents::report_file::{self, ReportFormat};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::{ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

/// Asks where to save a file, suggesting `file_name` in the Downloads folder (else home).
/// `None` when the office closed the dialog. The dialog blocks until answered, so it waits
/// on a blocking thread.
pub(crate) async fn ask_save_path(app: &AppHandle, title: &str, file_name: &str, filter: Option<(&str, &[&str])>) -> ApiResult<Option<PathBuf>> {
    let mut dialog = app.dialog().file().set_title(title).set_file_name(file_name).set_can_create_directories(true);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Ok(dir) = app.path().download_dir().or_else(|_| app.path().home_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file()).await.ok().flatten();
    let Some(picked) = picked else { return Ok(None) };
    picked.into_path().map(Some).map_err(|_| ApiError {
        code: ErrorCode::Validation,
        message: "Nơi lưu đã chọn không phải một tệp trên máy; hãy chọn một thư mục trên máy.".into(),
        field: None,
    })
}

/// The form of "Xuất Thông báo kết luận", pre-filled from the store.
#[tauri::command(async)]
pub fn notice_form(state: State<'_, AppState>, conference_id: i64) -> ApiResult<NoticeForm> {
    let today = ctx().today();
    state.read(|s| notice::draft(s.conn(), conference_id, today))
}

/// The number a notice should carry for a year and a symbol, asked again when the form's
/// date changes year or its symbol changes.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedNumber {
    /// The conference's own number there, else the next free.
    pub number: u32,
    /// The next free number.
    pub next_free: u32,
}

#[tauri::command(async)]
pub fn notice_number(state: State<'_, AppState>, conference_id: i64, year: i32, symbol: String) -> ApiResult<SuggestedNumber> {
    let symbol = symbol.trim().to_uppercase();
    state.read(|s| notice::suggested_number(s.conn(), conference_id, year, &symbol)).map(|(number, next_free)| SuggestedNumber { number, next_free })
}

/// Asks where to save the notice, then issues and writes it. `None` when the dialog was
/// closed: nothing is issued.
#[tauri::command]
pub async fn export_notice(app: AppHandle, state: State<'_, AppState>, draft: NoticeDraft) -> ApiResult<Option<IssuedNotice>> {
    let name = format!("Thông báo kết luận số {:02}-{}.docx", draft.number, draft.symbol.trim().to_uppercase());
    let Some(path) = ask_save_path(&app, "Lưu Thông báo kết luận", &name, Some(("Văn bản Word", &["docx"]))).await? else {
        return Ok(None);
    };
    // The dialog asked before replacing a file of the same name.
    state.with(|s| notice::export(s, &ctx(), &draft, &path, true)).map(Some)
}

/// A document written: where, and how many events or rows it holds.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Written {
    /// The file written.
    pub path: String,
    /// Events of a calendar, rows of a report.
    pub count: usize,
}

/// Asks where to save the calendar (.ics) of the open deadlines of one unit, or of the
/// district when `unit_id` is absent, and writes it. `None` when the dialog was closed.
#[tauri::command]
pub async fn export_calendar(app: AppHandle, state: State<'_, AppState>, unit_id: Option<i64>) -> ApiResult<Option<Written>> {
    let who = match unit_id {
        Some(id) => state.read(|s| dondoc_core::queries::units::get_unit(s.conn(), id))?.short_name,
        None => "toàn huyện".into(),
    };
    let Some(path) = ask_save_path(&app, "Lưu lịch hạn nhiệm vụ", &format!("Lịch hạn - {who}.ics"), Some(("Lịch (iCalendar)", &["ics"]))).await?
    else {
        return Ok(None);
    };
    let now = ctx().now;
    let cal = state.read(|s| calendar::write(s.conn(), unit_id, now, &path, true))?;
    Ok(Some(Written { path: path.display().to_string(), count: cal.events }))
}

/// Asks where to save the status report of `scope` as of `as_of_date` in `format`, and
/// writes it. `None` when the dialog was closed.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    scope: ReportScope,
    as_of_date: String,
    format: ReportFormat,
) -> ApiResult<Option<Written>> {
    let as_of = dondoc_core::time::parse_date("asOf", &as_of_date)?;
    let what = match scope {
        ReportScope::District => "toàn huyện".to_string(),
        ReportScope::Conference(id) => format!("hội nghị {id}"),
        ReportScope::Unit(id) => state.read(|s| dondoc_core::queries::units::get_unit(s.conn(), id))?.short_name,
    };
    let name = format!("Báo cáo tình hình thực hiện - {what} - {}.{}", as_of.format("%d-%m-%Y"), format.extension());
    let filter = match format {
        ReportFormat::Xlsx => ("Bảng tính Excel", &["xlsx"][..]),
        ReportFormat::Docx => ("Văn bản Word", &["docx"][..]),
        ReportFormat::Csv => ("CSV", &["csv"][..]),
    };
    let Some(path) = ask_save_path(&app, "Lưu báo cáo tình hình thực hiện", &name, Some(filter)).await? else {
        return Ok(None);
    };
    let today = ctx().today();
    let written = state.read(|s| report_file::export(s.conn(), scope, as_of, format, today, &path, true))?;
    Ok(Some(Written { path: path.display().to_string(), count: written.rows }))
}
