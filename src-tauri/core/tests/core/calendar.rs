//! Calendars of open deadlines (issue 19, part 3), read back by the icalendar crate's own
//! parser: one all-day event per open part on its deadline with an alarm the day before,
//! Vietnamese text intact after unfolding, UIDs stable across exports and unique per part,
//! a unit's calendar holding only its parts, a moved deadline taken as an update.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use dondoc_core::documents::calendar;
use dondoc_core::model::{Target, TargetOp, TargetScope};
use dondoc_core::queries::assignments;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{Ctx, ErrorCode, Store};
use icalendar::parser::{read_calendar, unfold};

use crate::{ctx, d, group, store, unit};

const CONFERENCE: &str = "Hội nghị tổng kết công tác cải cách hành chính năm 2022, triển khai nhiệm vụ năm 2023";
const DIRECTIVE: &str = "Giao UBND các xã, thị trấn chủ trì; phối hợp với Phòng Nội vụ, Phòng Tư pháp rà soát, số hóa hồ sơ, \
     kết quả giải quyết thủ tục hành chính còn hiệu lực — bảo đảm đúng tiến độ: “trước ngày 28/02/2023”.";
const TASK: &str = "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính";
const LONG_TASK: &str = "Tham mưu UBND huyện kiện toàn Tổ công tác triển khai Đề án 06/CP về phát triển ứng dụng dữ liệu dân cư, \
     định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022–2025, tầm nhìn đến năm 2030";

/// An event as the parser reads it: property name → (value, parameters), and its alarms.
#[derive(Debug, Clone, PartialEq)]
struct Ev {
    props: BTreeMap<String, (String, Vec<(String, String)>)>,
    alarms: Vec<BTreeMap<String, String>>,
}

impl Ev {
    fn get(&self, name: &str) -> &str {
        self.props.get(name).map(|(v, _)| v.as_str()).unwrap_or_else(|| panic!("{name} missing in {self:?}"))
    }
}

/// Parses `text` with the crate's parser (after unfolding): the calendar's own properties
/// and its events by UID.
fn parse(text: &str) -> (BTreeMap<String, String>, BTreeMap<String, Ev>) {
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).expect("the .ics parses");
    let head = cal.properties.iter().map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string())).collect();
    let mut events = BTreeMap::new();
    for c in cal.components.iter().filter(|c| c.name == "VEVENT") {
        let props: BTreeMap<_, _> = c
            .properties
            .iter()
            .map(|p| {
                let params =
                    p.params.iter().map(|q| (q.key.as_str().to_string(), q.val.as_ref().map(|v| v.as_str().to_string()).unwrap_or_default())).collect();
                (p.name.as_str().to_string(), (p.val.as_str().to_string(), params))
            })
            .collect();
        let alarms = c
            .components
            .iter()
            .filter(|a| a.name == "VALARM")
            .map(|a| a.properties.iter().map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string())).collect())
            .collect();
        let ev = Ev { props, alarms };
        assert!(events.insert(ev.get("UID").to_string(), ev).is_none(), "UIDs are unique");
    }
    (head, events)
}

fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, 0, 0).unwrap()
}

