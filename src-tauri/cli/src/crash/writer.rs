//! `dondoc-cli --db P crash-writer --log FILE --seed N`: writes to the store without pause,
//! through the same core calls the window makes, until it is killed (or has made
//! `--writes` writes). Each write is logged before it starts and again once committed
//! (see the module above for what the lines promise).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write as _};
use std::path::Path;

use chrono::{Days, NaiveDate};
use dondoc_core::queries::units;
use dondoc_core::registry::{self, RegistryUnit};
use dondoc_core::rules::part::{Completion, Extension};
use dondoc_core::rules::task::TaskInput;
use dondoc_core::{CoreError, Ctx, Store};
use dondoc_devtools::benchdata::Rng;
use rusqlite::OptionalExtension;

use super::{actor, evidence_bytes, today, EvidenceFile, Line, Op, Part, Task, Write};

type Result<T> = std::result::Result<T, CoreError>;

/// The log, opened for appending: a line is one `write(2)`, a commit line is fsynced.
struct Log(File);

impl Log {
    fn open(path: &Path) -> Result<Log> {
        let mut file = std::fs::OpenOptions::new().create(true).read(true).append(true).open(path)?;
        // A writer killed inside a line leaves it unfinished; end it so ours start clean.
        if file.metadata()?.len() > 0 {
            file.seek(SeekFrom::End(-1))?;
            let mut last = [0u8];
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok(Log(file))
    }

    fn append(&mut self, line: &Line, sync: bool) -> Result<()> {
        let mut text = serde_json::to_string(line)?;
        text.push('\n');
        self.0.write_all(text.as_bytes())?;
        if sync {
            self.0.sync_data()?;
        }
        Ok(())
    }
}

fn iso(d: NaiveDate) -> String {
    d.to_string()
}

fn typed(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn day(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(dondoc_core::time::parse_iso_day)
}

/// A part as the writer reads it before changing it.
struct Current {
    id: i64,
    task: i64,
    state: String,
    completed_on: Option<String>,
    deadline: Option<String>,
    opens_on: Option<NaiveDate>,
    has_target: bool,
}

impl Current {
    fn before(&self) -> Part {
        self.after(&self.state, self.completed_on.clone(), self.deadline.clone())
    }

    fn after(&self, state: &str, completed_on: Option<String>, deadline: Option<String>) -> Part {
        Part { id: self.id, task: Some(self.task), unit: None, state: state.into(), completed_on, deadline }
    }
}

/// A random part among those `filter` (an SQL condition on `a` and `t`) admits: the first
/// from a random id on, wrapping round.
fn pick(store: &Store, rng: &mut Rng, filter: &str) -> Result<Option<Current>> {
    let conn = store.conn();
    let max: i64 = conn.query_row("SELECT ifnull(max(id), 0) FROM assignment", [], |r| r.get(0))?;
    let from = rng.below(max.max(1) as u64) as i64;
    let sql = format!(
        "SELECT a.id, a.task_id, a.state, a.completed_on, a.deadline, a.opens_on, t.target_op IS NOT NULL
         FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.id >= ?1 AND {filter} ORDER BY a.id LIMIT 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    for start in [from, 0] {
        let row = stmt
            .query_row([start], |r| {
                Ok(Current {
                    id: r.get(0)?,
                    task: r.get(1)?,
                    state: r.get(2)?,
                    completed_on: r.get(3)?,
                    deadline: r.get(4)?,
                    opens_on: dondoc_core::time::parse_iso_day(&r.get::<_, String>(5)?),
                    has_target: r.get(6)?,
                })
            })
            .optional()?;
        if row.is_some() {
            return Ok(row);
        }
    }
    Ok(None)
}

const OPEN: &str = "a.state IN ('not_started', 'in_progress')";

fn days(rng: &mut Rng, lo: u64, hi: u64) -> Days {
    Days::new(lo + rng.below(hi - lo + 1))
}

/// One round of the writes: ticks most often (9 in 32), then new tasks and evidence files
/// (5 each), as in an office; one registry import.
const CYCLE: [Op; 32] = {
    use Op::*;
    [
        Create, Tick, Evidence, Tick, Return, ExtendPart, Tick, Note, Create, Tick, Cancel, Evidence, ExtendTask, Tick, Create, Return, Tick, Evidence,
        ExtendPart, Tick, Import, Create, Tick, Note, Evidence, ExtendTask, Cancel, Tick, Create, Return, Evidence, ExtendTask,
    ]
};

/// Runs until killed, or until `limit` writes are committed.
pub fn run(db: &Path, log: &Path, evidence_root: &Path, seed: u64, limit: Option<u64>) -> Result<()> {
    let mut log = Log::open(log)?;
    let mut store = Store::open(db)?;
    let mut rng = Rng(seed);
    let groups: Vec<i64> = units::list_groups(store.conn())?.into_iter().filter(|g| g.code == "communes" || g.code == "departments").map(|g| g.id).collect();
    // Kinds of write in a fixed rotation, entered at a random point: every run of a few
    // dozen writes makes each kind, and the mix stays the same however early a kill comes.
    let mut turn = rng.below(CYCLE.len() as u64) as usize;
    let mut n = 0u64;
    while limit.is_none_or(|l| n < l) {
        let tag = format!("{seed}-{n}");
        let ctx = Ctx::new(super::now(), actor(&tag));
        let op = CYCLE[turn % CYCLE.len()];
        turn += 1;
        if write_one(&mut store, &mut log, &mut rng, &ctx, &tag, op, &groups, evidence_root)? {
            n += 1;
        }
    }
    Ok(())
}

/// Prepares one write of kind `op`, logs it, makes it, logs its commit. `false` when the
/// store has no part it applies to (nothing is written then).
#[allow(clippy::too_many_arguments)]
fn write_one(store: &mut Store, log: &mut Log, rng: &mut Rng, ctx: &Ctx, tag: &str, op: Op, groups: &[i64], evidence_root: &Path) -> Result<bool> {
    let today = today();
    let mut w = Write { tag: tag.to_string(), op, late: false, parts: Vec::new(), before: Vec::new(), task: None, evidence: None, import: None };
    match op {
        Op::Create => {
            let given = today - days(rng, 0, 150);
            let deadline = (rng.below(100) < 85).then(|| given + days(rng, 3, 120));
            let (mut lead_unit_ids, mut lead_group_ids) = (Vec::new(), Vec::new());
            let active: Vec<i64> = units::list_units(store.conn())?.into_iter().filter(|u| u.active).map(|u| u.id).collect();
            let mut expected = if rng.below(100) < 80 && !groups.is_empty() {
                let group = units::get_group(store.conn(), groups[rng.below(groups.len() as u64) as usize])?;
                lead_group_ids.push(group.id);
                group.unit_ids.into_iter().filter(|u| active.contains(u)).collect()
            } else {
                let ids: Vec<i64> = units::list_units(store.conn())?
                    .into_iter()
                    .filter(|u| u.active && (u.code.starts_with("xa-") || u.code.starts_with("phong-")))
                    .map(|u| u.id)
                    .collect();
                lead_unit_ids.push(ids[rng.below(ids.len() as u64) as usize]);
                lead_unit_ids.clone()
            };
            expected.sort_unstable();
            let title = format!("Tổng hợp, báo cáo kết quả thực hiện nhiệm vụ (lần ghi {tag})");
            w.task = Some(Task { id: None, title: Some(title.clone()), deadline: deadline.map(iso), units: expected });
            log.append(&Line::Begin(w.clone()), false)?;
            let input = TaskInput {
                source_ref: Some("TB số 99/TB-UBND".into()),
                title,
                deadline: deadline.map(typed),
                lead_unit_ids,
                lead_group_ids,
                given_on: Some(typed(given)),
                ..Default::default()
            };
            let id = store.create_task(ctx, &input)?;
            w.task.as_mut().expect("set above").id = Some(id);
            let mut stmt = store.conn().prepare("SELECT id, unit_id, deadline FROM assignment WHERE task_id = ?1 ORDER BY id")?;
            w.parts = stmt
                .query_map([id], |r| {
                    Ok(Part { id: r.get(0)?, task: Some(id), unit: Some(r.get(1)?), state: "not_started".into(), completed_on: None, deadline: r.get(2)? })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Op::Tick => {
            let Some(p) = pick(store, rng, &format!("{OPEN} AND a.opens_on <= '{today}'"))? else { return Ok(false) };
            let opens = p.opens_on.unwrap_or(today);
            let deadline = day(p.deadline.clone());
            w.late = deadline.is_some_and(|d| d < today) && rng.below(2) == 0;
            let on = match deadline {
                Some(d) if w.late => d + days(rng, 1, (today - d).num_days() as u64),
                _ => {
                    let last = deadline.map_or(today, |d| d.min(today));
                    opens + days(rng, 0, (last - opens).num_days().max(0) as u64)
                }
            };
            w.before.push(p.before());
            w.parts.push(p.after("done", Some(iso(on)), p.deadline.clone()));
            log.append(&Line::Begin(w.clone()), false)?;
            let value = p.has_target.then(|| rng.below(120) as f64);
            store.complete_assignment(
                ctx,
                p.id,
                &Completion { completed_on: typed(on), note: Some(format!("Đã hoàn thành (lần ghi {tag}).")), reported_value: value },
            )?;
        }
        Op::Return => {
            let Some(p) = pick(store, rng, "a.state = 'done'")? else { return Ok(false) };
            w.before.push(p.before());
            w.parts.push(p.after("in_progress", None, p.deadline.clone()));
            log.append(&Line::Begin(w.clone()), false)?;
            store.return_assignment(ctx, p.id, &format!("Thiếu số liệu kèm theo (lần ghi {tag})."))?;
        }
        Op::Cancel => {
            let Some(p) = pick(store, rng, "a.state <> 'cancelled'")? else { return Ok(false) };
            w.before.push(p.before());
            w.parts.push(p.after("cancelled", None, p.deadline.clone()));
            log.append(&Line::Begin(w.clone()), false)?;
            store.cancel_assignment(ctx, p.id, &format!("Không còn phù hợp (lần ghi {tag})."))?;
        }
        Op::Note => {
            let Some(p) = pick(store, rng, "a.state <> 'cancelled'")? else { return Ok(false) };
            let state = if p.state == "not_started" { "in_progress" } else { p.state.as_str() };
            w.before.push(p.before());
            w.parts.push(p.after(state, p.completed_on.clone(), p.deadline.clone()));
            log.append(&Line::Begin(w.clone()), false)?;
            store.add_progress_note(ctx, p.id, &format!("Đang tổng hợp số liệu (lần ghi {tag})."))?;
        }
        Op::ExtendPart => {
            let Some(p) = pick(store, rng, OPEN)? else { return Ok(false) };
            let from = day(p.deadline.clone()).unwrap_or(today).max(p.opens_on.unwrap_or(today));
            let new = from + days(rng, 1, 60);
            w.before.push(p.before());
            w.parts.push(p.after(&p.state, None, Some(iso(new))));
            log.append(&Line::Begin(w.clone()), false)?;
            store.extend_deadline(ctx, p.task, Some(p.id), &extension(new, tag))?;
        }
        Op::ExtendTask => {
            let filter = format!("{OPEN} AND a.period = '' AND t.recurrence IS NULL");
            let Some(p) = pick(store, rng, &filter)? else { return Ok(false) };
            let (deadline, given): (Option<String>, Option<String>) =
                store.conn().query_row("SELECT deadline, given_on FROM task WHERE id = ?1", [p.task], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let new = day(deadline).unwrap_or(today).max(day(given).unwrap_or(today)) + days(rng, 1, 60);
            let mut stmt = store
                .conn()
                .prepare("SELECT id, state, deadline FROM assignment WHERE task_id = ?1 AND period = '' AND state IN ('not_started', 'in_progress')")?;
            w.before = stmt
                .query_map([p.task], |r| Ok(Part { id: r.get(0)?, task: Some(p.task), unit: None, state: r.get(1)?, completed_on: None, deadline: r.get(2)? }))?
                .collect::<rusqlite::Result<_>>()?;
            drop(stmt);
            w.parts = w.before.iter().map(|b| Part { deadline: Some(iso(new)), ..b.clone() }).collect();
            w.task = Some(Task { id: Some(p.task), title: None, deadline: Some(iso(new)), units: Vec::new() });
            log.append(&Line::Begin(w.clone()), false)?;
            store.extend_deadline(ctx, p.task, None, &extension(new, tag))?;
        }
        Op::Evidence => {
            let Some(p) = pick(store, rng, "1")? else { return Ok(false) };
            let bytes = evidence_bytes(tag);
            w.evidence = Some(EvidenceFile { id: None, part: p.id, path: None, bytes: bytes.len() });
            log.append(&Line::Begin(w.clone()), false)?;
            let filed = store.attach_evidence(ctx, evidence_root, p.id, &format!("Biên bản kiểm tra {tag}.txt"), &bytes)?;
            let e = w.evidence.as_mut().expect("set above");
            e.id = Some(filed.id);
            e.path = Some(filed.stored_path);
        }
        Op::Import => {
            let mut file = registry::parse(registry::MY_LOC_REGISTRY)?;
            let code = format!("crash-{tag}");
            file.version = format!("crash {tag}");
            file.units.push(RegistryUnit {
                code: code.clone(),
                name: format!("Đơn vị kiểm thử {tag}"),
                short: format!("KT {tag}"),
                kind: "external".into(),
                aliases: Vec::new(),
                note: Some("Thêm bởi phép thử ngắt đột ngột.".into()),
                active: true,
            });
            w.import = Some((code, file.version.clone()));
            log.append(&Line::Begin(w.clone()), false)?;
            store.import_registry(&serde_json::to_string(&file)?)?;
        }
    }
    w.before.clear();
    log.append(&Line::Commit(w), true)?;
    Ok(true)
}

fn extension(new: NaiveDate, tag: &str) -> Extension {
    Extension {
        new_deadline: typed(new), reason: format!("Chờ số liệu của các đơn vị (lần ghi {tag})."), decided_by: "Chủ tịch UBND huyện".into()
    }
}
