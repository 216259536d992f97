//! Desktop notifications over D-Bus (`org.freedesktop.Notifications`), on one session-bus
//! connection held for the process's lifetime: GNOME 46+ drops a notification whose
//! sender's connection has closed, and a default action ("click") can only come back on
//! the connection that sent it.

use std::collections::HashMap;

use zbus::blocking::Connection;
use zbus::zvariant::Value;

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
