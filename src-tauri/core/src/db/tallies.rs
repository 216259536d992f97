//! The tallies that triggers keep as parts are written (`unit_day_count`, migration 10;
//! `conference_day_count`, migration 14), during a bulk load. Per row, the triggers cost
//! an import of 100k parts about as much as the rows themselves (an upsert into each tally
//! per deleted and per inserted part); counted again from the parts once at the end, in
//! one grouped pass per tally, they cost a fraction of that.

use rusqlite::{Connection, Transaction};

use crate::error::Result;

/// The triggers that keep the tallies as parts are inserted, deleted or changed.
const PART_TRIGGERS: &[&str] = &[
    "assignment_count_insert",
    "assignment_count_delete",
    "assignment_count_update",
    "assignment_conference_count_insert",
    "assignment_conference_count_delete",
    "assignment_conference_count_update",
];

/// Runs `load` in `tx` with the parts' tally triggers set aside, then counts both tallies
/// again from the parts and puts the triggers back exactly as the store had them. All of
/// it is part of `tx`: if `load` or anything after it fails, dropping the transaction
/// brings back the triggers with the data.
pub(crate) fn bulk<T>(tx: &Transaction, load: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut saved = Vec::new();
    for name in PART_TRIGGERS {
        let sql: String = tx.query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [name], |r| r.get(0))?;
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
        saved.push(sql);
    }
    let out = load()?;
    recount(tx)?;
    for sql in saved {
        tx.execute_batch(&sql)?;
    }
    Ok(out)
}

/// Each tally counted from the parts, with the keys its triggers compute (the view
/// `assignment_day_key`): its table and the SELECT of its rows.
const RECOUNTS: [(&str, &str); 2] = [
    ("unit_day_count", "SELECT unit_id, kind, deadline, completed_on, count(*) FROM assignment_day_key GROUP BY 1, 2, 3, 4"),
    (
        "conference_day_count",
        "SELECT d.conference_id, k.kind, k.deadline, k.completed_on, count(*)
         FROM assignment_day_key k JOIN task t ON t.id = k.task_id JOIN directive d ON d.id = t.directive_id
         GROUP BY 1, 2, 3, 4",
    ),
];

/// Both tallies counted again from the parts.
fn recount(tx: &Transaction) -> Result<()> {
    for (table, counted) in RECOUNTS {
        tx.execute_batch(&format!("DELETE FROM {table}; INSERT INTO {table} {counted};"))?;
    }
    Ok(())
}

/// How far a tally stands from a recount of the parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The tally's table.
    pub table: &'static str,
    /// Rows in the recount but not in the tally, and in the tally but not in the recount.
    pub differing: i64,
    /// Rows that count nothing (`n <= 0`), which the triggers never leave behind.
    pub empty: i64,
}

/// Each tally against a recount of the parts, both ways: all zero in a sound store. The
/// crash test's check and the core tests ask this after every kind of write.
pub fn drift(conn: &Connection) -> Result<Vec<Drift>> {
    RECOUNTS
        .iter()
        .map(|(table, counted)| {
            let sql = format!(
                "WITH recount AS ({counted})
                 SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM {table}))
                      + (SELECT count(*) FROM (SELECT * FROM {table} EXCEPT SELECT * FROM recount)),
                        (SELECT count(*) FROM {table} WHERE n <= 0)"
            );
            let (differing, empty) = conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(Drift { table, differing, empty })
        })
        .collect()
}
