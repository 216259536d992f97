//! The office's certificate, pinned: the desk trusts exactly the certificate whose SHA-256
//! the unit typed when it connected (printed on its slip, shown on the office's settings
//! page), whatever its name or issuer. A self-signed certificate on a LAN address has no
//! authority to vouch for it; the fingerprint is the authority. The handshake's signatures
//! are still verified (ring), so the server must hold that certificate's key.

use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// Lower-case hex SHA-256 of a certificate (DER), as the portal prints it (the core's).
pub use dondoc_core::desk::certificate_fingerprint as fingerprint;

/// Accepts the one certificate whose fingerprint is `pinned`; remembers the fingerprint of
/// a refused one, so the error can name what the server sent.
#[derive(Debug)]
pub struct Pinned {
    pinned: String,
    algorithms: WebPkiSupportedAlgorithms,
    /// The fingerprint of the last certificate refused.
    pub refused: Arc<Mutex<Option<String>>>,
}

impl Pinned {
    fn new(pinned: &str, provider: &CryptoProvider) -> Pinned {
        Pinned { pinned: pinned.to_string(), algorithms: provider.signature_verification_algorithms, refused: Arc::default() }
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = fingerprint(end_entity);
        if seen == self.pinned {
            return Ok(ServerCertVerified::assertion());
        }
        tracing::warn!(%seen, pinned = %self.pinned, "desk: the office's certificate is not the pinned one; not connecting");
        *self.refused.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen);
        Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure))
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A TLS client configuration that trusts only the certificate `pinned`, and the verifier's
/// record of a refused certificate.
pub fn client_config(pinned: &str) -> Result<(rustls::ClientConfig, Arc<Mutex<Option<String>>>), rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(Pinned::new(pinned, &provider));
    let refused = verifier.refused.clone();
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok((config, refused))
}
