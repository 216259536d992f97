//! When a task was given (ngày giao) and from which day each of its parts exists.
//!
//! A conference is often entered days or weeks after it was held. Its tasks were given on
//! the conference's day, so a recurring task's periods start there, and an overview as of
//! a past date counts only the parts that existed on that date. Each part keeps the first
//! day it exists (`opens_on`): its task's given date, or for the later periods of a
//! recurring task the day the period begins.
//!
//! The rules keep one invariant the counts rely on: a part never opens after its deadline
//! nor after its completion date (a deadline before the given date, or a completion
//! before the part exists, is refused). So a part that did not exist on a date was, on
//! that date, neither overdue nor done: it can only have counted as open within its
//! deadline, open without one, or cancelled (see `queries::stats`).

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::{CoreError, Result};
use crate::recurrence::{self, Period, Rule};
use crate::time;

/// The day a part exists from: the task's given date for a one-off task and for the first
/// period of a recurring one (which is created at once, even when it begins later), else
/// the day its period begins.
pub fn part_opens_on(rule: Rule, given: NaiveDate, period: &Period) -> NaiveDate {
    if period.key == recurrence::first_period(rule, given).key {
        given
    } else {
        period.starts.max(given)
    }
}

/// The given date a task gets when the user leaves it empty: the date of the conference
/// its directive comes from, or `today` for a standalone task (or for a conference dated
/// in the future: a task cannot be given later than it is entered).
pub fn default_given_on(tx: &Transaction, directive_id: Option<i64>, today: NaiveDate) -> Result<NaiveDate> {
    let Some(id) = directive_id else { return Ok(today) };
    let held: Option<String> =
        tx.query_row("SELECT c.starts_at FROM directive d JOIN conference c ON c.id = d.conference_id WHERE d.id = ?1", [id], |r| r.get(0)).optional()?;
    let held = held.as_deref().and_then(|s| time::from_stored(s).ok()).map(time::office_date);
    Ok(held.map_or(today, |d| d.min(today)))
}

/// Validates a given date typed by the user (dd/mm/yyyy or ISO): never in the future.
pub fn parse_given_on(input: &str, today: NaiveDate) -> Result<NaiveDate> {
    let day = time::parse_date("givenOn", input)?;
    if day > today {
        return Err(CoreError::invalid("givenOn", format!("Ngày giao {} ở tương lai (hôm nay là {}).", time::format_date(day), time::format_date(today))));
    }
    Ok(day)
}

/// Fills `task.given_on` and `assignment.opens_on` where they are missing (rows written
/// before schema 11, or imported from an older export), then restores the invariant on
/// every part. Runs inside the caller's transaction: the schema-11 migration and every
/// import; cheap when nothing is missing except for the final pass over the parts.
///
/// A task from a conference was given on the conference's day; a standalone task on the
/// day it was entered (or its recurrence's start, which was that day).
pub fn backfill(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "UPDATE task SET given_on = coalesce(
             (SELECT date(c.starts_at, '+7 hours') FROM directive d JOIN conference c ON c.id = d.conference_id
              WHERE d.id = task.directive_id),
             recurrence_start,
             date(created_at, '+7 hours'))
         WHERE given_on IS NULL;
         UPDATE assignment SET opens_on = (SELECT given_on FROM task t WHERE t.id = assignment.task_id)
         WHERE opens_on = '' AND period = '';",
    )?;
    let periods: Vec<(i64, Option<String>, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT DISTINCT a.task_id, t.recurrence, t.given_on, a.period
             FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.opens_on = ''",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut set = tx.prepare("UPDATE assignment SET opens_on = ?3 WHERE task_id = ?1 AND period = ?2 AND opens_on = ''")?;
    for (task, code, given, key) in periods {
        let given_day = time::parse_iso_day(&given);
        let rule = code.as_deref().and_then(|c| Rule::parse(c).ok());
        let opens = match (rule, given_day) {
            (Some(rule), Some(day)) => recurrence::period_by_key(rule, &key).map(|p| part_opens_on(rule, day, &p)).unwrap_or(day),
            (None, Some(day)) => day,
            // A given date that does not parse (a store edited by hand) keeps its text: the
            // clamps below still bound it by the part's own dates.
            (_, None) => {
                set.execute(params![task, key, given])?;
                continue;
            }
        };
        set.execute(params![task, key, opens.to_string()])?;
    }
    // The invariant: a part opens on or before its deadline and its completion date.
    tx.execute_batch(
        "UPDATE assignment SET opens_on = deadline WHERE deadline IS NOT NULL AND opens_on > deadline;
         UPDATE assignment SET opens_on = completed_on WHERE completed_on IS NOT NULL AND opens_on > completed_on;",
    )?;
    Ok(())
}

