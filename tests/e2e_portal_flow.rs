//! End-to-end (issue 17, the portal's page): what `e2e_portal` does not already prove, in a
//! real Chromium against the real portal server (`dondoc_server::start`, in this process,
//! over a temporary store with the demo conference): the slip's password with the keyboard
//! (Enter, a visible focus), a password mismatch caught before anything is sent, the list in
//! order of urgency (overdue first, then the nearest deadline, "Đã xong" apart), a part opened
//! with Enter, a progress note holding markup shown as text, a 21 MB file refused in the page
//! before anything is sent, and logging out — at 360 px (a phone) and at 1280 px; and a list
//! longer than a page: "Xem thêm (còn N việc)" loads the next page from the keyboard, and a
//! change reloads every line shown.
//! Screenshots: `target/e2e/portal-flow-*.png`.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use browser::Browser;
use chrono::{Days, Utc};
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{Ctx, Store};
use dondoc_server::{PortalConfig, PortalHandle, Stores};
use serde_json::{json, Value};

const USER: &str = "xa-my-ha";
const NEW: &str = "Mat-khau-moi-2026";
/// A progress note that would run script and load an image if it were ever taken as markup.
const MARKUP: &str = "<script>window.__ran = 1</script><img src=x onerror=\"window.__ran = 2\"> đã rà soát 3/5 thôn";
const REPORT: &str = "Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện";
const DIGITISE: &str = "Số hóa hồ sơ TTHC cấp xã năm 2023 đạt trên 60%";
const INITIATIVE: &str = "Mỗi đơn vị có ít nhất 01 sáng kiến trong công tác CCHC";
const NEW_TASK: &str = "Rà soát hộ nghèo cuối năm";

/// The built page must exist: the server embeds it at build time.
fn page_built() -> bool {
    if Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist-portal/index.html").is_file() {
        return true;
    }
    let msg = "ui/dist-portal is missing: run `cd ui && npm run build` (it builds the window and the portal's page)";
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("SKIPPED BROWSER TEST: {msg}");
    false
}

/// A store with the demo conference, as of today: Mỹ Hà has two overdue parts, one without a
/// deadline (done today here), and a new part due in 20 days; its account is enabled.
/// Returns the slip's password.
fn store(db: &Path) -> String {
    let mut store = Store::open(db).unwrap();
    let ctx = Ctx::new(Utc::now(), "Văn phòng");
    dondoc_core::demo::load(&mut store, &ctx).unwrap();
    let unit: i64 = store.conn().query_row("SELECT id FROM unit WHERE code = ?1", [USER], |r| r.get(0)).unwrap();
    let due = dondoc_core::time::office_date(ctx.now).checked_add_days(Days::new(20)).unwrap();
    let task = TaskInput {
        source_ref: Some("TB số 12/TB-UBND".into()),
        title: NEW_TASK.into(),
        deadline: Some(dondoc_core::time::format_date(due)),
        lead_unit_ids: vec![unit],
        ..Default::default()
    };
    store.create_task(&ctx, &task).unwrap();
    let initiative: i64 = store
        .conn()
        .query_row(
            "SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.unit_id = ?1 AND t.title = ?2",
            rusqlite::params![unit, INITIATIVE],
            |r| r.get(0),
        )
        .unwrap();
    let today = dondoc_core::time::format_date(dondoc_core::time::office_date(ctx.now));
    store.complete_assignment(&ctx, initiative, &Completion { completed_on: today, note: None, reported_value: Some(2.0) }).unwrap();
    store.enable_unit_account(&ctx, USER).unwrap().password
}

/// The real portal over `db` on 127.0.0.1 (a free port), on the given runtime.
fn serve(rt: &tokio::runtime::Runtime, db: &Path) -> PortalHandle {
    let access = Arc::new(Stores::open(db, 2).unwrap());
    let config = PortalConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), db.parent().unwrap());
    rt.block_on(dondoc_server::start(config, access)).unwrap()
}

/// How many requests the page made to URLs containing `part` (the browser's resource timing).
fn requests_to(b: &Browser, part: &str) -> i64 {
    b.eval(&format!("return performance.getEntriesByType('resource').filter(e => e.name.includes('{part}')).length")).as_i64().unwrap()
}

/// The titles and statuses of the rows in a section of the list (`my-open`, `my-done`), in order.
fn rows(b: &Browser, section: &str) -> Vec<(String, String)> {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid={section}] [data-testid=my-row]')].map(r => [r.querySelector('.title').textContent.trim(), r.dataset.status])"
    );
    serde_json::from_value(b.eval(&script)).unwrap()
}

