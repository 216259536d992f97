use dondoc_core::queries::notices::{self, StoredNotice};
use dondoc_core::settings::Settings;
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;

use crate::state::{ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> ApiResult<Settings> {
    state.read(|s| s.settings())
}

/// Saves the settings and applies start-at-login.
#[tauri::command(async)]
pub fn save_settings(app: AppHandle, state: State<'_, AppState>, settings: Settings) -> ApiResult<()> {
    state.with(|s| s.save_settings(&settings))?;
    let autostart = app.autolaunch();
    let applied = if settings.autostart { autostart.enable() } else { autostart.disable() };
    // Disabling what was never enabled is not an error worth showing.
    if let (Err(e), true) = (applied, settings.autostart) {
        return Err(ApiError {
            code: ErrorCode::Io,
            message: format!("Đã lưu cài đặt, nhưng không bật được khởi động cùng máy: {e}"),
            field: Some("autostart"),
        });
    }
    Ok(())
}

#[tauri::command(async)]
pub fn list_notices(state: State<'_, AppState>) -> ApiResult<Vec<StoredNotice>> {
    state.read(|s| s.notices(50))
}

#[tauri::command(async)]
pub fn notices_badge(state: State<'_, AppState>) -> ApiResult<i64> {
    state.read(|s| s.unseen_notices())
}

#[tauri::command(async)]
pub fn mark_notices_seen(state: State<'_, AppState>) -> ApiResult<()> {
    let c = ctx();
    state.with(|s| s.write(|tx| notices::mark_all_seen(tx, c.now)))
}

#[tauri::command(async)]
pub fn add_custom_reminder(state: State<'_, AppState>, task_id: Option<i64>, assignment_id: Option<i64>, at: String, note: Option<String>) -> ApiResult<i64> {
    state.with(|s| s.add_custom_reminder(&ctx(), task_id, assignment_id, &at, note.as_deref()))
}
