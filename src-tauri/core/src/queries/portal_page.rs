//! The narrow passes behind one page of the portal's list (issue 17): which part ids come
//! next in the page's order, and how many lines the list has. Only ids and sort keys are
//! read here; the full lines of the few ids chosen are read afterwards
//! ([`crate::queries::assignments::by_ids`]), so a page costs its own rows, not the
//! unit's thousands. The order and the cursor are the portal's rules
//! (`crate::portal::paging`); this holds the SQL only.

use chrono::NaiveDate;
use rusqlite::{named_params, Connection};

use crate::error::Result;

/// Open on `:at`: not done and not cancelled, or done only after that date.
const OPEN_ON_AT: &str = "(a.state IN ('not_started', 'in_progress') OR (a.state = 'done' AND a.completed_on > :at))";

/// The four runs of the list, in the order the page shows them. Each is read in its own
/// order, by one statement an index serves: a single ORDER BY over all four would sort
/// every part a caller has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Segment {
    /// Open on the date, with a deadline: by deadline (so overdue ones first), then id.
    OpenDated,
    /// Open on the date, without a deadline: by id.
    OpenUndated,
    /// Done by the date: newest completion first, then the highest id.
    Done,
    /// Cancelled: the highest id first.
    Cancelled,
}

impl Segment {
    /// All four, in the page's order.
    pub const ALL: [Segment; 4] = [Segment::OpenDated, Segment::OpenUndated, Segment::Done, Segment::Cancelled];

    /// Whether its lines are open on the date (the page's first group).
    pub fn is_open(self) -> bool {
        matches!(self, Segment::OpenDated | Segment::OpenUndated)
    }

    fn sql(self) -> &'static str {
        // `{unit}` becomes the unit's condition, or nothing for the office and leaders.
        match self {
            Segment::OpenDated => {
                "SELECT a.id, a.deadline FROM assignment a
                 WHERE {unit} a.deadline IS NOT NULL AND (a.deadline, a.id) > (:key, :id) AND a.opens_on <= :at AND {open}
                 ORDER BY a.deadline, a.id LIMIT :n"
            }
            Segment::OpenUndated => {
                "SELECT a.id, NULL FROM assignment a
                 WHERE {unit} a.deadline IS NULL AND a.id > :id AND a.opens_on <= :at AND {open}
                 ORDER BY a.id LIMIT :n"
            }
            Segment::Done => {
                "SELECT a.id, a.completed_on FROM assignment a
                 WHERE {unit} a.state = 'done' AND a.completed_on <= :at AND (a.completed_on, a.id) < (:key, :id) AND a.opens_on <= :at
                 ORDER BY a.completed_on DESC, a.id DESC LIMIT :n"
            }
            Segment::Cancelled => {
                "SELECT a.id, NULL FROM assignment a
                 WHERE {unit} a.state = 'cancelled' AND a.id < :id AND a.opens_on <= :at
                 ORDER BY a.id DESC LIMIT :n"
            }
        }
    }
}

/// A position in one segment: its key (deadline or completion date; empty for the
/// segments ordered by id alone) and the part's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The date the segment is ordered by (YYYY-MM-DD), or `None`.
    pub day: Option<String>,
    /// The part's id.
    pub id: i64,
}

/// The SQL text of `segment`, for `unit` (or every unit). Public so a test can read its
/// query plan.
pub fn segment_sql(segment: Segment, unit: bool) -> String {
    if segment == Segment::OpenDated && !unit {
        // Across the store, the open parts come in deadline order from the partial index of
        // open deadlines, and the few done only after the date are merged in: one ORDER BY
        // over every open part would sort 80k of them at 100k.
        return "SELECT id, deadline FROM (
                  SELECT a.id, a.deadline FROM assignment a INDEXED BY assignment_open_deadline
                   WHERE a.state IN ('not_started', 'in_progress') AND a.deadline IS NOT NULL AND (a.deadline, a.id) > (:key, :id) AND a.opens_on <= :at
                  UNION ALL
                  SELECT a.id, a.deadline FROM assignment a INDEXED BY assignment_completed
                   WHERE a.completed_on > :at AND a.state = 'done' AND a.deadline IS NOT NULL AND (a.deadline, a.id) > (:key, :id) AND a.opens_on <= :at)
                ORDER BY deadline, id LIMIT :n"
            .to_string();
    }
    segment.sql().replace("{unit}", if unit { "a.unit_id = :unit AND" } else { "" }).replace("{open}", OPEN_ON_AT)
}