fn visit(width: u32, height: u32) {
    if !page_built() || browser::prerequisites().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("flow.sqlite3");
    let slip = store(&db);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let portal = serve(&rt, &db);
    let Some(b) = Browser::open(width, height) else { return };
    let shot = |name: &str| b.screenshot(&format!("portal-flow-{name}-{width}"));
    b.goto(&portal.url);

    // The slip's password with the keyboard: the focused field shows its focus, Enter logs in.
    b.type_into(&b.id("login-user"), USER);
    b.type_into(&b.id("login-password"), &slip);
    let outline = b.eval("const s = getComputedStyle(document.activeElement); return [document.activeElement.dataset.testid, s.outlineStyle]");
    assert_eq!(outline, json!(["login-password", "solid"]), "the focused field shows its focus");
    b.type_into(&b.id("login-password"), "\n");

    // Made to change it; a mismatch is caught in the page and nothing is sent.
    b.id("password-forced");
    b.type_into(&b.id("password-old"), &slip);
    b.type_into(&b.id("password-new"), NEW);
    b.type_into(&b.id("password-again"), "khac-1234\n");
    b.wait_text("password-error", "Hai lần nhập mật khẩu mới không giống nhau.");
    assert_eq!(requests_to(&b, "/api/session/password"), 0, "a mismatch is not sent");
    shot("password");
    b.clear(&b.id("password-again"));
    b.type_into(&b.id("password-again"), &format!("{NEW}\n"));

    // The list: open parts by urgency (overdue first, then the nearest deadline, then none),
    // the part done today apart.
    b.wait_for("the list", || (b.count("[data-testid=my-row]") == 4).then_some(()));
    let open = rows(&b, "my-open");
    let want = [(REPORT, "overdue"), (DIGITISE, "overdue"), (NEW_TASK, "in_progress")];
    assert_eq!(open, want.map(|(t, s)| (t.to_string(), s.to_string())), "open parts by urgency");
    assert_eq!(rows(&b, "my-done"), [(INITIATIVE.to_string(), "done_no_deadline".to_string())]);
    assert!(b.text(&b.el("main")).contains("Đang thực hiện (3) — 2 quá hạn"), "the heading counts the overdue: {}", b.text(&b.el("main")));
    shot("list");

    // Enter on a focused row opens it; the row shows its focus.
    let row = b.xpath(&format!("//button[@data-testid='my-row-open'][.//span[normalize-space()='{NEW_TASK}']]"));
    b.type_into(&row, "");
    let outline = b.eval("const s = getComputedStyle(document.activeElement); return [document.activeElement.dataset.testid, s.outlineStyle]");
    assert_eq!(outline, json!(["my-row-open", "solid"]), "the focused row shows its focus");
    b.type_into(&row, "\n");
    b.wait_for("the part's page", || b.text(&b.id("my-task")).contains(NEW_TASK).then_some(()));

    // A progress note holding markup stays text: shown as typed, nothing run, no image made.
    b.click(&b.id("my-note"));
    b.type_into(&b.id("my-text"), MARKUP);
    b.click(&b.id("my-save"));
    b.wait_text("my-ok", "Đã ghi tiến độ.");
    b.wait_for("the note in the history", || b.text(&b.id("history")).contains(MARKUP).then_some(()));
    assert!(b.text(&b.id("my-task")).contains(MARKUP), "the note as the part's progress");
    assert_eq!(b.eval("return document.querySelectorAll('script').length"), json!(1), "only the page's own module script");
    assert_eq!(b.eval("return document.querySelectorAll('[data-testid=my-task] img').length"), json!(0), "no image made from the note");
    assert_eq!(b.eval("return window.__ran ?? null"), Value::Null, "nothing of the note ran");
    shot("note");

    // Over 20 MB: refused in the page, nothing sent, nothing filed.
    let files = tempfile::tempdir().unwrap();
    let big = files.path().join("lon.pdf");
    std::fs::File::create(&big).unwrap().set_len(21 * 1024 * 1024).unwrap();
    b.click(&b.id("my-tick"));
    b.wait_text("tick-file-rule", "Mỗi tệp tối đa 20 MB; định dạng: pdf, doc, docx, xls, xlsx, odt, ods, jpg, png.");
    b.type_into(&b.id("tick-files"), big.to_str().unwrap());
    b.click(&b.id("tick-save"));
    b.wait_text("tick-error", "Tệp “lon.pdf” nặng 21,0 MB, vượt quá giới hạn 20 MB.");
    assert_eq!(requests_to(&b, "/evidence"), 0, "nothing is uploaded");
    assert_eq!(requests_to(&b, "/done"), 0, "nor ticked");
    shot("too-large");
    b.click(&b.xpath("//dialog[@data-testid='tick-dialog']//button[normalize-space()='Hủy']"));
    assert_eq!(b.count("[data-testid=evidence]"), 0);
    assert_eq!(b.attr(&b.el("[data-testid=my-task] [data-testid=status-badge]"), "data-status").as_deref(), Some("in_progress"), "still open");

    let overflow = b.eval("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scroll at {width} px (overflow {overflow})");
    let csp: Vec<String> = b.console().into_iter().filter(|m| m.contains("Content Security Policy")).collect();
    assert!(csp.is_empty(), "the page breaks no rule of its CSP: {csp:?}");

    // Logged out: the session is over on the server too (a fresh load asks to log in).
    b.click(&b.id("nav-logout"));
    b.wait_text("login-notice", "Đã đăng xuất.");
    b.goto(&portal.url);
    b.id("login-form");
    assert_eq!(b.count("[data-testid=my-row]"), 0);
    drop(b);
    rt.block_on(portal.stop());
}

