//! A notification through notify-rust reaches the desktop as the office sees it; it is held
//! (its connection stays on the bus) until the user clicks it, the click comes back, and
//! then the hold is let go.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use dondoc_notify::{Notifier, OPEN_LABEL};

#[test]
fn held_until_clicked_and_the_click_comes_back() {
    // The recorder "clicks" 400 ms after a clickable notification arrives.
    let Some(desk) = common::desktop(Some(400)) else { return };
    let before = desk.connections();
    let notifier = Notifier::new("Đôn đốc", None);
    let (clicked, click) = mpsc::channel();
    notifier.show("Đến hạn hôm nay", "UBND xã Mỹ Hà: Báo cáo số liệu — hạn 28/02/2023", true, move || clicked.send(()).unwrap()).unwrap();

    let got = desk.received(1);
    assert_eq!(got[0]["app_name"], "Đôn đốc");
    assert_eq!(got[0]["summary"], "Đến hạn hôm nay");
    assert_eq!(got[0]["body"], "UBND xã Mỹ Hà: Báo cáo số liệu — hạn 28/02/2023");
    assert_eq!(got[0]["actions"], serde_json::json!(["default", OPEN_LABEL]));
    // Before the click: held, on a connection of its own that is still there.
    assert_eq!(notifier.held(), 1);
    assert_eq!(desk.connections(), before + 1, "the notification's connection stays open until it is answered");

    click.recv_timeout(Duration::from_secs(5)).expect("the click came back");
    common::wait_for("the hold to be let go", || notifier.held() == 0 && desk.connections() == before);
}
