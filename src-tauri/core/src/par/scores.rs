//! A year's scores at one level: validated whole before anything is written, written in
//! the caller's transaction, replacing the year's scores only when asked.

use std::collections::HashMap;

use rusqlite::{Connection, Transaction};

use super::compute::{short, to_milli};
use super::frameworks::{require, title};
use super::{FieldInput, Framework, ParLevel, PublishedAverage, ScoreInput, Source};
use crate::error::{CoreError, Result};
use crate::model::UnitKind;
use crate::queries::par::{self as q, AverageRow, FieldRow, ScoreRow};
use crate::queries::units::{self, Unit};
use crate::{text, Ctx};

/// How many problems one message lists; the rest are counted.
const SHOWN: usize = 10;

/// Whether a unit of `kind` is scored at `level`: the communes and the town at commune
/// level, the district's own unit at district level, the departments at department level.
pub fn belongs(level: ParLevel, kind: UnitKind) -> bool {
    match level {
        ParLevel::Commune => matches!(kind, UnitKind::Commune | UnitKind::Town),
        ParLevel::District => kind == UnitKind::District,
        ParLevel::Department => kind == UnitKind::Department,
    }
}

/// A number in thousandths, or what is wrong with it.
fn milli(what: &str, v: f64) -> std::result::Result<i64, String> {
    match to_milli(v) {
        Some(m) if m >= 0 => Ok(m),
        Some(_) => Err(format!("{what} không được âm.")),
        None if v.is_finite() && v.abs() <= super::compute::LIMIT => {
            Err(format!("{what} {} có quá 3 chữ số thập phân (bảng điểm công bố ghi 2 chữ số).", v.to_string().replace('.', ",")))
        }
        None => Err(format!("{what} không phải là một số hợp lệ.")),
    }
}

fn opt_milli(what: &str, v: Option<f64>, problems: &mut Vec<String>) -> Option<i64> {
    v.and_then(|v| milli(what, v).map_err(|p| problems.push(p)).ok())
}

/// A percentage in thousandths, between 0 and 100.
fn percent(what: &str, v: Option<f64>, problems: &mut Vec<String>) -> Option<i64> {
    let m = opt_milli(what, v, problems)?;
    if m > 100_000 {
        problems.push(format!("{what} {}% vượt quá 100%.", short(m)));
        return None;
    }
    Some(m)
}

/// The problems of one row's numbers against the framework (the row already in thousandths).
pub(crate) fn fits(f: &Framework, row: &ScoreRow) -> std::result::Result<(), String> {
    let problems = number_problems(f, row);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(" "))
    }
}

fn number_problems(f: &Framework, row: &ScoreRow) -> Vec<String> {
    let mut p = Vec::new();
    let appraisal_max = to_milli(f.appraisal_max).unwrap_or(0);
    if let Some(a) = row.appraisal.filter(|a| *a > appraisal_max) {
        p.push(format!("điểm thẩm định {} vượt điểm tối đa {}.", short(a), short(appraisal_max)));
    }
    if let Some(s) = row.self_points.filter(|s| *s > appraisal_max) {
        p.push(format!("điểm tự đánh giá {} vượt điểm tối đa {}.", short(s), short(appraisal_max)));
    }
    match (row.survey, f.survey_max.and_then(to_milli)) {
        (Some(_), None) => p.push("khung chỉ số năm này không có điểm điều tra xã hội học, nhưng dòng có điểm điều tra.".into()),
        (Some(s), Some(max)) if s > max => p.push(format!("điểm điều tra xã hội học {} vượt điểm tối đa {}.", short(s), short(max))),
        _ => {}
    }
    let mut sum = 0;
    let mut all = !f.fields.is_empty();
    for field in &f.fields {
        let Some(cell) = row.fields.iter().find(|c| c.key == field.key) else {
            all = false;
            continue;
        };
        match (cell.points, field.max.and_then(to_milli)) {
            (Some(pts), Some(max)) if pts > max => {
                p.push(format!("lĩnh vực “{}” được {} điểm, vượt điểm tối đa {}.", field.name, short(pts), short(max)));
            }
            _ => {}
        }
        match cell.points {
            Some(pts) => sum += pts,
            None => all = false,
        }
    }
    for cell in &row.fields {
        if !f.fields.iter().any(|field| field.key == cell.key) {
            p.push(format!("lĩnh vực “{}” không có trong khung chỉ số năm {}.", cell.key, f.year));
        }
    }
    if let Some(a) = row.appraisal {
        if all && sum != a {
            p.push(format!("điểm các lĩnh vực cộng lại là {}, khác điểm thẩm định {}.", short(sum), short(a)));
        } else if !all && sum > a {
            p.push(format!("điểm các lĩnh vực đã ghi cộng lại là {}, vượt điểm thẩm định {}.", short(sum), short(a)));
        }
    }
    p
}

