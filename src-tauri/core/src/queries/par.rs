//! SQL of the administrative-reform index: `par_framework` and its `par_field`s,
//! `par_score` and its `par_score_field`s, `par_average`. Points and percentages are
//! stored in thousandths (see the migration); the frameworks cross as [`Framework`], whose
//! numbers were checked to have at most three decimals before they got here.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::error::Result;
use crate::par::compute::{to_f64, to_milli};
use crate::par::{Band, DisplayRule, Framework, FrameworkField, ParLevel};
use crate::Ctx;

/// One stored score row, in thousandths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoreRow {
    /// Row id (0 before it is written).
    pub id: i64,
    /// The unit.
    pub unit_id: i64,
    /// Self-assessed milli-points.
    pub self_points: Option<i64>,
    /// Appraisal milli-points.
    pub appraisal: Option<i64>,
    /// Survey milli-points.
    pub survey: Option<i64>,
    /// Published index, milli-percent.
    pub entered_index: Option<i64>,
    /// Published rank.
    pub entered_rank: Option<u32>,
    /// Out of how many.
    pub rank_of: Option<u32>,
    /// Note.
    pub note: Option<String>,
    /// Fields in the framework's order: key, milli-points, published milli-percent.
    pub fields: Vec<FieldRow>,
}

/// One field of a stored score or average.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct FieldRow {
    /// Field key.
    pub key: String,
    /// Milli-points.
    pub points: Option<i64>,
    /// Published milli-percent.
    pub percent: Option<i64>,
}

/// A stored published average, in thousandths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AverageRow {
    /// Milli-points.
    pub points: Option<i64>,
    /// Milli-percent.
    pub index: Option<i64>,
    /// Milli-percentage-points.
    pub delta: Option<i64>,
    /// Fields.
    pub fields: Vec<FieldRow>,
    /// Units averaged.
    pub units: Option<u32>,
    /// Note.
    pub note: Option<String>,
}

fn milli(v: f64) -> i64 {
    to_milli(v).expect("validated: at most three decimals")
}