/// The conference of 06/02/2023 with one directive; the communes' task due 28/02/2023 with
/// a target and two coordinators (Mỹ Hà done, Mỹ Hưng cancelled), a task without deadline,
/// and a standalone task of the TN&MT department due 15/03/2023, in progress. Returns the
/// ids of the parts that must be in the district's calendar.
fn office(s: &mut Store) -> BTreeSet<i64> {
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: CONFERENCE.into(), starts_at: "06/02/2023 08:00".into(), format: "hybrid".into(), ..Default::default() },
        )
        .unwrap();
    let dir = s.add_directive(conf, DIRECTIVE).unwrap();
    let target =
        Target { metric: "Tỷ lệ hồ sơ được số hóa".into(), op: TargetOp::Ge, value: 90.0, unit: Some("%".into()), scope: TargetScope::Each };
    let communes = s
        .create_task(
            &ctx(),
            &TaskInput {
                directive_id: Some(dir),
                title: TASK.into(),
                deadline: Some("28/02/2023".into()),
                lead_group_ids: vec![group(s, "communes")],
                coordinator_unit_ids: vec![unit(s, "phong-noi-vu"), unit(s, "phong-tu-phap")],
                target: Some(target),
                ..Default::default()
            },
        )
        .unwrap();
    let parts = assignments::list_for_task(s.conn(), communes, d("2023-02-27")).unwrap();
    assert_eq!(parts.len(), 11);
    let part_of = |code: &str| parts.iter().find(|p| p.unit_code == code).unwrap().id;
    s.complete_assignment(&ctx(), part_of("xa-my-ha"), &Completion { completed_on: "20/02/2023".into(), note: None, reported_value: Some(95.0) }).unwrap();
    s.cancel_assignment(&ctx(), part_of("xa-my-hung"), "Trùng với nhiệm vụ khác").unwrap();
    let mut open: BTreeSet<i64> = parts.iter().map(|p| p.id).filter(|id| *id != part_of("xa-my-ha") && *id != part_of("xa-my-hung")).collect();
    s.create_task(
        &ctx(),
        &TaskInput { directive_id: Some(dir), title: "Không có hạn".into(), lead_unit_ids: vec![unit(s, "phong-noi-vu")], ..Default::default() },
    )
    .unwrap();
    let standalone = s
        .create_task(
            &ctx(),
            &TaskInput {
                source_ref: Some("Công văn số 45/UBND-VP".into()),
                title: LONG_TASK.into(),
                deadline: Some("15/03/2023".into()),
                lead_unit_ids: vec![unit(s, "phong-tnmt")],
                given_on: Some("10/02/2023".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let tnmt = assignments::list_for_task(s.conn(), standalone, d("2023-02-27")).unwrap()[0].id;
    s.add_progress_note(&ctx(), tnmt, "Đã dự thảo quyết định").unwrap();
    open.insert(tnmt);
    open
}

fn uid_of(id: i64) -> String {
    format!("phan-viec-{id}@huyen-my-loc.dondoc")
}

#[test]
fn one_all_day_event_per_open_part_with_an_alarm_the_day_before_and_vietnamese_intact() {
    let mut s = store();
    let open = office(&mut s);
    let now = at(2023, 2, 27, 2);
    let cal = calendar::build(s.conn(), None, now).unwrap();
    assert_eq!(cal.events, open.len());
    assert_eq!(cal.name, "Đôn đốc — UBND huyện Mỹ Lộc");

    // Folded at 75 octets, never inside a character (each line is whole UTF-8 text, and
    // the long Vietnamese lines were folded).
    assert!(cal.text.ends_with("END:VCALENDAR\r\n"));
    let lines: Vec<&str> = cal.text.split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75 && !l.contains('\r') && !l.contains('\n')), "a line over 75 octets");
    assert!(lines.iter().filter(|l| l.starts_with(' ')).count() >= open.len(), "the long descriptions are folded");

    let (head, events) = parse(&cal.text);
    assert_eq!(head["VERSION"], "2.0");
    assert!(head["PRODID"].contains("Đôn đốc"), "{}", head["PRODID"]);
    assert_eq!(head["X-WR-CALNAME"], "Đôn đốc — UBND huyện Mỹ Lộc");
    assert_eq!(head["METHOD"], "PUBLISH");
    let want: BTreeSet<String> = open.iter().map(|id| uid_of(*id)).collect();
    assert_eq!(events.keys().cloned().collect::<BTreeSet<_>>(), want, "the open parts with a deadline, and only them");

    let thinh = assignments::list_for_unit(s.conn(), unit(&s, "xa-my-thinh"), d("2023-02-27")).unwrap()[0].id;
    let ev = &events[&uid_of(thinh)];
    assert_eq!(ev.props["DTSTART"], ("20230228".to_string(), vec![("VALUE".to_string(), "DATE".to_string())]), "all day on the deadline");
    assert_eq!(ev.props["DTEND"], ("20230301".to_string(), vec![("VALUE".to_string(), "DATE".to_string())]), "one day long");
    assert_eq!(ev.get("DTSTAMP"), "20230227T020000Z", "the instant passed in");
    assert_eq!(ev.get("SUMMARY"), format!("Hạn: {TASK} — Xã Mỹ Thịnh"));
    assert_eq!(ev.get("TRANSP"), "TRANSPARENT");
    let description = ev.get("DESCRIPTION");
    for line in [
        format!("Nhiệm vụ: {TASK}"),
        "Hạn: 28/02/2023".to_string(),
        format!("Hội nghị: {CONFERENCE} (ngày 06/02/2023)"),
        format!("Ý kiến chỉ đạo: {DIRECTIVE}"),
        "Chỉ tiêu: Tỷ lệ hồ sơ được số hóa ≥ 90% (mỗi đơn vị)".to_string(),
        "Đơn vị chủ trì: UBND xã Mỹ Thịnh".to_string(),
        "Đơn vị phối hợp: Phòng Nội vụ, Phòng Tư pháp".to_string(),
    ] {
        assert!(description.lines().any(|l| l == line), "{line:?} in\n{description}");
    }
    // The alarm: shown (not a sound), 16 hours before the all-day start, i.e. 08:00 of the
    // day before in the office.
    assert_eq!(ev.alarms.len(), 1);
    let alarm = &ev.alarms[0];
    assert_eq!(alarm["ACTION"], "DISPLAY");
    assert_eq!(alarm["TRIGGER"], "-PT16H");
    assert_eq!((alarm["UID"].as_str(), alarm["DTSTAMP"].as_str()), (format!("phan-viec-{thinh}-nhac@huyen-my-loc.dondoc").as_str(), "20230227T020000Z"));
    let rings = d("2023-02-28").and_hms_opt(0, 0, 0).unwrap() - Duration::hours(16);
    assert_eq!(rings, d("2023-02-27").and_hms_opt(8, 0, 0).unwrap());
    assert!(alarm["DESCRIPTION"].starts_with("Ngày mai (28/02/2023) là hạn: Số hóa hồ sơ"), "{}", alarm["DESCRIPTION"]);

    // A standalone task: its source instead of a conference, its long title cut in the
    // SUMMARY and whole in the DESCRIPTION.
    let tnmt = open.iter().copied().max().unwrap();
    let ev = &events[&uid_of(tnmt)];
    assert_eq!(ev.props["DTSTART"].0, "20230315");
    let summary = ev.get("SUMMARY");
    assert!(summary.starts_with("Hạn: Tham mưu UBND huyện") && summary.contains('…') && summary.ends_with("— Phòng Tài nguyên và Môi trường"), "{summary}");
    assert!(ev.get("DESCRIPTION").contains(&format!("Nhiệm vụ: {LONG_TASK}\n")), "{}", ev.get("DESCRIPTION"));
    assert!(ev.get("DESCRIPTION").contains("Nguồn: Công văn số 45/UBND-VP"));
    assert!(!ev.get("DESCRIPTION").contains("Hội nghị"));
}

