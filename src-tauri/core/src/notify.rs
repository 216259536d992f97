//! Desktop notifications over D-Bus (`org.freedesktop.Notifications`), on one session-bus
//! connection held for the process's lifetime: GNOME 46+ drops a notification whose
//! sender's connection has closed, and a default action ("click") can only come back on
//! the connection that sent it.
//!
//! Also a minimal notification *server* that records what it receives, for tests and
//! headless checks (`dondoc-cli notification-server`).

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use zbus::blocking::Connection;
use zbus::zvariant::{OwnedValue, Value};

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// Why a notification could not be shown.
#[derive(Debug)]
pub struct NotifyError(pub String);

impl std::fmt::Display for NotifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "không gửi được thông báo: {}", self.0)
    }
}

impl std::error::Error for NotifyError {}

impl From<zbus::Error> for NotifyError {
    fn from(e: zbus::Error) -> Self {
        NotifyError(e.to_string())
    }
}

/// A sender of desktop notifications.
pub struct Notifier {
    conn: Connection,
    app_name: String,
}

impl Notifier {
    /// Connects to the session bus.
    pub fn connect(app_name: &str) -> Result<Notifier, NotifyError> {
        Ok(Notifier { conn: Connection::session()?, app_name: app_name.to_string() })
    }

    /// Shows a notification; with `clickable`, it carries the default action so a click
    /// comes back through [`Notifier::on_default_action`]. Returns the server's id.
    pub fn send(&self, summary: &str, body: &str, clickable: bool) -> Result<u32, NotifyError> {
        let actions: Vec<&str> = if clickable { vec!["default", "Mở Đôn đốc"] } else { Vec::new() };
        let mut hints: HashMap<&str, Value> = HashMap::new();
        hints.insert("desktop-entry", Value::from("dondoc"));
        hints.insert("urgency", Value::U8(1));
        let reply = self.conn.call_method(
            Some(NAME),
            PATH,
            Some(NAME),
            "Notify",
            &(self.app_name.as_str(), 0u32, "dondoc", summary, body, actions, hints, -1i32),
        )?;
        Ok(reply.body().deserialize::<u32>()?)
    }

    /// Calls `f` with the notification id whenever the user clicks one of ours (the
    /// server emits `ActionInvoked(id, "default")`). Listens on a thread of its own.
    pub fn on_default_action(&self, f: impl Fn(u32) + Send + 'static) -> Result<(), NotifyError> {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(NAME)?
            .member("ActionInvoked")?
            .build();
        let iter = zbus::blocking::MessageIterator::for_match_rule(rule, &self.conn, Some(64))?;
        std::thread::Builder::new()
            .name("dondoc-notify-actions".into())
            .spawn(move || {
                for msg in iter.flatten() {
                    if let Ok((id, action)) = msg.body().deserialize::<(u32, String)>() {
                        if action == "default" {
                            f(id);
                        }
                    }
                }
            })
            .map_err(|e| NotifyError(e.to_string()))?;
        Ok(())
    }
}

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
            let (conn, id) = (zbus::blocking::Connection::from(conn.clone()), self.next);
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

    fn close_notification(&self, _id: u32) {}
}

/// Serves the recorder on the session bus until the process ends; each notification is
/// written to `out` as one JSON line; with `click_after`, each clickable one is clicked
/// that long after it arrived. Returns the connection, which must be kept alive.
pub fn serve_recorder(out: Box<dyn Write + Send>, click_after: Option<std::time::Duration>) -> Result<Connection, NotifyError> {
    let recorder = Recorder { next: 0, out: Arc::new(Mutex::new(out)), click_after };
    Ok(zbus::blocking::connection::Builder::session()?.name(NAME)?.serve_at(PATH, recorder)?.build()?)
}
