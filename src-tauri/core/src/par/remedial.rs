//! "Giao nhiệm vụ khắc phục": from a unit's weak field to a task for that unit, tagged
//! with the field, through the ordinary task rule.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::compute::{fixed, to_milli};
use super::frameworks::require;
use super::{table, FrameworkField, ParLevel};
use crate::error::{CoreError, Result};
use crate::queries::{par_tags, units};
use crate::rules::task::{self, TaskInput};
use crate::{text, Ctx};

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

/// The field of the framework and the unit's percentage in it that year (none when the
/// unit has no score that year, refused when the field is not in the framework).
fn field_and_percent(conn: &Connection, input: &RemedialInput) -> Result<(FrameworkField, Option<i64>, u8, bool)> {
    let (_, f) = require(conn, input.year, input.level)?;
    let key = text::clean(&input.field_key);
    let field = f.fields.iter().find(|x| x.key == key).cloned().ok_or_else(|| {
        CoreError::invalid("fieldKey", format!("Lĩnh vực “{key}” không có trong khung chỉ số CCHC năm {} – {}.", input.year, input.level.label()))
    })?;
    let t = table(conn, input.year, input.level)?;
    let row = t.rows.iter().find(|r| r.unit_id == input.unit_id);
    let percent = row.and_then(|r| r.fields.iter().find(|c| c.key == key)).and_then(|c| c.percent).and_then(to_milli);
    Ok((field, percent, f.display.field_decimals, row.is_some()))
}

/// The title proposed for a remedial task: "Khắc phục hạn chế lĩnh vực Cải cách thủ tục
/// hành chính… (chỉ số CCHC năm 2022 đạt 62,3%)".
pub fn default_title(conn: &Connection, input: &RemedialInput) -> Result<String> {
    let (field, percent, decimals, _) = field_and_percent(conn, input)?;
    Ok(match percent {
        Some(p) => format!("Khắc phục hạn chế lĩnh vực {} (chỉ số CCHC năm {} đạt {}%)", field.name, input.year, fixed(p, decimals)),
        None => format!("Khắc phục hạn chế lĩnh vực {} (chỉ số CCHC năm {})", field.name, input.year),
    })
}

/// Creates the remedial task: standalone (its source names the index, year and field), the
/// unit as lead, tagged with the field and the year. Refused when the unit has no score
/// that year at that level. Returns the task id.
pub fn remedial_task(tx: &Transaction, ctx: &Ctx, input: &RemedialInput) -> Result<i64> {
    let unit = units::get_unit(tx, input.unit_id).map_err(|_| CoreError::invalid("unitId", format!("Đơn vị mã {} không có trong danh mục.", input.unit_id)))?;
    let (field, _, _, scored) = field_and_percent(tx, input)?;
    if !scored {
        return Err(CoreError::invalid(
            "unitId",
            format!("“{}” chưa có điểm chỉ số CCHC năm {} – {}: chưa thể giao nhiệm vụ khắc phục theo điểm.", unit.name, input.year, input.level.label()),
        ));
    }
    let title = match text::clean_opt(input.title.as_deref()) {
        Some(t) => t,
        None => default_title(tx, input)?,
    };
    let id = task::create(
        tx,
        ctx,
        &TaskInput {
            source_ref: Some(format!("Chỉ số CCHC năm {} – {}", input.year, field.name)),
            title,
            deadline: input.deadline.clone(),
            lead_unit_ids: vec![input.unit_id],
            ..Default::default()
        },
    )?;
    par_tags::tag_task_year(tx, id, &field.key, input.year)?;
    Ok(id)
}