#[test]
fn uids_stay_across_exports_and_a_moved_deadline_is_an_update() {
    let mut s = store();
    let open = office(&mut s);
    let text = calendar::build(s.conn(), None, at(2023, 2, 27, 2)).unwrap().text;
    assert_eq!(calendar::build(s.conn(), None, at(2023, 2, 27, 2)).unwrap().text, text, "the same store at the same instant: the same bytes");
    let (_, first) = parse(&text);
    let (_, second) = parse(&calendar::build(s.conn(), None, at(2023, 3, 2, 9)).unwrap().text);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>(), "the same UIDs in every export");
    for (uid, ev) in &first {
        assert_eq!(ev.get("SEQUENCE"), second[uid].get("SEQUENCE"), "nothing changed, nothing to update");
        assert_eq!(second[uid].get("DTSTAMP"), "20230302T090000Z");
    }

    // The chairman gives Mỹ Thịnh until 10/03/2023.
    let thinh = assignments::list_for_unit(s.conn(), unit(&s, "xa-my-thinh"), d("2023-02-27")).unwrap().remove(0);
    let later = Ctx::new(at(2023, 3, 1, 3), "Văn phòng");
    let extension = Extension { new_deadline: "10/03/2023".into(), reason: "Chờ số liệu".into(), decided_by: "Chủ tịch UBND huyện".into() };
    s.extend_deadline(&later, thinh.task_id, Some(thinh.id), &extension).unwrap();
    let (_, third) = parse(&calendar::build(s.conn(), None, at(2023, 3, 2, 9)).unwrap().text);
    assert_eq!(third.len(), open.len());
    let (before, after) = (&first[&uid_of(thinh.id)], &third[&uid_of(thinh.id)]);
    assert_eq!(after.props["DTSTART"].0, "20230310", "the same UID on the new deadline");
    let seq = |e: &Ev| e.get("SEQUENCE").parse::<u32>().unwrap();
    assert!(seq(after) > seq(before), "SEQUENCE raised: {} → {}", seq(before), seq(after));
    assert_eq!(after.get("LAST-MODIFIED"), "20230301T030000Z");
    for (uid, ev) in first.iter().filter(|(uid, _)| **uid != uid_of(thinh.id)) {
        assert_eq!(seq(ev), seq(&third[uid]), "the other parts did not change");
    }
}

