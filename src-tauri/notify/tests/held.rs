//! Unanswered notifications are held until the desktop closes them, and never more than
//! `MAX_HELD`: past that the oldest are closed and let go.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use dondoc_notify::{Notifier, MAX_HELD};
use serde_json::json;

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

#[test]
fn held_until_closed_and_never_more_than_max_held() {
    let Some(desk) = common::desktop(None) else { return };
    let before = desk.connections();
    let closed = closed_ids(&desk.watcher);
    let notifier = Notifier::new("Đôn đốc", None);

    // A digest is about no one assignment: no action, and still held while unanswered.
    notifier.show("Hôm nay: 26 nhiệm vụ sắp đến hạn", "…", false, || panic!("not clickable")).unwrap();
    assert_eq!(desk.received(1)[0]["actions"], json!([]));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!((notifier.held(), desk.connections()), (1, before + 1));

    // The desktop closes it (the user dismissed it): the hold is let go.
    desk.watcher.emit_signal(None::<&str>, PATH, NAME, "NotificationClosed", &(1u32, 2u32)).unwrap();
    common::wait_for("the dismissed one to be let go", || notifier.held() == 0 && desk.connections() == before);
    assert_eq!(closed.recv_timeout(Duration::from_secs(5)).unwrap(), 1);

    // Two more than the limit, none answered: the two oldest (the recorder's ids 2 and 3)
    // are closed through CloseNotification and their connections leave the bus.
    for i in 0..MAX_HELD + 2 {
        notifier.show(&format!("Nhắc việc {i}"), "…", true, || panic!("never clicked")).unwrap();
    }
    assert_eq!(desk.received(MAX_HELD + 3).len(), MAX_HELD + 3);
    common::wait_for("the oldest to be let go", || notifier.held() == MAX_HELD && desk.connections() == before + MAX_HELD);
    let mut ids = vec![closed.recv_timeout(Duration::from_secs(5)).unwrap(), closed.recv_timeout(Duration::from_secs(5)).unwrap()];
    ids.sort();
    assert_eq!(ids, [2, 3]);
    assert!(closed.recv_timeout(Duration::from_millis(300)).is_err(), "only the oldest are closed");
}

/// The ids of `NotificationClosed` signals on the bus, as they come.
fn closed_ids(conn: &zbus::blocking::Connection) -> mpsc::Receiver<u32> {
    let rule = zbus::MatchRule::builder().msg_type(zbus::message::Type::Signal).interface(NAME).unwrap().member("NotificationClosed").unwrap().build();
    let messages = zbus::blocking::MessageIterator::for_match_rule(rule, conn, Some(64)).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for msg in messages.flatten() {
            if let Ok((id, _reason)) = msg.body().deserialize::<(u32, u32)>() {
                if tx.send(id).is_err() {
                    return;
                }
            }
        }
    });
    rx
}
