//! End-to-end (issue 14, item 14): on an empty store the overview itself shows the next
//! steps — create a conference, load the demo, import the unit registry — and the demo
//! fills it; a new conference starts from the kind logged last, and a long title is
//! clamped in the list and whole on its page.

mod support;

use support::{prerequisites, Env};

#[test]
fn an_empty_overview_shows_the_first_steps_and_the_demo_fills_it() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("empty.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);

    // The window opens on the overview: the three steps, no empty tables.
    s.id("first-steps");
    s.wait_text("first-new-conference", "Tạo hội nghị");
    s.wait_text("first-load-demo", "Nạp dữ liệu mẫu");
    s.wait_text("first-import-registry", "Nhập danh mục đơn vị");
    assert_eq!(s.count("[data-testid='unit-stats']"), 0, "no empty per-unit table under the steps");
    std::thread::sleep(std::time::Duration::from_millis(700));
    s.screenshot("first-steps-overview");

    // "Nhập danh mục đơn vị" opens the registry with what the import expects.
    s.click(&s.id("first-import-registry"));
    s.id("registry-import-hint");
    s.id("registry-import");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("first-steps-registry");
    // "Tạo hội nghị" opens the form.
    s.click(&s.id("nav-dashboard"));
    s.click(&s.id("first-new-conference"));
    s.id("conf-title");

    // "Nạp dữ liệu mẫu" fills the overview in place.
    s.click(&s.id("nav-dashboard"));
    s.click(&s.id("first-load-demo"));
    s.wait_for("the per-unit table", || (s.count("[data-testid='unit-stat-row']") >= 26).then_some(()));
    assert_eq!(s.count("[data-testid='first-steps']"), 0, "the steps are gone once something is logged");
    s.wait_for("the demo conference", || (s.count("[data-testid='overview-conference-row']") == 1).then_some(()));
    std::thread::sleep(std::time::Duration::from_millis(700));
    s.screenshot("first-steps-filled-overview");

    // A conference of another kind, with a title of 500 characters (the most allowed).
    let long_title = format!("Giao ban {}", "công tác chuyển đổi số và cải cách hành chính ".repeat(11)).chars().take(500).collect::<String>();
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.click(&s.xpath("//select[@data-testid='conf-kind']/option[normalize-space()='Giao ban']"));
    s.type_into(&s.id("conf-title"), &long_title);
    s.type_into(&s.id("conf-starts"), "06/02/2023 08:00");
    s.type_into(&s.id("leader-name"), "Lê Quang Huy");
    s.click(&s.id("conf-save"));
    s.wait_text("conf-detail-title", long_title.trim());

    // The list clamps it, with the whole title on hover.
    s.click(&s.id("nav-conferences"));
    let open = s.xpath("//button[@data-testid='conference-open'][starts-with(normalize-space(), 'Giao ban công tác')]");
    assert_eq!(s.attr(&open, "title").as_deref(), Some(long_title.trim()));
    let height: f64 = s.rect_height(&open);
    assert!(height < 60.0, "two lines at most in the list, not {height} px");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("first-steps-long-title-list");

    // The search reads directives too: "so hoa" finds the demo by its directive on "số hóa".
    s.type_into(&s.id("conference-search"), "so hoa");
    s.wait_for("one result", || (s.count("[data-testid='conference-row']") == 1).then_some(()));
    s.xpath("//button[@data-testid='conference-open'][starts-with(normalize-space(), 'Hội nghị trực tuyến kiểm điểm')]");

    // The next new conference starts from the kind logged last.
    s.click(&s.id("new-conference"));
    s.id("conf-title");
    s.wait_for("the kind logged last", || s.selected(&s.xpath("//select[@data-testid='conf-kind']/option[normalize-space()='Giao ban']")).then_some(()));
    s.quit();
}
