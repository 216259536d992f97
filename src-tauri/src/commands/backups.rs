//! Cài đặt → Sao lưu: the backups, "Sao lưu ngay", "Khôi phục…", and the folder.
//!
//! These work even when the store could not be opened (a damaged store is exactly when a
//! backup is wanted). The page names a backup by its file name among those listed, never
//! by a path; a file elsewhere is chosen in a native dialog shown from Rust.

use dondoc_core::backup::{self, place, BackupInfo, Reason, RestoreOutcome};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::backups;
use crate::state::AppState;
use crate::{ApiError, ApiResult, ErrorCode};

/// What the backup screen shows.
#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupsView {
    /// Where backups go now.
    folder: String,
    /// The default folder, inside the data folder.
    default_folder: String,
    /// Whether the office chose the folder (else it is the default).
    chosen: bool,
    /// Newest first, from every folder of this store.
    backups: Vec<BackupInfo>,
    /// The last backup that could not be written where it should, in Vietnamese.
    problem: Option<String>,
}

fn view(state: &AppState) -> BackupsView {
    BackupsView {
        folder: place::folder(&state.db_path).display().to_string(),
        default_folder: backup::default_dir_for(&state.db_path).display().to_string(),
        chosen: place::chosen(&state.db_path).is_some(),
        backups: backups::list(state),
        problem: state.backups.problem(),
    }
}

/// The backups and where they go.
#[tauri::command(async)]
pub fn backups_view(state: State<'_, AppState>) -> BackupsView {
    view(&state)
}

/// The last backup that could not be written where it should (for the window's banner),
/// without reading the backups themselves.
#[tauri::command(async)]
pub fn backup_problem(state: State<'_, AppState>) -> Option<String> {
    state.backups.problem()
}

/// "Sao lưu ngay": a backup now, on a connection of its own.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> ApiResult<BackupInfo> {
    if let Some(f) = state.failure() {
        return Err(ApiError { code: ErrorCode::StoreUnavailable, message: f.message, field: None });
    }
    Ok(backups::take_now(&state, Reason::Manual)?.info)
}

/// Restores the listed backup named `file_name`.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, file_name: String) -> ApiResult<RestoreOutcome> {
    let found = backups::list(&state).into_iter().find(|b| b.file_name == file_name);
    let Some(found) = found else {
        return Err(ApiError { code: ErrorCode::NotFound, message: format!("Không tìm thấy bản sao lưu {file_name}."), field: None });
    };
    state.restore(&found.path)
}

/// "Khôi phục từ tệp khác…": the office picks a backup file (a USB stick, another PC's
/// backup); it is verified before anything changes. `None` when the dialog was closed.
#[tauri::command]
pub async fn restore_backup_file(app: AppHandle, state: State<'_, AppState>) -> ApiResult<Option<RestoreOutcome>> {
    let mut dialog = app.dialog().file().set_title("Chọn bản sao lưu Đôn đốc").add_filter("Bản sao lưu Đôn đốc", &["zip"]);
    dialog = dialog.set_directory(place::folder(&state.db_path));
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file()).await.ok().flatten();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    // A restore reads and writes the whole store: off the async runtime's threads.
    let handle = app.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || handle.state::<AppState>().restore(&path));
    outcome.await.map_err(|_| internal())?.map(Some)
}

fn internal() -> ApiError {
    ApiError { code: ErrorCode::Storage, message: "Khôi phục bị gián đoạn; hãy thử lại.".into(), field: None }
}

/// Chooses the backup folder in a native dialog; `None` when the dialog was closed.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle, state: State<'_, AppState>) -> ApiResult<Option<BackupsView>> {
    let mut dialog = app.dialog().file().set_title("Chọn thư mục sao lưu").set_can_create_directories(true);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_folder()).await.ok().flatten();
    let Some(dir) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    place::choose(&state.db_path, Some(&dir))?;
    Ok(Some(view(&state)))
}

/// Goes back to the default folder inside the data folder.
#[tauri::command(async)]
pub fn reset_backup_folder(state: State<'_, AppState>) -> ApiResult<BackupsView> {
    place::choose(&state.db_path, None)?;
    Ok(view(&state))
}
