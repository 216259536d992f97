//! A unit's card: its index and fields over the years, its weakest fields, and the tasks
//! tagged with fields that follow them up, with whether the field improved the next year.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{table, FieldCell, ParLevel};
use crate::error::Result;
use crate::model::UnitKind;
use crate::queries::assignments::{self, AssignmentFilter};
use crate::queries::{par as q, par_tags, units};
use crate::status::Status;

/// A unit's card.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UnitCard {
    /// The unit.
    pub unit_id: i64,
    /// Its short display name.
    pub unit: String,
    /// The level it is scored at (from its latest score; from its kind when never scored).
    pub level: ParLevel,
    /// Its years, ascending.
    pub years: Vec<CardYear>,
    /// The latest year's fields, lowest percentage first, at most 3.
    pub weakest: Vec<FieldCell>,
    /// The tasks of the unit tagged with a field (directly or through their directive).
    pub tasks: Vec<FieldTask>,
}

/// One year of a unit's card.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CardYear {
    /// Year.
    pub year: i32,
    /// Points.
    pub points: Option<f64>,
    /// Their maximum.
    pub max: f64,
    /// Index shown.
    pub index: Option<f64>,
    /// Rank.
    pub rank: Option<u32>,
    /// Out of.
    pub rank_of: Option<u32>,
    /// Band.
    pub band: Option<String>,
    /// Change from the year before.
    pub delta: Option<f64>,
    /// Fields.
    pub fields: Vec<FieldCell>,
}

/// A task tagged with a field, with the field's figure the year it follows up and the next.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FieldTask {
    /// The task.
    pub task_id: i64,
    /// Its title.
    pub title: String,
    /// The field.
    pub field_key: String,
    /// The field's name (latest framework).
    pub field_name: String,
    /// The score year the task follows up.
    pub year: Option<i32>,
    /// The unit's part's deadline (YYYY-MM-DD).
    pub deadline: Option<String>,
    /// The unit's part's status on the date asked (none when the unit only coordinates).
    pub status: Option<Status>,
    /// The field's percentage that year.
    pub percent_then: Option<f64>,
    /// The field's percentage the year after, once scored.
    pub percent_next: Option<f64>,
    /// Whether it rose.
    pub improved: Option<bool>,
}

/// The level a unit that was never scored would be scored at. Agencies and outside bodies
/// are never scored: their cards stay empty at whichever level.
fn level_of(kind: UnitKind) -> ParLevel {
    match kind {
        UnitKind::Commune | UnitKind::Town => ParLevel::Commune,
        UnitKind::District => ParLevel::District,
        UnitKind::Department | UnitKind::Agency | UnitKind::External => ParLevel::Department,
    }
}

/// The card of `unit_id`, the parts' statuses as of `as_of`.
pub fn unit_card(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<UnitCard> {
    let unit = units::get_unit(conn, unit_id)?;
    let scored = q::unit_years(conn, unit_id)?;
    let level = scored.last().map_or_else(|| level_of(unit.kind), |(_, l)| *l);
    let mut years = Vec::new();
    for (year, _) in scored.iter().filter(|(_, l)| *l == level) {
        let t = table(conn, *year, level)?;
        if let Some(row) = t.rows.into_iter().find(|r| r.unit_id == unit_id) {
            years.push(CardYear {
                year: *year,
                points: row.points,
                max: row.max,
                index: row.index,
                rank: row.rank,
                rank_of: row.rank_of,
                band: row.band,
                delta: row.delta,
                fields: row.fields,
            });
        }
    }
    let mut weakest: Vec<FieldCell> = years.last().map(|y| y.fields.iter().filter(|c| c.percent.is_some()).cloned().collect()).unwrap_or_default();
    // Lowest first; equal figures keep the framework's order.
    weakest.sort_by(|a, b| a.percent.partial_cmp(&b.percent).unwrap_or(std::cmp::Ordering::Equal));
    weakest.truncate(3);
    let percent_in = |year: i32, key: &str| -> Option<f64> {
        years.iter().find(|y| y.year == year).and_then(|y| y.fields.iter().find(|c| c.key == key)).and_then(|c| c.percent)
    };
    let names = super::tags::fields(conn)?;
    let mut tasks = Vec::new();
    for t in par_tags::unit_tasks(conn, unit_id)? {
        // A tag without a year follows up the last score published before the task was given.
        let given_year = t.given_on.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse::<i32>().ok());
        let year = t.year.or_else(|| given_year.and_then(|g| years.iter().rev().map(|y| y.year).find(|y| *y < g)));
        let parts = assignments::list(conn, &AssignmentFilter { task_id: Some(t.task_id), unit_id: Some(unit_id), ..Default::default() }, as_of)?;
        let part = parts.last();
        let then = year.and_then(|y| percent_in(y, &t.field_key));
        let next = year.and_then(|y| percent_in(y + 1, &t.field_key));
        let field_name = years
            .iter()
            .rev()
            .flat_map(|y| y.fields.iter())
            .find(|c| c.key == t.field_key)
            .map(|c| c.name.clone())
            .or_else(|| names.iter().find(|f| f.key == t.field_key).map(|f| f.name.clone()))
            .unwrap_or_else(|| t.field_key.clone());
        tasks.push(FieldTask {
            task_id: t.task_id,
            title: t.title,
            field_key: t.field_key,
            field_name,
            year,
            deadline: part.and_then(|p| p.deadline.clone()),
            status: part.map(|p| p.status),
            percent_then: then,
            percent_next: next,
            improved: then.zip(next).map(|(a, b)| b > a),
        });
    }
    Ok(UnitCard { unit_id, unit: unit.short_name, level, years, weakest, tasks })
}
