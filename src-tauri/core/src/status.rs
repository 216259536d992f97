//! Status rules: which reporting category an assignment is in on a given date, exactly as
//! Vietnamese task-tracking reports count them. The date is always passed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::AssignmentState;

/// The reporting category of one assignment on a given date. Each assignment is in exactly
/// one category on any date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "StatusCode"))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Hoàn thành đúng hạn: done on or before its deadline (the deadline day counts as on time).
    DoneOnTime,
    /// Hoàn thành quá hạn: done after its deadline.
    DoneLate,
    /// Hoàn thành (không có hạn).
    DoneNoDeadline,
    /// Không đạt chỉ tiêu: reported done, but the reported value misses the target.
    TargetMissed,
    /// Đang thực hiện trong hạn.
    InProgress,
    /// Quá hạn chưa hoàn thành.
    Overdue,
    /// Chưa có thời hạn: open, with no deadline.
    OpenNoDeadline,
    /// Đã hủy.
    Cancelled,
}

impl Status {
    /// Every category, in report order.
    pub const ALL: [Status; 8] = [
        Status::DoneOnTime,
        Status::DoneLate,
        Status::DoneNoDeadline,
        Status::TargetMissed,
        Status::InProgress,
        Status::Overdue,
        Status::OpenNoDeadline,
        Status::Cancelled,
    ];

    /// The Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::DoneOnTime => "Hoàn thành đúng hạn",
            Status::DoneLate => "Hoàn thành quá hạn",
            Status::DoneNoDeadline => "Hoàn thành",
            Status::TargetMissed => "Không đạt chỉ tiêu",
            Status::InProgress => "Đang thực hiện trong hạn",
            Status::Overdue => "Quá hạn chưa hoàn thành",
            Status::OpenNoDeadline => "Chưa có thời hạn",
            Status::Cancelled => "Đã hủy",
        }
    }

    /// The storage/JSON code (snake case).
    pub fn code(self) -> &'static str {
        match self {
            Status::DoneOnTime => "done_on_time",
            Status::DoneLate => "done_late",
            Status::DoneNoDeadline => "done_no_deadline",
            Status::TargetMissed => "target_missed",
            Status::InProgress => "in_progress",
            Status::Overdue => "overdue",
            Status::OpenNoDeadline => "open_no_deadline",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether the category counts as completed work.
    pub fn is_done(self) -> bool {
        matches!(self, Status::DoneOnTime | Status::DoneLate | Status::DoneNoDeadline)
    }
}

impl Status {
    /// The category with this code, if any.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.code() == code)
    }
}

/// Writes the status rule as an SQL CASE expression, with `$target` as the first test of
/// the "done by then" branch; both SQL forms below come from this one text.
macro_rules! status_case {
    ($target:literal) => {
        concat!(
            "CASE
    WHEN a.state = 'cancelled' THEN 'cancelled'
    WHEN a.state = 'done' AND a.completed_on <= :as_of THEN CASE",
            $target,
            "
        WHEN a.deadline IS NULL THEN 'done_no_deadline'
        WHEN a.completed_on <= a.deadline THEN 'done_on_time'
        ELSE 'done_late' END
    WHEN a.deadline IS NULL THEN 'open_no_deadline'
    WHEN :as_of <= a.deadline THEN 'in_progress'
    ELSE 'overdue'
END"
        )
    };
}

/// [`status_on`] as an SQL expression, for counting large stores in the database rather
/// than row by row in Rust. It reads `a` (assignment) and `t` (task) and the named
/// parameter `:as_of` ('YYYY-MM-DD'), and yields the status code. A test checks it against
/// [`status_on`] case by case, so the two cannot drift apart.
pub const STATUS_SQL: &str = status_case!(
    "
        WHEN t.target_op IS NOT NULL AND t.target_scope = 'each' AND (a.reported_value IS NULL OR NOT CASE t.target_op
            WHEN '>' THEN a.reported_value > t.target_value
            WHEN '>=' THEN a.reported_value >= t.target_value
            WHEN '=' THEN abs(a.reported_value - t.target_value) < 1e-9
            WHEN '<=' THEN a.reported_value <= t.target_value
            ELSE a.reported_value < t.target_value END) THEN 'target_missed'"
);

/// [`STATUS_SQL`] without its target test: reads only `a`, so it needs no task row. Used to
/// tell which date category a part that missed its target was first counted in.
pub const STATUS_SQL_WITHOUT_TARGET: &str = status_case!("");

