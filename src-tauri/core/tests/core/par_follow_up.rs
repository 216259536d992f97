//! From score to task: a remedial task on a unit's weak field, field tags on tasks and
//! directives, and the unit's card showing the field's figure the year after.

use dondoc_core::par::remedial::default_title;
use dondoc_core::par::{self, tags, ParLevel, RemedialInput};
use dondoc_core::queries::{directives, tasks};
use dondoc_core::status::Status;

use super::par::load;
use crate::{ctx, d, store, unit};

fn remedial(unit_id: i64, year: i32, key: &str) -> RemedialInput {
    RemedialInput { unit_id, year, level: ParLevel::Commune, field_key: key.into(), title: None, deadline: Some("30/06/2023".into()) }
}

#[test]
fn a_remedial_task_follows_the_weak_field_into_the_next_year() {
    let mut s = store();
    load(&mut s, "framework-2021-commune.json", "scores-2021-commune.json");
    let phuc = unit(&s, "xa-my-phuc");
    let input = remedial(phuc, 2021, "tthc_mot_cua");
    let title = default_title(s.conn(), &input).unwrap();
    assert_eq!(
        title,
        "Khắc phục hạn chế lĩnh vực Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông (chỉ số CCHC năm 2021 đạt 60,0%)"
    );
    let id = s.write(|tx| par::remedial_task(tx, &ctx(), &input)).unwrap();

    let task = tasks::get(s.conn(), id).unwrap();
    assert_eq!(task.title, title);
    assert_eq!(task.source_ref.as_deref(), Some("Chỉ số CCHC năm 2021 – Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông"));
    assert_eq!(task.deadline.as_deref(), Some("2023-06-30"));
    assert_eq!(task.units.iter().map(|u| (u.unit_id, u.role.as_str())).collect::<Vec<_>>(), vec![(phuc, "lead")]);
    let tagged = tags::of_tasks(s.conn(), &[id]).unwrap();
    assert_eq!((tagged[0].own.clone(), tagged[0].inherited.clone()), (vec!["tthc_mot_cua".to_string()], vec![]));

    // Before 2022 is scored, the card shows the task and 2021's figure only.
    let card = par::unit_card(s.conn(), phuc, d("2023-03-01")).unwrap();
    assert_eq!(card.tasks.len(), 1);
    let t = &card.tasks[0];
    assert_eq!((t.task_id, t.field_key.as_str(), t.year, t.percent_then, t.percent_next, t.improved), (id, "tthc_mot_cua", Some(2021), Some(60.0), None, None));
    assert_eq!((t.status, t.deadline.as_deref()), (Some(Status::InProgress), Some("2023-06-30")));

    // Once 2022 is scored: 62,3 %, improved.
    load(&mut s, "framework-2022-commune-full.json", "scores-2022-commune.json");
    let card = par::unit_card(s.conn(), phuc, d("2023-07-01")).unwrap();
    let t = &card.tasks[0];
    assert_eq!((t.percent_then, t.percent_next, t.improved), (Some(60.0), Some(62.3), Some(true)));
    assert_eq!(t.status, Some(Status::Overdue));
    assert_eq!(t.field_name, "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông");
    assert_eq!(card.years.iter().map(|y| (y.year, y.index)).collect::<Vec<_>>(), vec![(2021, Some(71.23)), (2022, Some(73.64))]);
    assert_eq!(card.years[1].delta, Some(2.41));
    assert_eq!((card.unit.as_str(), card.level), ("Mỹ Phúc", ParLevel::Commune));
    let weakest: Vec<(&str, Option<f64>)> = card.weakest.iter().map(|c| (c.key.as_str(), c.percent)).collect();
    assert_eq!(weakest, vec![("tthc_mot_cua", Some(62.3)), ("cong_vu", Some(69.4)), ("chinh_quyen_so", Some(72.7))], "lowest first, at most 3");

    // The 2022 remedial task on the same field: the next year is not scored yet.
    let id2022 = s.write(|tx| par::remedial_task(tx, &ctx(), &remedial(phuc, 2022, "tthc_mot_cua"))).unwrap();
    let card = par::unit_card(s.conn(), phuc, d("2023-03-01")).unwrap();
    let t = card.tasks.iter().find(|t| t.task_id == id2022).unwrap();
    assert_eq!((t.year, t.percent_then, t.percent_next, t.improved), (Some(2022), Some(62.3), None, None));
    assert!(t.title.ends_with("(chỉ số CCHC năm 2022 đạt 62,3%)"), "{}", t.title);
}

