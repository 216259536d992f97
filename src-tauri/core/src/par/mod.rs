//! The administrative-reform index (chỉ số CCHC, PAR index) of the district's units (issue
//! 21): each year's framework per level (its fields and maxima, bands, display rule), the
//! units' points, and what follows from them — index, rank among peers, band, change from
//! last year, weakest fields — and the link from a weak field to the tasks that follow it up.
//!
//! Points are kept as integer milli-points and percentages as milli-percent
//! ([`compute`]): the published figures are sums and truncations of two-decimal numbers,
//! which `f64` arithmetic gets wrong (64,24 + 21,41 ≠ 85,65 in floating point). Numbers
//! cross the API as `f64`, converted at the boundary only.
//!
//! Published (entered) figures win over derived ones and are never silently replaced: when
//! both exist and differ, the derived one is returned beside the entered one.

pub mod card;
pub mod compute;
mod demo;
pub mod export;
pub mod frameworks;
pub mod remedial;
pub mod scores;
pub mod sheet;
pub mod table;
pub mod tags;

use serde::{Deserialize, Serialize};

pub use crate::model::ParLevel;
pub use card::{unit_card, CardYear, FieldTask, UnitCard};
pub(crate) use demo::load as load_demo;
pub use remedial::{remedial_task, RemedialInput};
pub use sheet::{ColumnMapping, FieldColumn, SheetPreview};
pub use table::{table, FieldCell, ParAverage, ParRow, ParTable};
pub use tags::FieldKey;

/// A year's framework at one level: what is scored and how the figures are shown.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Framework {
    /// The year scored (the year the work was done, e.g. 2022 for the index published in 2023).
    pub year: i32,
    /// The level it scores.
    pub level: ParLevel,
    /// Its name, e.g. "Bộ chỉ số CCHC cấp xã năm 2022".
    #[serde(default)]
    pub name: String,
    /// The appraisal's maximum (điểm thẩm định tối đa), e.g. 70.
    pub appraisal_max: f64,
    /// The survey's maximum (điểm điều tra xã hội học), e.g. 30; none when the level is not surveyed.
    #[serde(default)]
    pub survey_max: Option<f64>,
    /// The fields (lĩnh vực), in the framework's order.
    #[serde(default)]
    pub fields: Vec<FrameworkField>,
    /// The bands, highest first (Nhóm I ≥ 80 %, Nhóm II ≥ 70 %…); may be empty.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// How the percentages are shown.
    #[serde(default)]
    pub display: DisplayRule,
}

/// One field (lĩnh vực) of a framework.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FrameworkField {
    /// Stable key across years (`the_che`, `tthc_mot_cua`): how years are compared and
    /// tasks tagged. Lower-case ASCII letters, digits and `_`.
    pub key: String,
    /// The field's name as the framework writes it.
    pub name: String,
    /// Its maximum points; unknown when a published text gives only the field's percentage.
    #[serde(default)]
    pub max: Option<f64>,
    /// Sub-criteria (tiêu chí), optional.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// A sub-criterion of a field.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Criterion {
    /// Key, unique within its field.
    pub key: String,
    /// Name.
    pub name: String,
    /// Maximum points, if known.
    #[serde(default)]
    pub max: Option<f64>,
}

/// A band (nhóm xếp loại): every index at or above `min_percent`, below the band above it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    /// Its name, e.g. "Nhóm I".
    pub name: String,
    /// The lowest index (percent) of the band, inclusive.
    pub min_percent: f64,
}

/// How percentages are shown: decimals of the index and of the field figures, and whether
/// they are truncated (the province's published figures are) or rounded half-up.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DisplayRule {
    /// Decimals of the index (2: 78,92 %).
    pub index_decimals: u8,
    /// Decimals of a field's percentage (1: 82,3 %).
    pub field_decimals: u8,
    /// Truncate (true) or round half-up (false).
    pub truncate: bool,
}

impl Default for DisplayRule {
    fn default() -> Self {
        DisplayRule { index_decimals: 2, field_decimals: 1, truncate: true }
    }
}

/// A framework as listed: which years and levels have one, and how many units are scored.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FrameworkSummary {
    /// Year.
    pub year: i32,
    /// Level.
    pub level: ParLevel,
    /// Name.
    pub name: String,
    /// Units with a score row that year at that level.
    pub scored_units: u32,
    /// Whether a published level average is kept.
    pub has_average: bool,
}

/// One unit's score for a year and level, as entered or imported.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct ScoreInput {
    /// The unit (of the level's kind, in the registry).
    pub unit_id: i64,
    /// Self-assessed points (điểm tự đánh giá).
    pub self_points: Option<f64>,
    /// Appraisal points (điểm thẩm định).
    pub appraisal_points: Option<f64>,
    /// Survey points (điểm điều tra xã hội học), when the framework has a survey.
    pub survey_points: Option<f64>,
    /// Per-field points and/or published percentages.
    pub fields: Vec<FieldInput>,
    /// The published index (percent), when a text gives it.
    pub entered_index: Option<f64>,
    /// The published rank ("7/10", "thấp nhất trong 11").
    pub entered_rank: Option<u32>,
    /// Out of how many, with `entered_rank`.
    pub rank_of: Option<u32>,
    /// Free note.
    pub note: Option<String>,
}

/// One field of a score row: its points, or its published percentage, or both.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct FieldInput {
    /// The framework field's key.
    pub key: String,
    /// Points.
    pub points: Option<f64>,
    /// Published percentage of the field's maximum.
    pub percent: Option<f64>,
}

/// A level's published average (the seed gives the communes' average, not every commune):
/// shown as "Trung bình (công bố)" while the unit rows cannot produce it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", default)]
pub struct PublishedAverage {
    /// Average points (appraisal, + survey when the framework has one).
    pub points: Option<f64>,
    /// Average index, percent.
    pub index: Option<f64>,
    /// Change of the average index from last year, percentage points.
    pub delta: Option<f64>,
    /// Field averages: points and/or percent.
    pub fields: Vec<FieldInput>,
    /// How many units the average is over (11).
    pub units: Option<u32>,
    /// Free note (the source).
    pub note: Option<String>,
}

/// Where a score row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An import (the province's spreadsheet, the CLI).
    Import,
    /// The demo data.
    Demo,
    /// Typed in the window.
    Manual,
}

impl Source {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Import => "import",
            Source::Demo => "demo",
            Source::Manual => "manual",
        }
    }
}
