//! `dondoc-cli bench crash --kills N`: builds a small generated store, then N times starts
//! the crash writer on it, kills it (SIGKILL: `Child::kill` on Unix) after a random 5–200 ms,
//! and checks the store as the app would open it. Any defect stops the run with an error
//! naming the seed and the kill, so the run can be replayed; otherwise it returns figures.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dondoc_core::{CoreError, Store};
use dondoc_devtools::benchdata::{self, Rng};
use rusqlite::Connection;
use serde::Serialize;

use super::{evidence_bytes, EvidenceFile, Line, Op, Part, Write};

type Result<T> = std::result::Result<T, CoreError>;

/// What a run measured. Field names are what `--json` prints.
#[derive(Debug, Default, Serialize)]
pub struct Figures {
    /// The seed: the same seed replays the same choices (not the same kill instants).
    pub seed: u64,
    /// Writers killed.
    pub kills: usize,
    /// Kills that landed inside a write (logged as begun, not as committed).
    pub kills_inside_write: usize,
    /// Of those, the writes the store had committed anyway (the kill came after the commit).
    pub inside_write_committed: usize,
    /// Writes logged as committed, by kind.
    pub committed: BTreeMap<String, usize>,
    /// Ticks logged as done after their deadline.
    pub late_ticks: usize,
    /// Checks of the whole store (one after every kill).
    pub checks: usize,
    /// Stores failing `integrity_check`, `foreign_key_check` or the tally recount.
    pub corruptions: usize,
    /// Facts of logged writes (a part, a task, an evidence file, a unit, the registry version)
    /// missing from the store or found with other values; 0 means no logged write was lost.
    pub lost_writes: usize,
    /// Evidence rows whose file is missing or differs.
    pub evidence_rows_without_file: usize,
    /// Evidence files no row points at (a write killed before its commit); allowed.
    pub orphan_evidence_files: usize,
    /// Parts, tasks, evidence files and imported units the last check compared.
    pub facts_checked: usize,
    /// Parts in the store at the end.
    pub parts_at_end: i64,
    /// Wall time of the whole run.
    pub seconds: f64,
}

impl Figures {
    /// Every logged commit.
    pub fn writes_committed(&self) -> usize {
        self.committed.values().sum()
    }

    /// The figures as a Markdown table.
    pub fn markdown(&self) -> String {
        let by_kind = self.committed.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ");
        let rows = [
            ("seed", self.seed.to_string()),
            ("kills (SIGKILL at a random 5–200 ms)", self.kills.to_string()),
            ("kills inside a write (begun, not logged as committed)", self.kills_inside_write.to_string()),
            ("… of which the store had committed", self.inside_write_committed.to_string()),
            ("writes logged as committed", format!("{} ({by_kind}; {} late ticks)", self.writes_committed(), self.late_ticks)),
            ("store checks (integrity, foreign keys, tally recount, every logged write)", self.checks.to_string()),
            ("corruptions", self.corruptions.to_string()),
            ("lost writes", self.lost_writes.to_string()),
            ("evidence rows without their file", self.evidence_rows_without_file.to_string()),
            ("orphan evidence files (killed before commit; allowed)", self.orphan_evidence_files.to_string()),
            ("facts compared in the last check", self.facts_checked.to_string()),
            ("parts in the store at the end", self.parts_at_end.to_string()),
            ("time", format!("{:.1} s ({:.0} ms a kill)", self.seconds, self.seconds * 1000.0 / self.kills.max(1) as f64)),
        ];
        let mut out = String::from("| figure | value |\n|---|---:|\n");
        for (k, v) in rows {
            out.push_str(&format!("| {k} | {v} |\n"));
        }
        out
    }
}

/// What the log promised, as far as read.
#[derive(Default)]
struct Model {
    /// Parts: the state the last write to each left, and that write's tag.
    parts: HashMap<i64, (Part, String)>,
    /// Tasks: what the writes to each promised, and the last one's tag.
    tasks: HashMap<i64, (super::Task, String)>,
    evidence: Vec<(EvidenceFile, String)>,
    units: Vec<(String, String)>,
    version: Option<(String, String)>,
    /// Bytes of the log consumed, and the write begun but not (yet) logged as committed.
    offset: u64,
    pending: Option<Write>,
}

