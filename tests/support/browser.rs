//! A real browser for the portal's page: Debian's Chromium, headless, driven through its
//! chromedriver (W3C WebDriver) on a free port. The page is then used with the same
//! [`Session`] methods as the desktop window (find, click, type, wait, text, screenshot).
//!
//! Chromium runs as root here, so it needs `--no-sandbox`; the flags that stop its
//! background connections keep it from knocking at a closed network at every start. Each
//! browser has a fresh profile folder; on drop the session is ended, chromedriver killed,
//! and any process still running with that profile (a browser that did not quit) killed
//! by its id.
//!
//! Included with `#[path = "support/browser.rs"] mod browser;` by the tests that need it.

#![allow(dead_code)]

use std::ops::Deref;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{free_port, which, Guard, Session};

/// Chromium and chromedriver, or `None` (skip) when missing outside CI; in CI missing tools
/// fail the run, as `support::prerequisites` does.
pub fn prerequisites() -> Option<(PathBuf, PathBuf)> {
    match (which("chromium"), which("chromedriver")) {
        (Some(browser), Some(driver)) => Some((browser, driver)),
        _ => {
            let msg = "browser prerequisites missing: chromium, chromedriver (run `make deps-test`: apt packages chromium chromium-driver)";
            if std::env::var_os("CI").is_some() {
                panic!("{msg}");
            }
            eprintln!("SKIPPED BROWSER TEST: {msg}");
            None
        }
    }
}

/// One headless Chromium window of a given size, with its chromedriver.
pub struct Browser {
    session: Session,
    /// `http://127.0.0.1:PORT/session/ID`.
    url: String,
    agent: ureq::Agent,
    _driver: Guard,
    profile: tempfile::TempDir,
}

impl Deref for Browser {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl Browser {
    /// Starts chromedriver and opens a browser whose page is `width`×`height` CSS pixels.
    /// Certificates are not checked (the portal's is self-signed), and the browser's console
    /// is kept for [`Browser::console`].
    pub fn open(width: u32, height: u32) -> Option<Browser> {
        let (chromium, chromedriver) = prerequisites()?;
        let profile = tempfile::tempdir().unwrap();
        let port = free_port();
        let driver = Command::new(chromedriver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start chromedriver");
        let driver = Guard(driver);
        let base = format!("http://127.0.0.1:{port}");
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-extensions".into(),
            "--disable-breakpad".into(),
            "--disable-crash-reporter".into(),
            "--hide-scrollbars".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({"binary": chromium, "args": args});
        // Chromium's windows are at least 500 px wide: a phone's width is emulated (touch,
        // mobile viewport) as the browser's device mode does.
        if width < 500 {
            options["mobileEmulation"] = json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true}});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "acceptInsecureCerts": true,
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let resp: Value = match agent.post(&format!("{base}/session")).send_json(caps) {
            Ok(r) => r.into_json().unwrap(),
            Err(e) => panic!("could not open a Chromium session: {e}"),
        };
        let id = resp["value"]["sessionId"].as_str().expect("session id").to_string();
        let url = format!("{base}/session/{id}");
        Some(Browser { session: Session::attach(url.clone()), url, agent, _driver: driver, profile })
    }

    fn post(&self, path: &str, body: Value) -> Value {
        match self.agent.post(&format!("{}{path}", self.url)).send_json(body) {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].take(),
            Err(e) => panic!("WebDriver {path}: {e}"),
        }
    }

    /// Loads `url` and waits until the document has loaded.
    pub fn goto(&self, url: &str) {
        self.post("/url", json!({"url": url}));
    }

    /// Runs `script` (a function body ending in `return …`) in the page; its value.
    pub fn eval(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
    }

    /// What the page wrote to the browser's console since the last call (messages and
    /// errors, CSP violations among them), one string per entry.
    pub fn console(&self) -> Vec<String> {
        let entries = self.post("/se/log", json!({"type": "browser"}));
        entries.as_array().into_iter().flatten().filter_map(|e| e["message"].as_str().map(String::from)).collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session quits Chromium; chromedriver is killed after (field drop).
        let _ = self.agent.delete(&self.url).call();
        kill_profile_processes(&self.profile.path().display().to_string());
    }
}

/// Kills, by id, every process whose command line names our private profile folder: a
/// Chromium (or one of its helpers) that outlived its session. Nothing else matches it.
fn kill_profile_processes(profile: &str) {
    let needle = format!("--user-data-dir={profile}");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let pids: Vec<String> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
            .filter(|e| {
                let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
                cmd.split(|b| *b == 0).any(|arg| arg == needle.as_bytes())
            })
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if pids.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill").arg("-KILL").args(&pids).status();
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
