//! The desk's routes (issue 18), each case a real HTTPS request: `GET /api/desk/mirror` and
//! `POST /api/desk/actions` for a unit's session only, an action applied once however often
//! it arrives, and a desk's session that outlives a night with the machine off.

mod harness;

use std::sync::atomic::Ordering;

use chrono::Utc;
use dondoc_core::portal::Role;
use dondoc_core::Store;
use harness::{start, Portal};
use serde_json::{json, Value};

/// Logs `user` in with `password` (as a desk when `desk`): the cookie.
fn log_in(p: &Portal, user: &str, password: &str, desk: bool) -> String {
    let a = p.post("/api/session", None, json!({ "user": user, "password": password, "desk": desk }));
    assert_eq!(a.status, 200, "{:?}", a.body);
    a.cookie.expect("a session cookie")
}

/// A queued tick of `part` as a desk sends it, with the part's state as the office has it.
fn tick(p: &Portal, key: &str, part: i64) -> Value {
    let s = Store::open_reader(&p.db).unwrap();
    let (state, updated): (String, String) =
        s.conn().query_row("SELECT state, updated_at FROM assignment WHERE id = ?1", [part], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    json!([{ "key": key, "assignment_id": part, "kind": "done", "body": { "on": "27/02/2023", "note": "Đã xong", "value": 70 },
             "base_state": state, "base_updated": updated, "queued_at": "2023-02-27T01:00:00Z" }])
}

#[test]
fn desk_routes_refuse_no_session_an_unchanged_password_and_the_offices_accounts() {
    let p = start(100);
    let part = p.part_of("xa-my-ha");
    let before = p.snapshot();
    for (method, path, body) in [("GET", "/api/desk/mirror", None), ("POST", "/api/desk/actions", Some(tick(&p, "k-no-session-0000001", part)))] {
        let a = p.call(method, path, None, Some(&p.origin()), body);
        assert_eq!((a.status, a.body["code"].as_str()), (401, Some("unauthenticated")), "{method} {path} without a session");
    }

    // A unit that has not changed its initial password yet: 403 as on every other route.
    let initial = p.enable("xa-my-ha");
    let first = log_in(&p, "xa-my-ha", &initial, true);
    let a = p.get("/api/desk/mirror", Some(&first));
    assert_eq!((a.status, a.body["code"].as_str()), (403, Some("password_change_required")), "{:?}", a.body);

    // The office's and a leader's accounts have no desk, even logged in "as a desk".
    let mut s = Store::open(&p.db).unwrap();
    let ctx = dondoc_core::Ctx::new(Utc::now(), "Văn phòng");
    for (user, role) in [("van-phong", Role::Office), ("chu-tich", Role::Leader)] {
        let initial = s.add_office_account(&ctx, user, "Tài khoản thử", role).unwrap().password;
        let cookie = log_in(&p, user, &initial, true);
        let changed = p.call("PUT", "/api/session/password", Some(&cookie), Some(&p.origin()), Some(json!({ "old": initial, "new": "Doimatkhau2023" })));
        assert_eq!(changed.status, 204, "{:?}", changed.body);
        let cookie = changed.cookie.unwrap();
        let a = p.get("/api/desk/mirror", Some(&cookie));
        assert_eq!((a.status, a.body["code"].as_str()), (403, Some("forbidden")), "{user}: {:?}", a.body);
        let a = p.post("/api/desk/actions", Some(&cookie), tick(&p, &format!("k-{user}-000000000000"), part));
        assert_eq!((a.status, a.body["code"].as_str()), (403, Some("forbidden")), "{user}: {:?}", a.body);
    }
    assert!(s.desk_contacts().unwrap().is_empty(), "no desk was seen");
    assert!(p.snapshot() == before, "nothing applied");
}

#[test]
fn the_mirror_is_the_units_own_and_a_replayed_action_is_applied_once() {
    let p = start(100);
    p.unit_session("xa-my-ha");
    let cookie = log_in(&p, "xa-my-ha", "Doimatkhau2023", true);
    let mirror = p.get("/api/desk/mirror", Some(&cookie));
    assert_eq!(mirror.status, 200, "{:?}", mirror.body);
    assert_eq!(mirror.body["format"], "dondoc-mirror");
    assert_eq!(mirror.body["unit"]["code"], "xa-my-ha");
    let unit_id = mirror.body["unit"]["id"].as_i64().unwrap();
    let parts = mirror.body["tables"]["assignment"].as_array().unwrap();
    assert!(!parts.is_empty() && parts.iter().all(|r| r["unit_id"] == unit_id), "only the unit's parts: {parts:?}");
    let s = Store::open_reader(&p.db).unwrap();
    let seen = s.desk_contacts().unwrap();
    assert_eq!(seen.iter().map(|c| c.unit_code.as_str()).collect::<Vec<_>>(), ["xa-my-ha"], "the office knows the desk called");

    let part = p.part_of("xa-my-ha");
    let mut events = p.handle.as_ref().unwrap().subscribe();
    let action = tick(&p, "k-replayed-0000000001", part);
    let first = p.post("/api/desk/actions", Some(&cookie), action.clone());
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body, json!([{ "key": "k-replayed-0000000001", "outcome": "applied", "message": null, "replayed": false }]));
    // The answer was lost on the way: the desk sends the same action again.
    let again = p.post("/api/desk/actions", Some(&cookie), action);
    assert_eq!(again.body[0]["outcome"], "applied");
    assert_eq!(again.body[0]["replayed"], true);
    let ticks: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND field = 'state' AND new_value = 'done'", [part], |r| r.get(0))
        .unwrap();
    assert_eq!(ticks, 1, "applied once");
    let change = events.try_recv().expect("the applied action is announced");
    assert_eq!((change.assignment_id, change.what.as_str(), change.unit_id), (part, "done", Some(unit_id)));
    assert!(events.try_recv().is_err(), "the replay is not announced again");
}

#[test]
fn a_desks_session_survives_nine_idle_hours_a_browsers_does_not() {
    let p = start(100);
    p.unit_session("xa-my-ha");
    let desk = log_in(&p, "xa-my-ha", "Doimatkhau2023", true);
    let browser = log_in(&p, "xa-my-ha", "Doimatkhau2023", false);
    assert_eq!(p.get("/api/desk/mirror", Some(&browser)).status, 200, "a browser's session may read the mirror while it lasts");
    p.offset.fetch_add(9 * 3600, Ordering::SeqCst);
    let a = p.get("/api/desk/mirror", Some(&desk));
    assert_eq!(a.status, 200, "the desk was off overnight: {:?}", a.body);
    let a = p.get("/api/my/assignments", Some(&browser));
    assert_eq!((a.status, a.body["code"].as_str()), (401, Some("unauthenticated")), "the browser's session ended after 8 idle hours");
    let a = p.get("/api/desk/mirror", Some(&browser));
    assert_eq!(a.status, 401);
}
