//! End-to-end: the real built app, driven through tauri-driver + WebKitWebDriver under
//! Xvfb on a private D-Bus. Performs the foundation slice (issue 2, steps 1–5) through
//! the UI, the way the office secretary would.

mod support;

use support::{prerequisites, Env, Session};

const TASK_TITLE: &str = "Đăng ký chỉ tiêu thi đua, báo cáo huyện";
const CONF_TITLE: &str = "Hội nghị trực tuyến kiểm điểm công tác cải cách hành chính năm 2022";

fn open_conference(s: &Session) {
    s.click(&s.id("nav-conferences"));
    s.click(&s.xpath(&format!("//button[@data-testid='conference-open' and normalize-space()='{CONF_TITLE}']")));
    s.wait_text("conf-detail-title", CONF_TITLE);
}

#[test]
fn foundation_slice_through_the_real_window() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();

    // Step 1a: with no override, the first start creates the store in the OS data folder.
    let s = env.launch(&[]);
    s.click(&s.id("nav-conferences"));
    s.id("no-conferences");
    let default_db = env.data_dir().join("dondoc.sqlite3");
    assert!(default_db.is_file(), "first start must create {}", default_db.display());
    s.quit();

    // Step 1b: --db PATH puts the store where the office wants it; units are seeded.
    let db = env.home.path().join("van-phong/dondoc.sqlite3");
    let db_arg = db.to_str().unwrap().to_string();
    let s = env.launch(&["--db", &db_arg]);
    s.click(&s.id("nav-registry"));
    assert_eq!(s.all("[data-testid='registry-unit']").len(), 30, "Mỹ Lộc's 29 units are seeded, and the district's own");

    // Step 2: a new online conference preselects the 11 commune-level sites.
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.type_into(&s.id("conf-title"), CONF_TITLE);
    s.type_into(&s.id("conf-starts"), "06/02/2023 08:00");
    s.type_into(&s.id("conf-ends"), "06/02/2023 11:00");
    s.type_into(&s.id("leader-name"), "Phạm Văn Long");
    s.type_into(&s.id("leader-position"), "Chủ tịch UBND huyện");
    let sites = s.all("input[data-testid^='site-option-']");
    let checked: Vec<String> = sites.iter().filter(|e| s.selected(e)).map(|e| s.attr(e, "data-testid").unwrap_or_default()).collect();
    assert_eq!(checked.len(), 11, "online conference preselects the 11 commune-level units: {checked:?}");
    assert!(checked.contains(&"site-option-tt-my-loc".to_string()) && checked.contains(&"site-option-xa-my-ha".to_string()));
    s.click(&s.id("conf-save"));
    s.wait_text("conf-detail-title", CONF_TITLE);
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    // Mark Mỹ Thịnh as not connected with one click.
    s.click(&s.xpath("//button[@data-testid='site-tile'][.//span[normalize-space()='Mỹ Thịnh']]"));
    s.wait_text("sites-summary", "10 kết nối · 0 một phần · 1 không kết nối");
    let tile = s.xpath("//button[@data-testid='site-tile'][.//span[normalize-space()='Mỹ Thịnh']]");
    assert_eq!(s.attr(&tile, "data-connection").as_deref(), Some("not_connected"));

    // Step 3: a directive, and from it a task for the group "Các xã, thị trấn".
    s.type_into(&s.id("directive-text"), "Sau hội nghị các đơn vị tiến hành kiểm điểm, đăng ký chỉ tiêu thi đua báo cáo huyện xong trước tháng 3/2023.");
    s.click(&s.id("directive-add"));
    s.click(&s.id("add-task"));
    s.type_into(&s.id("task-title"), TASK_TITLE);
    s.type_into(&s.id("task-deadline"), "28/02/2023");
    s.click(&s.id("task-group-communes"));
    s.wait_text("task-lead-count", "Sẽ giao cho 11 đơn vị chủ trì");
    s.click(&s.id("task-save"));
    s.wait_text("task-progress", "0/11");
    s.wait_text("conf-progress", "0/11");

    // Step 4: the unit view of UBND xã Mỹ Hà; tick its part done on 20/02/2023.
    s.click(&s.id("nav-units"));
    s.click(&s.xpath("//select[@data-testid='unit-select']/option[normalize-space()='UBND xã Mỹ Hà']"));
    s.wait_text("assignment-title", TASK_TITLE);
    s.click(&s.id("tick"));
    let date = s.id("tick-date");
    s.clear(&date);
    s.type_into(&date, "20/02/2023");
    s.type_into(&s.id("tick-note"), "Đã gửi báo cáo kiểm điểm và bản đăng ký thi đua.");
    s.click(&s.id("tick-save"));
    s.wait_text("status-badge", "✔Hoàn thành đúng hạn");
    s.wait_text("assignment-completed", "20/02/2023");
    open_conference(&s);
    s.wait_text("conf-progress", "1/11");
    s.quit();

    // Step 5: after a restart everything is still there.
    let s = env.launch(&["--db", &db_arg]);
    s.click(&s.id("nav-conferences"));
    s.wait_text("conference-row-progress", "1/11");
    open_conference(&s);
    s.wait_text("conf-progress", "1/11");
    s.wait_text("sites-summary", "10 kết nối · 0 một phần · 1 không kết nối");
    s.wait_text("task-progress", "1/11");
    // Give WebKit a moment to paint before the picture (a shot right after a DOM change
    // can come out blank).
    std::thread::sleep(std::time::Duration::from_millis(700));
    let shot = s.screenshot("conference-detail");
    assert!(std::fs::metadata(&shot).map(|m| m.len() > 10_000).unwrap_or(false), "screenshot saved at {}", shot.display());
    s.quit();

    // The store itself agrees with what the window showed.
    let store = dondoc_core::Store::open(&db).unwrap();
    let n: i64 = store.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    let done: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.state = 'done' AND u.code = 'xa-my-ha' AND a.completed_on = '2023-02-20'", [], |r| r.get(0))
        .unwrap();
    assert_eq!((n, done), (11, 1));
}

#[test]
fn validation_errors_are_shown_in_vietnamese() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("v.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    // An empty store offers the demo conference on first run.
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("conf-detail-title", dondoc_core::demo::TITLE);
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    assert_eq!(s.all("[data-testid='directive']").len(), 4);
    assert_eq!(s.all("[data-testid='task-row']").len(), 5);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.type_into(&s.id("conf-starts"), "06/02/2023 08:00");
    s.click(&s.id("conf-save"));
    s.wait_text("form-error", "Tên hội nghị không được để trống.");
    s.type_into(&s.id("conf-title"), "Giao ban tháng 2");
    s.type_into(&s.id("conf-ends"), "06/02/2023 07:00");
    s.click(&s.id("conf-save"));
    s.wait_text("form-error", "Thời gian kết thúc không được trước thời gian bắt đầu.");
    s.quit();
}
