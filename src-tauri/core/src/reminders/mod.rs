//! Reminder rules. For every open assignment with a deadline: 7, 3 and 1 days before and on
//! the day, at the office's reminder time; once overdue, one reminder per working day;
//! plus custom reminders on a task or an assignment. Quiet hours defer, never drop.
//!
//! Nothing here reads the clock: every function takes the instants it works between.
//! Reminders are computed from the assignments as they are *now*, so one completed or
//! cancelled in the meantime never fires, and a changed deadline moves its reminders.
//! `reminder_log` makes each (assignment, kind, due instant) fire exactly once.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::Result;
use crate::settings::Settings;
use crate::time::{format_date, office_date, office_offset, to_stored};

mod kind;
pub use kind::{NoticeKind, ReminderKind};

/// One reminder due for one assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    /// The assignment.
    pub assignment_id: i64,
    /// Why it is due.
    pub kind: ReminderKind,
    /// When it is due (after quiet-hour deferral).
    pub due_at: DateTime<Utc>,
    /// The lead unit's name.
    pub unit_name: String,
    /// The task's title.
    pub task_title: String,
    /// The assignment's deadline.
    pub deadline: Option<NaiveDate>,
    /// The custom reminder's note.
    pub note: Option<String>,
}

/// The instant of `day` at `time`, office time.
fn local(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    office_offset().from_local_datetime(&day.and_time(time)).single().expect("fixed offset").with_timezone(&Utc)
}

/// Defers `at` to the next moment notifications are allowed: inside working hours on a
/// working day when quiet hours are on; unchanged otherwise.
pub fn allowed(s: &Settings, at: DateTime<Utc>) -> DateTime<Utc> {
    if !s.quiet_hours {
        return at;
    }
    let (start, end) = s.hours();
    let here = at.with_timezone(&office_offset());
    let (day, time) = (here.date_naive(), here.time());
    if s.is_working_day(day.weekday()) && time >= start && time < end {
        return at;
    }
    let mut d = if s.is_working_day(day.weekday()) && time < start { day } else { day + Days::new(1) };
    while !s.is_working_day(d.weekday()) {
        d = d + Days::new(1);
    }
    local(d, start)
}

use chrono::Datelike;

/// When the rule-based reminders of `day` fire.
pub fn rule_instant(s: &Settings, day: NaiveDate) -> DateTime<Utc> {
    allowed(s, local(day, s.reminder_at()))
}

const OPEN: &str = "a.state IN ('not_started', 'in_progress')";
const COLUMNS: &str = "a.id, u.name, t.title, a.deadline";

/// The reminders of `kind` due at `due_at` for the parts `sql` selects ([`COLUMNS`]).
fn reminders_of(
    conn: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    kind: ReminderKind,
    due_at: DateTime<Utc>,
    note: Option<&str>,
) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let out = stmt.query_map(args, |r| {
        Ok(Reminder {
            assignment_id: r.get(0)?,
            kind,
            due_at,
            unit_name: r.get(1)?,
            task_title: r.get(2)?,
            deadline: r.get::<_, Option<String>>(3)?.as_deref().and_then(crate::time::parse_iso_day),
            note: note.map(str::to_string),
        })
    })?;
    Ok(out.collect::<rusqlite::Result<_>>()?)
}

/// The offsets whose reminder for `day` still stands: a reminder deferred (by quiet hours)
/// onto or past the day of a closer reminder for the same deadline is dropped, so a unit
/// is not told "còn 1 ngày" twice on one Monday morning.
fn standing_offsets(s: &Settings, day: NaiveDate) -> Vec<u32> {
    let deferred_days = (office_date(rule_instant(s, day)) - day).num_days().max(0);
    s.offsets.iter().copied().filter(|k| !s.offsets.iter().any(|j| j < k && i64::from(k - j) <= deferred_days)).collect()
}

