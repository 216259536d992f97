//! End-to-end (issue 15, package): `dondoc --check-store`, which the package test runs on
//! the installed binary, also works beside a running app on the same desktop session and
//! store. It answers itself and exits: the single-instance hand-over (a name on the session
//! bus) is never asked, so the running window is not disturbed. With no `--db` it reports
//! the very file the running app opened: its default path is Tauri's app data folder.

#[path = "support/desktop.rs"]
mod desktop;
mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use desktop::{app_processes, eventually, second_launch};
use serde_json::Value;
use support::{prerequisites, Env};

#[test]
fn the_store_check_answers_beside_a_running_app_without_handing_over() {
    if prerequisites().is_none() || !desktop::tools() {
        return;
    }
    let env = Env::start();
    // No --db: the app opens its store in the data folder (XDG_DATA_HOME of this env).
    let s = env.launch(&[]);
    s.id("nav-dashboard");
    let mut pids = Vec::new();
    eventually(10, "the app process", || {
        pids = app_processes(&env.display);
        pids.len() == 1
    });
    let store = env.data_dir().join("dondoc.sqlite3");
    assert!(store.is_file(), "the running app opened {}", store.display());

    // Same display, bus and folders as the running app, as a launch from a terminal would be.
    let mut check = second_launch(&env);
    check.arg("--check-store").stdout(Stdio::piped());
    let started = Instant::now();
    let out = check.output().expect("run dondoc --check-store");
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "--check-store exits 0: {:?}\n{stdout}\n{stderr}", out.status);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON line, not a hand-over to the running app (which prints nothing): {stdout:?} {stderr}");
    let line: Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(line["ok"], true, "{line}");
    assert_eq!(line["path"], store.display().to_string(), "the file the running app opened");
    assert_eq!(line["units"], 30, "{line}");
    assert!(line["schemaVersion"].as_i64().unwrap() > 0, "{line}");
    assert!(took < Duration::from_secs(10), "answers without starting a window: {took:?}");

    // The running app is the same process and still answers.
    assert_eq!(app_processes(&env.display), pids, "no second app process, the first still runs");
    s.click(&s.id("nav-settings"));
    s.el("form[data-tray-area]");
    s.quit();
    eventually(10, "the app to exit with its session", || app_processes(&env.display).is_empty());
}
