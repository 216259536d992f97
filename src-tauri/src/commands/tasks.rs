use dondoc_core::rules::task::TaskInput;
use tauri::State;

use crate::state::{ctx, AppState};
use crate::ApiResult;

#[tauri::command(async)]
pub fn create_task(state: State<'_, AppState>, input: TaskInput) -> ApiResult<i64> {
    state.with(|s| s.create_task(&ctx(), &input))
}
