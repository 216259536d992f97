//! The overview's per-unit counts and every conference's progress come from tallies that
//! triggers keep (migrations 10 and 14), not from the parts themselves: after every kind
//! of write the counts must still equal the status of every part, row by row, on any
//! "tính đến ngày" date.

use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::stats;
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::{export, Store};
use dondoc_devtools::benchdata;

use crate::{d, store};

/// The office on 28/02/2025, after every generated deadline (tasks are given over the half
/// year before 30/06/2024, due within 6 months), so any completion date of the test lies in the past.
fn ctx() -> dondoc_core::Ctx {
    use chrono::{TimeZone, Utc};
    dondoc_core::Ctx::new(Utc.with_ymd_and_hms(2025, 2, 28, 2, 0, 0).unwrap(), "Văn phòng")
}

/// Dates around the generated store's as-of date (30/06/2024): before anything was given,
/// and among the days the small stores' tasks are given (from 01/01/2024 on, a conference
/// every 7 days), so parts that did not exist yet are left out of those counts.
const DAYS: [&str; 7] = ["2023-12-01", "2024-02-01", "2024-03-15", "2024-06-29", "2024-06-30", "2024-09-30", "2025-12-31"];

/// Every unit's counts on `day` from the tally, and the same counted part by part.
fn assert_counts_equal_every_part(s: &Store, when: &str) {
    let parts: i64 = s.conn().query_row("SELECT count(*) FROM assignment", [], |r| r.get(0)).unwrap();
    let (tallied, empty): (i64, i64) =
        s.conn().query_row("SELECT total(n), count(*) FILTER (WHERE n <= 0) FROM unit_day_count", [], |r| Ok((r.get::<_, f64>(0)? as i64, r.get(1)?))).unwrap();
    assert_eq!((tallied, empty), (parts, 0), "{when}: the tally counts every part once and keeps no empty rows");
    assert_tallies_recount(s, when);
    for day in DAYS {
        let rows = assignments::list(s.conn(), &AssignmentFilter::default(), d(day)).unwrap();
        // Every conference's progress, from its tally, against its parts one by one.
        let progress = stats::per_conference(s.conn(), d(day)).unwrap();
        let mut expected: std::collections::HashMap<i64, dondoc_core::status::Progress> = std::collections::HashMap::new();
        for r in rows.iter().filter(|r| r.conference_id.is_some()) {
            use dondoc_core::status::Status;
            let p = expected.entry(r.conference_id.unwrap()).or_default();
            if r.status != Status::Cancelled {
                p.total += 1;
                p.done += r.status.is_done() as i64;
                p.done_on_time += (r.status == Status::DoneOnTime) as i64;
                p.overdue += (r.status == Status::Overdue) as i64;
            }
        }
        let shown = |m: &std::collections::HashMap<i64, dondoc_core::status::Progress>| {
            let mut v: Vec<_> = m.iter().filter(|(_, p)| **p != Default::default()).map(|(id, p)| (*id, p.clone())).collect();
            v.sort_by_key(|(id, _)| *id);
            v
        };
        assert_eq!(shown(&progress), shown(&expected), "{when}: conferences on {day}");
        let units = stats::per_unit(s.conn(), d(day)).unwrap();
        assert_eq!(units.iter().map(|u| u.total).sum::<i64>(), rows.len() as i64, "{when}, {day}");
        for u in &units {
            let parts = rows.iter().filter(|r| r.unit_id == u.unit_id);
            assert_eq!(crate::unit_counts(u), crate::status_counts(parts), "{when}: unit {} on {day}", u.unit);
        }
        // A unit's page counts its own line alone: the same line, or zeros when it is not listed.
        for unit in dondoc_core::queries::units::list_units(s.conn()).unwrap() {
            let one = stats::for_unit(s.conn(), unit.id, d(day)).unwrap();
            let line = units.iter().find(|u| u.unit_id == unit.id).cloned();
            let expected = line.unwrap_or(stats::UnitStats { unit_id: unit.id, unit: unit.code.clone(), unit_name: unit.name.clone(), ..Default::default() });
            assert_eq!(one, expected, "{when}: unit {} alone on {day}", unit.code);
            assert_eq!(crate::unit_counts(&one), crate::status_counts(rows.iter().filter(|r| r.unit_id == unit.id)), "{when}: {} on {day}", unit.code);
        }
    }
}

