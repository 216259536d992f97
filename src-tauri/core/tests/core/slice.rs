//! The foundation slice (issue 2, steps 2–5) at the core level.

use dondoc_core::model::SiteConnection;
use dondoc_core::queries::assignments;
use dondoc_core::queries::conferences;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::status::Status;
use dondoc_core::Store;

use crate::{ctx, d, group, store, unit};

fn online_conference(store: &mut Store) -> i64 {
    store
        .create_conference(
            &ctx(),
            &ConferenceInput {
                title: "Hội nghị trực tuyến kiểm điểm công tác CCHC năm 2022".into(),
                kind: Some("tong_ket".into()),
                starts_at: "06/02/2023 08:00".into(),
                format: "online".into(),
                chair_name: Some("Phạm Văn Long".into()),
                ..Default::default()
            },
        )
        .unwrap()
}

#[test]
fn online_conference_gets_the_eleven_commune_level_sites() {
    let mut s = store();
    let id = online_conference(&mut s);
    let sites = conferences::sites(s.conn(), id).unwrap();
    let names: Vec<&str> = sites.iter().map(|x| x.unit_short_name.as_str()).collect();
    assert_eq!(sites.len(), 11, "{names:?}");
    assert_eq!(names[0], "TT Mỹ Lộc", "the town comes first, in registry order");
    let c = conferences::get(s.conn(), id).unwrap();
    assert_eq!(c.starts_at, "2023-02-06T01:00:00Z", "08:00 in Hà Nội is stored as 01:00 UTC");
}

#[test]
fn whole_slice_directive_task_group_fan_out_and_tick() {
    let mut s = store();
    let conf = online_conference(&mut s);
    let thinh = conferences::sites(s.conn(), conf).unwrap().into_iter().find(|x| x.unit_short_name == "Mỹ Thịnh").unwrap();
    s.update_site(thinh.id, SiteConnection::NotConnected, Some("mất điện"), None, None).unwrap();
    let list = conferences::list(s.conn(), &Default::default(), d("2023-02-27")).unwrap();
    assert_eq!((list[0].sites_connected, list[0].sites_total), (10, 11));

    let directive = s.add_directive(conf, "Các đơn vị kiểm điểm, đăng ký chỉ tiêu thi đua báo cáo huyện trước tháng 3/2023.").unwrap();
    let task = s
        .create_task(
            &ctx(),
            &TaskInput {
                directive_id: Some(directive),
                title: "Đăng ký chỉ tiêu thi đua, báo cáo huyện".into(),
                deadline: Some("28/02/2023".into()),
                lead_group_ids: vec![group(&s, "communes")],
                ..Default::default()
            },
        )
        .unwrap();
    let rows = assignments::list_for_task(s.conn(), task, d("2023-02-27")).unwrap();
    assert_eq!(rows.len(), 11, "a group is expanded into one assignment per unit");
    assert!(rows.iter().all(|r| r.status == Status::InProgress));

    let my_ha = unit(&s, "xa-my-ha");
    let mine = assignments::list_for_unit(s.conn(), my_ha, d("2023-02-27")).unwrap();
    assert_eq!(mine.len(), 1);
    s.complete_assignment(&ctx(), mine[0].id, &Completion { completed_on: "20/02/2023".into(), note: Some("Đã báo cáo".into()), reported_value: None })
        .unwrap();
    let mine = assignments::list_for_unit(s.conn(), my_ha, d("2023-03-10")).unwrap();
    assert_eq!(mine[0].status, Status::DoneOnTime);
    assert_eq!(mine[0].status_label, "Hoàn thành đúng hạn");

    let detail = s.conference_detail(conf, d("2023-03-10")).unwrap();
    assert_eq!((detail.progress.done, detail.progress.total, detail.progress.overdue), (1, 11, 10));
    assert_eq!(detail.directives[0].tasks[0].progress.done, 1);

    // Every write left an audit trail: the task with its fan-out (one act, one row), and the tick.
    let audit: i64 = s.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap();
    assert_eq!(audit, 1 + 3, "task created (with its 11 parts) + state, date and note of the tick");
}

#[test]
fn the_store_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dondoc.sqlite3");
    {
        let mut s = Store::open(&path).unwrap();
        online_conference(&mut s);
    }
    let s = Store::open(&path).unwrap();
    let list = conferences::list(s.conn(), &Default::default(), d("2023-02-27")).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(dondoc_core::queries::units::count_units(s.conn()).unwrap(), 30, "seeded once, not twice (29 and the district's own)");
}

#[test]
fn urgency_orders_a_units_list() {
    let mut s = store();
    let conf = online_conference(&mut s);
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let my_ha = unit(&s, "xa-my-ha");
    for (title, deadline) in [("Không hạn", None), ("Hạn xa", Some("30/06/2023")), ("Quá hạn", Some("10/02/2023")), ("Hạn gần", Some("01/03/2023"))]
    {
        s.create_task(
            &ctx(),
            &TaskInput { directive_id: Some(dir), title: title.into(), deadline: deadline.map(String::from), lead_unit_ids: vec![my_ha], ..Default::default() },
        )
        .unwrap();
    }
    let titles: Vec<String> = assignments::list_for_unit(s.conn(), my_ha, d("2023-02-27")).unwrap().into_iter().map(|r| r.task_title).collect();
    assert_eq!(titles, ["Quá hạn", "Hạn gần", "Hạn xa", "Không hạn"]);
}
