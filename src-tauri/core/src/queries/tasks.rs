//! Tasks (nhiệm vụ) and the units on them (`task`, `task_unit`). Creating a task fans it
//! out into one assignment per lead unit, groups expanded, in the same transaction.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::model::{TargetOp, TargetScope, TaskRole};
use crate::queries::{audit, directives, units};
use crate::recurrence::{self, Rule};
use crate::{opening, text, time, Ctx};

use chrono::NaiveDate;

/// The numeric target of a task, defined with the model; named here for its callers.
pub use crate::model::Target;

/// What the secretary enters to create a task.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct TaskInput {
    /// The directive it comes from.
    pub directive_id: Option<i64>,
    /// For a standalone task: the document it comes from ("TB số 12/TB-UBND").
    pub source_ref: Option<String>,
    /// Title (required).
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Deadline as typed (dd/mm/yyyy); empty means no deadline.
    pub deadline: Option<String>,
    /// Lead units chosen one by one.
    pub lead_unit_ids: Vec<i64>,
    /// Lead groups, expanded into their member units.
    pub lead_group_ids: Vec<i64>,
    /// Coordinating units (informed, they do not tick).
    pub coordinator_unit_ids: Vec<i64>,
    /// Nhiệm vụ trọng tâm.
    pub starred: bool,
    /// Numeric target.
    pub target: Option<Target>,
    /// Recurrence rule code (`monthly:20`, `quarterly`, ...); a recurring task has no
    /// deadline of its own, each period's part has the period's due date.
    pub recurrence: Option<String>,
    /// The date the task was given (ngày giao), as typed; empty means the conference's date
    /// for a task from a directive, today for a standalone one. A recurring task's periods
    /// start here.
    pub given_on: Option<String>,
}

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
    /// Recurrence rule code.
    pub recurrence: Option<String>,
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

