use dondoc_core::desk::DeskLink;
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
    /// `unit` when this store is a unit's desk (issue 18): the window shows the unit's list
    /// instead of the office's navigation. An empty store is an office's (today's first start).
    mode: AppMode,
    /// The desk's connection to its office, in `unit` mode.
    desk: Option<DeskLink>,
}

/// Whose window this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AppMode {
    /// The office keeps the data here.
    Office,
    /// A unit's desk, mirroring its parts from the office.
    Unit,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    crate::bench_mark("page asks app_info");
    // Also surfaces a store that failed to open, right at start-up.
    info(&state)
}

/// What [`app_info`] answers, for the shell's tests too.
pub fn info(state: &AppState) -> ApiResult<AppInfo> {
    let (district, desk) = state.read(|s| {
        let raw = s.meta("district")?.unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
        Ok((value["name"].as_str().unwrap_or("huyện").to_string(), s.desk_link()?))
    })?;
    let mode = if desk.is_some() { AppMode::Unit } else { AppMode::Office };
    Ok(AppInfo { db_path: state.db_path.display().to_string(), today: ctx().today().to_string(), version: env!("CARGO_PKG_VERSION"), district, mode, desk })
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
