//! Whether this desktop shows tray icons, and so what closing the window may do.
//!
//! Hiding the window to the tray is only safe where the tray icon can be seen: a hidden
//! window with no visible icon leaves a process the office cannot reach, which still
//! holds the store and sends reminders. Linux desktops show tray icons in two ways, and
//! Tauri's tray (libayatana-appindicator) uses whichever is there:
//! - a StatusNotifier host (KDE, GNOME with the AppIndicator extension, XFCE, Cinnamon,
//!   MATE…): `org.kde.StatusNotifierWatcher` on the session bus says so in its
//!   `IsStatusNotifierHostRegistered` property;
//! - an XEmbed system tray (older panels): the owner of the X selection
//!   `_NET_SYSTEM_TRAY_S<screen>`, where the indicator falls back to a `GtkStatusIcon`.
//!
//! Neither fact is cached: a panel may start after the app (autostart at login) or go
//! away, so both are asked again each time the answer matters (a close takes a few ms).

use std::sync::mpsc;
use std::time::Duration;

/// What the desktop said about a tray area. `None`: that way of asking did not work
/// (no session bus, no X display), which counts as "no tray there".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrayFacts {
    /// A StatusNotifier host is registered with the watcher on the session bus.
    pub status_notifier_host: Option<bool>,
    /// Some client owns the X selection of the XEmbed system tray.
    pub xembed_tray: Option<bool>,
}

impl TrayFacts {
    /// Nothing could be asked (or the answer took too long).
    pub const UNKNOWN: TrayFacts = TrayFacts { status_notifier_host: None, xembed_tray: None };

    /// A tray icon would be visible: either kind of tray area is there.
    pub fn tray_area(&self) -> bool {
        self.status_notifier_host == Some(true) || self.xembed_tray == Some(true)
    }
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// Close it, which quits the app (the office turned "close to tray" off).
    Quit,
    /// Hide it; the tray icon's menu brings it back.
    HideToTray,
    /// Minimise it instead of hiding it: there is no tray area to come back from.
    ///
    /// Minimising rather than quitting, because the office turned "close to tray" on to keep
    /// reminders coming with the window out of the way: quitting would silently stop them.
    /// A minimised window stays on the taskbar, and launching the app again (menu, desktop
    /// icon) brings it forward, as the app allows one instance only. Where there is no
    /// window manager at all (a bare X server), minimising does nothing and the window
    /// simply stays open.
    Minimize,
}

/// Decides what closing the window does: hide only when the office asked for it, the tray
/// icon was built, and the desktop shows tray icons.
pub fn close_action(close_to_tray: bool, tray_icon: bool, tray_area: bool) -> CloseAction {
    match (close_to_tray, tray_icon && tray_area) {
        (false, _) => CloseAction::Quit,
        (true, true) => CloseAction::HideToTray,
        (true, false) => CloseAction::Minimize,
    }
}

/// Asks the desktop now, giving up after a second (the answer is wanted on the UI thread
/// when the window closes; a bus or X server that does not answer counts as "no tray").
pub fn detect() -> TrayFacts {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("dondoc-tray-probe".into()).spawn(move || {
        let _ = tx.send(TrayFacts { status_notifier_host: status_notifier_host(), xembed_tray: xembed_tray() });
    });
    if spawned.is_err() {
        return TrayFacts::UNKNOWN;
    }
    rx.recv_timeout(Duration::from_secs(1)).unwrap_or(TrayFacts::UNKNOWN)
}

/// Asks the StatusNotifier watcher whether a host (a panel that draws the icons) is
/// registered. No watcher on the bus means no host.
#[cfg(target_os = "linux")]
fn status_notifier_host() -> Option<bool> {
    let conn = zbus::blocking::connection::Builder::session().ok()?.method_timeout(Duration::from_millis(800)).build().ok()?;
    let reply = conn.call_method(
        Some("org.kde.StatusNotifierWatcher"),
        "/StatusNotifierWatcher",
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &("org.kde.StatusNotifierWatcher", "IsStatusNotifierHostRegistered"),
    );
    let Ok(reply) = reply else { return Some(false) };
    let value: zbus::zvariant::OwnedValue = reply.body().deserialize().ok()?;
    Some(bool::try_from(value).unwrap_or(false))
}

/// Asks the X server whether someone owns the XEmbed tray selection of the default screen.
#[cfg(target_os = "linux")]
fn xembed_tray() -> Option<bool> {
    use std::ffi::CString;
    use x11_dl::xlib;
    // Loaded at run time: a Wayland session without Xwayland has no libX11 to talk to.
    let xl = xlib::Xlib::open().ok()?;
    // SAFETY: a private connection (XOpenDisplay reads DISPLAY), used on this thread only
    // and closed before returning; every pointer passed is valid for the call.
    unsafe {
        let dpy = (xl.XOpenDisplay)(std::ptr::null());
        if dpy.is_null() {
            return None;
        }
        let screen = (xl.XDefaultScreen)(dpy);
        let name = CString::new(format!("_NET_SYSTEM_TRAY_S{screen}")).expect("no NUL in an atom name");
        // `only_if_exists`: an atom no tray ever created means no tray, and none is created.
        let atom = (xl.XInternAtom)(dpy, name.as_ptr(), xlib::True);
        let owned = atom != 0 && (xl.XGetSelectionOwner)(dpy, atom) != 0;
        (xl.XCloseDisplay)(dpy);
        Some(owned)
    }
}

#[cfg(not(target_os = "linux"))]
fn status_notifier_host() -> Option<bool> {
    // Windows and macOS always have a notification area / menu bar for tray icons.
    Some(true)
}

#[cfg(not(target_os = "linux"))]
fn xembed_tray() -> Option<bool> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_kind_of_tray_area_is_enough_and_unknown_means_none() {
        let facts = |sni, xembed| TrayFacts { status_notifier_host: sni, xembed_tray: xembed };
        assert!(facts(Some(true), None).tray_area(), "a StatusNotifier host (KDE, GNOME + extension)");
        assert!(facts(Some(false), Some(true)).tray_area(), "an XEmbed tray (older panels)");
        assert!(!facts(Some(false), Some(false)).tray_area(), "a bus and a display, neither with a tray");
        assert!(!facts(None, Some(false)).tray_area(), "no bus, no tray selection owner");
        assert!(!TrayFacts::UNKNOWN.tray_area(), "nothing could be asked: no tray");
    }

    #[test]
    fn closing_hides_only_where_the_icon_can_be_seen() {
        use CloseAction::*;
        assert_eq!(close_action(true, true, true), HideToTray);
        assert_eq!(close_action(true, true, false), Minimize, "no tray area: never a hidden, unreachable app");
        assert_eq!(close_action(true, false, true), Minimize, "the icon could not be built");
        assert_eq!(close_action(true, false, false), Minimize);
        for (icon, area) in [(true, true), (true, false), (false, true), (false, false)] {
            assert_eq!(close_action(false, icon, area), Quit, "close-to-tray off quits ({icon}, {area})");
        }
    }

    /// The probe answers within its second even when nothing answers it (this test
    /// process has whatever bus and display the machine gives it, possibly none).
    #[test]
    fn detecting_never_blocks_longer_than_a_second_or_so() {
        let started = std::time::Instant::now();
        let _ = detect();
        assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    }
}