/// A row's fields in thousandths, in the framework's order.
fn convert_fields(f: &Framework, cells: &[FieldInput], problems: &mut Vec<String>) -> Vec<FieldRow> {
    let mut fields: Vec<FieldRow> = Vec::new();
    for cell in cells {
        let key = text::clean(&cell.key);
        let name = f.fields.iter().find(|x| x.key == key).map_or_else(|| key.clone(), |x| x.name.clone());
        if fields.iter().any(|x| x.key == key) {
            problems.push(format!("lĩnh vực “{name}” ghi hai lần."));
            continue;
        }
        let points = opt_milli(&format!("Điểm lĩnh vực “{name}”"), cell.points, problems);
        let pct = percent(&format!("Tỷ lệ lĩnh vực “{name}”"), cell.percent, problems);
        if points.is_some() || pct.is_some() {
            fields.push(FieldRow { key, points, percent: pct });
        }
    }
    // The framework's order, so the stored fields read as the framework lists them.
    fields.sort_by_key(|c| f.fields.iter().position(|x| x.key == c.key).unwrap_or(usize::MAX));
    fields
}

/// One input row in thousandths, with the problems of its numbers.
fn convert(f: &Framework, input: &ScoreInput, problems: &mut Vec<String>) -> ScoreRow {
    let fields = convert_fields(f, &input.fields, problems);
    let mut row = ScoreRow {
        id: 0,
        unit_id: input.unit_id,
        self_points: opt_milli("Điểm tự đánh giá", input.self_points, problems),
        appraisal: opt_milli("Điểm thẩm định", input.appraisal_points, problems),
        survey: opt_milli("Điểm điều tra xã hội học", input.survey_points, problems),
        entered_index: percent("Chỉ số", input.entered_index, problems),
        entered_rank: input.entered_rank,
        rank_of: input.rank_of,
        note: text::limited_opt("scores", input.note.as_deref(), text::NOTE_MAX, "ghi chú").unwrap_or_else(|e| {
            problems.push(e.to_string());
            None
        }),
        fields,
    };
    // A sheet that lists every field but not the total: the total is their sum.
    if row.appraisal.is_none() && !f.fields.is_empty() && f.fields.iter().all(|x| row.fields.iter().any(|c| c.key == x.key && c.points.is_some())) {
        row.appraisal = Some(row.fields.iter().filter_map(|c| c.points).sum());
    }
    match (row.entered_rank, row.rank_of) {
        (Some(0), _) | (_, Some(0)) => problems.push("thứ hạng phải từ 1 trở lên.".into()),
        (Some(r), Some(of)) if r > of => problems.push(format!("thứ hạng {r}/{of} không hợp lệ.")),
        _ => {}
    }
    if row.appraisal.is_none() && row.entered_index.is_none() && row.fields.is_empty() {
        problems.push("không có điểm, chỉ số hay lĩnh vực nào.".into());
    }
    row
}

/// Checks `rows` for `f` and the registry; `label(i)` names row `i` in messages ("Dòng 7",
/// the sheet's own row number for a spreadsheet). Returns the rows in thousandths, or one
/// error listing the problems.
pub(crate) fn prepare(conn: &Connection, f: &Framework, rows: &[ScoreInput], label: &dyn Fn(usize) -> String) -> Result<Vec<ScoreRow>> {
    let all_units = units::list_units(conn)?;
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    if rows.is_empty() {
        return Err(CoreError::invalid("scores", format!("{}: không có dòng điểm nào để nhập.", title(f.year, f.level))));
    }
    for (i, input) in rows.iter().enumerate() {
        let unit: Option<&Unit> = all_units.iter().find(|u| u.id == input.unit_id);
        let at = match unit {
            Some(u) => format!("{} ({})", label(i), u.short_name),
            None => label(i),
        };
        let mut mine = Vec::new();
        match unit {
            None => mine.push(format!("đơn vị mã {} không có trong danh mục đơn vị.", input.unit_id)),
            Some(u) if !belongs(f.level, u.kind) => mine.push(format!("“{}” không phải đơn vị thuộc {}.", u.name, f.level.label().to_lowercase())),
            Some(_) => {}
        }
        if let Some(first) = seen.insert(input.unit_id, i) {
            mine.push(format!("đơn vị đã có ở {}, mỗi đơn vị chỉ một dòng.", label(first).to_lowercase()));
        }
        let row = convert(f, input, &mut mine);
        mine.extend(number_problems(f, &row));
        problems.extend(mine.into_iter().map(|p| format!("{at}: {p}")));
        out.push(row);
    }
    if problems.is_empty() {
        return Ok(out);
    }
    Err(CoreError::invalid(
        "scores",
        format!("Không nhập điểm chỉ số CCHC năm {} – {} vì có lỗi; chưa ghi gì:{}", f.year, f.level.label(), problem_list(&problems)),
    ))
}

