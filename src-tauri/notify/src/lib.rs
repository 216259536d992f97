//! # dondoc-notify
//!
//! Desktop notifications through notify-rust, the product's chosen package, on every
//! platform it supports: the freedesktop D-Bus service on Linux and the BSDs, toasts on
//! Windows (where most district offices are), the notification centre on macOS. The app
//! and `dondoc-cli remind` both show reminders, so the sending lives here once.
//!
//! Each notification shown is *held* until it is clicked or closed: on Linux its handle
//! owns the D-Bus connection it was sent on, and GNOME 46+ drops a notification whose
//! sender's connection has closed; a click also only comes back on that connection. A
//! thread per notification waits for the answer and then lets the handle go. At most
//! [`MAX_HELD`] are held; past that the oldest is closed (see there why).
#![deny(missing_docs)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

#[cfg(all(unix, not(target_os = "macos")))]
mod xdg;
#[cfg(all(unix, not(target_os = "macos")))]
use xdg as platform;

#[cfg(any(target_os = "windows", target_os = "macos"))]
mod other;
#[cfg(any(target_os = "windows", target_os = "macos"))]
use other as platform;

/// The label of the default action ("click"): what the notification does when clicked.
pub const OPEN_LABEL: &str = "Mở Đôn đốc";

/// The most notifications held open at once. Each held one costs a thread and, on Linux, a
/// D-Bus connection (with zbus's own executor thread): a few every day are normal (more
/// than three reminders at once become one digest), but an app left in the tray for weeks
/// with a notification server that never reports closing would otherwise grow without end.
/// Past the limit the oldest is closed — on GNOME, which keeps three per app in its tray,
/// it has long gone already; elsewhere the office has left it unread among fifteen newer.
pub const MAX_HELD: usize = 16;

/// Why a notification could not be shown.
#[derive(Debug)]
pub struct NotifyError(pub String);

impl std::fmt::Display for NotifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "không gửi được thông báo: {}", self.0)
    }
}

impl std::error::Error for NotifyError {}

impl From<notify_rust::error::Error> for NotifyError {
    fn from(e: notify_rust::error::Error) -> Self {
        NotifyError(e.to_string())
    }
}

/// The notifications held open, oldest first, each with the means to make its thread let go.
#[derive(Default)]
struct Held {
    next: u64,
    open: VecDeque<(u64, platform::Release)>,
}

/// A sender of desktop notifications. Cheap to create: notify-rust opens what it needs
/// per notification.
pub struct Notifier {
    app_name: String,
    app_id: Option<String>,
    held: Arc<Mutex<Held>>,
}

impl Notifier {
    /// A notifier showing `app_name` as the sender. `app_id` is the installed app's
    /// identifier: on Windows the toasts' AppUserModelID (without it they show as
    /// PowerShell's), on macOS the bundle whose name and icon they carry; unused on Linux,
    /// where the desktop entry `dondoc` names the app.
    pub fn new(app_name: &str, app_id: Option<&str>) -> Notifier {
        #[cfg(target_os = "macos")]
        if let Some(id) = app_id {
            let _ = notify_rust::set_application(id);
        }
        Notifier { app_name: app_name.to_string(), app_id: app_id.map(str::to_string), held: Arc::default() }
    }

    /// Shows a notification and holds it until it is clicked or closed. A `clickable` one
    /// carries the default action ([`OPEN_LABEL`]), and `on_click` runs, on the
    /// notification's own thread, when the user clicks it.
    pub fn show(&self, summary: &str, body: &str, clickable: bool, on_click: impl FnOnce() + Send + 'static) -> Result<(), NotifyError> {
        let mut n = notify_rust::Notification::new();
        n.appname(&self.app_name).summary(summary).body(body).timeout(notify_rust::Timeout::Default);
        if clickable {
            n.action("default", OPEN_LABEL);
        }
        platform::decorate(&mut n, self.app_id.as_deref());
        let (release, signal) = platform::pair();
        let (key, oldest) = {
            let mut h = self.held.lock().unwrap_or_else(|e| e.into_inner());
            h.next += 1;
            let key = h.next;
            let oldest = if h.open.len() >= MAX_HELD { h.open.pop_front() } else { None };
            h.open.push_back((key, release));
            (key, oldest)
        };
        if let Some((_, oldest)) = oldest {
            platform::let_go(oldest);
        }
        let held = self.held.clone();
        let forget = move || held.lock().unwrap_or_else(|e| e.into_inner()).open.retain(|(k, _)| *k != key);
        platform::show_and_hold(&n, signal, on_click, forget)
    }

    /// How many notifications are held open now (shown, not yet clicked, closed or let go).
    pub fn held(&self) -> usize {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).open.len()
    }
}
