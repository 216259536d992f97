//! Opening an evidence file with the system's default app, and saving a copy elsewhere.
//!
//! Both run in Rust: the page names an evidence row by id and never a path, and it holds
//! no opener or dialog permission, so a script in the page cannot open or write arbitrary
//! files. Both commands are `async` so they run off the UI thread: the opener waits up to
//! a quarter second per launcher for it to fail, and the save dialog waits for the office.

use dondoc_core::queries::updates;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::evidence;
use crate::state::AppState;
use crate::{ApiError, ApiResult, ErrorCode};

/// Opens an evidence file (found by its row id, inside the evidence folder) with the
/// desktop's default app for its type (xdg-open, else gio open, on Linux).
#[tauri::command]
pub async fn open_evidence(app: AppHandle, state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    let ev = state.read(|s| s.evidence(id))?;
    let path = evidence::resolve(&state.evidence_dir(), &ev)?;
    app.opener().open_path(path.to_string_lossy(), None::<&str>).map_err(|e| {
        tracing::error!("cannot open {}: {e}", path.display());
        ApiError {
            code: ErrorCode::Io,
            message: format!(
                "Không mở được tệp minh chứng {}: máy chưa có ứng dụng mở được loại tệp này. Hãy dùng “Lưu về máy…” rồi mở bằng ứng dụng khác.",
                ev.file_name
            ),
            field: None,
        }
    })
}

/// Asks where to save a copy of an evidence file (a native "save as" dialog) and writes
/// it there. Returns the path written, or `None` when the office closed the dialog.
#[tauri::command]
pub async fn save_evidence_copy(app: AppHandle, state: State<'_, AppState>, id: i64) -> ApiResult<Option<String>> {
    let ev = state.read(|s| s.evidence(id))?;
    let source = evidence::resolve(&state.evidence_dir(), &ev)?;
    let Some(dest) = super::documents::ask_save_path(&app, "Lưu bản sao tệp minh chứng", &updates::sanitize_file_name(&ev.file_name), None).await?
    else {
        return Ok(None);
    };
    evidence::save_copy(&source, &dest)?;
    Ok(Some(dest.display().to_string()))
}
