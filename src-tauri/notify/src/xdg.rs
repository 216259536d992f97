//! Linux and the BSDs: the freedesktop notification service on the session bus.
//!
//! notify-rust opens a session-bus connection per notification and its handle owns it. The
//! handle is moved to a thread of its own that waits for `ActionInvoked` or
//! `NotificationClosed` (or for being let go) and only then drops it, so GNOME keeps the
//! notification and the click comes back on the connection that sent it.

use futures_lite::future;
use notify_rust::{Hint, Notification, NotificationResponse, Urgency};

use crate::NotifyError;

/// Kept with a held notification: sending on it makes the thread close it and let go.
pub(crate) type Release = async_channel::Sender<()>;

/// The thread's end of a [`Release`].
pub(crate) type Signal = async_channel::Receiver<()>;

pub(crate) fn pair() -> (Release, Signal) {
    async_channel::bounded(1)
}

pub(crate) fn let_go(release: Release) {
    let _ = release.try_send(());
}

/// The desktop entry names the app (GNOME shows its name and icon and, on a click, can
/// start it); normal urgency, so quiet hours are the app's own business.
pub(crate) fn decorate(n: &mut Notification, _app_id: Option<&str>) {
    n.icon("dondoc").hint(Hint::DesktopEntry("dondoc".into())).urgency(Urgency::Normal);
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
        let let_go = future::block_on(future::or(
            async {
                handle.wait_for_action_async(|r| clicked = matches!(r, NotificationResponse::Default)).await;
                false
            },
            async { signal.recv().await.is_ok() },
        ));
        if let_go {
            future::block_on(handle.close_async());
        } else if clicked {
            on_click();
        }
        drop(handle);
        forget();
    };
    std::thread::Builder::new().name("dondoc-notification".into()).spawn(hold).map(|_| ()).map_err(|e| NotifyError(e.to_string()))
}
