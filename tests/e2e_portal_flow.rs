//! End-to-end (issue 17, the portal's page): a unit's whole visit in a real Chromium, against a
//! fake of the portal's HTTP contract kept in this test (the real server is tested with it
//! later): log in with the slip's password (Enter), be made to change it, see the list (open
//! first, overdue on top, "Đã xong" apart), get a new part pushed by server-sent events without
//! reloading, open a part (a `<script>` in its history stays text), be refused a 21 MB file
//! before anything is sent, tick it done with a PDF (the file first, then the tick), ask for
//! more time, add a progress note, log out — at 360 px (a phone) and at 1280 px, screenshots
//! in `target/e2e/portal-flow-*.png`.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/page_server.rs"]
mod page_server;
mod support;

use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use browser::Browser;
use page_server::{reply, reply_json, Request};
use serde_json::{json, Value};

const SLIP: &str = "Slip-2345";
const NEW: &str = "Mat-khau-moi-2026";
const SCRIPT: &str = "<script>alert(\"x\")</script>";
const OVERDUE: &str = "Báo cáo kết quả cải cách hành chính quý I";

/// One part as `GET /api/my/assignments` answers it (the window's AssignmentRow).
fn row(id: i64, title: &str, status: &str, label: &str, deadline: Option<&str>, completed: Option<&str>) -> Value {
    let state = if completed.is_some() { "done" } else { "in_progress" };
    json!({"id": id, "taskId": 100 + id, "taskTitle": title, "starred": false, "unitId": 7, "unitCode": "MY_HA",
        "unitName": "UBND xã Mỹ Hà", "conferenceId": 1, "conferenceTitle": "Hội nghị giao ban tháng 02/2023", "period": "",
        "periodLabel": null, "opensOn": "2023-02-20", "deadline": deadline, "state": state, "completedOn": completed,
        "progressNote": null, "stateReason": null, "reportedValue": null, "target": null, "status": status, "statusLabel": label})
}

/// The fake portal: one unit account, its parts, and the open event streams.
struct Fake {
    signed_in: bool,
    must_change: bool,
    rows: Vec<Value>,
    evidence: Vec<Value>,
    streams: Vec<Sender<()>>,
}

impl Fake {
    fn new() -> Fake {
        Fake {
            signed_in: false,
            must_change: true,
            rows: vec![
                row(1, "Rà soát hộ nghèo", "in_progress", "Đang thực hiện trong hạn", Some("2099-12-31"), None),
                row(2, OVERDUE, "overdue", "Quá hạn chưa hoàn thành", Some("2023-03-15"), None),
                row(3, "Tổng kết phong trào thi đua", "done_on_time", "Hoàn thành đúng hạn", Some("2023-03-01"), Some("2023-02-27")),
            ],
            evidence: Vec::new(),
            streams: Vec::new(),
        }
    }

    /// Tells every open page that the list changed.
    fn push(&mut self) {
        self.streams.retain(|s| s.send(()).is_ok());
    }
}

fn err(conn: &mut TcpStream, status: u16, code: &str, message: &str) {
    reply_json(conn, status, &json!({"code": code, "message": message}));
}

/// The contract, as far as this visit needs it.
fn api(fake: &Mutex<Fake>, req: &Request, conn: &mut TcpStream) -> bool {
    if !req.path.starts_with("/api/") {
        return false;
    }
    let mut f = fake.lock().unwrap();
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let m = req.method.as_str();
    if (m, req.path.as_str()) == ("POST", "/api/session") {
        if body["password"] == SLIP {
            f.signed_in = true;
            reply_json(conn, 200, &json!({"user": body["user"]}));
        } else {
            err(conn, 401, "wrong_credentials", "Sai tên đăng nhập hoặc mật khẩu.");
        }
        return true;
    }
    if !f.signed_in {
        err(conn, 401, "unauthenticated", "Chưa đăng nhập.");
        return true;
    }
    match (m, req.path.as_str()) {
        ("PUT", "/api/session/password") => {
            assert_eq!(body, json!({"old": SLIP, "new": NEW}), "the password change carries the contract's fields");
            f.must_change = false;
            reply(conn, 204, "text/plain", b"");
        }
        ("DELETE", "/api/session") => {
            f.signed_in = false;
            reply(conn, 204, "text/plain", b"");
        }
        _ if f.must_change => err(conn, 403, "password_change_required", "Hãy đổi mật khẩu trước."),
        ("GET", "/api/my/events") => {
            let (tx, rx) = channel();
            f.streams.push(tx);
            drop(f);
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
            while rx.recv().is_ok() {
                if conn.write_all(b"data: changed\n\n").is_err() {
                    break;
                }
            }
        }
        ("GET", "/api/my/assignments") => reply_json(conn, 200, &Value::Array(f.rows.clone())),
        ("GET", "/api/my/assignments/2") => {
            let history = json!([{"entity": "assignment", "entityId": 2, "field": "progress_note", "oldValue": null, "newValue": SCRIPT,
                "actor": "UBND xã Mỹ Hà (cổng đơn vị)", "at": "2023-02-21T02:00:00Z"}]);
            let detail = json!({"row": f.rows[1], "evidence": f.evidence, "extensions": [], "history": history,
                "directiveText": "Các xã, thị trấn đẩy mạnh cải cách hành chính."});
            reply_json(conn, 200, &detail);
        }
        ("GET", "/api/my/assignments/1") => reply_json(conn, 200, &json!({"row": f.rows[0], "evidence": [], "extensions": [], "history": []})),
        ("POST", "/api/my/assignments/2/evidence") => {
            let ev = json!({"id": 9, "fileName": "bao-cao.pdf", "storedPath": "", "addedAt": "2023-03-20T03:00:00Z"});
            f.evidence.push(ev.clone());
            reply_json(conn, 201, &ev);
        }
        ("POST", "/api/my/assignments/2/done") => {
            f.rows[1] = row(2, OVERDUE, "done_late", "Hoàn thành quá hạn", Some("2023-03-15"), body["on"].as_str());
            reply(conn, 204, "text/plain", b"");
        }
        ("POST", "/api/my/assignments/1/extension") | ("POST", "/api/my/assignments/1/notes") => reply_json(conn, 201, &json!({})),
        _ => err(conn, 404, "not_found", "Không tìm thấy."),
    }
    true
}

