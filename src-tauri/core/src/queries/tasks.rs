//! Tasks (nhiệm vụ) and the units on them (`task`, `task_unit`), and the rows of their parts
//! as a task creates them. What a task may be and how it fans out is decided by the task
//! rules (`rules::task`); recurring parts are rolled out by `rules::rollout`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::model::{TargetOp, TargetScope, TaskRole};
use crate::recurrence::Rule;
use crate::{text, time, Ctx};

use chrono::NaiveDate;

/// The numeric target of a task, defined with the model; named here for its callers.
pub use crate::model::Target;

/// A task with its lead and coordinating units.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// Row id.
    pub id: i64,
    /// Source directive.
    pub directive_id: Option<i64>,
    /// Source document of a standalone task.
    pub source_ref: Option<String>,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Deadline (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// Nhiệm vụ trọng tâm.
    pub starred: bool,
    /// Numeric target.
    pub target: Option<Target>,
    /// Recurrence rule (as its code in JSON, `monthly:20`).
    #[cfg_attr(
        feature = "ts",
        ts(
            type = "\"daily\" | \"weekly\" | `weekly:${string}` | \"monthly\" | `monthly:${number}` | \"quarterly\" | \"semiannual\" | \"yearly\" | `yearly:${string}` | null"
        )
    )]
    pub recurrence: Option<Rule>,
    /// Its Vietnamese label ("Hằng tháng, trước ngày 20").
    pub recurrence_label: Option<String>,
    /// When the recurrence was stopped (YYYY-MM-DD).
    pub recurrence_stopped_on: Option<String>,
    /// The date the task was given (YYYY-MM-DD).
    pub given_on: Option<String>,
    /// Units with a role on the task.
    pub units: Vec<TaskUnit>,
}

/// A unit's role on a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TaskUnit {
    /// The unit.
    pub unit_id: i64,
    /// Its short name.
    pub unit_short_name: String,
    /// Lead or coordinator.
    pub role: TaskRole,
    /// The group it was chosen through, if any.
    pub via_group_id: Option<i64>,
    /// That group's name ("Các xã, thị trấn").
    pub via_group_name: Option<String>,
}

/// A validated task, ready to be stored (the task rules decide what it is).
#[derive(Debug, Clone)]
pub struct NewTask<'a> {
    /// The directive it comes from.
    pub directive_id: Option<i64>,
    /// The document it comes from, for a standalone task.
    pub source_ref: Option<&'a str>,
    /// Title, cleaned.
    pub title: &'a str,
    /// Description, cleaned.
    pub description: Option<&'a str>,
    /// Its own deadline (a one-off task).
    pub deadline: Option<NaiveDate>,
    /// Numeric target.
    pub target: Option<&'a Target>,
    /// Nhiệm vụ trọng tâm.
    pub starred: bool,
    /// Recurrence rule.
    pub recurrence: Option<Rule>,
    /// The date it was given.
    pub given_on: NaiveDate,
}

/// Inserts a task row and its search words; returns its id.
pub fn insert(tx: &Transaction, ctx: &Ctx, t: &NewTask) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO task (directive_id, source_ref, title, description, deadline, target_metric, target_op,
             target_value, target_unit, target_scope, starred, created_at, updated_at, recurrence, recurrence_start, given_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        t.directive_id,
        t.source_ref,
        t.title,
        t.description,
        t.deadline.map(|d| d.to_string()),
        t.target.map(|t| t.metric.clone()),
        t.target.map(|t| t.op.as_str()),
        t.target.map(|t| t.value),
        t.target.and_then(|t| t.unit.clone()),
        t.target.map(|t| t.scope.as_str()),
        t.starred,
        ctx.stamp(),
        t.recurrence.map(|r| r.code()),
        t.recurrence.map(|_| t.given_on.to_string()),
        t.given_on.to_string()
    ])?;
    let task_id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO task_search (rowid, folded) VALUES (?1, ?2)")?.execute(params![task_id, text::fold(t.title)])?;
    Ok(task_id)
}

/// Gives `unit_id` a role on a task (`via_group_id`: the group it was chosen through).
pub fn insert_role(tx: &Transaction, task_id: i64, unit_id: i64, role: TaskRole, via_group_id: Option<i64>) -> Result<()> {
    tx.prepare_cached("INSERT INTO task_unit (task_id, unit_id, role, via_group_id) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
        task_id,
        unit_id,
        role.as_str(),
        via_group_id
    ])?;
    Ok(())
}

/// Inserts one assignment unless that (task, unit, period) already exists. Returns
/// whether a row was created.
///
/// Not audited one by one: a fan-out is one act, recorded once on the task ("created", or
/// "period_opened" for a new period of a recurring task), and a part's history includes its
/// task's. One row per part made a 26-unit fan-out write 27 audit rows and made the audit
/// the largest table of the store.
pub fn insert_assignment(
    tx: &Transaction,
    ctx: &Ctx,
    task_id: i64,
    unit_id: i64,
    period: &str,
    deadline: Option<NaiveDate>,
    opens_on: NaiveDate,
) -> Result<bool> {
    let created = tx
        .prepare_cached(
            "INSERT INTO assignment (task_id, unit_id, period, deadline, opens_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT(task_id, unit_id, period) DO NOTHING",
        )?
        .execute(params![task_id, unit_id, period, deadline.map(|d| d.to_string()), opens_on.to_string(), ctx.stamp()])?;
    Ok(created == 1)
}