/// Both tallies equal a recount from the parts, both ways, and keep no empty rows.
fn assert_tallies_recount(s: &Store, when: &str) {
    for d in dondoc_core::db::tallies::drift(s.conn()).unwrap() {
        assert_eq!((d.differing, d.empty), (0, 0), "{when}: {} equals a recount of the parts", d.table);
    }
}

fn ids(s: &Store, sql: &str) -> Vec<i64> {
    let mut stmt = s.conn().prepare(sql).unwrap();
    let ids = stmt.query_map([], |r| r.get(0)).unwrap();
    ids.collect::<Result<_, _>>().unwrap()
}

#[test]
fn per_unit_counts_equal_every_part_after_every_kind_of_write() {
    let mut s = store();
    benchdata::generate(s.conn_mut(), 1500, 11).unwrap();
    assert_counts_equal_every_part(&s, "generated");

    // Open parts done early, on their deadline and late (one per unit position).
    let open = ids(&s, "SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') AND deadline IS NOT NULL ORDER BY id LIMIT 90");
    for (i, id) in open.iter().enumerate() {
        let deadline: String = s.conn().query_row("SELECT deadline FROM assignment WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        let deadline = d(&deadline);
        let on = match i % 3 {
            0 => deadline - chrono::Days::new(3),
            1 => deadline,
            _ => deadline + chrono::Days::new(9),
        };
        let c = Completion { completed_on: on.format("%d/%m/%Y").to_string(), note: None, reported_value: Some(100.0) };
        s.complete_assignment(&ctx(), *id, &c).unwrap();
    }
    // Progress notes start parts (same kind for the tally), returns reopen done ones,
    // cancellations close open ones, extensions move deadlines of a task and of one part.
    for id in ids(&s, "SELECT id FROM assignment WHERE state = 'not_started' ORDER BY id DESC LIMIT 20") {
        s.add_progress_note(&ctx(), id, "Đang tổng hợp").unwrap();
    }
    for id in ids(&s, "SELECT id FROM assignment WHERE state = 'done' ORDER BY id LIMIT 40") {
        s.return_assignment(&ctx(), id, "Thiếu số liệu").unwrap();
    }
    for id in ids(&s, "SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') ORDER BY id DESC LIMIT 25") {
        s.cancel_assignment(&ctx(), id, "Không còn phù hợp").unwrap();
    }
    let extend = |new: &str| Extension { new_deadline: new.into(), reason: "Chờ số liệu".into(), decided_by: "Chủ tịch UBND huyện".into() };
    for task in ids(&s, "SELECT DISTINCT task_id FROM assignment WHERE state IN ('not_started', 'in_progress') AND period = '' AND deadline IS NOT NULL ORDER BY task_id LIMIT 15") {
        s.extend_deadline(&ctx(), task, None, &extend("31/08/2024")).unwrap();
    }
    let (task, part): (i64, i64) = s
        .conn()
        .query_row(
            "SELECT task_id, id FROM assignment WHERE state = 'in_progress' AND period = '' AND deadline IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    s.extend_deadline(&ctx(), task, Some(part), &extend("15/07/2024")).unwrap();
    assert_counts_equal_every_part(&s, "after ticks, notes, returns, cancellations and extensions");

    // An import deletes every part of the store it replaces and inserts the document's.
    let doc = export::export(s.conn()).unwrap();
    let mut other = store();
    benchdata::generate(other.conn_mut(), 300, 3).unwrap();
    other.import_all(&doc, true).unwrap();
    assert_counts_equal_every_part(&other, "after an import that replaced another store");
    let as_of = benchdata::as_of();
    assert_eq!(stats::per_unit(other.conn(), as_of).unwrap(), stats::per_unit(s.conn(), as_of).unwrap());
    // The import counts the tallies once and puts their triggers back: later writes count again.
    for id in ids(&other, "SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') ORDER BY id LIMIT 5") {
        let c = Completion { completed_on: "20/06/2024".into(), note: None, reported_value: Some(100.0) };
        other.complete_assignment(&ctx(), id, &c).unwrap();
    }
    for id in ids(&other, "SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') ORDER BY id LIMIT 3") {
        other.cancel_assignment(&ctx(), id, "Không còn phù hợp").unwrap();
    }
    assert_counts_equal_every_part(&other, "after writes that followed the import");
}

/// A store made before the tally existed gets it from its parts on upgrade.
#[test]
fn the_tally_is_built_from_the_parts_of_an_older_store() {
    let dir = std::env::temp_dir().join(format!("dondoc-tally-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v9.sqlite3");
    let _ = std::fs::remove_file(&path);
    {
        let mut s = Store::open(&path).unwrap();
        benchdata::generate(s.conn_mut(), 800, 5).unwrap();
        // Back to schema 9: without version 11's columns, version 10's tally and triggers.
        s.conn()
            .execute_batch(
                "DROP INDEX assignment_open_after; DROP INDEX task_unit_coordinator; DROP INDEX assignment_task_status;
                 ALTER TABLE assignment DROP COLUMN opens_on; ALTER TABLE task DROP COLUMN given_on;
                 CREATE INDEX assignment_task_status ON assignment(task_id, state, deadline, completed_on);
                 DROP TRIGGER assignment_count_insert; DROP TRIGGER assignment_count_delete; DROP TRIGGER assignment_count_update;
                 DROP TABLE unit_day_count;
                 DROP VIEW assignment_day_key; DROP TABLE conference_day_count;
                 DROP TRIGGER assignment_conference_count_insert; DROP TRIGGER assignment_conference_count_delete;
                 DROP TRIGGER assignment_conference_count_update; DROP TRIGGER task_conference_count_delete;
                 DROP TRIGGER task_conference_count_move;
                 DROP TRIGGER directive_conference_count_move; DROP INDEX assignment_unit_done;
                 CREATE INDEX assignment_status_cover ON assignment(unit_id, state, deadline, completed_on);
                 PRAGMA user_version = 9;",
            )
            .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_counts_equal_every_part(&s, "upgraded from version 9");
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Đôn đốc never moves a task or directive, nor deletes a task with parts, but the
/// conference tally stays right if the store does (by hand, or a later feature): each
/// change below, made in SQL, is followed by a recount. (A directive or conference with
/// tasks cannot be deleted: the schema refuses it.)
#[test]
fn the_conference_tally_follows_moved_and_deleted_tasks_directives_and_conferences() {
    let mut s = store();
    benchdata::generate(s.conn_mut(), 1200, 13).unwrap();
    // Some parts done, so that the rows moved carry done days too.
    for id in ids(&s, "SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') AND deadline IS NOT NULL ORDER BY id LIMIT 30") {
        let c = Completion { completed_on: "20/06/2024".into(), note: None, reported_value: Some(100.0) };
        s.complete_assignment(&ctx(), id, &c).unwrap();
    }
    let first = |sql: &str| ids(&s, sql)[0];
    let task = first("SELECT task_id FROM assignment GROUP BY task_id HAVING count(*) > 3 ORDER BY task_id LIMIT 1");
    let other_directive = first(&format!(
        "SELECT id FROM directive WHERE conference_id <> (SELECT d.conference_id FROM task t JOIN directive d ON d.id = t.directive_id WHERE t.id = {task}) LIMIT 1"
    ));
    let steps = [
        ("a task moved to a directive of another conference", format!("UPDATE task SET directive_id = {other_directive} WHERE id = {task}")),
        (
            "a directive moved to another conference",
            format!(
                "UPDATE directive SET conference_id = (SELECT min(id) FROM conference),
                 ordinal = (SELECT max(ordinal) + 1 FROM directive WHERE conference_id = (SELECT min(id) FROM conference)) WHERE id = {other_directive}"
            ),
        ),
        ("a task deleted with its parts", "DELETE FROM task WHERE id = (SELECT max(task_id) FROM assignment)".into()),
        ("a part deleted alone", "DELETE FROM assignment WHERE id = (SELECT min(id) FROM assignment WHERE state = 'done')".into()),
    ];
    for (what, sql) in steps {
        let before: i64 = s.conn().query_row("SELECT total(n) FROM conference_day_count", [], |r| r.get::<_, f64>(0)).unwrap() as i64;
        assert!(s.conn().execute(&sql, []).unwrap() > 0, "{what}: the statement changed a row");
        assert_tallies_recount(&s, what);
        let after: i64 = s.conn().query_row("SELECT total(n) FROM conference_day_count", [], |r| r.get::<_, f64>(0)).unwrap() as i64;
        assert!(what.starts_with("a task moved") || what.starts_with("a directive moved") || after < before, "{what}: {before} → {after}");
    }
    assert_counts_equal_every_part(&s, "after moves and deletions");
}
