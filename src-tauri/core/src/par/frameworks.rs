//! Frameworks: a year's fields, maxima, bands and display rule per level, as data (never
//! hard-coded), validated with Vietnamese messages, importable as JSON.

use rusqlite::{Connection, Transaction};

use super::{Framework, FrameworkSummary, ParLevel};
use crate::error::Result;
use crate::Ctx;

/// Checks a framework and returns it normalised (NFC, trimmed, a default name): keys
/// unique and well-formed, maxima within three decimals, fields adding up to the appraisal
/// maximum (or not above it while some are unknown), criteria likewise within their field,
/// bands descending down to at least 0.
pub fn validate(framework: &Framework) -> Result<Framework> {
    let _ = framework;
    todo!()
}

/// Reads one framework or an array of them from JSON, each validated; the same year and
/// level twice is refused.
pub fn from_json(json: &str) -> Result<Vec<Framework>> {
    let _ = json;
    todo!()
}

/// Inserts the framework of its year and level, or replaces it. Refused when the year's
/// stored scores would no longer fit (points above a new maximum, a field removed that has
/// points).
pub fn save(tx: &Transaction, ctx: &Ctx, framework: &Framework) -> Result<()> {
    let _ = (tx, ctx, framework);
    todo!()
}

/// The framework of `year` at `level`, if any.
pub fn get(conn: &Connection, year: i32, level: ParLevel) -> Result<Option<Framework>> {
    let _ = (conn, year, level);
    todo!()
}

/// Every framework, newest year first, then by level.
pub fn list(conn: &Connection) -> Result<Vec<FrameworkSummary>> {
    let _ = conn;
    todo!()
}
