//! Recording the secretary's review of the reader's proposals (`reader_review`, see
//! [`crate::review`]): which fields of each accepted row differ from the review row it came
//! from, and the record itself, written inside the transaction that creates the tasks.

use chrono::NaiveDate;
use rusqlite::{params, Transaction};

use super::{AcceptedRow, ReviewRow};
use crate::error::{CoreError, Result};
use crate::queries::units;
use crate::recurrence::Rule;
use crate::review::{CaseTarget, CaseTask, Edit, Field};
use crate::{text, time, Ctx};

/// The parts of a row that a review compares, normalised as the task rules read them.
#[derive(PartialEq)]
struct Shape {
    assignees: (Vec<i64>, Vec<i64>),
    coordinators: Vec<i64>,
    deadline: Option<NaiveDate>,
    recurrence: Option<String>,
    target: Option<(String, String, f64, Option<String>, String)>,
    summary: String,
}

fn sorted(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn accepted_shape(row: &AcceptedRow) -> Result<Shape> {
    let t = &row.task;
    let recurrence = match text::clean_opt(t.recurrence.as_deref()) {
        Some(code) => Some(Rule::parse(&code).map_err(|e| CoreError::invalid("recurrence", e.0))?.code()),
        None => None,
    };
    Ok(Shape {
        assignees: (sorted(&t.lead_unit_ids), sorted(&t.lead_group_ids)),
        coordinators: sorted(&t.coordinator_unit_ids),
        deadline: text::clean_opt(t.deadline.as_deref()).map(|d| time::parse_date("deadline", &d)).transpose()?,
        recurrence,
        target: t
            .target
            .as_ref()
            .map(|x| (text::clean(&x.metric), x.op.as_str().to_string(), x.value, text::clean_opt(x.unit.as_deref()), x.scope.as_str().to_string())),
        summary: text::clean(&t.title),
    })
}

fn proposed_shape(row: &ReviewRow) -> Shape {
    let p = &row.proposed;
    Shape {
        assignees: (sorted(&row.lead_unit_ids), sorted(&row.lead_group_ids)),
        coordinators: sorted(&row.coordinator_unit_ids),
        deadline: p.deadline.as_deref().and_then(time::parse_iso_day),
        recurrence: p.recurrence.map(|r| r.code()),
        target: p.target.as_ref().map(|x| (text::clean(&x.metric), x.op.clone(), x.value, text::clean_opt(x.unit.as_deref()), x.scope.clone())),
        summary: text::clean(&p.summary),
    }
}

/// The fields of `accepted` that differ from the review row it came from, as the review
/// table showed it (groups and units as ids, so a group the store lacks is no edit).
fn changes(proposed: &ReviewRow, accepted: &AcceptedRow) -> Result<Vec<Field>> {
    let (p, a) = (proposed_shape(proposed), accepted_shape(accepted)?);
    let fields = [
        (Field::Assignees, p.assignees != a.assignees),
        (Field::Coordinators, p.coordinators != a.coordinators),
        (Field::Deadline, p.deadline != a.deadline),
        (Field::Recurrence, p.recurrence != a.recurrence),
        (Field::Target, p.target != a.target),
        (Field::Summary, p.summary != a.summary),
    ];
    Ok(fields.into_iter().filter(|(_, changed)| *changed).map(|(f, _)| f).collect())
}

/// Records the review of `text`, read against `meeting_date`, whose review rows were
/// `proposals` and of which the secretary accepted `rows`, inside the caller's transaction
/// (the one creating the tasks, so both are kept or neither). Returns the record's id.
pub(super) fn record(
    tx: &Transaction,
    ctx: &Ctx,
    conference_id: i64,
    text: &str,
    meeting_date: NaiveDate,
    proposals: &[ReviewRow],
    rows: &[AcceptedRow],
) -> Result<i64> {
    let (all_units, groups) = (units::list_units(tx)?, units::list_groups(tx)?);
    let unit_code = |id: &i64| all_units.iter().find(|u| u.id == *id).map(|u| u.code.clone());
    let mut accepted = Vec::with_capacity(rows.len());
    let mut edits = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let shape = accepted_shape(row)?;
        let t = &row.task;
        let mut assignees: Vec<String> = t.lead_group_ids.iter().filter_map(|g| groups.iter().find(|x| x.id == *g)).map(|g| format!("@{}", g.code)).collect();
        assignees.extend(t.lead_unit_ids.iter().filter_map(unit_code));
        accepted.push(CaseTask {
            assignees,
            coordinators: t.coordinator_unit_ids.iter().filter_map(unit_code).collect(),
            deadline: shape.deadline.map(|d| d.format("%Y-%m-%d").to_string()),
            recurrence: shape.recurrence,
            target: shape.target.map(|(metric, op, value, unit, scope)| CaseTarget { metric, op, value, unit, scope }),
            summary: shape.summary,
        });
        let proposal = row.proposal.map(|n| n as usize);
        let changed = match proposal {
            None => Vec::new(),
            Some(n) => match proposals.get(n) {
                Some(p) => changes(p, row)?,
                None => return Err(CoreError::invalid("rows", format!("Dòng {}: không có đề xuất số {} của bộ đọc; hãy đọc lại văn bản.", i + 1, n + 1))),
            },
        };
        edits.push(Edit { proposal, changed });
    }
    let proposed: Vec<CaseTask> = proposals.iter().map(|r| CaseTask::proposed(&r.proposed)).collect();
    tx.execute(
        "INSERT INTO reader_review (conference_id, meeting_date, text, proposed, accepted, edits, actor, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            conference_id,
            meeting_date.format("%Y-%m-%d").to_string(),
            text::clean(text),
            serde_json::to_string(&proposed)?,
            serde_json::to_string(&accepted)?,
            serde_json::to_string(&edits)?,
            ctx.actor,
            time::to_stored(ctx.now),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}
