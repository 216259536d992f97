//! `dondoc-cli remind`: fire what is due and show it on the desktop, with the same core
//! rules and the same D-Bus notifier as the app.

use dondoc_core::notify::Notifier;
use dondoc_core::{CoreError, Store};

/// One line of `remind --json` output: a notification sent.
#[derive(serde::Serialize)]
struct SentLine<'a> {
    assignment: Option<i64>,
    kind: &'a str,
    summary: &'a str,
    body: &'a str,
}

/// Fires what is due at `now` and shows it on the desktop; prints a JSON line per
/// notification shown. Notices that could not be shown stay in the store for the app's
/// in-app panel.
pub fn once(store: &mut Store, notifier: &mut Option<Result<Notifier, String>>, now: chrono::DateTime<chrono::Utc>) -> Result<(), CoreError> {
    let notices = store.fire_due(now, false)?;
    if notices.is_empty() {
        return Ok(());
    }
    let sender = notifier.get_or_insert_with(|| Notifier::connect("Đôn đốc").map_err(|e| e.to_string()));
    for (id, n) in notices {
        match sender {
            Ok(s) => match s.send(&n.summary, &n.body, n.assignment.is_some()) {
                Ok(_) => {
                    store.mark_delivered(id)?;
                    let line = SentLine { assignment: n.assignment, kind: &n.kind, summary: &n.summary, body: &n.body };
                    println!("{}", serde_json::to_string(&line)?);
                }
                Err(e) => eprintln!("Không gửi được thông báo “{}”: {e}. Nhắc việc được giữ trong ứng dụng.", n.summary),
            },
            Err(e) => eprintln!("Không có dịch vụ thông báo ({e}); nhắc việc “{}” được giữ trong ứng dụng.", n.summary),
        }
    }
    Ok(())
}

