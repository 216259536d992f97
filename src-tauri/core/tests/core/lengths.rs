//! Lengths (issue 14, item 8): every text the office types has a limit, counted in
//! characters after NFC; one over it is refused with a Vietnamese message naming the field
//! and both numbers, and nothing is written.

use dondoc_core::model::SiteConnection;
use dondoc_core::queries::attendees::AttendeeInput;
use dondoc_core::queries::conferences;
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::text::{count, LONG_MAX, NAME_MAX, NOTE_MAX, TITLE_MAX};
use dondoc_core::{ErrorCode, Result, Store};
use unicode_normalization::UnicodeNormalization;

use crate::{ctx, store, unit};

/// `n` characters of Vietnamese text, typed decomposed (NFD), as some keyboards send it:
/// each "ệ" is three code points before NFC and one after.
fn text(n: usize) -> String {
    "ệ".repeat(n).nfd().collect()
}

/// How many rows the store holds in each table a write could touch, to prove a refused
/// write left nothing behind.
fn rows(s: &Store) -> Vec<i64> {
    ["conference", "attendee", "directive", "task", "assignment", "audit", "deadline_extension"]
        .iter()
        .map(|t| s.conn().query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap())
        .collect()
}

fn conference(title: String, content: Option<String>) -> ConferenceInput {
    ConferenceInput { title, content, starts_at: "06/02/2023 08:00".into(), format: "online".into(), ..Default::default() }
}

type Write = Box<dyn Fn(&mut Store, usize) -> Result<()>>;

