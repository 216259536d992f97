//! Chỉ số CCHC (issue 21): the administrative-reform scorecard. Thin commands over
//! `dondoc_core::par`: frameworks, a year's ranked table, a unit's card, the remedial task,
//! the province's sheet (preview, then import with the mapping the secretary confirmed) and
//! the table's export. The sheet's bytes come as the raw request body, as evidence files do;
//! where to save the export is asked in a native dialog shown from Rust.

use dondoc_core::par::sheet::{self, ColumnMapping, SheetPreview};
use dondoc_core::par::tags::TaskTags;
use dondoc_core::par::{self, FieldKey, Framework, FrameworkSummary, ParLevel, ParTable, RemedialInput, UnitCard};
use dondoc_core::Store;
use serde::{Deserialize, Serialize};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, State};

use crate::commands::assignments::decoded_header;
use crate::commands::documents::{ask_save_path, Written};
use crate::state::{ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

#[tauri::command(async)]
pub fn par_frameworks(state: State<'_, AppState>) -> ApiResult<Vec<FrameworkSummary>> {
    state.read(|s| par::frameworks::list(s.conn()))
}

#[tauri::command(async)]
pub fn par_framework(state: State<'_, AppState>, year: i32, level: ParLevel) -> ApiResult<Option<Framework>> {
    state.read(|s| par::frameworks::get(s.conn(), year, level))
}

#[tauri::command(async)]
pub fn save_par_framework(state: State<'_, AppState>, framework: Framework) -> ApiResult<()> {
    let c = ctx();
    state.with(|s| s.write(|tx| par::frameworks::save(tx, &c, &framework)))
}

/// "Nhập khung từ JSON…": one framework or an array, all saved or none. Answers the
/// frameworks saved, as the list shows them.
#[tauri::command(async)]
pub fn import_par_frameworks(state: State<'_, AppState>, json: String) -> ApiResult<Vec<FrameworkSummary>> {
    let frameworks = par::frameworks::from_json(&json)?;
    let c = ctx();
    state.with(|s| {
        s.write(|tx| {
            for f in &frameworks {
                par::frameworks::save(tx, &c, f)?;
            }
            let all = par::frameworks::list(tx)?;
            Ok(all.into_iter().filter(|x| frameworks.iter().any(|f| f.year == x.year && f.level == x.level)).collect())
        })
    })
}

#[tauri::command(async)]
pub fn par_table(state: State<'_, AppState>, year: i32, level: ParLevel) -> ApiResult<ParTable> {
    state.read(|s| par::table(s.conn(), year, level))
}

/// A unit's card, its tasks' statuses as of today.
#[tauri::command(async)]
pub fn par_unit_card(state: State<'_, AppState>, unit_id: i64) -> ApiResult<UnitCard> {
    let today = ctx().today();
    state.read(|s| par::unit_card(s.conn(), unit_id, today))
}

/// The title the remedial task gets unless the secretary writes another (the form shows it).
#[tauri::command(async)]
pub fn par_remedial_title(state: State<'_, AppState>, input: RemedialInput) -> ApiResult<String> {
    state.read(|s| par::remedial::default_title(s.conn(), &input))
}

#[tauri::command(async)]
pub fn par_remedial_task(state: State<'_, AppState>, input: RemedialInput) -> ApiResult<i64> {
    let c = ctx();
    state.with(|s| s.write(|tx| par::remedial_task(tx, &c, &input)))
}

#[tauri::command(async)]
pub fn par_fields(state: State<'_, AppState>) -> ApiResult<Vec<FieldKey>> {
    state.read(|s| par::tags::fields(s.conn()))
}

/// The field tags of these tasks (own and from their directive), for the task list.
#[tauri::command(async)]
pub fn par_task_tags(state: State<'_, AppState>, task_ids: Vec<i64>) -> ApiResult<Vec<TaskTags>> {
    state.read(|s| par::tags::of_tasks(s.conn(), &task_ids))
}

/// The field tags of these directives, in the order asked (the conference's page).
#[tauri::command(async)]
pub fn par_directive_tags(state: State<'_, AppState>, directive_ids: Vec<i64>) -> ApiResult<Vec<Vec<String>>> {
    state.read(|s| directive_ids.iter().map(|id| par::tags::of_directive(s.conn(), *id)).collect())
}

/// Replaces a directive's field tags; its tasks inherit them.
#[tauri::command(async)]
pub fn set_par_directive_tags(state: State<'_, AppState>, directive_id: i64, keys: Vec<String>) -> ApiResult<()> {
    state.with(|s| s.write(|tx| par::tags::set_directive(tx, directive_id, &keys)))
}

/// What a sheet upload is for (the `x-par` header, JSON).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SheetAsk {
    year: i32,
    level: ParLevel,
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    mapping: Option<ColumnMapping>,
    #[serde(default)]
    replace: bool,
}