/// At most `n` parts of `segment` that `unit` (every unit: `None`) had on `at`, strictly
/// after `after` in the segment's order (from its start: `None`), with their keys.
pub fn segment_ids(conn: &Connection, unit: Option<i64>, at: NaiveDate, segment: Segment, after: Option<&Key>, n: usize) -> Result<Vec<Key>> {
    // From the start: a key before every real one in the segment's direction.
    let ascending = matches!(segment, Segment::OpenDated | Segment::OpenUndated);
    let (key, id) = match after {
        Some(k) => (k.day.clone().unwrap_or_default(), k.id),
        None if ascending => (String::new(), 0),
        None => ("9999-12-31".to_string(), i64::MAX),
    };
    let sql = segment_sql(segment, unit.is_some());
    let mut stmt = conn.prepare_cached(&sql)?;
    let at = at.to_string();
    let n = n as i64;
    let all: [(&str, &dyn rusqlite::ToSql); 5] = [(":unit", &unit), (":at", &at), (":key", &key), (":id", &id), (":n", &n)];
    let params: Vec<(&str, &dyn rusqlite::ToSql)> = all.into_iter().filter(|(name, _)| sql.contains(name)).collect();
    let rows = stmt.query_map(params.as_slice(), |r| Ok(Key { id: r.get(0)?, day: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The SQL text of [`counts`] for `unit` (or every unit), for a test to read its plan.
///
/// Counting the parts themselves would read every row of a unit (4,930 at 100k, ~15 ms)
/// or of the store. The tally of parts per unit, state and dates (`unit_day_count`, kept by
/// triggers) has every part but does not know when a part began to exist; the parts not
/// there yet on the date come from the index of opening dates and are taken back out. Such
/// a part is cancelled, open, or done on or after the day it opened (a part cannot be done
/// before it exists), so after the date: the tally counts it as open on the date unless
/// cancelled, and it is taken out of that count too.
pub fn counts_sql(unit: bool) -> String {
    let (tally, part) = if unit { ("WHERE unit_id = :unit", "AND a.unit_id = :unit") } else { ("WHERE 1", "") };
    format!(
        "SELECT (SELECT coalesce(sum(n), 0) FROM unit_day_count {tally})
              - (SELECT count(*) FROM assignment a INDEXED BY assignment_open_after WHERE a.opens_on > :at {part}),
                (SELECT coalesce(sum(n), 0) FROM unit_day_count {tally} AND (kind = 'open' OR (kind = 'done' AND completed_on > :at)))
              - (SELECT count(*) FROM assignment a INDEXED BY assignment_open_after WHERE a.opens_on > :at {part} AND a.state <> 'cancelled')"
    )
}

/// How many parts `unit` (every unit: `None`) had on `at`, and how many of them were open
/// then: (all, open). The done group is the difference.
pub fn counts(conn: &Connection, unit: Option<i64>, at: NaiveDate) -> Result<(i64, i64)> {
    let at = at.to_string();
    let mut stmt = conn.prepare_cached(&counts_sql(unit.is_some()))?;
    let row = match unit {
        Some(u) => stmt.query_row(named_params! {":unit": u, ":at": at}, |r| Ok((r.get(0)?, r.get(1)?))),
        None => stmt.query_row(named_params! {":at": at}, |r| Ok((r.get(0)?, r.get(1)?))),
    };
    Ok(row?)
}
