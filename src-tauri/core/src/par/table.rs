//! A year's table at one level: the units ranked, with index, band, change from last year
//! and each field as a percentage of its maximum, and the level's average.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Framework, ParLevel};
use crate::error::Result;

/// A year's ranked table at one level.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParTable {
    /// Year.
    pub year: i32,
    /// Level.
    pub level: ParLevel,
    /// The year's framework at that level.
    pub framework: Framework,
    /// The units, ranked (unranked rows last, in registry order).
    pub rows: Vec<ParRow>,
    /// The level's average: computed from the rows when they cover the level, else the
    /// published one, else none.
    pub average: Option<ParAverage>,
    /// The year the deltas compare with (this year − 1), when it has a framework at the level.
    pub previous_year: Option<i32>,
}

/// One unit's line of the table.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParRow {
    /// The unit.
    pub unit_id: i64,
    /// Its code (`xa-my-phuc`).
    pub unit_code: String,
    /// Its short display name ("Mỹ Phúc", "TT Mỹ Lộc").
    pub unit: String,
    /// Points: appraisal, + survey when the framework has one.
    pub points: Option<f64>,
    /// The maximum of `points`: appraisal max (+ survey max).
    pub max: f64,
    /// Self-assessed points.
    pub self_points: Option<f64>,
    /// Appraisal points.
    pub appraisal_points: Option<f64>,
    /// Survey points.
    pub survey_points: Option<f64>,
    /// The index shown, percent: the published one when entered, else derived from the points.
    pub index: Option<f64>,
    /// The index derived from the points, when an entered index differs from it.
    pub derived_index: Option<f64>,
    /// Rank among the level's units that year (the entered rank when published).
    pub rank: Option<u32>,
    /// Out of how many.
    pub rank_of: Option<u32>,
    /// Whether `rank` is the published one.
    pub rank_entered: bool,
    /// Band name.
    pub band: Option<String>,
    /// Index minus last year's index, percentage points (both as shown).
    pub delta: Option<f64>,
    /// The framework's fields, in its order.
    pub fields: Vec<FieldCell>,
    /// Keys of the lowest field percentages (ties all), when two or more fields have one.
    pub weakest: Vec<String>,
    /// Free note.
    pub note: Option<String>,
}

/// One field of a row (or of the average).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FieldCell {
    /// Field key.
    pub key: String,
    /// Field name (this year's framework).
    pub name: String,
    /// Points.
    pub points: Option<f64>,
    /// The field's maximum.
    pub max: Option<f64>,
    /// Percentage shown: entered, else derived.
    pub percent: Option<f64>,
    /// The derived percentage, when an entered one differs from it.
    pub derived_percent: Option<f64>,
    /// One of the row's weakest fields.
    pub weak: bool,
}

/// The level's average line ("Trung bình").
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ParAverage {
    /// Average points (2 decimals, rounded half-up).
    pub points: Option<f64>,
    /// The maximum of the points.
    pub max: f64,
    /// Average index shown (from the exact sum, truncated; or the published one).
    pub index: Option<f64>,
    /// The index derived from the average points, when a published index differs from it.
    pub derived_index: Option<f64>,
    /// Change from last year's average index, percentage points.
    pub delta: Option<f64>,
    /// Band of the average index.
    pub band: Option<String>,
    /// Field averages.
    pub fields: Vec<FieldCell>,
    /// How many units it is over.
    pub units: Option<u32>,
    /// Whether these are the published figures ("Trung bình (công bố)").
    pub published: bool,
}

/// The table of `year` at `level`. Refused (not found) when that year has no framework at
/// that level.
pub fn table(conn: &Connection, year: i32, level: ParLevel) -> Result<ParTable> {
    let _ = (conn, year, level);
    todo!()
}
