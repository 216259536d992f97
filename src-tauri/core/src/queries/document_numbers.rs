//! The register of document numbers (`document_number`): which numbers of a year and a
//! symbol are taken, and by which conference. The rules (next free number, refusals) are in
//! `documents::notice`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;

/// A number of the register, or one typed on a conference by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// The number (12 of "12/TB-UBND").
    pub number: u32,
    /// The conference that holds it, if it still exists.
    pub conference_id: Option<i64>,
}

/// Splits a typed number "12/TB-UBND" into (12, "TB-UBND"); `None` when it is not of that
/// form (a number the secretary wrote some other way is kept as text and reserves nothing).
pub fn parse(text: &str) -> Option<(u32, String)> {
    let (n, symbol) = text.trim().split_once('/')?;
    let n: u32 = n.trim().parse().ok().filter(|n| *n >= 1)?;
    let symbol = symbol.trim().to_uppercase();
    (!symbol.is_empty() && !symbol.contains(char::is_whitespace)).then_some((n, symbol))
}

/// Every number taken in `year` under `symbol`: the register's rows, and the numbers typed
/// on conferences ("12/TB-UBND" with a notice date in that year) that the register does not
/// hold (entered on the conference form, or before the register existed).
pub fn taken(conn: &Connection, year: i32, symbol: &str) -> Result<Vec<Taken>> {
    let mut out: Vec<Taken> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT number, conference_id FROM document_number WHERE year = ?1 AND symbol = ?2 ORDER BY number")?;
    for row in stmt.query_map(params![year, symbol], |r| Ok(Taken { number: r.get(0)?, conference_id: r.get(1)? }))? {
        out.push(row?);
    }
    let mut typed =
        conn.prepare_cached("SELECT id, notice_number FROM conference WHERE notice_number IS NOT NULL AND substr(coalesce(notice_date, ''), 1, 4) = ?1")?;
    let rows = typed.query_map([format!("{year:04}")], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (conference, text) = row?;
        if let Some((number, sym)) = parse(&text) {
            if sym == symbol && !out.iter().any(|t| t.number == number) {
                out.push(Taken { number, conference_id: Some(conference) });
            }
        }
    }
    out.sort_by_key(|t| t.number);
    Ok(out)
}

/// Records that `number` of `year` under `symbol` was given to `conference_id`'s notice
/// dated `issued_on`. Issuing the same conference's notice again under the same number
/// keeps the first row (its date is updated).
pub fn register(tx: &Transaction, year: i32, symbol: &str, number: u32, conference_id: i64, issued_on: &str, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO document_number (year, symbol, number, conference_id, issued_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (year, symbol, number) DO UPDATE SET issued_on = excluded.issued_on WHERE conference_id = excluded.conference_id",
        params![year, symbol, number, conference_id, issued_on, now],
    )?;
    Ok(())
}

/// The conference's latest registered number: (year, symbol, number).
pub fn of_conference(conn: &Connection, conference_id: i64) -> Result<Option<(i32, String, u32)>> {
    Ok(conn
        .query_row(
            "SELECT year, symbol, number FROM document_number WHERE conference_id = ?1 ORDER BY created_at DESC, year DESC, number DESC LIMIT 1",
            [conference_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}
