//! The app's state: the open store (or why it could not be opened), behind a mutex.

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use chrono::{NaiveDate, Utc};
use dondoc_core::{Ctx, Store};

use crate::error::{ApiError, ApiResult};

/// Who acts when the office uses the window. Per-user accounts come later.
pub const ACTOR: &str = "Văn phòng";

/// Managed state.
pub struct AppState {
    /// Where the store lives.
    pub db_path: PathBuf,
    store: Mutex<Result<Store, String>>,
    /// Wakes the reminder scheduler after a command ran: the data may have changed.
    wake: SyncSender<()>,
}

impl AppState {
    /// Opens the store at `db_path`. A failure is kept (with its Vietnamese message) so
    /// the window can say what went wrong; the file itself is left untouched.
    pub fn open(db_path: PathBuf) -> (Self, Receiver<()>) {
        let store = Store::open(&db_path).and_then(|mut s| {
            // Parts of recurring tasks whose period began while the app was closed.
            s.roll_recurrences(&ctx())?;
            Ok(s)
        });
        let store = store.map_err(|e| {
            eprintln!("dondoc: cannot open {}: {e}", db_path.display());
            format!("Không mở được tệp dữ liệu {}: {e}", db_path.display())
        });
        // One pending wake-up is enough: the scheduler re-reads everything when it wakes.
        let (wake, woken) = sync_channel(1);
        (AppState { db_path, store: Mutex::new(store), wake }, woken)
    }

    /// Where evidence files are kept: an `evidence` folder beside the store.
    pub fn evidence_dir(&self) -> PathBuf {
        self.db_path.parent().map(|p| p.join("evidence")).unwrap_or_else(|| PathBuf::from("evidence"))
    }

    /// Runs `f` with the store, then wakes the scheduler (a command may have changed what
    /// is due).
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        let out = self.quietly(f);
        let _ = self.wake.try_send(());
        out
    }

    /// Runs `f` with the store without waking the scheduler (the scheduler's own use).
    pub fn quietly<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(store) => f(store).map_err(ApiError::from),
            Err(message) => Err(ApiError { code: "store_unavailable", message: message.clone(), field: None }),
        }
    }
}

/// The acting context at this instant. This is the one place the shell reads the clock.
pub fn ctx() -> Ctx {
    Ctx::new(Utc::now(), ACTOR)
}

/// Parses an optional "as of" date from the UI; today when absent.
pub fn as_of(input: Option<String>) -> ApiResult<NaiveDate> {
    match input.filter(|s| !s.trim().is_empty()) {
        Some(s) => dondoc_core::time::parse_date("asOf", &s).map_err(ApiError::from),
        None => Ok(ctx().today()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_that_cannot_open_answers_store_unavailable_and_stays_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dondoc.sqlite3");
        std::fs::write(&path, "dữ liệu của người dùng, không phải SQLite — phải được giữ nguyên......").unwrap();
        let before = std::fs::read(&path).unwrap();
        let (state, _wake) = AppState::open(path.clone());
        let err = state.with(|s| s.units()).unwrap_err();
        assert_eq!(err.code, "store_unavailable");
        assert!(err.message.starts_with("Không mở được tệp dữ liệu"), "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn commands_see_core_errors_as_code_and_message() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _wake) = AppState::open(dir.path().join("d.sqlite3"));
        let err = state.with(|s| s.add_directive(42, "Chỉ đạo")).unwrap_err();
        assert_eq!((err.code, err.message.as_str()), ("not_found", "Không tìm thấy hội nghị (mã 42)."));
        assert_eq!(state.with(|s| s.units()).unwrap().len(), 29);
    }

    #[test]
    fn as_of_parses_office_dates() {
        assert_eq!(as_of(Some("28/02/2023".into())).unwrap().to_string(), "2023-02-28");
        assert_eq!(as_of(Some("".into())).unwrap(), ctx().today());
        assert_eq!(as_of(Some("ngày mai".into())).unwrap_err().code, "validation");
    }
}
