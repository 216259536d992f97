//! What a unit coordinates (phối hợp): tasks on which it has no part to tick, but whose
//! lead units it works with. Shown on its page apart from its own parts, and counted on
//! the overview, so a coordinating unit is never invisible.

use chrono::NaiveDate;
use rusqlite::{named_params, Connection};
use serde::Serialize;

use crate::error::Result;
use crate::queries::assignments::{self, Progress};

/// A task a unit coordinates, with its lead units and their progress as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CoordinatedTask {
    /// The task.
    pub task_id: i64,
    /// Its title.
    pub title: String,
    /// Its deadline (YYYY-MM-DD), if any.
    pub deadline: Option<String>,
    /// Its recurrence, as the office says it ("Hằng tháng, trước ngày 20").
    pub recurrence_label: Option<String>,
    /// The date it was given (YYYY-MM-DD).
    pub given_on: Option<String>,
    /// The conference it comes from.
    pub conference_id: Option<i64>,
    /// That conference's title.
    pub conference_title: Option<String>,
    /// Short names of the lead units, in registry order.
    pub leads: Vec<String>,
    /// The lead units' progress on the date.
    pub progress: Progress,
}

/// The tasks `unit_id` coordinates that were given by `as_of`, newest first.
pub fn coordinated_by(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<Vec<CoordinatedTask>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.title, t.deadline, t.recurrence, t.given_on, c.id, c.title,
                (SELECT group_concat(u.short_name, ', ') FROM (SELECT u.short_name FROM task_unit l JOIN unit u ON u.id = l.unit_id
                  WHERE l.task_id = t.id AND l.role = 'lead' ORDER BY u.position) u)
         FROM task_unit tu JOIN task t ON t.id = tu.task_id
         LEFT JOIN directive d ON d.id = t.directive_id LEFT JOIN conference c ON c.id = d.conference_id
         WHERE tu.unit_id = :unit AND tu.role = 'coordinator' AND coalesce(t.given_on, '') <= :as_of
         ORDER BY t.given_on DESC, t.id DESC",
    )?;
    let rows = stmt.query_map(named_params! {":unit": unit_id, ":as_of": as_of.to_string()}, |r| {
        let code: Option<String> = r.get(3)?;
        let leads: Option<String> = r.get(7)?;
        Ok(CoordinatedTask {
            task_id: r.get(0)?,
            title: r.get(1)?,
            deadline: r.get(2)?,
            recurrence_label: code.and_then(|c| crate::recurrence::Rule::parse(&c).ok()).map(|rule| rule.label()),
            given_on: r.get(4)?,
            conference_id: r.get(5)?,
            conference_title: r.get(6)?,
            leads: leads.map(|l| l.split(", ").map(String::from).collect()).unwrap_or_default(),
            progress: Progress::default(),
        })
    })?;
    let mut out: Vec<CoordinatedTask> = rows.collect::<rusqlite::Result<_>>()?;
    for task in &mut out {
        task.progress = assignments::progress_for_task(conn, task.task_id, as_of)?;
    }
    Ok(out)
}
