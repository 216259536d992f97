//! End-to-end (issue 5): a custom reminder set 5 s ahead through the window arrives at a
//! recording notification server on the private bus within 2 s of its instant while the
//! app sits idle; with no notification server on the bus, the in-app panel shows it.

mod support;

use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};
use serde_json::Value;
use support::{prerequisites, Env, Session};

const NOTE: &str = "Gọi điện nhắc xã nộp báo cáo";

/// Loads the demo, turns quiet hours off (the test may run at night or on a Sunday), and
/// sets a reminder on Mỹ Hà's report 5 s ahead. Returns the reminder's instant.
fn set_reminder_five_seconds_ahead(s: &Session) -> chrono::DateTime<Utc> {
    s.click(&s.id("nav-settings"));
    let quiet = s.id("set-quiet");
    if s.selected(&quiet) {
        s.click(&quiet);
    }
    s.click(&s.id("settings-save"));
    s.id("settings-saved");
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    s.click(&s.id("nav-units"));
    s.click(&s.xpath("//select[@data-testid='unit-select']/option[normalize-space()='UBND xã Mỹ Hà']"));
    s.click(&s.xpath("//tr[@data-testid='assignment-row'][.//b[starts-with(normalize-space(), 'Kiểm điểm')]]//button[@data-testid='assignment-more']"));
    s.click(&s.id("action-remind"));
    let at = Utc::now() + chrono::Duration::seconds(5);
    let at = at - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&at)));
    let local = at.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap());
    s.type_into(&s.id("remind-at"), &local.format("%d/%m/%Y %H:%M:%S").to_string());
    s.type_into(&s.id("action-text"), NOTE);
    s.click(&s.id("action-save"));
    s.wait_for("the reminder form to close", || (s.count("[data-testid='remind-at']") == 0).then_some(()));
    at
}

#[test]
fn a_custom_reminder_arrives_on_time_on_the_desktop() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let received = env.home.path().join("received.jsonl");
    // The recorder "clicks" the notification 300 ms after it arrives.
    let _server = env.notification_recorder(&received, Some(300));
    let db = env.home.path().join("remind.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    let at = set_reminder_five_seconds_ahead(&s);
    assert!(at > Utc::now(), "the reminder was set before its instant");
    // Leave the unit view, so the click has somewhere to bring the office back from.
    s.click(&s.id("nav-dashboard"));

    // Now the app sits idle: nothing touches the window until the notification arrives.
    let deadline = Instant::now() + Duration::from_secs(12);
    let got = loop {
        let text = std::fs::read_to_string(&received).unwrap_or_default();
        let hit = text.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).find(|n| n["summary"] == format!("Nhắc việc: {NOTE}"));
        if let Some(n) = hit {
            break n;
        }
        assert!(Instant::now() < deadline, "no notification arrived; received: {text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let late_ms = got["at_ms"].as_i64().unwrap() - at.timestamp_millis();
    assert!((0..=2000).contains(&late_ms), "arrived {late_ms} ms after its instant");
    assert_eq!(got["app_name"], "Đôn đốc");
    assert_eq!(
        got["body"],
        "UBND xã Mỹ Hà: Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện — hạn 28/02/2023"
    );
    assert_eq!(got["actions"], serde_json::json!(["default", "Mở Đôn đốc"]));
    eprintln!("reminder latency: {late_ms} ms");

    // The click brings the window forward on that assignment.
    s.wait_for("the assignment opened by the click", || (s.count("[data-testid='assignment-panel']") == 1).then_some(()));
    s.wait_text("assignment-count", "3 phần việc");
    let unit = s.el("[data-testid='filter-unit'] option:checked");
    assert_eq!(s.text(&unit), "UBND xã Mỹ Hà");
    s.quit();
}

#[test]
fn without_a_notification_server_the_panel_shows_it() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("panel.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    let at = set_reminder_five_seconds_ahead(&s);
    std::thread::sleep((at - Utc::now()).to_std().unwrap_or_default());
    s.wait_for("the badge", || (s.count("[data-testid='notice-badge']") == 1).then_some(()));
    s.click(&s.id("nav-notices"));
    let summaries: Vec<String> = s.all("[data-testid='notice-summary']").iter().map(|e| s.text(e)).collect();
    assert!(summaries.contains(&format!("Nhắc việc: {NOTE}")), "{summaries:?}");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("reminder-panel");
    s.click(&s.id("notices-read"));
    s.click(&s.id("nav-notices"));
    s.wait_for("the badge to clear", || (s.count("[data-testid='notice-badge']") == 0).then_some(()));
    s.quit();
}