#[test]
fn a_remedial_task_needs_a_score_and_a_field_of_the_framework() {
    let mut s = store();
    dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    let ha = unit(&s, "xa-my-ha");
    let err = s.write(|tx| par::remedial_task(tx, &ctx(), &remedial(ha, 2022, "the_che"))).unwrap_err();
    assert!(err.to_string().contains("“UBND xã Mỹ Hà” chưa có điểm chỉ số CCHC năm 2022 – Cấp xã"), "{err}");
    let phuc = unit(&s, "xa-my-phuc");
    let err = s.write(|tx| par::remedial_task(tx, &ctx(), &remedial(phuc, 2022, "chinh_quyen_so"))).unwrap_err();
    assert!(err.to_string().contains("Lĩnh vực “chinh_quyen_so” không có trong khung chỉ số CCHC năm 2022 – Cấp xã."), "{err}");
    // The demo gives Mỹ Phúc no field figures: the title says the year only.
    let input = RemedialInput { title: Some("  Rà soát niêm yết TTHC  ".into()), ..remedial(phuc, 2022, "tthc_mot_cua") };
    assert_eq!(
        default_title(s.conn(), &input).unwrap(),
        "Khắc phục hạn chế lĩnh vực Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông (chỉ số CCHC năm 2022)"
    );
    let id = s.write(|tx| par::remedial_task(tx, &ctx(), &input)).unwrap();
    assert_eq!(tasks::get(s.conn(), id).unwrap().title, "Rà soát niêm yết TTHC", "the secretary's own title");
}

#[test]
fn a_directives_tags_reach_its_tasks_and_the_units_cards() {
    let mut s = store();
    let conference = dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    let keys: Vec<String> = tags::fields(s.conn()).unwrap().into_iter().map(|f| f.key).collect();
    assert_eq!(keys, vec!["chi_dao_dieu_hanh", "the_che", "tthc_mot_cua", "bo_may", "tai_chinh_cong"], "the latest framework's order, each key once");
    // The first directive (kiểm điểm, đăng ký chỉ tiêu thi đua, to every commune) follows
    // up the weak "chỉ đạo, điều hành".
    let first = directives::list(s.conn(), conference).unwrap()[0].id;
    s.write(|tx| tags::set_directive(tx, first, &["chi_dao_dieu_hanh".into(), "chi_dao_dieu_hanh".into()])).unwrap();
    assert_eq!(tags::of_directive(s.conn(), first).unwrap(), vec!["chi_dao_dieu_hanh"]);
    let task = tasks::ids_for_directive(s.conn(), first).unwrap()[0];
    let got = tags::of_tasks(s.conn(), &[task]).unwrap();
    assert_eq!((got[0].own.len(), got[0].inherited.clone()), (0, vec!["chi_dao_dieu_hanh".to_string()]));

    let tt = unit(&s, "tt-my-loc");
    let card = par::unit_card(s.conn(), tt, d("2023-02-27")).unwrap();
    let t = card.tasks.iter().find(|t| t.task_id == task).expect("the commune's task is on its card");
    // Given at the conference in 2023: it follows up the 2022 score.
    assert_eq!((t.field_key.as_str(), t.year, t.percent_then), ("chi_dao_dieu_hanh", Some(2022), None));
    assert_eq!(t.field_name, "Công tác chỉ đạo, điều hành CCHC");

    // A task's own tags: unknown keys refused, replaced whole otherwise.
    let err = s.write(|tx| tags::set_task(tx, task, &["khong_co".into()])).unwrap_err();
    assert_eq!(err.to_string(), "Lĩnh vực “khong_co” không có trong khung chỉ số CCHC nào.");
    s.write(|tx| tags::set_task(tx, task, &["tthc_mot_cua".into(), "bo_may".into()])).unwrap();
    s.write(|tx| tags::set_task(tx, task, &["bo_may".into()])).unwrap();
    assert_eq!(tags::of_tasks(s.conn(), &[task]).unwrap()[0].own, vec!["bo_may"]);
    let card = par::unit_card(s.conn(), tt, d("2023-02-27")).unwrap();
    let fields: Vec<&str> = card.tasks.iter().filter(|t| t.task_id == task).map(|t| t.field_key.as_str()).collect();
    assert_eq!(fields, vec!["bo_may", "chi_dao_dieu_hanh"]);
    // The district's own unit belongs to no group: no task of the conference reaches it.
    assert!(par::unit_card(s.conn(), unit(&s, "ubnd-huyen"), d("2023-02-27")).unwrap().tasks.is_empty());
}

