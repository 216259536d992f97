//! End-to-end (issue 14): a monthly report given at a conference of 10/02/2023 and entered
//! much later. The overview as of a past date counts only what existed then and equals
//! `dondoc-cli stats --at` to the digit; a unit's page as of a date shows its missed
//! periods by their Vietnamese names, overdue.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{cli_binary, prerequisites, Env, Session};

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(cli_binary()).arg("--db").arg(db).args(args).env_remove("DONDOC_DB").output().unwrap();
    assert!(out.status.success(), "dondoc-cli {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The store as the secretary left it: everything entered today, given months ago.
fn prepare(db: &Path) {
    let add = |title: &str, extra: &[&str]| {
        let mut args = vec!["tasks", "add", "--title", title, "--source", "TB số 12/TB-UBND"];
        args.extend_from_slice(extra);
        cli(db, &args);
    };
    add("Báo cáo tình hình vi phạm đất đai", &["--unit", "my thinh", "--given-on", "2023-02-10", "--recurrence", "monthly:20"]);
    add("Báo cáo kết quả CCHC năm 2022", &["--unit", "@communes", "--given-on", "2023-02-10", "--deadline", "2023-02-28"]);
    add("Số hóa hồ sơ thủ tục hành chính", &["--unit", "Phòng Nội vụ", "--given-on", "2023-03-20", "--deadline", "2023-04-30"]);
    let list: Value = serde_json::from_str(&cli(db, &["tasks", "list", "--json", "--unit", "xa-my-ha", "--at", "2023-03-01"])).unwrap();
    let report = list[0]["id"].as_i64().unwrap().to_string();
    cli(db, &["tasks", "done", &report, "--on", "2023-02-25"]);
}

fn overview_as_of(s: &Session, day: &str) {
    s.click(&s.id("nav-dashboard"));
    let as_of = s.id("as-of");
    s.clear(&as_of);
    s.type_into(&as_of, day);
    s.click(&s.id("as-of-apply"));
}

/// Every unit row and number in the window equals `stats --at`.
fn assert_window_equals_cli(s: &Session, db: &Path, iso: &str) {
    let stats: Value = serde_json::from_str(&cli(db, &["stats", "--at", iso, "--json"])).unwrap();
    let stats = stats.as_array().unwrap();
    let shown: Vec<String> = s.all("[data-testid='unit-stat-row']").iter().map(|r| s.attr(r, "data-unit").unwrap_or_default()).collect();
    let mut counted: Vec<String> = stats.iter().map(|u| u["unit"].as_str().unwrap().to_string()).collect();
    let mut listed = shown.clone();
    counted.sort();
    listed.sort();
    assert_eq!(listed, counted, "the window lists exactly the units the CLI counts on {iso}");
    for u in stats {
        let code = u["unit"].as_str().unwrap();
        for key in ["total", "done_on_time", "done_late", "in_progress", "overdue", "coordinating"] {
            assert_eq!(s.text(&s.id(&format!("stat-{code}-{key}"))), u[key].to_string(), "{code} {key} on {iso}");
        }
    }
}

#[test]
fn overview_and_unit_page_as_of_past_dates_match_the_cli() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("late.sqlite3");
    prepare(&db);
    let s = env.launch(&["--db", db.to_str().unwrap()]);

    // 15/03/2023: the communes' report (Mỹ Hà on time, the others overdue), Mỹ Thịnh's
    // February and March periods; Phòng Nội vụ's task was not given yet.
    overview_as_of(&s, "15/03/2023");
    s.wait_text("stat-xa-my-thinh-total", "3");
    s.wait_text("stat-xa-my-thinh-overdue", "2");
    s.wait_text("stat-xa-my-ha-rate", "100,0 %");
    assert_eq!(s.count("[data-unit='phong-noi-vu']"), 0, "given on 20/03");
    assert_window_equals_cli(&s, &db, "2023-03-15");
    std::thread::sleep(std::time::Duration::from_millis(600));
    s.screenshot("as-of-2023-03-15");

    // 25/03/2023: Phòng Nội vụ has a part within its deadline, nothing due: "—", ranked last.
    overview_as_of(&s, "25/03/2023");
    s.wait_text("stat-phong-noi-vu-total", "1");
    assert_eq!(s.text(&s.id("stat-phong-noi-vu-rate")), "—");
    let order: Vec<String> = s.all("[data-testid='unit-stat-row']").iter().map(|r| s.attr(r, "data-unit").unwrap_or_default()).collect();
    assert_eq!(order.last().map(String::as_str), Some("phong-noi-vu"), "{order:?}");
    assert_window_equals_cli(&s, &db, "2023-03-25");

    // Mỹ Thịnh's page as of 05/04/2023, opened from its line on the overview.
    overview_as_of(&s, "05/04/2023");
    s.wait_text("stat-xa-my-thinh-total", "4");
    s.click(&s.id("stat-xa-my-thinh-unit"));
    s.wait_text("unit-count-total", "Tổng số 4");
    assert_eq!(s.attr(&s.id("unit-as-of"), "value").as_deref(), Some("05/04/2023"));
    let periods: Vec<String> = s.all("[data-testid='assignment-period']").iter().map(|p| s.text(p)).collect();
    assert_eq!(periods, ["Kỳ: Tháng 02/2023", "Kỳ: Tháng 03/2023", "Kỳ: Tháng 04/2023"], "the missed periods first, by name");
    let page_text = s.text(&s.el("main"));
    assert!(!page_text.contains("2023-0"), "no raw period key in the window: {page_text}");
    let thinh: Value = serde_json::from_str(&cli(&db, &["stats", "--at", "2023-04-05", "--json", "--unit", "my thinh"])).unwrap();
    for (chip, key) in [("overdue", "overdue"), ("in_progress", "in_progress"), ("done_on_time", "done_on_time")] {
        let text = s.text(&s.id(&format!("unit-count-{chip}")));
        assert!(text.ends_with(&format!(" {}", thinh[0][key])), "{chip}: {text} vs {}", thinh[0]);
    }
    // A count filters the list to its parts.
    s.click(&s.id("unit-count-overdue"));
    s.wait_for("only the overdue parts", || (s.count("[data-testid='assignment-row']") == 3).then_some(()));
    s.click(&s.id("unit-count-in_progress"));
    s.wait_for("only the part within its deadline", || (s.count("[data-testid='assignment-row']") == 1).then_some(()));
    std::thread::sleep(std::time::Duration::from_millis(600));
    s.screenshot("unit-page-2023-04-05");
    s.quit();
}

