//! A unit's card: its index and fields over the years, its weakest fields, and the tasks
//! tagged with fields that follow them up, with whether the field improved the next year.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{FieldCell, ParLevel};
use crate::error::Result;
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

/// The card of `unit_id`, the parts' statuses as of `as_of`.
pub fn unit_card(conn: &Connection, unit_id: i64, as_of: NaiveDate) -> Result<UnitCard> {
    let _ = (conn, unit_id, as_of);
    todo!()
}
