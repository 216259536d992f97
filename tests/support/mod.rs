//! Harness for end-to-end tests of the real app: a private X server (Xvfb), a private
//! D-Bus session bus without service activation, tauri-driver in front of
//! WebKitWebDriver, and a minimal W3C WebDriver client over HTTP.
//!
//! Missing prerequisites fail the run when `CI` is set; elsewhere the test says loudly
//! that it was skipped and what to install.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Finds a program on PATH or in cargo's bin folder.
pub fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).collect();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// The CLI binary built beside this test binary (target/debug/dondoc-cli).
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().and_then(|d| d.parent()).unwrap().join("dondoc-cli");
    assert!(path.is_file(), "dondoc-cli must be built with the workspace: {}", path.display());
    path
}

/// Checks the tools the e2e run needs. `Ok(None)` means "skip" (not in CI).
pub fn prerequisites() -> Option<Vec<PathBuf>> {
    let names = ["Xvfb", "dbus-daemon", "tauri-driver", "WebKitWebDriver"];
    let found: Vec<Option<PathBuf>> = names.iter().map(|n| which(n)).collect();
    let missing: Vec<&str> = names.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(n, _)| *n).collect();
    if missing.is_empty() {
        return Some(found.into_iter().flatten().collect());
    }
    let msg = format!(
        "e2e prerequisites missing: {} (run `make deps`: apt packages xvfb dbus webkit2gtk-driver, `cargo install tauri-driver --locked --version 2.1.0`)",
        missing.join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED END-TO-END TEST: {msg}");
    None
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Kills a child process on drop.
pub struct Guard(pub Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The running environment: X display, session bus, tauri-driver.
pub struct Env {
    pub home: tempfile::TempDir,
    pub display: String,
    pub bus: String,
    driver_url: String,
    // Dropped in reverse order: driver first, then bus, then X.
    _driver: Guard,
    _bus: Guard,
    _x: Guard,
}

impl Env {
    /// Starts Xvfb, a private bus and tauri-driver.
    pub fn start() -> Env {
        let home = tempfile::tempdir().unwrap();
        // Xvfb picks a free display and tells us on the fd we pass.
        let mut x = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(x.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let display = format!(":{}", line.trim());
        let x = Guard(x);

        let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/session-bus.conf");
        let mut bus = Command::new("dbus-daemon")
            .args(["--nofork", "--print-address=1"])
            .arg(format!("--config-file={}", conf.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut addr = String::new();
        BufReader::new(bus.stdout.take().unwrap()).read_line(&mut addr).unwrap();
        let bus_addr = addr.trim().to_string();
        let bus = Guard(bus);

        let port = free_port();
        let native = free_port();
        let driver = Command::new(which("tauri-driver").unwrap())
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_addr)
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_RUNTIME_DIR", home.path())
            .env("NO_AT_BRIDGE", "1")
            .env_remove("DONDOC_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver");
        let driver = Guard(driver);
        let driver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{driver_url}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
        Env { home, display, bus: bus_addr, driver_url, _driver: driver, _bus: bus, _x: x }
    }

    /// Starts the app (a WebDriver session) with the given command-line arguments.
    /// Session creation is retried: it fails now and then with "connection closed". An app
    /// that never shows its window (it failed to start) fails the test after 40 s instead
    /// of leaving WebKitWebDriver waiting for it forever.
    pub fn launch(&self, args: &[&str]) -> Session {
        let app = env!("CARGO_BIN_EXE_dondoc");
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app, "args": args}}}});
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(40)).build();
        let mut last = String::new();
        for _ in 0..4 {
            match agent.post(&format!("{}/session", self.driver_url)).send_json(caps.clone()) {
                Ok(resp) => {
                    let v: Value = resp.into_json().unwrap();
                    let id = v["value"]["sessionId"].as_str().expect("session id").to_string();
                    return Session { base: format!("{}/session/{id}", self.driver_url), display: self.display.clone() };
                }
                Err(ureq::Error::Transport(t)) if t.to_string().contains("timed out") => {
                    panic!("the app did not start within 40 s (see its output above): {t}");
                }
                Err(e) => {
                    last = error_text(e);
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        panic!("could not start the app through tauri-driver: {last}");
    }

    /// Starts a recording notification server on this environment's private bus; every
    /// notification lands in `out` as a JSON line. It stops when the returned guard drops.
    pub fn notification_recorder(&self, out: &Path, click_after_ms: Option<u64>) -> impl Drop {
        let mut cmd = Command::new(cli_binary());
        cmd.args(["notification-server", "--out"]).arg(out);
        if let Some(ms) = click_after_ms {
            cmd.args(["--click-after-ms", &ms.to_string()]);
        }
        let mut child = cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.bus).stderr(Stdio::piped()).spawn().expect("start the recording notification server");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready");
        Guard(child)
    }

    /// The app's data folder under this environment's XDG_DATA_HOME.
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data/vn.gov.myloc.dondoc")
    }
}

