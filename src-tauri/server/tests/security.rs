//! The portal's security, each case a real HTTPS request (ureq on rustls, the portal's
//! certificate pinned as the only root) to a server on a free port over a temporary store
//! holding the demo conference.

mod harness;

use std::io::{Read, Write};
use std::sync::atomic::Ordering;
use std::time::Duration;

use harness::start;
use serde_json::{json, Value};

#[test]
fn every_endpoint_refuses_a_request_without_a_session_or_from_another_origin() {
    let p = start(100);
    let id = p.part_of("xa-my-ha");
    let table: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/session".into(), None),
        ("DELETE", "/api/session".into(), None),
        ("PUT", "/api/session/password".into(), Some(json!({ "old": "a", "new": "b" }))),
        ("GET", "/api/my/assignments?at=2023-02-27".into(), None),
        ("GET", format!("/api/my/assignments/{id}"), None),
        ("POST", format!("/api/my/assignments/{id}/done"), Some(json!({ "on": "27/02/2023", "note": "x" }))),
        ("POST", format!("/api/my/assignments/{id}/note"), Some(json!({ "note": "x" }))),
        ("POST", format!("/api/my/assignments/{id}/evidence"), Some(json!({}))),
        ("POST", format!("/api/my/assignments/{id}/extension"), Some(json!({ "until": "30/06/2023", "reason": "x" }))),
        ("GET", "/api/my/extension-requests".into(), None),
        ("GET", "/api/my/events".into(), None),
    ];
    let before = p.snapshot();
    for (method, path, body) in &table {
        let a = p.call(method, path, None, Some(&p.origin()), body.clone());
        assert_eq!((a.status, a.body["code"].as_str()), (401, Some("unauthenticated")), "{method} {path} without a session");
        assert!(a.body["message"].as_str().unwrap().contains("đăng nhập"), "Vietnamese: {}", a.body);
        // A forged cookie is no session either.
        let a = p.call(method, path, Some(&"ab".repeat(32)), Some(&p.origin()), body.clone());
        assert_eq!(a.status, 401, "{method} {path} with a made-up token");
    }

    // With a real session, a state-changing call from another site or with no Origin is refused.
    let cookie = p.unit_session("xa-my-ha");
    for (method, path, body) in table.iter().filter(|(m, ..)| *m != "GET") {
        for origin in [Some("https://evil.example"), Some("http://127.0.0.1"), None] {
            let a = p.call(method, path, Some(&cookie), origin, body.clone());
            assert_eq!((a.status, a.body["code"].as_str()), (403, Some("bad_origin")), "{method} {path} from {origin:?}");
        }
    }
    let login = p.call("POST", "/api/session", None, Some("https://evil.example"), Some(json!({ "user": "xa-my-ha", "password": "Doimatkhau2023" })));
    assert_eq!(login.status, 403, "a log-in posted by another site");
    assert_eq!(p.snapshot().split('\n').nth(1), before.split('\n').nth(1), "no request was filed");
    assert_eq!(p.get("/api/my/assignments", Some(&cookie)).status, 200, "the session still works");
}

#[test]
fn a_unit_cannot_read_or_change_another_units_part() {
    let p = start(100);
    let my_ha = p.unit_session("xa-my-ha");
    let theirs = p.part_of("xa-my-phuc");
    let list = p.get("/api/my/assignments?at=2023-02-27", Some(&my_ha));
    assert_eq!(list.status, 200);
    let rows = list.body.as_array().unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["unit"] == "xa-my-ha"), "{rows:?}");
    for field in ["id", "task_id", "unit", "title", "deadline", "status", "state", "completed_on", "reported_value", "conference_id", "period"] {
        assert!(rows[0].get(field).is_some(), "the fields of tasks list --json: {field}");
    }
    assert!(!rows.iter().any(|r| r["id"] == theirs));

    let before = p.snapshot();
    let cases: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", format!("/api/my/assignments/{theirs}"), None),
        ("POST", format!("/api/my/assignments/{theirs}/done"), Some(json!({ "on": "27/02/2023", "note": "xong", "value": 70 }))),
        ("POST", format!("/api/my/assignments/{theirs}/note"), Some(json!({ "note": "đang làm" }))),
        ("POST", format!("/api/my/assignments/{theirs}/extension"), Some(json!({ "until": "30/06/2024", "reason": "thiếu người" }))),
        ("GET", "/api/my/assignments/abc".into(), None),
    ];
    for (method, path, body) in cases {
        let a = p.call(method, &path, Some(&my_ha), Some(&p.origin()), body);
        assert_eq!((a.status, a.body["code"].as_str()), (404, Some("not_found")), "{method} {path}");
    }
    assert_eq!(p.upload(&my_ha, theirs, "bc.pdf", b"%PDF-1.4").status, 404);
    assert_eq!(p.snapshot(), before, "nothing changed, no file written");
}

