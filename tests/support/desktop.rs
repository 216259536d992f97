//! What a desktop does around the app, for the e2e tests of the shell: find the app's
//! processes and X windows, close a window as a window manager does, see a minimise
//! request, launch the app a second time, and play a tray area (a StatusNotifier watcher
//! with a host) on the test's private bus.
//!
//! Included with `#[path = "support/desktop.rs"] mod desktop;` by the tests that need it.

#![allow(dead_code)]

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use x11_dl::xlib;

use crate::support::Env;

/// Whether the desktop tools these tests drive are installed (xdotool; `make deps`
/// installs it). Like `support::prerequisites`: missing fails in CI, skips elsewhere.
pub fn tools() -> bool {
    if crate::support::which("xdotool").is_some() {
        return true;
    }
    let msg = "e2e prerequisite missing: xdotool (run `make deps`)";
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED END-TO-END TEST: {msg}");
    false
}

/// The app binary under test.
pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dondoc")).canonicalize().unwrap()
}

/// The app's processes on this test's X display (other tests run the same binary on
/// their own displays at the same time).
pub fn app_processes(display: &str) -> Vec<u32> {
    let exe = app_binary();
    let want = format!("DISPLAY={display}");
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        if std::fs::read_link(entry.path().join("exe")).ok().as_deref() != Some(exe.as_path()) {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if environ.split(|b| *b == 0).any(|v| v == want.as_bytes()) {
            out.push(pid);
        }
    }
    out
}