/// Whether any rule-based reminder of `day` has not fired: the same conditions as
/// [`rule_reminders_of_day`], asked as EXISTS so the scheduler's look-ahead stays cheap.
fn day_has_unfired(conn: &Connection, s: &Settings, day: NaiveDate) -> Result<bool> {
    let due_s = to_stored(rule_instant(s, day));
    let not_fired = "NOT EXISTS (SELECT 1 FROM reminder_log r WHERE r.assignment_id = a.id AND r.kind = ?2 AND r.due_at = ?3)";
    for offset in &standing_offsets(s, day) {
        let kind = ReminderKind::before(*offset);
        let deadline = (day + Days::new(u64::from(*offset))).to_string();
        let sql = format!("SELECT EXISTS (SELECT 1 FROM assignment a WHERE {OPEN} AND a.deadline = ?1 AND {not_fired})");
        if conn.prepare_cached(&sql)?.query_row(params![deadline, kind, due_s], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    if s.is_working_day(day.weekday()) && !overdue_day_fired(conn, &due_s)? {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM assignment a WHERE {OPEN} AND a.deadline < ?1)");
        if conn.prepare_cached(&sql)?.query_row(params![day.to_string()], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the overdue reminder of the day whose rule instant is `due_s` has fired (as one
/// row per day, or as one row per part the way stores before version 8 logged it).
fn overdue_day_fired(conn: &Connection, due_s: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM reminder_day_log WHERE kind = 'overdue' AND due_at = ?1)
                 OR EXISTS (SELECT 1 FROM reminder_log WHERE due_at = ?1 AND kind = 'overdue')",
        )?
        .query_row([due_s], |r| r.get(0))?)
}

/// How many parts of an overdue day's reminder are named in it; the rest are counted.
const OVERDUE_NAMED: i64 = 5;

/// The overdue reminder of one working day: every part open past its deadline then, fired
/// together and recorded once for the day — long-overdue parts would otherwise add a row
/// per part to the log every morning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueDay {
    /// When it is due (the day's reminder instant, after quiet-hour deferral).
    pub due_at: DateTime<Utc>,
    /// How many parts are overdue then.
    pub parts: usize,
    /// The first of them (oldest deadline first), at most five.
    pub first: Vec<Reminder>,
}

/// Everything due in a window: reminders about one part each, and whole overdue days.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Due {
    /// "Sắp đến hạn", "đến hạn" and custom reminders, one per part, oldest first.
    pub reminders: Vec<Reminder>,
    /// Overdue reminders, one per working day, oldest first.
    pub overdue_days: Vec<OverdueDay>,
}

impl Due {
    /// How many reminders, counting each part of an overdue day.
    pub fn len(&self) -> usize {
        self.reminders.len() + self.overdue_days.iter().map(|d| d.parts).sum::<usize>()
    }