#[test]
fn the_sixth_wrong_password_meets_a_locked_account_and_an_address_is_throttled() {
    let p = start(100);
    let initial = p.enable("xa-my-tan");
    for i in 1..=5 {
        let a = p.post("/api/session", None, json!({ "user": "xa-my-tan", "password": "sai" }));
        assert_eq!((a.status, a.body["code"].as_str()), (401, Some("wrong_credentials")), "attempt {i}");
        assert!(a.cookie.is_none());
    }
    let a = p.post("/api/session", None, json!({ "user": "xa-my-tan", "password": "sai" }));
    assert_eq!((a.status, a.body["code"].as_str()), (429, Some("account_locked")), "6th");
    let a = p.post("/api/session", None, json!({ "user": "xa-my-tan", "password": initial }));
    assert_eq!(a.status, 429, "the right password waits too");
    p.offset.store(15 * 60 + 10, Ordering::SeqCst);
    assert_eq!(p.post("/api/session", None, json!({ "user": "xa-my-tan", "password": initial })).status, 200, "15 minutes later");

    let q = start(3);
    for _ in 0..3 {
        assert_eq!(q.post("/api/session", None, json!({ "user": "x", "password": "y" })).status, 401);
    }
    let a = q.post("/api/session", None, json!({ "user": "x", "password": "y" }));
    assert_eq!((a.status, a.body["code"].as_str()), (429, Some("throttled")), "per-address throttle");
}

#[test]
fn expired_and_logged_out_sessions_are_refused_and_the_initial_password_must_change() {
    let p = start(100);
    let initial = p.enable("xa-my-ha");
    let first = p.post("/api/session", None, json!({ "user": "xa-my-ha", "password": initial }));
    assert_eq!(first.status, 200);
    assert_eq!(first.body["mustChange"], true);
    let c0 = first.cookie.clone().unwrap();
    for path in ["/api/my/assignments", "/api/my/extension-requests", "/api/my/events"] {
        let a = p.get(path, Some(&c0));
        assert_eq!((a.status, a.body["code"].as_str()), (403, Some("password_change_required")), "{path}");
    }
    let a = p.post(&format!("/api/my/assignments/{}/note", p.part_of("xa-my-ha")), Some(&c0), json!({ "note": "x" }));
    assert_eq!(a.status, 403, "writes too");
    let weak = p.call("PUT", "/api/session/password", Some(&c0), Some(&p.origin()), Some(json!({ "old": initial, "new": "123" })));
    assert_eq!((weak.status, weak.body["code"].as_str()), (400, Some("weak_password")));
    let changed = p.call("PUT", "/api/session/password", Some(&c0), Some(&p.origin()), Some(json!({ "old": initial, "new": "Doimatkhau2023" })));
    assert_eq!(changed.status, 204);
    let c1 = changed.cookie.unwrap();
    assert_eq!(p.get("/api/my/assignments", Some(&c0)).status, 401, "the old session ended with the change");
    assert_eq!(p.get("/api/my/assignments", Some(&c1)).status, 200);

    let out = p.call("DELETE", "/api/session", Some(&c1), Some(&p.origin()), None);
    assert_eq!(out.status, 204);
    assert_eq!(p.get("/api/my/assignments", Some(&c1)).status, 401, "logged out");

    let c2 = p.post("/api/session", None, json!({ "user": "xa-my-ha", "password": "Doimatkhau2023" })).cookie.unwrap();
    p.offset.store(8 * 3600 - 5, Ordering::SeqCst);
    assert_eq!(p.get("/api/my/assignments", Some(&c2)).status, 200, "used before 8 h");
    p.offset.store(2 * 8 * 3600 - 10, Ordering::SeqCst);
    assert_eq!(p.get("/api/session", Some(&c2)).status, 200, "idle time starts again at each use");
    p.offset.store(3 * 8 * 3600, Ordering::SeqCst);
    let a = p.get("/api/my/assignments", Some(&c2));
    assert_eq!((a.status, a.body["code"].as_str()), (401, Some("unauthenticated")), "idle 8 h");
}

