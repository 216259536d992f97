//! The crash test (issue #15, "Proof"): a writer that never stops ([`writer`], the hidden
//! `crash-writer` subcommand) is killed with SIGKILL at random moments, again and again on
//! the same store; after every kill [`check`] opens the store the way the app does and
//! proves that nothing a write reported as committed was lost, and that SQLite, the foreign
//! keys and the per-unit tally are intact.
//!
//! The writer's log is the contract between the two. Before each write it appends a
//! `begin` line (what it is about to do, with the state it expects afterwards); after the
//! commit a `commit` line (the same, with the ids the write made), flushed and fsynced.
//! A `commit` line is a promise; a `begin` line without one is the write the kill landed
//! in, which may or may not be in the store: the checker finds out which from the store
//! itself (the write's audit rows, tagged with the write's own actor) and then expects
//! exactly that.

use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub mod check;
pub mod writer;

/// The office's clock for every write: the last day of 2024, after most generated
/// deadlines (the bench store is as of 30/06/2024, deadlines within six months), so ticks
/// can be on time or late with a past date.
pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 12, 31, 3, 0, 0).single().expect("valid instant")
}

/// `now()` as the office's date.
pub fn today() -> NaiveDate {
    dondoc_core::time::office_date(now())
}

/// The audit actor of the write tagged `tag`: how the checker finds whether a write the
/// kill interrupted was committed.
pub fn actor(tag: &str) -> String {
    format!("crash-writer {tag}")
}

/// The bytes of the evidence file a write attaches: derived from its tag, so the checker
/// can tell the file holds exactly what was written (and not a torn or older copy).
pub fn evidence_bytes(tag: &str) -> Vec<u8> {
    let line = format!("Biên bản kiểm tra kết quả thực hiện, lần ghi {tag}.\n");
    let times = 1 + tag.bytes().map(u64::from).sum::<u64>() % 40;
    line.repeat(times as usize).into_bytes()
}

/// Kinds of write, as the log names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// A task given to a group or a unit, fanned out into parts.
    Create,
    /// A part done (on time or late, with a past date).
    Tick,
    /// A done part returned to its unit.
    Return,
    /// A part cancelled.
    Cancel,
    /// A progress note (starts a part not yet started).
    Note,
    /// One part's deadline extended.
    ExtendPart,
    /// A whole task's deadline extended, with its open parts.
    ExtendTask,
    /// An evidence file attached to a part.
    Evidence,
    /// A unit registry document imported (`units import`).
    Import,
}

/// A part as a write leaves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Assignment id.
    pub id: i64,
    /// Its task, when the write knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<i64>,
    /// Its unit, when the write knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    /// State after the write.
    pub state: String,
    /// Completion date after the write (YYYY-MM-DD).
    pub completed_on: Option<String>,
    /// Deadline after the write (YYYY-MM-DD).
    pub deadline: Option<String>,
}

/// A task as a write leaves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Task id (unknown in the `begin` line of a creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Title, when the write sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Deadline after the write.
    pub deadline: Option<String>,
    /// The units its parts go to (a creation: the group's active members, or the unit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<i64>,
}

/// An evidence file as a write files it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFile {
    /// Row id (unknown before the commit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The part it is filed with.
    pub part: i64,
    /// Where it is stored, relative to the evidence folder (known after the commit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its size.
    pub bytes: usize,
}

/// One write, as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Write {
    /// Unique tag: `<writer seed>-<n>`; the write's audit actor is [`actor`] of it.
    pub tag: String,
    /// What kind of write.
    pub op: Op,
    /// A tick done after its deadline.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// Parts as the write leaves them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// The same parts as they were before (in `begin` lines): what the store must hold if
    /// the write the kill landed in was not committed, since a write is all or nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<Part>,
    /// The task it creates or extends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// The evidence file it files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceFile>,
    /// The unit code an import adds, and the registry version it sets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<(String, String)>,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "line", rename_all = "snake_case")]
pub enum Line {
    /// About to write (not fsynced: a kill keeps what was written to the file).
    Begin(Write),
    /// Committed (fsynced before the next write begins).
    Commit(Write),
}

/// Runs `crash-writer` and `bench crash`; `None` for every other command.
pub fn command(cli: &crate::args::Cli) -> Option<Result<(), dondoc_core::CoreError>> {
    use crate::args::{BenchCommand, Command};
    match &cli.command {
        Command::CrashWriter { log, seed, evidence, writes } => Some(match &cli.db {
            // Never the office's store by default: this writes test data without end.
            None => Err(dondoc_core::CoreError::invalid("db", "Hãy chỉ rõ --db: tiến trình ghi thử không ghi vào kho dữ liệu mặc định.")),
            Some(db) => {
                let root = evidence.clone().unwrap_or_else(|| db.parent().unwrap_or(std::path::Path::new(".")).join("evidence"));
                writer::run(db, log, &root, *seed, *writes)
            }
        }),
        Command::Bench { command: BenchCommand::Crash { kills, seed, size, dir, json } } => Some((|| {
            let seed =
                seed.unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64 % 1_000_000_000));
            eprintln!("Phép thử ngắt đột ngột: {kills} lần, seed {seed} (chạy lại: --seed {seed}).");
            let work = check::work_dir(dir.clone())?;
            let figures = check::run(*kills, seed, *size, &work);
            // A failed run keeps its folder (store, log) for a look; a good one is removed.
            let figures = figures.inspect_err(|_| eprintln!("Giữ lại thư mục thử: {}", work.display()))?;
            let _ = std::fs::remove_dir_all(&work);
            if *json {
                println!("{}", serde_json::to_string(&figures)?);
            } else {
                print!("{}", figures.markdown());
            }
            Ok(())
        })()),
        _ => None,
    }
}
