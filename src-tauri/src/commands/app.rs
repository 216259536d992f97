use serde::Serialize;
use tauri::State;

use crate::state::{ctx, AppState};
use crate::ApiResult;

/// Facts the window shows in its footer and uses as defaults.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    db_path: String,
    today: String,
    version: &'static str,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    // Surface a store that failed to open right at start-up.
    state.with(|s| s.units().map(|_| ()))?;
    Ok(AppInfo {
        db_path: state.db_path.display().to_string(),
        today: ctx().today().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}
