//! Recurring tasks brought up to date: the parts of every period that has begun exist, one
//! per active lead unit, never twice (a period has a key), and never because a unit finished.
//! The period arithmetic is in [`crate::recurrence`]; the SQL in [`crate::queries::tasks`].

use chrono::NaiveDate;
use rusqlite::Transaction;

use crate::error::{CoreError, Result};
use crate::queries::{audit, tasks};
use crate::recurrence::{self, Rule};
use crate::{opening, Ctx};

/// Creates the assignments of a recurring task's periods that have begun by `today` (and
/// always its first period), one per active lead unit, counting from `start`, the day the
/// task was given: a conference entered weeks late gets its missed periods too, overdue.
/// Never twice: a period has a key.
pub(crate) fn roll_task(tx: &Transaction, ctx: &Ctx, task_id: i64, rule: Rule, start: NaiveDate, stopped_on: Option<NaiveDate>) -> Result<usize> {
    let leads = tasks::active_lead_ids(tx, task_id)?;
    let periods = recurrence::periods_to_create(rule, start, stopped_on, ctx.today());
    // Periods are created in order for all leads at once, so when the first and the latest
    // are there for every lead, there is nothing to do (the common case, checked with one
    // query). The first too: a given date moved earlier (an upgraded store, see `opening`)
    // leaves earlier periods to create.
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        let have = tasks::parts_in_periods(tx, task_id, &first.key, &last.key)?;
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
            if tasks::insert_assignment(tx, ctx, task_id, *uid, &period.key, Some(period.due), opens_on)? {
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
    let mut created = 0;
    for task in tasks::recurring(tx)? {
        created += roll_task(tx, ctx, task.id, task.rule, task.start, task.stopped_on)?;
    }
    Ok(created)
}

/// Stops a recurrence from `on`: no period beginning after it is created; past periods
/// and their parts stay.
pub fn stop_recurrence(tx: &Transaction, ctx: &Ctx, task_id: i64, on: NaiveDate) -> Result<()> {
    let current = tasks::recurrence_of(tx, task_id)?;
    match current {
        None => Err(CoreError::not_found("nhiệm vụ", task_id)),
        Some((None, _)) => Err(CoreError::invalid("recurrence", "Nhiệm vụ này không lặp lại định kỳ.")),
        Some((Some(_), Some(_))) => Err(CoreError::invalid("recurrence", "Nhiệm vụ này đã dừng lặp lại.")),
        Some((Some(_), None)) => {
            tasks::set_recurrence_stopped(tx, ctx, task_id, on)?;
            audit::record(tx, ctx, audit::AuditEntity::Task, task_id, "recurrence_stopped_on", None, Some(&on.to_string()))?;
            Ok(())
        }
    }
}
