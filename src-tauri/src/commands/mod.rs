//! Thin `#[tauri::command]` functions, one file per area. Each parses what the UI sent,
//! calls the core, and returns data or an [`ApiError`](crate::ApiError).

pub mod app;
pub mod assignments;
pub mod backups;
pub mod conferences;
pub mod desk;
pub mod desk_sync;
pub mod documents;
pub mod evidence;
pub mod par;
pub mod portal;
pub mod recurrence;
pub mod reminders;
pub mod store;
pub mod tasks;
pub mod units;
