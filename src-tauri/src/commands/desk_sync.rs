//! Connecting this machine to the office as a unit's desk, and "Đồng bộ ngay" (issue 18).
//! The network is `dondoc-desk`'s; each call opens its own connection to the store so the
//! window's writer never waits on the office.

use chrono::Utc;
use dondoc_core::desk::{DeskLink, SyncReport};
use dondoc_core::Store;
use serde::Deserialize;
use tauri::{AppHandle, Emitter, State};

use crate::state::AppState;
use crate::ApiResult;

/// What the first-start form sends.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectForm {
    server: String,
    user: String,
    password: String,
    fingerprint: String,
    new_password: Option<String>,
}

/// Connects this store to the office's portal as the unit's desk (or logs in again), takes
/// the first mirror, and starts keeping it fresh.
#[tauri::command(async)]
pub fn desk_connect(app: AppHandle, state: State<'_, AppState>, input: ConnectForm) -> ApiResult<DeskLink> {
    let mut store = Store::open(&state.db_path)?;
    let wanted = dondoc_desk::ConnectInput {
        server: input.server,
        user: input.user,
        password: input.password,
        fingerprint: input.fingerprint,
        new_password: input.new_password.filter(|p| !p.is_empty()),
    };
    let link = dondoc_desk::connect(&mut store, &wanted, Utc::now())?;
    drop(store);
    crate::desk::start_if_linked(&app);
    let _ = app.emit("desk-changed", ());
    state.wake_scheduler();
    Ok(link)
}

/// One synchronisation now: the queue sent, the mirror taken; the error says why not.
#[tauri::command(async)]
pub fn desk_sync(app: AppHandle, state: State<'_, AppState>) -> ApiResult<SyncReport> {
    let mut store = Store::open(&state.db_path)?;
    Ok(crate::desk::round(&app, &mut store)?)
}
