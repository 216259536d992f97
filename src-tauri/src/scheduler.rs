//! The reminder scheduler: a thread of the app process (never a UI timer, which stalls when
//! the window is minimised). It asks the core for the next reminder instant, sleeps until
//! then or until the data changes (a channel wakes it), fires what is due, and repeats. The
//! sleep is bounded by a minute so a clock jump or a resume from suspend is noticed.
//!
//! One D-Bus connection is held for the app's lifetime. Without a notification service the
//! notices stay in the store, and the window shows them in its panel with a badge.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use dondoc_core::notify::Notifier;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::{ctx, AppState};

/// The longest the scheduler sleeps without looking at the clock.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Starts the scheduler thread.
pub fn start(app: AppHandle, wake: Receiver<()>) {
    std::thread::Builder::new()
        .name("dondoc-reminders".into())
        .spawn(move || run(app, wake))
        .expect("start the reminder thread");
}

fn connect(app: &AppHandle, clicks: Arc<Mutex<HashMap<u32, i64>>>) -> Option<Notifier> {
    match Notifier::connect("Đôn đốc") {
        Ok(n) => {
            let handle = app.clone();
            let listen = n.on_default_action(move |id| {
                let assignment = clicks.lock().ok().and_then(|m| m.get(&id).copied());
                crate::show_main_window(&handle);
                if let Some(a) = assignment {
                    let _ = handle.emit("open-assignment", a);
                }
            });
            if let Err(e) = listen {
                eprintln!("dondoc: notification clicks will not be heard: {e}");
            }
            Some(n)
        }
        Err(e) => {
            eprintln!("dondoc: no session bus for notifications ({e}); reminders go to the in-app panel");
            None
        }
    }
}

/// How long the scheduler lets the window start before its first round: the catch-up of a
/// large store holds the store for a moment, and the office's first screen comes first.
const START_GRACE: Duration = Duration::from_secs(2);

fn run(app: AppHandle, wake: Receiver<()>) {
    std::thread::sleep(START_GRACE);
    let clicks: Arc<Mutex<HashMap<u32, i64>>> = Arc::default();
    let notifier = connect(&app, clicks.clone());
    let mut failure_logged = false;
    let mut first = true;
    loop {
        let state = app.state::<AppState>();
        // The store's pages, checked once the window is up (not on the start's path: it
        // reads the whole file). A damaged store is closed and the window says so.
        if state.check_pages_once().is_some() {
            let _ = app.emit("store-failed", ());
        }
        let now = Utc::now();
        // The scheduler's own connection: one IMMEDIATE transaction selects what is due,
        // records it and queues the notices, so the CLI on the same store never repeats it.
        let fired = state.scheduled(|s| {
            s.roll_recurrences(&ctx())?;
            // The first round after start sums up what was missed while the app was closed.
            s.fire_due(now, first)
        });
        first = false;
        let mut undelivered = false;
        for (id, notice) in fired.unwrap_or_default() {
            let sent = match &notifier {
                Some(n) => n.send(&notice.summary, &notice.body, notice.assignment.is_some()).map_err(|e| e.to_string()),
                None => Err("không có kết nối D-Bus".to_string()),
            };
            match sent {
                Ok(server_id) => {
                    let _ = state.scheduled(|s| s.mark_delivered(id));
                    if let (Some(a), Ok(mut map)) = (notice.assignment, clicks.lock()) {
                        map.insert(server_id, a);
                    }
                }
                Err(e) => {
                    undelivered = true;
                    if !failure_logged {
                        eprintln!("dondoc: cannot show notifications ({e}); they are kept in the in-app panel");
                        failure_logged = true;
                    }
                }
            }
        }
        if undelivered {
            let _ = app.emit("notices-changed", ());
        }
        crate::tray::refresh(&app);
        // Today's backup, once a day: at the first start of the day, or in the first round
        // after midnight when the app stays open (after the reminders, which are due now).
        crate::backups::daily_if_due(&app);
        // Idle moment: move the WAL into the database file so no click has to.
        let _ = state.scheduled(|s| dondoc_core::db::checkpoint(s.conn()));
        let next = state.read(|s| s.next_reminder_at(Utc::now())).ok().flatten();
        let wait = next.map(|t| (t - Utc::now()).to_std().unwrap_or_default()).unwrap_or(MAX_SLEEP).min(MAX_SLEEP);
        match wake.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
