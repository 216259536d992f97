//! `dondoc-cli bench core`: the core operations timed on generated stores of several sizes,
//! each run many times; prints median and p95 per operation as a Markdown table.
//! A benchmark prints figures; it asserts nothing.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use dondoc_core::queries::assignments::{self, AssignmentFilter};
use dondoc_core::queries::{stats, units};
use dondoc_core::rules::conference::ConferenceInput;
use dondoc_core::rules::part::Completion;
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{export, reminders, CoreError, Ctx, Store};
use dondoc_devtools::benchdata;

/// One measured operation.
pub struct Row {
    /// Store size (assignments).
    pub size: usize,
    /// What was timed.
    pub op: &'static str,
    /// Runs.
    pub runs: usize,
    /// Median.
    pub median: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// The target at 100k, as the issue states it.
    pub target: &'static str,
}

fn measure(size: usize, op: &'static str, target: &'static str, runs: usize, mut f: impl FnMut(usize) -> Result<(), CoreError>) -> Result<Row, CoreError> {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let t = Instant::now();
        f(i)?;
        times.push(t.elapsed());
    }
    times.sort();
    let p95 = times[((runs as f64 * 0.95).ceil() as usize).clamp(1, runs) - 1];
    Ok(Row { size, op, runs, median: times[runs / 2], p95, target })
}

/// Builds a store of `size` assignments in `dir` and times every operation on it.
pub fn run_size(dir: &Path, size: usize, seed: u64, runs: usize) -> Result<Vec<Row>, CoreError> {
    let path = dir.join(format!("bench-{size}.sqlite3"));
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path)?;
    let mut rows = Vec::new();
    let t = Instant::now();
    let generated = benchdata::generate(store.conn_mut(), size, seed)?;
    rows.push(Row { size, op: "generate store", runs: 1, median: t.elapsed(), p95: t.elapsed(), target: "—" });
    // What the next open does for a generated (or upgraded) store: every conference's search words.
    let t = Instant::now();
    dondoc_core::db::refold(store.conn_mut())?;
    rows.push(Row { size, op: "build conference search words (first open)", runs: 1, median: t.elapsed(), p95: t.elapsed(), target: "—" });
    let as_of = benchdata::as_of();
    let ctx = Ctx::new(Utc.from_utc_datetime(&as_of.and_hms_opt(1, 0, 0).expect("valid")), "bench");
    let unit = units::find_unit_by_code(store.conn(), "xa-my-ha")?.expect("seeded").id;
    let communes = units::list_groups(store.conn())?.into_iter().find(|g| g.code == "communes").expect("seeded").id;
    let conf = store.create_conference(
        &ctx,
        &ConferenceInput { title: "Đo hiệu năng".into(), starts_at: "30/06/2024 08:00".into(), format: "in_person".into(), ..Default::default() },
    )?;
    let directive = store.add_directive(conf, "Đo hiệu năng")?;

    rows.push(measure(size, "create task, fan-out to 11 units, with audit", "≤ 1 ms", runs.min(200), |i| {
        let input = TaskInput {
            directive_id: Some(directive),
            title: format!("Nhiệm vụ đo hiệu năng số {i}"),
            deadline: Some("31/12/2024".into()),
            lead_group_ids: vec![communes],
            ..Default::default()
        };
        store.create_task(&ctx, &input).map(|_| ())
    })?);
    let open: Vec<i64> = {
        let mut stmt = store.conn().prepare("SELECT id FROM assignment WHERE state IN ('not_started', 'in_progress') ORDER BY id LIMIT ?1")?;
        let ids = stmt.query_map([runs as i64], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    rows.push(measure(size, "mark done", "≤ 1 ms", open.len().max(1), |i| {
        let Some(id) = open.get(i) else { return Ok(()) };
        store.complete_assignment(&ctx, *id, &Completion { completed_on: "30/06/2024".into(), note: None, reported_value: Some(100.0) })
    })?);
    let overdue = |limit| AssignmentFilter { unit_id: Some(unit), status: Some(dondoc_core::status::Status::Overdue), limit, ..Default::default() };
    rows.push(measure(size, "unit overdue list, first 50", "≤ 1 ms", runs, |_| assignments::list(store.conn(), &overdue(Some(50)), as_of).map(|_| ()))?);
    rows.push(measure(size, "unit overdue list, all", "—", runs, |_| assignments::list(store.conn(), &overdue(None), as_of).map(|_| ()))?);
    rows.push(measure(size, "dashboard per-unit counts", "≤ 40 ms", runs.min(50), |_| stats::per_unit(store.conn(), as_of).map(|_| ()))?);
    // Everything the overview screen asks for at start: per-unit counts, every conference's
    // progress, the overdue and starred lists and the overdue total.
    rows.push(measure(size, "whole overview (dashboard command)", "—", runs.min(50), |_| store.dashboard(as_of).map(|_| ()))?);
    rows.push(measure(size, "tray overdue count", "—", runs.min(50), |_| assignments::count_overdue(store.conn(), as_of).map(|_| ()))?);
    let settings = store.settings()?;
    let morning = ctx.now;
    rows.push(measure(size, "next reminder instant", "≤ 0.2 ms", runs, |_| reminders::next_instant(store.conn(), &settings, morning).map(|_| ()))?);
    let search = AssignmentFilter { query: Some("so hoa".into()), limit: Some(50), ..Default::default() };
    rows.push(measure(size, "search \"so hoa\", first 50", "≤ 1 ms", runs, |_| assignments::list(store.conn(), &search, as_of).map(|_| ()))?);
    // The conference list's search: every conference's search words read and matched (the
    // list then adds each match's progress, which this leaves out).
    let conference_search = dondoc_core::queries::conference_search::Query::new(Some("so hoa")).expect("words");
    rows.push(measure(size, "conference search \"so hoa\", its words only", "—", runs, |_| {
        let mut stmt = store.conn().prepare_cached("SELECT search_folded FROM conference")?;
        let mut found = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = found.next()? {
            n += conference_search.matches(r.get_ref(0)?.as_str().unwrap_or("")) as usize;
        }
        std::hint::black_box(n);
        Ok(())
    })?);
    // Into memory: the export's own cost. The buffer is grown once before timing, so the
    // runs do not measure the allocator doubling a 60 MB vector.
    let mut json = Vec::new();
    export::write_json(store.conn(), &mut json)?;
    // A million parts take seconds to export and most of a minute to import: fewer runs there.
    let (export_runs, import_runs) = if size >= 1_000_000 { (5, 1) } else { (20, 3) };
    rows.push(measure(size, "export whole store to JSON (in memory)", "≤ 200 ms", export_runs, |_| {
        json.clear();
        export::write_json(store.conn(), &mut json)
    })?);
    // Into a file through a BufWriter, as `dondoc-cli export --out` does: adds the kernel's
    // write time, which depends on the file system more than on Đôn đốc.
    let export_path = dir.join(format!("export-{size}.json"));
    rows.push(measure(size, "export whole store to a JSON file", "—", export_runs, |_| {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&export_path)?);
        export::write_json(store.conn(), &mut file)?;
        Ok(file.flush()?)
    })?);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&export_path)?)?;
    rows.push(measure(size, "bulk import (whole store)", "≤ 5 s", import_runs, |i| {
        let target = dir.join(format!("import-{size}-{i}.sqlite3"));
        let _ = std::fs::remove_file(&target);
        let mut fresh = Store::open(&target)?;
        fresh.import_all(&doc, false).map(|_| ())
    })?);
    eprintln!("{size}: {} conferences, {} tasks, {} assignments (as of {})", generated.conferences, generated.tasks, generated.assignments, generated.as_of);
    Ok(rows)
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else if v >= 1.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.3} ms")
    }
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from("| assignments | operation | runs | median | p95 | target (100k, p95) |\n|---:|---|---:|---:|---:|---|\n");
    for r in rows {
        out.push_str(&format!("| {} | {} | {} | {} | {} | {} |\n", r.size, r.op, r.runs, ms(r.median), ms(r.p95), r.target));
    }
    out
}