impl Model {
    fn apply(&mut self, w: &Write) {
        for p in &w.parts {
            let known = self.parts.get(&p.id).map(|(old, _)| (old.task, old.unit));
            let mut p = p.clone();
            if let Some((task, unit)) = known {
                p.task = p.task.or(task);
                p.unit = p.unit.or(unit);
            }
            self.parts.insert(p.id, (p, w.tag.clone()));
        }
        if let Some(t) = w.task.as_ref() {
            if let Some(id) = t.id {
                let mut t = t.clone();
                if let Some((old, _)) = self.tasks.get(&id) {
                    t.title = t.title.or_else(|| old.title.clone());
                    if t.units.is_empty() {
                        t.units = old.units.clone();
                    }
                }
                self.tasks.insert(id, (t, w.tag.clone()));
            }
        }
        if let Some(e) = w.evidence.as_ref().filter(|e| e.id.is_some()) {
            self.evidence.push((e.clone(), w.tag.clone()));
        }
        if let Some((code, version)) = &w.import {
            self.units.push((code.clone(), w.tag.clone()));
            self.version = Some((version.clone(), w.tag.clone()));
        }
    }

    /// Reads the lines the writer added since the last call.
    fn read_log(&mut self, path: &Path, figures: &mut Figures) -> Result<()> {
        // On a loaded machine the kill can land before the writer has even opened its log:
        // no log yet means nothing was promised.
        let mut file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(self.offset))?;
        let mut text = String::new();
        file.read_to_string(&mut text)?;
        // A line the kill cut short has no newline yet: the next writer ends it, and it is
        // then skipped as unreadable (it promised nothing: a commit line is complete first).
        let Some(end) = text.rfind('\n') else { return Ok(()) };
        self.offset += end as u64 + 1;
        for line in text[..end].lines() {
            match serde_json::from_str::<Line>(line) {
                Ok(Line::Begin(w)) => self.pending = Some(w),
                Ok(Line::Commit(w)) => {
                    if self.pending.as_ref().map(|p| &p.tag) != Some(&w.tag) {
                        return Err(CoreError::Conflict(format!("Nhật ký: lần ghi {} được ghi nhận mà không có dòng bắt đầu.", w.tag)));
                    }
                    self.pending = None;
                    *figures.committed.entry(serde_json::to_string(&w.op)?.trim_matches('"').to_string()).or_default() += 1;
                    figures.late_ticks += usize::from(w.late);
                    self.apply(&w);
                }
                Err(_) => {}
            }
        }
        Ok(())
    }
}

/// Whether the write `w`, begun but not logged as committed, is in the store: its audit
/// rows (same transaction, tagged with its actor), or what it alone adds.
fn was_committed(conn: &Connection, w: &Write) -> Result<bool> {
    let actor = super::actor(&w.tag);
    let audited = |entity: &str, id: i64| -> Result<bool> {
        Ok(conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit WHERE entity = ?1 AND entity_id = ?2 AND actor = ?3)",
            rusqlite::params![entity, id, actor],
            |r| r.get(0),
        )?)
    };
    match w.op {
        Op::Create => {
            let title = w.task.as_ref().and_then(|t| t.title.clone()).unwrap_or_default();
            Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM task WHERE title = ?1)", [title], |r| r.get(0))?)
        }
        Op::Import => {
            let code = w.import.as_ref().map(|(c, _)| c.clone()).unwrap_or_default();
            Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM unit WHERE code = ?1)", [code], |r| r.get(0))?)
        }
        Op::ExtendTask => audited("task", w.task.as_ref().and_then(|t| t.id).unwrap_or(0)),
        Op::Evidence => audited("assignment", w.evidence.as_ref().map_or(0, |e| e.part)),
        _ => audited("assignment", w.parts.first().map_or(0, |p| p.id)),
    }
}

