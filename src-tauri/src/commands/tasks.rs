use dondoc_core::rules::task::TaskInput;
use tauri::State;

use crate::state::{ctx, AppState};
use crate::ApiResult;

/// Creates a task and tags it with the administrative-reform fields it follows up
/// (`par_fields`, keys of "Chỉ số CCHC"), in one transaction: a bad key leaves no task.
#[tauri::command(async)]
pub fn create_task(state: State<'_, AppState>, input: TaskInput, par_fields: Option<Vec<String>>) -> ApiResult<i64> {
    let c = ctx();
    let fields = par_fields.unwrap_or_default();
    state.with(|s| {
        s.write(|tx| {
            let id = dondoc_core::rules::task::create(tx, &c, &input)?;
            if !fields.is_empty() {
                dondoc_core::par::tags::set_task(tx, id, &fields)?;
            }
            Ok(id)
        })
    })
}
