//! Counts for the office's overview: per unit, as of a date ("tính đến ngày"), in exactly
//! the status categories of the rules in [`crate::status`].

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::queries::tally::{self, text};
use crate::status::{Status, STATUS_SQL, STATUS_SQL_WITHOUT_TARGET};

/// One unit's counts. Field names are a contract of `dondoc-cli stats --json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitStats {
    /// Unit code.
    pub unit: String,
    /// Unit id (for links in the window).
    #[serde(skip)]
    pub unit_id: i64,
    /// Unit full name (for the window).
    #[serde(skip)]
    pub unit_name: String,
    /// All assignments, cancelled ones included.
    pub total: i64,
    /// Hoàn thành đúng hạn.
    pub done_on_time: i64,
    /// Hoàn thành quá hạn.
    pub done_late: i64,
    /// Hoàn thành (không có hạn).
    pub done_no_deadline: i64,
    /// Đang thực hiện trong hạn.
    pub in_progress: i64,
    /// Chưa có thời hạn.
    pub open_no_deadline: i64,
    /// Quá hạn chưa hoàn thành.
    pub overdue: i64,
    /// Không đạt chỉ tiêu.
    pub target_missed: i64,
    /// Đã hủy.
    pub cancelled: i64,
    /// Tasks given by then on which the unit coordinates (phối hợp): it is informed and
    /// helps, but has no part of its own to tick, so none of the counts above include them.
    pub coordinating: i64,
}

impl UnitStats {
    /// Share done on time of the unit's parts that were due by the date or done by then
    /// (done on time, done late, target missed, overdue), in percent. Work still within its
    /// deadline is not yet late, so it does not lower the rate; cancelled parts and parts
    /// without a deadline do not count. `None` ("—") when nothing was due: a unit whose
    /// work is all ahead of it is not at 0 %.
    pub fn on_time_percent(&self) -> Option<f64> {
        let due = self.done_on_time + self.done_late + self.overdue + self.target_missed;
        (due > 0).then(|| 100.0 * self.done_on_time as f64 / due as f64)
    }

    /// Whether the unit had anything to count on the date: a part, or a task to coordinate.
    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.coordinating == 0
    }

    fn add(&mut self, status: &str, n: i64) {
        self.total += n;
        *self.category(status) += n;
    }

    /// Moves `n` assignments from one category to another; the total is unchanged.
    fn reclassify(&mut self, from: &str, to: &str, n: i64) {
        *self.category(from) -= n;
        *self.category(to) += n;
    }

    fn category(&mut self, status: &str) -> &mut i64 {
        match status {
            "done_on_time" => &mut self.done_on_time,
            "done_late" => &mut self.done_late,
            "done_no_deadline" => &mut self.done_no_deadline,
            "in_progress" => &mut self.in_progress,
            "open_no_deadline" => &mut self.open_no_deadline,
            "overdue" => &mut self.overdue,
            "target_missed" => &mut self.target_missed,
            _ => &mut self.cancelled,
        }
    }
}

/// Per-unit counts as of `as_of`, for every unit that has assignments, in registry order.
///
/// Fast at any size: the counts come from `unit_day_count`, a tally of parts per unit,
/// kind of state and day that triggers keep as parts are written, so the pass reads one
/// row per (unit, day) in use rather than one per part (at 100k parts, 26k rows), added
/// up into the categories of the status rule by [`tally::pass`] (a test checks them
/// against [`status_on`](crate::status::status_on) row by row, another the tally against
/// the parts). Then the few done parts of tasks with a per-unit target that missed it move to
/// `target_missed` (CROSS JOIN makes SQLite start from the target tasks).
pub fn per_unit(conn: &Connection, as_of: NaiveDate) -> Result<Vec<UnitStats>> {
    let mut by_unit = tally(conn, as_of, None)?;
    let mut units = conn.prepare_cached("SELECT id, code, name FROM unit ORDER BY position, id")?;
    let all = units.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for unit in all {
        let (id, code, name) = unit?;
        if let Some(mut s) = by_unit.remove(&id).filter(|s| !s.is_empty()) {
            (s.unit_id, s.unit, s.unit_name) = (id, code, name);
            out.push(s);
        }
    }
    Ok(out)
}

