//! End-to-end (issue 18, the window): the real app on a unit's desk, prepared without a
//! network — the office's store (the demo, Mỹ Hà's account enabled) gives Mỹ Hà's mirror,
//! which a fresh store in the test's folder is linked with, as `desk_connect` would. The
//! window is the unit's: its name, when its list was updated, the office unreachable in
//! yellow, its three parts; a tick reads done at once and waits in "Chờ gửi (1)" (nothing is
//! sent: the office is not there) with its row in `desk_outbox`; a conflict of the office
//! shows in red until "Đã hiểu". An empty store's first screen offers both uses, and the
//! office's Cài đặt says when Mỹ Hà's desk last connected. Screenshots: `target/e2e/desk-*.png`.

mod support;

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use dondoc_core::desk::NewLink;
use dondoc_core::portal::Caller;
use dondoc_core::{demo, Ctx, Store};
use support::{prerequisites, Env, Session};

const UNIT: &str = "UBND xã Mỹ Hà";
/// Mỹ Hà's overdue part of the demo (deadline 28/02/2023): the one ticked off.
const REPORT: &str = "Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện";
const CONFLICT: &str = "Văn phòng đã trả lại phần việc này ngày 21/02/2023: thiếu số liệu tháng 2.";

/// "HH:MM dd/mm/yyyy" of `at` in office time, as the window writes it.
fn clock_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap()).format("%H:%M %d/%m/%Y").to_string()
}

fn account(office: &Store, user: &str) -> i64 {
    office.conn().query_row("SELECT id FROM portal_account WHERE user_name = ?1", [user], |r| r.get(0)).unwrap()
}

/// The office's store: the demo, Mỹ Hà's and Mỹ Hưng's accounts; returns Mỹ Hà's mirror.
fn office(path: &std::path::Path, now: DateTime<Utc>) -> dondoc_core::desk::Mirror {
    let mut office = Store::open(path).unwrap();
    let ctx = Ctx::new(now, "Văn phòng");
    demo::load(&mut office, &ctx).unwrap();
    office.enable_unit_account(&ctx, "xa-my-ha").unwrap();
    office.enable_unit_account(&ctx, "xa-my-hung").unwrap();
    let unit = office.units().unwrap().into_iter().find(|u| u.code == "xa-my-ha").unwrap();
    office.desk_mirror(&Caller::Unit { unit_id: unit.id, name: unit.name }, now).unwrap()
}

/// Mỹ Hà's line in the list, opened.
fn open_part(s: &Session, title: &str) {
    s.click_xpath(&format!("//li[@data-testid='my-row'][.//span[contains(@class, 'title')][normalize-space()='{title}']]//button"));
    s.id("my-task");
}

/// Reloads the page (a row written by another program is read on the window's next start).
fn reload(s: &Session) {
    s.execute_async("const done = arguments[arguments.length - 1]; setTimeout(() => location.reload(), 50); done(null);", vec![]);
    std::thread::sleep(Duration::from_millis(500));
}

