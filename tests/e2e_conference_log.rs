//! End-to-end (issue 3): a new user logs the seed conference from scratch through the UI —
//! typing, not importing — with its 11 sites (one not connected, one partly), the two
//! leaders, a reported figure and attendees pasted as a list (one bad line skipped with
//! its reason, the others seated at their sites); then finds it by typing
//! "cai cach hanh chinh" in the search box.

mod support;

use support::{prerequisites, Env};

const TITLE: &str = "Hội nghị trực tuyến kiểm điểm công tác cải cách hành chính năm 2022, triển khai phương hướng nhiệm vụ năm 2023";

#[test]
fn secretary_logs_the_seed_conference_and_finds_it_again() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("log.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);

    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.type_into(&s.id("conf-title"), TITLE);
    s.type_into(&s.id("conf-starts"), "12/01/2023 08:00");
    s.type_into(&s.id("conf-ends"), "12/01/2023 11:30");
    s.type_into(&s.id("leader-name"), "Phạm Văn Long");
    s.type_into(&s.id("leader-position"), "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện");
    s.click(&s.id("leader-add"));
    s.wait_for("a second leader row", || (s.count("[data-testid='leader-name']") == 2).then_some(()));
    let names = s.all("[data-testid='leader-name']");
    let positions = s.all("[data-testid='leader-position']");
    s.type_into(&names[1], "Lê Quang Huy");
    s.type_into(&positions[1], "Phó Chủ tịch UBND huyện");
    s.click(&s.id("figure-add"));
    s.type_into(&s.id("figure-label"), "Chỉ số CCHC huyện");
    s.type_into(&s.id("figure-value"), "85,65");
    s.type_into(&s.id("figure-unit"), "%");
    s.click(&s.id("conf-save"));

    s.wait_text("conf-detail-title", TITLE);
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    s.click(&s.xpath("//button[@data-testid='site-tile'][.//span[normalize-space()='Mỹ Phúc']]"));
    s.wait_text("sites-summary", "10 kết nối · 0 một phần · 1 không kết nối");
    let leaders: Vec<String> = s.all("[data-testid='leader']").iter().map(|e| s.text(e)).collect();
    assert_eq!(leaders, ["Phạm Văn Long", "Lê Quang Huy"]);
    s.wait_text("figure", "85,65 %");

    // A pasted list: a commune's chairwoman sits at her commune's site, a line names its
    // site, and a line with an unknown unit is marked with its reason and skipped.
    s.type_into(
        &s.id("attendee-paste"),
        "Trần Thị Hoa – Chủ tịch UBND xã – UBND xã Mỹ Hà\nNguyễn Văn Bình – Trưởng phòng – Phòng Nội vụ\nĐỗ Văn Dũng – Trưởng phòng – Phòng Văn hóa Du lịch\nVũ Nam – Phóng viên – Trung tâm Văn hóa Thông tin và Thể thao huyện – điểm cầu Mỹ Thịnh\n",
    );
    s.click(&s.id("attendee-parse"));
    s.wait_for("four parsed rows", || (s.count("[data-testid='attendee-review-row']") == 4).then_some(()));
    let skipped = s.all("[data-testid='attendee-review-row'][data-skipped='true']");
    assert_eq!(skipped.len(), 1, "only the unknown unit is skipped");
    s.wait_text("attendee-problem", "⚠ Bỏ qua: Không tìm thấy đơn vị “Phòng Văn hóa Du lịch” trong danh mục.");
    s.wait_text("attendee-save", "Lưu 3 đại biểu");
    s.scroll_to(&s.id("attendee-review"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("conference-log-attendee-review");
    s.click(&s.id("attendee-save"));
    s.wait_for("five attendees", || (s.count("[data-testid='attendee-row']") == 5).then_some(()));
    s.wait_text("attendee-saved", "Đã thêm 3 đại biểu; 1 dòng bị bỏ qua, lý do ghi ở từng dòng.");
    assert_eq!(s.count("[data-testid='attendee-review-row']"), 1, "the skipped line stays for the secretary to fix");
    let attendees: Vec<String> = s.all("[data-testid='attendee-name']").iter().map(|e| s.text(e)).collect();
    assert_eq!(attendees, ["Phạm Văn Long", "Lê Quang Huy", "Nguyễn Văn Bình", "Trần Thị Hoa", "Vũ Nam"], "main hall, then Mỹ Hà's and Mỹ Thịnh's sites");

    // One site only partly connected is counted apart.
    s.click(&s.xpath("//button[@data-testid='site-edit'][@aria-label='Sửa điểm cầu Mỹ Tân']"));
    s.click(&s.xpath("//select[@data-testid='site-connection']/option[normalize-space()='Kết nối một phần']"));
    s.type_into(&s.id("site-note"), "mất kết nối 10 phút");
    s.click(&s.id("site-save"));
    s.wait_text("sites-summary", "9 kết nối · 1 một phần · 1 không kết nối");
    s.scroll_to(&s.id("sites-summary"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("conference-log-sites");

    // Find it again, typing without diacritics.
    s.click(&s.id("nav-conferences"));
    s.type_into(&s.id("conference-search"), "dat dai");
    s.id("no-results");
    let search = s.id("conference-search");
    s.clear(&search);
    s.type_into(&search, "cai cach hanh chinh");
    s.wait_for("one search result", || (s.count("[data-testid='conference-row']") == 1 && s.count("[data-testid='no-results']") == 0).then_some(()));
    s.wait_text("conference-row-sites", "9/11 kết nối");
    s.wait_text("conference-row-partial", "1 một phần");
    s.click(&s.xpath(&format!("//button[@data-testid='conference-open' and normalize-space()='{TITLE}']")));
    s.wait_text("conf-detail-title", TITLE);
    s.wait_for("attendees listed", || (s.count("[data-testid='attendee-row']") == 5).then_some(()));
    std::thread::sleep(std::time::Duration::from_millis(700));
    s.screenshot("conference-log-detail");

    // The print view shows the same conference on an A4 page.
    s.click(&s.id("conf-print"));
    s.id("print-page");
    s.wait_text("print-site-totals", "(11 điểm cầu: 9 kết nối · 1 một phần · 1 không kết nối)");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("conference-log-print");
    s.quit();
}