/// A coordinating unit is visible: the overview's "Phối hợp" count, its page's list of the
/// tasks it coordinates, and the print view's column of coordinators.
#[test]
fn coordinating_units_are_visible_everywhere() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("coord.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");
    s.click(&s.el("[data-testid='directive'][data-ordinal='1'] [data-testid='add-task']"));
    s.type_into(&s.id("task-title"), "Tổng hợp kết quả tự chấm điểm CCHC của các xã");
    assert_eq!(s.attr(&s.id("task-given-on"), "value").as_deref(), Some("12/01/2023"), "given on the conference's day");
    s.type_into(&s.id("task-deadline"), "15/03/2023");
    s.click(&s.id("task-lead-xa-my-ha"));
    s.click(&s.id("task-coord-phong-noi-vu"));
    s.click(&s.id("task-save"));
    s.wait_for("the new task", || s.all("[data-testid='task-row']").iter().any(|r| s.text(r).contains("Tổng hợp kết quả tự chấm điểm")).then_some(()));

    s.click(&s.id("conf-print"));
    let coordinators: Vec<String> = s.all("[data-testid='print-coordinators']").iter().map(|c| s.text(c)).collect();
    assert!(coordinators.iter().any(|c| c == "Nội vụ" || c == "Phòng Nội vụ"), "the print view names the coordinator: {coordinators:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("print-coordinators");
    s.click(&s.xpath("//button[contains(., 'Quay lại')]"));

    overview_as_of(&s, "01/03/2023");
    s.wait_text("stat-phong-noi-vu-coordinating", "1");
    s.click(&s.id("stat-phong-noi-vu-coordinating"));
    let task = s.id("coordinated-task");
    assert!(s.text(&task).contains("Tổng hợp kết quả tự chấm điểm CCHC của các xã"), "{}", s.text(&task));
    assert!(s.text(&task).contains("Chủ trì: Mỹ Hà"), "{}", s.text(&task));
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.screenshot("unit-page-coordinating");
    s.quit();
}