/// One unit's counts as of `as_of`: its line of [`per_unit`] (all zero when it had nothing
/// then), without counting the other units. A unit's page needs only its own line, and
/// every pass below reads only that unit's key range (of the tally, of the coordinators'
/// index) or the few rows of the corrections.
pub fn for_unit(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<UnitStats> {
    let unit = crate::queries::units::get_unit(conn, unit_id)?;
    let mut s = tally(conn, as_of, Some(unit_id))?.remove(&unit_id).unwrap_or_default();
    (s.unit_id, s.unit, s.unit_name) = (unit_id, unit.code, unit.name);
    Ok(s)
}

/// The counts of every unit, or of `unit` only, keyed by unit id (names not filled in).
fn tally(conn: &Connection, as_of: NaiveDate, unit: Option<i64>) -> Result<std::collections::BTreeMap<i64, UnitStats>> {
    let mut by_unit: std::collections::BTreeMap<i64, UnitStats> = std::collections::BTreeMap::new();
    let sql = if unit.is_some() { tally::ONE_UNIT } else { tally::PER_UNIT };
    tally::pass(conn, sql, unit, as_of, |id, counts| {
        let unit = by_unit.entry(id).or_default();
        for (status, n) in counts.classify() {
            unit.add(status.code(), n);
        }
    })?;
    // Only this unit's rows of the corrections, when one unit is asked for.
    let only = |column: &str| if unit.is_some() { format!(" AND {column} = :unit") } else { String::new() };
    for (id, counted_as, n) in target_missed_by(conn, "a.unit_id", "", &only("a.unit_id"), as_of, unit)? {
        by_unit.entry(id).or_default().reclassify(counted_as.code(), Status::TargetMissed.code(), n);
    }
    for (id, status, n) in counts_by_status(conn, &NOT_YET_OPEN.replace("{only}", &only("unit_id")), as_of, unit)? {
        by_unit.entry(id).or_default().add(status.code(), -n);
    }
    for (unit, n) in coordinating(conn, &only("tu.unit_id"), as_of, unit)? {
        by_unit.entry(unit).or_default().coordinating = n;
    }
    Ok(by_unit)
}

/// Parts that did not exist yet on `:as_of` (task given later, or period begun later), per
/// unit, by the category the tally counted them in. They were neither done nor overdue
/// then (a part never opens after its deadline or its completion date, see `opening`), so
/// the tally put them in "in progress", "open without deadline" or "cancelled". The index
/// `assignment_open_after` holds exactly these rows first: few for a recent date.
const NOT_YET_OPEN: &str =
    "SELECT unit_id, CASE WHEN state = 'cancelled' THEN 'cancelled' WHEN deadline IS NULL THEN 'open_no_deadline' ELSE 'in_progress' END, count(*)
    FROM assignment INDEXED BY assignment_open_after WHERE opens_on > :as_of{only} GROUP BY 1, 2";

/// The named parameters of a counting statement: `:as_of`, and `:unit` when it names one.
struct Params {
    day: String,
    unit: Option<i64>,
    with_unit: bool,
}

impl Params {
    fn new(sql: &str, as_of: NaiveDate, unit: Option<i64>) -> Params {
        Params { day: as_of.to_string(), unit, with_unit: sql.contains(":unit") }
    }

    fn pairs(&self) -> Vec<(&str, &dyn rusqlite::ToSql)> {
        let mut out: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":as_of", &self.day)];
        if self.with_unit {
            out.push((":unit", &self.unit));
        }
        out
    }
}

/// Runs `sql`, whose rows are (key, status code, count) as of `:as_of` (and `:unit`).
fn counts_by_status(conn: &Connection, sql: &str, as_of: NaiveDate, unit: Option<i64>) -> Result<Vec<(i64, Status, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(Params::new(sql, as_of, unit).pairs().as_slice())?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if let Some(status) = Status::from_code(text(r.get_ref(1)?)) {
            out.push((r.get(0)?, status, r.get(2)?));
        }
    }
    Ok(out)
}

/// Per unit, how many tasks given by `as_of` it coordinates (`only`: an extra condition).
fn coordinating(conn: &Connection, only: &str, as_of: NaiveDate, unit: Option<i64>) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT tu.unit_id, count(*) FROM task_unit tu INDEXED BY task_unit_coordinator JOIN task t ON t.id = tu.task_id
         WHERE tu.role = 'coordinator' AND coalesce(t.given_on, '') <= :as_of{only} GROUP BY tu.unit_id",
    ))?;
    let params = Params::new(only, as_of, unit);
    let rows = stmt.query_map(params.pairs().as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`NOT_YET_OPEN`] per conference: from the few parts that did not exist yet on `:as_of`
/// to their task and directive.
const NOT_YET_OPEN_BY_CONFERENCE: &str = "SELECT d.conference_id,
        CASE WHEN a.state = 'cancelled' THEN 'cancelled' WHEN a.deadline IS NULL THEN 'open_no_deadline' ELSE 'in_progress' END, count(*)
    FROM assignment a INDEXED BY assignment_open_after CROSS JOIN task t ON t.id = a.task_id CROSS JOIN directive d ON d.id = t.directive_id
    WHERE a.opens_on > :as_of GROUP BY 1, 2";

