//! Every bad input gives a typed validation error with a Vietnamese message, and writes nothing.

use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::CoreError;

use crate::{ctx, group, store, unit};

fn conference(title: &str, starts: &str, ends: Option<&str>, format: &str, sites: Option<Vec<i64>>) -> ConferenceInput {
    ConferenceInput {
        title: title.into(),
        starts_at: starts.into(),
        ends_at: ends.map(String::from),
        format: format.into(),
        site_unit_ids: sites,
        ..Default::default()
    }
}

fn assert_invalid(result: Result<i64, CoreError>, field: &str, words: &str) {
    let err = result.expect_err("bad input must be refused");
    assert_eq!(err.code(), "validation", "{err}");
    assert_eq!(err.field(), Some(field), "{err}");
    assert!(err.to_string().contains(words), "message {:?} should say {words:?}", err.to_string());
}

#[test]
fn bad_conferences_are_refused_and_nothing_is_written() {
    let mut s = store();
    let my_ha = unit(&s, "xa-my-ha");
    let cases: Vec<(&str, ConferenceInput, &str, &str)> = vec![
        ("empty title", conference("   ", "06/02/2023 08:00", None, "online", None), "title", "không được để trống"),
        ("no start", conference("Giao ban", "", None, "online", None), "startsAt", "thời gian bắt đầu"),
        ("bad start", conference("Giao ban", "32/01/2023", None, "online", None), "startsAt", "không hợp lệ"),
        ("end before start", conference("Giao ban", "06/02/2023 08:00", Some("06/02/2023 07:59"), "online", None), "endsAt", "không được trước"),
        ("unknown format", conference("Giao ban", "06/02/2023 08:00", None, "zoom", None), "format", "Trực tuyến"),
        ("site twice", conference("Giao ban", "06/02/2023 08:00", None, "online", Some(vec![my_ha, my_ha])), "siteUnitIds", "hai lần"),
        ("unknown unit", conference("Giao ban", "06/02/2023 08:00", None, "online", Some(vec![9999])), "siteUnitIds", "không có trong danh mục"),
    ];
    for (name, input, field, words) in cases {
        let r = s.create_conference(&ctx(), &input);
        assert_invalid(r, field, words);
        let n: i64 = s.conn().query_row("SELECT count(*) FROM conference", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "case {name}: nothing written");
    }
}

#[test]
fn archived_units_get_no_new_work() {
    let mut s = store();
    let my_ha = unit(&s, "xa-my-ha");
    s.write(|tx| Ok(tx.execute("UPDATE unit SET active = 0 WHERE id = ?1", [my_ha])?)).unwrap();
    let r = s.create_conference(&ctx(), &conference("Giao ban", "06/02/2023 08:00", None, "online", Some(vec![my_ha])));
    assert_invalid(r, "siteUnitIds", "ngừng hoạt động");
    // A group skips its archived members rather than failing.
    let conf = s.create_conference(&ctx(), &conference("Giao ban", "06/02/2023 08:00", None, "in_person", None)).unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let t = s
        .create_task(&ctx(), &TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_group_ids: vec![group(&s, "communes")], ..Default::default() })
        .unwrap();
    let n: i64 = s.conn().query_row("SELECT count(*) FROM assignment WHERE task_id = ?1", [t], |r| r.get(0)).unwrap();
    assert_eq!(n, 10);
}

#[test]
fn bad_tasks_are_refused() {
    let mut s = store();
    let conf = s.create_conference(&ctx(), &conference("Giao ban", "06/02/2023 08:00", None, "in_person", None)).unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let my_ha = unit(&s, "xa-my-ha");
    let base = TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_unit_ids: vec![my_ha], ..Default::default() };
    let cases: Vec<(&str, TaskInput, &str, &str)> = vec![
        ("empty title", TaskInput { title: " ".into(), ..base.clone() }, "title", "không được để trống"),
        ("no lead", TaskInput { lead_unit_ids: vec![], ..base.clone() }, "leadUnitIds", "ít nhất một đơn vị"),
        ("bad deadline", TaskInput { deadline: Some("30/02/2023".into()), ..base.clone() }, "deadline", "không hợp lệ"),
        ("standalone without document", TaskInput { directive_id: None, ..base.clone() }, "sourceRef", "văn bản giao việc"),
        ("lead and coordinator", TaskInput { coordinator_unit_ids: vec![my_ha], ..base.clone() }, "coordinatorUnitIds", "vừa chủ trì vừa phối hợp"),
        ("unknown group", TaskInput { lead_group_ids: vec![999], ..base.clone() }, "leadGroupIds", "không tồn tại"),
    ];
    for (name, input, field, words) in cases {
        assert_invalid(s.create_task(&ctx(), &input), field, words);
        let n: i64 = s.conn().query_row("SELECT count(*) FROM task", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "case {name}: nothing written");
    }
    assert_invalid(s.add_directive(conf, "  ").map(|_| 0), "text", "không được để trống");
}