#[test]
fn every_text_is_accepted_up_to_its_limit_and_refused_one_over() {
    let mut s = store();
    let conf = s.create_conference(&ctx(), &conference("Giao ban".into(), None)).unwrap();
    let dir = s.add_directive(conf, "Chỉ đạo").unwrap();
    let my_ha = unit(&s, "xa-my-ha");
    let task = move |title: String, description: Option<String>| TaskInput {
        directive_id: Some(dir),
        title,
        description,
        deadline: Some("28/02/2023".into()),
        lead_unit_ids: vec![my_ha],
        ..Default::default()
    };
    s.create_task(&ctx(), &task("Báo cáo".into(), None)).unwrap();
    let (task_id, part): (i64, i64) = s.conn().query_row("SELECT task_id, id FROM assignment", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let site = conferences::sites(s.conn(), conf).unwrap()[0].id;
    let person = |name: String, position: Option<String>| AttendeeInput { name, position, ..Default::default() };

    // (what, field, limit, the write with a text of n characters)
    let cases: Vec<(&str, &str, usize, Write)> = vec![
        ("Tên hội nghị", "title", TITLE_MAX, Box::new(|s, n| s.create_conference(&ctx(), &conference(text(n), None)).map(drop))),
        ("Nội dung hội nghị", "content", LONG_MAX, Box::new(|s, n| s.create_conference(&ctx(), &conference("Giao ban".into(), Some(text(n)))).map(drop))),
        ("Nội dung ý kiến chỉ đạo", "text", LONG_MAX, Box::new(move |s, n| s.add_directive(conf, &text(n)).map(drop))),
        ("Tên nhiệm vụ", "title", TITLE_MAX, Box::new(move |s, n| s.create_task(&ctx(), &task(text(n), None)).map(drop))),
        ("Mô tả nhiệm vụ", "description", LONG_MAX, Box::new(move |s, n| s.create_task(&ctx(), &task("Báo cáo".into(), Some(text(n)))).map(drop))),
        ("Họ tên đại biểu", "attendees", NAME_MAX, Box::new(move |s, n| s.add_attendees(&ctx(), conf, &[person(text(n), None)]).map(drop))),
        ("Chức vụ", "attendees", NAME_MAX, Box::new(move |s, n| s.add_attendees(&ctx(), conf, &[person(format!("Lê Văn Tú {n}"), Some(text(n)))]).map(drop))),
        ("Ghi chú điểm cầu", "note", NOTE_MAX, Box::new(move |s, n| s.update_site(site, SiteConnection::Partial, Some(&text(n)), None, None))),
        ("Tên người chủ trì điểm cầu", "siteLead", NAME_MAX, Box::new(move |s, n| s.update_site(site, SiteConnection::Connected, None, Some(&text(n)), None))),
        ("Nội dung tiến độ", "note", NOTE_MAX, Box::new(move |s, n| s.add_progress_note(&ctx(), part, &text(n)))),
        // Writes that need a step before them do both in one transaction, so a refusal
        // leaves the part as it was and the case can run again.
        (
            "Lý do hủy",
            "reason",
            NOTE_MAX,
            Box::new(move |s, n| {
                s.write(|tx| {
                    dondoc_core::rules::part::cancel(tx, &ctx(), part, &text(n))?;
                    Ok(tx.execute("UPDATE assignment SET state = 'in_progress' WHERE id = ?1", [part]).map(drop)?)
                })
            }),
        ),
        (
            "Lý do gia hạn",
            "reason",
            NOTE_MAX,
            Box::new(move |s, n| {
                s.extend_deadline(
                    &ctx(),
                    task_id,
                    None,
                    &Extension { new_deadline: "31/03/2023".into(), reason: text(n), decided_by: "Chủ tịch UBND huyện".into() },
                )
            }),
        ),
        (
            "Ghi chú",
            "note",
            NOTE_MAX,
            Box::new(move |s, n| {
                s.write(|tx| {
                    dondoc_core::rules::part::complete(
                        tx,
                        &ctx(),
                        part,
                        &Completion { completed_on: "27/02/2023".into(), note: Some(text(n)), ..Default::default() },
                    )?;
                    dondoc_core::rules::part::return_to_unit(tx, &ctx(), part, "Làm lại")
                })
            }),
        ),
        (
            "Lý do trả lại",
            "reason",
            NOTE_MAX,
            Box::new(move |s, n| {
                s.write(|tx| {
                    dondoc_core::rules::part::complete(tx, &ctx(), part, &Completion { completed_on: "27/02/2023".into(), ..Default::default() })?;
                    dondoc_core::rules::part::return_to_unit(tx, &ctx(), part, &text(n))
                })
            }),
        ),
        (
            "Lý do vắng",
            "reason",
            NOTE_MAX,
            Box::new(move |s, n| {
                let id: i64 = s.conn().query_row("SELECT id FROM attendee WHERE conference_id = ?1 LIMIT 1", [conf], |r| r.get(0))?;
                s.set_attendee_presence(id, false, Some(&text(n)))
            }),
        ),
    ];
    for (what, field, max, write) in &cases {
        for n in [max - 1, *max] {
            write(&mut s, n).unwrap_or_else(|e| panic!("{what}: {n} characters must be accepted: {e}"));
        }
        let before = rows(&s);
        let err = write(&mut s, max + 1).expect_err(what);
        assert_eq!((err.code(), err.field()), (ErrorCode::Validation, Some(*field)), "{what}");
        // A row of a list says which row first ("Dòng 1: …").
        let message = err.to_string();
        let want = format!("{what} dài {} ký tự, tối đa {}.", count(max + 1), count(*max));
        assert!(message == want || message == format!("Dòng 1: {want}"), "{message:?} should say {want:?}");
        assert_eq!(rows(&s), before, "{what}: a refused write leaves nothing behind");
    }
}

#[test]
fn a_pasted_name_over_the_limit_skips_that_line_only() {
    let mut s = store();
    let conf = s.create_conference(&ctx(), &conference("Giao ban".into(), None)).unwrap();
    let rows = [AttendeeInput { name: text(NAME_MAX + 1), ..Default::default() }, AttendeeInput { name: "Lê Văn Tú".into(), ..Default::default() }];
    let outcomes = s.add_attendees_each(&ctx(), conf, &rows).unwrap();
    assert_eq!(outcomes[0].problem.as_deref(), Some("Họ tên đại biểu dài 201 ký tự, tối đa 200."));
    assert!(outcomes[1].id.is_some());
}