#[test]
fn a_units_calendar_holds_only_its_parts_and_an_unknown_unit_is_not_found() {
    let mut s = store();
    office(&mut s);
    let now = at(2023, 2, 27, 2);
    let (_, district) = parse(&calendar::build(s.conn(), None, now).unwrap().text);
    let thinh = unit(&s, "xa-my-thinh");
    let cal = calendar::build(s.conn(), Some(thinh), now).unwrap();
    assert_eq!((cal.events, cal.name.as_str()), (1, "Đôn đốc — Xã Mỹ Thịnh"));
    let (head, events) = parse(&cal.text);
    assert_eq!(head["X-WR-CALNAME"], "Đôn đốc — Xã Mỹ Thịnh");
    let own = assignments::list_for_unit(s.conn(), thinh, d("2023-02-27")).unwrap()[0].id;
    assert_eq!(events.keys().collect::<Vec<_>>(), vec![&uid_of(own)]);
    assert_eq!(events[&uid_of(own)], district[&uid_of(own)], "the same event as in the district's calendar");

    // Mỹ Hà's only part is done: an empty calendar that still parses.
    let ha = calendar::build(s.conn(), Some(unit(&s, "xa-my-ha")), now).unwrap();
    assert_eq!(ha.events, 0);
    assert!(parse(&ha.text).1.is_empty());
    // …which is not written: a calendar file must hold an event.
    let dir = tempfile::tempdir().unwrap();
    let err = calendar::write(s.conn(), Some(unit(&s, "xa-my-ha")), now, &dir.path().join("ha.ics"), false).unwrap_err();
    assert!(err.to_string().starts_with("UBND xã Mỹ Hà: không có phần việc nào đang mở có thời hạn"), "{err}");
    assert!(!dir.path().join("ha.ics").exists());
    calendar::write(s.conn(), Some(thinh), now, &dir.path().join("thinh.ics"), false).unwrap();
    assert_eq!(std::fs::read_to_string(dir.path().join("thinh.ics")).unwrap(), cal.text);

    let err = calendar::build(s.conn(), Some(99_999), now).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    assert!(err.to_string().contains("đơn vị"), "{err}");
}
