//! The app's desktop notifications: notify-rust (through `dondoc-notify`, shared with the
//! CLI) on Linux, Windows and macOS. A click on a reminder about an assignment brings the
//! window forward on that assignment. What differs by platform is which app the
//! notifications are said to come from, behind `cfg` below.

use dondoc_core::reminders::Notice;
use dondoc_notify::{Notifier, NotifyError};
use tauri::{AppHandle, Emitter};

/// The name notifications show as their sender.
const APP_NAME: &str = "Đôn đốc";

/// The notifier for this app.
pub fn new(app: &AppHandle) -> Notifier {
    Notifier::new(APP_NAME, app_id(app).as_deref())
}

/// Shows `notice`; a click opens its assignment (the window's `open-assignment` event).
pub fn show(app: &AppHandle, notifier: &Notifier, notice: &Notice) -> Result<(), NotifyError> {
    let handle = app.clone();
    let assignment = notice.assignment;
    notifier.show(&notice.summary, &notice.body, assignment.is_some(), move || {
        crate::show_main_window(&handle);
        if let Some(a) = assignment {
            let _ = handle.emit("open-assignment", a);
        }
    })
}

/// Windows shows a toast only for an AppUserModelID it knows: the installer registers the
/// app's identifier with its Start-menu shortcut; a build run from `target\` has none, and
/// its toasts go out under PowerShell's.
#[cfg(target_os = "windows")]
fn app_id(app: &AppHandle) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let profile = dir.file_name().and_then(|n| n.to_str());
    let built = matches!(profile, Some("debug" | "release")) && dir.parent()?.file_name().is_some_and(|n| n == "target");
    (!built).then(|| app.config().identifier.clone())
}

/// macOS names the sender by bundle: the app's own once bundled; under `tauri dev` (no
/// bundle) the terminal's, as Tauri's notification plugin does.
#[cfg(target_os = "macos")]
fn app_id(app: &AppHandle) -> Option<String> {
    Some(if tauri::is_dev() { "com.apple.Terminal".into() } else { app.config().identifier.clone() })
}

/// Linux and the BSDs name the app by its desktop entry (`dondoc`), set by the notifier.
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn app_id(_app: &AppHandle) -> Option<String> {
    None
}
