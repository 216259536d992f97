//! The unit's desk (issue 18): keeping the mirror fresh and sending what the unit queued.
//!
//! Two threads, started when the store is a unit's desk (at start, or once connected):
//! - **sync**: one round of `dondoc_desk::sync` (send the queue, take the mirror) at start,
//!   on every change the office announces, on "Đồng bộ ngay", and at least every 15 minutes;
//!   every minute while the office cannot be reached, so a tick made offline arrives soon
//!   after the office is back;
//! - **events**: listens to the office's server-sent events and asks for a round on each.
//!
//! Each thread keeps its own connection to the store: a round waits on the network for
//! seconds, and neither the window's writer nor the reminder scheduler waits with it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use dondoc_core::desk::SyncReport;
use dondoc_core::{CoreError, Store};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The longest the mirror goes without a refresh while the office answers.
const EVERY: Duration = Duration::from_secs(15 * 60);
/// How soon a round is tried again while the office cannot be reached.
const RETRY: Duration = Duration::from_secs(60);
/// How long the event listener waits before listening again after its connection ended.
const RELISTEN: Duration = Duration::from_secs(10);

/// The desk's threads, once started (managed state).
#[derive(Default)]
pub struct Desk {
    rounds: Mutex<Option<SyncSender<()>>>,
    stop: Arc<AtomicBool>,
}

impl Desk {
    /// Asks the sync thread for a round now (no-op before it started).
    pub fn nudge(&self) {
        if let Some(tx) = self.rounds.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            let _ = tx.try_send(());
        }
    }
}

fn open(app: &AppHandle) -> Result<Store, CoreError> {
    Store::open(&app.state::<AppState>().db_path)
}

/// One round on `store` at the real clock: the window hears that its list may have
/// changed, and the reminder scheduler looks again at what is due.
pub fn round(app: &AppHandle, store: &mut Store) -> Result<SyncReport, CoreError> {
    let out = dondoc_desk::sync(store, Utc::now());
    match &out {
        Ok(r) => tracing::info!(pulled = r.pulled, sent = r.sent, conflicts = r.conflicts, "desk: synchronised with the office"),
        Err(e) => tracing::info!("desk: office not reached: {e}"),
    }
    let _ = app.emit("desk-changed", ());
    app.state::<AppState>().wake_scheduler();
    out
}

/// Starts the threads when the store is a unit's desk and they are not running yet.
pub fn start_if_linked(app: &AppHandle) {
    let linked = app.state::<AppState>().read(|s| s.desk_link()).ok().flatten().is_some();
    if !linked {
        return;
    }
    let desk = app.state::<Desk>();
    let mut rounds = desk.rounds.lock().unwrap_or_else(|p| p.into_inner());
    if rounds.is_some() {
        return;
    }
    let (tx, rx) = sync_channel(1);
    *rounds = Some(tx.clone());
    let _ = tx.try_send(());
    let (a, b) = (app.clone(), app.clone());
    let stop = desk.stop.clone();
    std::thread::Builder::new().name("dondoc-desk-sync".into()).spawn(move || sync_loop(a, rx)).expect("start the desk's sync thread");
    std::thread::Builder::new().name("dondoc-desk-events".into()).spawn(move || events_loop(b, tx, stop)).expect("start the desk's event thread");
}

fn sync_loop(app: AppHandle, rounds: Receiver<()>) {
    let mut store: Option<Store> = None;
    let mut wait = EVERY;
    loop {
        match rounds.recv_timeout(wait) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Several asks while a round ran make one more round, not one each.
        while rounds.try_recv().is_ok() {}
        if store.is_none() {
            store = open(&app).map_err(|e| tracing::warn!("desk: cannot open the store: {e}")).ok();
        }
        let Some(s) = store.as_mut() else {
            wait = RETRY;
            continue;
        };
        wait = match round(&app, s) {
            Ok(_) => EVERY,
            Err(e) if e.code() == dondoc_core::ErrorCode::Unauthenticated => EVERY,
            Err(_) => RETRY,
        };
    }
}

fn events_loop(app: AppHandle, rounds: SyncSender<()>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::SeqCst) {
        let link = app.state::<AppState>().read(|s| s.desk_link()).ok().flatten();
        if let Some(link) = link {
            let mut on_change = || {
                let _ = rounds.try_send(());
            };
            if let Err(e) = dondoc_desk::listen(&link, &stop, &mut on_change) {
                tracing::debug!("desk: office events ended: {e}");
            }
            // Changes may have been missed while not listening.
            let _ = rounds.try_send(());
        }
        std::thread::sleep(RELISTEN);
    }
}
