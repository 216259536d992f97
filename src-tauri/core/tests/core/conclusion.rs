//! "Đọc kết luận": the seed conclusion proposes five tasks; accepting them creates the
//! directives and 26 + 1 + 11 + 15 + 13 assignments in one transaction. The tasks the reader
//! splits out of one conclusion item stay under one directive, numbered as the conclusion is.

use dondoc_core::conclusion::{self, AcceptedRow};
use dondoc_core::queries::{assignments, directives};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::task::TaskInput;

use crate::{as_proposed, ctx, store};

const SEED: &str = include_str!("../../data/seed-myloc-cchc-2022.json");

#[test]
fn the_seed_conclusion_becomes_five_tasks_for_66_assignments() {
    let mut s = store();
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let text = seed["text"].as_str().unwrap();
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Hội nghị CCHC".into(), starts_at: "12/01/2023 08:00".into(), format: "online".into(), ..Default::default() },
        )
        .unwrap();
    let day = conclusion::meeting_date(&s, conf).unwrap();
    let rows = conclusion::propose(&s, text, day).unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].sentence.starts_with("Sau hội nghị ở huyện các đơn vị"), "{}", rows[0].sentence);
    assert_eq!(rows[0].proposed.deadline.as_deref(), Some("2023-02-28"));
    let ids = conclusion::accept(&mut s, &ctx(), conf, &as_proposed(&rows)).unwrap();
    let counts: Vec<usize> = ids.iter().map(|t| assignments::list_for_task(s.conn(), *t, day).unwrap().len()).collect();
    assert_eq!(counts, [26, 1, 11, 15, 13]);
    // Prose: one directive per statement; "cấp xã …, cấp huyện …" is one statement, two tasks.
    let detail = s.conference_detail(conf, day).unwrap();
    let shape: Vec<(i64, usize)> = detail.directives.iter().map(|d| (d.directive.ordinal, d.tasks.len())).collect();
    assert_eq!(shape, [(1, 1), (2, 1), (3, 2), (4, 1)], "the subject split of one statement stays under one directive");
    assert!(detail.directives[0].directive.text.starts_with("Sau hội nghị ở huyện các đơn vị"), "{}", detail.directives[0].directive.text);
    assert_eq!(detail.directives[2].directive.text, "Năm 2023 cấp xã phải có trên 60% tổng hồ sơ, cấp huyện có trên 80% tổng hồ sơ được số hóa.");
}

/// Item 1 gives no task (a report), item 2 splits into three, item 3 gives one.
const NUMBERED: &str = "Kết luận của đồng chí Chủ tịch UBND huyện:
1. Năm 2022, các xã, thị trấn đã hoàn thành tốt nhiệm vụ cải cách hành chính, được Hội đồng thẩm định đánh giá cao.
2. Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn báo cáo kết quả tự chấm điểm trước ngày 25 hằng tháng, đồng thời đến hết năm 2023 đưa tỷ lệ hồ sơ được số hóa lên trên 80%.
3. Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.
";
const ITEM_2: &str = "Giao Phòng Nội vụ hướng dẫn chấm điểm chỉ số cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn báo cáo kết quả tự chấm điểm trước ngày 25 hằng tháng, đồng thời đến hết năm 2023 đưa tỷ lệ hồ sơ được số hóa lên trên 80%.";
const ITEM_3: &str = "Đề nghị Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.";

