//! A unit's page as of a date: its counts in the overview's categories, its own parts, and
//! the tasks it coordinates.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::queries::{assignments, coordination, stats};
use crate::Store;

/// Everything a unit's page shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct UnitPage {
    /// The "tính đến ngày" date (YYYY-MM-DD).
    pub as_of: String,
    /// Its counts in the overview's categories (all zero when nothing was given to it).
    pub counts: stats::UnitStats,
    /// Share done on time of what was due (see [`stats::UnitStats::on_time_percent`]).
    pub on_time_percent: Option<f64>,
    /// Its own parts that existed on the date, most urgent first.
    pub assignments: Vec<assignments::AssignmentRow>,
    /// Tasks it coordinates, given by the date.
    pub coordinating: Vec<coordination::CoordinatedTask>,
}

impl Store {
    /// The page of unit `unit_id` as of `as_of`: the same counts as its line on the overview.
    pub fn unit_page(&self, unit_id: i64, as_of: NaiveDate) -> Result<UnitPage> {
        // Its own line only: ranking every unit to find one would count them all.
        let counts = stats::for_unit(self.conn(), unit_id, as_of)?;
        Ok(UnitPage {
            as_of: as_of.to_string(),
            on_time_percent: counts.on_time_percent(),
            counts,
            assignments: assignments::list_for_unit(self.conn(), unit_id, as_of)?,
            coordinating: coordination::coordinated_by(self.conn(), unit_id, as_of)?,
        })
    }
}
