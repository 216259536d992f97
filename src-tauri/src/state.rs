//! The app's state: the open store (or why it could not be opened), behind a mutex.

use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use chrono::{NaiveDate, Utc};
use dondoc_core::store::Dashboard;
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
    /// The overview computed while WebKit starts, for the page's first request.
    prefetched: Mutex<Option<Prefetched>>,
}

/// An overview computed ahead, valid while the store is unchanged.
struct Prefetched {
    day: NaiveDate,
    version: (u64, i64),
    dashboard: Dashboard,
}

/// The overview of `day` with every recurring period begun by now in it: what the page's
/// overview shows, whether computed ahead or on request.
pub fn current_dashboard(store: &mut Store, day: NaiveDate) -> dondoc_core::Result<Dashboard> {
    store.roll_recurrences(&ctx())?;
    store.dashboard(day)
}

/// What changes whenever the store does: this connection's row changes, and SQLite's
/// counter of commits by other connections (the CLI on the same file).
fn data_version(store: &Store) -> dondoc_core::Result<(u64, i64)> {
    Ok((store.conn().total_changes(), store.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?))
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
        (AppState { db_path, store: Mutex::new(store), wake, prefetched: Mutex::new(None) }, woken)
    }

    /// Computes today's overview now, so the page's first request finds it ready: the
    /// window spends ~300 ms starting WebKit, and at 100k assignments the overview takes
    /// ~130 ms, which the page would otherwise wait for after it has loaded.
    pub fn prefetch_dashboard(&self) {
        let day = ctx().today();
        let computed = self.quietly(|s| {
            let dashboard = current_dashboard(s, day)?;
            Ok(Prefetched { day, version: data_version(s)?, dashboard })
        });
        if let Ok(p) = computed {
            *self.prefetched.lock().unwrap_or_else(|p| p.into_inner()) = Some(p);
        }
    }

    /// The prefetched overview of `day`, once, if nothing changed since it was computed.
    pub fn take_prefetched_dashboard(&self, store: &Store, day: NaiveDate) -> dondoc_core::Result<Option<Dashboard>> {
        let Some(p) = self.prefetched.lock().unwrap_or_else(|p| p.into_inner()).take() else { return Ok(None) };
        Ok((p.day == day && p.version == data_version(store)?).then_some(p.dashboard))
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

    /// Runs a read-only `f` with the store. Reads change nothing that is due, so the
    /// scheduler is left asleep: waking it would only make it take the store lock for a
    /// round while the window waits for its next answer.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        self.quietly(|s| f(s))
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
        assert_eq!(state.with(|s| s.units()).unwrap().len(), 30);
    }

    #[test]
    fn the_prefetched_overview_is_used_once_and_only_while_nothing_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _wake) = AppState::open(dir.path().join("d.sqlite3"));
        let today = ctx().today();
        state.prefetch_dashboard();
        let ready = state.with(|s| state.take_prefetched_dashboard(s, today)).unwrap();
        assert_eq!(ready.map(|d| d.as_of), Some(today.to_string()));
        assert!(state.with(|s| state.take_prefetched_dashboard(s, today)).unwrap().is_none(), "once");

        state.prefetch_dashboard();
        let other_day = today - chrono::Days::new(1);
        assert!(state.with(|s| state.take_prefetched_dashboard(s, other_day)).unwrap().is_none(), "another day is computed afresh");

        state.prefetch_dashboard();
        state.with(|s| s.create_conference(&ctx(), &dondoc_core::queries::conferences::ConferenceInput {
            title: "Giao ban".into(), starts_at: "01/02/2023 08:00".into(), format: "in_person".into(), ..Default::default()
        })).unwrap();
        assert!(state.with(|s| state.take_prefetched_dashboard(s, today)).unwrap().is_none(), "a write makes it stale");
    }

    #[test]
    fn writes_wake_the_scheduler_and_reads_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let (state, woken) = AppState::open(dir.path().join("d.sqlite3"));
        assert_eq!(state.read(|s| s.units()).unwrap().len(), 30);
        assert!(woken.try_recv().is_err(), "a read leaves the scheduler asleep");
        state.with(|s| s.add_directive(42, "Chỉ đạo")).unwrap_err();
        assert!(woken.try_recv().is_ok(), "a command that may write wakes it, even when it fails");
    }

    #[test]
    fn as_of_parses_office_dates() {
        assert_eq!(as_of(Some("28/02/2023".into())).unwrap().to_string(), "2023-02-28");
        assert_eq!(as_of(Some("".into())).unwrap(), ctx().today());
        assert_eq!(as_of(Some("ngày mai".into())).unwrap_err().code, "validation");
    }
}
