//! Backups in the app: the first start of each day takes one, a migration waits for one,
//! and a backup that could not be written is kept here for the window to show (not only
//! logged). The backups themselves are the core's (`dondoc_core::backup`).

use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use dondoc_core::backup::{self, place, BackupInfo, Reason};
use dondoc_core::Result;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::{ctx, AppState};

/// What the window shows about backups between two looks at the folder.
#[derive(Default)]
pub struct Backups {
    /// The office day whose backup exists (checked once a day, not every round).
    done_on: Mutex<Option<NaiveDate>>,
    /// The last backup that could not be written, in Vietnamese; cleared by a good one.
    problem: Mutex<Option<String>>,
}

impl Backups {
    /// The last failure, if the last backup did not go where it should.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set_problem(&self, problem: Option<String>) {
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = problem;
    }

    /// Records how a backup went: a failure of the chosen folder is a problem even when the
    /// backup went to the data folder instead.
    pub fn record(&self, taken: &Result<place::Taken>) {
        self.set_problem(match taken {
            Ok(t) => t
                .fallback_reason
                .as_ref()
                .map(|e| format!("Thư mục sao lưu đã chọn không dùng được: {e} Bản sao lưu đã được ghi vào thư mục dữ liệu thay thế.")),
            Err(e) => Some(format!("Không sao lưu được dữ liệu: {e}")),
        });
    }
}

/// The hook `Store::open_with` runs before migrating: a backup of the store as it is.
/// Without one the migration does not run, and the store stays as it was.
pub fn before_migration(store_path: &Path) -> impl Fn(&dondoc_core::db::Connection, i64) -> Result<()> + '_ {
    move |conn, from| place::before_migration(conn, store_path, ctx().now, from).map(|_| ())
}

/// Takes a backup of the store on its own connection (the window keeps working meanwhile).
pub fn take_now(state: &AppState, reason: Reason) -> Result<place::Taken> {
    let conn = backup::open_source(&state.db_path)?;
    let taken = place::take_for(&conn, &state.db_path, ctx().now, reason);
    state.backups.record(&taken);
    taken
}

/// Takes today's backup unless it exists; tells the window when one could not be written.
/// Called at start and by the scheduler, so an app left running over night takes the next
/// day's too.
pub fn daily_if_due(app: &AppHandle) {
    let state = app.state::<AppState>();
    let now = ctx().now;
    let today = ctx().today();
    if state.failure().is_some() || *state.backups.done_on.lock().unwrap_or_else(|p| p.into_inner()) == Some(today) {
        return;
    }
    if place::daily_due(&state.db_path, now) {
        if let Err(e) = take_now(&state, Reason::Daily) {
            tracing::error!("daily backup failed: {e} ({:?})", e.detail());
            let _ = app.emit("backup-changed", ());
            return;
        }
        let _ = app.emit("backup-changed", ());
    }
    *state.backups.done_on.lock().unwrap_or_else(|p| p.into_inner()) = Some(today);
}

/// The newest backups first, from every folder of this store.
pub fn list(state: &AppState) -> Vec<BackupInfo> {
    place::list_all(&state.db_path)
}
