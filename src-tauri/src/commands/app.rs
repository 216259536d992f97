use serde::Serialize;
use tauri::State;

use crate::state::{ctx, AppState};
use crate::ApiResult;

/// Facts the window shows in its footer and uses as defaults.
#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    db_path: String,
    today: String,
    version: &'static str,
    /// The district the registry describes, e.g. "huyện Mỹ Lộc" (for print headers).
    district: String,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    crate::bench_mark("page asks app_info");
    // Also surfaces a store that failed to open, right at start-up.
    let district = state.read(|s| {
        let raw = s.meta("district")?.unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
        Ok(value["name"].as_str().unwrap_or("huyện").to_string())
    })?;
    Ok(AppInfo { db_path: state.db_path.display().to_string(), today: ctx().today().to_string(), version: env!("CARGO_PKG_VERSION"), district })
}

/// The page calls this once its first screen is painted. With `DONDOC_BENCH` set, the
/// wall-clock instant is printed for the start-up benchmark (`bench/app_bench.py`).
#[tauri::command(async)]
pub fn mark_painted() {
    crate::bench_mark("painted");
}

/// Whether closing the window can hide it to the tray here: the tray icon exists and the
/// desktop shows tray icons. The settings say so when "close to tray" cannot apply.
#[tauri::command]
pub async fn tray_available(app: tauri::AppHandle) -> bool {
    crate::close_action_now(&app, true) == crate::tray_area::CloseAction::HideToTray
}
