//! The unit portal's core: accounts, lockout, sessions, a unit's scope, extension requests.

use chrono::{DateTime, Duration, Utc};
use dondoc_core::portal::{AssignmentLine, Caller, PageQuery, Role, Token};
use dondoc_core::rules::part::Completion;
use dondoc_core::{demo, export, Store};

use super::{ctx, store, unit};

/// The whole store as the export writes it: "nothing changed" compares two of these.
fn snapshot(store: &Store) -> String {
    let mut out = Vec::new();
    export::write_json(store.conn(), &mut out).unwrap();
    let requests: i64 = store.conn().query_row("SELECT count(*) FROM extension_request", [], |r| r.get(0)).unwrap();
    format!("{}\n{requests} extension requests", String::from_utf8(out).unwrap())
}

fn demo_store() -> Store {
    let mut s = store();
    demo::load(&mut s, &ctx()).unwrap();
    s
}

fn now() -> DateTime<Utc> {
    ctx().now
}

fn unit_caller(s: &Store, code: &str) -> Caller {
    let name = s.units().unwrap().into_iter().find(|u| u.code == code).unwrap().name;
    Caller::Unit { unit_id: unit(s, code), name }
}

/// Every line `caller` sees today (one page of 500 holds the demo's).
fn lines(s: &Store, caller: &Caller) -> Vec<AssignmentLine> {
    let page = s.portal_page(caller, ctx().today(), &PageQuery::parse(None, Some("500"), None).unwrap()).unwrap();
    assert!(page.next.is_none(), "one page holds them");
    page.lines
}

/// The first open part of unit `code` in the demo conference.
fn part_of(s: &Store, code: &str) -> i64 {
    let caller = unit_caller(s, code);
    let lines = lines(s, &caller);
    lines.iter().find(|l| l.line.state != "done").unwrap_or_else(|| panic!("{code} has an open part")).line.id
}

/// Mỹ Hà's account, enabled, password changed to `Matkhau2023`: a session token.
fn my_ha_logged_in(s: &mut Store) -> Token {
    let first = s.enable_unit_account(&ctx(), "xa-my-ha").unwrap();
    let login = s.portal_login(now(), "xa-my-ha", &first.password).unwrap();
    assert!(login.session.must_change);
    s.change_portal_password(now(), &login.token, &first.password, "Matkhau2023").unwrap().token
}

#[test]
fn a_unit_sees_only_its_own_parts_and_cannot_touch_another_units() {
    let mut s = demo_store();
    let my_ha = unit_caller(&s, "xa-my-ha");
    let mine = lines(&s, &my_ha);
    assert!(!mine.is_empty(), "the demo conference gives Mỹ Hà work");
    assert!(mine.iter().all(|l| l.line.unit == "xa-my-ha"), "{mine:?}");

    let theirs = part_of(&s, "xa-my-phuc");
    let before = snapshot(&s);
    let done = Completion { completed_on: "27/02/2023".into(), note: Some("xong".into()), reported_value: Some(61.0) };
    let refusals = [
        ("read", s.portal_assignment(&my_ha, theirs, ctx().today()).map(|_| ()).unwrap_err()),
        ("tick", s.portal_complete(&my_ha, now(), theirs, &done).unwrap_err()),
        ("note", s.portal_add_note(&my_ha, now(), theirs, "đang làm").unwrap_err()),
        ("evidence", s.portal_stage_evidence(&my_ha, std::env::temp_dir().as_path(), theirs, "bc.pdf", b"%PDF").map(|_| ()).unwrap_err()),
        ("extension", s.request_extension(&my_ha, now(), theirs, "30/06/2023", "thiếu người").map(|_| ()).unwrap_err()),
        ("no such part", s.portal_complete(&my_ha, now(), 999_999, &done).unwrap_err()),
    ];
    for (what, e) in refusals {
        assert_eq!(e.code(), "not_found", "{what}: another unit's part is as if it did not exist");
    }
    let leader = Caller::Leader { name: "Chủ tịch".into() };
    assert_eq!(s.portal_complete(&leader, now(), theirs, &done).unwrap_err().code(), "forbidden", "a leader reads only");
    assert_eq!(s.portal_add_note(&leader, now(), theirs, "x").unwrap_err().code(), "forbidden");
    assert!(s.portal_assignment(&leader, theirs, ctx().today()).is_ok(), "a leader reads everything");
    assert_eq!(snapshot(&s), before, "nothing changed");

    // Its own part: ticked, and the history says the unit did it through the portal.
    let own = part_of(&s, "xa-my-ha");
    s.portal_add_note(&my_ha, now(), own, "<script>alert(1)</script>").unwrap();
    let detail = s.portal_assignment(&my_ha, own, ctx().today()).unwrap();
    assert_eq!(detail.row.progress_note.as_deref(), Some("<script>alert(1)</script>"), "kept as text");
    assert!(detail.history.iter().any(|h| h.actor == "UBND xã Mỹ Hà (cổng đơn vị)"), "{:?}", detail.history);
}

