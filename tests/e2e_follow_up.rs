//! End-to-end (issue 4): from the seed demo, Mỹ Hà ticks its report (deadline 28/02/2023)
//! done on 20/02/2023, Mỹ Phúc on 02/03/2023, Phòng Nội vụ not at all; the dashboard as of
//! 03/03/2023 counts them, ranks the units, and equals `dondoc-cli stats --at 2023-03-03`.

mod support;

use std::process::Command;

use serde_json::Value;
use support::{cli_binary, prerequisites, Env, Session};

const REPORT: &str = "Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện";

fn tick_report(s: &Session, unit_name: &str, on: &str) {
    s.click(&s.id("nav-units"));
    s.click(&s.xpath(&format!("//select[@data-testid='unit-select']/option[normalize-space()='{unit_name}']")));
    let row = format!("//tr[@data-testid='assignment-row'][.//b[normalize-space()='{REPORT}']]");
    s.click(&s.xpath(&format!("{row}//button[@data-testid='tick']")));
    let date = s.id("tick-date");
    s.clear(&date);
    s.type_into(&date, on);
    s.click(&s.id("tick-save"));
    s.wait_for("the tick to be saved", || (s.count("[data-testid='tick-dialog']") == 0).then_some(()));
}

#[test]
fn dashboard_as_of_a_date_matches_the_cli() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("follow.sqlite3");
    let s = env.launch(&["--db", db.to_str().unwrap()]);
    s.click(&s.id("nav-conferences"));
    s.click(&s.id("load-demo"));
    s.wait_text("sites-summary", "11 kết nối · 0 một phần · 0 không kết nối");

    tick_report(&s, "UBND xã Mỹ Hà", "20/02/2023");
    s.wait_for("Mỹ Hà on time", || {
        let badges: Vec<String> = s.all("[data-testid='status-badge']").iter().map(|b| s.text(b)).collect();
        badges.iter().any(|b| b.contains("Hoàn thành đúng hạn")).then_some(())
    });
    tick_report(&s, "UBND xã Mỹ Phúc", "02/03/2023");
    s.wait_for("Mỹ Phúc late", || {
        let badges: Vec<String> = s.all("[data-testid='status-badge']").iter().map(|b| s.text(b)).collect();
        badges.iter().any(|b| b.contains("Hoàn thành quá hạn")).then_some(())
    });

    s.click(&s.id("nav-dashboard"));
    let as_of = s.id("as-of");
    s.clear(&as_of);
    s.type_into(&as_of, "03/03/2023");
    s.click(&s.id("as-of-apply"));
    s.wait_text("stat-xa-my-ha-done_on_time", "1");
    s.wait_text("stat-xa-my-phuc-done_late", "1");
    s.wait_text("stat-phong-noi-vu-overdue", "1");
    s.wait_text("stat-phong-noi-vu-done_on_time", "0");

    // Ranking: Mỹ Hà (on time) above Mỹ Phúc (late) above Phòng Nội vụ (overdue).
    let order: Vec<String> = s.all("[data-testid='unit-stat-row']").iter().map(|r| s.attr(r, "data-unit").unwrap_or_default()).collect();
    let pos = |code: &str| order.iter().position(|c| c == code).unwrap_or_else(|| panic!("{code} in {order:?}"));
    assert!(pos("xa-my-ha") < pos("xa-my-phuc") && pos("xa-my-phuc") < pos("phong-noi-vu"), "{order:?}");
    // The one demo conference still has work: listed, and no "Xem tất cả" for a list this short.
    assert_eq!(s.count("[data-testid='overview-conference-row']"), 1);
    assert_eq!(s.count("[data-testid='all-conferences']"), 0);
    std::thread::sleep(std::time::Duration::from_millis(700));
    s.screenshot("dashboard-2023-03-03");

    // Every number in the window equals the CLI's.
    let out = Command::new(cli_binary()).args(["--db", db.to_str().unwrap(), "stats", "--at", "2023-03-03", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stats = stats.as_array().unwrap();
    assert_eq!(stats.len(), order.len(), "the window lists every unit the CLI counts");
    for u in stats {
        let code = u["unit"].as_str().unwrap();
        for key in ["total", "done_on_time", "done_late", "in_progress", "overdue"] {
            let shown = s.text(&s.id(&format!("stat-{code}-{key}")));
            assert_eq!(shown, u[key].to_string(), "{code} {key}");
        }
    }

    // A number is a link to the assignments behind it.
    s.click(&s.id("stat-phong-noi-vu-overdue"));
    s.wait_text("assignment-count", "1 phần việc");
    s.quit();
}
