//! The app's state: the open store (or why it could not be opened): one writer behind a
//! mutex, a pool of read-only connections for the window's reads, and the scheduler's own
//! connection.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Mutex, RwLock};

use chrono::{NaiveDate, Utc};
use dondoc_core::store::{Dashboard, Readers};
use dondoc_core::{Ctx, Store};

use crate::error::{ApiError, ApiResult};

/// Who acts when the office uses the window. Per-user accounts come later.
pub const ACTOR: &str = "Văn phòng";

/// Why the store is not open: the problem's code (`locked`, `damaged`…) and the message.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct StoreFailure {
    /// The core's code for the problem, so the window offers the way out (retry, restore).
    pub code: dondoc_core::ErrorCode,
    /// Vietnamese message naming the file.
    pub message: String,
}

/// How many read-only connections the window's reads share: a page asks for a few things
/// at once (the overview, the notices badge, the unit list), and the machine has 2 cores.
const READERS: usize = 3;

/// An open store: the one writer, the window's readers and the scheduler's own connection.
struct Open {
    /// Every write of the window, one IMMEDIATE transaction at a time.
    writer: Mutex<Store>,
    /// The window's reads: they never wait for a write.
    readers: Readers,
    /// The scheduler's connection, opened by its first round (see [`AppState::scheduled`]).
    scheduler: Mutex<Option<Store>>,
}

/// Managed state.
pub struct AppState {
    /// Where the store lives.
    pub db_path: PathBuf,
    /// The open store, or why it is not. Commands hold it shared; a restore, a retry and
    /// the check that closes a damaged store hold it alone, so no connection of ours is
    /// open while the file is swapped.
    store: RwLock<Result<Open, StoreFailure>>,
    /// Wakes the reminder scheduler after a command ran: the data may have changed.
    wake: SyncSender<()>,
    /// The overview computed while WebKit starts, for the page's first request.
    prefetched: Mutex<Option<Prefetched>>,
    /// How the backups went, for the window.
    pub backups: crate::backups::Backups,
    /// Whether the open store's pages were checked since it was (re)opened.
    pages_checked: AtomicBool,
    /// While the unit portal serves: where the window's writes are announced, so the units'
    /// open pages refresh (see `portal.rs`).
    pub portal_events: Mutex<Option<tokio::sync::broadcast::Sender<dondoc_server::Change>>>,
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

/// What changes whenever the store does: the writer's row changes, and SQLite's counter
/// of commits by other connections (the scheduler's, the CLI on the same file).
fn data_version(store: &Store) -> dondoc_core::Result<(u64, i64)> {
    Ok((store.conn().total_changes(), store.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?))
}

/// Runs blocking store work from a command. Commands run on the async runtime's workers
/// (`#[tauri::command(async)]`), never on the main thread; this tells the runtime the
/// worker is busy, so a long write does not hold up the other commands queued on it.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

fn unavailable(failure: &StoreFailure) -> ApiError {
    ApiError { code: dondoc_core::ErrorCode::StoreUnavailable, message: failure.message.clone(), field: None }
}

impl AppState {
    /// Opens the store at `db_path`. A failure is kept (with its Vietnamese message) so
    /// the window can say what went wrong; the file itself is left untouched.
    pub fn open(db_path: PathBuf) -> (Self, Receiver<()>) {
        let store = open_all(&db_path);
        // One pending wake-up is enough: the scheduler re-reads everything when it wakes.
        let (wake, woken) = sync_channel(1);
        (
            AppState {
                db_path,
                store: RwLock::new(store),
                wake,
                prefetched: Mutex::new(None),
                backups: Default::default(),
                pages_checked: AtomicBool::new(false),
                portal_events: Mutex::new(None),
            },
            woken,
        )
    }

    fn shared(&self) -> std::sync::RwLockReadGuard<'_, Result<Open, StoreFailure>> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }

    fn alone(&self) -> std::sync::RwLockWriteGuard<'_, Result<Open, StoreFailure>> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks the open store's pages once after each (re)open, on a connection of its own
    /// (the window keeps working meanwhile). A damaged store is closed and the failure kept,
    /// so the window can offer the backups; returns it then.
    pub fn check_pages_once(&self) -> Option<StoreFailure> {
        if self.failure().is_some() || self.pages_checked.swap(true, Ordering::SeqCst) {
            return None;
        }
        let Err(e) = dondoc_core::db::quick_check(&self.db_path) else { return None };
        tracing::error!("{} failed its check: {e} ({})", self.db_path.display(), e.detail().unwrap_or_default());
        let failure = StoreFailure { code: e.code(), message: e.to_string() };
        *self.alone() = Err(failure.clone());
        Some(failure)
    }