#[test]
fn uploads_are_limited_named_safely_and_notes_come_back_as_text() {
    let p = start(100);
    let cookie = p.unit_session("xa-my-ha");
    let id = p.part_of("xa-my-ha");
    let mut events = p.agent.get(&format!("{}/api/my/events", p.base)).set("Cookie", &format!("__Host-dondoc={cookie}")).call().unwrap().into_reader();

    let before = p.snapshot();
    let big = p.upload(&cookie, id, "bao-cao.pdf", &vec![b'x'; 21 * 1024 * 1024]);
    assert_eq!((big.status, big.body["code"].as_str()), (413, Some("too_large")));
    assert!(big.body["message"].as_str().unwrap().contains("20 MB"), "{}", big.body);
    let exe = p.upload(&cookie, id, "virus.exe", b"MZ");
    assert_eq!((exe.status, exe.body["code"].as_str()), (415, Some("unsupported_file_type")));
    assert_eq!(p.snapshot(), before, "refused uploads leave nothing");

    let ok = p.upload(&cookie, id, "../../x.pdf", b"%PDF-1.4 bao cao");
    assert_eq!(ok.status, 201, "{:?}", ok.body);
    let stored = ok.body["storedPath"].as_str().unwrap();
    let root = p.evidence_dir().canonicalize().unwrap();
    let path = root.join(stored).canonicalize().unwrap();
    assert!(path.starts_with(&root) && path.is_file(), "{} inside {}", path.display(), root.display());
    assert!(!stored.contains(".."), "{stored}");
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4 bao cao");

    let note = "<script>alert('x')</script> & <b>đậm</b>";
    assert_eq!(p.post(&format!("/api/my/assignments/{id}/note"), Some(&cookie), json!({ "note": note })).status, 204);
    let detail = p.call("GET", &format!("/api/my/assignments/{id}"), Some(&cookie), None, None);
    assert_eq!(detail.body["row"]["progressNote"], note, "stored and returned as the same text, in JSON");
    assert!(detail.body["history"].as_array().unwrap().iter().any(|h| h["actor"] == "UBND xã Mỹ Hà (cổng đơn vị)"));
    let raw = p.agent.get(&format!("{}/api/my/assignments/{id}", p.base)).set("Cookie", &format!("__Host-dondoc={cookie}")).call().unwrap();
    assert_eq!(raw.header("content-type"), Some("application/json"), "never HTML");
    assert_eq!(raw.header("x-content-type-options"), Some("nosniff"));
    assert!(raw.header("content-security-policy").unwrap().contains("default-src 'self'"));

    let done = p.post(&format!("/api/my/assignments/{id}/done"), Some(&cookie), json!({ "on": "27/02/2023", "note": "Đã xong", "value": 65 }));
    assert_eq!(done.status, 204, "{:?}", done.body);
    // The open page heard of it (the upload came first).
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    while !seen.contains("\"done\"") {
        let n = events.read(&mut buf).unwrap();
        assert!(n > 0, "the event stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("event: changed") && seen.contains(&format!("\"assignment_id\":{id}")), "{seen}");
}

#[test]
fn plain_http_on_the_port_gets_no_data() {
    let p = start(100);
    let addr = p.handle.as_ref().unwrap().local_addr;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(format!("GET /api/my/assignments HTTP/1.1\r\nHost: {addr}\r\n\r\nGET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got);
    assert!(!text.contains("HTTP/1.1") && !text.contains("Cổng") && !text.contains("code"), "{text:?}");
}
