//! Đôn đốc at a unit: the mirror the office gives one unit, the desk's copy of it, the
//! reminders on that copy, and queued actions applied exactly once or answered `conflict`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use dondoc_core::desk::{ActionKind, Mirror, NewLink, Outcome};
use dondoc_core::portal::{Caller, PageQuery};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{demo, Ctx, Store};
use serde_json::json;

use super::{store, unit};

/// An instant in Hà Nội time.
fn hn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(7 * 3600).unwrap().with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
}

/// The office on 20/02/2023 with the demo conference and one task for every commune due
/// 22/02/2023; Mỹ Hà's account enabled. Returns the store, Mỹ Hà as a caller, its account.
fn office() -> (Store, Caller, i64) {
    office_in(store())
}

/// [`office`] in `s` (a store file, for tests of more than one connection).
fn office_in(mut s: Store) -> (Store, Caller, i64) {
    let ctx = Ctx::new(hn(2023, 2, 20, 8, 0), "Văn phòng");
    demo::load(&mut s, &ctx).unwrap();
    let conf = s
        .create_conference(
            &ctx,
            &ConferenceInput { title: "Giao ban tháng 2".into(), starts_at: "20/02/2023 08:00".into(), format: "online".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, "Các xã báo cáo số hóa hồ sơ").unwrap();
    let communes: Vec<i64> = s.units().unwrap().into_iter().filter(|u| u.kind.as_str() == "commune" || u.kind.as_str() == "town").map(|u| u.id).collect();
    s.create_task(
        &ctx,
        &TaskInput {
            directive_id: Some(dir),
            title: "Báo cáo tỷ lệ số hóa hồ sơ".into(),
            deadline: Some("22/02/2023".into()),
            lead_unit_ids: communes,
            ..Default::default()
        },
    )
    .unwrap();
    s.enable_unit_account(&ctx, "xa-my-ha").unwrap();
    let account: i64 = s.conn().query_row("SELECT id FROM portal_account WHERE user_name = 'xa-my-ha'", [], |r| r.get(0)).unwrap();
    let name = s.units().unwrap().into_iter().find(|u| u.code == "xa-my-ha").unwrap().name;
    let caller = Caller::Unit { unit_id: unit(&s, "xa-my-ha"), name };
    (s, caller, account)
}

fn link() -> NewLink {
    NewLink { server: "https://192.168.1.10:8443/".into(), user: "xa-my-ha".into(), fingerprint: "ab".repeat(32) }
}

/// A fresh desk store connected to the office with its first mirror.
fn desk(office: &Store, caller: &Caller, at: DateTime<Utc>) -> Store {
    let mut d = store();
    let mirror = office.desk_mirror(caller, at).unwrap();
    d.link_desk(&link(), &mirror, at).unwrap();
    d
}

/// (id, status, state) of every line `caller` sees on `store` on the day of `at`.
fn lines(store: &Store, caller: &Caller, at: DateTime<Utc>) -> Vec<(i64, String, String)> {
    let page = store.portal_page(caller, dondoc_core::time::office_date(at), &PageQuery::parse(None, Some("500"), None).unwrap()).unwrap();
    page.lines.into_iter().map(|l| (l.line.id, l.line.status.to_string(), l.line.state.to_string())).collect()
}

fn task_part(store: &Store, unit_id: i64, title: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.unit_id = ?1 AND t.title = ?2",
            rusqlite::params![unit_id, title],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_mirror_holds_one_units_parts_and_the_desk_lists_them_as_the_office_does() {
    let (office, my_ha, _) = office();
    let at = hn(2023, 2, 20, 9, 0);
    let mirror = office.desk_mirror(&my_ha, at).unwrap();
    let parts = mirror.tables["assignment"].as_array().unwrap();
    assert!(parts.len() >= 2, "the demo and the new task give Mỹ Hà parts");
    let mine = my_ha.unit_id().unwrap();
    assert!(parts.iter().all(|p| p["unit_id"] == mine), "no other unit's part leaves the office");
    assert!(mirror.tables["conference"].as_array().unwrap().iter().all(|c| c["chair_person_id"].is_null()));
    for other in [Caller::Office { name: "VP".into() }, Caller::Leader { name: "CT".into() }] {
        assert_eq!(office.desk_mirror(&other, at).unwrap_err().code(), "forbidden");
    }

    let d = desk(&office, &my_ha, at);
    assert_eq!(lines(&d, &my_ha, at), lines(&office, &my_ha, at), "the desk lists what the portal lists");
    // An overview as of an earlier day reads the same on both (past dates count too).
    let before = hn(2023, 2, 1, 9, 0);
    assert_eq!(lines(&d, &my_ha, before), lines(&office, &my_ha, before));
    let link = d.desk_link().unwrap().unwrap();
    assert_eq!((link.unit_code.as_str(), link.synced_at.is_some()), ("xa-my-ha", true));
}

#[test]
fn a_store_with_the_offices_work_is_never_made_a_desk() {
    let (office, my_ha, _) = office();
    let mut other_office = store();
    demo::load(&mut other_office, &Ctx::new(hn(2023, 2, 1, 8, 0), "Văn phòng")).unwrap();
    let mirror = office.desk_mirror(&my_ha, hn(2023, 2, 20, 9, 0)).unwrap();
    let before: i64 = other_office.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    assert_eq!(other_office.link_desk(&link(), &mirror, hn(2023, 2, 20, 9, 0)).unwrap_err().code(), "conflict");
    let after: i64 = other_office.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after);
    assert!(other_office.desk_link().unwrap().is_none());
}

#[test]
fn reminders_fire_on_the_desk_once_even_across_a_refresh_of_the_mirror() {
    let (office, my_ha, _) = office();
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    // 21/02 at the reminder time: "còn 1 ngày" for the part due 22/02.
    let fired = d.fire_due(hn(2023, 2, 21, 9, 0), false).unwrap();
    assert!(fired.iter().any(|(_, n)| n.summary.contains("còn 1 ngày")), "{fired:?}");
    let mirror = office.desk_mirror(&my_ha, hn(2023, 2, 21, 9, 1)).unwrap();
    d.apply_mirror(&mirror, hn(2023, 2, 21, 9, 1)).unwrap();
    let logged: i64 = d.conn().query_row("SELECT count(*) FROM reminder_log", [], |r| r.get(0)).unwrap();
    assert!(logged > 0, "the reminder log survives the refresh");
    // A second process on the same store asking again (as of the same instant) gets nothing.
    d.conn().execute("DELETE FROM app_setting WHERE key = 'reminders_checked_at'", []).unwrap();
    assert!(d.fire_due(hn(2023, 2, 21, 9, 0), false).unwrap().is_empty(), "exactly once per machine");
}

#[test]
fn a_tick_queued_offline_shows_at_once_and_applies_once_however_often_it_is_sent() {
    let (mut office, my_ha, account) = office();
    let mine = my_ha.unit_id().unwrap();
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let part = task_part(&d, mine, "Báo cáo tỷ lệ số hóa hồ sơ");
    let at = hn(2023, 2, 21, 10, 0);

    // Refused at the desk by the office's rules, nothing queued.
    let future = d.queue_action(at, part, ActionKind::Done, &json!({"on": "25/02/2023"})).unwrap_err();
    assert_eq!(future.code(), "validation");
    assert!(d.pending_actions().unwrap().is_empty());

    d.queue_action(at, part, ActionKind::Done, &json!({"on": "21/02/2023", "note": "Đã gửi báo cáo"})).unwrap();
    let shown = lines(&d, &my_ha, at).into_iter().find(|l| l.0 == part).unwrap();
    assert_eq!(shown.2, "done", "the unit sees its tick before the office has it");
    // Its reminders stop on the desk: 22/02 brings no "đến hạn" for it.
    assert!(d.fire_due(hn(2023, 2, 22, 9, 0), false).unwrap().iter().all(|(_, n)| n.assignment != Some(part)));

    let queued = d.pending_actions().unwrap();
    assert_eq!(queued.len(), 1);
    let answers = office.desk_apply(&my_ha, account, hn(2023, 2, 21, 11, 0), &queued).unwrap();
    assert_eq!((answers[0].outcome, answers[0].replayed), (Outcome::Applied, false));
    // The answer was lost: the desk sends it again, twice. Applied once.
    for _ in 0..2 {
        let again = office.desk_apply(&my_ha, account, hn(2023, 2, 21, 11, 5), &queued).unwrap();
        assert_eq!((again[0].outcome, again[0].replayed), (Outcome::Applied, true));
    }
    let state_changes: i64 = office
        .conn()
        .query_row("SELECT count(*) FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND field = 'state' AND new_value = 'done'", [part], |r| r.get(0))
        .unwrap();
    assert_eq!(state_changes, 1);
    let actor: String =
        office.conn().query_row("SELECT actor FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND field = 'state'", [part], |r| r.get(0)).unwrap();
    assert!(actor.contains("máy đơn vị"), "{actor}");

    assert_eq!(d.record_answers(&answers, hn(2023, 2, 21, 11, 0)).unwrap(), 0);
    assert!(d.pending_actions().unwrap().is_empty());
    let mirror = office.desk_mirror(&my_ha, hn(2023, 2, 21, 11, 1)).unwrap();
    d.apply_mirror(&mirror, hn(2023, 2, 21, 11, 1)).unwrap();
    let line = lines(&d, &my_ha, at).into_iter().find(|l| l.0 == part).unwrap();
    assert_eq!(line.2, "done");
}

#[test]
fn a_tick_on_a_part_the_office_cancelled_meanwhile_is_a_conflict_shown_to_the_unit() {
    let (mut office, my_ha, account) = office();
    let mine = my_ha.unit_id().unwrap();
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let part = task_part(&d, mine, "Báo cáo tỷ lệ số hóa hồ sơ");
    d.queue_action(hn(2023, 2, 21, 10, 0), part, ActionKind::Done, &json!({"on": "21/02/2023"})).unwrap();
    office.cancel_assignment(&Ctx::new(hn(2023, 2, 21, 10, 30), "Văn phòng"), part, "Gộp vào báo cáo quý").unwrap();

    // A refresh before the answer keeps the tick shown? No: the office cancelled it, the
    // mirror says so, and the queued tick cannot be shown on a cancelled part.
    let mirror = office.desk_mirror(&my_ha, hn(2023, 2, 21, 10, 40)).unwrap();
    d.apply_mirror(&mirror, hn(2023, 2, 21, 10, 40)).unwrap();
    assert_eq!(lines(&d, &my_ha, hn(2023, 2, 21, 10, 40)).into_iter().find(|l| l.0 == part).unwrap().2, "cancelled");

    let answers = office.desk_apply(&my_ha, account, hn(2023, 2, 21, 11, 0), &d.pending_actions().unwrap()).unwrap();
    assert_eq!(answers[0].outcome, Outcome::Conflict);
    let message = answers[0].message.clone().unwrap();
    assert!(message.contains("đã hủy") && message.contains("Gộp vào báo cáo quý"), "{message}");
    assert_eq!(d.record_answers(&answers, hn(2023, 2, 21, 11, 0)).unwrap(), 1);
    let items = d.outbox_items(false).unwrap();
    assert_eq!(items.len(), 1, "the conflict stays in view");
    assert_eq!((items[0].state.as_str(), items[0].answer.as_deref()), ("conflict", Some(message.as_str())));
    d.dismiss_conflict(items[0].id, hn(2023, 2, 21, 11, 2)).unwrap();
    assert!(d.outbox_items(false).unwrap().is_empty());
    // Replayed, the conflict is the same answer and the part stays cancelled.
    let again = office.desk_apply(&my_ha, account, hn(2023, 2, 21, 12, 0), &[d_action(&answers[0].key, part)]).unwrap();
    assert_eq!((again[0].outcome, again[0].replayed), (Outcome::Conflict, true));
}

fn d_action(key: &str, part: i64) -> dondoc_core::desk::DeskAction {
    dondoc_core::desk::DeskAction {
        key: key.into(),
        assignment_id: part,
        kind: ActionKind::Done,
        body: json!({"on": "21/02/2023"}),
        base_state: "not_started".into(),
        base_updated: String::new(),
        queued_at: String::new(),
    }
}

#[test]
fn a_returned_part_and_a_part_ticked_elsewhere_are_conflicts_and_another_units_part_is_not_reached() {
    let (mut office, my_ha, account) = office();
    let mine = my_ha.unit_id().unwrap();
    let d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let part = task_part(&d, mine, "Báo cáo tỷ lệ số hóa hồ sơ");
    // Ticked through the browser portal meanwhile: the desk's own tick is a conflict.
    let portal = dondoc_core::rules::part::Completion { completed_on: "21/02/2023".into(), note: None, reported_value: None };
    office.portal_complete(&my_ha, hn(2023, 2, 21, 9, 0), part, &portal).unwrap();
    let mut a = d_action("k".repeat(32).as_str(), part);
    let answer = &office.desk_apply(&my_ha, account, hn(2023, 2, 21, 11, 0), std::slice::from_ref(&a)).unwrap()[0];
    assert_eq!(answer.outcome, Outcome::Conflict);
    assert!(answer.message.as_deref().unwrap().contains("21/02/2023"));

    // Returned by the office after the unit saw it done: a note sent on the done part conflicts.
    office.return_assignment(&Ctx::new(hn(2023, 2, 21, 12, 0), "Văn phòng"), part, "Thiếu số liệu").unwrap();
    a.key = "n".repeat(32);
    a.kind = ActionKind::Note;
    a.body = json!({"note": "Đã bổ sung"});
    a.base_state = "done".into();
    let answer = &office.desk_apply(&my_ha, account, hn(2023, 2, 21, 13, 0), std::slice::from_ref(&a)).unwrap()[0];
    assert_eq!(answer.outcome, Outcome::Conflict);
    assert!(answer.message.as_deref().unwrap().contains("trả lại"), "{:?}", answer.message);

    // Another unit's part: a conflict that says nothing of it, and nothing changes.
    let theirs = task_part(&office, unit(&office, "xa-my-phuc"), "Báo cáo tỷ lệ số hóa hồ sơ");
    let mut b = d_action(&"p".repeat(32), theirs);
    b.base_updated = "x".into();
    let answer = &office.desk_apply(&my_ha, account, hn(2023, 2, 21, 13, 0), &[b]).unwrap()[0];
    assert_eq!(answer.outcome, Outcome::Conflict);
    let state: String = office.conn().query_row("SELECT state FROM assignment WHERE id = ?1", [theirs], |r| r.get(0)).unwrap();
    assert_eq!(state, "not_started");
    // Only a unit's account sends actions.
    let leader = Caller::Leader { name: "CT".into() };
    assert_eq!(office.desk_apply(&leader, account, hn(2023, 2, 21, 13, 0), &[]).unwrap_err().code(), "forbidden");
}

#[test]
fn a_refresh_drops_parts_no_longer_the_units_and_keeps_queued_ones_shown() {
    let (office, my_ha, _) = office();
    let mine = my_ha.unit_id().unwrap();
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let part = task_part(&d, mine, "Báo cáo tỷ lệ số hóa hồ sơ");
    d.queue_action(hn(2023, 2, 21, 10, 0), part, ActionKind::Note, &json!({"note": "Đang tổng hợp"})).unwrap();
    // The office deletes the demo's first task meanwhile; the refresh drops it at the desk.
    let gone: i64 = office.conn().query_row("SELECT min(task_id) FROM assignment WHERE unit_id = ?1", [mine], |r| r.get(0)).unwrap();
    office.conn().execute("DELETE FROM task WHERE id = ?1", [gone]).unwrap();
    let mirror: Mirror = office.desk_mirror(&my_ha, hn(2023, 2, 21, 10, 5)).unwrap();
    d.apply_mirror(&mirror, hn(2023, 2, 21, 10, 5)).unwrap();
    let left: i64 = d.conn().query_row("SELECT count(*) FROM assignment WHERE task_id = ?1", [gone], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    let note: Option<String> = d.conn().query_row("SELECT progress_note FROM assignment WHERE id = ?1", [part], |r| r.get(0)).unwrap();
    assert_eq!(note.as_deref(), Some("Đang tổng hợp"), "the queued note is shown on the new copy");
    assert_eq!(d.pending_actions().unwrap().len(), 1);
    // A mirror of another unit is never taken.
    let phuc = Caller::Unit { unit_id: unit(&office, "xa-my-phuc"), name: "UBND xã Mỹ Phúc".into() };
    let foreign = office.desk_mirror(&phuc, hn(2023, 2, 21, 10, 6)).unwrap();
    assert_eq!(d.apply_mirror(&foreign, hn(2023, 2, 21, 10, 6)).unwrap_err().code(), "conflict");
}

#[test]
fn a_desks_session_outlives_a_night_off_a_browsers_does_not() {
    let (mut office, _, _) = office();
    let at = hn(2023, 2, 20, 9, 0);
    let first = office.reset_portal_password(&Ctx::new(at, "VP"), "xa-my-ha").unwrap();
    let login = office.portal_login(at, "xa-my-ha", &first.password).unwrap();
    let token = office.change_portal_password(at, &login.token, &first.password, "Matkhau2023").unwrap().token;
    let browser = office.portal_login(at, "xa-my-ha", "Matkhau2023").unwrap().token;
    office.mark_desk_session(&token).unwrap();
    let morning = at + Duration::hours(16);
    assert!(office.portal_session(morning, &token).is_ok(), "the desk's session is kept overnight");
    assert_eq!(office.portal_session(morning, &browser).unwrap_err().code(), "unauthenticated");
    office.prune_portal_sessions(morning).unwrap();
    assert!(office.portal_session(morning, &token).is_ok(), "housekeeping keeps it too");
    assert_eq!(office.portal_session(at + Duration::days(8), &token).unwrap_err().code(), "unauthenticated", "up to the absolute limit");
}

#[test]
fn the_office_knows_when_each_desk_last_reached_it() {
    let (mut office, _, account) = office();
    assert!(office.desk_contacts().unwrap().is_empty());
    office.desk_seen(account, hn(2023, 2, 21, 7, 32)).unwrap();
    office.desk_seen(account, hn(2023, 2, 21, 7, 30)).unwrap();
    let seen = office.desk_contacts().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].unit_short_name.as_str(), dondoc_core::time::from_stored(&seen[0].seen_at).unwrap()), ("Mỹ Hà", hn(2023, 2, 21, 7, 32)));
}

