//! `listen` against a real portal in this process: a change to the unit's part wakes it,
//! another unit's does not, and `stop` ends it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dondoc_core::{Ctx, Store};
use dondoc_server::{Change, PortalConfig, Stores};

/// Logs the desk out however the test ends: no keyring entry is left behind.
struct Forget(std::path::PathBuf);

impl Drop for Forget {
    fn drop(&mut self) {
        if let Ok(s) = Store::open(&self.0) {
            let _ = dondoc_desk::forget(&s);
        }
    }
}

#[test]
fn listen_calls_back_on_the_units_changes_and_returns_when_stopped() {
    // No Secret Service on this bus: the session goes to the kernel keyring (one test in
    // this binary, set before any thread starts).
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dondoc-test-bus");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.sqlite3");
    let password = {
        let mut s = Store::open(&db).unwrap();
        let ctx = Ctx::new(Utc.with_ymd_and_hms(2023, 2, 27, 2, 0, 0).unwrap(), "Văn phòng");
        dondoc_core::demo::load(&mut s, &ctx).unwrap();
        s.enable_unit_account(&ctx, "xa-my-ha").unwrap().password
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let stores = Arc::new(Stores::open(&db, 2).unwrap());
    let portal = rt.block_on(dondoc_server::start(PortalConfig::new("127.0.0.1:0".parse().unwrap(), dir.path()), stores)).unwrap();

    let unit_db = dir.path().join("unit.sqlite3");
    let _forget = Forget(unit_db.clone());
    let mut unit = Store::open(&unit_db).unwrap();
    let input = dondoc_desk::ConnectInput {
        server: portal.url.clone(),
        user: "xa-my-ha".into(),
        password,
        fingerprint: portal.fingerprint.to_uppercase(),
        new_password: Some("Doimatkhau2023".into()),
    };
    let link = dondoc_desk::connect(&mut unit, &input, Utc::now()).unwrap();
    let (events, unit_id) = (portal.events(), link.unit_id);

    let (stop, heard) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let listening = std::thread::spawn({
        let (stop, heard, link) = (stop.clone(), heard.clone(), link.clone());
        move || {
            dondoc_desk::listen(&link, &stop, &mut || {
                heard.fetch_add(1, Ordering::SeqCst);
            })
        }
    });
    let wait_for = |n: usize| {
        let start = Instant::now();
        while heard.load(Ordering::SeqCst) < n && start.elapsed() < Duration::from_secs(10) {
            // The stream may not be subscribed yet: another unit's change, then the unit's own.
            let _ = events.send(Change { assignment_id: 1, unit_id: Some(unit_id + 1), what: "done".into() });
            let _ = events.send(Change { assignment_id: 1, unit_id: Some(unit_id), what: "done".into() });
            std::thread::sleep(Duration::from_millis(100));
        }
        heard.load(Ordering::SeqCst)
    };
    assert!(wait_for(1) >= 1, "a change to the unit's part is heard");
    let before = heard.load(Ordering::SeqCst);
    let _ = events.send(Change { assignment_id: 1, unit_id: Some(unit_id + 1), what: "done".into() });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(heard.load(Ordering::SeqCst), before, "another unit's change is not");

    stop.store(true, Ordering::SeqCst);
    // The next event (or the 15 s keep-alive) lets the reader see `stop`.
    let _ = events.send(Change { assignment_id: 1, unit_id: None, what: "office".into() });
    let start = Instant::now();
    while !listening.is_finished() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(listening.is_finished(), "listen returned after stop");
    listening.join().unwrap().unwrap();

    dondoc_desk::forget(&unit).unwrap();
    let after = dondoc_desk::sync(&mut unit, Utc::now()).unwrap_err();
    assert_eq!(after.code(), "unauthenticated", "forgotten: {after}");
    rt.block_on(portal.stop());
}
