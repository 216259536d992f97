//! End-to-end (issue 18): two real apps on one machine. The office's Đôn đốc serves the
//! portal on its store; a second Đôn đốc, on its own data folder, X display and private
//! D-Bus (with a recording notification server), is connected as xã Mỹ Hà's desk through
//! its first-start form. The office gives a task to "Các xã, thị trấn" due tomorrow in its
//! window; the desk hears of it, raises "Sắp đến hạn (còn 1 ngày)" at its reminder time,
//! the click opens the part, the unit ticks it and the office's window shows it done. Then
//! the office is stopped, the unit ticks another part (queued: "Chờ gửi"), the office
//! starts again and the tick arrives, exactly once.
//! Screenshots: `target/e2e/desk-*.png`.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, FixedOffset, Timelike, Utc};
use dondoc_core::portal::PortalSettings;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::{Ctx, Store};
use serde_json::Value;
use support::{free_port, prerequisites, Env, Session};

const USER: &str = "xa-my-ha";
const PASSWORD: &str = "Mat-khau-xa-2026";
const CONFERENCE: &str = "Hội nghị giao ban công tác CCHC tháng 12";
const SOON: &str = "Báo cáo kết quả rà soát thủ tục hành chính";
const LATER: &str = "Cập nhật số liệu số hóa hồ sơ";

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

/// The office's store: a conference with one directive, Mỹ Hà's account with its password
/// changed, the portal on at 127.0.0.1:`port`.
fn office_store(db: &Path, port: u16) {
    let mut s = Store::open(db).unwrap();
    let now = Utc::now();
    let ctx = Ctx::new(now, "Văn phòng");
    let starts = now.with_timezone(&vn()).format("%d/%m/%Y 08:00").to_string();
    let conf =
        s.create_conference(&ctx, &ConferenceInput { title: CONFERENCE.into(), starts_at: starts, format: "online".into(), ..Default::default() }).unwrap();
    s.add_directive(conf, "Các xã, thị trấn rà soát thủ tục hành chính, báo cáo huyện.").unwrap();
    let first = s.enable_unit_account(&ctx, USER).unwrap();
    let login = s.portal_login(now, USER, &first.password).unwrap();
    s.change_portal_password(now, &login.token, &first.password, PASSWORD).unwrap();
    s.save_portal_settings(&PortalSettings { enabled: true, address: "127.0.0.1".into(), port, ..Default::default() }).unwrap();
}

/// The unit's store before it is connected: its own reminder settings (a reminder time
/// `at` a few minutes ahead, every day a working day, no quiet hours) — the unit's, not
/// the office's: settings are never mirrored.
fn unit_store(db: &Path, at: chrono::DateTime<Utc>) {
    let mut s = Store::open(db).unwrap();
    let mut settings = s.settings().unwrap();
    settings.reminder_time = at.with_timezone(&vn()).format("%H:%M").to_string();
    settings.quiet_hours = false;
    settings.working_days = (1..=7).collect();
    settings.morning_digest = false;
    s.save_settings(&settings).unwrap();
}

fn wait_port(port: u16, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the office's portal did not come up on port {port}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The recorded notifications so far.
fn notifications(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file).unwrap_or_default().lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// How many times the office's store recorded `title`'s part of Mỹ Hà as done.
fn done_records(db: &Path, title: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM audit au JOIN assignment a ON a.id = au.entity_id JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
          WHERE au.entity = 'assignment' AND au.field = 'state' AND au.new_value = 'done' AND t.title = ?1 AND u.code = ?2",
        rusqlite::params![title, USER],
        |r| r.get(0),
    )
    .unwrap()
}

