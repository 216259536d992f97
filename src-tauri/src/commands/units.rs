use dondoc_core::queries::units::{self, Unit, UnitGroup};
use tauri::State;

use crate::state::AppState;
use crate::ApiResult;

#[tauri::command]
pub fn list_units(state: State<'_, AppState>) -> ApiResult<Vec<Unit>> {
    state.with(|s| units::list_units(s.conn()))
}

#[tauri::command]
pub fn list_groups(state: State<'_, AppState>) -> ApiResult<Vec<UnitGroup>> {
    state.with(|s| units::list_groups(s.conn()))
}
