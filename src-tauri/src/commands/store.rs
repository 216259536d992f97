//! The store itself: why it could not be opened, and trying again.

use tauri::State;

use crate::state::{AppState, StoreFailure};

/// Why the store is not open (`None` when it is), for the start screen to offer the way
/// out: "Thử lại" when another program holds it, a backup when it is damaged.
#[tauri::command(async)]
pub fn store_status(state: State<'_, AppState>) -> Option<StoreFailure> {
    state.failure()
}

/// Tries again to open the store; answers the failure that remains, if any.
#[tauri::command(async)]
pub fn retry_open(state: State<'_, AppState>) -> Option<StoreFailure> {
    state.retry_open().err()
}
