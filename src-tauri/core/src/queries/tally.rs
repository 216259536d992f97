//! Reading the tallies that triggers keep: `unit_day_count` (migration 10) and
//! `conference_day_count` (migration 14). Each row counts the parts that share a key (a
//! unit or a conference), a kind of state and two days; a part's status on any "tính đến
//! ngày" date depends only on those, so every status count as of a date is a sum over
//! rows (see [`Counts::classify`]).
//!
//! The rows are added up here, in Rust, not by SQLite: seven conditional sums per row in
//! SQL cost about twice as much as reading the five columns and comparing the days here
//! (at 100k parts, 37k conference rows: ~23 ms against ~11 ms on the office's 2 cores).

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::Result;
use crate::model::AssignmentState;
use crate::status::Status;

/// Every row of the per-unit tally.
pub(crate) const PER_UNIT: &str = "SELECT unit_id, kind, deadline, completed_on, n FROM unit_day_count";
/// The rows of one unit (`?1`): its key range of the tally only.
pub(crate) const ONE_UNIT: &str = "SELECT unit_id, kind, deadline, completed_on, n FROM unit_day_count WHERE unit_id = ?1";
/// Every row of the per-conference tally.
pub(crate) const PER_CONFERENCE: &str = "SELECT conference_id, kind, deadline, completed_on, n FROM conference_day_count";

/// How many parts of one group (one key, one kind of state) fall on each side of the
/// as-of date. The tally's days are never NULL: '' stands for "no date" and sorts before
/// every day, as it does in SQL. A done part stores its completion date as its deadline
/// when it was done on time, which none of these counts can tell apart.
#[derive(Debug)]
pub(crate) struct Counts {
    state: AssignmentState,
    all: i64,
    no_deadline: i64,
    /// Read for open parts only: the tally moves a done part's deadline.
    past_deadline: i64,
    done_by: i64,
    done_by_no_deadline: i64,
    done_by_in_time: i64,
    done_later_past_deadline: i64,
}

impl Counts {
    fn new(state: AssignmentState) -> Counts {
        Counts { state, all: 0, no_deadline: 0, past_deadline: 0, done_by: 0, done_by_no_deadline: 0, done_by_in_time: 0, done_later_past_deadline: 0 }
    }

    /// Adds `n` parts whose tally days are `deadline` and `completed_on`, as of `day`.
    fn add(&mut self, day: &str, deadline: &str, completed_on: &str, n: i64) {
        self.all += n;
        if deadline.is_empty() {
            self.no_deadline += n;
        } else if deadline < day {
            self.past_deadline += n;
            if completed_on > day {
                self.done_later_past_deadline += n;
            }
        }
        if !completed_on.is_empty() && completed_on <= day {
            self.done_by += n;
            if deadline.is_empty() {
                self.done_by_no_deadline += n;
            } else if completed_on <= deadline {
                self.done_by_in_time += n;
            }
        }
    }

    /// The status categories of the group, by the rule of [`crate::status::status_on`]:
    /// cancelled wins; work done by the as-of date is done on time, late or without
    /// deadline; anything else — including work done only after that date — is open then.
    /// Every count is a sum of the group's, so a group read in several pieces classifies
    /// to the same totals.
    pub(crate) fn classify(&self) -> Vec<(Status, i64)> {
        use AssignmentState::*;
        match self.state {
            Cancelled => vec![(Status::Cancelled, self.all)],
            NotStarted | InProgress => vec![
                (Status::OpenNoDeadline, self.no_deadline),
                (Status::Overdue, self.past_deadline),
                (Status::InProgress, self.all - self.no_deadline - self.past_deadline),
            ],
            Done => {
                let open = self.all - self.done_by;
                let open_no_deadline = self.no_deadline - self.done_by_no_deadline;
                vec![
                    (Status::DoneNoDeadline, self.done_by_no_deadline),
                    (Status::DoneOnTime, self.done_by_in_time),
                    (Status::DoneLate, self.done_by - self.done_by_no_deadline - self.done_by_in_time),
                    (Status::OpenNoDeadline, open_no_deadline),
                    (Status::Overdue, self.done_later_past_deadline),
                    (Status::InProgress, open - open_no_deadline - self.done_later_past_deadline),
                ]
            }
        }
    }
}

fn state_of(kind: &str) -> AssignmentState {
    match kind {
        "done" => AssignmentState::Done,
        "cancelled" => AssignmentState::Cancelled,
        _ => AssignmentState::InProgress,
    }
}

/// A text column's value, '' for anything else (the tallies' days are never NULL).
pub(crate) fn text<'a>(v: ValueRef<'a>) -> &'a str {
    v.as_str().unwrap_or("")
}

/// Reads the tally rows of `sql` (key, kind, deadline, completed_on, n; `key` binds `?1`
/// when given) and hands `each` the counts as of `as_of` of every run of rows that share
/// a key and kind. Rows come in the tally's key order, so a run is normally a whole group.
pub(crate) fn pass(conn: &Connection, sql: &str, key: Option<i64>, as_of: NaiveDate, mut each: impl FnMut(i64, &Counts)) -> Result<()> {
    let day = as_of.to_string();
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = match key {
        Some(k) => stmt.query([k])?,
        None => stmt.query([])?,
    };
    let mut current: Option<(i64, Counts)> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let state = state_of(text(r.get_ref(1)?));
        if current.as_ref().is_none_or(|(k, c)| *k != id || c.state != state) {
            if let Some((k, c)) = current.take() {
                each(k, &c);
            }
            current = Some((id, Counts::new(state)));
        }
        let counts = &mut current.as_mut().expect("set above").1;
        counts.add(&day, text(r.get_ref(2)?), text(r.get_ref(3)?), r.get(4)?);
    }
    if let Some((k, c)) = current {
        each(k, &c);
    }
    Ok(())
}
