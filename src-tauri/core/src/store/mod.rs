//! [`Store`]: an open SQLite store with the operations the shell and the CLI need, each
//! write in one transaction.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::error::Result;
use crate::model::SiteConnection;
use crate::queries::{assignments, attendees, audit, conferences, directives, figures, stats, tasks, units, updates};
use crate::{db, export, registry, Ctx};

mod evidence;
mod pool;
mod reads;
mod reminders;
mod unit_page;

pub use pool::Readers;
pub use unit_page::UnitPage;

/// An open store.
pub struct Store {
    conn: Connection,
}

/// A directive with the progress of each of its tasks.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DirectiveWithTasks {
    /// The directive.
    #[serde(flatten)]
    pub directive: directives::Directive,
    /// Its tasks.
    pub tasks: Vec<TaskWithProgress>,
}

/// A task with the progress of its assignments.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TaskWithProgress {
    /// The task.
    #[serde(flatten)]
    pub task: tasks::Task,
    /// Progress on the requested date.
    pub progress: assignments::Progress,
}

/// One assignment with everything the unit view shows about it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AssignmentDetail {
    /// The assignment and its status.
    pub row: assignments::AssignmentRow,
    /// Evidence filed.
    pub evidence: Vec<updates::Evidence>,
    /// Deadline extensions of this part or of its whole task.
    pub extensions: Vec<updates::ExtensionRecord>,
    /// Changes to the task and to this part, oldest first.
    pub history: Vec<audit::AuditEntry>,
}

/// One unit's line on the overview: ids for links, then the counts of `stats --json`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitRow {
    /// Unit id.
    #[serde(rename = "unitId")]
    pub unit_id: i64,
    /// Unit full name.
    #[serde(rename = "unitName")]
    pub unit_name: String,
    /// Share done on time, percent.
    #[serde(rename = "onTimePercent")]
    pub on_time_percent: Option<f64>,
    /// The counts.
    #[serde(flatten)]
    pub counts: stats::UnitStats,
}

/// How many rows each of the overview's lists (conferences with work left, overdue parts,
/// starred parts) shows: the same for all three, so the overview reads as one page of
/// headlines under the per-unit table; every full list is a click away ("Xem tất cả"), and
/// a 100k store must not put thousands of rows into one page.
pub const DASHBOARD_ROWS: usize = 10;

/// The office's overview.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The "tính đến ngày" date (YYYY-MM-DD).
    pub as_of: String,
    /// Per-unit counts, ranked.
    pub units: Vec<UnitRow>,
    /// Conferences with follow-up work, the most overdue first (the first [`DASHBOARD_ROWS`]).
    pub conferences: Vec<conferences::ConferenceSummary>,
    /// How many conferences have follow-up work in all.
    pub conferences_total: i64,
    /// Overdue parts, oldest deadline first (the first [`DASHBOARD_ROWS`]).
    pub overdue: Vec<assignments::AssignmentRow>,
    /// How many parts are overdue in all.
    pub overdue_total: i64,
    /// Parts of nhiệm vụ trọng tâm (the first [`DASHBOARD_ROWS`]).
    pub starred: Vec<assignments::AssignmentRow>,
}

/// What is still open from the previous conference of the same kind, so the next review
/// starts from it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CarryOver {
    /// The previous conference.
    pub from: conferences::Conference,
    /// Its tasks with parts not yet done (nor cancelled).
    pub tasks: Vec<TaskWithProgress>,
}

/// Everything the conference page shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConferenceDetail {
    /// The conference.
    pub conference: conferences::Conference,
    /// Its sites.
    pub sites: Vec<conferences::Site>,
    /// Its directives with their tasks.
    pub directives: Vec<DirectiveWithTasks>,
    /// Unfinished tasks carried over from the previous conference of the same kind.
    pub carry_over: Option<CarryOver>,
    /// Attendees, host site first.
    pub attendees: Vec<attendees::Attendee>,
    /// Figures reported.
    pub figures: Vec<figures::Figure>,
    /// Overall follow-up progress.
    pub progress: assignments::Progress,
}

