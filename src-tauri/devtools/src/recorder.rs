//! A minimal notification server (`org.freedesktop.Notifications`) that records what it
//! receives, for tests and headless checks (`dondoc-cli notification-server`): a test reads
//! the exact app name, summary, body and actions a desktop would have shown.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use zbus::blocking::Connection;
use zbus::zvariant::OwnedValue;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// One notification a [`Recorder`] received.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Received {
    /// Sender's app name.
    pub app_name: String,
    /// Summary.
    pub summary: String,
    /// Body.
    pub body: String,
    /// Action keys and labels.
    pub actions: Vec<String>,
    /// When it arrived (UTC, milliseconds).
    pub at_ms: i64,
}

/// A notification server that records every notification as a JSON line.
pub struct Recorder {
    next: u32,
    out: Arc<Mutex<Box<dyn Write + Send>>>,
    /// When set, the recorder "clicks" each clickable notification this long after it
    /// arrived (emits `ActionInvoked(id, "default")`), as a user would.
    click_after: Option<std::time::Duration>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Recorder {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        #[zbus(connection)] conn: &zbus::Connection,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        self.next += 1;
        let clickable = actions.iter().any(|a| a == "default");
        let got = Received { app_name, summary, body, actions, at_ms: chrono::Utc::now().timestamp_millis() };
        if let Ok(mut out) = self.out.lock() {
            let _ = writeln!(out, "{}", serde_json::to_string(&got).unwrap_or_default());
            let _ = out.flush();
        }
        if let (Some(delay), true) = (self.click_after, clickable) {
            let (conn, id) = (Connection::from(conn.clone()), self.next);
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                let _ = conn.emit_signal(None::<&str>, PATH, NAME, "ActionInvoked", &(id, "default"));
            });
        }
        self.next
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("dondoc-recorder".into(), "dondoc".into(), env!("CARGO_PKG_VERSION").into(), "1.2".into())
    }

    /// Closed as a real server closes: it says so (`NotificationClosed(id, 3)`, "closed by
    /// a call"), so a sender waiting on the notification lets it go.
    fn close_notification(&self, #[zbus(connection)] conn: &zbus::Connection, id: u32) {
        let conn = Connection::from(conn.clone());
        std::thread::spawn(move || {
            let _ = conn.emit_signal(None::<&str>, PATH, NAME, "NotificationClosed", &(id, 3u32));
        });
    }
}

/// Serves the recorder on the session bus until the process ends; each notification is
/// written to `out` as one JSON line; with `click_after`, each clickable one is clicked
/// that long after it arrived. Returns the connection, which must be kept alive.
pub fn serve_recorder(out: Box<dyn Write + Send>, click_after: Option<std::time::Duration>) -> zbus::Result<Connection> {
    let recorder = Recorder { next: 0, out: Arc::new(Mutex::new(out)), click_after };
    zbus::blocking::connection::Builder::session()?.name(NAME)?.serve_at(PATH, recorder)?.build()
}
