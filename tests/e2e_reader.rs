//! End-to-end: "Đọc kết luận" and recurrence in the real window.
//! - Issue 6: paste the seed conclusion, accept the five proposed tasks, and see
//!   26 + 1 + 11 + 15 + 13 assignments created as the groups expand.
//! - Issue 14, items 9–10: recurrence is picked and shown in Vietnamese (the task form, the
//!   reader's review table), never as a code; the tasks split out of one numbered item of a
//!   conclusion stay under one directive with the item's own number and text.
//! - Issue 20: the review table marks "đã sửa" on the fields the secretary changed from the
//!   reader's proposal (none before she edits), and accepting records the review in the store.

mod support;

use support::{prerequisites, Env, Session};

const SEED: &str = include_str!("../src-tauri/core/data/seed-myloc-cchc-2022.json");

/// Item 1 gives no task, item 2 three (one monthly), item 3 one.
const NUMBERED: &str = "Kết luận của đồng chí Chủ tịch UBND huyện:
1. Năm 2022, các xã, thị trấn đã hoàn thành tốt nhiệm vụ cải cách hành chính, được Hội đồng thẩm định đánh giá cao.
2. Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn báo cáo kết quả tự chấm điểm trước ngày 25 hằng tháng, đồng thời đến hết năm 2023 đưa tỷ lệ hồ sơ được số hóa lên trên 80%.
3. Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.";

const MONTHLY_25: &str = "Hằng tháng, trước ngày 25";

/// Opens a new conference held on 12/01/2023 with the 11 commune-level sites.
fn new_conference(s: &Session) {
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.type_into(&s.id("conf-title"), "Hội nghị tổng kết công tác cải cách hành chính năm 2022");
    s.type_into(&s.id("conf-starts"), "12/01/2023 08:00");
    s.type_into(&s.id("leader-name"), "Phạm Văn Long");
    s.click(&s.id("conf-save"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
}

/// Words of the window that are recurrence codes: what
/// `/\b(daily|weekly|monthly|quarterly|semiannual|yearly)(:[\w-]+)?\b/` finds in the page's
/// text, the values of its fields and their placeholders.
fn raw_codes(s: &Session) -> Vec<String> {
    let mut texts = vec![s.text(&s.el("body"))];
    for field in s.all("input, textarea") {
        texts.extend(s.attr(&field, "value"));
        texts.extend(s.attr(&field, "placeholder"));
    }
    let words = ["daily", "weekly", "monthly", "quarterly", "semiannual", "yearly"];
    texts.iter().flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))).filter(|w| words.contains(w)).map(String::from).collect()
}