/// The office gives `title`, due `days` from today, to the group "Các xã, thị trấn".
fn office_gives(s: &Session, title: &str, days: u64) {
    let due = Utc::now().with_timezone(&vn()).date_naive().checked_add_days(Days::new(days)).unwrap();
    s.click(&s.id("add-task"));
    s.type_into(&s.id("task-title"), title);
    s.type_into(&s.id("task-deadline"), &due.format("%d/%m/%Y").to_string());
    s.click(&s.id("task-group-communes"));
    s.wait_text("task-lead-count", "Sẽ giao cho 11 đơn vị chủ trì");
    s.click(&s.id("task-save"));
    s.wait_for("the task form to close", || (s.count("[data-testid='task-title']") == 0).then_some(()));
}

/// The desk's line of `title` in its list: its status attribute.
fn desk_status(s: &Session, title: &str) -> Option<String> {
    let rows = s.find_xpath(&format!("//*[@data-testid='my-row'][.//*[contains(normalize-space(), '{title}')]]"));
    rows.first().and_then(|r| s.attr(r, "data-status"))
}

/// Ticks `title` off in the desk's window today.
fn desk_ticks(s: &Session, title: &str) {
    s.click_xpath(&format!("//*[@data-testid='my-row'][.//*[contains(normalize-space(), '{title}')]]//*[@data-testid='my-row-open']"));
    s.click(&s.id("my-tick"));
    s.click(&s.id("tick-save"));
}

