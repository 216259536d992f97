//! The unit portal inside the app: started at launch when the office turned it on (Cài đặt),
//! started and stopped from the settings page, kept serving while the window is closed to
//! the tray. It reaches the store through the app's own writer and readers, so a unit's
//! tick and the secretary's edit are one queue of writes; what a unit changes reaches the
//! window as the `portal-changed` event, and what the window changes reaches the units'
//! open pages through the portal's event stream.

use std::sync::Arc;

use dondoc_core::portal::PortalSettings;
use dondoc_core::{CoreError, Store};
use dondoc_server::{Change, PortalConfig, PortalHandle, StoreAccess, TlsSource};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::state::AppState;

/// The `what` of a change the window made: every open page refreshes; the window itself
/// ignores it (it made it).
pub const OFFICE_CHANGE: &str = "office";

/// Whether the portal serves, and where.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PortalStatus {
    /// Serving now.
    pub running: bool,
    /// The address units open.
    pub url: Option<String>,
    /// Hex SHA-256 of the certificate, for the slips and for a unit desk to pin.
    pub fingerprint: Option<String>,
    /// Why it could not start, in Vietnamese.
    pub problem: Option<String>,
}

/// The portal of this app: its handle while it serves, and the last failure to start.
#[derive(Default)]
pub struct Portal {
    inner: tokio::sync::Mutex<Running>,
}

#[derive(Default)]
struct Running {
    handle: Option<PortalHandle>,
    problem: Option<String>,
}

/// The app's store as the portal sees it.
struct AppStore(AppHandle);