/// The command that launches the app again as a desktop would: same display, bus and
/// folders as the app tauri-driver started, without WebDriver.
pub fn second_launch(env: &Env) -> Command {
    let home = env.home.path();
    let mut cmd = Command::new(app_binary());
    cmd.env("DISPLAY", &env.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &env.bus)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home)
        .env("NO_AT_BRIDGE", "1")
        .env_remove("DONDOC_DB")
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd` and waits up to `limit` for it to exit; kills it and panics if it does not.
pub fn run_with_limit(mut cmd: Command, limit: Duration) -> (std::process::ExitStatus, String, Duration) {
    let started = Instant::now();
    let mut child = cmd.spawn().expect("launch the app again");
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            return (status, err, started.elapsed());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the second launch was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// X windows found by `xdotool search ARGS` on `display`.
pub fn xdotool_search(display: &str, args: &[&str]) -> Vec<u64> {
    let out = Command::new("xdotool").arg("search").args(args).env("DISPLAY", display).output().expect("run xdotool");
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect()
}

/// Answers the native "save as" dialog titled `title` as a person does: waits for it,
/// takes the screenshot `shot`, types the whole path `dest` into its name field and presses
/// Enter. (Typed as ASCII: xdotool drops some Vietnamese letters when it types them.)
pub fn answer_save_dialog(env: &Env, s: &crate::support::Session, title: &str, dest: &Path, shot: &str) {
    let mut dialogs = Vec::new();
    eventually(10, "the save dialog", || {
        dialogs = xdotool_search(&env.display, &["--onlyvisible", "--name", title]);
        !dialogs.is_empty()
    });
    std::thread::sleep(Duration::from_millis(700));
    s.screenshot(shot);
    let xdotool = |args: &[&str]| {
        let ok = Command::new("xdotool").args(args).env("DISPLAY", &env.display).status().unwrap().success();
        assert!(ok, "xdotool {args:?}");
    };
    xdotool(&["windowfocus", "--sync", &dialogs[0].to_string()]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "5", dest.to_str().unwrap()]);
    xdotool(&["key", "Return"]);
}

/// The app's main window (by its title), mapped or not.
pub fn main_window(display: &str, pid: u32) -> u64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(w) = xdotool_search(display, &["--all", "--pid", &pid.to_string(), "--name", "Theo dõi thực hiện"]).first() {
            return *w;
        }
        assert!(Instant::now() < deadline, "no main window of process {pid} on {display}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether `window` is mapped and viewable (what a person can see or find on a taskbar).
pub fn viewable(display: &str, window: u64) -> bool {
    xdotool_search(display, &["--onlyvisible", "--name", "Theo dõi thực hiện"]).contains(&window)
}

/// The X window that has the keyboard focus (`xdotool getwindowfocus -f`).
pub fn focused_window(display: &str) -> Option<u64> {
    let out = Command::new("xdotool").args(["getwindowfocus", "-f"]).env("DISPLAY", display).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Polls `f` for up to `secs` seconds.
pub fn eventually(secs: u64, what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A connection of the test to the X server.
pub struct X {
    xl: xlib::Xlib,
    dpy: *mut xlib::Display,
}

impl X {
    pub fn open(display: &str) -> X {
        let xl = xlib::Xlib::open().expect("libX11");
        let name = CString::new(display).unwrap();
        // SAFETY: a valid C string; the connection is closed on drop.
        let dpy = unsafe { (xl.XOpenDisplay)(name.as_ptr()) };
        assert!(!dpy.is_null(), "open X display {display}");
        X { xl, dpy }
    }

    fn atom(&self, name: &str) -> xlib::Atom {
        let c = CString::new(name).unwrap();
        // SAFETY: valid display and C string.
        unsafe { (self.xl.XInternAtom)(self.dpy, c.as_ptr(), xlib::False) }
    }

    /// Asks `window` to close, exactly as a window manager's close button does: a
    /// `WM_PROTOCOLS` client message carrying `WM_DELETE_WINDOW`.
    pub fn close(&self, window: u64) {
        let mut data = xlib::ClientMessageData::new();
        data.set_long(0, self.atom("WM_DELETE_WINDOW") as i64);
        data.set_long(1, xlib::CurrentTime as i64);
        let msg = xlib::XClientMessageEvent {
            type_: xlib::ClientMessage,
            serial: 0,
            send_event: xlib::True,
            display: self.dpy,
            window,
            message_type: self.atom("WM_PROTOCOLS"),
            format: 32,
            data,
        };
        let mut event = xlib::XEvent { client_message: msg };
        // SAFETY: a fully initialised event for a window of this display.
        unsafe {
            (self.xl.XSendEvent)(self.dpy, window, xlib::False, xlib::NoEventMask, &mut event);
            (self.xl.XFlush)(self.dpy);
        }
    }

    /// From now on, hear what clients ask the window manager on the root window (a
    /// minimise request is a `WM_CHANGE_STATE` message sent there).
    pub fn listen_to_root(&self) {
        // SAFETY: valid display; SubstructureNotify may be selected by any number of clients.
        unsafe {
            let root = (self.xl.XDefaultRootWindow)(self.dpy);
            (self.xl.XSelectInput)(self.dpy, root, xlib::SubstructureNotifyMask);
            (self.xl.XSync)(self.dpy, xlib::False);
        }
    }

    /// Waits up to `limit` for a request to minimise (iconify) `window`.
    pub fn minimise_requested(&self, window: u64, limit: Duration) -> bool {
        let change_state = self.atom("WM_CHANGE_STATE");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            // SAFETY: valid display; XNextEvent only after XPending said one is queued.
            unsafe {
                while (self.xl.XPending)(self.dpy) > 0 {
                    let mut ev: xlib::XEvent = std::mem::zeroed();
                    (self.xl.XNextEvent)(self.dpy, &mut ev);
                    if ev.type_ == xlib::ClientMessage {
                        let m = ev.client_message;
                        // ICCCM 4.1.4: data[0] = IconicState (3).
                        if m.window == window && m.message_type == change_state && m.data.get_long(0) == 3 {
                            return true;
                        }
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for X {
    fn drop(&mut self) {
        // SAFETY: opened in `open`, closed once.
        unsafe { (self.xl.XCloseDisplay)(self.dpy) };
    }
}

/// A tray area on the private bus: a StatusNotifier watcher saying a host (a panel) is
/// registered, recording every tray icon that registers with it.
pub struct FakeTray {
    items: Arc<Mutex<Vec<String>>>,
    _conn: zbus::blocking::Connection,
}

struct Watcher {
    items: Arc<Mutex<Vec<String>>>,
}

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    fn register_status_notifier_item(&self, service: String, #[zbus(header)] header: zbus::message::Header<'_>) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        self.items.lock().unwrap().push(format!("{sender} {service}"));
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items.lock().unwrap().clone()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

impl FakeTray {
    pub fn serve(bus: &str) -> FakeTray {
        let items: Arc<Mutex<Vec<String>>> = Arc::default();
        let conn = zbus::blocking::connection::Builder::address(bus)
            .unwrap()
            .name("org.kde.StatusNotifierWatcher")
            .unwrap()
            .serve_at("/StatusNotifierWatcher", Watcher { items: items.clone() })
            .unwrap()
            .build()
            .expect("serve the StatusNotifier watcher on the private bus");
        FakeTray { items, _conn: conn }
    }

    /// Every tray icon registered so far ("<sender> <service>").
    pub fn items(&self) -> Vec<String> {
        self.items.lock().unwrap().clone()
    }
}

/// Sets up, in the test's private folders, a "default app" for PDF files that records the
/// arguments it is started with in `out`: a .desktop file whose Exec is a small script,
/// made the default for `application/pdf` in mimeapps.list (both xdg-open and gio read it).
pub fn record_default_pdf_app(home: &Path, out: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let script = home.join("record-open.sh");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", out.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let apps = home.join("data/applications");
    std::fs::create_dir_all(&apps).unwrap();
    std::fs::write(
        apps.join("dondoc-test-viewer.desktop"),
        format!("[Desktop Entry]\nType=Application\nName=Trình xem thử\nExec={} %f\nMimeType=application/pdf;\nNoDisplay=true\n", script.display()),
    )
    .unwrap();
    std::fs::create_dir_all(home.join("config")).unwrap();
    std::fs::write(home.join("config/mimeapps.list"), "[Default Applications]\napplication/pdf=dondoc-test-viewer.desktop\n").unwrap();
}