#[test]
fn a_desk_never_makes_parts_of_its_own() {
    let (mut office, my_ha, _) = office();
    let ctx = Ctx::new(hn(2023, 2, 20, 8, 0), "Văn phòng");
    let dir: i64 = office.conn().query_row("SELECT min(id) FROM directive", [], |r| r.get(0)).unwrap();
    office
        .create_task(
            &ctx,
            &TaskInput {
                directive_id: Some(dir),
                title: "Báo cáo tháng".into(),
                recurrence: Some("monthly:25".into()),
                lead_unit_ids: vec![my_ha.unit_id().unwrap()],
                ..Default::default()
            },
        )
        .unwrap();
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let before: i64 = d.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    // Months later the office has not sent its new periods yet: the desk waits for them.
    assert_eq!(d.roll_recurrences(&Ctx::new(hn(2023, 6, 1, 8, 0), "Đôn đốc")).unwrap(), 0);
    let after: i64 = d.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after);
    assert!(office.roll_recurrences(&Ctx::new(hn(2023, 6, 1, 8, 0), "Đôn đốc")).unwrap() > 0, "the office rolls them");
}

#[test]
fn two_senders_of_the_same_queue_at_once_apply_each_action_once() {
    // The app's sync thread and "Đồng bộ ngay" (or the CLI's sync) send the same queue at
    // the same moment, each through its own connection to the office's store.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.sqlite3");
    let (office, my_ha, account) = office_in(Store::open(&path).unwrap());
    let mut d = desk(&office, &my_ha, hn(2023, 2, 20, 9, 0));
    let part = task_part(&d, my_ha.unit_id().unwrap(), "Báo cáo tỷ lệ số hóa hồ sơ");
    d.queue_action(hn(2023, 2, 21, 10, 0), part, ActionKind::Done, &json!({"on": "21/02/2023"})).unwrap();
    d.queue_action(hn(2023, 2, 21, 10, 1), part, ActionKind::Note, &json!({"note": "Đã nộp bản giấy"})).unwrap();
    let queued = d.pending_actions().unwrap();
    drop(office);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let (path, queued, caller, barrier) = (path.clone(), queued.clone(), my_ha.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                barrier.wait();
                s.desk_apply(&caller, account, hn(2023, 2, 21, 11, 0), &queued).unwrap()
            })
        })
        .collect();
    let answers: Vec<_> = senders.into_iter().map(|t| t.join().unwrap()).collect();
    for i in 0..queued.len() {
        assert!(answers.iter().all(|a| a[i].outcome == Outcome::Applied), "{answers:?}");
        assert_eq!(answers.iter().filter(|a| !a[i].replayed).count(), 1, "one sender applied it, the other got the replay");
    }
    let office = Store::open(&path).unwrap();
    let count = |field: &str| -> i64 {
        office
            .conn()
            .query_row("SELECT count(*) FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND field = ?2", rusqlite::params![part, field], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((count("state"), count("progress_note")), (1, 1), "the tick once, the later note once");
}

#[test]
fn a_fingerprint_reads_as_on_the_slip_and_any_typed_form_is_the_same_pin() {
    use dondoc_core::desk::{certificate_fingerprint, fingerprint_pairs, normalise_fingerprint};
    let hex = certificate_fingerprint(b"not a real certificate");
    assert_eq!(hex.len(), 64);
    let shown = fingerprint_pairs(&hex);
    assert_eq!((shown.len(), shown.matches(':').count()), (95, 31), "{shown}");
    assert_eq!(shown.replace(':', "").to_ascii_lowercase(), hex);
    for typed in [shown.clone(), hex.to_uppercase(), shown.replace(':', " ")] {
        assert_eq!(normalise_fingerprint(&typed).unwrap(), hex, "{typed}");
    }
    assert_eq!(normalise_fingerprint(&hex[..62]).unwrap_err().code(), "validation");
}