fn conference(s: &mut dondoc_core::Store) -> i64 {
    s.create_conference(
        &ctx(),
        &ConferenceInput { title: "Giao ban CCHC".into(), starts_at: "12/01/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
    )
    .unwrap()
}

/// (ordinal, text, task titles) of every directive of the conference.
fn directives_of(s: &dondoc_core::Store, conf: i64) -> Vec<(i64, String, Vec<String>)> {
    let detail = s.conference_detail(conf, crate::d("2023-01-12")).unwrap();
    detail.directives.into_iter().map(|d| (d.directive.ordinal, d.directive.text, d.tasks.into_iter().map(|t| t.task.title).collect())).collect()
}

#[test]
fn a_numbered_item_split_into_three_tasks_is_one_directive_with_its_own_number() {
    let mut s = store();
    let conf = conference(&mut s);
    let rows = conclusion::propose(&s, NUMBERED, crate::d("2023-01-12")).unwrap();
    let numbers: Vec<Option<u32>> = rows.iter().map(|r| r.directive_number).collect();
    assert_eq!(numbers, [Some(2), Some(2), Some(2), Some(3)], "item 1 is a report: no task");
    assert!(rows[..3].iter().all(|r| r.directive_text == ITEM_2), "{:?}", rows[0].directive_text);
    assert_eq!(rows[3].directive_text, ITEM_3);
    // The split clauses start mid-sentence ("các xã …", "đồng thời đến hết …"), but are shown on their own.
    let sentences: Vec<&str> = rows.iter().map(|r| r.sentence.as_str()).collect();
    assert!(sentences[1].starts_with("Các xã, thị trấn báo cáo"), "{sentences:?}");
    assert!(sentences[2].starts_with("Đồng thời đến hết năm 2023"), "{sentences:?}");
    assert_eq!(rows[1].proposed.recurrence.map(|r| r.code()).as_deref(), Some("monthly:25"));

    conclusion::accept(&mut s, &ctx(), conf, &as_proposed(&rows)).unwrap();
    let made = directives_of(&s, conf);
    let shape: Vec<(i64, &str, usize)> = made.iter().map(|(n, t, tasks)| (*n, t.as_str(), tasks.len())).collect();
    assert_eq!(shape, [(2, ITEM_2, 3), (3, ITEM_3, 1)], "directive 3 is item 3 even though item 1 gave nothing");
    for title in made.iter().flat_map(|d| &d.2) {
        assert!(title.chars().next().is_some_and(char::is_uppercase), "task title {title:?} starts in upper case");
    }
}

#[test]
fn numbers_held_by_other_directives_make_the_items_follow_the_last_one() {
    let mut s = store();
    let conf = conference(&mut s);
    let rows = as_proposed(&conclusion::propose(&s, NUMBERED, crate::d("2023-01-12")).unwrap());
    s.add_directive(conf, "Ý kiến ghi tay thứ nhất").unwrap();
    // Directive 1 is taken, 2 and 3 are free: the items keep their numbers.
    conclusion::accept(&mut s, &ctx(), conf, &rows).unwrap();
    let ordinals = |s: &dondoc_core::Store| directives_of(s, conf).into_iter().map(|d| (d.0, d.2.len())).collect::<Vec<_>>();
    assert_eq!(ordinals(&s), [(1, 0), (2, 3), (3, 1)]);
    // The same conclusion accepted again adds its tasks to the same directives.
    conclusion::accept(&mut s, &ctx(), conf, &rows).unwrap();
    assert_eq!(ordinals(&s), [(1, 0), (2, 6), (3, 2)]);

    let mut other = store();
    let conf = conference(&mut other);
    other.add_directive(conf, "Ý kiến ghi tay thứ nhất").unwrap();
    other.add_directive(conf, "Ý kiến ghi tay thứ hai").unwrap();
    conclusion::accept(&mut other, &ctx(), conf, &rows).unwrap();
    let made = directives_of(&other, conf);
    let shape: Vec<(i64, &str, usize)> = made.iter().map(|(n, t, tasks)| (*n, t.as_str(), tasks.len())).collect();
    assert_eq!(shape, [(1, "Ý kiến ghi tay thứ nhất", 0), (2, "Ý kiến ghi tay thứ hai", 0), (3, ITEM_2, 3), (4, ITEM_3, 1)], "nothing is overwritten");
}

#[test]
fn prose_statements_continue_after_a_lower_case_semicolon() {
    let mut s = store();
    let conf = conference(&mut s);
    let text = "Giao Phòng Nội vụ hướng dẫn chấm điểm cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn tự chấm điểm trước ngày 31/3/2023; Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.";
    let rows = conclusion::propose(&s, text, crate::d("2023-01-12")).unwrap();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(rows.iter().all(|r| r.directive_number.is_none()));
    conclusion::accept(&mut s, &ctx(), conf, &as_proposed(&rows)).unwrap();
    let made = directives_of(&s, conf);
    let shape: Vec<(i64, &str, usize)> = made.iter().map(|(n, t, tasks)| (*n, t.as_str(), tasks.len())).collect();
    assert_eq!(
        shape,
        [
            (1, "Giao Phòng Nội vụ hướng dẫn chấm điểm cải cách hành chính trước ngày 15/3/2023; các xã, thị trấn tự chấm điểm trước ngày 31/3/2023", 2),
            (2, "Phòng Tư pháp rà soát thủ tục hành chính trong quý II/2023.", 1),
        ]
    );
}

#[test]
fn a_bad_row_creates_nothing() {
    let mut s = store();
    let conf = s
        .create_conference(
            &ctx(),
            &ConferenceInput { title: "Giao ban".into(), starts_at: "12/01/2023 08:00".into(), format: "in_person".into(), ..Default::default() },
        )
        .unwrap();
    let good = AcceptedRow {
        sentence: "Giao Phòng Nội vụ hướng dẫn.".into(),
        directive_number: None,
        proposal: None,
        task: TaskInput { title: "Hướng dẫn".into(), lead_unit_ids: vec![crate::unit(&s, "phong-noi-vu")], ..Default::default() },
    };
    let bad = AcceptedRow {
        sentence: "Câu hai.".into(),
        directive_number: None,
        proposal: None,
        task: TaskInput { title: "Không có đơn vị".into(), ..Default::default() },
    };
    let err = conclusion::accept(&mut s, &ctx(), conf, &[good, bad]).unwrap_err();
    assert!(err.to_string().starts_with("Dòng 2:"), "{err}");
    assert!(directives::list(s.conn(), conf).unwrap().is_empty(), "all or nothing");
}
