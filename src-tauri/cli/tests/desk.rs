//! A unit's desk from the command line (issue 18) against a real office: `dondoc-cli serve`
//! on a demo store, the unit's own store in another folder. The session token goes to the
//! kernel keyring (no Secret Service on the test's bus); each test logs out at the end, so
//! no entry is left (entries are named by the office's port, unique per test).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use chrono::Utc;
use dondoc_core::{Ctx, Store};
use serde_json::Value;

/// No Secret Service: the token goes to the kernel keyring, as on a headless unit.
const NO_BUS: &str = "unix:path=/nonexistent/dondoc-test-bus";

struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DONDOC_DB")
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .output()
        .expect("run dondoc-cli")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn err(out: &Output) -> String {
    assert!(!out.status.success(), "should fail: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The office (a demo store serving the portal) and a unit's empty store.
struct Office {
    db: PathBuf,
    unit_db: PathBuf,
    serving: Option<Serving>,
    url: String,
    fingerprint: String,
    password: String,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

impl Office {
    fn start() -> Office {
        let (dir, unit_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = dir.path().join("office.sqlite3");
        ok(&cli(&db, &["demo"]));
        let enabled: Value = serde_json::from_str(&ok(&cli(&db, &["accounts", "enable", "xa-my-ha"]))).unwrap();
        let password = enabled["password"].as_str().unwrap().to_string();
        let mut office = Office {
            unit_db: unit_dir.path().join("unit.sqlite3"),
            db,
            serving: None,
            url: String::new(),
            fingerprint: String::new(),
            password,
            _dirs: (dir, unit_dir),
        };
        office.serve("127.0.0.1:0");
        office
    }

    /// Starts `serve` (same store, same certificate folder).
    fn serve(&mut self, listen: &str) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
            .arg("--db")
            .arg(&self.db)
            .args(["serve", "--listen", listen])
            .env_remove("DONDOC_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        self.serving = Some(Serving(child));
        let line: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        self.url = line["url"].as_str().unwrap().to_string();
        self.fingerprint = line["fingerprint"].as_str().unwrap().to_string();
    }

    fn stop(&mut self) {
        self.serving = None;
    }

    /// Starts the office again on the port the unit knows.
    fn restart(&mut self) {
        let listen = self.url.trim_start_matches("https://").trim_end_matches('/').to_string();
        self.serve(&listen);
    }

    fn connect(&self, password: &str, fingerprint: &str, new_password: Option<&str>) -> Output {
        let mut args = vec!["connect", "--server", &self.url, "--user", "xa-my-ha", "--password", password, "--fingerprint", fingerprint];
        if let Some(n) = new_password {
            args.extend(["--new-password", n]);
        }
        cli(&self.unit_db, &args)
    }

    /// Connected for the first time, the initial password changed.
    fn connected(&self) -> Value {
        serde_json::from_str(&ok(&self.connect(&self.password, &self.fingerprint, Some("Doimatkhau2023")))).unwrap()
    }

    fn unit(&self, args: &[&str]) -> Output {
        cli(&self.unit_db, args)
    }

    /// The unit's first part not done, as the office has it.
    fn open_part(&self) -> i64 {
        let s = Store::open_reader(&self.db).unwrap();
        s.conn()
            .query_row(
                "SELECT a.id FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE u.code = 'xa-my-ha' AND a.state NOT IN ('done', 'cancelled') ORDER BY a.id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// How often the office recorded `part` as done.
    fn ticks(&self, part: i64) -> i64 {
        let s = Store::open_reader(&self.db).unwrap();
        s.conn()
            .query_row("SELECT count(*) FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND field = 'state' AND new_value = 'done'", [part], |r| {
                r.get(0)
            })
            .unwrap()
    }
}

impl Drop for Office {
    fn drop(&mut self) {
        // The keyring entry goes with the test.
        if self.unit_db.exists() {
            let _ = self.unit(&["disconnect"]);
        }
    }
}

fn report(out: &Output) -> Value {
    let text = ok(out);
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let exact = format!("{{\"pulled\":{},\"sent\":{},\"conflicts\":{}}}", v["pulled"], v["sent"], v["conflicts"]);
    assert_eq!(text.trim_end(), exact, "exactly the contract's line");
    assert_eq!(v.as_object().unwrap().len(), 3);
    v
}

fn linked(db: &Path) -> bool {
    Store::open_reader(db).map(|s| s.desk_link().unwrap().is_some()).unwrap_or(false)
}

#[test]
fn a_wrong_fingerprint_a_wrong_password_and_an_unchanged_password_link_nothing() {
    let office = Office::start();
    let other = "AB:".repeat(31) + "AB";
    let refused = err(&office.connect(&office.password, &other, Some("Doimatkhau2023")));
    assert!(refused.contains("certificate_mismatch") && refused.contains("không khớp mã đã ghi"), "{refused}");
    assert!(refused.contains(&office.fingerprint), "names the certificate the server sent: {refused}");
    assert!(!linked(&office.unit_db), "nothing linked");

    let wrong = err(&office.connect("sai-mat-khau", &office.fingerprint, None));
    assert!(wrong.contains("wrong_credentials") && wrong.contains("không đúng"), "{wrong}");

    let unchanged = err(&office.connect(&office.password, &office.fingerprint, None));
    assert!(unchanged.contains("password_change_required") && unchanged.contains("mật khẩu mới"), "{unchanged}");
    assert!(!linked(&office.unit_db), "nothing linked");

    // Not hex at all ("g…"); replacing a letter could leave a fingerprint without that letter unchanged.
    let not_hex = format!("g{}", &office.fingerprint[1..]);
    let plain = err(&office.connect(&office.password, &not_hex, None));
    assert!(plain.contains("validation"), "{plain}");
    let http = err(&cli(
        &office.unit_db,
        &["connect", "--server", &office.url.replace("https", "http"), "--user", "xa-my-ha", "--password", "x", "--fingerprint", &office.fingerprint],
    ));
    assert!(http.contains("HTTPS"), "{http}");
}

#[test]
fn the_first_connect_changes_the_password_and_sync_pulls_the_units_parts_only() {
    let office = Office::start();
    let link = office.connected();
    assert_eq!((link["unit_code"].as_str(), link["user"].as_str()), (Some("xa-my-ha"), Some("xa-my-ha")), "{link}");
    assert_eq!(link["server"], Value::from(office.url.clone()));
    assert_eq!(link["fingerprint"], Value::from(office.fingerprint.clone()));

    let theirs: i64 = Store::open_reader(&office.db)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE u.code = 'xa-my-ha'", [], |r| r.get(0))
        .unwrap();
    let sync = report(&office.unit(&["sync"]));
    assert_eq!(sync, serde_json::json!({ "pulled": theirs, "sent": 0, "conflicts": 0 }));
    let lines: Vec<Value> = serde_json::from_str(&ok(&office.unit(&["tasks", "list", "--json"]))).unwrap();
    assert_eq!(lines.len() as i64, theirs);
    assert!(lines.iter().all(|l| l["unit"] == "xa-my-ha"), "only the unit's parts: {lines:?}");
    ok(&office.unit(&["remind", "--once", "--at", "2023-03-01T07:30:00+07:00"]));

    // The office's data is not the unit's to write.
    let add = err(&office.unit(&["tasks", "add", "--title", "Việc mới", "--source", "TB số 1", "--unit", "xa-my-ha"]));
    assert!(add.contains("Máy đơn vị chỉ giữ bản sao"), "{add}");
    assert!(err(&office.unit(&["demo"])).contains("Máy đơn vị chỉ giữ bản sao"));

    // Logged out: the token has left the keyring, the next sync asks to log in again.
    ok(&office.unit(&["disconnect"]));
    let again = err(&office.unit(&["sync"]));
    assert!(again.contains("unauthenticated") && again.contains("hãy đăng nhập lại"), "{again}");
}

#[test]
fn a_tick_queued_while_the_office_is_stopped_arrives_once_when_it_is_back() {
    let mut office = Office::start();
    office.connected();
    let part = office.open_part();
    office.stop();
    let id = part.to_string();
    let out = office.unit(&["tasks", "done", &id, "--on", "27/02/2023", "--note", "Đã xong", "--value", "70"]);
    let text = ok(&out);
    assert!(text.contains("đã xếp hàng") && text.contains("khi kết nối được"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không kết nối được tới Văn phòng"));
    let lines: Vec<Value> = serde_json::from_str(&ok(&office.unit(&["tasks", "list", "--json"]))).unwrap();
    let mine = lines.iter().find(|l| l["id"] == part).unwrap();
    assert_eq!(mine["state"], "done", "the unit sees its tick at once: {mine}");
    let offline = err(&office.unit(&["sync"]));
    assert!(offline.contains("unreachable"), "{offline}");

    office.restart();
    assert_eq!(report(&office.unit(&["sync"]))["sent"], 1);
    assert_eq!(office.ticks(part), 1, "the office has it");
    assert_eq!(report(&office.unit(&["sync"]))["sent"], 0, "nothing left to send");
    assert_eq!(office.ticks(part), 1, "once");
}

#[test]
fn a_tick_on_a_part_the_office_cancelled_meanwhile_is_a_conflict() {
    let mut office = Office::start();
    office.connected();
    let part = office.open_part();
    office.stop();
    ok(&office.unit(&["tasks", "done", &part.to_string(), "--on", "27/02/2023", "--value", "70"]));
    Store::open(&office.db).unwrap().cancel_assignment(&Ctx::new(Utc::now(), "Văn phòng"), part, "Gộp vào báo cáo quý").unwrap();
    office.restart();
    let out = office.unit(&["sync"]);
    assert_eq!(report(&out), serde_json::json!({ "pulled": report(&out)["pulled"], "sent": 1, "conflicts": 1 }));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Gộp vào báo cáo quý"), "the reason is shown");
    assert_eq!(office.ticks(part), 0);
}

#[test]
fn an_expired_session_asks_to_log_in_again() {
    let office = Office::start();
    office.connected();
    let s = Store::open(&office.db).unwrap();
    s.conn().execute("DELETE FROM portal_session", []).unwrap();
    let out = err(&office.unit(&["sync"]));
    assert!(out.contains("unauthenticated") && out.contains("Phiên đăng nhập của máy đơn vị đã hết hạn; hãy đăng nhập lại."), "{out}");
    let link = Store::open_reader(&office.unit_db).unwrap().desk_link().unwrap().unwrap();
    assert!(link.problem.unwrap_or_default().contains("hết hạn"), "the window can say why");
}
