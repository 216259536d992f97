//! "Đọc kết luận": the reader proposes tasks from a conference's conclusion text; the
//! secretary reviews them; accepted rows become directives and tasks in one transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::queries::tasks::{self, TaskInput};
use crate::queries::{conferences, directives, units};
use crate::reader::{self, ProposedTask};
use crate::{registry, time, Ctx, Store};

/// A proposed task with its codes resolved to the store's ids, ready for the review table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRow {
    /// What the reader proposed (codes, dates as YYYY-MM-DD, span in characters).
    pub proposed: ProposedTask,
    /// The sentence or clause it came from.
    pub sentence: String,
    /// Lead units named one by one.
    pub lead_unit_ids: Vec<i64>,
    /// Lead groups ("@communes" → the group "Các xã, thị trấn").
    pub lead_group_ids: Vec<i64>,
    /// Coordinating units (groups expanded: coordinators are listed one by one).
    pub coordinator_unit_ids: Vec<i64>,
}

/// Reads `text` as the conclusion of a meeting held on `meeting_date`, against the
/// store's unit registry.
pub fn propose(store: &Store, text: &str, meeting_date: NaiveDate) -> Result<Vec<ReviewRow>> {
    let conn = store.conn();
    let registry = registry::export(conn)?;
    let reader = reader::Reader::new(&registry);
    let groups = units::list_groups(conn)?;
    let all_units = units::list_units(conn)?;
    let unit_id = |code: &str| all_units.iter().find(|u| u.code == code).map(|u| u.id);
    let chars: Vec<char> = text.chars().collect();
    let rows = reader.read(text, meeting_date);
    Ok(rows
        .into_iter()
        .map(|p| {
            let (mut lead_unit_ids, mut lead_group_ids) = (Vec::new(), Vec::new());
            for a in &p.assignees {
                match a.strip_prefix('@') {
                    Some(g) => lead_group_ids.extend(groups.iter().find(|x| x.code == g).map(|x| x.id)),
                    None => lead_unit_ids.extend(unit_id(a)),
                }
            }
            let coordinator_unit_ids = reader.expand(&p.coordinators).iter().filter_map(|c| unit_id(c)).collect();
            let (start, end) = (p.span.0.min(chars.len()), p.span.1.min(chars.len()));
            let sentence = chars[start..end.max(start)].iter().collect::<String>().trim().to_string();
            ReviewRow { proposed: p, sentence, lead_unit_ids, lead_group_ids, coordinator_unit_ids }
        })
        .collect())
}

/// One row as the secretary accepted it (possibly edited).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AcceptedRow {
    /// The directive text (the source sentence); rows with the same sentence share one directive.
    pub sentence: String,
    /// The task as edited.
    #[serde(flatten)]
    pub task: TaskInput,
}

/// Creates the accepted rows' directives and tasks on a conference, all or nothing.
/// Returns the new task ids in order.
pub fn accept(store: &mut Store, ctx: &Ctx, conference_id: i64, rows: &[AcceptedRow]) -> Result<Vec<i64>> {
    if rows.is_empty() {
        return Err(CoreError::invalid("rows", "Chưa có nhiệm vụ nào để tạo."));
    }
    store.write(|tx| {
        conferences::get(tx, conference_id)?;
        let mut made: Vec<(String, i64)> = Vec::new();
        let mut ids = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let sentence = crate::text::clean(&row.sentence);
            let directive = match made.iter().find(|(s, _)| *s == sentence && !s.is_empty()) {
                Some((_, id)) => *id,
                None => {
                    let text = if sentence.is_empty() { crate::text::clean(&row.task.title) } else { sentence.clone() };
                    let id = directives::add(tx, conference_id, &text)?;
                    made.push((sentence, id));
                    id
                }
            };
            let input = TaskInput { directive_id: Some(directive), ..row.task.clone() };
            let id = tasks::create(tx, ctx, &input).map_err(|e| match e {
                CoreError::Validation { field, message } => CoreError::Validation { field, message: format!("Dòng {}: {message}", i + 1) },
                other => other,
            })?;
            ids.push(id);
        }
        Ok(ids)
    })
}

/// The meeting date of a conference (its start, office time).
pub fn meeting_date(store: &Store, conference_id: i64) -> Result<NaiveDate> {
    let c = conferences::get(store.conn(), conference_id)?;
    Ok(time::office_date(time::from_stored(&c.starts_at)?))
}