fn error_text(e: ureq::Error) -> String {
    match e {
        ureq::Error::Status(code, resp) => {
            let mut body = String::new();
            let _ = resp.into_reader().take(4000).read_to_string(&mut body);
            format!("HTTP {code}: {body}")
        }
        other => other.to_string(),
    }
}

/// One running app, driven through WebDriver.
pub struct Session {
    base: String,
    display: String,
}

/// An element reference.
#[derive(Clone, Debug)]
pub struct El(String);

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Session {
    /// A session of another WebDriver server (the portal's browser, browser.rs), at its
    /// `…/session/{id}` URL; with no X display of ours, screenshots are of the page only.
    pub fn attach(base: String) -> Session {
        Session { base, display: String::new() }
    }

    fn req(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{}", self.base, path);
        let r = match (method, body) {
            ("GET", _) => ureq::get(&url).call(),
            ("DELETE", _) => ureq::delete(&url).call(),
            (_, Some(b)) => ureq::post(&url).send_json(b),
            (_, None) => ureq::post(&url).send_json(json!({})),
        };
        match r {
            Ok(resp) => Ok(resp.into_json::<Value>().map_err(|e| e.to_string())?["value"].take()),
            Err(e) => Err(error_text(e)),
        }
    }

    fn find_now(&self, using: &str, value: &str) -> Vec<El> {
        match self.req("POST", "/elements", Some(json!({"using": using, "value": value}))) {
            Ok(Value::Array(items)) => items.iter().filter_map(|i| i[ELEMENT_KEY].as_str().map(|s| El(s.to_string()))).collect(),
            other => {
                if std::env::var_os("DONDOC_E2E_DEBUG").is_some() {
                    eprintln!("find {using} {value}: {other:?}");
                }
                Vec::new()
            }
        }
    }

    /// Waits up to 10 s for at least one element matching a CSS selector.
    pub fn all(&self, css: &str) -> Vec<El> {
        self.wait_for(&format!("elements matching {css}"), || {
            let found = self.find_now("css selector", css);
            (!found.is_empty()).then_some(found)
        })
    }

    /// Waits for the first element matching a CSS selector.
    pub fn el(&self, css: &str) -> El {
        self.all(css).remove(0)
    }

    /// Waits for an element by its `data-testid`.
    pub fn id(&self, testid: &str) -> El {
        self.el(&format!("[data-testid=\"{testid}\"]"))
    }

    /// Waits for an element by XPath.
    pub fn xpath(&self, xpath: &str) -> El {
        self.wait_for(&format!("element at {xpath}"), || self.find_now("xpath", xpath).into_iter().next())
    }

    /// Elements matching a CSS selector right now (possibly none).
    pub fn count(&self, css: &str) -> usize {
        self.find_now("css selector", css).len()
    }

    /// Elements at an XPath right now (possibly none), without waiting.
    pub fn find_xpath(&self, xpath: &str) -> Vec<El> {
        self.find_now("xpath", xpath)
    }

    /// The first element matching a CSS selector inside `parent` (waits up to 10 s).
    pub fn find_in(&self, parent: &El, css: &str) -> El {
        self.wait_for(&format!("{css} inside an element"), || {
            let found = self.req("POST", &format!("/element/{}/element", parent.0), Some(json!({"using": "css selector", "value": css}))).ok()?;
            found[ELEMENT_KEY].as_str().map(|s| El(s.to_string()))
        })
    }

    /// Polls `f` until it yields a value, for up to 10 s.
    pub fn wait_for<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(v) = f() {
                return v;
            }
            if Instant::now() > deadline {
                let shot = self.screenshot("timeout");
                panic!("timed out waiting for {what} (screenshot: {})", shot.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the element with `testid` has exactly `want` as its text.
    /// On a timeout it says what the element showed last.
    pub fn wait_text(&self, testid: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.find_now("css selector", &format!("[data-testid=\"{testid}\"]"));
            let last = found.first().map(|e| self.text(e)).unwrap_or_default();
            if last.trim() == want {
                return;
            }
            if Instant::now() > deadline {
                let shot = self.screenshot("timeout");
                panic!("timed out waiting for text {want:?} in {testid} (last: {last:?}; screenshot: {})", shot.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks what `xpath` finds, finding it again when the page re-rendered it under the
    /// click (a list that reloads on an event from elsewhere, e.g. the unit portal).
    pub fn click_xpath(&self, xpath: &str) {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let tried = self.find_xpath(xpath).first().map(|el| self.req("POST", &format!("/element/{}/click", el.0), None));
            match tried {
                Some(Ok(_)) => return,
                _ if Instant::now() >= until => panic!("click {xpath}: {tried:?}"),
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Clicks, waiting up to 5 s while the element is not clickable yet (a view still
    /// rendering, another element over it for a moment), as a user would wait.
    pub fn click(&self, el: &El) {
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            match self.req("POST", &format!("/element/{}/click", el.0), None) {
                Ok(_) => return,
                Err(e) if Instant::now() >= until => panic!("click: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    pub fn clear(&self, el: &El) {
        self.req("POST", &format!("/element/{}/clear", el.0), None).expect("clear");
    }

    /// Types text into an element, as a user would; a newline is the Enter key.
    pub fn type_into(&self, el: &El, text: &str) {
        let keys = text.replace('\n', "\u{E007}");
        self.req("POST", &format!("/element/{}/value", el.0), Some(json!({"text": keys}))).expect("send keys");
    }

    pub fn text(&self, el: &El) -> String {
        self.req("GET", &format!("/element/{}/text", el.0), None).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
    }

    pub fn attr(&self, el: &El, name: &str) -> Option<String> {
        self.req("GET", &format!("/element/{}/attribute/{name}", el.0), None).ok().and_then(|v| v.as_str().map(String::from))
    }

    /// Scrolls the element to the middle of the view, for a screenshot of it.
    pub fn scroll_to(&self, el: &El) {
        self.req("POST", "/execute/sync", Some(json!({"script": "arguments[0].scrollIntoView({block: 'center'})", "args": [{ELEMENT_KEY: el.0}]})))
            .expect("scroll into view");
    }

    /// The element's laid-out height in CSS pixels.
    pub fn rect_height(&self, el: &El) -> f64 {
        let rect = self.req("GET", &format!("/element/{}/rect", el.0), None).expect("element rect");
        rect["height"].as_f64().expect("a height")
    }

    pub fn selected(&self, el: &El) -> bool {
        self.req("GET", &format!("/element/{}/selected", el.0), None).ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// Saves a screenshot of the web view to `target/e2e/NAME.png` in the checkout, and a
    /// picture of the whole X screen (the real window) beside it as `NAME-window.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        if let Ok(Value::String(b64)) = self.req("GET", "/screenshot", None) {
            std::fs::write(&path, base64_decode(&b64)).unwrap();
        }
        if self.display.is_empty() {
            return path;
        }
        let _ = Command::new("import").args(["-window", "root"]).arg(dir.join(format!("{name}-window.png"))).env("DISPLAY", &self.display).status();
        path
    }

    /// Runs `script` in the page as WebDriver's "execute async script": the script ends by
    /// calling its last argument with the value to return.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.req("POST", "/execute/async", Some(json!({"script": script, "args": args}))).expect("execute script")
    }

    /// Ends the session, which quits the app, and waits (up to 10 s) until the app's process
    /// is gone: the app is single-instance, so a launch while the last one is still shutting
    /// down would only bring that one forward and exit, and the new session would never start.
    pub fn quit(self) {
        let _ = self.req("DELETE", "", None);
        let deadline = Instant::now() + Duration::from_secs(10);
        while app_running_on(&self.display) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether a process of the app under test runs on X display `display`.
fn app_running_on(display: &str) -> bool {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_dondoc"));
    let want = format!("DISPLAY={display}");
    std::fs::read_dir("/proc").into_iter().flatten().flatten().any(|entry| {
        std::fs::read_link(entry.path().join("exe")).ok().as_deref() == Some(exe.as_path())
            && std::fs::read(entry.path().join("environ")).unwrap_or_default().split(|b| *b == 0).any(|v| v == want.as_bytes())
    })
}

fn base64_decode(s: &str) -> Vec<u8> {
    let table = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(table) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
