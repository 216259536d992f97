//! `dondoc-cli remind --once` against a private D-Bus (no service activation) with a
//! recording notification server: the exact summaries and bodies a desktop receives.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Guard(Child);
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dondoc-cli")
}

/// A private session bus; `None` (test skipped, loudly) when dbus-daemon is missing outside CI.
fn private_bus() -> Option<(Guard, String)> {
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/session-bus.conf");
    let child = match Command::new("dbus-daemon")
        .arg("--nofork")
        .arg("--print-address=1")
        .arg(format!("--config-file={}", conf.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "dbus-daemon is required in CI: {e}");
            eprintln!("SKIPPED: dbus-daemon not found ({e}); install the dbus package");
            return None;
        }
    };
    let mut child = child;
    let mut addr = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut addr).unwrap();
    Some((Guard(child), addr.trim().to_string()))
}

fn recorder(bus: &str, out: &Path) -> Guard {
    let mut child =
        Command::new(bin()).args(["notification-server", "--out"]).arg(out).env("DBUS_SESSION_BUS_ADDRESS", bus).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the recorder owns org.freedesktop.Notifications");
    Guard(child)
}

fn remind(db: &Path, bus: &str, at: &str) -> (Vec<Value>, String) {
    let out = Command::new(bin()).args(["--db"]).arg(db).args(["remind", "--once", "--at", at]).env("DBUS_SESSION_BUS_ADDRESS", bus).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (lines, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn received(file: &Path, want: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let got: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        if got.len() >= want || Instant::now() > deadline {
            return got;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn demo_store(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite3");
    let out = Command::new(bin()).arg("--db").arg(&db).arg("demo").output().unwrap();
    assert!(out.status.success());
    db
}

#[test]
fn reminders_reach_the_desktop_exactly_once() {
    let Some((_bus, addr)) = private_bus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("received.jsonl");
    let server = recorder(&addr, &file);
    let db = demo_store(dir.path());

    // 21/02/2023 07:30: the report for all 26 units is due in 7 days: one digest.
    let (sent, _) = remind(&db, &addr, "2023-02-21T07:30:00+07:00");
    let got = received(&file, 1);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["app_name"], "Đôn đốc");
    assert_eq!(got[0]["summary"], "Hôm nay: 26 nhiệm vụ sắp đến hạn");
    let body = got[0]["body"].as_str().unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[0],
        "UBND thị trấn Mỹ Lộc: Kiểm điểm, làm rõ nguyên nhân, hạn chế, trách nhiệm; đăng ký chỉ tiêu thi đua CCHC, báo cáo huyện — hạn 28/02/2023"
    );
    assert_eq!(lines[5], "… và 21 nhiệm vụ khác");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0]["kind"].as_str(), sent[0]["summary"].as_str(), sent[0]["body"].as_str()),
        (Some("digest"), Some("Hôm nay: 26 nhiệm vụ sắp đến hạn"), Some(body))
    );

    // Mỹ Hà reports done; the rest get "còn 1 ngày" on Monday 27/02 — Saturday's
    // "còn 3 ngày" was deferred there by quiet hours and is superseded.
    let list = Command::new(bin()).arg("--db").arg(&db).args(["tasks", "list", "--json", "--unit", "xa-my-ha"]).output().unwrap();
    let rows: Value = serde_json::from_slice(&list.stdout).unwrap();
    let report = rows.as_array().unwrap().iter().find(|r| r["deadline"] == "2023-02-28").unwrap()["id"].to_string();
    assert!(Command::new(bin()).arg("--db").arg(&db).args(["tasks", "done", &report, "--on", "2023-02-20"]).status().unwrap().success());
    let (sent, _) = remind(&db, &addr, "2023-02-27T07:30:00+07:00");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["summary"], "Hôm nay: 25 nhiệm vụ sắp đến hạn", "Mỹ Hà is done, so 25 remain");
    // Exactly once: the same instant again sends nothing.
    let (again, _) = remind(&db, &addr, "2023-02-27T07:30:00+07:00");
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(received(&file, 2).len(), 2);

    // No notification service: nothing is lost; the notice waits for the in-app panel.
    drop(server);
    let (sent, stderr) = remind(&db, &addr, "2023-03-01T07:30:00+07:00");
    assert!(sent.is_empty());
    assert!(stderr.contains("được giữ trong ứng dụng"), "{stderr}");
    let store = dondoc_core::Store::open(&db).unwrap();
    // 28/02 (due today) and 01/03 (overdue), each a digest of the 25 open parts.
    assert_eq!(dondoc_core::queries::notices::unseen_undelivered(store.conn()).unwrap(), 2);
}