impl StoreAccess for AppStore {
    fn read(&self, f: &mut dyn FnMut(&Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()> {
        self.0.state::<AppState>().read(|s| f(s)).map_err(|e| CoreError::Conflict(e.message))
    }

    fn write(&self, f: &mut dyn FnMut(&mut Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()> {
        self.0.state::<AppState>().for_portal(|s| f(s)).map_err(|e| CoreError::Conflict(e.message))
    }

    fn evidence_dir(&self) -> std::path::PathBuf {
        self.0.state::<AppState>().evidence_dir()
    }
}

impl Portal {
    /// Where it stands now.
    pub async fn status(&self) -> PortalStatus {
        let running = self.inner.lock().await;
        match &running.handle {
            Some(h) => PortalStatus { running: true, url: Some(h.url.clone()), fingerprint: Some(h.fingerprint.clone()), problem: None },
            None => PortalStatus { problem: running.problem.clone(), ..Default::default() },
        }
    }

    /// Serves as `settings` say: stops what runs, then starts again when enabled. A failure
    /// (a port taken, a bad certificate) is kept for the settings page and returned.
    pub async fn apply(&self, app: &AppHandle, settings: &PortalSettings) -> Result<PortalStatus, CoreError> {
        let mut running = self.inner.lock().await;
        let state = app.state::<AppState>();
        *state.portal_events.lock().unwrap_or_else(|p| p.into_inner()) = None;
        if let Some(h) = running.handle.take() {
            h.stop().await;
        }
        running.problem = None;
        if !settings.enabled {
            return Ok(PortalStatus::default());
        }
        let dir = state.db_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new(".")).to_path_buf();
        let mut config = PortalConfig::new(settings.listen()?, &dir);
        if let Some((cert, key)) = settings.own_certificate()? {
            config.tls = TlsSource::Pem { cert: cert.into(), key: key.into() };
        }
        match dondoc_server::start(config, Arc::new(AppStore(app.clone()))).await {
            Ok(handle) => {
                forward(app.clone(), &handle);
                *state.portal_events.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle.events());
                let status = PortalStatus { running: true, url: Some(handle.url.clone()), fingerprint: Some(handle.fingerprint.clone()), problem: None };
                running.handle = Some(handle);
                Ok(status)
            }
            Err(e) => {
                tracing::warn!("portal: cannot start: {e} {}", e.detail().unwrap_or_default());
                running.problem = Some(e.to_string());
                Err(e)
            }
        }
    }
}

/// How often at most the window hears `portal-changed`. Each time it reloads what it shows
/// (the overview at 100k parts costs a core ~0.1 s to read and paint); 29 units ticking
/// several times a second would otherwise keep both cores busy repainting it. The first
/// change after a quiet spell is passed on at once, later ones at most once a second,
/// well within the 2 s the office may wait.
const WINDOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// What a unit changes reaches the window as `portal-changed` (the page reloads what it
/// shows), coalesced by [`coalesce`].
fn forward(app: AppHandle, handle: &PortalHandle) {
    let changes = handle.subscribe();
    tauri::async_runtime::spawn(coalesce(changes, WINDOW_EVERY, move || {
        let _ = app.emit("portal-changed", ());
    }));
}

/// Calls `emit` for the units' changes arriving on `changes`: at once for the first one
/// after a quiet spell, then, while units keep acting, once per `every` for all they did
/// in it. The window's own writes (`OFFICE_CHANGE`), which the units' pages hear about,
/// do not come back to it. Ends when the portal stops.
async fn coalesce(mut changes: broadcast::Receiver<Change>, every: std::time::Duration, mut emit: impl FnMut()) {
    loop {
        match changes.recv().await {
            Ok(change) if change.what == OFFICE_CHANGE => continue,
            Ok(change) => tracing::info!(assignment = change.assignment_id, what = %change.what, "portal: a unit acted"),
            Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return,
        }
        emit();
        loop {
            let until = tokio::time::Instant::now() + every;
            let mut more = false;
            loop {
                match tokio::time::timeout_at(until, changes.recv()).await {
                    Err(_period_over) => break,
                    Ok(Ok(change)) if change.what == OFFICE_CHANGE => {}
                    Ok(Ok(_) | Err(RecvError::Lagged(_))) => more = true,
                    Ok(Err(RecvError::Closed)) => return,
                }
            }
            if !more {
                break;
            }
            emit();
        }
    }
}

/// At launch: serves the portal when the office turned it on (a failure is kept for the
/// settings page, the app runs on).
pub fn start_if_enabled(app: &AppHandle) {
    let settings = match app.state::<AppState>().read(|s| s.portal_settings()) {
        Ok(s) if s.enabled => s,
        _ => return,
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let _ = app.state::<Portal>().apply(&app, &settings).await;
    });
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::{coalesce, Change, OFFICE_CHANGE};

    fn change(what: &str) -> Change {
        Change { assignment_id: 1, unit_id: Some(7), what: what.into() }
    }

    /// A burst of ticks from the units reaches the window as one event at once and then one
    /// a second, never one per tick, and every tick is followed by an event within a second;
    /// a lone tick after a quiet spell comes at once; the window's own writes never come back.
    #[tokio::test(start_paused = true)]
    async fn a_burst_of_unit_changes_reaches_the_window_once_a_second() {
        use tokio::time::Instant;
        let (tx, rx) = tokio::sync::broadcast::channel(1024);
        let emitted: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let log = emitted.clone();
        let task = tokio::spawn(coalesce(rx, Duration::from_secs(1), move || log.lock().unwrap().push(Instant::now())));
        let settle = || tokio::time::sleep(Duration::from_millis(1));
        let seen = || emitted.lock().unwrap().clone();

        tx.send(change(OFFICE_CHANGE)).unwrap();
        settle().await;
        assert!(seen().is_empty(), "the window's own write");
        let start = Instant::now();
        tx.send(change("done")).unwrap();
        settle().await;
        assert_eq!(seen(), [start], "the first change after a quiet spell, at once");
        // 50 ticks over 3 s.
        let mut ticks = Vec::new();
        for _ in 0..50 {
            ticks.push(Instant::now());
            tx.send(change("done")).unwrap();
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        let events = seen();
        assert!((4..=5).contains(&events.len()), "one event a second for 50 ticks in 3 s: {events:?}");
        for t in &ticks {
            assert!(events.iter().any(|e| e >= t && *e - *t <= Duration::from_secs(1)), "a tick at {:?} without an event within 1 s", *t - start);
        }
        // Quiet since: a new change is passed on at once.
        let lone = Instant::now();
        tx.send(change("note")).unwrap();
        settle().await;
        assert_eq!(seen().last(), Some(&lone), "after a quiet spell, at once again");
        drop(tx);
        task.await.unwrap();
    }
}