/// The first [`SHOWN`] problems as lines ("\n- …"), the rest counted.
pub(crate) fn problem_list(problems: &[String]) -> String {
    let mut list: String = problems.iter().take(SHOWN).map(|p| format!("\n- {p}")).collect();
    if problems.len() > SHOWN {
        list.push_str(&format!("\n… và {} lỗi khác.", problems.len() - SHOWN));
    }
    list
}

/// Checks `rows` against the framework of `year` at `level` and the registry, writing
/// nothing: every problem is named by row and unit, in Vietnamese, in one error.
pub fn check_year(conn: &Connection, year: i32, level: ParLevel, rows: &[ScoreInput]) -> Result<()> {
    let (_, f) = require(conn, year, level)?;
    prepare(conn, &f, rows, &|i| format!("Dòng {}", i + 1)).map(drop)
}

/// Saves the scores of `year` at `level` from an import. Refused when that year already
/// has scores, unless `replace` (they are then replaced in the same transaction). Returns
/// how many rows were saved.
pub fn save_year(tx: &Transaction, ctx: &Ctx, year: i32, level: ParLevel, rows: &[ScoreInput], replace: bool) -> Result<usize> {
    save_year_from(tx, ctx, year, level, rows, replace, Source::Import)
}

/// [`save_year`] with the rows' source.
pub fn save_year_from(tx: &Transaction, ctx: &Ctx, year: i32, level: ParLevel, rows: &[ScoreInput], replace: bool, source: Source) -> Result<usize> {
    let (id, f) = require(tx, year, level)?;
    let prepared = prepare(tx, &f, rows, &|i| format!("Dòng {}", i + 1))?;
    write(tx, ctx, id, &f, &prepared, replace, source)
}

/// Writes rows already [`prepare`]d for framework `id`.
pub(crate) fn write(tx: &Transaction, ctx: &Ctx, id: i64, f: &Framework, rows: &[ScoreRow], replace: bool, source: Source) -> Result<usize> {
    let existing = q::scores(tx, id)?.len();
    if existing > 0 && !replace {
        return Err(CoreError::Conflict(format!(
            "Năm {} – {} đã có điểm của {existing} đơn vị. Hãy chọn nhập thay thế để thay toàn bộ điểm năm đó.",
            f.year,
            f.level.label()
        )));
    }
    q::delete_scores(tx, id)?;
    for row in rows {
        q::insert_score(tx, ctx, id, row, source.as_str())?;
    }
    Ok(rows.len())
}

/// Sets (or, with `None`, removes) the published average of `year` at `level`.
pub fn save_average(tx: &Transaction, year: i32, level: ParLevel, average: Option<&PublishedAverage>) -> Result<()> {
    let (id, f) = require(tx, year, level)?;
    let Some(a) = average else { return q::set_average(tx, id, None) };
    let mut problems = Vec::new();
    let fields = convert_fields(&f, &a.fields, &mut problems);
    let points = opt_milli("Điểm trung bình", a.points, &mut problems);
    let max = to_milli(f.appraisal_max).unwrap_or(0) + f.survey_max.and_then(to_milli).unwrap_or(0);
    if let Some(p) = points.filter(|p| *p > max) {
        problems.push(format!("điểm trung bình {} vượt điểm tối đa {}.", short(p), short(max)));
    }
    let index = percent("Chỉ số trung bình", a.index, &mut problems);
    let delta = match a.delta {
        Some(d) => match to_milli(d) {
            Some(m) if m.abs() <= 100_000 => Some(m),
            _ => {
                problems.push("mức tăng, giảm so với năm trước phải là số điểm phần trăm từ -100 đến 100, tối đa 3 chữ số thập phân.".into());
                None
            }
        },
        None => None,
    };
    let row = ScoreRow { fields, ..Default::default() };
    problems.extend(number_problems(&f, &row));
    if !problems.is_empty() {
        return Err(CoreError::invalid("average", format!("Số liệu trung bình {} không hợp lệ: {}", title(year, level), problems.join(" "))));
    }
    let stored = AverageRow { points, index, delta, fields: row.fields, units: a.units, note: text::clean_opt(a.note.as_deref()) };
    q::set_average(tx, id, Some(&stored))
}

/// How many units have a score in `year` at `level`.
pub fn count(conn: &Connection, year: i32, level: ParLevel) -> Result<usize> {
    Ok(match q::framework(conn, year, level)? {
        Some((id, _)) => q::scores(conn, id)?.len(),
        None => 0,
    })
}
