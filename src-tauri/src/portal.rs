//! The unit portal inside the app: started at launch when the office turned it on (Cài đặt),
//! started and stopped from the settings page, kept serving while the window is closed to
//! the tray. It reaches the store through the app's own writer and readers, so a unit's
//! tick and the secretary's edit are one queue of writes; what a unit changes reaches the
//! window as the `portal-changed` event, and what the window changes reaches the units'
//! open pages through the portal's event stream.

use std::sync::Arc;

use dondoc_core::portal::PortalSettings;
use dondoc_core::{CoreError, Store};
use dondoc_server::{PortalConfig, PortalHandle, StoreAccess, TlsSource};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

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

/// What a unit changes reaches the window as `portal-changed` (the page reloads what it
/// shows) and wakes the reminders (a part done is no longer due).
fn forward(app: AppHandle, handle: &PortalHandle) {
    let mut changes = handle.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match changes.recv().await {
                Ok(change) if change.what == OFFICE_CHANGE => {}
                Ok(change) => {
                    tracing::info!(assignment = change.assignment_id, what = %change.what, "portal: a unit acted");
                    let _ = app.emit("portal-changed", &change);
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let _ = app.emit("portal-changed", ());
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
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
