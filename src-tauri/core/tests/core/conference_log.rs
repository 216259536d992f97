//! The conference log (issue 3): search, leaders, attendees, figures, sites, demo data.

use chrono::NaiveDate;
use dondoc_core::model::SiteConnection;
use dondoc_core::queries::attendees::{self, AttendeeInput};
use dondoc_core::queries::conferences::{self, ConferenceFilter};
use dondoc_core::queries::figures::Figure;
use dondoc_core::queries::people;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::{demo, Store};
use unicode_normalization::UnicodeNormalization;

use crate::{ctx, store, unit};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, 1).unwrap()
}

fn add(s: &mut Store, title: &str, starts: &str, kind: &str, chair: &str) -> i64 {
    s.create_conference(
        &ctx(),
        &ConferenceInput {
            title: title.into(),
            kind: Some(kind.into()),
            starts_at: starts.into(),
            format: "in_person".into(),
            leaders: vec![AttendeeInput { name: chair.into(), role: "chair".into(), ..Default::default() }],
            ..Default::default()
        },
    )
    .unwrap()
}

fn titles(s: &Store, filter: ConferenceFilter) -> Vec<String> {
    conferences::list(s.conn(), &filter, day()).unwrap().into_iter().map(|c| c.conference.title).collect()
}

fn query(q: &str) -> ConferenceFilter {
    ConferenceFilter { query: Some(q.into()), ..Default::default() }
}

#[test]
fn search_ignores_diacritics_case_and_unicode_form() {
    let mut s = store();
    add(&mut s, "Kiểm điểm công tác cải cách hành chính năm 2022", "12/01/2023 08:00", "tong_ket", "Phạm Văn Long");
    add(&mut s, "Giao ban công tác quản lý đất đai", "27/02/2023 08:00", "giao_ban", "Lê Quang Huy");
    add(&mut s, "Sơ kết số hóa hồ sơ thủ tục hành chính", "01/07/2023 14:00", "so_ket", "Lê Quang Huy");
    let nfd: String = "cải cách".nfd().collect();
    let cases: &[(&str, &[&str])] = &[
        ("cai cach hanh chinh", &["Kiểm điểm công tác cải cách hành chính năm 2022"]),
        ("CẢI CÁCH", &["Kiểm điểm công tác cải cách hành chính năm 2022"]),
        (nfd.as_str(), &["Kiểm điểm công tác cải cách hành chính năm 2022"]),
        ("dat dai", &["Giao ban công tác quản lý đất đai"]),
        ("Đất Đai", &["Giao ban công tác quản lý đất đai"]),
        ("so hoa", &["Sơ kết số hóa hồ sơ thủ tục hành chính"]),
        ("số hoá", &["Sơ kết số hóa hồ sơ thủ tục hành chính"]),
        ("hanh chinh", &["Sơ kết số hóa hồ sơ thủ tục hành chính", "Kiểm điểm công tác cải cách hành chính năm 2022"]),
        ("le quang huy", &["Sơ kết số hóa hồ sơ thủ tục hành chính", "Giao ban công tác quản lý đất đai"]),
        ("  pham   van long ", &["Kiểm điểm công tác cải cách hành chính năm 2022"]),
        ("cai cach dat dai", &[]),
        ("", &["Sơ kết số hóa hồ sơ thủ tục hành chính", "Giao ban công tác quản lý đất đai", "Kiểm điểm công tác cải cách hành chính năm 2022"]),
    ];
    for (q, want) in cases {
        assert_eq!(titles(&s, query(q)), *want, "query {q:?}");
    }
}

#[test]
fn list_filters_by_year_in_office_time_and_kind() {
    let mut s = store();
    add(&mut s, "Đêm giao thừa", "01/01/2024 00:30", "other", "A");
    add(&mut s, "Cuối năm", "31/12/2023 23:00", "tong_ket", "B");
    let year = |y| titles(&s, ConferenceFilter { year: Some(y), ..Default::default() });
    assert_eq!(year(2024), ["Đêm giao thừa"], "00:30 on 1/1 in Hà Nội is 2024 although it is 2023 in UTC");
    assert_eq!(year(2023), ["Cuối năm"]);
    assert_eq!(conferences::years(s.conn()).unwrap(), [2024, 2023]);
    assert_eq!(titles(&s, ConferenceFilter { kind: Some("tong_ket".into()), ..Default::default() }), ["Cuối năm"]);
    let err = conferences::list(s.conn(), &ConferenceFilter { kind: Some("hop".into()), ..Default::default() }, day()).unwrap_err();
    assert_eq!(err.code(), "validation");
}