/// The requests the page sent to `path` with `method`, in order.
fn sent(seen: &page_server::Seen, method: &str, path: &str) -> Vec<Request> {
    seen.lock().unwrap().iter().filter(|r| r.method == method && r.path == path).cloned().collect()
}

fn visit(width: u32, height: u32) {
    let Some(dir) = page_server::dist() else { return };
    let fake = Arc::new(Mutex::new(Fake::new()));
    let state = fake.clone();
    let (url, seen) = page_server::serve(dir, Arc::new(move |req, conn| api(&state, req, conn)));
    let Some(b) = Browser::open(width, height) else { return };
    let shot = |name: &str| b.screenshot(&format!("portal-flow-{name}-{width}"));
    b.goto(&url);

    // The slip's password, then the forced change (a mismatch is caught in the page).
    b.type_into(&b.id("login-user"), "ubnd-my-ha");
    b.type_into(&b.id("login-password"), SLIP);
    let outline = b.eval("const s = getComputedStyle(document.activeElement); return [document.activeElement.dataset.testid, s.outlineStyle]");
    assert_eq!(outline, json!(["login-password", "solid"]), "the focused field shows its focus");
    b.type_into(&b.id("login-password"), "\n");
    b.id("password-forced");
    assert_eq!(b.count("[data-testid=nav-my-list]"), 0, "nothing but the password change (and leaving) until it is done");
    b.id("nav-logout");
    b.type_into(&b.id("password-old"), SLIP);
    b.type_into(&b.id("password-new"), NEW);
    b.type_into(&b.id("password-again"), "khac\n");
    b.wait_text("password-error", "Hai lần nhập mật khẩu mới không giống nhau.");
    assert!(sent(&seen, "PUT", "/api/session/password").is_empty(), "a mismatch is not sent");
    shot("password");
    b.clear(&b.id("password-again"));
    b.type_into(&b.id("password-again"), &format!("{NEW}\n"));

    // The list: open parts first, the overdue one on top; the done one apart.
    let first = b.el("[data-testid=my-open] [data-testid=my-row]");
    assert_eq!(b.attr(&first, "data-status").as_deref(), Some("overdue"), "the overdue part comes first");
    assert!(b.text(&first).contains(OVERDUE) && b.text(&first).contains("Hạn 15/03/2023"), "{}", b.text(&first));
    assert_eq!(b.count("[data-testid=my-open] [data-testid=my-row]"), 2);
    assert_eq!(b.count("[data-testid=my-done] [data-testid=my-row]"), 1);
    assert!(b.text(&b.el("main")).contains("1 quá hạn"), "the heading counts the overdue");

    // A part given meanwhile appears without a reload, pushed by the event stream.
    let until = Instant::now() + Duration::from_secs(10);
    while fake.lock().unwrap().streams.is_empty() {
        assert!(Instant::now() < until, "the page opened no event stream");
        std::thread::sleep(Duration::from_millis(50));
    }
    {
        let mut f = fake.lock().unwrap();
        f.rows.push(row(4, "Phần việc mới giao", "open_no_deadline", "Chưa có thời hạn", None, None));
        f.push();
    }
    b.wait_for("the pushed part in the list", || (b.count("[data-testid=my-row]") == 4).then_some(()));
    shot("list");

    // The part's page: its context, and a history entry that is text, never markup.
    // With the keyboard: Enter on the focused row opens it, and the focus is visible.
    let open = b.xpath(&format!("//button[@data-testid='my-row-open'][.//span[normalize-space()='{OVERDUE}']]"));
    b.type_into(&open, "\n");
    let page = b.text(&b.id("my-task"));
    for want in ["Các xã, thị trấn đẩy mạnh cải cách hành chính.", "Hội nghị giao ban tháng 02/2023", "15/03/2023", SCRIPT] {
        assert!(page.contains(want), "the part's page shows {want:?}: {page}");
    }
    assert_eq!(b.eval("return document.querySelectorAll('script').length"), json!(1), "only the page's own module script");

    // Over 20 MB: refused in the page, nothing sent.
    let files = tempfile::tempdir().unwrap();
    let big = files.path().join("lon.pdf");
    std::fs::File::create(&big).unwrap().set_len(21 * 1024 * 1024).unwrap();
    b.click(&b.id("my-tick"));
    b.wait_text("tick-file-rule", "Mỗi tệp tối đa 20 MB; định dạng: pdf, doc, docx, xls, xlsx, odt, ods, jpg, png.");
    b.type_into(&b.id("tick-files"), big.to_str().unwrap());
    b.click(&b.id("tick-save"));
    b.wait_text("tick-error", "Tệp “lon.pdf” nặng 21,0 MB, vượt quá giới hạn 20 MB.");
    assert!(sent(&seen, "POST", "/api/my/assignments/2/evidence").is_empty(), "nothing is uploaded");
    shot("too-large");
    b.click(&b.xpath("//dialog[@data-testid='tick-dialog']//button[normalize-space()='Hủy']"));

    // A PDF and a note: the file goes first, then the tick with the contract's fields.
    let pdf = files.path().join("bao-cao.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% bao cao\n").unwrap();
    b.click(&b.id("my-tick"));
    b.type_into(&b.id("tick-files"), pdf.to_str().unwrap());
    b.type_into(&b.id("tick-note"), "Đã nộp báo cáo");
    b.click(&b.id("tick-save"));
    b.wait_text("my-ok", "Đã đánh dấu hoàn thành.");
    b.wait_for("the evidence on the part's page", || (b.count("[data-testid=evidence]") == 1).then_some(()));
    let order: Vec<String> = seen.lock().unwrap().iter().filter(|r| r.method == "POST").map(|r| r.path.clone()).collect();
    assert_eq!(order[order.len() - 2..], ["/api/my/assignments/2/evidence", "/api/my/assignments/2/done"], "the file, then the tick");
    let upload = sent(&seen, "POST", "/api/my/assignments/2/evidence").remove(0).text();
    assert!(upload.contains("filename=\"bao-cao.pdf\"") && upload.contains("%PDF-1.4"), "multipart with the file: {upload}");
    let done: Value = serde_json::from_slice(&sent(&seen, "POST", "/api/my/assignments/2/done")[0].body).unwrap();
    let today = b.eval("return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10)");
    assert_eq!(done, json!({"on": today, "note": "Đã nộp báo cáo", "value": null}));
    shot("done");

    // More time for another part, and a progress note.
    b.click(&b.id("my-back"));
    b.click(&b.xpath("//button[@data-testid='my-row-open'][.//span[normalize-space()='Rà soát hộ nghèo']]"));
    b.click(&b.id("my-extension"));
    b.type_into(&b.id("my-until"), "30/04/2023");
    b.type_into(&b.id("my-text"), "Chờ số liệu của thôn");
    b.click(&b.id("my-save"));
    b.wait_text("my-ok", "Đã gửi đề nghị gia hạn; Văn phòng sẽ xem xét.");
    let asked: Value = serde_json::from_slice(&sent(&seen, "POST", "/api/my/assignments/1/extension")[0].body).unwrap();
    assert_eq!(asked, json!({"until": "2023-04-30", "reason": "Chờ số liệu của thôn"}));
    b.click(&b.id("my-note"));
    b.type_into(&b.id("my-text"), "Đã rà soát 3/5 thôn");
    b.click(&b.id("my-save"));
    b.wait_text("my-ok", "Đã ghi tiến độ.");
    let note: Value = serde_json::from_slice(&sent(&seen, "POST", "/api/my/assignments/1/notes")[0].body).unwrap();
    assert_eq!(note, json!({"note": "Đã rà soát 3/5 thôn"}));

    let overflow = b.eval("return document.documentElement.scrollWidth - window.innerWidth");
    assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scroll at {width} px (overflow {overflow})");
    let csp: Vec<String> = b.console().into_iter().filter(|m| m.contains("Content Security Policy")).collect();
    assert!(csp.is_empty(), "the page breaks no rule of its CSP: {csp:?}");

    b.click(&b.id("nav-logout"));
    b.wait_text("login-notice", "Đã đăng xuất.");
    assert_eq!(sent(&seen, "DELETE", "/api/session").len(), 1);
}

#[test]
fn a_units_visit_on_a_phone() {
    visit(360, 740);
}

#[test]
fn a_units_visit_at_desktop_width() {
    visit(1280, 800);
}