impl Store {
    /// Opens (creating and migrating if needed) the store at `path` and seeds the unit
    /// registry on first start.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, &db::OpenOptions::default())
    }

    /// Opens the store at `path` like [`Store::open`], with `options` (e.g. a backup before
    /// migrating). A file that is not a Đôn đốc store is refused and left untouched.
    pub fn open_with(path: &Path, options: &db::OpenOptions) -> Result<Store> {
        Ok(Store { conn: db::open_with(path, options, &Self::seed)? })
    }

    /// An in-memory store, seeded like a new one.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepared(db::open_in_memory()?)
    }

    /// A read-only store on a file a writer has opened (see [`db::open_read_only`]): every
    /// `&self` method works on it, every write fails. [`Readers`] hands these out.
    pub fn open_reader(path: &Path) -> Result<Store> {
        Ok(Store { conn: db::open_read_only(path)? })
    }

    fn prepared(mut conn: Connection) -> Result<Store> {
        Self::seed(&mut conn)?;
        Ok(Store { conn })
    }

    /// First-start seeding and repairs that need Rust; idempotent and cheap when done.
    fn seed(conn: &mut Connection) -> Result<()> {
        registry::seed_if_empty(conn)?;
        registry::ensure_district(conn)?;
        db::refold(conn)
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection itself, for bulk work that manages its own transaction (the
    /// benchmark generator).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    ///
    /// The transaction is IMMEDIATE: it takes the store's write lock at `BEGIN`, waiting
    /// (`busy_timeout`) while another connection or process writes. A DEFERRED one would
    /// read first and fail with `database is locked` when it later tries to write after
    /// another writer committed (SQLite cannot wait there without breaking its snapshot).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Creates a conference.
    pub fn create_conference(&mut self, ctx: &Ctx, input: &crate::rules::conference::ConferenceInput) -> Result<i64> {
        self.write(|tx| crate::rules::conference::create(tx, ctx, input))
    }

    /// Updates a conference with its sites, leaders and figures.
    pub fn update_conference(&mut self, ctx: &Ctx, id: i64, input: &crate::rules::conference::ConferenceInput) -> Result<()> {
        self.write(|tx| crate::rules::conference::update(tx, ctx, id, input))
    }

    /// Updates a site's connection, note, lead and headcount.
    pub fn update_site(&mut self, site_id: i64, connection: SiteConnection, note: Option<&str>, lead: Option<&str>, headcount: Option<i64>) -> Result<()> {
        self.write(|tx| conferences::update_site(tx, site_id, connection, note, lead, headcount))
    }

    /// Adds attendees (all or none).
    pub fn add_attendees(&mut self, ctx: &Ctx, conference_id: i64, rows: &[attendees::AttendeeInput]) -> Result<Vec<i64>> {
        self.write(|tx| {
            conferences::get(tx, conference_id)?;
            attendees::add(tx, ctx, conference_id, rows)
        })
    }

    /// Adds attendees row by row, in one transaction: a bad or repeated row is skipped
    /// with its reason, never the whole list.
    pub fn add_attendees_each(&mut self, ctx: &Ctx, conference_id: i64, rows: &[attendees::AttendeeInput]) -> Result<Vec<attendees::RowOutcome>> {
        self.write(|tx| {
            conferences::get(tx, conference_id)?;
            attendees::add_each(tx, ctx, conference_id, rows)
        })
    }

    /// Removes an attendee.
    pub fn remove_attendee(&mut self, id: i64) -> Result<()> {
        self.write(|tx| attendees::remove(tx, id))
    }

    /// Marks an attendee present or absent.
    pub fn set_attendee_presence(&mut self, id: i64, present: bool, reason: Option<&str>) -> Result<()> {
        self.write(|tx| attendees::set_presence(tx, id, present, reason))
    }

    /// Adds a directive to a conference.
    pub fn add_directive(&mut self, conference_id: i64, text: &str) -> Result<i64> {
        self.write(|tx| directives::add(tx, conference_id, text))
    }

    /// Creates a task and its assignments.
    pub fn create_task(&mut self, ctx: &Ctx, input: &crate::rules::task::TaskInput) -> Result<i64> {
        self.write(|tx| crate::rules::task::create(tx, ctx, input))
    }

    /// Ticks an assignment off.
    pub fn complete_assignment(&mut self, ctx: &Ctx, id: i64, c: &crate::rules::part::Completion) -> Result<()> {
        self.write(|tx| crate::rules::part::complete(tx, ctx, id, c))
    }

    /// Returns a completed part to its unit, with a reason.
    pub fn return_assignment(&mut self, ctx: &Ctx, id: i64, reason: &str) -> Result<()> {
        self.write(|tx| crate::rules::part::return_to_unit(tx, ctx, id, reason))
    }

    /// Cancels a part, with a reason.
    pub fn cancel_assignment(&mut self, ctx: &Ctx, id: i64, reason: &str) -> Result<()> {
        self.write(|tx| crate::rules::part::cancel(tx, ctx, id, reason))
    }

    /// Records a progress note.
    pub fn add_progress_note(&mut self, ctx: &Ctx, id: i64, note: &str) -> Result<()> {
        self.write(|tx| crate::rules::part::add_note(tx, ctx, id, note))
    }

    /// Extends a task's deadline, or one part's.
    pub fn extend_deadline(&mut self, ctx: &Ctx, task_id: i64, assignment_id: Option<i64>, e: &crate::rules::part::Extension) -> Result<()> {
        self.write(|tx| crate::rules::part::extend(tx, ctx, task_id, assignment_id, e))
    }

    /// One assignment with its evidence, extensions and history (its own and its task's).
    pub fn assignment_detail(&self, id: i64, as_of: NaiveDate) -> Result<AssignmentDetail> {
        let row = assignments::get(&self.conn, id, as_of)?;
        let mut history = audit::history(&self.conn, audit::AuditEntity::Task, row.task_id)?;
        history.extend(audit::history(&self.conn, audit::AuditEntity::Assignment, id)?);
        history.sort_by(|a, b| a.at.cmp(&b.at));
        let extensions =
            updates::extensions(&self.conn, row.task_id)?.into_iter().filter(|e| e.assignment_id.is_none() || e.assignment_id == Some(id)).collect();
        Ok(AssignmentDetail { evidence: updates::evidence(&self.conn, id)?, extensions, history, row })
    }

    /// The office's overview as of a date.
    pub fn dashboard(&self, as_of: NaiveDate) -> Result<Dashboard> {
        let per_unit = stats::per_unit(&self.conn, as_of)?;
        // Overdue is never reclassified as target missed (that needs the work done), so the
        // per-unit overdue counts add up to the store's: no second pass over every part.
        let overdue_total = per_unit.iter().map(|u| u.overdue).sum();
        // The conferences with the most overdue work first; the overview shows a handful,
        // the conference list has them all. Every conference's progress picks them, in the
        // list's order (newest first) among equals; only the few shown are read whole.
        let mut progress = stats::per_conference(&self.conn, as_of)?;
        let newest_first: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM conference ORDER BY starts_at DESC, id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut with_work: Vec<_> = newest_first.into_iter().filter_map(|id| progress.remove(&id).filter(|p| p.total > p.done).map(|p| (id, p))).collect();
        let conferences_total = with_work.len() as i64;
        with_work.sort_by_key(|(_, p)| (std::cmp::Reverse(p.overdue), std::cmp::Reverse(p.total - p.done)));
        with_work.truncate(DASHBOARD_ROWS);
        let with_work = with_work
            .into_iter()
            .map(|(id, progress)| {
                let sites = conferences::sites(&self.conn, id)?;
                let count = |f: &dyn Fn(SiteConnection) -> bool| sites.iter().filter(|s| f(s.connection)).count() as i64;
                Ok(conferences::ConferenceSummary {
                    conference: conferences::get(&self.conn, id)?,
                    sites_total: sites.len() as i64,
                    sites_connected: count(&|c| c != SiteConnection::NotConnected),
                    sites_partial: count(&|c| c == SiteConnection::Partial),
                    progress,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Dashboard {
            as_of: as_of.to_string(),
            units: stats::rank(per_unit)
                .into_iter()
                .map(|c| UnitRow { unit_id: c.unit_id, unit_name: c.unit_name.clone(), on_time_percent: c.on_time_percent(), counts: c })
                .collect(),
            conferences: with_work,
            conferences_total,
            overdue: assignments::list(
                &self.conn,
                &assignments::AssignmentFilter { status: Some(crate::status::Status::Overdue), limit: Some(DASHBOARD_ROWS as i64), ..Default::default() },
                as_of,
            )?,
            starred: assignments::list(
                &self.conn,
                &assignments::AssignmentFilter { starred: Some(true), limit: Some(DASHBOARD_ROWS as i64), ..Default::default() },
                as_of,
            )?,
            overdue_total,
        })
    }

    fn tasks_with_progress(&self, conference_id: i64, as_of: NaiveDate) -> Result<Vec<DirectiveWithTasks>> {
        directives::list(&self.conn, conference_id)?
            .into_iter()
            .map(|directive| {
                let tasks = tasks::ids_for_directive(&self.conn, directive.id)?
                    .into_iter()
                    .map(|tid| Ok(TaskWithProgress { task: tasks::get(&self.conn, tid)?, progress: assignments::progress_for_task(&self.conn, tid, as_of)? }))
                    .collect::<Result<_>>()?;
                Ok(DirectiveWithTasks { directive, tasks })
            })
            .collect()
    }

    /// The unfinished tasks of the conference of the same kind held before this one.
    pub fn carry_over(&self, id: i64, as_of: NaiveDate) -> Result<Option<CarryOver>> {
        let Some(previous) = conferences::previous_of_same_kind(&self.conn, id)? else { return Ok(None) };
        let tasks: Vec<TaskWithProgress> =
            self.tasks_with_progress(previous.id, as_of)?.into_iter().flat_map(|d| d.tasks).filter(|t| t.progress.done < t.progress.total).collect();
        Ok((!tasks.is_empty()).then_some(CarryOver { from: previous, tasks }))
    }

    /// The conference page.
    pub fn conference_detail(&self, id: i64, as_of: NaiveDate) -> Result<ConferenceDetail> {
        let conference = conferences::get(&self.conn, id)?;
        let sites = conferences::sites(&self.conn, id)?;
        let directives = self.tasks_with_progress(id, as_of)?;
        let progress = assignments::progress_for_conference(&self.conn, id, as_of)?;
        let attendees = attendees::list(&self.conn, id)?;
        let figures = figures::list(&self.conn, id)?;
        Ok(ConferenceDetail { carry_over: self.carry_over(id, as_of)?, conference, sites, directives, attendees, figures, progress })
    }

    /// Imports a unit registry file (the `units.json` format) in one transaction.
    pub fn import_registry(&mut self, json: &str) -> Result<registry::ImportCount> {
        let file = registry::parse(json)?;
        self.write(|tx| registry::import(tx, &file))
    }

    /// Imports a whole-store export in one transaction.
    pub fn import_all(&mut self, doc: &serde_json::Value, replace: bool) -> Result<usize> {
        let n = self.write(|tx| export::import(tx, doc, replace))?;
        registry::ensure_district(&mut self.conn)?;
        db::refold(&mut self.conn)?;
        Ok(n)
    }

    /// All units.
    pub fn units(&self) -> Result<Vec<units::Unit>> {
        units::list_units(&self.conn)
    }
}

impl Store {
    /// Adds or edits a unit.
    pub fn save_unit(&mut self, input: &units::UnitInput) -> Result<i64> {
        self.write(|tx| units::save_unit(tx, input))
    }

    /// Archives or restores a unit.
    pub fn set_unit_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.write(|tx| units::set_active(tx, id, active))
    }

    /// Replaces a group's members.
    pub fn set_group_members(&mut self, group_id: i64, unit_ids: &[i64]) -> Result<()> {
        self.write(|tx| units::set_group_members(tx, group_id, unit_ids))
    }
}

impl Store {
    /// Creates the parts of recurring tasks whose period has begun by `ctx.today()`. Not on
    /// a unit's desk: its parts are the office's, and the office's next period comes with
    /// the mirror (a part made here would carry an id of this machine's).
    pub fn roll_recurrences(&mut self, ctx: &Ctx) -> Result<usize> {
        if self.desk_link()?.is_some() {
            return Ok(0);
        }
        self.write(|tx| crate::rules::rollout::roll_recurrences(tx, ctx))
    }

    /// Stops a task's recurrence from `on`; past periods stay.
    pub fn stop_recurrence(&mut self, ctx: &Ctx, task_id: i64, on: NaiveDate) -> Result<()> {
        self.write(|tx| crate::rules::rollout::stop_recurrence(tx, ctx, task_id, on))
    }
}
