//! Figures reported at a conference: free rows of (label, value, unit), e.g.
//! "Chỉ số CCHC huyện" 85.65 "%".

use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::text;

/// One reported figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    /// What was measured.
    pub label: String,
    /// The value (dot decimal in storage; shown with a comma).
    pub value: f64,
    /// Unit of measure ("%", "điểm").
    #[serde(default)]
    pub unit: Option<String>,
}

/// Replaces a conference's figures.
pub fn replace(tx: &Transaction, conference_id: i64, figures: &[Figure]) -> Result<()> {
    tx.execute("DELETE FROM conference_figure WHERE conference_id = ?1", [conference_id])?;
    let mut insert = tx.prepare_cached("INSERT INTO conference_figure (conference_id, position, label, value, unit) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (i, f) in figures.iter().enumerate() {
        let label = text::clean(&f.label);
        if label.is_empty() {
            return Err(CoreError::invalid("figures", format!("Số liệu thứ {} chưa có tên chỉ số.", i + 1)));
        }
        if !f.value.is_finite() {
            return Err(CoreError::invalid("figures", format!("Giá trị của “{label}” phải là một số.")));
        }
        insert.execute(params![conference_id, i as i64, label, f.value, text::clean_opt(f.unit.as_deref())])?;
    }
    Ok(())
}

/// A conference's figures, in order.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Figure>> {
    let mut stmt = conn.prepare_cached("SELECT label, value, unit FROM conference_figure WHERE conference_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([conference_id], |r| Ok(Figure { label: r.get(0)?, value: r.get(1)?, unit: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