/// Validates and creates a task, its unit roles and one assignment per lead unit.
/// Every row written gets an audit entry. Returns the task id.
pub fn create(tx: &Transaction, ctx: &Ctx, input: &TaskInput) -> Result<i64> {
    let title = text::limited("title", &input.title, text::TITLE_MAX, "tên nhiệm vụ")?;
    if title.is_empty() {
        return Err(CoreError::invalid("title", "Tên nhiệm vụ không được để trống."));
    }
    let source_ref = text::clean_opt(input.source_ref.as_deref());
    match (input.directive_id, &source_ref) {
        (Some(id), _) => {
            directives::get(tx, id)?;
        }
        (None, None) => {
            return Err(CoreError::invalid("sourceRef", "Nhiệm vụ không thuộc ý kiến chỉ đạo nào phải ghi văn bản giao việc (ví dụ: TB số 12/TB-UBND)."))
        }
        (None, Some(_)) => {}
    }
    let deadline = match text::clean_opt(input.deadline.as_deref()) {
        Some(s) => Some(time::parse_date("deadline", &s)?),
        None => None,
    };
    let rule = match text::clean_opt(input.recurrence.as_deref()) {
        Some(code) => Some(Rule::parse(&code).map_err(|e| CoreError::invalid("recurrence", e.0))?),
        None => None,
    };
    let given = match text::clean_opt(input.given_on.as_deref()) {
        Some(s) => opening::parse_given_on(&s, ctx.today())?,
        None => opening::default_given_on(tx, input.directive_id, ctx.today())?,
    };
    opening::check_deadline(deadline, given)?;
    if rule.is_some() && deadline.is_some() {
        return Err(CoreError::invalid("deadline", "Nhiệm vụ định kỳ không có thời hạn riêng: mỗi kỳ có hạn theo chu kỳ. Hãy bỏ trống thời hạn."));
    }
    let target = match &input.target {
        Some(t) => {
            let metric = text::clean(&t.metric);
            if metric.is_empty() {
                return Err(CoreError::invalid("target", "Chỉ tiêu phải ghi rõ nội dung đo (ví dụ: tỷ lệ hồ sơ được số hóa)."));
            }
            if !t.value.is_finite() {
                return Err(CoreError::invalid("target", "Giá trị chỉ tiêu phải là một số."));
            }
            Some(Target { metric, unit: text::clean_opt(t.unit.as_deref()), ..t.clone() })
        }
        None => None,
    };

    // Leads: groups expanded; a unit chosen directly and through a group counts once.
    let mut leads: Vec<(i64, Option<i64>)> = Vec::new();
    for id in &input.lead_unit_ids {
        if !leads.iter().any(|(u, _)| u == id) {
            leads.push((*id, None));
        }
    }
    for gid in &input.lead_group_ids {
        let group = units::get_group(tx, *gid).map_err(|_| CoreError::invalid("leadGroupIds", format!("Nhóm đơn vị mã {gid} không tồn tại.")))?;
        for uid in group.unit_ids {
            if !leads.iter().any(|(u, _)| *u == uid) && units::get_unit(tx, uid)?.active {
                leads.push((uid, Some(group.id)));
            }
        }
    }
    if leads.is_empty() {
        return Err(CoreError::invalid("leadUnitIds", "Hãy chọn ít nhất một đơn vị chủ trì (hoặc một nhóm đơn vị)."));
    }
    let mut lead_ids = HashSet::new();
    for (uid, _) in &leads {
        units::require_active_unit(tx, "leadUnitIds", *uid)?;
        lead_ids.insert(*uid);
    }
    for uid in &input.coordinator_unit_ids {
        let unit = units::require_active_unit(tx, "coordinatorUnitIds", *uid)?;
        if lead_ids.contains(uid) {
            return Err(CoreError::invalid("coordinatorUnitIds", format!("Đơn vị “{}” không thể vừa chủ trì vừa phối hợp cùng một nhiệm vụ.", unit.name)));
        }
    }

    tx.prepare_cached(
        "INSERT INTO task (directive_id, source_ref, title, description, deadline, target_metric, target_op,
             target_value, target_unit, target_scope, starred, created_at, updated_at, recurrence, recurrence_start, given_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        input.directive_id,
        source_ref,
        title,
        text::limited_opt("description", input.description.as_deref(), text::LONG_MAX, "mô tả nhiệm vụ")?,
        deadline.map(|d| d.to_string()),
        target.as_ref().map(|t| t.metric.clone()),
        target.as_ref().map(|t| t.op.as_str()),
        target.as_ref().map(|t| t.value),
        target.as_ref().and_then(|t| t.unit.clone()),
        target.as_ref().map(|t| t.scope.as_str()),
        input.starred,
        ctx.stamp(),
        rule.map(|r| r.code()),
        rule.map(|_| given.to_string()),
        given.to_string()
    ])?;
    let task_id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO task_search (rowid, folded) VALUES (?1, ?2)")?.execute(params![task_id, text::fold(&title)])?;
    if let Some(directive) = input.directive_id {
        crate::queries::conference_search::add_for_directive(tx, directive, &[&title, input.description.as_deref().unwrap_or("")])?;
    }
    audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "created", None, Some(&title))?;

    let mut role_insert = tx.prepare_cached("INSERT INTO task_unit (task_id, unit_id, role, via_group_id) VALUES (?1, ?2, ?3, ?4)")?;
    for (uid, via) in &leads {
        role_insert.execute(params![task_id, uid, TaskRole::Lead.as_str(), via])?;
    }
    for uid in &input.coordinator_unit_ids {
        role_insert.execute(params![task_id, uid, TaskRole::Coordinator.as_str(), Option::<i64>::None])?;
    }
    match rule {
        Some(rule) => {
            roll_task(tx, ctx, task_id, rule, given, None)?;
        }
        None => {
            for (uid, _) in &leads {
                insert_assignment(tx, ctx, task_id, *uid, "", deadline.map(|d| d.to_string()), given)?;
            }
        }
    }
    Ok(task_id)
}

/// Inserts one assignment unless that (task, unit, period) already exists. Returns
/// whether a row was created.
///
/// Not audited one by one: a fan-out is one act, recorded once on the task ("created", or
/// "period_opened" for a new period of a recurring task), and a part's history includes its
/// task's. One row per part made a 26-unit fan-out write 27 audit rows and made the audit
/// the largest table of the store.
fn insert_assignment(tx: &Transaction, ctx: &Ctx, task_id: i64, unit_id: i64, period: &str, deadline: Option<String>, opens_on: NaiveDate) -> Result<bool> {
    let created = tx
        .prepare_cached(
            "INSERT INTO assignment (task_id, unit_id, period, deadline, opens_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT(task_id, unit_id, period) DO NOTHING",
        )?
        .execute(params![task_id, unit_id, period, deadline, opens_on.to_string(), ctx.stamp()])?;
    Ok(created == 1)
}