#[test]
fn the_seed_conclusion_is_read_reviewed_and_accepted() {
    if prerequisites().is_none() {
        return;
    }
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let env = Env::start();
    let db = env.home.path().join("reader.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    new_conference(&s);

    s.click(&s.id("conf-read"));
    s.type_into(&s.id("reader-text"), seed["text"].as_str().unwrap());
    s.click(&s.id("reader-read"));
    s.wait_text("reader-count", "5 nhiệm vụ đề xuất");
    let titles: Vec<String> = s.all("[data-testid='reader-title']").iter().map(|e| s.attr(e, "value").unwrap_or_default()).collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    assert_eq!(s.count("[data-testid='reader-edited']"), 0, "nothing marked as edited before an edit (targets, dates and groups included)");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("reader-review");
    s.click(&s.id("reader-create"));
    s.wait_for("five tasks", || (s.count("[data-testid='task-row']") == 5).then_some(()));
    let totals: Vec<String> = s.all("[data-testid='task-progress']").iter().map(|e| s.text(e)).collect();
    assert_eq!(totals, ["0/26", "0/1", "0/11", "0/15", "0/13"]);
    s.wait_text("conf-progress", "0/66");
    s.quit();
}

#[test]
fn a_numbered_conclusion_keeps_its_items_and_speaks_of_recurrence_in_vietnamese() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("numbered.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    new_conference(&s);

    s.click(&s.id("conf-read"));
    s.type_into(&s.id("reader-text"), NUMBERED);
    s.click(&s.id("reader-read"));
    s.wait_text("reader-count", "4 nhiệm vụ đề xuất");
    // The review table: rows grouped under the conclusion's items 2 and 3, the monthly one
    // picked and labelled in Vietnamese.
    let heads: Vec<String> = s.all("[data-testid='reader-directive']").iter().map(|e| s.text(e)).collect();
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(heads[0].starts_with("2. Giao Phòng Nội vụ hướng dẫn"), "{heads:?}");
    assert!(heads[1].starts_with("3. Đề nghị Phòng Tư pháp"), "{heads:?}");
    s.wait_text("reader-recurrence-label", MONTHLY_25);
    let kinds: Vec<String> = s.all("[data-testid='reader-recurrence-kind'] option:checked").iter().map(|e| s.text(e)).collect();
    assert_eq!(kinds, ["Không lặp lại", "Hằng tháng", "Không lặp lại", "Không lặp lại"], "the pickers show the proposed rules");
    let day = s.el("[data-testid='reader-recurrence-day'] option:checked");
    assert_eq!(s.text(&day), "trước ngày 25");
    assert_eq!(raw_codes(&s), Vec::<String>::new(), "no recurrence code in the review table");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("reader-review-numbered");

    // The secretary edits the first row's title and deadline: those two fields say "đã sửa".
    assert_eq!(s.count("[data-testid='reader-edited']"), 0, "nothing marked before an edit");
    let edited = || -> Vec<String> { s.all("[data-testid='reader-edited']").iter().filter_map(|e| s.attr(e, "data-field")).collect() };
    s.type_into(&s.all("[data-testid='reader-title']")[0], " cho các xã");
    let deadline = &s.all("[data-testid='reader-deadline']")[0];
    s.clear(deadline);
    s.type_into(deadline, "31/03/2023");
    s.wait_for("two edited fields", || (edited() == ["title", "deadline"]).then_some(()));
    let first = &s.all("[data-testid='reader-row']")[0];
    assert!(s.text(first).contains("đã sửa"), "{}", s.text(first));
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("reader-review-edited");

    s.click(&s.id("reader-create"));
    s.wait_for("four tasks", || (s.count("[data-testid='task-row']") == 4).then_some(()));
    let directives: Vec<String> = s.all("[data-testid='directive'] > p").iter().map(|e| s.text(e)).collect();
    assert_eq!(
        directives,
        [
            "2. Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn báo cáo kết quả tự chấm điểm trước ngày 25 hằng tháng, đồng thời đến hết năm 2023 đưa tỷ lệ hồ sơ được số hóa lên trên 80%.",
            "3. Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.",
        ],
        "one directive per item, with its own number and text"
    );
    assert_eq!(s.count("[data-testid='directive'][data-ordinal='2'] [data-testid='task-row']"), 3);
    assert_eq!(s.count("[data-testid='directive'][data-ordinal='3'] [data-testid='task-row']"), 1);
    let rows: Vec<String> = s.all("[data-testid='task-row']").iter().map(|e| s.text(e)).collect();
    assert!(rows[1].contains(MONTHLY_25), "{rows:?}");
    assert!(rows.iter().all(|r| r.chars().next().is_some_and(char::is_uppercase)), "every task title starts in upper case: {rows:?}");
    assert_eq!(raw_codes(&s), Vec::<String>::new(), "no recurrence code on the conference page");
    // A click on the last directive's text scrolls it into view for the picture.
    s.click(&s.el("[data-testid='directive'][data-ordinal='3'] > p"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("reader-accepted-numbered");
    s.quit();

    // The review is in the store: the reader's four proposals and what was accepted.
    let store = dondoc_core::Store::open(&db).unwrap();
    let reviews = dondoc_core::review::list(store.conn()).unwrap();
    assert_eq!(reviews.len(), 1);
    let r = &reviews[0];
    assert_eq!((r.proposed.len(), r.accepted.len(), r.text.as_str()), (4, 4, NUMBERED));
    assert_eq!(r.accepted[0].deadline.as_deref(), Some("2023-03-31"));
    assert!(r.accepted[0].summary.ends_with("cho các xã"), "{}", r.accepted[0].summary);
    let changed: Vec<Vec<&str>> = r.edits.iter().map(|e| e.changed.iter().map(|f| f.as_str()).collect()).collect();
    assert_eq!(changed, [vec!["deadline", "summary"], vec![], vec![], vec![]]);
}

#[test]
fn the_task_form_picks_a_monthly_rule_in_vietnamese() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("form.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    new_conference(&s);
    s.type_into(&s.id("directive-text"), "Các xã, thị trấn báo cáo kết quả cải cách hành chính trước ngày 25 hằng tháng.");
    s.click(&s.id("directive-add"));
    s.click(&s.id("add-task"));
    s.type_into(&s.id("task-title"), "Báo cáo kết quả cải cách hành chính");
    s.click(&s.xpath("//select[@data-testid='task-recurrence-kind']/option[normalize-space()='Hằng tháng']"));
    s.click(&s.xpath("//select[@data-testid='task-recurrence-day']/option[normalize-space()='trước ngày 25']"));
    s.wait_text("task-recurrence-label", MONTHLY_25);
    assert_eq!(s.attr(&s.id("task-deadline"), "disabled").as_deref(), Some("true"), "a recurring task has no deadline of its own");
    s.click(&s.id("task-group-communes"));
    // Given today rather than on the conference's day (12/01/2023, the form's default): one
    // period per commune, not one for every month since.
    let given = s.id("task-given-on");
    assert_eq!(s.attr(&given, "value").as_deref(), Some("12/01/2023"), "the form proposes the conference's date");
    s.clear(&given);
    s.type_into(&given, &(chrono::Utc::now() + chrono::Duration::hours(7)).format("%d/%m/%Y").to_string());
    assert_eq!(raw_codes(&s), Vec::<String>::new(), "no recurrence code in the task form");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("task-form-recurrence");
    s.click(&s.id("task-save"));
    s.wait_text("task-progress", "0/11");
    let row = s.text(&s.id("task-row"));
    assert!(row.contains(MONTHLY_25), "{row}");
    assert_eq!(raw_codes(&s), Vec::<String>::new(), "no recurrence code on the conference page");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("task-recurrence-saved");
    s.quit();

    // The store holds the code the core parses.
    let store = dondoc_core::Store::open(&db).unwrap();
    let code: String = store.conn().query_row("SELECT recurrence FROM task", [], |r| r.get(0)).unwrap();
    assert_eq!(code, "monthly:25");
}
