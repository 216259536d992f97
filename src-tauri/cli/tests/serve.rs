//! `dondoc-cli serve`: one JSON line once listening, the certificate made beside the store
//! on first start and kept afterwards.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve` on a free port and returns the process and its JSON line.
fn serve(db: &Path) -> (Serving, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("DONDOC_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run dondoc-cli serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let serving = Serving(child);
    (serving, serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}")))
}

#[test]
fn serve_prints_its_address_and_a_fingerprint_that_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let (first, line) = serve(&db);
    let url = line["url"].as_str().unwrap();
    assert!(url.starts_with("https://127.0.0.1:") && url.ends_with('/'), "{url}");
    let fingerprint = line["fingerprint"].as_str().unwrap().to_string();
    assert!(fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{fingerprint}");
    assert_eq!(line.as_object().unwrap().len(), 2, "exactly {{url, fingerprint}}");
    let port: u16 = url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
    std::net::TcpStream::connect(("127.0.0.1", port)).expect("listening once the line is printed");
    let cert = std::fs::read(dir.path().join("portal-cert.pem")).unwrap();
    assert!(dir.path().join("portal-key.pem").is_file());
    drop(first);

    let (_second, again) = serve(&db);
    assert_eq!(again["fingerprint"], Value::from(fingerprint), "the same certificate at the next start");
    assert_eq!(std::fs::read(dir.path().join("portal-cert.pem")).unwrap(), cert, "never overwritten");
}

/// An HTTPS client that trusts only the certificate `serve` made beside the store.
fn client(dir: &Path) -> ureq::Agent {
    use rustls::pki_types::pem::PemObject;
    let pem = std::fs::read(dir.join("portal-cert.pem")).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(rustls::pki_types::CertificateDer::from_pem_slice(&pem).unwrap()).unwrap();
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    ureq::AgentBuilder::new().tls_config(std::sync::Arc::new(tls)).build()
}

/// `POST /api/session` with `user` and `password`: the status.
fn log_in(agent: &ureq::Agent, url: &str, user: &str, password: &str) -> u16 {
    let origin = url.trim_end_matches('/');
    match agent.post(&format!("{origin}/api/session")).set("Origin", origin).send_json(serde_json::json!({ "user": user, "password": password })) {
        Ok(res) => res.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    }
}

/// `dondoc-cli accounts …` in another process while `serve` holds the same store: each
/// change applies at the portal's next request (both write through IMMEDIATE transactions
/// on the one file; neither waits for a restart).
#[test]
fn accounts_changed_by_the_cli_while_serving_apply_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let (_serving, line) = serve(&db);
    let url = line["url"].as_str().unwrap().to_string();
    let agent = client(dir.path());
    let accounts = |args: &[&str]| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_dondoc-cli")).arg("--db").arg(&db).arg("accounts").args(args).env_remove("DONDOC_DB").output().unwrap();
        assert!(out.status.success(), "accounts {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    };

    assert_eq!(log_in(&agent, &url, "xa-my-ha", "chua-co-mat-khau"), 401, "not enabled yet");
    let first = accounts(&["enable", "xa-my-ha"]);
    let password = first["password"].as_str().unwrap().to_string();
    assert_eq!(log_in(&agent, &url, "xa-my-ha", &password), 200, "enabled by the CLI, the served portal lets it in");

    let again = accounts(&["reset", "xa-my-ha"]);
    let reset = again["password"].as_str().unwrap().to_string();
    assert_ne!(reset, password);
    assert_eq!(log_in(&agent, &url, "xa-my-ha", &password), 401, "the old password no longer works");
    assert_eq!(log_in(&agent, &url, "xa-my-ha", &reset), 200);

    accounts(&["disable", "xa-my-ha"]);
    assert_eq!(log_in(&agent, &url, "xa-my-ha", &reset), 401, "disabled by the CLI");
    let listed = accounts(&["list", "--json"]);
    let mine = listed.as_array().unwrap().iter().find(|a| a["user"] == "xa-my-ha").cloned().unwrap();
    assert_eq!(mine["enabled"], false, "{mine}");
}
