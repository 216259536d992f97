//! # dondoc-server
//!
//! The unit portal (issue 17): the office's Đôn đốc serves the units on the LAN over HTTPS,
//! so a commune ticks its own parts off, files the report and asks for more time without
//! phoning the office. A library, so the desktop app starts and stops it (Cài đặt, the
//! tray) and `dondoc-cli serve` runs it headless.
//!
//! Authorization is the core's ([`dondoc_core::portal::Caller`]); this crate turns a cookie
//! into a caller, the real clock into an instant, and HTTP into store calls: reads on a
//! pool of readers, writes on the one writer, both off the async workers.
#![deny(missing_docs)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dondoc_core::store::Readers;
use dondoc_core::{CoreError, Store};
use serde::Serialize;
use tokio::sync::broadcast;

mod api;
mod assets;
mod desk;
mod guard;
mod tls;

pub use tls::{fingerprint, TlsSource, CERT_FILE, KEY_FILE};

/// How the portal reaches the store: the app passes its own writer and readers, the CLI
/// [`Stores`]. Each call runs `f` once, on a blocking thread.
pub trait StoreAccess: Send + Sync + 'static {
    /// Runs `f` on a read-only store (one snapshot).
    fn read(&self, f: &mut dyn FnMut(&Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()>;
    /// Runs `f` on the writer.
    fn write(&self, f: &mut dyn FnMut(&mut Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()>;
    /// The evidence folder (beside the store, as the window files evidence).
    fn evidence_dir(&self) -> PathBuf;
}

/// The store opened for the portal alone: one writer behind a mutex, a pool of readers.
pub struct Stores {
    writer: Mutex<Store>,
    readers: Readers,
    evidence: PathBuf,
}

impl Stores {
    /// Opens (and migrates) the store at `db` with `readers` read connections.
    pub fn open(db: &Path, readers: usize) -> dondoc_core::Result<Stores> {
        let writer = Store::open(db)?;
        Ok(Stores { writer: Mutex::new(writer), readers: Readers::open(db, readers)?, evidence: dondoc_core::backup::evidence_dir_for(db) })
    }
}

impl StoreAccess for Stores {
    fn read(&self, f: &mut dyn FnMut(&Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()> {
        self.readers.read(|s| f(s))
    }

    fn write(&self, f: &mut dyn FnMut(&mut Store) -> dondoc_core::Result<()>) -> dondoc_core::Result<()> {
        f(&mut self.writer.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn evidence_dir(&self) -> PathBuf {
        self.evidence.clone()
    }
}

/// What changed through the portal (or, sent by the app, in the window): the window
/// refreshes, and a unit's open page reloads its list when its own part changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The part that changed.
    pub assignment_id: i64,
    /// Its unit (`None`: every page refreshes).
    pub unit_id: Option<i64>,
    /// What happened: `done`, `note`, `evidence`, `extension_request`, or the app's own.
    pub what: String,
}

/// The instant the portal acts at: the real clock, or a test's.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// How to run the portal.
pub struct PortalConfig {
    /// Where to listen (e.g. `0.0.0.0:8443`; port 0 picks a free one).
    pub listen: SocketAddr,
    /// The certificate.
    pub tls: TlsSource,
    /// Log-in attempts allowed per client address per minute (beyond: 429 `throttled`).
    pub logins_per_minute: u32,
    /// The clock; `None` for the real one.
    pub clock: Option<Clock>,
}

impl PortalConfig {
    /// The defaults for `listen`, with a self-signed certificate kept in `cert_dir`.
    pub fn new(listen: SocketAddr, cert_dir: &Path) -> PortalConfig {
        PortalConfig { listen, tls: TlsSource::SelfSigned { dir: cert_dir.to_path_buf() }, logins_per_minute: 20, clock: None }
    }
}

/// A running portal.
pub struct PortalHandle {
    /// The address units open (`https://192.168.1.10:8443/`).
    pub url: String,
    /// Hex SHA-256 of the certificate (DER).
    pub fingerprint: String,
    /// The address actually bound.
    pub local_addr: SocketAddr,
    events: broadcast::Sender<Change>,
    server: axum_server::Handle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl PortalHandle {
    /// What the portal changes, as it happens (the app's window listens).
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.events.subscribe()
    }

    /// The sender of change events: the app sends the window's own changes, so the units'
    /// open pages refresh too.
    pub fn events(&self) -> broadcast::Sender<Change> {
        self.events.clone()
    }

    /// Stops listening, lets requests under way finish (up to 5 s), and waits.
    pub async fn stop(self) {
        self.server.graceful_shutdown(Some(Duration::from_secs(5)));
        match self.task.await {
            Ok(Err(e)) => tracing::warn!("portal: server stopped with {e}"),
            Err(e) => tracing::warn!("portal: server task failed: {e}"),
            Ok(Ok(())) => {}
        }
    }

    /// Serves until the server stops by itself (an error): `dondoc-cli serve` waits here.
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// The portal's state shared by every request.
pub(crate) struct Shared {
    pub access: Arc<dyn StoreAccess>,
    pub events: broadcast::Sender<Change>,
    pub clock: Clock,
    pub throttle: guard::Throttle,
}

impl Shared {
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}

/// The URL units open for a server bound to `addr`: the address itself, or this machine's
/// LAN address (then host name) when it listens on all of them.
fn url_for(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        tls::lan_address().map(|ip| ip.to_string()).or_else(tls::host_name).unwrap_or_else(|| "localhost".into())
    } else {
        addr.ip().to_string()
    };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    format!("https://{host}:{}/", addr.port())
}

/// Starts the portal on the current tokio runtime: the certificate is loaded (or made),
/// the port bound, and requests are served until [`PortalHandle::stop`].
pub async fn start(config: PortalConfig, access: Arc<dyn StoreAccess>) -> Result<PortalHandle, CoreError> {
    let problem = |m: String| CoreError::Conflict(m);
    let listen = config.listen;
    let loaded = tokio::task::spawn_blocking({
        let source = config.tls.clone();
        move || tls::load(&source, listen)
    })
    .await
    .map_err(|e| problem(e.to_string()))?
    .map_err(problem)?;
    let fingerprint = loaded.fingerprint.clone();
    let rustls = axum_server::tls_rustls::RustlsConfig::from_config(tls::server_config(loaded).map_err(problem)?);
    let listener =
        std::net::TcpListener::bind(listen).map_err(|e| problem(format!("Không mở được cổng {listen}: {e}. Có thể cổng đang được chương trình khác dùng.")))?;
    listener.set_nonblocking(true)?;
    let local_addr = listener.local_addr()?;
    let (events, _) = broadcast::channel(256);
    let shared = Arc::new(Shared {
        access,
        events: events.clone(),
        clock: config.clock.unwrap_or_else(|| Arc::new(Utc::now)),
        throttle: guard::Throttle::new(config.logins_per_minute),
    });
    let app = api::router(shared);
    let server = axum_server::Handle::new();
    let serving = axum_server::from_tcp_rustls(listener, rustls).handle(server.clone());
    let task = tokio::spawn(async move { serving.serve(app.into_make_service_with_connect_info::<SocketAddr>()).await });
    let url = url_for(local_addr);
    tracing::info!(%url, %fingerprint, "portal: listening");
    Ok(PortalHandle { url, fingerprint, local_addr, events, server, task })
}
