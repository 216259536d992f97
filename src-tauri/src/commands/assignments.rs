use dondoc_core::queries::assignments::{AssignmentFilter, AssignmentRow};
use dondoc_core::queries::updates::Evidence;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::store::{AssignmentDetail, Dashboard, UnitPage};
use dondoc_core::Store;
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::state::{as_of, ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

/// A unit's page as of a date: its counts, its parts and what it coordinates.
#[tauri::command(async)]
pub fn unit_page(state: State<'_, AppState>, unit_id: i64, as_of_date: Option<String>) -> ApiResult<UnitPage> {
    let day = as_of(as_of_date)?;
    state.roll_recurrences_if_free();
    state.read(|s| s.unit_page(unit_id, day))
}

#[tauri::command(async)]
pub fn list_assignments(state: State<'_, AppState>, filter: AssignmentFilter, as_of_date: Option<String>) -> ApiResult<Vec<AssignmentRow>> {
    let day = as_of(as_of_date)?;
    state.read(|s| s.assignments(&filter, day))
}

#[tauri::command(async)]
pub fn assignment_detail(state: State<'_, AppState>, id: i64, as_of_date: Option<String>) -> ApiResult<AssignmentDetail> {
    let day = as_of(as_of_date)?;
    state.read(|s| s.assignment_detail(id, day))
}

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>, as_of_date: Option<String>) -> ApiResult<Dashboard> {
    crate::bench_mark("page asks dashboard");
    let day = as_of(as_of_date)?;
    // Read on a reader: the overview answers while an import or the scheduler writes.
    let out = match state.take_prefetched_dashboard(day) {
        Some(ready) => Ok(ready),
        None => {
            state.roll_recurrences_if_free();
            state.read(|s| s.dashboard(day))
        }
    };
    crate::bench_mark("dashboard answered");
    out
}

#[tauri::command(async)]
pub fn complete_assignment(state: State<'_, AppState>, id: i64, completion: Completion) -> ApiResult<()> {
    state.with(|s| s.complete_assignment(&ctx(), id, &completion))
}

#[tauri::command(async)]
pub fn return_assignment(state: State<'_, AppState>, id: i64, reason: String) -> ApiResult<()> {
    state.with(|s| s.return_assignment(&ctx(), id, &reason))
}

#[tauri::command(async)]
pub fn cancel_assignment(state: State<'_, AppState>, id: i64, reason: String) -> ApiResult<()> {
    state.with(|s| s.cancel_assignment(&ctx(), id, &reason))
}

#[tauri::command(async)]
pub fn add_progress_note(state: State<'_, AppState>, id: i64, note: String) -> ApiResult<()> {
    state.with(|s| s.add_progress_note(&ctx(), id, &note))
}

#[tauri::command(async)]
pub fn extend_deadline(state: State<'_, AppState>, task_id: i64, assignment_id: Option<i64>, extension: Extension) -> ApiResult<()> {
    state.with(|s| s.extend_deadline(&ctx(), task_id, assignment_id, &extension))
}

#[tauri::command(async)]
pub fn stop_recurrence(state: State<'_, AppState>, task_id: i64) -> ApiResult<()> {
    let c = ctx();
    state.with(|s| s.write(|tx| dondoc_core::rules::rollout::stop_recurrence(tx, &c, task_id, c.today())))
}

fn bad_upload() -> ApiError {
    ApiError { code: ErrorCode::Validation, message: "Tệp minh chứng gửi lên bị hỏng; hãy chọn lại tệp.".into(), field: Some("evidence") }
}

/// A header of an upload, percent-decoded (the window encodes names with `encodeURIComponent`).
fn header(request: &Request<'_>, name: &str) -> ApiResult<String> {
    decoded_header(request, name).ok_or_else(bad_upload)
}

/// A header of a request with a raw body, percent-decoded (the window encodes what it puts
/// in headers with `encodeURIComponent`); `None` when it is missing or malformed.
pub(crate) fn decoded_header(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name).and_then(|v| v.to_str().ok())?;
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(raw.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The part an upload is for, and its raw body (Tauri v2 IPC carries bytes as they are:
/// no base64 inflating a 50 MB file by a third, no JSON string to parse).
fn upload<'a>(request: &'a Request<'_>) -> ApiResult<(i64, &'a [u8])> {
    let id = header(request, "x-assignment-id")?.parse().map_err(|_| bad_upload())?;
    match request.body() {
        InvokeBody::Raw(bytes) => Ok((id, bytes)),
        InvokeBody::Json(_) => Err(bad_upload()),
    }
}

/// Files an evidence document, on any part that is not cancelled, a done one too. The
/// window sends the picked file's bytes as the request body and its name in a header; the
/// bytes are written to disk before the writer is taken, inside the app's evidence folder
/// only.
#[tauri::command(async)]
pub fn attach_evidence(state: State<'_, AppState>, request: Request<'_>) -> ApiResult<Evidence> {
    let (id, bytes) = upload(&request)?;
    let staged = Store::stage_evidence(&state.evidence_dir(), id, &header(&request, "x-file-name")?, bytes)?;
    state.with(|s| s.file_evidence(&ctx(), staged))
}

/// One evidence file of an upload: its name and how many bytes of the body are its.
#[derive(Debug, Deserialize)]
pub struct EvidenceUpload {
    name: String,
    size: usize,
}

/// The tick dialog's one step: the completion and its files in one transaction, so a
/// failure on the third file leaves the part open and no file on disk. The files' bytes
/// are the request body, one after the other; the completion and the list of names and
/// sizes are headers (JSON).
#[tauri::command(async)]
pub fn complete_with_evidence(state: State<'_, AppState>, request: Request<'_>) -> ApiResult<Vec<Evidence>> {
    let (id, mut body) = upload(&request)?;
    let completion: Completion = serde_json::from_str(&header(&request, "x-completion")?).map_err(|_| bad_upload())?;
    let files: Vec<EvidenceUpload> = serde_json::from_str(&header(&request, "x-files")?).map_err(|_| bad_upload())?;
    if files.iter().map(|f| f.size).sum::<usize>() != body.len() {
        return Err(bad_upload());
    }
    let root = state.evidence_dir();
    let mut staged = Vec::with_capacity(files.len());
    for f in files {
        let (bytes, rest) = body.split_at(f.size);
        body = rest;
        staged.push(Store::stage_evidence(&root, id, &f.name, bytes)?);
    }
    state.with(|s| s.complete_with_staged(&ctx(), id, &completion, staged))
}
