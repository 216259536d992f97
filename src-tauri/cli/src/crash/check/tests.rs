//! The checker catches what it is there to catch: each test damages a store the writer
//! wrote (as a lost commit, a drifting tally or a missing file would) and expects a defect;
//! and a write the kill cut off after its commit is expected in full, one never made not at all.

use super::*;
use crate::crash::writer;

struct Run {
    _dir: tempfile::TempDir,
    db: PathBuf,
    log: PathBuf,
    root: PathBuf,
}

/// A small generated store and 80 writes of the writer, its log read.
fn written() -> (Run, Model, Figures) {
    let dir = tempfile::tempdir().unwrap();
    let (db, log, root) = (dir.path().join("s.sqlite3"), dir.path().join("w.log"), dir.path().join("evidence"));
    benchdata::generate(Store::open(&db).unwrap().conn_mut(), 200, 1).unwrap();
    writer::run(&db, &log, &root, 9, Some(80)).unwrap();
    let (mut model, mut figures) = (Model::default(), Figures::default());
    model.read_log(&log, &mut figures).unwrap();
    assert_eq!(figures.writes_committed(), 80);
    (Run { _dir: dir, db, log, root }, model, figures)
}

fn last_commit(run: &Run, op: Op) -> Write {
    let text = std::fs::read_to_string(&run.log).unwrap();
    text.lines()
        .rev()
        .find_map(|l| match serde_json::from_str::<Line>(l).unwrap() {
            Line::Commit(w) if w.op == op => Some(w),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {op:?} in {text}"))
}

fn sql(run: &Run, sql: &str, id: i64) {
    Connection::open(&run.db).unwrap().execute(sql, [id]).unwrap();
}

#[test]
fn a_sound_store_has_no_defect() {
    let (run, mut model, mut figures) = written();
    assert_eq!(check(&run.db, &run.root, &mut model, &mut figures).unwrap(), Vec::<String>::new());
    assert!(figures.facts_checked > 80, "{figures:?}");
}

#[test]
fn a_committed_tick_missing_from_the_store_is_a_lost_write() {
    let (run, mut model, mut figures) = written();
    let tick = last_commit(&run, Op::Tick);
    // As if the commit had not reached the file: the part open again (the tally follows).
    sql(&run, "UPDATE assignment SET state = 'in_progress', completed_on = NULL WHERE id = ?1", tick.parts[0].id);
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(defects.iter().any(|d| d.contains(&format!("lần ghi {}", tick.tag))), "{defects:?}");
    assert_eq!((figures.lost_writes, figures.corruptions), (1, 0));
}

#[test]
fn a_created_task_missing_from_the_store_is_a_lost_write() {
    let (run, mut model, mut figures) = written();
    let create = last_commit(&run, Op::Create);
    let conn = Connection::open(&run.db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    conn.execute("DELETE FROM task WHERE id = ?1", [create.task.unwrap().id.unwrap()]).unwrap();
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(figures.lost_writes > create.parts.len(), "the task and each of its parts: {defects:?}");
}

#[test]
fn a_tally_that_differs_from_a_recount_is_a_corruption() {
    let (run, mut model, mut figures) = written();
    let unit: i64 = Connection::open(&run.db).unwrap().query_row("SELECT unit_id FROM unit_day_count LIMIT 1", [], |r| r.get(0)).unwrap();
    sql(&run, "UPDATE unit_day_count SET n = n + 1 WHERE unit_id = ?1", unit);
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(defects.iter().any(|d| d.contains("unit_day_count")), "{defects:?}");
    assert_eq!((figures.corruptions, figures.lost_writes), (1, 0));
}

#[test]
fn a_conference_tally_that_differs_from_a_recount_is_a_corruption() {
    let (run, mut model, mut figures) = written();
    sql(&run, "UPDATE conference_day_count SET n = n + ?1 WHERE conference_id = (SELECT min(conference_id) FROM conference_day_count)", 1);
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(defects.iter().any(|d| d.contains("conference_day_count")), "{defects:?}");
    assert_eq!((figures.corruptions, figures.lost_writes), (1, 0));
}

#[test]
fn an_evidence_row_without_its_file_is_reported_and_a_file_without_a_row_is_counted() {
    let (run, mut model, mut figures) = written();
    let e = last_commit(&run, Op::Evidence).evidence.unwrap();
    let path = run.root.join(e.path.unwrap());
    std::fs::rename(&path, run.root.join(format!("{}/orphan.txt", e.part))).unwrap();
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(defects.iter().any(|d| d.contains("không có tệp")), "{defects:?}");
    assert_eq!((figures.evidence_rows_without_file, figures.orphan_evidence_files), (1, 1));
}

/// A tick begun on a not-started part, logged but (so far) not committed.
fn begin_tick(run: &Run) -> i64 {
    let (open, deadline): (i64, Option<String>) = Connection::open(&run.db)
        .unwrap()
        .query_row("SELECT id, deadline FROM assignment WHERE state = 'not_started' LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let part = |state: &str, on: Option<&str>| Part {
        id: open,
        task: None,
        unit: None,
        state: state.into(),
        completed_on: on.map(String::from),
        deadline: deadline.clone(),
    };
    let begun = Write {
        tag: "9-999".into(),
        op: Op::Tick,
        late: false,
        parts: vec![part("done", Some("2024-12-01"))],
        before: vec![part("not_started", None)],
        task: None,
        evidence: None,
        import: None,
    };
    let mut log = std::fs::OpenOptions::new().append(true).open(&run.log).unwrap();
    std::io::Write::write_all(&mut log, format!("{}\n", serde_json::to_string(&Line::Begin(begun)).unwrap()).as_bytes()).unwrap();
    open
}

#[test]
fn a_write_the_kill_left_half_made_is_reported() {
    let (run, mut model, mut figures) = written();
    let open = begin_tick(&run);
    // The part changed, but the audit rows of the same transaction are not there.
    sql(&run, "UPDATE assignment SET state = 'done', completed_on = '2024-12-01' WHERE id = ?1", open);
    model.read_log(&run.log, &mut figures).unwrap();
    let defects = check(&run.db, &run.root, &mut model, &mut figures).unwrap();
    assert!(defects.iter().any(|d| d.contains("lần ghi 9-999")), "{defects:?}");
}

#[test]
fn a_write_killed_after_its_commit_is_expected_in_full_and_one_never_made_not_at_all() {
    let (run, _, _) = written();
    // The kill came after the last write's commit, before its commit line.
    let text = std::fs::read_to_string(&run.log).unwrap();
    let cut = text.trim_end().rfind('\n').unwrap() + 1;
    let last: Line = serde_json::from_str(text[cut..].trim_end()).unwrap();
    std::fs::write(&run.log, &text[..cut]).unwrap();
    let (mut model, mut figures) = (Model::default(), Figures::default());
    model.read_log(&run.log, &mut figures).unwrap();
    assert_eq!(check(&run.db, &run.root, &mut model, &mut figures).unwrap(), Vec::<String>::new());
    assert_eq!((figures.kills_inside_write, figures.inside_write_committed), (1, 1));
    let Line::Commit(last) = last else { panic!("the log ends with a commit") };
    for p in &last.parts {
        assert_eq!(model.parts[&p.id].0.state, p.state, "the cut-off write is now expected");
    }

    // A tick begun on an open part and killed before its commit: expected as it was.
    let open = begin_tick(&run);
    model.read_log(&run.log, &mut figures).unwrap();
    assert_eq!(check(&run.db, &run.root, &mut model, &mut figures).unwrap(), Vec::<String>::new());
    assert_eq!((figures.kills_inside_write, figures.inside_write_committed), (2, 1));
    assert_eq!(model.parts[&open].0.state, "not_started", "a write never made: its part is expected as it was");
}

/// On a loaded machine the kill may land before the writer has opened its log (or made the
/// evidence folder): that round promised nothing, and the store is checked as it is.
#[test]
fn a_kill_before_the_writer_started_promises_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, log, root) = (dir.path().join("s.sqlite3"), dir.path().join("w.log"), dir.path().join("evidence"));
    benchdata::generate(Store::open(&db).unwrap().conn_mut(), 50, 1).unwrap();
    let (mut model, mut figures) = (Model::default(), Figures::default());
    model.read_log(&log, &mut figures).expect("no log yet is no write");
    assert_eq!(figures.writes_committed(), 0);
    assert_eq!(check(&db, &root, &mut model, &mut figures).unwrap(), Vec::<String>::new());
}