#[test]
fn a_single_reminder_says_what_and_when() {
    let Some((_bus, addr)) = private_bus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("received.jsonl");
    let _server = recorder(&addr, &file);
    let db = dir.path().join("one.sqlite3");
    {
        let mut s = dondoc_core::Store::open(&db).unwrap();
        let ctx = dondoc_core::Ctx::new(chrono::DateTime::parse_from_rfc3339("2023-02-01T08:00:00+07:00").unwrap().into(), "test");
        let conf = s
            .create_conference(
                &ctx,
                &dondoc_core::rules::conference::ConferenceInput {
                    title: "Giao ban".into(),
                    starts_at: "01/02/2023 08:00".into(),
                    format: "in_person".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let d = s.add_directive(conf, "Chỉ đạo").unwrap();
        let ha = dondoc_core::queries::units::find_unit_by_code(s.conn(), "xa-my-ha").unwrap().unwrap().id;
        s.create_task(
            &ctx,
            &dondoc_core::rules::task::TaskInput {
                directive_id: Some(d),
                title: "Báo cáo số liệu".into(),
                deadline: Some("28/02/2023".into()),
                lead_unit_ids: vec![ha],
                ..Default::default()
            },
        )
        .unwrap();
    }
    let (sent, _) = remind(&db, &addr, "2023-02-28T07:30:00+07:00");
    let got = received(&file, 1);
    assert_eq!((got[0]["summary"].as_str(), got[0]["body"].as_str()), (Some("Đến hạn hôm nay"), Some("UBND xã Mỹ Hà: Báo cáo số liệu — hạn 28/02/2023")));
    assert_eq!(got[0]["actions"], serde_json::json!(["default", "Mở Đôn đốc"]), "a click opens the assignment");
    assert_eq!(sent[0]["kind"], "due");
    let (sent, _) = remind(&db, &addr, "2023-03-02T07:30:00+07:00");
    assert_eq!(sent.iter().map(|s| s["summary"].as_str().unwrap()).collect::<Vec<_>>(), ["Quá hạn 1 ngày", "Quá hạn 2 ngày"], "each working day missed fires");
}

/// Exactly once across processes (issue 16): the app's scheduler (its core call, on a
/// connection of its own, from a thread here) and three `dondoc-cli remind --once` started
/// at the same instant on one store and one recording server, four times, for 200 custom
/// reminders each due at its own minute. Every reminder reaches someone exactly once.
#[test]
fn the_app_and_several_cli_runs_at_once_deliver_every_reminder_exactly_once() {
    use chrono::TimeZone;
    let Some((_bus, addr)) = private_bus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("received.jsonl");
    let _server = recorder(&addr, &file);
    let db = dir.path().join("many.sqlite3");
    let hn = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let first = hn.with_ymd_and_hms(2023, 3, 1, 8, 0, 0).unwrap();
    const N: usize = 200;
    {
        let mut s = dondoc_core::Store::open(&db).unwrap();
        let mut settings = s.settings().unwrap();
        settings.quiet_hours = false;
        s.save_settings(&settings).unwrap();
        let ctx = dondoc_core::Ctx::new(hn.with_ymd_and_hms(2023, 2, 1, 8, 0, 0).unwrap().into(), "test");
        let conf = s
            .create_conference(
                &ctx,
                &dondoc_core::rules::conference::ConferenceInput {
                    title: "Giao ban".into(),
                    starts_at: "01/02/2023 08:00".into(),
                    format: "in_person".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let d = s.add_directive(conf, "Chỉ đạo").unwrap();
        let ha = dondoc_core::queries::units::find_unit_by_code(s.conn(), "xa-my-ha").unwrap().unwrap().id;
        for i in 0..N {
            let input =
                dondoc_core::rules::task::TaskInput { directive_id: Some(d), title: format!("Việc {i}"), lead_unit_ids: vec![ha], ..Default::default() };
            let t = s.create_task(&ctx, &input).unwrap();
            let a: i64 = s.conn().query_row("SELECT id FROM assignment WHERE task_id = ?1", [t], |r| r.get(0)).unwrap();
            let at = (first + chrono::Duration::minutes(i as i64)).format("%d/%m/%Y %H:%M").to_string();
            s.add_custom_reminder(&ctx, None, Some(a), &at, Some(&format!("R{i}"))).unwrap();
        }
    }
    let mut by_app: Vec<String> = Vec::new();
    let rounds = 4;
    for round in 1..=rounds {
        let at = first + chrono::Duration::minutes((N / rounds * round) as i64 - 1);
        let at_arg = at.to_rfc3339();
        let cli: Vec<_> = (0..3)
            .map(|_| {
                Command::new(bin())
                    .arg("--db")
                    .arg(&db)
                    .args(["remind", "--once", "--at", &at_arg])
                    .env("DBUS_SESSION_BUS_ADDRESS", &addr)
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        // The app's scheduler round: its own connection, the same core call.
        let mut app = dondoc_core::Store::open(&db).unwrap();
        for (id, notice) in app.fire_due(at.into(), false).unwrap() {
            by_app.push(notice.summary);
            app.mark_delivered(id).unwrap();
        }
        for mut c in cli {
            assert!(c.wait().unwrap().success());
        }
    }
    let sent_by_cli: usize = N - by_app.len();
    let got = received(&file, sent_by_cli);
    let mut times = std::collections::HashMap::new();
    for summary in got.iter().map(|g| g["summary"].as_str().unwrap().to_string()).chain(by_app.iter().cloned()) {
        *times.entry(summary).or_insert(0) += 1;
    }
    let twice: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{} reminders delivered more than once, e.g. {:?}", twice.len(), &twice[..twice.len().min(5)]);
    for i in 0..N {
        assert_eq!(times.get(&format!("Nhắc việc: R{i}")), Some(&1), "R{i}");
    }
    assert_eq!(times.len(), N, "nothing else was sent");
    eprintln!("{} by the app's scheduler, {} by the CLI runs", by_app.len(), got.len());
}