#[test]
fn evidence_through_the_portal_is_limited_in_size_and_kind() {
    let mut s = demo_store();
    let my_ha = unit_caller(&s, "xa-my-ha");
    let own = part_of(&s, "xa-my-ha");
    let root = tempfile::tempdir().unwrap();
    let big = vec![0u8; dondoc_core::portal::MAX_UPLOAD_BYTES + 1];
    assert_eq!(s.portal_stage_evidence(&my_ha, root.path(), own, "bc.pdf", &big).unwrap_err().code(), "too_large");
    assert_eq!(s.portal_stage_evidence(&my_ha, root.path(), own, "x.exe", b"MZ").unwrap_err().code(), "unsupported_file_type");
    let staged = s.portal_stage_evidence(&my_ha, root.path(), own, "../../Báo cáo.PDF", b"%PDF-1.4").unwrap();
    let row = s.portal_file_evidence(&my_ha, now(), staged).unwrap();
    assert!(root.path().join(&row.stored_path).is_file(), "inside the evidence folder: {}", row.stored_path);
    assert!(!row.stored_path.contains(".."), "{}", row.stored_path);
}

#[test]
fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let mut s = store();
    let creds = s.enable_unit_account(&ctx(), "xa-my-ha").unwrap();
    for i in 1..=5 {
        let e = s.portal_login(now() + Duration::seconds(i), "xa-my-ha", "sai-mat-khau").unwrap_err();
        assert_eq!(e.code(), "wrong_credentials", "attempt {i}");
    }
    let t = now() + Duration::seconds(5);
    let e = s.portal_login(t + Duration::minutes(1), "xa-my-ha", &creds.password).unwrap_err();
    assert_eq!(e.code(), "account_locked", "even the right password waits");
    assert!(e.to_string().contains("thử lại sau"), "{e}");
    let e = s.portal_login(t + Duration::minutes(15) - Duration::seconds(1), "xa-my-ha", &creds.password).unwrap_err();
    assert_eq!(e.code(), "account_locked", "a second before the end");
    let login = s.portal_login(t + Duration::minutes(15), "xa-my-ha", &creds.password).unwrap();
    assert!(matches!(login.session.caller, Caller::Unit { .. }));
    // A success starts the count again: four more failures do not lock.
    for i in 1..=4 {
        s.portal_login(t + Duration::minutes(16) + Duration::seconds(i), "xa-my-ha", "sai").unwrap_err();
    }
    assert!(s.portal_login(t + Duration::minutes(17), "xa-my-ha", &creds.password).is_ok());
    assert_eq!(s.portal_login(now(), "khong-co", "x").unwrap_err().code(), "wrong_credentials", "an unknown name says the same");
}

#[test]
fn accounts_are_disabled_until_enabled_and_disabling_ends_sessions() {
    let mut s = store();
    let all = s.portal_accounts().unwrap();
    let my_ha = all.iter().find(|a| a.user == "xa-my-ha").expect("every unit is listed");
    assert!(!my_ha.enabled && my_ha.role == Role::Unit);
    assert_eq!(s.portal_login(now(), "xa-my-ha", "").unwrap_err().code(), "wrong_credentials");
    let creds = s.enable_unit_account(&ctx(), "xa-my-ha").unwrap();
    assert_eq!(creds.user, "xa-my-ha");
    assert_eq!(s.enable_unit_account(&ctx(), "xa-my-ha").unwrap_err().code(), "conflict", "a second enable does not change the password");
    let login = s.portal_login(now(), "xa-my-ha", &creds.password).unwrap();
    s.disable_portal_account(&ctx(), "xa-my-ha").unwrap();
    assert_eq!(s.portal_session(now(), &login.token).unwrap_err().code(), "unauthenticated");
    assert_eq!(s.portal_login(now(), "xa-my-ha", &creds.password).unwrap_err().code(), "wrong_credentials");

    let reset = s.reset_portal_password(&ctx(), "xa-my-ha").unwrap();
    assert_ne!(reset.password, creds.password);
    let leader = s.add_office_account(&ctx(), "chu-tich", "Chủ tịch UBND huyện", Role::Leader).unwrap();
    let login = s.portal_login(now(), "chu-tich", &leader.password).unwrap();
    assert!(matches!(login.session.caller, Caller::Leader { .. }));
    assert_eq!(login.session.ready().unwrap_err().code(), "password_change_required");
}

