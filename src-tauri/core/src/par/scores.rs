//! A year's scores at one level: validated whole before anything is written, written in
//! the caller's transaction, replacing the year's scores only when asked.

use rusqlite::{Connection, Transaction};

use super::{ParLevel, PublishedAverage, ScoreInput, Source};
use crate::error::Result;
use crate::Ctx;

/// Checks `rows` against the framework of `year` at `level` and the registry, writing
/// nothing: every problem is named by row and unit, in Vietnamese, in one error.
pub fn check_year(conn: &Connection, year: i32, level: ParLevel, rows: &[ScoreInput]) -> Result<()> {
    let _ = (conn, year, level, rows);
    todo!()
}

/// Saves the scores of `year` at `level` from an import. Refused when that year already
/// has scores, unless `replace` (they are then replaced in the same transaction). Returns
/// how many rows were saved.
pub fn save_year(tx: &Transaction, ctx: &Ctx, year: i32, level: ParLevel, rows: &[ScoreInput], replace: bool) -> Result<usize> {
    save_year_from(tx, ctx, year, level, rows, replace, Source::Import)
}

/// [`save_year`] with the rows' source.
pub fn save_year_from(tx: &Transaction, ctx: &Ctx, year: i32, level: ParLevel, rows: &[ScoreInput], replace: bool, source: Source) -> Result<usize> {
    let _ = (tx, ctx, year, level, rows, replace, source);
    todo!()
}

/// Sets (or, with `None`, removes) the published average of `year` at `level`.
pub fn save_average(tx: &Transaction, year: i32, level: ParLevel, average: Option<&PublishedAverage>) -> Result<()> {
    let _ = (tx, year, level, average);
    todo!()
}

/// How many units have a score in `year` at `level`.
pub fn count(conn: &Connection, year: i32, level: ParLevel) -> Result<usize> {
    let _ = (conn, year, level);
    todo!()
}