#[test]
fn a_units_desk_in_the_window() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let home = env.home.path().to_path_buf();
    let now = Utc::now();
    let mirror = office(&home.join("office.sqlite3"), now);
    let desk_path = home.join("desk").join("dondoc.sqlite3");
    std::fs::create_dir_all(desk_path.parent().unwrap()).unwrap();
    {
        let mut desk = Store::open(&desk_path).unwrap();
        let link = NewLink { server: "https://192.168.1.10:8443/".into(), user: "xa-my-ha".into(), fingerprint: "ab".repeat(32) };
        desk.link_desk(&link, &mirror, now).unwrap();
        desk.desk_unreachable(now, "Không kết nối được tới https://192.168.1.10:8443/.").unwrap();
    }

    let s = env.launch(&["--db", desk_path.to_str().unwrap()]);
    // The unit's window, not the office's navigation.
    s.wait_text("desk-unit", &format!("Đôn đốc — {UNIT}"));
    assert_eq!(s.count("[data-testid=nav-dashboard]"), 0, "no office navigation at a unit");
    s.wait_text("desk-synced", &format!("cập nhật lúc {}", clock_date(now)));
    let problem = s.text(&s.id("desk-problem"));
    assert!(problem.starts_with("Không kết nối được tới Văn phòng từ "), "{problem}");
    assert!(problem.contains("thao tác được xếp hàng và gửi khi có kết nối"), "{problem}");
    // Its three parts of the demo, from the mirror.
    s.wait_for("Mỹ Hà's three parts", || (s.count("[data-testid=my-row]") == 3).then_some(()));
    assert_eq!(s.count("[data-testid=desk-waiting]"), 0, "nothing waits yet");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("desk-list");

    // A part; ticked off: it reads done at once and waits to be sent.
    open_part(&s, REPORT);
    s.click(&s.id("my-tick"));
    s.id("tick-dialog");
    s.wait_text("tick-no-files", "Gửi tệp minh chứng qua cổng đơn vị trên trình duyệt.");
    assert_eq!(s.count("[data-testid=tick-files]"), 0, "no file button at the desk");
    s.type_into(&s.id("tick-note"), "Đã gửi báo cáo kiểm điểm");
    s.screenshot("desk-tick");
    s.click(&s.id("tick-save"));
    s.wait_text("my-ok", "Đã đánh dấu hoàn thành. Thao tác đang chờ gửi về Văn phòng.");
    s.wait_for("the part done", || {
        let badge = s.find_in(&s.id("my-task"), "[data-testid=status-badge]");
        s.attr(&badge, "data-status").filter(|st| st.starts_with("done")).map(|_| ())
    });
    assert_eq!(s.count("[data-testid=my-tick]"), 0, "a done part has no tick button");
    s.wait_text("desk-waiting-count", "Chờ gửi (1)");
    s.click(&s.id("desk-waiting-count"));
    s.id("desk-waiting-item");
    std::thread::sleep(Duration::from_millis(300));
    s.screenshot("desk-queued");
    let db = rusqlite::Connection::open(&desk_path).unwrap();
    let (kind, state, body): (String, String, String) =
        db.query_row("SELECT kind, state, body FROM desk_outbox ORDER BY id", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!((kind.as_str(), state.as_str()), ("done", "queued"));
    assert!(body.contains("Đã gửi báo cáo kiểm điểm"), "{body}");
    // Back in the list, it is among the done ones.
    s.click(&s.id("my-back"));
    s.wait_for("one done line", || (s.count("[data-testid=my-done] [data-testid=my-row]") == 1).then_some(()));

    // The office's answer to an earlier action: a conflict, in red until read.
    let part: i64 = db.query_row("SELECT assignment_id FROM desk_outbox", [], |r| r.get(0)).unwrap();
    db.execute(
        "INSERT INTO desk_outbox (key, assignment_id, kind, body, base_state, base_updated, queued_at, state, answer, answered_at)
         VALUES ('k-conflict', ?1, 'note', '{\"note\":\"Tiến độ 80%\"}', 'open', '2023-02-20T01:00:00Z', '2023-02-20T01:00:00Z', 'conflict', ?2, '2023-02-21T02:00:00Z')",
        rusqlite::params![part, CONFLICT],
    )
    .unwrap();
    reload(&s);
    s.wait_text("desk-conflict-answer", CONFLICT);
    s.wait_text("desk-waiting-count", "Chờ gửi (1)");
    std::thread::sleep(Duration::from_millis(300));
    s.screenshot("desk-conflict");
    s.click(&s.id("desk-conflict-dismiss"));
    s.wait_for("the conflict read", || (s.count("[data-testid=desk-conflict]") == 0).then_some(()));
    let seen: Option<String> = db.query_row("SELECT seen_at FROM desk_outbox WHERE key = 'k-conflict'", [], |r| r.get(0)).unwrap();
    assert!(seen.is_some(), "read, kept in the store");
    s.quit();

    // An empty store's first screen: the office's or a unit's.
    let s = env.launch(&["--db", home.join("empty.sqlite3").to_str().unwrap()]);
    s.wait_text("first-choice-office", "Văn phòng (lưu dữ liệu tại máy này)");
    s.wait_text("first-choice-unit", "Đơn vị (kết nối tới Văn phòng)");
    s.id("first-steps");
    s.wait_text("first-load-demo", "Nạp dữ liệu mẫu");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("desk-first-start");
    s.click(&s.id("first-choice-unit"));
    s.id("desk-server");
    s.id("desk-user");
    s.id("desk-password");
    s.id("desk-fingerprint");
    assert_eq!(s.count("[data-testid=first-steps]"), 0);
    std::thread::sleep(Duration::from_millis(300));
    s.screenshot("desk-first-start-unit");
    s.quit();

    // The office: when Mỹ Hà's desk last connected (today: the time), and Mỹ Hưng's (another day).
    let office_path = home.join("office.sqlite3");
    {
        let mut office = Store::open(&office_path).unwrap();
        let my_ha = account(&office, "xa-my-ha");
        let my_hung = account(&office, "xa-my-hung");
        office.desk_seen(my_ha, now).unwrap();
        office.desk_seen(my_hung, Utc.with_ymd_and_hms(2023, 2, 20, 0, 32, 0).unwrap()).unwrap();
    }
    let s = env.launch(&["--db", office_path.to_str().unwrap()]);
    s.click(&s.id("nav-settings"));
    let contact = |user: &str| format!("//tr[@data-testid='portal-account'][@data-user='{user}']//span[@data-testid='desk-contact']");
    let my_ha = s.xpath(&contact("xa-my-ha"));
    assert_eq!(s.text(&my_ha), format!("Mỹ Hà: kết nối lần cuối {}", &clock_date(now)[..5]));
    assert_eq!(s.text(&s.xpath(&contact("xa-my-hung"))), "Mỹ Hưng: kết nối lần cuối 07:32 20/02/2023");
    assert_eq!(s.find_xpath("//span[@data-testid='desk-contact']").len(), 2, "only the units whose desk connected");
    s.scroll_to(&my_ha);
    std::thread::sleep(Duration::from_millis(300));
    s.screenshot("desk-office-contacts");
    s.quit();
}