    /// Why the store is not open, or `None` when it is.
    pub fn failure(&self) -> Option<StoreFailure> {
        self.shared().as_ref().err().cloned()
    }

    /// Tries again to open a store that could not be opened (another program let go of
    /// it, the disk has room again). An open store is left as it is.
    pub fn retry_open(&self) -> Result<(), StoreFailure> {
        let mut guard = self.alone();
        if guard.is_err() {
            *guard = open_all(&self.db_path);
            self.pages_checked.store(false, Ordering::SeqCst);
        }
        let result = guard.as_ref().map(|_| ()).map_err(Clone::clone);
        drop(guard);
        let _ = self.wake.try_send(());
        result
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
    /// Whether it changed is asked of the writer only when the writer is free: while
    /// something writes, the overview is computed afresh rather than waited for.
    pub fn take_prefetched_dashboard(&self, day: NaiveDate) -> Option<Dashboard> {
        let p = self.prefetched.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        let guard = self.shared();
        let writer = guard.as_ref().ok()?.writer.try_lock().ok()?;
        (p.day == day && Some(p.version) == data_version(&writer).ok()).then_some(p.dashboard)
    }

    /// Creates the periods of recurring tasks begun by now, unless the writer is busy: the
    /// overview and a unit's page then answer from what is stored, and the scheduler's
    /// next round (within a minute) creates them.
    pub fn roll_recurrences_if_free(&self) {
        let guard = self.shared();
        let Ok(open) = guard.as_ref() else { return };
        let Ok(mut writer) = open.writer.try_lock() else { return };
        if let Err(e) = blocking(|| writer.roll_recurrences(&ctx())) {
            tracing::warn!("recurring periods not created: {e} ({})", e.detail().unwrap_or_default());
        }
    }

    /// Where evidence files are kept: an `evidence` folder beside the store.
    pub fn evidence_dir(&self) -> PathBuf {
        dondoc_core::backup::evidence_dir_for(&self.db_path)
    }

    /// Puts the backup `zip` in place of the store and its evidence: every connection of
    /// ours is closed (the core's restore wants none open), the store restored — after a
    /// backup of what it replaces — and opened again, migrated if the backup is older. If
    /// the restore fails, the store it left (the old one when nothing was swapped) is
    /// opened again.
    pub fn restore(&self, zip: &std::path::Path) -> ApiResult<dondoc_core::backup::RestoreOutcome> {
        let mut guard = self.alone();
        let closing = StoreFailure { code: dondoc_core::ErrorCode::Restoring, message: "Đang khôi phục dữ liệu từ bản sao lưu…".into() };
        drop(std::mem::replace(&mut *guard, Err(closing)));
        let backups = dondoc_core::backup::place::folder(&self.db_path);
        let outcome = dondoc_core::backup::restore(&self.db_path, &self.evidence_dir(), zip, &backups, ctx().now);
        *guard = open_all(&self.db_path);
        self.pages_checked.store(false, Ordering::SeqCst);
        drop(guard);
        *self.prefetched.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let _ = self.wake.try_send(());
        outcome.map_err(ApiError::from)
    }

    /// Wakes the reminder scheduler: what is due may have changed (a unit desk's mirror
    /// was refreshed by another connection).
    pub fn wake_scheduler(&self) {
        let _ = self.wake.try_send(());
    }

    /// Runs `f` with the writer, then wakes the scheduler (a command may have changed what
    /// is due).
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        let out = self.for_portal(f);
        if out.is_ok() {
            if let Some(events) = self.portal_events.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                // No receiver (no page open) is not an error.
                let _ = events.send(dondoc_server::Change { assignment_id: 0, unit_id: None, what: crate::portal::OFFICE_CHANGE.into() });
            }
        }
        out
    }