/// Times the directive reader on a conclusion of about 50 KB, made of the corpus texts in
/// `corpus` (or of the embedded seed conclusion) repeated.
pub fn run_reader(corpus: Option<&Path>, runs: usize) -> Result<Vec<Row>, CoreError> {
    let mut texts = Vec::new();
    if let Some(dir) = corpus {
        let mut files: Vec<_> =
            std::fs::read_dir(dir)?.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
        files.sort();
        for f in files {
            let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f)?)?;
            texts.extend(case["text"].as_str().map(String::from));
        }
    }
    if texts.is_empty() {
        let seed: serde_json::Value = serde_json::from_str(include_str!("../../core/data/seed-myloc-cchc-2022.json"))?;
        texts.push(seed["text"].as_str().unwrap_or_default().to_string());
    }
    let mut text = String::new();
    for t in texts.iter().cycle() {
        if text.len() + t.len() > 50 * 1024 {
            break;
        }
        text.push_str(t);
        text.push('\n');
    }
    let registry = dondoc_core::registry::parse(dondoc_core::registry::MY_LOC_REGISTRY)?;
    let reader = dondoc_core::reader::Reader::new(&registry);
    let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 12).expect("valid");
    let mut found = 0;
    let row = measure(text.len(), "read a conclusion of ≤ 50 KB (size = bytes)", "≤ 50 ms", runs, |_| {
        found = reader.read(&text, day).len();
        Ok(())
    })?;
    eprintln!("reader: {} bytes, {} chars, {} tasks proposed", text.len(), text.chars().count(), found);
    Ok(vec![row])
}