/// The active lead units of a task, in registry order.
pub fn active_lead_ids(conn: &Connection, task_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
         WHERE tu.task_id = ?1 AND tu.role = 'lead' AND u.active = 1 ORDER BY u.position",
    )?;
    let rows = stmt.query_map([task_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many parts of a task belong to either of two periods.
pub fn parts_in_periods(conn: &Connection, task_id: i64, first: &str, last: &str) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM assignment WHERE task_id = ?1 AND period IN (?2, ?3)")?
        .query_row(params![task_id, first, last], |r| r.get(0))?;
    Ok(n as usize)
}

/// A recurring task as its roll-out needs it.
#[derive(Debug, Clone)]
pub struct Recurring {
    /// The task.
    pub id: i64,
    /// Its rule.
    pub rule: Rule,
    /// The day its periods count from (the day it was given).
    pub start: NaiveDate,
    /// The day its recurrence was stopped.
    pub stopped_on: Option<NaiveDate>,
}

/// Every recurring task with a start date. A stored rule or date that no longer reads is
/// an error, not a task silently left behind.
pub fn recurring(conn: &Connection) -> Result<Vec<Recurring>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, recurrence, coalesce(given_on, recurrence_start), recurrence_stopped_on FROM task
         WHERE recurrence IS NOT NULL AND coalesce(given_on, recurrence_start) IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, code, start, stopped) = row?;
        out.push(Recurring {
            id,
            rule: Rule::parse(&code).map_err(|e| CoreError::invalid("recurrence", e.0))?,
            start: time::parse_date("givenOn", &start)?,
            stopped_on: stopped.map(|s| time::parse_date("recurrenceStoppedOn", &s)).transpose()?,
        })
    }
    Ok(out)
}

/// A task's recurrence code and the day it was stopped; `None` when there is no such task.
pub fn recurrence_of(conn: &Connection, task_id: i64) -> Result<Option<(Option<String>, Option<String>)>> {
    Ok(conn.query_row("SELECT recurrence, recurrence_stopped_on FROM task WHERE id = ?1", [task_id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// Records the day a task's recurrence stops.
pub fn set_recurrence_stopped(tx: &Transaction, ctx: &Ctx, task_id: i64, on: NaiveDate) -> Result<()> {
    tx.execute("UPDATE task SET recurrence_stopped_on = ?2, updated_at = ?3 WHERE id = ?1", params![task_id, on.to_string(), ctx.stamp()])?;
    Ok(())
}

/// One task with its units.
pub fn get(conn: &Connection, id: i64) -> Result<Task> {
    let task = conn
        .query_row(
            "SELECT id, directive_id, source_ref, title, description, deadline, starred,
                    target_metric, target_op, target_value, target_unit, target_scope, recurrence, recurrence_stopped_on, given_on
             FROM task WHERE id = ?1",
            [id],
            |r| {
                let op: Option<String> = r.get(8)?;
                // A code that no longer reads shows as no recurrence here; the roll-out
                // (`recurring`) reports it as an error instead of skipping it.
                let recurrence = r.get::<_, Option<String>>(12)?.and_then(|c| Rule::parse(&c).ok());
                let scope: Option<String> = r.get(11)?;
                let target = match (op, r.get::<_, Option<f64>>(9)?) {
                    (Some(op), Some(value)) => Some(Target {
                        metric: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        op: TargetOp::parse("op", &op).unwrap_or(TargetOp::Ge),
                        value,
                        unit: r.get(10)?,
                        scope: TargetScope::parse("scope", scope.as_deref().unwrap_or("each")).unwrap_or(TargetScope::Each),
                    }),
                    _ => None,
                };
                Ok(Task {
                    id: r.get(0)?,
                    directive_id: r.get(1)?,
                    source_ref: r.get(2)?,
                    title: r.get(3)?,
                    description: r.get(4)?,
                    deadline: r.get(5)?,
                    starred: r.get(6)?,
                    target,
                    recurrence_label: recurrence.map(|r| r.label()),
                    recurrence,
                    recurrence_stopped_on: r.get(13)?,
                    given_on: r.get(14)?,
                    units: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("nhiệm vụ", id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT tu.unit_id, u.short_name, tu.role, tu.via_group_id, g.name
         FROM task_unit tu JOIN unit u ON u.id = tu.unit_id LEFT JOIN unit_group g ON g.id = tu.via_group_id
         WHERE tu.task_id = ?1 ORDER BY tu.role DESC, u.position",
    )?;
    let units = stmt
        .query_map([id], |r| {
            let role: String = r.get(2)?;
            Ok(TaskUnit {
                unit_id: r.get(0)?,
                unit_short_name: r.get(1)?,
                role: TaskRole::parse("role", &role).unwrap_or(TaskRole::Lead),
                via_group_id: r.get(3)?,
                via_group_name: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Task { units, ..task })
}

/// Ids of the tasks born from a directive, oldest first.
pub fn ids_for_directive(conn: &Connection, directive_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM task WHERE directive_id = ?1 ORDER BY id")?;
    let ids = stmt.query_map([directive_id], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The search query of typed words; it lives with the text rules (see [`text::fts_query`]).
pub use crate::text::fts_query;