#[test]
fn leaders_become_the_chair_and_are_remembered() {
    let mut s = store();
    let id = s
        .create_conference(
            &ctx(),
            &ConferenceInput {
                title: "Hội nghị CCHC".into(),
                starts_at: "12/01/2023 08:00".into(),
                format: "online".into(),
                leaders: vec![
                    AttendeeInput {
                        name: "Phạm Văn Long".into(), position: Some("Chủ tịch UBND huyện".into()), role: "chair".into(), ..Default::default()
                    },
                    AttendeeInput {
                        name: "Lê Quang Huy".into(),
                        position: Some("Phó Chủ tịch UBND huyện".into()),
                        role: "directing".into(),
                        ..Default::default()
                    },
                ],
                figures: vec![Figure { label: "Chỉ số CCHC huyện".into(), value: 85.65, unit: Some("%".into()) }],
                ..Default::default()
            },
        )
        .unwrap();
    let c = conferences::get(s.conn(), id).unwrap();
    assert_eq!(c.chair_name.as_deref(), Some("Phạm Văn Long"));
    let found = people::search(s.conn(), "long", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].position.as_deref(), Some("Chủ tịch UBND huyện"));
    assert_eq!(people::search(s.conn(), "LE QUANG", 10).unwrap()[0].name, "Lê Quang Huy");
    let detail = s.conference_detail(id, day()).unwrap();
    assert_eq!(detail.figures[0].value, 85.65);
    assert_eq!(detail.attendees.len(), 2);

    // Two chairs, a leader at a remote site, or a delegate role are refused.
    let two_chairs = ConferenceInput {
        title: "X".into(),
        starts_at: "12/01/2023 08:00".into(),
        format: "in_person".into(),
        leaders: vec![
            AttendeeInput { name: "A".into(), role: "chair".into(), ..Default::default() },
            AttendeeInput { name: "B".into(), role: "chair".into(), ..Default::default() },
        ],
        ..Default::default()
    };
    assert!(s.create_conference(&ctx(), &two_chairs).unwrap_err().to_string().contains("một người chủ trì"));
    let twice = ConferenceInput {
        leaders: vec![
            AttendeeInput { name: "Lê Quang Huy".into(), role: "chair".into(), ..Default::default() },
            AttendeeInput { name: "LÊ QUANG HUY".into(), role: "directing".into(), ..Default::default() },
        ],
        ..two_chairs.clone()
    };
    assert!(s.create_conference(&ctx(), &twice).unwrap_err().to_string().contains("hai lần"));
    let bad_figure = ConferenceInput { leaders: vec![], figures: vec![Figure { label: " ".into(), value: 1.0, unit: None }], ..two_chairs };
    assert_eq!(s.create_conference(&ctx(), &bad_figure).unwrap_err().field(), Some("figures"));
}

#[test]
fn attendees_at_sites_and_the_same_person_twice() {
    let mut s = store();
    let id = add(&mut s, "Hội nghị", "12/01/2023 08:00", "other", "Phạm Văn Long");
    s.update_conference(
        &ctx(),
        id,
        &ConferenceInput {
            title: "Hội nghị".into(),
            starts_at: "12/01/2023 08:00".into(),
            format: "online".into(),
            leaders: vec![AttendeeInput { name: "Phạm Văn Long".into(), role: "chair".into(), ..Default::default() }],
            ..Default::default()
        },
    )
    .unwrap();
    let sites = conferences::sites(s.conn(), id).unwrap();
    assert_eq!(sites.len(), 11, "switching to online proposes the commune-level sites");
    let my_ha = unit(&s, "xa-my-ha");
    let ha_site = sites.iter().find(|x| x.unit_id == my_ha).unwrap().id;
    let hoa = AttendeeInput {
        name: "Trần Thị Hoa".into(),
        position: Some("Chủ tịch UBND xã".into()),
        unit_id: Some(my_ha),
        site_id: Some(ha_site),
        ..Default::default()
    };
    s.add_attendees(&ctx(), id, std::slice::from_ref(&hoa)).unwrap();
    let again = AttendeeInput { name: "tran thi hoa".into(), ..hoa.clone() };
    let err = s.add_attendees(&ctx(), id, &[again]).unwrap_err();
    assert!(err.to_string().contains("hai lần"), "{err}");
    let batch =
        [AttendeeInput { name: "Nguyễn Văn Bình".into(), ..Default::default() }, AttendeeInput { name: "Nguyễn Văn Bình".into(), ..Default::default() }];
    assert!(s.add_attendees(&ctx(), id, &batch).is_err());
    assert_eq!(attendees::list(s.conn(), id).unwrap().len(), 2, "a refused batch adds no one");

    let other = add(&mut s, "Khác", "13/01/2023 08:00", "other", "Z");
    let foreign = AttendeeInput { name: "Người lạ".into(), site_id: Some(ha_site), ..Default::default() };
    assert!(s.add_attendees(&ctx(), other, &[foreign]).unwrap_err().to_string().contains("không thuộc hội nghị"));

    // Site details, and the attendee is absent with a reason.
    s.update_site(ha_site, SiteConnection::Partial, Some("mất kết nối 10 phút"), Some("Trần Thị Hoa"), Some(25)).unwrap();
    assert!(s.update_site(ha_site, SiteConnection::Connected, None, None, Some(-1)).is_err());
    let hoa_id = attendees::list(s.conn(), id).unwrap().into_iter().find(|a| a.name == "Trần Thị Hoa").unwrap().id;
    s.set_attendee_presence(hoa_id, false, Some("Đi công tác")).unwrap();
    let detail = s.conference_detail(id, day()).unwrap();
    let site = detail.sites.iter().find(|x| x.id == ha_site).unwrap();
    assert_eq!((site.connection, site.headcount, site.note.as_deref()), (SiteConnection::Partial, Some(25), Some("mất kết nối 10 phút")));
    let hoa_row = detail.attendees.iter().find(|a| a.id == hoa_id).unwrap();
    assert_eq!((hoa_row.present, hoa_row.absence_reason.as_deref()), (false, Some("Đi công tác")));

    // Removing the site from the conference removes the people recorded there.
    let remaining: Vec<i64> = sites.iter().map(|x| x.unit_id).filter(|u| *u != my_ha).collect();
    s.update_conference(
        &ctx(),
        id,
        &ConferenceInput {
            title: "Hội nghị".into(),
            starts_at: "12/01/2023 08:00".into(),
            format: "online".into(),
            site_unit_ids: Some(remaining),
            leaders: vec![AttendeeInput { name: "Phạm Văn Long".into(), role: "chair".into(), ..Default::default() }],
            ..Default::default()
        },
    )
    .unwrap();
    let names: Vec<String> = attendees::list(s.conn(), id).unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Phạm Văn Long"]);
}

