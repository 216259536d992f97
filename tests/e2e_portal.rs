//! End-to-end (issue 17, the proof): the real app, its real portal server and a real browser.
//! The office turns the portal on in Cài đặt (127.0.0.1, a free port) and enables UBND xã Mỹ
//! Hà's account; Mỹ Hà logs in in Chromium with the slip's password, must change it, sees
//! exactly its parts of the demo conference (as the window lists them), ticks one off with a
//! PDF — the office's task list shows it done within 2 s, with the file and "cổng đơn vị" in
//! its history. On a phone (360 px) Mỹ Hà asks for more time on another part; the overview
//! shows the request, the office accepts, and the part's new deadline reaches the open page
//! through the event stream, without a reload. Screenshots: `target/e2e/portal-e2e-*.png`.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use browser::Browser;
use chrono::{Days, Utc};
use serde_json::json;
use support::{free_port, prerequisites, Env, Session};

const UNIT: &str = "UBND xã Mỹ Hà";
const USER: &str = "xa-my-ha";
const NEW_PASSWORD: &str = "My-Ha-2026-moi";
/// The part ticked off: overdue (deadline 28/02/2023), so done today is done late.
const REPORT: &str = "Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện";
/// The part given more time (deadline 31/12/2023).
const DIGITISE: &str = "Số hóa hồ sơ TTHC cấp xã năm 2023 đạt trên 60%";

/// The window's task-list row of `title`.
fn list_row(title: &str) -> String {
    format!("//tr[@data-testid='assignment-list-row'][.//b[normalize-space()='{title}']]")
}

/// The status code the window's task list shows for `title` now.
fn window_status(s: &Session, title: &str) -> String {
    let badges = s.find_xpath(&format!("{}//span[@data-testid='status-badge']", list_row(title)));
    badges.first().and_then(|b| s.attr(b, "data-status")).unwrap_or_default()
}

/// The portal page's rows in `section` (`my-open`, `my-done`) as (title, status), in order.
fn page_rows(b: &Browser, section: &str) -> Vec<(String, String)> {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid={section}] [data-testid=my-row]')].map(r => [r.querySelector('.title').textContent.trim(), r.dataset.status])"
    );
    serde_json::from_value(b.eval(&script)).unwrap()
}