#[test]
fn sessions_end_when_idle_eight_hours_or_seven_days_after_log_in() {
    let mut s = store();
    let token = my_ha_logged_in(&mut s);
    let t0 = now();
    let session = s.portal_session(t0 + Duration::hours(8) - Duration::seconds(1), &token).unwrap();
    assert!(session.ready().is_ok(), "the password was changed");
    assert_eq!(s.portal_session(t0 + Duration::hours(8), &token).unwrap_err().code(), "unauthenticated", "idle 8 h");

    // Used every 7 hours, a session still ends 7 days after the log-in.
    let token = s.portal_login(t0, "xa-my-ha", "Matkhau2023").unwrap().token;
    let mut t = t0;
    while t + Duration::hours(7) < t0 + Duration::days(7) {
        t += Duration::hours(7);
        assert!(s.portal_session(t, &token).unwrap().stale);
        s.touch_portal_session(t, &token).unwrap();
    }
    assert!(s.portal_session(t0 + Duration::days(7) - Duration::seconds(1), &token).is_ok());
    assert_eq!(s.portal_session(t0 + Duration::days(7), &token).unwrap_err().code(), "unauthenticated", "absolute 7 days");

    s.portal_logout(&token).unwrap();
    assert_eq!(s.portal_session(t0, &token).unwrap_err().code(), "unauthenticated", "logged out");
}

#[test]
fn changing_the_password_logs_out_everywhere() {
    let mut s = store();
    let creds = s.enable_unit_account(&ctx(), "xa-my-ha").unwrap();
    let phone = s.portal_login(now(), "xa-my-ha", &creds.password).unwrap().token;
    let office_pc = s.portal_login(now(), "xa-my-ha", &creds.password).unwrap().token;
    assert_eq!(s.portal_session(now(), &phone).unwrap().ready().unwrap_err().code(), "password_change_required");
    assert_eq!(s.change_portal_password(now(), &phone, &creds.password, "ngan1").unwrap_err().code(), "weak_password");
    assert_eq!(s.change_portal_password(now(), &phone, "sai-roi", "Matkhau2023").unwrap_err().code(), "wrong_credentials");
    let fresh = s.change_portal_password(now(), &phone, &creds.password, "Matkhau2023").unwrap();
    for old in [&phone, &office_pc] {
        assert_eq!(s.portal_session(now(), old).unwrap_err().code(), "unauthenticated");
    }
    assert!(s.portal_session(now(), &fresh.token).unwrap().ready().is_ok());
    assert_eq!(s.portal_login(now(), "xa-my-ha", &creds.password).unwrap_err().code(), "wrong_credentials");
    assert!(s.portal_login(now(), "xa-my-ha", "Matkhau2023").is_ok());
}

#[test]
fn an_accepted_request_moves_the_deadline_a_refused_one_does_not() {
    let mut s = demo_store();
    let my_ha = unit_caller(&s, "xa-my-ha");
    let lines = lines(&s, &my_ha);
    let open: Vec<_> = lines.iter().filter(|l| l.line.state != "done" && l.line.deadline.is_some()).collect();
    assert!(open.len() >= 2, "{lines:?}");
    let (a, b) = (open[0].line.id, open[1].line.id);
    assert_eq!(s.request_extension(&my_ha, now(), a, "", "x").unwrap_err().code(), "validation");
    let ra = s.request_extension(&my_ha, now(), a, "31/03/2024", "Chờ phần mềm số hóa").unwrap();
    assert_eq!(s.request_extension(&my_ha, now(), a, "30/04/2024", "lần hai").unwrap_err().code(), "conflict", "one waiting at a time");
    let rb = s.request_extension(&my_ha, now(), b, "30/06/2024", "Thiếu cán bộ").unwrap();
    let office = Caller::Office { name: "Văn phòng".into() };
    assert_eq!(s.extension_requests(&office, true).unwrap().len(), 2);
    assert_eq!(s.extension_requests(&unit_caller(&s, "xa-my-phuc"), true).unwrap().len(), 0, "a unit sees its own");

    let before_b = s.portal_assignment(&my_ha, b, ctx().today()).unwrap().row.deadline;
    s.decide_extension_request(&ctx(), ra, true, "Chủ tịch UBND huyện", None).unwrap();
    s.decide_extension_request(&ctx(), rb, false, "Chủ tịch UBND huyện", Some("Không đủ lý do")).unwrap();
    let da = s.portal_assignment(&my_ha, a, ctx().today()).unwrap();
    assert_eq!(da.row.deadline.as_deref(), Some("2024-03-31"));
    assert_eq!(da.extensions.last().unwrap().reason, "Chờ phần mềm số hóa");
    assert_eq!(s.portal_assignment(&my_ha, b, ctx().today()).unwrap().row.deadline, before_b);
    assert_eq!(s.decide_extension_request(&ctx(), ra, false, "x", None).unwrap_err().code(), "conflict", "decided once");
    assert!(s.extension_requests(&office, true).unwrap().is_empty());
}
