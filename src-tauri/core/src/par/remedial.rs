//! "Giao nhiệm vụ khắc phục": from a unit's weak field to a task for that unit, tagged
//! with the field, through the ordinary task rule.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::ParLevel;
use crate::error::Result;
use crate::Ctx;

/// What the window sends to create a remedial task.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase")]
pub struct RemedialInput {
    /// The unit (the task's lead).
    pub unit_id: i64,
    /// The score year the task follows up.
    pub year: i32,
    /// The level of that score.
    pub level: ParLevel,
    /// The weak field.
    pub field_key: String,
    /// Title; empty for the default ([`default_title`]).
    #[serde(default)]
    pub title: Option<String>,
    /// Deadline as typed (dd/mm/yyyy); empty for none.
    #[serde(default)]
    pub deadline: Option<String>,
}

/// The title proposed for a remedial task: "Khắc phục hạn chế lĩnh vực Cải cách thủ tục
/// hành chính… (chỉ số CCHC năm 2022 đạt 62,3%)".
pub fn default_title(conn: &Connection, input: &RemedialInput) -> Result<String> {
    let _ = (conn, input);
    todo!()
}

/// Creates the remedial task: standalone (its source names the index, year and field), the
/// unit as lead, tagged with the field and the year. Returns the task id.
pub fn remedial_task(tx: &Transaction, ctx: &Ctx, input: &RemedialInput) -> Result<i64> {
    let _ = (tx, ctx, input);
    todo!()
}
