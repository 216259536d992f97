//! "Đọc kết luận": the seed conclusion proposes five tasks; accepting them creates the
//! directives and 26 + 1 + 11 + 15 + 13 assignments in one transaction.

use dondoc_core::conclusion::{self, AcceptedRow};
use dondoc_core::queries::conferences::ConferenceInput;
use dondoc_core::queries::tasks::{Target, TaskInput};
use dondoc_core::queries::{assignments, directives};

use crate::{ctx, store};

const SEED: &str = include_str!("../../data/seed-myloc-cchc-2022.json");

fn accepted(rows: &[conclusion::ReviewRow]) -> Vec<AcceptedRow> {
    rows.iter()
        .map(|r| AcceptedRow {
            sentence: r.sentence.clone(),
            task: TaskInput {
                title: r.proposed.summary.clone(),
                deadline: r.proposed.deadline.clone(),
                recurrence: r.proposed.recurrence.clone(),
                lead_unit_ids: r.lead_unit_ids.clone(),
                lead_group_ids: r.lead_group_ids.clone(),
                coordinator_unit_ids: r.coordinator_unit_ids.clone(),
                target: r.proposed.target.as_ref().map(|t| Target {
                    metric: t.metric.clone(),
                    op: dondoc_core::model::TargetOp::parse("op", &t.op).unwrap(),
                    value: t.value,
                    unit: t.unit.clone(),
                    scope: dondoc_core::model::TargetScope::parse("scope", &t.scope).unwrap(),
                }),
                ..Default::default()
            },
        })
        .collect()
}

#[test]
fn the_seed_conclusion_becomes_five_tasks_for_66_assignments() {
    let mut s = store();
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let text = seed["text"].as_str().unwrap();
    let conf = s
        .create_conference(&ctx(), &ConferenceInput { title: "Hội nghị CCHC".into(), starts_at: "12/01/2023 08:00".into(), format: "online".into(), ..Default::default() })
        .unwrap();
    let day = conclusion::meeting_date(&s, conf).unwrap();
    let rows = conclusion::propose(&s, text, day).unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].sentence.starts_with("Sau hội nghị ở huyện các đơn vị"), "{}", rows[0].sentence);
    assert_eq!(rows[0].proposed.deadline.as_deref(), Some("2023-02-28"));
    let ids = conclusion::accept(&mut s, &ctx(), conf, &accepted(&rows)).unwrap();
    let counts: Vec<usize> = ids.iter().map(|t| assignments::list_for_task(s.conn(), *t, day).unwrap().len()).collect();
    assert_eq!(counts, [26, 1, 11, 15, 13]);
    assert_eq!(directives::list(s.conn(), conf).unwrap().len(), 5, "one directive per source clause");
}

#[test]
fn a_bad_row_creates_nothing() {
    let mut s = store();
    let conf = s
        .create_conference(&ctx(), &ConferenceInput { title: "Giao ban".into(), starts_at: "12/01/2023 08:00".into(), format: "in_person".into(), ..Default::default() })
        .unwrap();
    let good = AcceptedRow { sentence: "Giao Phòng Nội vụ hướng dẫn.".into(), task: TaskInput { title: "Hướng dẫn".into(), lead_unit_ids: vec![crate::unit(&s, "phong-noi-vu")], ..Default::default() } };
    let bad = AcceptedRow { sentence: "Câu hai.".into(), task: TaskInput { title: "Không có đơn vị".into(), ..Default::default() } };
    let err = conclusion::accept(&mut s, &ctx(), conf, &[good, bad]).unwrap_err();
    assert!(err.to_string().starts_with("Dòng 2:"), "{err}");
    assert!(directives::list(s.conn(), conf).unwrap().is_empty(), "all or nothing");
}