/// One check of the store after a kill. Returns the defects found (empty when sound).
fn check(db: &Path, evidence_root: &Path, model: &mut Model, figures: &mut Figures) -> Result<Vec<String>> {
    let store = Store::open(db)?;
    let conn = store.conn();
    let mut defects = Vec::new();
    figures.checks += 1;

    if let Some(mut w) = model.pending.take() {
        figures.kills_inside_write += 1;
        if was_committed(conn, &w)? {
            figures.inside_write_committed += 1;
            if let Some(task) = w.task.as_mut().filter(|_| w.op == Op::Create) {
                // Its ids were not logged: the task is found by its title, its parts by task.
                let id: i64 = conn.query_row("SELECT id FROM task WHERE title = ?1", [task.title.as_deref().unwrap_or_default()], |r| r.get(0))?;
                task.id = Some(id);
                let mut stmt = conn.prepare("SELECT id, unit_id FROM assignment WHERE task_id = ?1")?;
                w.parts = stmt
                    .query_map([id], |r| {
                        Ok(Part {
                            id: r.get(0)?,
                            task: Some(id),
                            unit: Some(r.get(1)?),
                            state: "not_started".into(),
                            completed_on: None,
                            deadline: task.deadline.clone(),
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
            }
            model.apply(&w);
        } else {
            // Not committed, so not a trace of it: the parts it would have changed are as before.
            model.apply(&Write { parts: std::mem::take(&mut w.before), task: None, evidence: None, import: None, ..w });
        }
    }

    // The file, its foreign keys and the per-unit and per-conference tallies.
    let integrity: Vec<String> = conn.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        defects.push(format!("integrity_check: {}", integrity.join("; ")));
    }
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if fk != 0 {
        defects.push(format!("foreign_key_check: {fk} dòng vi phạm khóa ngoại"));
    }
    for d in dondoc_core::db::tallies::drift(conn)? {
        if d.differing != 0 || d.empty != 0 {
            defects.push(format!("{} khác đếm lại: {} dòng khác, {} dòng n <= 0", d.table, d.differing, d.empty));
        }
    }
    if !defects.is_empty() {
        figures.corruptions += 1;
    }

    // Every logged write, with its values.
    let mut lost = Vec::new();
    let mut stmt = conn.prepare("SELECT id, task_id, unit_id, state, completed_on, deadline FROM assignment")?;
    let parts: HashMap<i64, Part> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, Part { id: r.get(0)?, task: r.get(1)?, unit: r.get(2)?, state: r.get(3)?, completed_on: r.get(4)?, deadline: r.get(5)? }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (want, tag) in model.parts.values() {
        let found = parts.get(&want.id);
        let same = found.is_some_and(|f| {
            f.state == want.state
                && f.completed_on == want.completed_on
                && f.deadline == want.deadline
                && want.task.is_none_or(|t| f.task == Some(t))
                && want.unit.is_none_or(|u| f.unit == Some(u))
        });
        if !same {
            lost.push(format!("lần ghi {tag}: phần việc {} phải là {want:?}, trong kho: {found:?}", want.id));
        }
    }
    let mut stmt = conn.prepare("SELECT id, title, deadline FROM task")?;
    let tasks: HashMap<i64, (String, Option<String>)> = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?.collect::<rusqlite::Result<_>>()?;
    let mut units_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for p in parts.values() {
        units_of.entry(p.task.unwrap_or(0)).or_default().push(p.unit.unwrap_or(0));
    }
    for (id, (want, tag)) in &model.tasks {
        let found = tasks.get(id);
        if !found.is_some_and(|(t, d)| want.title.as_ref().is_none_or(|w| w == t) && *d == want.deadline) {
            lost.push(format!("lần ghi {tag}: nhiệm vụ {id} phải là {want:?}, trong kho: {found:?}"));
        }
        // A creation gives every unit of its group a part, all in one commit.
        let mut units = units_of.get(id).cloned().unwrap_or_default();
        units.sort_unstable();
        if !want.units.is_empty() && units != want.units {
            lost.push(format!("lần ghi {tag}: nhiệm vụ {id} phải có phần việc của các đơn vị {:?}, trong kho: {units:?}", want.units));
        }
    }
    let mut stmt = conn.prepare("SELECT id, assignment_id, stored_path FROM evidence")?;
    let rows: HashMap<i64, (i64, String)> = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?.collect::<rusqlite::Result<_>>()?;
    for (e, tag) in &model.evidence {
        let row = rows.get(&e.id.unwrap_or(0));
        if row != Some(&(e.part, e.path.clone().unwrap_or_default())) {
            lost.push(format!("lần ghi {tag}: minh chứng {:?} của phần việc {} không còn trong kho ({row:?})", e.id, e.part));
        } else if std::fs::read(evidence_root.join(&row.expect("checked").1)).ok() != Some(evidence_bytes(tag)) {
            lost.push(format!("lần ghi {tag}: tệp minh chứng {:?} thiếu hoặc khác nội dung đã ghi", e.path));
        }
    }
    for (code, tag) in &model.units {
        if dondoc_core::queries::units::find_unit_by_code(conn, code)?.is_none() {
            lost.push(format!("lần ghi {tag}: đơn vị {code} (nhập danh mục) không còn trong kho"));
        }
    }
    if let Some((version, tag)) = &model.version {
        let found = dondoc_core::queries::meta::get(conn, "registry_version")?;
        if found.as_ref() != Some(version) {
            lost.push(format!("lần ghi {tag}: phiên bản danh mục phải là {version}, trong kho: {found:?}"));
        }
    }
    figures.lost_writes += lost.len();
    figures.facts_checked = model.parts.len() + model.tasks.len() + model.evidence.len() + model.units.len();
    defects.extend(lost);

    // Every evidence row has its file; files no row points at are counted.
    let stored: HashSet<&str> = rows.values().map(|(_, p)| p.as_str()).collect();
    let missing: Vec<&str> = stored.iter().copied().filter(|p| !evidence_root.join(p).is_file()).collect();
    figures.evidence_rows_without_file += missing.len();
    for p in missing.iter().take(5) {
        defects.push(format!("minh chứng có dòng trong kho nhưng không có tệp: {p}"));
    }
    figures.orphan_evidence_files = files_under(evidence_root)?.iter().filter(|p| !stored.contains(p.as_str())).count();
    figures.parts_at_end = parts.len() as i64;
    Ok(defects)
}

/// Files under `root` at any depth (a part's folder, or a temporary file beside them), as
/// paths relative to it.
fn files_under(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_string_lossy().into_owned());
            }
        }
    }
    Ok(out)
}