fn framework_from_row(conn: &Connection, r: &Row) -> rusqlite::Result<(i64, Framework)> {
    let id: i64 = r.get(0)?;
    let level: String = r.get(2)?;
    let bands: String = r.get(6)?;
    let display: String = r.get(7)?;
    let mut stmt = conn.prepare_cached("SELECT key, name, max, criteria FROM par_field WHERE framework_id = ?1 ORDER BY position")?;
    let fields = stmt
        .query_map([id], |f| {
            let criteria: String = f.get(3)?;
            Ok(FrameworkField {
                key: f.get(0)?,
                name: f.get(1)?,
                max: f.get::<_, Option<i64>>(2)?.map(to_f64),
                criteria: serde_json::from_str(&criteria).unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((
        id,
        Framework {
            year: r.get(1)?,
            // The CHECK constraint guarantees a known level.
            level: ParLevel::parse("level", &level).unwrap_or(ParLevel::Commune),
            name: r.get(3)?,
            appraisal_max: to_f64(r.get(4)?),
            survey_max: r.get::<_, Option<i64>>(5)?.map(to_f64),
            fields,
            bands: serde_json::from_str::<Vec<Band>>(&bands).unwrap_or_default(),
            display: serde_json::from_str::<DisplayRule>(&display).unwrap_or_default(),
        },
    ))
}

/// The levels in the window's order (communes, district, departments), as an ORDER BY term
/// over a `par_framework` aliased `f`.
pub(crate) const LEVEL_ORDER: &str = "CASE f.level WHEN 'commune' THEN 0 WHEN 'district' THEN 1 ELSE 2 END";

const FRAMEWORK_COLUMNS: &str = "id, year, level, name, appraisal_max, survey_max, bands, display";

/// The framework of `year` at `level`, with its id.
pub fn framework(conn: &Connection, year: i32, level: ParLevel) -> Result<Option<(i64, Framework)>> {
    let sql = format!("SELECT {FRAMEWORK_COLUMNS} FROM par_framework WHERE year = ?1 AND level = ?2");
    Ok(conn.query_row(&sql, params![year, level.as_str()], |r| framework_from_row(conn, r)).optional()?)
}

/// Every framework with its id and how many units it scores, newest first.
pub fn frameworks(conn: &Connection) -> Result<Vec<(Framework, u32, bool)>> {
    let sql = format!(
        "SELECT {FRAMEWORK_COLUMNS}, (SELECT count(*) FROM par_score s WHERE s.framework_id = f.id),
                EXISTS (SELECT 1 FROM par_average a WHERE a.framework_id = f.id)
         FROM par_framework f ORDER BY year DESC, {LEVEL_ORDER}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((framework_from_row(conn, r)?.1, r.get(8)?, r.get(9)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes `f` as the framework of its year and level (its row kept, so its scores stay
/// attached; its fields replaced). Returns its id.
pub fn upsert_framework(tx: &Transaction, ctx: &Ctx, f: &Framework) -> Result<i64> {
    tx.execute(
        "INSERT INTO par_framework (year, level, name, appraisal_max, survey_max, bands, display, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (year, level) DO UPDATE SET name = excluded.name, appraisal_max = excluded.appraisal_max,
             survey_max = excluded.survey_max, bands = excluded.bands, display = excluded.display, updated_at = excluded.updated_at",
        params![
            f.year,
            f.level.as_str(),
            f.name,
            milli(f.appraisal_max),
            f.survey_max.map(milli),
            serde_json::to_string(&f.bands)?,
            serde_json::to_string(&f.display)?,
            ctx.stamp()
        ],
    )?;
    let id: i64 = tx.query_row("SELECT id FROM par_framework WHERE year = ?1 AND level = ?2", params![f.year, f.level.as_str()], |r| r.get(0))?;
    tx.execute("DELETE FROM par_field WHERE framework_id = ?1", [id])?;
    for (position, field) in f.fields.iter().enumerate() {
        tx.execute(
            "INSERT INTO par_field (framework_id, position, key, name, max, criteria) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, position as i64, field.key, field.name, field.max.map(milli), serde_json::to_string(&field.criteria)?],
        )?;
    }
    Ok(id)
}

/// The scores of a framework, by unit registry order; fields in the framework's order.
pub fn scores(conn: &Connection, framework_id: i64) -> Result<Vec<ScoreRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.unit_id, s.self_points, s.appraisal_points, s.survey_points, s.entered_index, s.entered_rank, s.rank_of, s.note
         FROM par_score s JOIN unit u ON u.id = s.unit_id WHERE s.framework_id = ?1 ORDER BY u.position, u.id",
    )?;
    let mut rows = stmt
        .query_map([framework_id], |r| {
            Ok(ScoreRow {
                id: r.get(0)?,
                unit_id: r.get(1)?,
                self_points: r.get(2)?,
                appraisal: r.get(3)?,
                survey: r.get(4)?,
                entered_index: r.get(5)?,
                entered_rank: r.get(6)?,
                rank_of: r.get(7)?,
                note: r.get(8)?,
                fields: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT sf.key, sf.points, sf.percent FROM par_score_field sf
         JOIN par_score s ON s.id = sf.score_id
         LEFT JOIN par_field f ON f.framework_id = s.framework_id AND f.key = sf.key
         WHERE sf.score_id = ?1 ORDER BY f.position",
    )?;
    for row in &mut rows {
        row.fields =
            stmt.query_map([row.id], |r| Ok(FieldRow { key: r.get(0)?, points: r.get(1)?, percent: r.get(2)? }))?.collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(rows)
}

/// Removes a framework's scores; returns how many.
pub fn delete_scores(tx: &Transaction, framework_id: i64) -> Result<usize> {
    Ok(tx.execute("DELETE FROM par_score WHERE framework_id = ?1", [framework_id])?)
}

/// Inserts one score row with its fields; returns its id.
pub fn insert_score(tx: &Transaction, ctx: &Ctx, framework_id: i64, s: &ScoreRow, source: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO par_score (framework_id, unit_id, self_points, appraisal_points, survey_points, entered_index, entered_rank, rank_of, note, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        framework_id,
        s.unit_id,
        s.self_points,
        s.appraisal,
        s.survey,
        s.entered_index,
        s.entered_rank,
        s.rank_of,
        s.note,
        source,
        ctx.stamp()
    ])?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached("INSERT INTO par_score_field (score_id, key, points, percent) VALUES (?1, ?2, ?3, ?4)")?;
    for f in &s.fields {
        stmt.execute(params![id, f.key, f.points, f.percent])?;
    }
    Ok(id)
}

/// The published average of a framework, if kept.
pub fn average(conn: &Connection, framework_id: i64) -> Result<Option<AverageRow>> {
    Ok(conn
        .query_row("SELECT points, index_value, delta, fields, units, note FROM par_average WHERE framework_id = ?1", [framework_id], |r| {
            let fields: String = r.get(3)?;
            Ok(AverageRow {
                points: r.get(0)?,
                index: r.get(1)?,
                delta: r.get(2)?,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                units: r.get(4)?,
                note: r.get(5)?,
            })
        })
        .optional()?)
}

/// Sets or removes the published average of a framework.
pub fn set_average(tx: &Transaction, framework_id: i64, a: Option<&AverageRow>) -> Result<()> {
    tx.execute("DELETE FROM par_average WHERE framework_id = ?1", [framework_id])?;
    if let Some(a) = a {
        tx.execute(
            "INSERT INTO par_average (framework_id, points, index_value, delta, fields, units, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![framework_id, a.points, a.index, a.delta, serde_json::to_string(&a.fields)?, a.units, a.note],
        )?;
    }
    Ok(())
}

/// The years and levels a unit is scored at, oldest first.
pub fn unit_years(conn: &Connection, unit_id: i64) -> Result<Vec<(i32, ParLevel)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.year, f.level FROM par_score s JOIN par_framework f ON f.id = s.framework_id WHERE s.unit_id = ?1 ORDER BY f.year, f.level",
    )?;
    let rows = stmt.query_map([unit_id], |r| {
        let level: String = r.get(1)?;
        Ok((r.get(0)?, ParLevel::parse("level", &level).unwrap_or(ParLevel::Commune)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
