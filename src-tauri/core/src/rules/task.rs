//! Creating a task: what the secretary may enter, and how a task fans out into one part per
//! lead unit (groups expanded) in the same transaction. The SQL is in [`crate::queries::tasks`].

use std::collections::HashSet;

use rusqlite::Transaction;
use serde::Deserialize;

use crate::error::{CoreError, Result};
use crate::model::{Target, TaskRole};
use crate::queries::{audit, conference_search, directives, tasks, units};
use crate::recurrence::Rule;
use crate::rules::rollout;
use crate::{opening, text, time, Ctx};

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

    let description = text::limited_opt("description", input.description.as_deref(), text::LONG_MAX, "mô tả nhiệm vụ")?;
    let task_id = tasks::insert(
        tx,
        ctx,
        &tasks::NewTask {
            directive_id: input.directive_id,
            source_ref: source_ref.as_deref(),
            title: &title,
            description: description.as_deref(),
            deadline,
            target: target.as_ref(),
            starred: input.starred,
            recurrence: rule,
            given_on: given,
        },
    )?;
    if let Some(directive) = input.directive_id {
        conference_search::add_for_directive(tx, directive, &[&title, input.description.as_deref().unwrap_or("")])?;
    }
    audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "created", None, Some(&title))?;

    for (uid, via) in &leads {
        tasks::insert_role(tx, task_id, *uid, TaskRole::Lead, *via)?;
    }
    for uid in &input.coordinator_unit_ids {
        tasks::insert_role(tx, task_id, *uid, TaskRole::Coordinator, None)?;
    }
    match rule {
        Some(rule) => {
            rollout::roll_task(tx, ctx, task_id, rule, given, None)?;
        }
        None => {
            for (uid, _) in &leads {
                tasks::insert_assignment(tx, ctx, task_id, *uid, "", deadline, given)?;
            }
        }
    }
    Ok(task_id)
}
