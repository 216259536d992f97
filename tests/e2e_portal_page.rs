//! End-to-end (issue 17, the portal's page): the browser build of the app (`ui/dist-portal`,
//! `npm run build`) in a real Chromium, served by a tiny static file server in this test with
//! no portal API behind it. The page must open on its login form (Vietnamese labels) under
//! a strict CSP, send the login as JSON on Enter, and when the API is missing (404) or the
//! server unreachable say so in Vietnamese rather than go blank — at 1280 px and at 360 px
//! (a phone), without a horizontal scroll. Screenshots: `target/e2e/portal-*.png`.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/page_server.rs"]
mod page_server;
mod support;

use browser::Browser;
use serde_json::{json, Value};

/// What the page says when the server has no portal API (its answer to `/api/…` is 404).
const NO_API: &str = "Máy chủ không trả lời đúng (mã 404): địa chỉ cổng có thể chưa đúng, hoặc Văn phòng chưa bật cổng đơn vị.";
/// What the page says when the connection fails.
const OFFLINE: &str = "Không kết nối được với máy chủ của Văn phòng UBND huyện. Kiểm tra mạng rồi thử lại.";

/// Opens the page at `width`×`height`, tries a login that cannot succeed, and checks what
/// the unit sees: the form, then `want` as the error, no horizontal scroll, no CSP report.
fn failed_login(width: u32, height: u32, drop_api: bool, want: &str, shot: &str) {
    let Some(dir) = page_server::dist() else { return };
    // With `drop_api`, a request under /api/ gets its connection closed without an answer.
    let (url, seen) = page_server::serve(dir, drop_api);
    let Some(b) = Browser::open(width, height) else { return };
    b.goto(&url);

    let form = b.id("login-form");
    let text = b.text(&form);
    for label in ["Đăng nhập", "Tên đăng nhập", "Mật khẩu"] {
        assert!(text.contains(label), "the login form shows {label:?}: {text:?}");
    }
    assert_eq!(b.eval("return window.innerWidth"), json!(width), "the page is laid out at {width} px");
    b.screenshot(&format!("{shot}-login-{width}"));

    // Enter in the password field submits the form, as on any login page.
    b.type_into(&b.id("login-user"), "ubnd-my-ha");
    b.type_into(&b.id("login-password"), "sai-mat-khau\n");
    b.wait_text("login-error", want);

    let logins: Vec<Value> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/session")
        .map(|r| serde_json::from_slice(&r.body).expect("the login is sent as JSON"))
        .collect();
    assert_eq!(logins, vec![json!({"user": "ubnd-my-ha", "password": "sai-mat-khau"})], "one login, with the contract's fields");
    // The form stays usable: the user name typed is kept, the button enabled again.
    assert_eq!(b.eval("return document.querySelector('[data-testid=login-user]').value"), json!("ubnd-my-ha"));
    assert_eq!(b.eval("return document.querySelector('[data-testid=login-submit]').disabled"), json!(false));
    let overflow = b.eval("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scroll at {width} px (overflow {overflow})");
    b.screenshot(&format!("{shot}-error-{width}"));

    let csp: Vec<String> = b.console().into_iter().filter(|m| m.contains("Content Security Policy")).collect();
    assert!(csp.is_empty(), "the page breaks no rule of its CSP: {csp:?}");
}

#[test]
fn portal_login_without_api_at_desktop_width() {
    failed_login(1280, 800, false, NO_API, "portal");
}

#[test]
fn portal_login_without_api_on_a_phone() {
    failed_login(360, 740, false, NO_API, "portal");
}

#[test]
fn portal_login_with_the_server_gone_on_a_phone() {
    failed_login(360, 740, true, OFFLINE, "portal-offline");
}