#[test]
fn bad_ticks_are_refused() {
    let mut s = store();
    let conf = s.create_conference(&ctx(), &conference("Giao ban", "06/02/2023 08:00", None, "in_person", None)).unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let my_ha = unit(&s, "xa-my-ha");
    s.create_task(&ctx(), &TaskInput { directive_id: Some(dir), title: "Báo cáo".into(), lead_unit_ids: vec![my_ha], ..Default::default() }).unwrap();
    let id: i64 = s.conn().query_row("SELECT id FROM assignment", [], |r| r.get(0)).unwrap();
    let tick = |on: &str| Completion { completed_on: on.into(), ..Default::default() };
    // ctx() is 27/02/2023: the 28th is tomorrow.
    assert_invalid(s.complete_assignment(&ctx(), id, &tick("28/02/2023")).map(|_| 0), "completedOn", "ở tương lai");
    assert_invalid(s.complete_assignment(&ctx(), id, &tick("")).map(|_| 0), "completedOn", "ngày hoàn thành");
    assert_invalid(s.complete_assignment(&ctx(), id, &tick("hôm qua")).map(|_| 0), "completedOn", "không hợp lệ");
    s.complete_assignment(&ctx(), id, &tick("27/02/2023")).unwrap();
    assert_invalid(s.complete_assignment(&ctx(), id, &tick("27/02/2023")).map(|_| 0), "state", "đã được đánh dấu");
    let err = s.complete_assignment(&ctx(), 4242, &tick("27/02/2023")).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn target_tasks_need_a_reported_value() {
    use dondoc_core::model::{TargetOp, TargetScope};
    use dondoc_core::queries::assignments;
    use dondoc_core::queries::tasks::Target;
    use dondoc_core::status::Status;
    let mut s = store();
    let conf = s.create_conference(&ctx(), &conference("Giao ban", "06/02/2023 08:00", None, "in_person", None)).unwrap();
    let dir = s.add_directive(conf, "Số hóa hồ sơ").unwrap();
    let target =
        Target { metric: "Tỷ lệ hồ sơ được số hóa".into(), op: TargetOp::Gt, value: 60.0, unit: Some("%".into()), scope: TargetScope::Each };
    s.create_task(
        &ctx(),
        &TaskInput {
            directive_id: Some(dir),
            title: "Số hóa hồ sơ TTHC".into(),
            deadline: Some("31/12/2023".into()),
            lead_group_ids: vec![group(&s, "communes")],
            target: Some(target),
            ..Default::default()
        },
    )
    .unwrap();
    let (ha, hung) = (unit(&s, "xa-my-ha"), unit(&s, "xa-my-hung"));
    let a_ha = assignments::list_for_unit(s.conn(), ha, ctx().today()).unwrap()[0].id;
    let a_hung = assignments::list_for_unit(s.conn(), hung, ctx().today()).unwrap()[0].id;
    let no_value = Completion { completed_on: "27/02/2023".into(), ..Default::default() };
    assert_invalid(s.complete_assignment(&ctx(), a_ha, &no_value).map(|_| 0), "reportedValue", "kết quả");
    s.complete_assignment(&ctx(), a_ha, &Completion { reported_value: Some(60.0), ..no_value.clone() }).unwrap();
    s.complete_assignment(&ctx(), a_hung, &Completion { reported_value: Some(72.5), ..no_value }).unwrap();
    let day = ctx().today();
    assert_eq!(assignments::list_for_unit(s.conn(), ha, day).unwrap()[0].status, Status::TargetMissed, "60 is not over 60");
    assert_eq!(assignments::list_for_unit(s.conn(), hung, day).unwrap()[0].status, Status::DoneOnTime);
}