/// The deadline check of a new task: a deadline before the day the task was given is a
/// typing mistake (and would break the invariant above).
pub fn check_deadline(deadline: Option<NaiveDate>, given: NaiveDate) -> Result<()> {
    match deadline {
        Some(d) => before_opening("deadline", "Thời hạn", d, given, ""),
        None => Ok(()),
    }
}

/// Why a completion date or a new deadline on `day` is refused for a part that opens on
/// `opens_on` (of a period named `period`, '' for a one-off task), if it is.
pub fn before_opening(field: &'static str, what: &str, day: NaiveDate, opens_on: NaiveDate, period: &str) -> Result<()> {
    if day >= opens_on {
        return Ok(());
    }
    let when = if period.is_empty() {
        format!("ngày giao nhiệm vụ ({})", time::format_date(opens_on))
    } else {
        format!("ngày bắt đầu kỳ {} ({})", recurrence::period_label(period), time::format_date(opens_on))
    };
    Err(CoreError::invalid(field, format!("{what} {} trước {when}.", time::format_date(day))))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::time::tests::d;

    #[test]
    fn parts_open_on_the_given_day_then_as_their_periods_begin() {
        let m20 = Rule::parse("monthly:20").unwrap();
        let given = d("2023-02-10");
        let cases = [("2023-02", "2023-02-10"), ("2023-03", "2023-03-01"), ("2023-04", "2023-04-01")];
        for (key, opens) in cases {
            let p = recurrence::period_by_key(m20, key).unwrap();
            assert_eq!(part_opens_on(m20, given, &p), d(opens), "{key}");
        }
        // Given after the 20th: the first period is next month's, open from the given day.
        let late = d("2023-03-25");
        let april = recurrence::period_by_key(m20, "2023-04").unwrap();
        assert_eq!(part_opens_on(m20, late, &april), late);
        let may = recurrence::period_by_key(m20, "2023-05").unwrap();
        assert_eq!(part_opens_on(m20, late, &may), d("2023-05-01"));
    }

    #[test]
    fn refusals_name_the_day_and_the_period() {
        let err = before_opening("completedOn", "Ngày hoàn thành", d("2023-03-05"), d("2023-04-01"), "2023-04").unwrap_err();
        assert_eq!(err.to_string(), "Ngày hoàn thành 05/03/2023 trước ngày bắt đầu kỳ Tháng 04/2023 (01/04/2023).");
        let err = before_opening("completedOn", "Ngày hoàn thành", d("2023-02-01"), d("2023-02-10"), "").unwrap_err();
        assert_eq!(err.to_string(), "Ngày hoàn thành 01/02/2023 trước ngày giao nhiệm vụ (10/02/2023).");
        assert!(before_opening("completedOn", "x", d("2023-02-10"), d("2023-02-10"), "").is_ok(), "the given day itself is fine");
        assert_eq!(check_deadline(Some(d("2023-02-05")), d("2023-02-10")).unwrap_err().field(), Some("deadline"));
        assert!(check_deadline(Some(d("2023-02-10")), d("2023-02-10")).is_ok());
        assert_eq!(parse_given_on("02/03/2023", d("2023-03-01")).unwrap_err().field(), Some("givenOn"));
    }
}
