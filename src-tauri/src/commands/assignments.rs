use dondoc_core::queries::assignments::{self, AssignmentFilter, AssignmentRow};
use dondoc_core::queries::tasks::{self};
use dondoc_core::queries::updates::{Completion, Evidence, Extension, NewEvidence};
use serde::Deserialize;
use dondoc_core::store::{AssignmentDetail, Dashboard, UnitPage};
use tauri::State;

use crate::state::{as_of, ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

/// A unit's page as of a date: its counts, its parts and what it coordinates.
#[tauri::command]
pub fn unit_page(state: State<'_, AppState>, unit_id: i64, as_of_date: Option<String>) -> ApiResult<UnitPage> {
    let day = as_of(as_of_date)?;
    state.with(|s| {
        s.roll_recurrences(&ctx())?;
        s.unit_page(unit_id, day)
    })
}

#[tauri::command]
pub fn list_assignments(state: State<'_, AppState>, filter: AssignmentFilter, as_of_date: Option<String>) -> ApiResult<Vec<AssignmentRow>> {
    let day = as_of(as_of_date)?;
    state.read(|s| assignments::list(s.conn(), &filter, day))
}

#[tauri::command]
pub fn assignment_detail(state: State<'_, AppState>, id: i64, as_of_date: Option<String>) -> ApiResult<AssignmentDetail> {
    let day = as_of(as_of_date)?;
    state.read(|s| s.assignment_detail(id, day))
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, as_of_date: Option<String>) -> ApiResult<Dashboard> {
    crate::bench_mark("page asks dashboard");
    let day = as_of(as_of_date)?;
    let out = state.with(|s| {
        match state.take_prefetched_dashboard(s, day)? {
            Some(ready) => Ok(ready),
            None => crate::state::current_dashboard(s, day),
        }
    });
    crate::bench_mark("dashboard answered");
    out
}

#[tauri::command]
pub fn complete_assignment(state: State<'_, AppState>, id: i64, completion: Completion) -> ApiResult<()> {
    state.with(|s| s.complete_assignment(&ctx(), id, &completion))
}

#[tauri::command]
pub fn return_assignment(state: State<'_, AppState>, id: i64, reason: String) -> ApiResult<()> {
    state.with(|s| s.return_assignment(&ctx(), id, &reason))
}

#[tauri::command]
pub fn cancel_assignment(state: State<'_, AppState>, id: i64, reason: String) -> ApiResult<()> {
    state.with(|s| s.cancel_assignment(&ctx(), id, &reason))
}

#[tauri::command]
pub fn add_progress_note(state: State<'_, AppState>, id: i64, note: String) -> ApiResult<()> {
    state.with(|s| s.add_progress_note(&ctx(), id, &note))
}

#[tauri::command]
pub fn extend_deadline(state: State<'_, AppState>, task_id: i64, assignment_id: Option<i64>, extension: Extension) -> ApiResult<()> {
    state.with(|s| s.extend_deadline(&ctx(), task_id, assignment_id, &extension))
}

#[tauri::command]
pub fn stop_recurrence(state: State<'_, AppState>, task_id: i64) -> ApiResult<()> {
    let c = ctx();
    state.with(|s| s.write(|tx| tasks::stop_recurrence(tx, &c, task_id, c.today())))
}

fn decode(data_base64: &str) -> ApiResult<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data_base64.as_bytes())
        .map_err(|_| ApiError { code: ErrorCode::Validation, message: "Tệp minh chứng gửi lên bị hỏng; hãy chọn lại tệp.".into(), field: Some("evidence") })
}

/// Files an evidence document, on any part that is not cancelled, a done one too. The
/// window reads the file the user picked and sends its bytes base64-encoded; they are
/// written inside the app's evidence folder only.
#[tauri::command]
pub fn attach_evidence(state: State<'_, AppState>, id: i64, file_name: String, data_base64: String) -> ApiResult<Evidence> {
    let bytes = decode(&data_base64)?;
    let root = state.evidence_dir();
    state.with(|s| s.attach_evidence(&ctx(), &root, id, &file_name, &bytes))
}

/// One evidence file as the window sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceUpload {
    name: String,
    data_base64: String,
}

/// The tick dialog's one step: the completion and its files in one transaction, so a
/// failure on the third file leaves the part open and no file on disk.
#[tauri::command]
pub fn complete_with_evidence(state: State<'_, AppState>, id: i64, completion: Completion, files: Vec<EvidenceUpload>) -> ApiResult<Vec<Evidence>> {
    let files = files
        .into_iter()
        .map(|f| Ok(NewEvidence { bytes: decode(&f.data_base64)?, name: f.name }))
        .collect::<ApiResult<Vec<_>>>()?;
    let root = state.evidence_dir();
    state.with(|s| s.complete_with_evidence(&ctx(), &root, id, &completion, &files))
}