    /// A write made for the portal: like [`AppState::with`], without announcing it back to
    /// the portal (it announces its own writes).
    pub fn for_portal<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        let out = self.quietly(f);
        let _ = self.wake.try_send(());
        out
    }

    /// Runs a read-only `f` on one of the readers, in one read transaction: it never
    /// waits for a write (WAL), only for a free reader. Reads change nothing that is due,
    /// so the scheduler is left asleep.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        blocking(|| match self.shared().as_ref() {
            Ok(open) => open.readers.read(f).map_err(ApiError::from),
            Err(failure) => Err(unavailable(failure)),
        })
    }

    /// Runs `f` with the writer without waking the scheduler.
    pub fn quietly<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        blocking(|| match self.shared().as_ref() {
            Ok(open) => f(&mut open.writer.lock().unwrap_or_else(|p| p.into_inner())).map_err(ApiError::from),
            Err(failure) => Err(unavailable(failure)),
        })
    }

    /// Runs `f` with the scheduler's own connection (opened on first use), so its rounds
    /// never queue on the window's writer; SQLite's lock (IMMEDIATE, `busy_timeout`) orders
    /// it with the window's and the CLI's writes.
    pub fn scheduled<T>(&self, f: impl FnOnce(&mut Store) -> dondoc_core::Result<T>) -> ApiResult<T> {
        let guard = self.shared();
        let open = guard.as_ref().map_err(unavailable)?;
        let mut own = open.scheduler.lock().unwrap_or_else(|p| p.into_inner());
        if own.is_none() {
            let options = dondoc_core::db::OpenOptions { before_migration: None, defer_quick_check: true };
            *own = Some(Store::open_with(&self.db_path, &options)?);
        }
        f(own.as_mut().expect("opened above")).map_err(ApiError::from)
    }
}

/// Opens the writer (with every check and the migration, see [`open_store`]), then the
/// readers on the file it prepared.
fn open_all(path: &std::path::Path) -> Result<Open, StoreFailure> {
    let writer = open_store(path, Check::Later)?;
    let readers = Readers::open(path, READERS).map_err(|e| {
        tracing::error!("cannot open readers of {}: {e} ({})", path.display(), e.detail().unwrap_or_default());
        StoreFailure { code: e.code(), message: e.to_string() }
    })?;
    Ok(Open { writer: Mutex::new(writer), readers, scheduler: Mutex::new(None) })
}

/// When the pages of the store are checked (`PRAGMA quick_check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Before opening (the headless check).
    Now,
    /// By the scheduler's first round, once the window is up ([`AppState::check_pages_once`]).
    Later,
}