#[test]
fn demo_loads_the_seed_conference_once() {
    let mut s = store();
    let id = demo::load(&mut s, &ctx()).unwrap();
    let d = s.conference_detail(id, day()).unwrap();
    assert_eq!(d.conference.chair_name.as_deref(), Some("Phạm Văn Long"));
    assert_eq!(d.conference.starts_at, "2023-01-12T01:00:00Z");
    assert_eq!(d.sites.len(), 11);
    assert_eq!(d.figures.iter().find(|f| f.label.starts_with("Chỉ số CCHC huyện")).map(|f| f.value), Some(85.65));
    assert_eq!(d.directives.len(), 4);
    let tasks: Vec<(String, Option<String>, usize)> =
        d.directives.iter().flat_map(|dir| dir.tasks.iter()).map(|t| (t.task.title.clone(), t.task.deadline.clone(), t.progress.total as usize)).collect();
    assert_eq!(tasks.len(), 5);
    assert_eq!(tasks[0].1.as_deref(), Some("2023-02-28"));
    assert_eq!(tasks[0].2, 26, "@all: communes + departments + agencies");
    assert_eq!(tasks[2].2, 11);
    assert_eq!(tasks[3].2, 15, "@district: departments + agencies");
    assert_eq!(tasks[4].2, 13, "Phòng Văn hóa, Phòng GD-ĐT and the 11 communes");
    assert_eq!(demo::load(&mut s, &ctx()).unwrap_err().code(), "conflict");
    assert_eq!(titles(&s, query("cai cach hanh chinh")), [demo::TITLE]);
}

#[test]
fn partly_connected_sites_are_counted_apart() {
    let mut s = store();
    let id = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban".into(), starts_at: "06/02/2023 08:00".into(), format: "online".into(), ..Default::default() },
        )
        .unwrap();
    let sites = conferences::sites(s.conn(), id).unwrap();
    s.update_site(sites[0].id, SiteConnection::Partial, Some("mất kết nối 10 phút"), None, None).unwrap();
    s.update_site(sites[1].id, SiteConnection::Partial, None, None, None).unwrap();
    s.update_site(sites[2].id, SiteConnection::NotConnected, None, None, None).unwrap();
    let row = conferences::list(s.conn(), &ConferenceFilter::default(), day()).unwrap().remove(0);
    assert_eq!((row.sites_total, row.sites_connected, row.sites_partial), (11, 10, 2), "10 connected, of which 2 partly: 8 · 2 · 1");
}

#[test]
fn a_new_conference_proposes_the_kind_logged_last() {
    use dondoc_core::model::ConferenceKind;
    use dondoc_core::rules::task::TaskInput;
    let mut s = store();
    assert!(conferences::nothing_logged(s.conn()).unwrap(), "a new store has nothing logged");
    assert_eq!(conferences::last_kind(s.conn()).unwrap(), None);
    add(&mut s, "Giao ban tháng 1", "09/01/2023 08:00", "giao_ban", "A");
    // Logged last, though held before the other one.
    add(&mut s, "Sơ kết năm 2022", "05/01/2023 08:00", "so_ket", "A");
    assert_eq!(conferences::last_kind(s.conn()).unwrap(), Some(ConferenceKind::SoKet));
    assert!(!conferences::nothing_logged(s.conn()).unwrap());

    let mut tasks_only = store();
    let unit = crate::unit(&tasks_only, "phong-noi-vu");
    tasks_only
        .create_task(&ctx(), &TaskInput { source_ref: Some("CV 15/UBND".into()), title: "Rà soát".into(), lead_unit_ids: vec![unit], ..Default::default() })
        .unwrap();
    assert!(!conferences::nothing_logged(tasks_only.conn()).unwrap(), "a task alone is something logged");
}
