//! Windows (toasts) and macOS (the notification centre). The handle holds no connection
//! here; a thread waits on it only so a click comes back to the app. A toast answers by
//! itself when it leaves the screen, so these threads end within seconds or minutes.
//!
//! On macOS notify-rust delivers the notification when the thread starts waiting, and the
//! answer needs the main run loop running (the app's is).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use notify_rust::{Notification, NotificationResponse};

use crate::NotifyError;

/// Kept with a held notification: set, the click no longer reaches the app (neither
/// platform lets another thread close a notification shown through notify-rust).
pub(crate) type Release = Arc<AtomicBool>;

/// The thread's end of a [`Release`].
pub(crate) type Signal = Arc<AtomicBool>;

pub(crate) fn pair() -> (Release, Signal) {
    let flag = Arc::new(AtomicBool::new(false));
    (flag.clone(), flag)
}

pub(crate) fn let_go(release: Release) {
    release.store(true, Ordering::SeqCst);
}

pub(crate) fn decorate(n: &mut Notification, app_id: Option<&str>) {
    #[cfg(target_os = "windows")]
    if let Some(id) = app_id {
        n.app_id(id);
    }
    #[cfg(not(target_os = "windows"))]
    let _ = (n, app_id);
}

pub(crate) fn show_and_hold(
    n: &Notification,
    signal: Signal,
    on_click: impl FnOnce() + Send + 'static,
    forget: impl FnOnce() + Send + 'static,
) -> Result<(), NotifyError> {
    let handle = match n.show() {
        Ok(h) => h,
        Err(e) => {
            forget();
            return Err(e.into());
        }
    };
    let hold = move || {
        let mut clicked = false;
        let _ = handle.wait_for_response(|r: &NotificationResponse| {
            clicked = matches!(r, NotificationResponse::Default) || matches!(r, NotificationResponse::Action(a) if a == "default");
        });
        if clicked && !signal.load(Ordering::SeqCst) {
            on_click();
        }
        forget();
    };
    std::thread::Builder::new().name("dondoc-notification".into()).spawn(hold).map(|_| ()).map_err(|e| NotifyError(e.to_string()))
}
