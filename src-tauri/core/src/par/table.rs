//! A year's table at one level: the units ranked, with index, band, change from last year
//! and each field as a percentage of its maximum, and the level's average.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::compute::{self, mean, percent, ranks, to_f64, to_milli, Ratio};
use super::frameworks::require;
use super::scores::belongs;
use super::{Framework, ParLevel};
use crate::error::Result;
use crate::queries::par::{self as q, AverageRow, FieldRow, ScoreRow};
use crate::queries::units;

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

/// A framework's numbers in thousandths.
struct Limits {
    max: i64,
    survey: bool,
    fields: Vec<(String, String, Option<i64>)>,
    bands: Vec<(String, i64)>,
    index_decimals: u8,
    field_decimals: u8,
    truncate: bool,
}

impl Limits {
    fn of(f: &Framework) -> Limits {
        let m = |v: f64| to_milli(v).unwrap_or(0);
        Limits {
            max: m(f.appraisal_max) + f.survey_max.map_or(0, m),
            survey: f.survey_max.is_some(),
            fields: f.fields.iter().map(|x| (x.key.clone(), x.name.clone(), x.max.map(m))).collect(),
            bands: f.bands.iter().map(|b| (b.name.clone(), m(b.min_percent))).collect(),
            index_decimals: f.display.index_decimals,
            field_decimals: f.display.field_decimals,
            truncate: f.display.truncate,
        }
    }

    fn band(&self, index: Option<i64>) -> Option<String> {
        index.and_then(|i| compute::band(&self.bands, i)).map(String::from)
    }

    /// The points counted by the index: the appraisal, + the survey when there is one
    /// (unknown while the survey is missing).
    fn points(&self, row: &ScoreRow) -> Option<i64> {
        match (row.appraisal, self.survey) {
            (Some(a), false) => Some(a),
            (Some(a), true) => row.survey.map(|s| a + s),
            (None, _) => None,
        }
    }

    /// The cells of the framework's fields, and the exact value of each for the weakest.
    fn cells(&self, fields: &[FieldRow]) -> (Vec<FieldCell>, Vec<Option<Ratio>>) {
        let mut cells = Vec::new();
        let mut exact = Vec::new();
        for (key, name, max) in &self.fields {
            let got = fields.iter().find(|c| &c.key == key);
            let points = got.and_then(|c| c.points);
            let entered = got.and_then(|c| c.percent);
            let derived = points.zip(*max).map(|(p, m)| percent(p, m, self.field_decimals, self.truncate));
            cells.push(FieldCell {
                key: key.clone(),
                name: name.clone(),
                points: points.map(to_f64),
                max: max.map(to_f64),
                percent: entered.or(derived).map(to_f64),
                derived_percent: differs(entered, derived),
                weak: false,
            });
            exact.push(entered.map(Ratio::of_percent).or(points.zip(*max).map(|(p, m)| Ratio::new(p, m))));
        }
        (cells, exact)
    }
}

/// The derived figure, when an entered one differs from it.
fn differs(entered: Option<i64>, derived: Option<i64>) -> Option<f64> {
    match (entered, derived) {
        (Some(e), Some(d)) if e != d => Some(to_f64(d)),
        _ => None,
    }
}

/// Marks the lowest fields (ties all) when two or more have a figure; returns their keys.
fn mark_weakest(cells: &mut [FieldCell], exact: &[Option<Ratio>]) -> Vec<String> {
    if exact.iter().flatten().count() < 2 {
        return Vec::new();
    }
    let low = exact.iter().flatten().min().copied();
    let mut keys = Vec::new();
    for (cell, value) in cells.iter_mut().zip(exact) {
        if value.is_some() && *value == low {
            cell.weak = true;
            keys.push(cell.key.clone());
        }
    }
    keys
}

/// A year's table without the deltas, and the shown indexes the next year compares with.
struct Computed {
    framework: Framework,
    rows: Vec<ParRow>,
    shown: HashMap<i64, i64>,
    average: Option<ParAverage>,
    average_shown: Option<i64>,
}

