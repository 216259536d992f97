//! The reminder scheduler: a thread of the app process (never a UI timer, which stalls when
//! the window is minimised). It asks the core for the next reminder instant, sleeps until
//! then or until the data changes (a channel wakes it), fires what is due, and repeats. The
//! sleep is bounded by a minute so a clock jump or a resume from suspend is noticed.
//!
//! Notices go to the desktop through notify-rust (`crate::notifier`). Without a notification
//! service the notices stay in the store, and the window shows them in its panel with a badge.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::{ctx, AppState};

/// The longest the scheduler sleeps without looking at the clock.
const MAX_SLEEP: Duration = Duration::from_secs(60);

/// Starts the scheduler thread.
pub fn start(app: AppHandle, wake: Receiver<()>) {
    std::thread::Builder::new().name("dondoc-reminders".into()).spawn(move || run(app, wake)).expect("start the reminder thread");
}

/// How long the scheduler lets the window start before its first round: the catch-up of a
/// large store holds the store for a moment, and the office's first screen comes first.
const START_GRACE: Duration = Duration::from_secs(2);

fn run(app: AppHandle, wake: Receiver<()>) {
    std::thread::sleep(START_GRACE);
    let notifier = crate::notifier::new(&app);
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
            match crate::notifier::show(&app, &notifier, &notice) {
                Ok(()) => {
                    let _ = state.scheduled(|s| s.mark_delivered(id));
                }
                Err(e) => {
                    undelivered = true;
                    if !failure_logged {
                        tracing::warn!("cannot show notifications ({e}); they are kept in the in-app panel");
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
        let _ = state.scheduled(|s| s.checkpoint());
        // How long until the next reminder is due, if one is.
        let until_next = || state.read(|s| s.next_reminder_at(Utc::now())).ok().flatten().map(|t| (t - Utc::now()).to_std().unwrap_or_default());
        match wake.recv_timeout(until_next().unwrap_or(MAX_SLEEP).min(MAX_SLEEP)) {
            Ok(()) => settle(&wake, until_next().unwrap_or(WAKE_SETTLE)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// How long a round waits after a write woke it, for the writes that follow.
const WAKE_SETTLE: Duration = Duration::from_secs(1);

/// After a write woke the scheduler: writes come in bursts (29 units ticking through the
/// portal, an import), and every round writes (what is due), checkpoints the WAL and
/// redraws the tray, so one round per write would compete with the writes themselves.
/// Waits up to [`WAKE_SETTLE`], never past `until_due` (the next reminder, which the write
/// may have brought closer), then takes every wake that came meanwhile as one round.
fn settle(wake: &Receiver<()>, until_due: Duration) {
    std::thread::sleep(WAKE_SETTLE.min(until_due));
    while wake.try_recv().is_ok() {}
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{sync_channel, TryRecvError};
    use std::time::{Duration, Instant};

    use super::{settle, WAKE_SETTLE};

    /// A burst of writes during the wait makes one round, not one per write; a reminder due
    /// sooner than the wait is not kept waiting.
    #[test]
    fn a_burst_of_wakes_makes_one_round_and_a_due_reminder_cuts_the_wait() {
        let (wake, woken) = sync_channel(1);
        let burst = std::thread::spawn(move || {
            for _ in 0..20 {
                let _ = wake.try_send(());
                std::thread::sleep(Duration::from_millis(20));
            }
            wake
        });
        let t = Instant::now();
        settle(&woken, Duration::from_secs(60));
        assert!(t.elapsed() >= WAKE_SETTLE, "waited {:?}", t.elapsed());
        let wake = burst.join().unwrap();
        assert_eq!(woken.try_recv(), Err(TryRecvError::Empty), "the burst's wakes were taken as one");

        let t = Instant::now();
        let _ = wake.try_send(());
        settle(&woken, Duration::from_millis(50));
        assert!(t.elapsed() < WAKE_SETTLE / 2, "a reminder due in 50 ms waited {:?}", t.elapsed());
        assert_eq!(woken.try_recv(), Err(TryRecvError::Empty));
    }
}
