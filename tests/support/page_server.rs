//! A tiny static HTTP server for the portal page's browser tests without a portal behind it
//! (`e2e_portal_page`): it serves the built page (`ui/dist-portal`) over plain HTTP on
//! 127.0.0.1 with the portal's strict CSP, answers 404 to everything else — `/api/…` included
//! — or, for "the server is gone", closes an `/api/…` connection without an answer. Every
//! request is kept, so a test can check what the page sent. The portal's API is never faked
//! here: tests that need it run the real server (`e2e_portal_flow`, `e2e_portal`).
//!
//! Included with `#[path = "support/page_server.rs"] mod page_server;`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The policy the portal's server sends; the page must work under it (no inline script or
/// style, no eval).
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Without the query.
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
}

impl Request {
    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server saw, in order.
pub type Seen = Arc<Mutex<Vec<Request>>>;

/// The built page, or a failure (in CI) / a skip saying how to build it.
pub fn dist() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist-portal");
    if dir.join("index.html").is_file() {
        return Some(dir);
    }
    let msg = "ui/dist-portal is missing: run `cd ui && npm run build` (it builds the window and the portal's page)";
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED BROWSER TEST: {msg}");
    None
}

/// Starts serving `dir` from a thread per connection; the page's URL and the requests seen.
/// With `drop_api`, a request under `/api/` gets its connection closed without an answer.
/// The threads live as long as the test process and hold nothing else.
pub fn serve(dir: PathBuf, drop_api: bool) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let (dir, log) = (dir.clone(), log.clone());
            std::thread::spawn(move || answer(conn, &dir, &log, drop_api));
        }
    });
    (url, seen)
}

fn answer(mut conn: TcpStream, dir: &Path, seen: &Seen, drop_api: bool) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("/").to_string());
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    // The body is read before answering: a connection reset with unread data would hide the answer.
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let req = Request { method, path: path.to_string(), query: query.to_string(), body };
    seen.lock().unwrap().push(req.clone());
    if drop_api && req.path.starts_with("/api/") {
        return;
    }
    let file = if req.path == "/" { Some(dir.join("index.html")) } else { req.path.strip_prefix('/').map(|p| dir.join(p)) };
    match file.filter(|f| req.method == "GET" && !req.path.contains("..") && f.is_file()) {
        Some(f) => {
            let kind = match f.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                _ => "application/octet-stream",
            };
            reply(&mut conn, 200, kind, &std::fs::read(f).unwrap());
        }
        None => reply(&mut conn, 404, "text/plain", b"Not Found"),
    }
}

/// Writes a whole answer and ends the connection.
fn reply(conn: &mut TcpStream, status: u16, kind: &str, body: &[u8]) {
    let reason = match status {
        200 => "OK",
        _ => "Not Found",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = conn.write_all(head.as_bytes()).and_then(|_| conn.write_all(body));
}
