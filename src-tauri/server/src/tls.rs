//! The portal's certificate: the office's own PEM pair, or a self-signed one made on first
//! start for the machine's names and LAN addresses and kept beside the store, never
//! replaced once made (the units' browsers and phones remember its fingerprint).

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Where the certificate comes from.
#[derive(Debug, Clone)]
pub enum TlsSource {
    /// A self-signed certificate kept in `dir` (`portal-cert.pem`, `portal-key.pem`), made
    /// on first start.
    SelfSigned {
        /// The folder (the store's).
        dir: PathBuf,
    },
    /// The office's own certificate chain and private key, PEM.
    Pem {
        /// Certificate chain.
        cert: PathBuf,
        /// Private key.
        key: PathBuf,
    },
}

/// A certificate ready to serve.
pub struct Loaded {
    /// The chain, the server's certificate first.
    pub chain: Vec<CertificateDer<'static>>,
    /// Its key.
    pub key: PrivateKeyDer<'static>,
    /// Hex SHA-256 of the server certificate's DER: what a unit compares on its slip.
    pub fingerprint: String,
}

/// File names of the self-signed pair, in the store's folder.
pub const CERT_FILE: &str = "portal-cert.pem";
/// See [`CERT_FILE`].
pub const KEY_FILE: &str = "portal-key.pem";

fn fail(what: &str, path: &Path, e: impl std::fmt::Display) -> String {
    format!("{what} {}: {e}", path.display())
}

/// Hex SHA-256 of `der`: the core's, which the unit's desk pins.
pub use dondoc_core::desk::certificate_fingerprint as fingerprint;

/// This machine's LAN address as the routing table sees it (no packet is sent: a UDP
/// socket is only connected), if any.
pub fn lan_address() -> Option<IpAddr> {
    let s = UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:9").ok()?;
    s.local_addr().ok().map(|a| a.ip()).filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
}

/// The machine's host name, if it has one.
pub fn host_name() -> Option<String> {
    let name = std::fs::read_to_string("/etc/hostname").ok().or_else(|| std::env::var("COMPUTERNAME").ok()).or_else(|| std::env::var("HOSTNAME").ok())?;
    // Only a name a certificate can carry (letters, digits, '-', '.').
    let name = name.trim().to_ascii_lowercase();
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')).then_some(name)
}

/// The names a self-signed certificate is made for: localhost, the host name, loopback,
/// the LAN address and the address listened on.
fn names(listen: SocketAddr) -> Vec<String> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    names.extend(host_name());
    names.extend(lan_address().map(|ip| ip.to_string()));
    if !listen.ip().is_unspecified() {
        names.push(listen.ip().to_string());
    }
    names.dedup();
    names
}

fn read_pair(cert: &Path, key: &Path) -> Result<Loaded, String> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| fail("Không đọc được chứng chỉ", cert, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| fail("Chứng chỉ không hợp lệ", cert, e))?;
    let first = chain.first().ok_or_else(|| fail("Không có chứng chỉ nào trong", cert, "tệp rỗng"))?;
    let fingerprint = fingerprint(first);
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| fail("Không đọc được khóa riêng", key, e))?;
    Ok(Loaded { chain, key, fingerprint })
}

/// Loads the certificate of `source`, making the self-signed one if it does not exist yet.
/// Half a pair (one file without the other) is refused, never overwritten.
pub fn load(source: &TlsSource, listen: SocketAddr) -> Result<Loaded, String> {
    match source {
        TlsSource::Pem { cert, key } => read_pair(cert, key),
        TlsSource::SelfSigned { dir } => {
            let (cert, key) = (dir.join(CERT_FILE), dir.join(KEY_FILE));
            match (cert.exists(), key.exists()) {
                (true, true) => return read_pair(&cert, &key),
                (false, false) => {}
                _ => {
                    return Err(format!(
                        "Chỉ có một trong hai tệp {} và {}: hãy khôi phục tệp còn thiếu hoặc xóa cả hai để tạo chứng chỉ mới.",
                        cert.display(),
                        key.display()
                    ))
                }
            }
            let made = rcgen::generate_simple_self_signed(names(listen)).map_err(|e| format!("Không tạo được chứng chỉ: {e}"))?;
            write_new(&key, made.signing_key.serialize_pem().as_bytes(), true)?;
            write_new(&cert, made.cert.pem().as_bytes(), false)?;
            tracing::info!(cert = %cert.display(), "portal: self-signed certificate made");
            read_pair(&cert, &key)
        }
    }
}

/// Writes a new file (never an existing one), readable by its owner only for a key.
fn write_new(path: &Path, bytes: &[u8], secret: bool) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = options.open(path).map_err(|e| fail("Không ghi được", path, e))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| fail("Không ghi được", path, e))
}

/// The rustls configuration serving `loaded` (ring provider, HTTP/1.1).
pub fn server_config(loaded: Loaded) -> Result<Arc<rustls::ServerConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(loaded.chain, loaded.key)
        .map_err(|e| format!("Chứng chỉ và khóa riêng không khớp: {e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
