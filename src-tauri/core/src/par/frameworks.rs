//! Frameworks: a year's fields, maxima, bands and display rule per level, as data (never
//! hard-coded), validated with Vietnamese messages, importable as JSON.

use std::collections::HashSet;

use rusqlite::{Connection, Transaction};
use serde_json::Value;

use super::compute::{short, to_milli};
use super::{Band, Criterion, Framework, FrameworkField, FrameworkSummary, ParLevel};
use crate::error::{CoreError, Result};
use crate::queries::par as q;
use crate::{text, Ctx};

/// The highest maximum a framework may give (its points are out of 100 in every year known).
const MAX_POINTS: f64 = 1000.0;

fn invalid(message: String) -> CoreError {
    CoreError::invalid("framework", message)
}

/// "Khung chỉ số năm 2022 – Cấp xã": how messages name a framework.
pub fn title(year: i32, level: ParLevel) -> String {
    format!("Khung chỉ số CCHC năm {year} – {}", level.label())
}

/// A maximum in thousandths: positive, at most three decimals, not absurd.
fn max_milli(what: &str, v: f64) -> Result<i64> {
    match to_milli(v) {
        Some(m) if m > 0 && v <= MAX_POINTS => Ok(m),
        Some(_) => Err(invalid(format!("{what} phải lớn hơn 0 và không quá {}.", short((MAX_POINTS * 1000.0) as i64)))),
        None => Err(invalid(format!("{what} phải là một số có tối đa 3 chữ số thập phân."))),
    }
}

fn good_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Known maxima must add up to `total` exactly when all are known, and stay within it
/// otherwise.
fn check_sum(whole: &str, parts: &str, total: i64, maxima: &[Option<i64>]) -> Result<()> {
    if maxima.is_empty() {
        return Ok(());
    }
    let known: i64 = maxima.iter().flatten().sum();
    let all = maxima.iter().all(Option::is_some);
    if all && known != total {
        return Err(invalid(format!("Tổng điểm tối đa của các {parts} là {}, nhưng {whole} là {}: hai số phải bằng nhau.", short(known), short(total))));
    }
    if !all && known > total {
        return Err(invalid(format!("Điểm tối đa của các {parts} đã biết cộng lại là {}, vượt quá {whole} ({}).", short(known), short(total))));
    }
    Ok(())
}

/// The sub-criteria of the field `field_name` (already cleaned), checked and cleaned.
fn criteria(field_name: &str, list: &[Criterion], field_max: Option<i64>) -> Result<Vec<Criterion>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for c in list {
        let key = text::clean(&c.key);
        if !good_key(&key) {
            return Err(invalid(format!(
                "Tiêu chí “{}” của lĩnh vực “{}” cần mã gồm chữ thường không dấu, chữ số và dấu gạch dưới (ví dụ: niem_yet_tthc).",
                c.name, field_name
            )));
        }
        if !seen.insert(key.clone()) {
            return Err(invalid(format!("Mã tiêu chí “{key}” xuất hiện hai lần trong lĩnh vực “{}”.", field_name)));
        }
        let name = text::limited("framework", &c.name, text::NAME_MAX, "tên tiêu chí")?;
        if name.is_empty() {
            return Err(invalid(format!("Tiêu chí “{key}” của lĩnh vực “{}” chưa có tên.", field_name)));
        }
        let max = c.max.map(|m| max_milli(&format!("Điểm tối đa của tiêu chí “{name}”"), m)).transpose()?;
        out.push((Criterion { key, name, max: c.max }, max));
    }
    if let Some(total) = field_max {
        let maxima: Vec<Option<i64>> = out.iter().map(|(_, m)| *m).collect();
        check_sum(&format!("điểm tối đa của lĩnh vực “{}”", field_name), "tiêu chí", total, &maxima)?;
    }
    Ok(out.into_iter().map(|(c, _)| c).collect())
}

/// Checks a framework and returns it normalised (NFC, trimmed, a default name): keys
/// unique and well-formed, maxima within three decimals, fields adding up to the appraisal
/// maximum (or not above it while some are unknown), criteria likewise within their field,
/// bands descending down to at least 0.
pub fn validate(framework: &Framework) -> Result<Framework> {
    let f = framework;
    let at = title(f.year, f.level);
    let within = |e: CoreError| match e {
        CoreError::Validation { field, message } => CoreError::Validation { field, message: format!("{at}: {message}") },
        other => other,
    };
    validate_inner(f).map_err(within)
}