#[test]
fn a_units_visit_on_a_phone() {
    visit(360, 740);
}

#[test]
fn a_units_visit_at_desktop_width() {
    visit(1280, 800);
}

/// A unit with more open parts than one page holds (issue 17's paging): the first 100 are
/// shown with "Xem thêm (còn N việc)", which Enter on the focused button loads; when a part
/// changes, the page reloads as many lines as it showed, not just the first page.
#[test]
fn a_long_list_comes_in_pages_on_a_phone() {
    if !page_built() || browser::prerequisites().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("long.sqlite3");
    let slip = store(&db);
    let (unit, extra) = {
        let mut s = Store::open(&db).unwrap();
        let ctx = Ctx::new(Utc::now(), "Văn phòng");
        let unit: i64 = s.conn().query_row("SELECT id FROM unit WHERE code = ?1", [USER], |r| r.get(0)).unwrap();
        let today = dondoc_core::time::office_date(ctx.now);
        for i in 0..120u64 {
            let due = today.checked_add_days(Days::new(30 + i)).unwrap();
            let task = TaskInput {
                source_ref: Some("TB số 12/TB-UBND".into()),
                title: format!("Rà soát hồ sơ thôn {:03}", i + 1),
                deadline: Some(dondoc_core::time::format_date(due)),
                lead_unit_ids: vec![unit],
                ..Default::default()
            };
            s.create_task(&ctx, &task).unwrap();
        }
        (unit, 120)
    };
    let open_total = 3 + extra;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let portal = serve(&rt, &db);
    let Some(b) = Browser::open(360, 740) else { return };
    b.goto(&portal.url);
    b.type_into(&b.id("login-user"), USER);
    b.type_into(&b.id("login-password"), &format!("{slip}\n"));
    b.id("password-forced");
    b.type_into(&b.id("password-old"), &slip);
    b.type_into(&b.id("password-new"), NEW);
    b.type_into(&b.id("password-again"), &format!("{NEW}\n"));

    let open_rows = || b.count("[data-testid=my-open] [data-testid=my-row]");
    b.wait_for("the first page", || (open_rows() == 100).then_some(()));
    // Loaded once, the first page of each group; nothing asks again unprompted.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let pages =
        b.eval("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/my/assignments?') && n.includes('status='))");
    assert_eq!(pages.as_array().map(Vec::len), Some(2), "one first page per group: {pages}");
    assert!(b.text(&b.el("main")).contains(&format!("Đang thực hiện ({open_total}) — 2 quá hạn")), "{}", b.text(&b.el("main")));
    let more = b.id("my-more-open");
    assert_eq!(b.text(&more), format!("Xem thêm (còn {} việc)", open_total - 100));
    assert_eq!(b.count("[data-testid=my-more-done]"), 0, "the done group fits in its first page");
    b.scroll_to(&more);
    b.screenshot("portal-flow-more-360");
    // The keyboard reaches it: focused, Enter loads the next page under the first.
    b.type_into(&more, "");
    assert_eq!(b.eval("return document.activeElement.dataset.testid"), json!("my-more-open"));
    b.type_into(&more, "\n");
    b.wait_for("the second page", || (open_rows() == open_total).then_some(()));
    assert_eq!(b.count("[data-testid=my-more-open]"), 0, "nothing more to load");
    let titles: Vec<String> = serde_json::from_value(
        b.eval("return [...document.querySelectorAll('[data-testid=my-open] [data-testid=my-row] .title')].map(t => t.textContent.trim())"),
    )
    .unwrap();
    assert_eq!(titles.last().map(String::as_str), Some("Rà soát hồ sơ thôn 120"), "the furthest deadline last");
    let distinct: std::collections::HashSet<&String> = titles.iter().collect();
    assert_eq!(distinct.len(), titles.len(), "no line twice");

    // The office ticks one off in the window: the page reloads all it showed, the part now done.
    {
        let mut s = Store::open(&db).unwrap();
        let ctx = Ctx::new(Utc::now(), "Văn phòng");
        let id: i64 = s
            .conn()
            .query_row(
                "SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.unit_id = ?1 AND t.title = 'Rà soát hồ sơ thôn 110'",
                [unit],
                |r| r.get(0),
            )
            .unwrap();
        let today = dondoc_core::time::format_date(dondoc_core::time::office_date(ctx.now));
        s.complete_assignment(&ctx, id, &Completion { completed_on: today, note: None, reported_value: None }).unwrap();
        let _ = portal.events().send(dondoc_server::Change { assignment_id: id, unit_id: Some(unit), what: "done".into() });
    }
    b.wait_for("the reload", || (b.count("[data-testid=my-done] [data-testid=my-row]") == 2).then_some(()));
    assert_eq!(open_rows(), open_total - 1, "every line shown before is shown again, less the one done");
    assert!(b.text(&b.el("main")).contains(&format!("Đang thực hiện ({})", open_total - 1)));
    let overflow = b.eval("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scroll at 360 px (overflow {overflow})");
    b.screenshot("portal-flow-more-reloaded-360");
    drop(b);
    rt.block_on(portal.stop());
}
