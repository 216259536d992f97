//! A private bus with the recording notification server on it, for one test binary (the
//! bus address is process-wide, so each binary holds one scenario).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dondoc_devtools::bus::PrivateBus;

pub struct Desktop {
    pub watcher: zbus::blocking::Connection,
    pub received: PathBuf,
    _server: zbus::blocking::Connection,
    _dir: tempfile::TempDir,
    // Last: the connections above leave before the daemon stops.
    _bus: PrivateBus,
}

/// Starts the bus and the recorder (clicking each clickable notification after
/// `click_after_ms`). `None` (skipped, loudly) when dbus-daemon is missing outside CI.
pub fn desktop(click_after_ms: Option<u64>) -> Option<Desktop> {
    let Some(bus) = PrivateBus::start() else {
        assert!(std::env::var_os("CI").is_none(), "dbus-daemon is required in CI");
        eprintln!("SKIPPED: dbus-daemon not found; install the dbus package");
        return None;
    };
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let dir = tempfile::tempdir().unwrap();
    let received = dir.path().join("received.jsonl");
    let out = std::fs::File::create(&received).unwrap();
    let server = dondoc_devtools::recorder::serve_recorder(Box::new(out), click_after_ms.map(Duration::from_millis)).unwrap();
    let watcher = zbus::blocking::Connection::session().unwrap();
    Some(Desktop { watcher, received, _server: server, _dir: dir, _bus: bus })
}

impl Desktop {
    /// How many connections the bus has (unique names), the recorder's and the watcher's
    /// included.
    pub fn connections(&self) -> usize {
        let proxy = zbus::blocking::fdo::DBusProxy::new(&self.watcher).unwrap();
        proxy.list_names().unwrap().iter().filter(|n| n.starts_with(':')).count()
    }

    /// The notifications the recorder received, once there are `want`.
    pub fn received(&self, want: usize) -> Vec<serde_json::Value> {
        let mut got = Vec::new();
        wait_for(&format!("{want} notifications"), || {
            let text = std::fs::read_to_string(&self.received).unwrap_or_default();
            got = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            got.len() >= want
        });
        got
    }
}

/// Waits up to 5 s for `ok`.
pub fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
