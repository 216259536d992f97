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