fn validate_inner(f: &Framework) -> Result<Framework> {
    if !(2000..=2100).contains(&f.year) {
        return Err(invalid(format!("Năm {} không hợp lệ (từ 2000 đến 2100).", f.year)));
    }
    let name = text::limited("framework", &f.name, text::TITLE_MAX, "tên khung chỉ số")?;
    let name = if name.is_empty() { format!("Bộ chỉ số CCHC năm {} – {}", f.year, f.level.label()) } else { name };
    let appraisal = max_milli("Điểm thẩm định tối đa", f.appraisal_max)?;
    if let Some(s) = f.survey_max {
        max_milli("Điểm điều tra xã hội học tối đa", s)?;
    }
    let mut keys = HashSet::new();
    let mut fields = Vec::new();
    let mut maxima = Vec::new();
    for (i, field) in f.fields.iter().enumerate() {
        let key = text::clean(&field.key);
        let name = text::limited("framework", &field.name, text::NAME_MAX, "tên lĩnh vực")?;
        if !good_key(&key) {
            return Err(invalid(format!(
                "Lĩnh vực thứ {} (“{}”) cần mã gồm chữ thường không dấu, chữ số và dấu gạch dưới, ví dụ the_che, tthc_mot_cua.",
                i + 1,
                name
            )));
        }
        if !keys.insert(key.clone()) {
            return Err(invalid(format!("Mã lĩnh vực “{key}” xuất hiện hai lần.")));
        }
        if name.is_empty() {
            return Err(invalid(format!("Lĩnh vực “{key}” chưa có tên.")));
        }
        let max = field.max.map(|m| max_milli(&format!("Điểm tối đa của lĩnh vực “{name}”"), m)).transpose()?;
        maxima.push(max);
        let criteria = criteria(&name, &field.criteria, max)?;
        fields.push(FrameworkField { key, name, max: field.max, criteria });
    }
    check_sum("điểm thẩm định tối đa", "lĩnh vực", appraisal, &maxima)?;
    let mut bands = Vec::new();
    let mut above: Option<i64> = None;
    for b in &f.bands {
        let name = text::limited("framework", &b.name, text::NAME_MAX, "tên nhóm xếp loại")?;
        if name.is_empty() {
            return Err(invalid("Mỗi nhóm xếp loại cần có tên (ví dụ: Nhóm I).".into()));
        }
        let min = match to_milli(b.min_percent) {
            Some(m) if (0..=100_000).contains(&m) => m,
            _ => return Err(invalid(format!("Ngưỡng của “{name}” phải là một phần trăm từ 0 đến 100, tối đa 3 chữ số thập phân."))),
        };
        if above.is_some_and(|a| a <= min) {
            return Err(invalid(format!("Các nhóm xếp loại phải theo ngưỡng giảm dần, nhóm cao nhất trước; “{name}” không thấp hơn nhóm trên nó.")));
        }
        above = Some(min);
        bands.push(Band { name, min_percent: b.min_percent });
    }
    if f.display.index_decimals > 3 || f.display.field_decimals > 3 {
        return Err(invalid("Số chữ số thập phân hiển thị tối đa là 3.".into()));
    }
    Ok(Framework { name, fields, bands, ..f.clone() })
}

/// Reads one framework or an array of them from JSON, each validated; the same year and
/// level twice is refused.
pub fn from_json(json: &str) -> Result<Vec<Framework>> {
    let doc: Value = serde_json::from_str(json)?;
    let items = match doc {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => return Err(invalid("Tệp khung chỉ số phải là một đối tượng JSON hoặc một danh sách các đối tượng.".into())),
    };
    if items.is_empty() {
        return Err(invalid("Tệp khung chỉ số không có khung nào.".into()));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let f: Framework = serde_json::from_value(item).map_err(|e| invalid(format!("Khung thứ {} không đọc được: {}.", i + 1, serde_words(&e))))?;
        if !seen.insert((f.year, f.level)) {
            return Err(invalid(format!("{} có hai lần trong tệp.", title(f.year, f.level))));
        }
        out.push(validate(&f)?);
    }
    Ok(out)
}

/// serde's complaint in the office's words, keeping the field name it quotes.
fn serde_words(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let quoted = text.split('`').nth(1).unwrap_or("");
    if text.starts_with("unknown field") {
        format!("trường “{quoted}” không được hỗ trợ")
    } else if text.starts_with("missing field") {
        format!("thiếu trường “{quoted}”")
    } else if text.starts_with("unknown variant") {
        format!("cấp “{quoted}” không hợp lệ (chọn commune, district hoặc department)")
    } else {
        "sai kiểu dữ liệu (cần số ở các trường điểm, chuỗi ở các trường tên)".into()
    }
}

/// Inserts the framework of its year and level, or replaces it. Refused when the year's
/// stored scores would no longer fit (points above a new maximum, a field removed that has
/// points).
pub fn save(tx: &Transaction, ctx: &Ctx, framework: &Framework) -> Result<()> {
    let f = validate(framework)?;
    if let Some((id, _)) = q::framework(tx, f.year, f.level)? {
        let rows = q::scores(tx, id)?;
        let units = crate::queries::units::list_units(tx)?;
        let name_of = |id: i64| units.iter().find(|u| u.id == id).map_or_else(|| id.to_string(), |u| u.short_name.clone());
        for row in &rows {
            if let Err(e) = super::scores::fits(&f, row) {
                return Err(invalid(format!(
                    "{}: không thể sửa khung vì điểm đã nhập của {} không còn phù hợp — {e} Hãy nhập lại điểm năm {} trước (hoặc nhập thay thế).",
                    title(f.year, f.level),
                    name_of(row.unit_id),
                    f.year
                )));
            }
        }
    }
    q::upsert_framework(tx, ctx, &f)?;
    Ok(())
}

/// The framework of `year` at `level`, if any.
pub fn get(conn: &Connection, year: i32, level: ParLevel) -> Result<Option<Framework>> {
    Ok(q::framework(conn, year, level)?.map(|(_, f)| f))
}

/// The framework of `year` at `level`, or a Vietnamese "not found".
pub fn require(conn: &Connection, year: i32, level: ParLevel) -> Result<(i64, Framework)> {
    q::framework(conn, year, level)?.ok_or_else(|| {
        CoreError::invalid("year", format!("Chưa có khung chỉ số CCHC năm {year} – {}: hãy tạo hoặc nhập khung chỉ số của năm đó trước.", level.label()))
    })
}

/// Every framework, newest year first, then by level.
pub fn list(conn: &Connection) -> Result<Vec<FrameworkSummary>> {
    Ok(q::frameworks(conn)?
        .into_iter()
        .map(|(f, scored_units, has_average)| FrameworkSummary { year: f.year, level: f.level, name: f.name, scored_units, has_average })
        .collect())
}