#[test]
fn the_office_and_my_has_desk() {
    if prerequisites().is_none() {
        return;
    }
    let office_env = Env::start();
    let unit_env = Env::start();
    let port = free_port();
    let office_db = office_env.home.path().join("van-phong.sqlite3");
    let unit_db = unit_env.home.path().join("xa-my-ha.sqlite3");
    office_store(&office_db, port);
    // The reminder time: the start of a minute at least 100 s away (the office gives the
    // task and the desk hears of it before then).
    let ahead = Utc::now() + chrono::Duration::seconds(100);
    let reminder_at = ahead + chrono::Duration::seconds(i64::from(60 - ahead.second())) - chrono::Duration::nanoseconds(i64::from(ahead.nanosecond()));
    unit_store(&unit_db, reminder_at);

    let office = office_env.launch(&["--db", office_db.to_str().unwrap()]);
    wait_port(port, 30);
    office.click(&office.id("nav-settings"));
    let fingerprint = office.text(&office.id("portal-fingerprint"));

    let heard = unit_env.home.path().join("notifications.jsonl");
    let _recorder = unit_env.notification_recorder(&heard, Some(1500));
    let unit = unit_env.launch(&["--db", unit_db.to_str().unwrap()]);
    unit.click(&unit.id("first-choice-unit"));
    let server = unit.id("desk-server");
    unit.clear(&server);
    unit.type_into(&server, &format!("https://127.0.0.1:{port}/"));
    unit.type_into(&unit.id("desk-user"), USER);
    unit.type_into(&unit.id("desk-password"), PASSWORD);
    // A fingerprint off by one digit: refused, in red, nothing connected.
    let wrong = format!("{}{}", &fingerprint[..fingerprint.len() - 1], if fingerprint.ends_with('0') { "1" } else { "0" });
    unit.type_into(&unit.id("desk-fingerprint"), &wrong);
    unit.click(&unit.id("desk-connect-save"));
    unit.wait_for("the mismatch refused", || unit.text(&unit.id("desk-connect-error")).contains("không khớp").then_some(()));
    std::thread::sleep(Duration::from_millis(500));
    unit.screenshot("desk-fingerprint-mismatch");
    let field = unit.id("desk-fingerprint");
    unit.clear(&field);
    unit.type_into(&field, &fingerprint);
    unit.click(&unit.id("desk-connect-save"));
    unit.wait_text("desk-unit", "Đôn đốc — UBND xã Mỹ Hà");

    // The office gives two tasks to every commune: one due tomorrow, one in ten days.
    office.click(&office.id("nav-conferences"));
    office.click(&office.id("conference-open"));
    office.wait_text("conf-detail-title", CONFERENCE);
    office_gives(&office, SOON, 1);
    office_gives(&office, LATER, 10);
    unit.wait_for("the desk to hear of both tasks", || (desk_status(&unit, SOON).is_some() && desk_status(&unit, LATER).is_some()).then_some(()));
    std::thread::sleep(Duration::from_millis(500));
    unit.screenshot("desk-list");

    // At the desk's reminder time: "Sắp đến hạn (còn 1 ngày)" for the task due tomorrow.
    let deadline = Instant::now() + (reminder_at - Utc::now()).to_std().unwrap_or_default() + Duration::from_secs(45);
    let reminder = loop {
        if let Some(n) = notifications(&heard).into_iter().find(|n| n["summary"].as_str().is_some_and(|s| s.contains("Sắp đến hạn (còn 1 ngày)"))) {
            break n;
        }
        assert!(Instant::now() < deadline, "no reminder by {reminder_at}: {:?}", notifications(&heard));
        std::thread::sleep(Duration::from_millis(250));
    };
    assert!(reminder["body"].as_str().unwrap().contains(SOON), "{reminder}");
    assert_eq!(reminder["app_name"].as_str(), Some("Đôn đốc"));
    let at = chrono::DateTime::from_timestamp_millis(reminder["at_ms"].as_i64().unwrap()).unwrap();
    assert!(at >= reminder_at && at < reminder_at + chrono::Duration::seconds(30), "raised at {at}, due {reminder_at}");
    // The recorder clicked it: the desk opens that part.
    unit.wait_for("the clicked reminder to open its part", || unit.text(&unit.el("[data-testid=my-task] h1")).contains(SOON).then_some(()));
    unit.wait_text("history-empty", "Chưa có cập nhật nào.");
    unit.screenshot("desk-reminder-opened");

    // The unit ticks it; the office's window shows it done.
    unit.click(&unit.id("my-tick"));
    unit.click(&unit.id("tick-save"));
    unit.wait_for("the tick in the part's history", || (unit.count("[data-testid='history-empty']") == 0).then_some(()));
    unit.wait_for("the tick to reach the office", || (done_records(&office_db, SOON) == 1).then_some(()));
    office.click(&office.id("nav-units"));
    office.click(&office.xpath("//select[@data-testid='unit-select']/option[normalize-space()='UBND xã Mỹ Hà']"));
    office.wait_for("the office's window to show it done", || {
        let rows = office.find_xpath(&format!("//tr[@data-testid='assignment-row'][.//b[normalize-space()='{SOON}']]//*[@data-testid='status-badge']"));
        rows.first().and_then(|b| office.attr(b, "data-status")).filter(|s| s.starts_with("done")).map(|_| ())
    });

    // The office stops; the unit ticks the other part: queued, shown done at the desk.
    office.quit();
    std::thread::sleep(Duration::from_secs(1));
    unit.click(&unit.id("my-back"));
    desk_ticks(&unit, LATER);
    unit.wait_text("desk-waiting-count", "Chờ gửi (1)");
    assert_eq!(done_records(&office_db, LATER), 0);
    std::thread::sleep(Duration::from_millis(500));
    unit.screenshot("desk-offline-queued");

    // The office starts again: the queued tick arrives, once.
    let office = office_env.launch(&["--db", office_db.to_str().unwrap()]);
    wait_port(port, 30);
    let deadline = Instant::now() + Duration::from_secs(100);
    while done_records(&office_db, LATER) == 0 {
        assert!(Instant::now() < deadline, "the queued tick never reached the office");
        std::thread::sleep(Duration::from_millis(500));
    }
    unit.wait_for("the queue to empty", || (unit.count("[data-testid='desk-waiting-count']") == 0).then_some(()));
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(done_records(&office_db, LATER), 1, "exactly once");
    assert_eq!(done_records(&office_db, SOON), 1);
    unit.screenshot("desk-back-online");
    office.quit();
    unit.quit();
}
