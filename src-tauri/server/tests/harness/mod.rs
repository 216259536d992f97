//! The portal under test: a server on a free port over a temporary store holding the demo
//! conference, and an HTTPS client (ureq on rustls) that trusts only its certificate.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use dondoc_core::Store;
use dondoc_server::{PortalConfig, PortalHandle, Stores};
use serde_json::{json, Value};

/// A portal on a temporary store, its clock at 27/02/2023 09:00 plus `offset` seconds.
pub struct Portal {
    pub rt: tokio::runtime::Runtime,
    pub handle: Option<PortalHandle>,
    pub base: String,
    pub agent: ureq::Agent,
    pub offset: Arc<AtomicI64>,
    pub db: PathBuf,
    pub _dir: tempfile::TempDir,
}

impl Drop for Portal {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.rt.block_on(h.stop());
        }
    }
}

/// An answer: status, the JSON body (or `Null`), the session cookie set, if any.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub cookie: Option<String>,
    /// The `Link` header (the list's next page).
    pub link: Option<String>,
    /// The `X-Total-Count` header.
    pub total: Option<String>,
}

pub fn start(logins_per_minute: u32) -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    let office = dondoc_core::Ctx::new(Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap(), "Văn phòng");
    {
        let mut s = Store::open(&db).unwrap();
        dondoc_core::demo::load(&mut s, &office).unwrap();
    }
    let offset = Arc::new(AtomicI64::new(0));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut config = PortalConfig::new("127.0.0.1:0".parse().unwrap(), dir.path());
    config.logins_per_minute = logins_per_minute;
    let o = offset.clone();
    config.clock = Some(Arc::new(move || Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap() + chrono::Duration::seconds(o.load(Ordering::SeqCst))));
    let stores = Arc::new(Stores::open(&db, 2).unwrap());
    let handle = rt.block_on(dondoc_server::start(config, stores)).unwrap();

    // The portal's own certificate is the only root the client trusts.
    let pem = std::fs::read(dir.path().join(dondoc_server::CERT_FILE)).unwrap();
    use rustls::pki_types::pem::PemObject;
    let der = rustls::pki_types::CertificateDer::from_pem_slice(&pem).unwrap();
    assert_eq!(dondoc_server::fingerprint(&der), handle.fingerprint, "the fingerprint is the certificate's SHA-256");
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der).unwrap();
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let agent = ureq::AgentBuilder::new().tls_config(Arc::new(tls)).timeout(Duration::from_secs(30)).build();
    let base = handle.url.trim_end_matches('/').to_string();
    Portal { rt, handle: Some(handle), base, agent, offset, db, _dir: dir }
}

impl Portal {
    /// A request with the portal's own `Origin` (unless `origin` says otherwise).
    pub fn call(&self, method: &str, path: &str, cookie: Option<&str>, origin: Option<&str>, body: Option<Value>) -> Answer {
        let mut req = self.agent.request(method, &format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.set("Cookie", &format!("__Host-dondoc={c}"));
        }
        if let Some(o) = origin {
            req = req.set("Origin", o);
        }
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        Self::answer(res)
    }

    pub fn answer(res: Result<ureq::Response, ureq::Error>) -> Answer {
        let res = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("transport: {e}"),
        };
        let status = res.status();
        let cookie = res
            .all("set-cookie")
            .iter()
            .find_map(|c| c.strip_prefix("__Host-dondoc=").map(|v| v.split(';').next().unwrap_or("").to_string()))
            .filter(|v| !v.is_empty());
        if status != 204 && status != 200 && status != 201 {
            assert_eq!(res.header("content-type"), Some("application/json"), "errors are JSON");
        }
        let (link, total) = (res.header("link").map(str::to_string), res.header("x-total-count").map(str::to_string));
        let text = res.into_string().unwrap();
        Answer { status, body: serde_json::from_str(&text).unwrap_or(Value::Null), cookie, link, total }
    }

    pub fn origin(&self) -> String {
        self.base.clone()
    }

    pub fn post(&self, path: &str, cookie: Option<&str>, body: Value) -> Answer {
        self.call("POST", path, cookie, Some(&self.origin()), Some(body))
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        self.call("GET", path, cookie, None, None)
    }

    /// Enables `code`'s account, logs in, changes the initial password: a ready session.
    pub fn unit_session(&self, code: &str) -> String {
        let initial = self.enable(code);
        let first = self.post("/api/session", None, json!({ "user": code, "password": initial }));
        assert_eq!(first.status, 200, "{:?}", first.body);
        let changed =
            self.call("PUT", "/api/session/password", first.cookie.as_deref(), Some(&self.origin()), Some(json!({ "old": initial, "new": "Doimatkhau2023" })));
        assert_eq!(changed.status, 204, "{:?}", changed.body);
        changed.cookie.expect("a new session after the change")
    }

    pub fn enable(&self, code: &str) -> String {
        let mut s = Store::open(&self.db).unwrap();
        s.enable_unit_account(&dondoc_core::Ctx::new(Utc::now(), "Văn phòng"), code).unwrap().password
    }

    /// The store as the export writes it, and the evidence files on disk.
    pub fn snapshot(&self) -> String {
        let s = Store::open_reader(&self.db).unwrap();
        let mut out = Vec::new();
        dondoc_core::export::write_json(s.conn(), &mut out).unwrap();
        let requests: i64 = s.conn().query_row("SELECT count(*) FROM extension_request", [], |r| r.get(0)).unwrap();
        format!("{}\n{requests}\n{:?}", String::from_utf8(out).unwrap(), files(&self.evidence_dir()))
    }

    pub fn evidence_dir(&self) -> PathBuf {
        dondoc_core::backup::evidence_dir_for(&self.db)
    }

    /// The first part of `unit`, as the office's CLI lists it.
    pub fn part_of(&self, unit: &str) -> i64 {
        let s = Store::open_reader(&self.db).unwrap();
        let id: i64 = s
            .conn()
            .query_row(
                "SELECT a.id FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE u.code = ?1 AND a.state != 'done' ORDER BY a.id LIMIT 1",
                [unit],
                |r| r.get(0),
            )
            .unwrap();
        id
    }
}

pub fn files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                out.extend(files(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

pub fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----dondoc-test-boundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n")
        .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Portal {
    pub fn upload(&self, cookie: &str, id: i64, file_name: &str, bytes: &[u8]) -> Answer {
        let (content_type, body) = multipart(file_name, bytes);
        let req = self
            .agent
            .post(&format!("{}/api/my/assignments/{id}/evidence", self.base))
            .set("Cookie", &format!("__Host-dondoc={cookie}"))
            .set("Origin", &self.origin())
            .set("Content-Type", &content_type);
        Self::answer(req.send_bytes(&body))
    }
}