fn compute_year(conn: &Connection, id: i64, f: Framework) -> Result<Computed> {
    let l = Limits::of(&f);
    let scores = q::scores(conn, id)?;
    let all_units = units::list_units(conn)?;
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut shown = HashMap::new();
    for s in &scores {
        let unit = all_units.iter().find(|u| u.id == s.unit_id);
        let points = l.points(s);
        let derived = points.map(|p| percent(p, l.max, l.index_decimals, l.truncate));
        let index = s.entered_index.or(derived);
        if let Some(i) = index {
            shown.insert(s.unit_id, i);
        }
        keys.push(s.entered_index.map(Ratio::of_percent).or(points.map(|p| Ratio::new(p, l.max))));
        let (mut fields, exact) = l.cells(&s.fields);
        let weakest = mark_weakest(&mut fields, &exact);
        rows.push(ParRow {
            unit_id: s.unit_id,
            unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
            unit: unit.map(|u| u.short_name.clone()).unwrap_or_default(),
            points: points.map(to_f64),
            max: to_f64(l.max),
            self_points: s.self_points.map(to_f64),
            appraisal_points: s.appraisal.map(to_f64),
            survey_points: s.survey.map(to_f64),
            index: index.map(to_f64),
            derived_index: differs(s.entered_index, derived),
            rank: None,
            rank_of: None,
            rank_entered: false,
            band: l.band(index),
            delta: None,
            fields,
            weakest,
            note: s.note.clone(),
        });
    }
    let peers = all_units.iter().filter(|u| u.active && belongs(f.level, u.kind)).count() as u32;
    let computed = ranks(&keys);
    let ranked = computed.iter().flatten().count() as u32;
    for ((row, rank), s) in rows.iter_mut().zip(computed).zip(&scores) {
        match s.entered_rank {
            Some(r) => {
                row.rank = Some(r);
                row.rank_of = s.rank_of.or(Some(peers.max(ranked)));
                row.rank_entered = true;
            }
            None => {
                row.rank = rank;
                row.rank_of = rank.map(|_| ranked);
            }
        }
    }
    // Ranked first, by rank; the registry's order among equals and for the unranked.
    rows.sort_by_key(|r| r.rank.unwrap_or(u32::MAX));
    let with_points: Vec<&ScoreRow> = scores.iter().filter(|s| l.points(s).is_some()).collect();
    // The district level is one unit, ranked in the province: it has no average of its own.
    let (average, average_shown) = match q::average(conn, id)? {
        _ if f.level == ParLevel::District => (None, None),
        Some(a) if (with_points.len() as u32) < peers => published(&l, &a),
        _ if !with_points.is_empty() => averaged(&l, &with_points),
        _ => (None, None),
    };
    Ok(Computed { framework: f, rows, shown, average, average_shown })
}

/// The average of the rows with points, from exact sums.
fn averaged(l: &Limits, rows: &[&ScoreRow]) -> (Option<ParAverage>, Option<i64>) {
    let n = rows.len() as i64;
    let sum: i64 = rows.iter().filter_map(|s| l.points(s)).sum();
    let index = percent(sum, n * l.max, l.index_decimals, l.truncate);
    let mut fields = Vec::new();
    for (key, name, max) in &l.fields {
        let got: Vec<i64> = rows.iter().filter_map(|s| s.fields.iter().find(|c| &c.key == key).and_then(|c| c.points)).collect();
        let k = got.len() as i64;
        let total: i64 = got.iter().sum();
        fields.push(FieldCell {
            key: key.clone(),
            name: name.clone(),
            points: (k > 0).then(|| to_f64(mean(total, k, 2))),
            max: max.map(to_f64),
            percent: max.filter(|_| k > 0).map(|m| to_f64(percent(total, k * m, l.field_decimals, l.truncate))),
            derived_percent: None,
            weak: false,
        });
    }
    let average = ParAverage {
        points: Some(to_f64(mean(sum, n, 2))),
        max: to_f64(l.max),
        index: Some(to_f64(index)),
        derived_index: None,
        delta: None,
        band: l.band(Some(index)),
        fields,
        units: Some(n as u32),
        published: false,
    };
    (Some(average), Some(index))
}

/// The published average, with what its points give beside it when that differs.
fn published(l: &Limits, a: &AverageRow) -> (Option<ParAverage>, Option<i64>) {
    let derived = a.points.map(|p| percent(p, l.max, l.index_decimals, l.truncate));
    let index = a.index.or(derived);
    let (fields, _) = l.cells(&a.fields);
    let average = ParAverage {
        points: a.points.map(to_f64),
        max: to_f64(l.max),
        index: index.map(to_f64),
        derived_index: differs(a.index, derived),
        delta: a.delta.map(to_f64),
        band: l.band(index),
        fields,
        units: a.units,
        published: true,
    };
    (Some(average), index)
}

/// The table of `year` at `level`. Refused when that year has no framework at that level.
pub fn table(conn: &Connection, year: i32, level: ParLevel) -> Result<ParTable> {
    let (id, f) = require(conn, year, level)?;
    let mut this = compute_year(conn, id, f)?;
    let previous = match q::framework(conn, year - 1, level)? {
        Some((pid, pf)) => Some(compute_year(conn, pid, pf)?),
        None => None,
    };
    if let Some(prev) = &previous {
        for row in &mut this.rows {
            let now = this.shown.get(&row.unit_id);
            row.delta = now.zip(prev.shown.get(&row.unit_id)).map(|(n, p)| to_f64(n - p));
        }
        if let Some(avg) = &mut this.average {
            if avg.delta.is_none() {
                avg.delta = this.average_shown.zip(prev.average_shown).map(|(n, p)| to_f64(n - p));
            }
        }
    }
    Ok(ParTable { year, level, framework: this.framework, rows: this.rows, average: this.average, previous_year: previous.map(|_| year - 1) })
}
