use dondoc_core::queries::assignments::{self, AssignmentRow};
use dondoc_core::queries::updates::Completion;
use tauri::State;

use crate::state::{as_of, ctx, AppState};
use crate::ApiResult;

#[tauri::command]
pub fn list_unit_assignments(state: State<'_, AppState>, unit_id: i64, as_of_date: Option<String>) -> ApiResult<Vec<AssignmentRow>> {
    let day = as_of(as_of_date)?;
    state.with(|s| assignments::list_for_unit(s.conn(), unit_id, day))
}

#[tauri::command]
pub fn complete_assignment(state: State<'_, AppState>, id: i64, completion: Completion) -> ApiResult<()> {
    state.with(|s| s.complete_assignment(&ctx(), id, &completion))
}