/// Opens the store at `path` with everything a start needs: the periods of recurring
/// tasks that began while the app was closed. A failure keeps its code and message; the
/// file is left as it was.
pub(crate) fn open_store(path: &std::path::Path, check: Check) -> Result<Store, StoreFailure> {
    let backup_first = crate::backups::before_migration(path);
    let options = dondoc_core::db::OpenOptions { before_migration: Some(&backup_first), defer_quick_check: check == Check::Later };
    let opened = Store::open_with(path, &options).and_then(|mut s| {
        s.roll_recurrences(&ctx())?;
        Ok(s)
    });
    opened.map_err(|e| {
        tracing::error!("cannot open {}: {e} ({})", path.display(), e.detail().unwrap_or_default());
        StoreFailure { code: e.code(), message: e.to_string() }
    })
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
        assert!(err.message.contains("không phải tệp dữ liệu Đôn đốc"), "{}", err.message);
        assert_eq!(state.failure().map(|f| f.code), Some(dondoc_core::ErrorCode::NotDondocFile));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(state.retry_open().is_err(), "still not ours");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_store_another_program_locks_opens_on_retry_once_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dondoc.sqlite3");
        drop(Store::open(&path).unwrap());
        let holder = rusqlite::Connection::open(&path).unwrap();
        holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE app_setting SET value = value;").unwrap();
        let (state, _wake) = AppState::open(path.clone());
        let failure = state.failure().expect("locked at start");
        assert_eq!(failure.code, "locked");
        assert!(failure.message.contains("Thử lại"), "{}", failure.message);
        assert_eq!(state.retry_open().unwrap_err().code, "locked", "still held");
        holder.execute_batch("COMMIT; PRAGMA locking_mode = NORMAL; SELECT 1 FROM unit LIMIT 1;").unwrap();
        drop(holder);
        state.retry_open().unwrap();
        assert!(state.failure().is_none());
        assert_eq!(state.read(|s| s.units()).unwrap().len(), 30, "the same session goes on");
    }

    /// A store as a Đôn đốc of schema 9 left it.
    fn store_at_schema_9(dir: &std::path::Path) -> PathBuf {
        let path = dir.join("dondoc.sqlite3");
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        dondoc_core::db::migrations().to_version(&mut conn, 9).unwrap();
        path
    }

    #[test]
    fn an_older_store_is_backed_up_before_the_app_migrates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = store_at_schema_9(dir.path());
        let (state, _wake) = AppState::open(path.clone());
        assert!(state.failure().is_none());
        let backups = dondoc_core::backup::place::list_all(&path);
        assert_eq!(backups.len(), 1);
        assert_eq!((backups[0].reason, backups[0].schema_version), (dondoc_core::backup::Reason::BeforeMigration, 9));
    }

    #[test]
    fn a_backup_that_cannot_be_written_stops_the_migration_and_keeps_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = store_at_schema_9(dir.path());
        // Where the backups folder would go, a plain file: no backup can be written.
        std::fs::write(dondoc_core::backup::default_dir_for(&path), b"").unwrap();
        let (state, _wake) = AppState::open(path.clone());
        let failure = state.failure().expect("no migration without a backup");
        assert!(failure.message.contains("Không sao lưu được trước khi nâng cấp"), "{}", failure.message);
        let version: i64 = rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, 9, "left at its version");
    }

    #[test]
    fn a_store_with_damaged_pages_is_closed_by_the_check_after_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dondoc.sqlite3");
        drop(Store::open(&path).unwrap());
        let (state, _wake) = AppState::open(path.clone());
        assert!(state.check_pages_once().is_none(), "a sound store passes");
        drop(state);
        // The history table's first page overwritten: opening reads none of it.
        let bytes = dondoc_devtools::damage::overwrite_root_page(&path, "audit");

        let (state, _wake) = AppState::open(path.clone());
        assert!(state.failure().is_none(), "the start does not wait for the check");
        let failure = state.check_pages_once().expect("the check finds it");
        assert_eq!(failure.code, "damaged");
        assert_eq!(state.read(|s| s.units()).unwrap_err().code, "store_unavailable", "closed, nothing more is written");
        assert!(state.check_pages_once().is_none(), "said once");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the damaged file is left as it was");
    }

    #[test]
    fn commands_see_core_errors_as_code_and_message() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _wake) = AppState::open(dir.path().join("d.sqlite3"));
        let err = state.with(|s| s.add_directive(42, "Chỉ đạo")).unwrap_err();
        assert_eq!((err.code, err.message.as_str()), (dondoc_core::ErrorCode::NotFound, "Không tìm thấy hội nghị (mã 42)."));
        assert_eq!(state.with(|s| s.units()).unwrap().len(), 30);
    }

    #[test]
    fn the_prefetched_overview_is_used_once_and_only_while_nothing_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _wake) = AppState::open(dir.path().join("d.sqlite3"));
        let today = ctx().today();
        state.prefetch_dashboard();
        let ready = state.take_prefetched_dashboard(today);
        assert_eq!(ready.map(|d| d.as_of), Some(today.to_string()));
        assert!(state.take_prefetched_dashboard(today).is_none(), "once");

        state.prefetch_dashboard();
        let other_day = today - chrono::Days::new(1);
        assert!(state.take_prefetched_dashboard(other_day).is_none(), "another day is computed afresh");

        state.prefetch_dashboard();
        state
            .with(|s| {
                s.create_conference(
                    &ctx(),
                    &dondoc_core::rules::conference::ConferenceInput {
                        title: "Giao ban".into(),
                        starts_at: "01/02/2023 08:00".into(),
                        format: "in_person".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert!(state.take_prefetched_dashboard(today).is_none(), "a write makes it stale");

        // A write by another connection (the scheduler's, the CLI) makes it stale too.
        state.prefetch_dashboard();
        state
            .scheduled(|s| {
                s.create_conference(
                    &ctx(),
                    &dondoc_core::rules::conference::ConferenceInput {
                        title: "Giao ban tháng".into(),
                        starts_at: "01/03/2023 08:00".into(),
                        format: "in_person".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert!(state.take_prefetched_dashboard(today).is_none(), "another connection's write makes it stale");
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