    /// Whether nothing is due.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rule-based reminders of `day` that have not fired.
fn rule_reminders_of_day(conn: &Connection, s: &Settings, day: NaiveDate, due: &mut Due) -> Result<()> {
    let due_at = rule_instant(s, day);
    let due_s = to_stored(due_at);
    let not_fired = "NOT EXISTS (SELECT 1 FROM reminder_log r WHERE r.assignment_id = a.id AND r.kind = ?2 AND r.due_at = ?3)";
    for offset in &standing_offsets(s, day) {
        let kind = ReminderKind::before(*offset);
        let deadline = (day + Days::new(u64::from(*offset))).to_string();
        let sql = format!(
            "SELECT {COLUMNS} FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
             WHERE {OPEN} AND a.deadline = ?1 AND {not_fired} ORDER BY u.position, a.id"
        );
        due.reminders.extend(reminders_of(conn, &sql, &[&deadline, &kind, &due_s], kind, due_at, None)?);
    }
    if s.is_working_day(day.weekday()) && !overdue_day_fired(conn, &due_s)? {
        let day_s = day.to_string();
        let parts: i64 =
            conn.prepare_cached(&format!("SELECT count(*) FROM assignment a WHERE {OPEN} AND a.deadline < ?1"))?.query_row([&day_s], |r| r.get(0))?;
        if parts > 0 {
            // Oldest deadline first, straight from the index of open deadlines.
            let sql = format!(
                "SELECT {COLUMNS} FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
                 WHERE {OPEN} AND a.deadline < ?1 ORDER BY a.deadline, a.id LIMIT ?2"
            );
            let first = reminders_of(conn, &sql, &[&day_s, &OVERDUE_NAMED], ReminderKind::Overdue, due_at, None)?;
            due.overdue_days.push(OverdueDay { due_at, parts: parts as usize, first });
        }
    }
    Ok(())
}

/// Custom reminders whose (deferred) instant falls in `(from, to]`, expanded to the open
/// assignments they concern, not fired yet.
fn custom_between(conn: &Connection, s: &Settings, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Reminder>> {
    // Deferral moves an instant forward by at most a week, so look that far back.
    let earliest = to_stored(from - chrono::Duration::days(8));
    let mut stmt = conn.prepare_cached("SELECT id, task_id, assignment_id, at, note FROM custom_reminder WHERE at > ?1 AND at <= ?2 ORDER BY at, id")?;
    let found: Vec<(i64, Option<i64>, Option<i64>, String, Option<String>)> =
        stmt.query_map(params![earliest, to_stored(to)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, task, assignment, at, note) in found {
        let due = allowed(s, crate::time::from_stored(&at)?);
        if due <= from || due > to {
            continue;
        }
        let kind = ReminderKind::Custom(id);
        let sql = format!(
            "SELECT {COLUMNS} FROM assignment a JOIN task t ON t.id = a.task_id JOIN unit u ON u.id = a.unit_id
             WHERE {OPEN} AND (a.task_id = ?1 OR a.id = ?2)
               AND NOT EXISTS (SELECT 1 FROM reminder_log r WHERE r.assignment_id = a.id AND r.kind = ?3 AND r.due_at = ?4)
             ORDER BY u.position, a.id"
        );
        out.extend(reminders_of(conn, &sql, &[&task, &assignment, &kind, &to_stored(due)], kind, due, note.as_deref())?);
    }
    Ok(out)
}

/// Every reminder due in `(from, to]` that has not fired, oldest first. A span longer than
/// 400 days is cut to its last 400 days.
pub fn due_between(conn: &Connection, s: &Settings, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Due> {
    let from = from.max(to - chrono::Duration::days(400));
    let mut out = Due::default();
    // A day's reminders can be deferred into the window from up to a week before it.
    let mut day = office_date(from) - Days::new(8);
    while day <= office_date(to) {
        let due = rule_instant(s, day);
        if due > from && due <= to {
            rule_reminders_of_day(conn, s, day, &mut out)?;
        }
        day = day + Days::new(1);
    }
    out.reminders.extend(custom_between(conn, s, from, to)?);
    out.reminders.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.assignment_id.cmp(&b.assignment_id)));
    out.overdue_days.sort_by_key(|d| d.due_at);
    Ok(out)
}

/// The next instant after `after` at which a reminder is due, if any within a year.
pub fn next_instant(conn: &Connection, s: &Settings, after: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let earliest: Option<String> =
        conn.query_row(&format!("SELECT min(a.deadline) FROM assignment a WHERE {OPEN} AND a.deadline IS NOT NULL"), [], |r| r.get(0))?;
    let mut best: Option<DateTime<Utc>> = None;
    if let Some(min) = earliest {
        let min = NaiveDate::parse_from_str(&min, "%Y-%m-%d").unwrap_or(office_date(after));
        let longest = u64::from(s.offsets.iter().copied().max().unwrap_or(0));
        // Start where the earliest reminder could be, never more than a week back.
        let mut day = (office_date(after) - Days::new(8)).max(min - Days::new(longest));
        let horizon = office_date(after) + Days::new(400);
        // An open part past its deadline reminds every working day, so a hit comes quickly
        // once anything is overdue; otherwise the search ends at the horizon.
        while day <= horizon {
            let due = rule_instant(s, day);
            if due > after && day_has_unfired(conn, s, day)? {
                best = Some(due);
                break;
            }
            day = day + Days::new(1);
        }
    }
    let custom = custom_between(conn, s, after, after + chrono::Duration::days(400))?;
    if let Some(first) = custom.iter().map(|r| r.due_at).min() {
        best = Some(best.map_or(first, |b| b.min(first)));
    }
    Ok(best)
}

/// Records reminders as fired at `now`: one row per part, one row per overdue day. Returns
/// the ones this call recorded; a reminder already in the log (fired by another process
/// since `due` was read, or earlier) is left out, so it is never notified twice.
pub fn record_fired(tx: &Transaction, due: &Due, now: DateTime<Utc>) -> Result<Due> {
    let mut out = Due::default();
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO reminder_log (assignment_id, kind, due_at, fired_at) VALUES (?1, ?2, ?3, ?4)")?;
    for r in &due.reminders {
        if stmt.execute(params![r.assignment_id, r.kind, to_stored(r.due_at), to_stored(now)])? == 1 {
            out.reminders.push(r.clone());
        }
    }
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO reminder_day_log (kind, due_at, parts, fired_at) VALUES ('overdue', ?1, ?2, ?3)")?;
    for d in &due.overdue_days {
        if stmt.execute(params![to_stored(d.due_at), d.parts as i64, to_stored(now)])? == 1 {
            out.overdue_days.push(d.clone());
        }
    }
    Ok(out)
}

/// What a notification says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    /// The assignment it is about, when it is about one.
    pub assignment: Option<i64>,
    /// One reminder's kind, or a summary's.
    pub kind: NoticeKind,
    /// Summary line.
    pub summary: String,
    /// Body.
    pub body: String,
}

fn line(r: &Reminder) -> String {
    match r.deadline {
        Some(d) => format!("{}: {} — hạn {}", r.unit_name, r.task_title, format_date(d)),
        None => format!("{}: {} — không có thời hạn", r.unit_name, r.task_title),
    }
}

/// The summary of one reminder: "Sắp đến hạn (còn 3 ngày)", "Đến hạn hôm nay", "Quá hạn 2 ngày".
pub fn summary(r: &Reminder) -> String {
    let today = office_date(r.due_at);
    match (r.kind, r.deadline) {
        (ReminderKind::Custom(_), _) => match &r.note {
            Some(n) => format!("Nhắc việc: {n}"),
            None => "Nhắc việc".to_string(),
        },
        (_, Some(d)) if d > today => format!("Sắp đến hạn (còn {} ngày)", (d - today).num_days()),
        (_, Some(d)) if d == today => "Đến hạn hôm nay".to_string(),
        (_, Some(d)) => format!("Quá hạn {} ngày", (today - d).num_days()),
        (_, None) => "Nhắc việc".to_string(),
    }
}

/// "2 nhiệm vụ sắp đến hạn, 1 quá hạn": the per-part reminders of `group` by kind, plus
/// `overdue` parts counted by their day.
fn counts(group: &[&Reminder], overdue: usize) -> String {
    let (mut soon, mut due, mut late, mut custom) = (0, 0, overdue, 0);
    for r in group {
        match r.kind {
            ReminderKind::Due => due += 1,
            ReminderKind::Overdue => late += 1,
            ReminderKind::Custom(_) => custom += 1,
            ReminderKind::Before(_) => soon += 1,
        }
    }
    let mut parts = Vec::new();
    if soon > 0 {
        parts.push(format!("{soon} nhiệm vụ sắp đến hạn"));
    }
    if due > 0 {
        parts.push(format!("{due} nhiệm vụ đến hạn"));
    }
    if late > 0 {
        parts.push(format!("{late} quá hạn"));
    }
    if custom > 0 {
        parts.push(format!("{custom} nhắc việc riêng"));
    }
    parts.join(", ")
}

/// More reminders than this at one instant become one digest notification.
pub const DIGEST_THRESHOLD: usize = 3;

/// Turns due reminders into notifications: one per reminder, except that more than
/// [`DIGEST_THRESHOLD`] due at the same instant (an overdue day counting each of its
/// parts) become one digest that names the first five.
pub fn compose(due: &Due) -> Vec<Notice> {
    let mut instants: Vec<DateTime<Utc>> = due.reminders.iter().map(|r| r.due_at).chain(due.overdue_days.iter().map(|d| d.due_at)).collect();
    instants.sort();
    instants.dedup();
    let mut out = Vec::new();
    for at in instants {
        let day = due.overdue_days.iter().find(|d| d.due_at == at);
        // Overdue work first: it is the most urgent.
        let group: Vec<&Reminder> = day.into_iter().flat_map(|d| d.first.iter()).chain(due.reminders.iter().filter(|r| r.due_at == at)).collect();
        let overdue_unnamed = day.map_or(0, |d| d.parts - d.first.len());
        let size = group.len() + overdue_unnamed;
        if size > DIGEST_THRESHOLD {
            let mut body: Vec<String> = group.iter().take(5).map(|r| line(r)).collect();
            if size > 5 {
                body.push(format!("… và {} nhiệm vụ khác", size - 5));
            }
            out.push(Notice {
                assignment: None,
                kind: NoticeKind::Digest,
                summary: format!("Hôm nay: {}", counts(&group, overdue_unnamed)),
                body: body.join("\n"),
            });
        } else {
            out.extend(group.iter().map(|r| Notice {
                assignment: Some(r.assignment_id),
                kind: NoticeKind::Reminder(r.kind),
                summary: summary(r),
                body: line(r),
            }));
        }
    }
    out
}

/// One notification summing up reminders missed while the app was not running.
pub fn compose_catch_up(due: &Due) -> Option<Notice> {
    let instants = due.reminders.iter().map(|r| r.due_at).chain(due.overdue_days.iter().map(|d| d.due_at));
    let (first, last) = (instants.clone().min()?, instants.max()?);
    let all: Vec<&Reminder> = due.reminders.iter().collect();
    let overdue: usize = due.overdue_days.iter().map(|d| d.parts).sum();
    Some(Notice {
        assignment: None,
        kind: NoticeKind::CatchUp,
        summary: format!("Trong lúc ứng dụng tắt: {} nhắc việc", due.len()),
        body: format!("Từ {} đến {}: {}. Mở Đôn đốc để xem chi tiết.", format_date(office_date(first)), format_date(office_date(last)), counts(&all, overdue)),
    })
}