/// What the status rule needs to know about one assignment.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Recorded state.
    pub state: AssignmentState,
    /// Deadline of this part, if any.
    pub deadline: Option<NaiveDate>,
    /// Completion date, when done.
    pub completed_on: Option<NaiveDate>,
    /// `None` when the task has no target; otherwise whether the reported value meets it.
    pub target_met: Option<bool>,
}

/// The category of an assignment as of `as_of` (the "tính đến ngày" date).
///
/// Work completed after `as_of` was still open on that date, so it counts as open then:
/// a report as of 01/03/2023 must not credit work finished on 05/03/2023.
pub fn status_on(f: &Facts, as_of: NaiveDate) -> Status {
    if f.state == AssignmentState::Cancelled {
        return Status::Cancelled;
    }
    let done_by_then = match (f.state, f.completed_on) {
        (AssignmentState::Done, Some(on)) if on <= as_of => Some(on),
        _ => None,
    };
    match (done_by_then, f.deadline) {
        (Some(_), _) if f.target_met == Some(false) => Status::TargetMissed,
        (Some(_), None) => Status::DoneNoDeadline,
        (Some(on), Some(deadline)) if on <= deadline => Status::DoneOnTime,
        (Some(_), Some(_)) => Status::DoneLate,
        (None, None) => Status::OpenNoDeadline,
        (None, Some(deadline)) if as_of <= deadline => Status::InProgress,
        (None, Some(_)) => Status::Overdue,
    }
}

/// Counts of a set of assignments on a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Assignments, cancelled ones excluded.
    pub total: i64,
    /// Done (on time, late or with no deadline).
    pub done: i64,
    /// Done on time.
    pub done_on_time: i64,
    /// Overdue and not done.
    pub overdue: i64,
}

impl Progress {
    pub(crate) fn add(&mut self, s: Status) {
        self.add_n(s, 1);
    }

    /// Counts `n` assignments of status `s` (a negative `n` takes them back out).
    pub(crate) fn add_n(&mut self, s: Status, n: i64) {
        if s == Status::Cancelled {
            return;
        }
        self.total += n;
        if s.is_done() {
            self.done += n;
        }
        match s {
            Status::DoneOnTime => self.done_on_time += n,
            Status::Overdue => self.overdue += n,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AssignmentState::*;

    use crate::time::tests::d;

    #[test]
    fn status_table() {
        // (case, state, deadline, completed_on, target_met, as_of, expected)
        let cases: &[(&str, AssignmentState, Option<&str>, Option<&str>, Option<bool>, &str, Status)] = &[
            ("done before deadline", Done, Some("2023-02-28"), Some("2023-02-20"), None, "2023-03-10", Status::DoneOnTime),
            ("done on the deadline day is on time", Done, Some("2023-02-28"), Some("2023-02-28"), None, "2023-03-10", Status::DoneOnTime),
            ("done the day after is late", Done, Some("2023-02-28"), Some("2023-03-01"), None, "2023-03-10", Status::DoneLate),
            ("done, no deadline", Done, None, Some("2023-03-01"), None, "2023-03-10", Status::DoneNoDeadline),
            ("done but target missed", Done, Some("2023-12-31"), Some("2023-12-20"), Some(false), "2024-01-05", Status::TargetMissed),
            ("done and target met", Done, Some("2023-12-31"), Some("2023-12-20"), Some(true), "2024-01-05", Status::DoneOnTime),
            ("open within deadline", InProgress, Some("2023-02-28"), None, None, "2023-02-28", Status::InProgress),
            ("not started within deadline", NotStarted, Some("2023-02-28"), None, None, "2023-02-01", Status::InProgress),
            ("open past deadline", InProgress, Some("2023-02-28"), None, None, "2023-03-01", Status::Overdue),
            ("open, no deadline", NotStarted, None, None, None, "2023-03-01", Status::OpenNoDeadline),
            ("cancelled wins", Cancelled, Some("2023-02-28"), None, None, "2023-03-01", Status::Cancelled),
            ("done later than as-of counts as open then", Done, Some("2023-02-28"), Some("2023-03-05"), None, "2023-03-01", Status::Overdue),
            ("done later than as-of, still in time then", Done, Some("2023-02-28"), Some("2023-02-20"), None, "2023-02-10", Status::InProgress),
        ];
        for (name, state, deadline, completed, met, as_of, want) in cases {
            let facts = Facts { state: *state, deadline: deadline.map(d), completed_on: completed.map(d), target_met: *met };
            assert_eq!(status_on(&facts, d(as_of)), *want, "case: {name}");
        }
    }

    #[test]
    fn labels_are_vietnamese() {
        assert_eq!(Status::DoneOnTime.label(), "Hoàn thành đúng hạn");
        assert!(Status::ALL.iter().filter(|s| s.is_done()).count() == 3);
    }
}
