use dondoc_core::queries::units::{Unit, UnitGroup, UnitInput};
use tauri::{AppHandle, Manager, State};

use crate::state::{ctx, AppState};
use crate::{ApiError, ApiResult, ErrorCode};

#[tauri::command(async)]
pub fn list_units(state: State<'_, AppState>) -> ApiResult<Vec<Unit>> {
    state.read(|s| s.units())
}

#[tauri::command(async)]
pub fn list_groups(state: State<'_, AppState>) -> ApiResult<Vec<UnitGroup>> {
    state.read(|s| s.groups())
}

#[tauri::command(async)]
pub fn save_unit(state: State<'_, AppState>, input: UnitInput) -> ApiResult<i64> {
    state.with(|s| s.save_unit(&input))
}

#[tauri::command(async)]
pub fn set_unit_active(state: State<'_, AppState>, id: i64, active: bool) -> ApiResult<()> {
    state.with(|s| s.set_unit_active(id, active))
}

#[tauri::command(async)]
pub fn set_group_members(state: State<'_, AppState>, group_id: i64, unit_ids: Vec<i64>) -> ApiResult<()> {
    state.with(|s| s.set_group_members(group_id, &unit_ids))
}

/// Imports a registry file's text (read by the window from the file the user picked).
/// Returns how many units were added or changed: what the office sees is what happened.
#[tauri::command(async)]
pub fn import_registry(state: State<'_, AppState>, json: String) -> ApiResult<usize> {
    state.with(|s| s.import_registry(&json)).map(|n| n.added + n.updated)
}

/// Writes the registry, in the units.json format, to the user's Downloads folder and
/// returns the path written.
#[tauri::command(async)]
pub fn export_registry(app: AppHandle, state: State<'_, AppState>) -> ApiResult<String> {
    let json = state.read(|s| Ok(serde_json::to_string_pretty(&s.export_registry()?)?))?;
    let dir = app.path().download_dir().or_else(|_| app.path().home_dir()).map_err(|_| ApiError {
        code: ErrorCode::Io,
        message: "Không tìm thấy thư mục Tải về để lưu tệp.".into(),
        field: None,
    })?;
    let path = dir.join(format!("danh-muc-don-vi-{}.json", ctx().today().format("%Y%m%d")));
    std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, json)).map_err(|e| ApiError {
        code: ErrorCode::Io,
        message: format!("Không ghi được tệp {}: {e}", path.display()),
        field: None,
    })?;
    Ok(path.display().to_string())
}