/// Runs `kills` kill-and-check rounds in a fresh folder under `dir`, on a generated store of
/// about `size` parts.
pub fn run(kills: usize, seed: u64, size: usize, dir: &Path) -> Result<Figures> {
    let started = Instant::now();
    let db = dir.join("crash.sqlite3");
    let log = dir.join("writes.log");
    let evidence_root = dir.join("evidence");
    let err_path = dir.join("writer.err");
    {
        let mut store = Store::open(&db)?;
        benchdata::generate(store.conn_mut(), size, seed)?;
    }
    let exe = std::env::current_exe()?;
    let mut rng = Rng(seed);
    let mut model = Model::default();
    let mut figures = Figures { seed, ..Default::default() };
    for kill in 0..kills {
        let writer_seed = seed.wrapping_mul(1000).wrapping_add(kill as u64);
        let mut child = Command::new(&exe)
            .arg("--db")
            .arg(&db)
            .args(["crash-writer", "--log"])
            .arg(&log)
            .args(["--seed", &writer_seed.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&err_path)?)
            .spawn()?;
        std::thread::sleep(Duration::from_millis(5 + rng.below(196)));
        if let Some(status) = child.try_wait()? {
            let err = std::fs::read_to_string(&err_path).unwrap_or_default();
            return Err(CoreError::Conflict(format!("Seed {seed}, lần ngắt {kill}: tiến trình ghi tự dừng ({status}) trước khi bị ngắt: {err}")));
        }
        child.kill()?;
        child.wait()?;
        figures.kills += 1;
        model.read_log(&log, &mut figures)?;
        let defects = check(&db, &evidence_root, &mut model, &mut figures)?;
        if !defects.is_empty() {
            figures.seconds = started.elapsed().as_secs_f64();
            eprint!("{}", figures.markdown());
            return Err(CoreError::Conflict(format!(
                "Seed {seed}, lần ngắt {kill}: {} lỗi:\n{}",
                defects.len(),
                defects.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
            )));
        }
    }
    figures.seconds = started.elapsed().as_secs_f64();
    Ok(figures)
}

/// The folder a run works in: a fresh one inside `parent` (never `parent` itself).
pub fn work_dir(parent: Option<PathBuf>) -> Result<PathBuf> {
    let dir = parent.unwrap_or_else(std::env::temp_dir).join(format!("dondoc-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests;
