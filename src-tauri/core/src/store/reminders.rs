//! The store's reminder side: settings, custom reminders, firing what is due exactly once,
//! the morning digest and the next instant for the scheduler.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::Store;
use crate::error::Result;
use crate::queries::assignments;
use crate::{reminders, Ctx};

/// Scheduler bookkeeping keys in `app_setting`.
const CHECKED_AT: &str = "reminders_checked_at";
const MORNING_LAST: &str = "morning_digest_last";

impl Store {
    /// The office's settings.
    pub fn settings(&self) -> Result<crate::settings::Settings> {
        crate::settings::load(&self.conn)
    }

    /// Saves the settings.
    pub fn save_settings(&mut self, s: &crate::settings::Settings) -> Result<()> {
        self.write(|tx| crate::settings::save(tx, s))
    }

    /// Adds a custom reminder on a task or an assignment.
    pub fn add_custom_reminder(&mut self, ctx: &Ctx, task_id: Option<i64>, assignment_id: Option<i64>, at: &str, note: Option<&str>) -> Result<i64> {
        self.write(|tx| crate::queries::notices::add_custom(tx, ctx, task_id, assignment_id, at, note))
    }

    /// Fires everything due since the last check up to `now`: records each reminder as
    /// fired, composes the notifications — one summary when `catch_up` (the app just
    /// started) — and stores them as notices not yet delivered. Returns them with their
    /// notice ids, for the caller to show and then [`Store::mark_delivered`].
    ///
    /// Exactly once, also across processes (the app's scheduler and `dondoc-cli remind` on
    /// one store): reading what is due, recording it in `reminder_log` and queueing the
    /// notices happen in one IMMEDIATE transaction, and only the reminders whose log rows
    /// this transaction inserted are notified. Whoever comes second finds them recorded.
    pub fn fire_due(&mut self, now: DateTime<Utc>, catch_up: bool) -> Result<Vec<(i64, reminders::Notice)>> {
        self.write(|tx| {
            let settings = crate::settings::load(tx)?;
            let since = checked_at(tx, now)?;
            if now <= since {
                return Ok(Vec::new());
            }
            let found = reminders::due_between(tx, &settings, since, now)?;
            let due = reminders::record_fired(tx, &found, now)?;
            let mut notices = if catch_up && due.len() > 1 { reminders::compose_catch_up(&due).into_iter().collect() } else { reminders::compose(&due) };
            if let Some((day, n)) = morning_digest_due(tx, &settings, since, now)? {
                crate::settings::set_value(tx, MORNING_LAST, &day.to_string())?;
                notices.insert(0, n);
            }
            crate::settings::set_value(tx, CHECKED_AT, &crate::time::to_stored(now))?;
            notices.into_iter().map(|n| Ok((crate::queries::notices::insert(tx, now, &n)?, n))).collect()
        })
    }

    /// The next instant a reminder (or the morning digest) is due after `after`.
    pub fn next_reminder_at(&self, after: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let s = self.settings()?;
        let mut next = reminders::next_instant(&self.conn, &s, after)?;
        if s.morning_digest {
            let mut day = crate::time::office_date(after);
            let last = crate::settings::get_value(&self.conn, MORNING_LAST)?;
            for _ in 0..14 {
                let at = reminders::rule_instant(&s, day);
                if at > after && s.is_working_day(chrono::Datelike::weekday(&day)) && last.as_deref() != Some(&day.to_string()) {
                    next = Some(next.map_or(at, |n| n.min(at)));
                    break;
                }
                day = day + chrono::Days::new(1);
            }
        }
        Ok(next)
    }

    /// Marks a notice shown on the desktop.
    pub fn mark_delivered(&mut self, id: i64) -> Result<()> {
        self.write(|tx| crate::queries::notices::mark_delivered(tx, id))
    }
}

fn checked_at(conn: &Connection, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    Ok(match crate::settings::get_value(conn, CHECKED_AT)? {
        Some(s) => crate::time::from_stored(&s)?,
        // First run: look back one day, so a reminder due this morning still fires.
        None => now - chrono::Duration::days(1),
    })
}

/// The office's morning digest, when it is on and a working morning passed in `(since, now]`.
fn morning_digest_due(
    conn: &Connection,
    s: &crate::settings::Settings,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Option<(NaiveDate, reminders::Notice)>> {
    if !s.morning_digest {
        return Ok(None);
    }
    let day = crate::time::office_date(now);
    let last = crate::settings::get_value(conn, MORNING_LAST)?;
    let at = reminders::rule_instant(s, day);
    if !s.is_working_day(chrono::Datelike::weekday(&day)) || at <= since || at > now || last.as_deref() == Some(&day.to_string()) {
        return Ok(None);
    }
    let overdue = assignments::count_overdue(conn, day)?;
    let week = day + chrono::Days::new(7);
    let soon: i64 = conn.query_row(
        "SELECT count(*) FROM assignment WHERE state IN ('not_started', 'in_progress') AND deadline >= ?1 AND deadline <= ?2",
        rusqlite::params![day.to_string(), week.to_string()],
        |r| r.get(0),
    )?;
    Ok(Some((
        day,
        reminders::Notice {
            assignment: None,
            kind: reminders::NoticeKind::Morning,
            summary: format!("Tổng hợp sáng {}", crate::time::format_date(day)),
            body: format!("{overdue} phần việc quá hạn, {soon} phần việc đến hạn trong 7 ngày tới."),
        },
    )))
}
