//! `dondoc-cli remind`: fire what is due and show it on the desktop, with the same core
//! rules and the same notifier (notify-rust) as the app.

use dondoc_core::{CoreError, Store};
use dondoc_notify::Notifier;

/// One line of `remind --json` output: a notification sent.
#[derive(serde::Serialize)]
struct SentLine<'a> {
    assignment: Option<i64>,
    kind: dondoc_core::reminders::NoticeKind,
    summary: &'a str,
    body: &'a str,
}

/// Fires what is due at `now` and shows it on the desktop; prints a JSON line per
/// notification shown. Notices that could not be shown stay in the store for the app's
/// in-app panel. A notice about an assignment carries the default action as in the app;
/// the CLI has no window to open, so a click is left to the desktop (GNOME starts the app
/// its desktop entry names).
pub fn once(store: &mut Store, notifier: &Notifier, now: chrono::DateTime<chrono::Utc>) -> Result<(), CoreError> {
    let notices = store.fire_due(now, false)?;
    for (id, n) in notices {
        match notifier.show(&n.summary, &n.body, n.assignment.is_some(), || {}) {
            Ok(()) => {
                store.mark_delivered(id)?;
                let line = SentLine { assignment: n.assignment, kind: n.kind, summary: &n.summary, body: &n.body };
                println!("{}", serde_json::to_string(&line)?);
            }
            Err(e) => eprintln!("Không gửi được thông báo “{}”: {}. Nhắc việc được giữ trong ứng dụng.", n.summary, e.0),
        }
    }
    Ok(())
}
