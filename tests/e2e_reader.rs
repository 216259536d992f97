//! End-to-end (issue 6): paste the seed conclusion into the real window, accept the five
//! proposed tasks, and see 26 + 1 + 11 + 15 + 13 assignments created as the groups expand.

mod support;

use support::{prerequisites, Env};

const SEED: &str = include_str!("../src-tauri/core/data/seed-myloc-cchc-2022.json");

#[test]
fn the_seed_conclusion_is_read_reviewed_and_accepted() {
    if prerequisites().is_none() {
        return;
    }
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let env = Env::start();
    let db = env.home.path().join("reader.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("new-conference"));
    s.type_into(&s.id("conf-title"), "Hội nghị tổng kết công tác cải cách hành chính năm 2022");
    s.type_into(&s.id("conf-starts"), "12/01/2023 08:00");
    s.type_into(&s.id("leader-name"), "Phạm Văn Long");
    s.click(&s.id("conf-save"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");

    s.click(&s.id("conf-read"));
    s.type_into(&s.id("reader-text"), seed["text"].as_str().unwrap());
    s.click(&s.id("reader-read"));
    s.wait_text("reader-count", "5 nhiệm vụ đề xuất");
    let titles: Vec<String> = s.all("[data-testid='reader-title']").iter().map(|e| s.attr(e, "value").unwrap_or_default()).collect();
    assert_eq!(titles.len(), 5, "{titles:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("reader-review");
    s.click(&s.id("reader-create"));
    s.wait_for("five tasks", || (s.count("[data-testid='task-row']") == 5).then_some(()));
    let totals: Vec<String> = s.all("[data-testid='task-progress']").iter().map(|e| s.text(e)).collect();
    assert_eq!(totals, ["0/26", "0/1", "0/11", "0/15", "0/13"]);
    s.wait_text("conf-progress", "0/66");
    s.quit();
}