#[test]
fn the_index_and_its_tags_go_through_the_whole_store_export() {
    use dondoc_core::export;
    let mut s = store();
    let conference = dondoc_core::demo::load(&mut s, &ctx()).unwrap();
    load(&mut s, "framework-2021-commune.json", "scores-2021-commune.json");
    let phuc = unit(&s, "xa-my-phuc");
    s.write(|tx| par::remedial_task(tx, &ctx(), &remedial(phuc, 2021, "tthc_mot_cua"))).unwrap();
    let first = directives::list(s.conn(), conference).unwrap()[0].id;
    s.write(|tx| tags::set_directive(tx, first, &["chi_dao_dieu_hanh".into()])).unwrap();
    let doc = export::export(s.conn()).unwrap();
    for (table, rows) in [
        ("par_framework", 4),
        ("par_field", 7 + 5 + 3),
        ("par_score", 11 + 2 + 1),
        ("par_score_field", 11 * 7 + 3),
        ("par_average", 2),
        ("task_par_field", 1),
        ("directive_par_field", 1),
    ] {
        assert_eq!(doc["tables"][table].as_array().unwrap().len(), rows, "{table}");
    }
    let mut fresh = store();
    fresh.import_all(&doc, false).unwrap();
    assert_eq!(export::export(fresh.conn()).unwrap()["tables"], doc["tables"]);
    assert_eq!(par::table(fresh.conn(), 2022, ParLevel::Commune).unwrap(), par::table(s.conn(), 2022, ParLevel::Commune).unwrap());
    assert_eq!(par::unit_card(fresh.conn(), phuc, d("2023-03-01")).unwrap(), par::unit_card(s.conn(), phuc, d("2023-03-01")).unwrap());

    // A document whose index rows are broken is refused whole.
    let mut bad = doc.clone();
    bad["tables"]["par_score"][0]["unit_id"] = 9999.into();
    bad["tables"]["par_framework"][0]["bands"] = "Nhóm I".into();
    bad["tables"]["par_framework"][1]["level"] = "province".into();
    let err = store().import_all(&bad, false).unwrap_err().to_string();
    assert!(err.contains("Bảng “par_score”, dòng 1: cột “unit_id” trỏ tới id 9999 không có trong bảng “unit”."), "{err}");
    assert!(err.contains("Bảng “par_framework”, dòng 1: cột “bands” phải là một danh sách JSON."), "{err}");
    assert!(err.contains("Bảng “par_framework”, dòng 2: cột “level” có giá trị \"province\" không hợp lệ"), "{err}");
}