/// Creates the assignments of a recurring task's periods that have begun by `today` (and
/// always its first period), one per active lead unit, counting from `start`, the day the
/// task was given: a conference entered weeks late gets its missed periods too, overdue.
/// Never twice: a period has a key.
fn roll_task(tx: &Transaction, ctx: &Ctx, task_id: i64, rule: Rule, start: NaiveDate, stopped_on: Option<NaiveDate>) -> Result<usize> {
    let leads: Vec<i64> = {
        let mut stmt = tx.prepare_cached(
            "SELECT u.id FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
             WHERE tu.task_id = ?1 AND tu.role = 'lead' AND u.active = 1 ORDER BY u.position",
        )?;
        let rows = stmt.query_map([task_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let periods = recurrence::periods_to_create(rule, start, stopped_on, ctx.today());
    // Periods are created in order for all leads at once, so when the first and the latest
    // are there for every lead, there is nothing to do (the common case, checked with one
    // query). The first too: a given date moved earlier (an upgraded store, see `opening`)
    // leaves earlier periods to create.
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        let have: usize = tx
            .prepare_cached("SELECT count(*) FROM assignment WHERE task_id = ?1 AND period IN (?2, ?3)")?
            .query_row(params![task_id, first.key, last.key], |r| r.get::<_, i64>(0))? as usize;
        let want = if first.key == last.key { leads.len() } else { 2 * leads.len() };
        if have >= want {
            return Ok(0);
        }
    }
    let mut created = 0;
    for period in periods {
        let mut opened = 0;
        let opens_on = opening::part_opens_on(rule, start, &period);
        for uid in &leads {
            if insert_assignment(tx, ctx, task_id, *uid, &period.key, Some(period.due.to_string()), opens_on)? {
                opened += 1;
            }
        }
        if opened > 0 {
            audit::record(
                tx,
                ctx,
                audit::AuditEntity::Task,
                task_id,
                "period_opened",
                None,
                Some(&format!("Kỳ {}: {opened} đơn vị", recurrence::period_label(&period.key))),
            )?;
        }
        created += opened;
    }
    Ok(created)
}

/// Brings every recurring task up to date: the parts of periods that have begun by
/// `ctx.today()` exist. Cheap when nothing is due; run at start-up and before overviews.
pub fn roll_recurrences(tx: &Transaction, ctx: &Ctx) -> Result<usize> {
    let tasks: Vec<(i64, String, String, Option<String>)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT id, recurrence, coalesce(given_on, recurrence_start), recurrence_stopped_on FROM task
             WHERE recurrence IS NOT NULL AND coalesce(given_on, recurrence_start) IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut created = 0;
    for (id, code, start, stopped) in tasks {
        let rule = Rule::parse(&code).map_err(|e| CoreError::invalid("recurrence", e.0))?;
        let start = time::parse_date("givenOn", &start)?;
        let stopped = match stopped {
            Some(s) => Some(time::parse_date("recurrenceStoppedOn", &s)?),
            None => None,
        };
        created += roll_task(tx, ctx, id, rule, start, stopped)?;
    }
    Ok(created)
}

/// Stops a recurrence from `on`: no period beginning after it is created; past periods
/// and their parts stay.
pub fn stop_recurrence(tx: &Transaction, ctx: &Ctx, task_id: i64, on: NaiveDate) -> Result<()> {
    let current: Option<(Option<String>, Option<String>)> =
        tx.query_row("SELECT recurrence, recurrence_stopped_on FROM task WHERE id = ?1", [task_id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match current {
        None => Err(CoreError::not_found("nhiệm vụ", task_id)),
        Some((None, _)) => Err(CoreError::invalid("recurrence", "Nhiệm vụ này không lặp lại định kỳ.")),
        Some((Some(_), Some(_))) => Err(CoreError::invalid("recurrence", "Nhiệm vụ này đã dừng lặp lại.")),
        Some((Some(_), None)) => {
            tx.execute("UPDATE task SET recurrence_stopped_on = ?2, updated_at = ?3 WHERE id = ?1", params![task_id, on.to_string(), ctx.stamp()])?;
            audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "recurrence_stopped_on", None, Some(&on.to_string()))?;
            Ok(())
        }
    }
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
                    recurrence_label: r.get::<_, Option<String>>(12)?.and_then(|c| Rule::parse(&c).ok()).map(|r| r.label()),
                    recurrence: r.get(12)?,
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