fn bad_sheet() -> ApiError {
    ApiError { code: ErrorCode::Validation, message: "Tệp Excel gửi lên bị hỏng; hãy chọn lại tệp.".into(), field: Some("file") }
}

/// The sheet's bytes and what they are for.
fn sheet_upload<'a>(request: &'a Request<'_>) -> ApiResult<(SheetAsk, &'a [u8])> {
    let ask = decoded_header(request, "x-par").and_then(|h| serde_json::from_str(&h).ok()).ok_or_else(bad_sheet)?;
    match request.body() {
        InvokeBody::Raw(bytes) => Ok((ask, bytes)),
        InvokeBody::Json(_) => Err(bad_sheet()),
    }
}

/// The framework a sheet is read against: the year and level must have one first.
fn framework_of(store: &Store, year: i32, level: ParLevel) -> dondoc_core::Result<Framework> {
    par::frameworks::require(store.conn(), year, level).map(|(_, f)| f)
}

/// A sheet's first rows and the mapping the core proposes for them.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetProposal {
    /// The sheet read, its header row and first rows.
    pub preview: SheetPreview,
    /// Which column holds what, as proposed; the secretary confirms or changes it.
    pub mapping: ColumnMapping,
}

#[tauri::command(async)]
pub fn par_sheet_preview(state: State<'_, AppState>, request: Request<'_>) -> ApiResult<SheetProposal> {
    let (ask, bytes) = sheet_upload(&request)?;
    let framework = state.read(|s| framework_of(s, ask.year, ask.level))?;
    let preview = sheet::preview(bytes, ask.sheet.as_deref())?;
    let mapping = sheet::propose(&preview, &framework);
    Ok(SheetProposal { preview, mapping })
}

/// Imports the sheet with the confirmed mapping: every row is checked before anything is
/// written, in one transaction. Answers how many units' scores were saved.
#[tauri::command(async)]
pub fn par_sheet_import(state: State<'_, AppState>, request: Request<'_>) -> ApiResult<usize> {
    let (ask, bytes) = sheet_upload(&request)?;
    let mapping = ask.mapping.ok_or_else(bad_sheet)?;
    let c = ctx();
    state.with(|s| {
        let framework = framework_of(s, ask.year, ask.level)?;
        let rows = sheet::read(bytes, &mapping, &framework, s.conn())?;
        s.write(|tx| par::scores::save_year(tx, &c, ask.year, ask.level, &rows, ask.replace))
    })
}

/// "Xuất Excel…": asks where to save the year's table of a level, then writes it. `None`
/// when the dialog was closed.
#[tauri::command]
pub async fn export_par_table(app: AppHandle, state: State<'_, AppState>, year: i32, level: ParLevel) -> ApiResult<Option<Written>> {
    let table = state.read(|s| par::table(s.conn(), year, level))?;
    let name = format!("Chỉ số CCHC năm {year} - {}.xlsx", level.label());
    let Some(path) = ask_save_path(&app, "Lưu bảng chỉ số CCHC", &name, Some(("Bảng tính Excel", &["xlsx"]))).await? else {
        return Ok(None);
    };
    let bytes = par::export::table_xlsx(&table)?;
    // The dialog asked before replacing a file of the same name.
    dondoc_core::documents::write_file(&path, &bytes, true)?;
    Ok(Some(Written { path: path.display().to_string(), count: table.rows.len() }))
}
