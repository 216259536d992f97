//! End-to-end (issue 7): a store of 1,000 generated parts. The overview's conference list
//! shows 10 and leads to all 11; the task list shows its first 100 rows at once and 100
//! more on each "Hiện thêm", so a long list never makes the window wait for rows off screen.

mod support;

use std::process::Command;

use support::{cli_binary, prerequisites, Env};

#[test]
fn long_lists_show_their_first_rows_and_the_rest_on_request() {
    if prerequisites().is_none() {
        return;
    }
    let env = Env::start();
    let db = env.home.path().join("long.sqlite3");
    let out = Command::new(cli_binary()).args(["--db", db.to_str().unwrap(), "bench-data", "--assignments", "1000", "--seed", "7"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = env.launch(&["--db", db.to_str().unwrap()]);

    // The overview: 10 of the 11 conferences with work left, and the way to all of them.
    s.wait_for("the overview's conferences", || (s.count("[data-testid='overview-conference-row']") == 10).then_some(()));
    let all = s.id("all-conferences");
    assert_eq!(s.text(&all), "Xem tất cả 11");
    s.click(&all);
    s.wait_for("the conference list", || (s.count("[data-testid='conference-row']") == 11).then_some(()));
    assert_eq!(s.count("[data-testid='show-more']"), 0, "11 conferences fit in one step");

    // The task list: the store sends its first 500 parts, the window shows 100 of them.
    s.click(&s.id("nav-assignments"));
    s.wait_text("assignment-count", "500 phần việc (500 đầu tiên)");
    s.wait_for("the first 100 rows", || (s.count("[data-testid='assignment-list-row']") == 100).then_some(()));
    let more = s.id("show-more");
    assert_eq!(s.text(&more), "Hiện thêm 100 (đang hiện 100/500 phần việc)");
    s.click(&more);
    s.wait_for("200 rows", || (s.count("[data-testid='assignment-list-row']") == 200).then_some(()));
    assert_eq!(s.text(&s.id("show-more")), "Hiện thêm 100 (đang hiện 200/500 phần việc)");
}
