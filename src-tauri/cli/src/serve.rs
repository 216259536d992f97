//! `dondoc-cli serve`: the unit portal without the window, on a dedicated machine (see
//! scripts/dondoc-portal.service). Prints one JSON line `{"url","fingerprint"}` once it
//! listens, then serves until stopped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dondoc_core::CoreError;
use dondoc_server::{PortalConfig, Stores, TlsSource};

/// Serves the store at `db` on `listen`, with the office's `pem` pair or a self-signed one.
pub fn run(db: &Path, listen: SocketAddr, pem: Option<(PathBuf, PathBuf)>) -> Result<(), CoreError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut config = PortalConfig::new(listen, dir);
        if let Some((cert, key)) = pem {
            config.tls = TlsSource::Pem { cert, key };
        }
        let stores = Arc::new(Stores::open(db, 4)?);
        let portal = dondoc_server::start(config, stores).await?;
        println!("{}", serde_json::json!({ "url": portal.url, "fingerprint": portal.fingerprint }));
        eprintln!("Cổng đơn vị đang chạy tại {} (dấu vân tay chứng chỉ SHA-256: {}).", portal.url, portal.fingerprint);
        tokio::select! {
            served = portal.wait() => served.map_err(CoreError::from),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}