/// Follow-up progress of every conference as of `as_of` (the conference list and the
/// overview show it for every conference at once).
///
/// Fast at any size, as [`per_unit`]: the counts come from `conference_day_count`, a tally
/// of parts per conference, kind of state and day that triggers keep as parts, tasks and
/// directives are written, so the pass reads one row per (conference, day) in use instead
/// of every part with its task and directive (at 100k parts, 37k rows, read in about a
/// third of the time). [`tally::pass`] gives the status categories, which
/// [`Progress`](crate::status::Progress) adds up. Then the parts
/// that did not exist yet on `as_of` leave the total (they were neither done nor overdue
/// then, see `opening`), and those that missed their target move category, as in [`per_unit`].
pub fn per_conference(conn: &Connection, as_of: NaiveDate) -> Result<std::collections::HashMap<i64, crate::status::Progress>> {
    let mut out: std::collections::HashMap<i64, crate::status::Progress> = std::collections::HashMap::new();
    tally::pass(conn, tally::PER_CONFERENCE, None, as_of, |id, counts| {
        let progress = out.entry(id).or_default();
        for (status, n) in counts.classify() {
            progress.add_n(status, n);
        }
    })?;
    for (conference, status, n) in counts_by_status(conn, NOT_YET_OPEN_BY_CONFERENCE, as_of, None)? {
        out.entry(conference).or_default().add_n(status, -n);
    }
    for (conference, counted_as, n) in target_missed_by(conn, "d.conference_id", "JOIN directive d ON d.id = t.directive_id", "", as_of, None)? {
        let p = out.entry(conference).or_default();
        p.add_n(counted_as, -n);
        p.add_n(Status::TargetMissed, n);
    }
    Ok(out)
}

/// The done parts that missed their per-unit target by `as_of`, counted per `key` (an SQL
/// expression over `a`, `t` and what `join` adds) and by the date category the one-pass
/// counts put them in, for those counts to move them to "target missed". CROSS JOIN makes
/// SQLite start from the few tasks with a target. `only` adds a condition (on `:unit`).
fn target_missed_by(conn: &Connection, key: &str, join: &str, only: &str, as_of: NaiveDate, unit: Option<i64>) -> Result<Vec<(i64, Status, i64)>> {
    counts_by_status(conn, &target_missed_sql(key, join, only), as_of, unit)
}

/// The statement of [`target_missed_by`].
fn target_missed_sql(key: &str, join: &str, only: &str) -> String {
    format!(
        "SELECT {key}, {STATUS_SQL_WITHOUT_TARGET} AS status, count(*)
         FROM task t CROSS JOIN assignment a ON a.task_id = t.id AND a.state = 'done' {join}
         WHERE t.target_op IS NOT NULL AND ({STATUS_SQL}) = 'target_missed'{only}
         GROUP BY {key}, status"
    )
}

/// Ranks units for the overview: highest on-time share first, then fewest overdue, then
/// most done. Units with nothing that counts go last.
pub fn rank(mut stats: Vec<UnitStats>) -> Vec<UnitStats> {
    stats.sort_by(|a, b| {
        let pa = a.on_time_percent().unwrap_or(-1.0);
        let pb = b.on_time_percent().unwrap_or(-1.0);
        pb.total_cmp(&pa).then(a.overdue.cmp(&b.overdue)).then((b.done_on_time + b.done_late).cmp(&(a.done_on_time + a.done_late)))
    });
    stats
}

#[cfg(test)]
mod tests {
    use super::tally::{ONE_UNIT, PER_CONFERENCE, PER_UNIT};
    use super::NOT_YET_OPEN_BY_CONFERENCE;

    fn plan(sql: &str) -> Vec<String> {
        let conn = crate::db::open_in_memory().unwrap();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = super::Params::new(sql, crate::time::parse_iso_day("2024-06-30").unwrap(), Some(1));
        let detail = |r: &rusqlite::Row| r.get(3);
        let rows = if sql.contains("?1") {
            stmt.query_map([1], detail)
        } else if sql.contains(":as_of") {
            stmt.query_map(params.pairs().as_slice(), detail)
        } else {
            stmt.query_map([], detail)
        };
        rows.unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    /// The per-unit pass reads the tally once in its key order: no sort, no part.
    #[test]
    fn unit_counts_read_the_tally_in_key_order() {
        assert_eq!(plan(PER_UNIT), ["SCAN unit_day_count"]);
    }

    /// The conference pass reads its tally once in key order, and the not-yet-open
    /// correction starts from the index of those parts (see [`super::per_conference`]).
    #[test]
    fn conference_progress_reads_the_tally_in_key_order() {
        assert_eq!(plan(PER_CONFERENCE), ["SCAN conference_day_count"]);
        let plan = plan(NOT_YET_OPEN_BY_CONFERENCE);
        assert!(plan[0].starts_with("SEARCH a USING") && plan[0].ends_with("INDEX assignment_open_after (opens_on>?)"), "{plan:?}");
    }

    /// One unit's line reads its own key range of the tally.
    #[test]
    fn one_units_counts_read_its_range_of_the_tally() {
        assert_eq!(plan(ONE_UNIT), ["SEARCH unit_day_count USING PRIMARY KEY (unit_id=?)"]);
    }
}