/// The SHA-256 fingerprint of the certificate served at 127.0.0.1:`port`, as `openssl`
/// reads it off the wire (upper-case hex pairs joined by ':'), or `None` without openssl.
fn served_fingerprint(port: u16) -> Option<String> {
    let script = format!("openssl s_client -connect 127.0.0.1:{port} -servername 127.0.0.1 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256");
    let out = Command::new("sh").args(["-c", &script]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().split_once('=').map(|(_, fp)| fp.to_string())
}

#[test]
fn the_office_and_my_ha_through_the_portal() {
    if prerequisites().is_none() || browser::prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let home = env.home.path().to_path_buf();
    let s = env.launch(&["--db", home.join("portal.sqlite3").to_str().unwrap()]);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");

    // What the window lists for Mỹ Hà (all its parts, as of today): the page must show the same.
    s.click(&s.id("nav-assignments"));
    s.click(&s.xpath(&format!("//select[@data-testid='filter-unit']/option[normalize-space()='{UNIT}']")));
    s.wait_for("Mỹ Hà's parts only", || (s.text(&s.id("assignment-count")) == "3 phần việc").then_some(()));
    let mut in_window: Vec<(String, String)> = s
        .all("[data-testid=assignment-list-row]")
        .iter()
        .map(|r| {
            let title = s.text(&s.find_in(r, "b"));
            (title, s.attr(&s.find_in(r, "[data-testid=status-badge]"), "data-status").unwrap_or_default())
        })
        .collect();
    in_window.sort();

    // Cài đặt → Cổng đơn vị: on, on 127.0.0.1 and a free port.
    let port = free_port();
    s.click(&s.id("nav-settings"));
    let enabled = s.id("portal-enabled");
    if !s.selected(&enabled) {
        s.click(&enabled);
    }
    let address = s.id("portal-address");
    s.clear(&address);
    s.type_into(&address, "127.0.0.1");
    let port_field = s.id("portal-port");
    s.clear(&port_field);
    s.type_into(&port_field, &port.to_string());
    s.click(&s.id("portal-save"));
    let url = format!("https://127.0.0.1:{port}/");
    s.wait_text("portal-url", &url);
    let fingerprint = s.text(&s.id("portal-fingerprint"));
    assert_eq!(fingerprint.len(), 32 * 3 - 1, "SHA-256 in hex pairs: {fingerprint}");
    if let Some(served) = served_fingerprint(port) {
        assert_eq!(served, fingerprint, "the fingerprint shown is the served certificate's");
    }
    s.id("portal-qr");
    std::thread::sleep(Duration::from_millis(500));
    s.scroll_to(&s.id("portal-status"));
    s.screenshot("portal-e2e-settings");

    // Mỹ Hà's account: enabled, its password shown once on the slip.
    let row = s.el(&format!("[data-testid=portal-account][data-user='{USER}']"));
    s.click(&s.find_in(&row, "[data-testid=portal-enable]"));
    s.wait_text("slip-url", &url);
    s.wait_text("slip-user", USER);
    let on_slip = s.text(&s.id("slip-fingerprint"));
    assert_eq!(on_slip.lines().count(), 4, "four lines of eight pairs, never cut inside a pair: {on_slip:?}");
    assert_eq!(on_slip.replace('\n', ""), fingerprint);
    let slip_password = s.text(&s.id("slip-password"));
    assert!(slip_password.len() >= 12, "a slip password: {slip_password:?}");
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("portal-e2e-slip");
    s.click(&s.id("slip-back"));
    let row = s.el(&format!("[data-testid=portal-account][data-user='{USER}']"));
    assert_eq!(s.text(&s.find_in(&row, "[data-testid=portal-account-state]")), "Chờ đổi mật khẩu lần đầu");

    // The office keeps its task list on Mỹ Hà open.
    s.click(&s.id("nav-assignments"));
    s.click(&s.xpath(&format!("//select[@data-testid='filter-unit']/option[normalize-space()='{UNIT}']")));
    s.wait_for("Mỹ Hà's parts", || (s.text(&s.id("assignment-count")) == "3 phần việc").then_some(()));
    assert_ne!(window_status(&s, REPORT), "done_late");

    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("Báo cáo kiểm điểm.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% bao cao kiem diem CCHC\n%%EOF\n").unwrap();
    {
        let Some(b) = Browser::open(1280, 800) else { return };
        b.goto(&url);
        b.type_into(&b.id("login-user"), USER);
        b.type_into(&b.id("login-password"), &format!("{slip_password}\n"));
        b.id("password-forced");
        assert_eq!(b.count("[data-testid=nav-my-list]"), 0, "nothing but the password change until it is done");
        b.type_into(&b.id("password-old"), &slip_password);
        b.type_into(&b.id("password-new"), NEW_PASSWORD);
        b.type_into(&b.id("password-again"), &format!("{NEW_PASSWORD}\n"));

        // Exactly Mỹ Hà's parts, as the window shows them.
        b.wait_for("the list", || (b.count("[data-testid=my-row]") == 3).then_some(()));
        let mut on_page = page_rows(&b, "my-open");
        assert_eq!(on_page[0].1, "overdue", "the overdue first: {on_page:?}");
        on_page.sort();
        assert_eq!(on_page, in_window, "the page shows exactly the unit's parts");
        std::thread::sleep(Duration::from_millis(500));
        b.screenshot("portal-e2e-list-1280");

        // The report, ticked off today with a PDF.
        b.click(&b.xpath(&format!("//button[@data-testid='my-row-open'][.//span[normalize-space()='{REPORT}']]")));
        b.click(&b.id("my-tick"));
        b.type_into(&b.id("tick-files"), pdf.to_str().unwrap());
        b.type_into(&b.id("tick-note"), "Đã gửi báo cáo kiểm điểm");
        b.click(&b.id("tick-save"));
        let ticked = Instant::now();
        s.wait_for("the part done in the window", || (window_status(&s, REPORT) == "done_late").then_some(()));
        let seen = ticked.elapsed();
        eprintln!("the window showed the portal's tick {seen:?} after it was sent");
        assert!(seen <= Duration::from_secs(2), "the window showed the tick {seen:?} after it was sent");
        b.wait_text("my-ok", "Đã đánh dấu hoàn thành.");
        b.wait_for("the file on the part's page", || (b.count("[data-testid=evidence]") == 1).then_some(()));
        assert!(b.text(&b.id("history")).contains("(cổng đơn vị)"), "{}", b.text(&b.id("history")));
        std::thread::sleep(Duration::from_millis(500));
        b.screenshot("portal-e2e-done-1280");
        b.click(&b.id("my-back"));
        b.wait_for("the part among the done", || (page_rows(&b, "my-done").len() == 1).then_some(()));
    }

    // In the window: the file and the unit's hand in the part's history.
    // The list reloads on each of the portal's changes (the file, then the tick): find the
    // button again if it was re-rendered under the click.
    s.click_xpath(&format!("{}//button[normalize-space()='Chi tiết']", list_row(REPORT)));
    let names: Vec<String> = s.all("[data-testid=evidence] .name").iter().map(|e| s.text(e)).collect();
    assert_eq!(names, ["Báo cáo kiểm điểm.pdf"]);
    let history = s.text(&s.id("history"));
    assert!(history.contains(&format!("{UNIT} (cổng đơn vị)")), "the history names the unit through the portal: {history}");
    std::thread::sleep(Duration::from_millis(500));
    s.scroll_to(&s.id("assignment-panel"));
    s.screenshot("portal-e2e-window-done");

    // On a phone: more time for the digitisation part.
    let Some(b) = Browser::open(360, 740) else { return };
    b.goto(&url);
    b.type_into(&b.id("login-user"), USER);
    b.type_into(&b.id("login-password"), &format!("{NEW_PASSWORD}\n"));
    b.wait_for("the list", || (b.count("[data-testid=my-row]") == 3).then_some(()));
    let overflow = b.eval("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scroll at 360 px (overflow {overflow})");
    std::thread::sleep(Duration::from_millis(500));
    b.screenshot("portal-e2e-list-360");
    let today = dondoc_core::time::office_date(Utc::now());
    let until = today.checked_add_days(Days::new(45)).unwrap();
    let until_text = until.format("%d/%m/%Y").to_string();
    b.click(&b.xpath(&format!("//button[@data-testid='my-row-open'][.//span[normalize-space()='{DIGITISE}']]")));
    b.click(&b.id("my-extension"));
    b.type_into(&b.id("my-until"), &until_text);
    b.type_into(&b.id("my-text"), "Chờ máy quét của huyện cấp");
    b.click(&b.id("my-save"));
    b.wait_text("my-ok", "Đã gửi đề nghị gia hạn; Văn phòng sẽ xem xét.");
    // The request in the part's history, in words and with the date as dd/mm/yyyy.
    let history = b.text(&b.id("history"));
    assert!(history.contains(&format!("Đề nghị gia hạn: — → {until_text}: Chờ máy quét của huyện cấp")), "{history}");
    std::thread::sleep(Duration::from_millis(500));
    b.screenshot("portal-e2e-extension-360");
    b.click(&b.id("my-back"));
    let row = format!("//li[@data-testid='my-row'][.//span[normalize-space()='{DIGITISE}']]");
    assert!(b.text(&b.xpath(&row)).contains("Hạn 31/12/2023"), "{}", b.text(&b.xpath(&row)));
    // A mark on the page: gone if the page were reloaded.
    b.eval("window.__notReloaded = true; return null");

    // The overview shows the request; the office accepts.
    s.click(&s.id("nav-dashboard"));
    let request = s.id("extension-request");
    let text = s.text(&request);
    for want in [UNIT, DIGITISE, "31/12/2023", &until_text, "Chờ máy quét của huyện cấp"] {
        assert!(text.contains(want), "the request shows {want:?}: {text}");
    }
    std::thread::sleep(Duration::from_millis(500));
    s.screenshot("portal-e2e-window-request");
    s.click(&s.id("extension-accept"));
    s.wait_for("the request decided", || (s.count("[data-testid=extension-request]") == 0).then_some(()));
    s.click(&s.id("nav-assignments"));
    s.click(&s.xpath(&format!("//select[@data-testid='filter-unit']/option[normalize-space()='{UNIT}']")));
    s.click_xpath(&format!("{}//button[normalize-space()='Chi tiết']", list_row(DIGITISE)));
    let history = s.text(&s.id("history"));
    for want in ["Xem xét đề nghị gia hạn", &format!("Chờ xem xét → chấp thuận, hạn mới {until_text}"), &format!("31/12/2023 → {until_text}")]
    {
        assert!(history.contains(want), "the window's history shows {want:?}: {history}");
    }

    // The phone's list follows, pushed by the event stream.
    let want = format!("Hạn {until_text}");
    b.wait_for("the new deadline on the page", || b.text(&b.xpath(&row)).contains(&want).then_some(()));
    assert_eq!(b.eval("return window.__notReloaded === true"), json!(true), "the list refreshed without a reload");
    std::thread::sleep(Duration::from_millis(500));
    b.screenshot("portal-e2e-extended-360");
    let csp: Vec<String> = b.console().into_iter().filter(|m| m.contains("Content Security Policy")).collect();
    assert!(csp.is_empty(), "the page breaks no rule of its CSP: {csp:?}");
    drop(b);
    s.quit();
}
