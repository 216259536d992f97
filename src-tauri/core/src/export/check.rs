//! Checks a whole-store export before anything of it is written (`export::import`).
//!
//! An import replaces the office's data, so a document is read whole first and refused
//! whole, with the first few problems named by table and row in one message. What is
//! checked comes from the live schema where SQLite knows it (column names, declared types,
//! NOT NULL, the `CHECK (x IN (...))` lists of allowed values, foreign keys), so a new
//! migration is checked without editing this file; what SQLite cannot know (which text
//! columns hold dates) is listed here.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::{Map, Value};

use super::{FORMAT, TABLES};
use crate::error::{CoreError, Result};
use crate::time;

/// Tables added to the export after schema 1, with the first schema whose exports list them:
/// an older export does not, and they import empty. (`extension_request` came with schema
/// 13, but only the exports of schema 15 on carry it.)
const ADDED_IN: &[(&str, i64)] = &[
    ("app_setting", 4),
    ("custom_reminder", 4),
    ("notice", 4),
    ("reminder_day_log", 8),
    ("extension_request", 15),
    ("document_number", 17),
    ("reader_review", 18),
    ("par_framework", 19),
    ("par_field", 19),
    ("par_score", 19),
    ("par_score_field", 19),
    ("par_average", 19),
    ("task_par_field", 19),
    ("directive_par_field", 19),
];

/// Text columns holding a calendar day, 'YYYY-MM-DD'.
const DAYS: &[(&str, &str)] = &[
    ("conference", "notice_date"),
    ("task", "deadline"),
    ("task", "given_on"),
    ("task", "recurrence_start"),
    ("task", "recurrence_stopped_on"),
    ("assignment", "deadline"),
    ("assignment", "completed_on"),
    ("assignment", "opens_on"),
    ("deadline_extension", "old_deadline"),
    ("deadline_extension", "new_deadline"),
    ("extension_request", "requested_until"),
    ("document_number", "issued_on"),
    ("reader_review", "meeting_date"),
];

/// Text columns holding an instant, RFC 3339 in UTC.
const INSTANTS: &[(&str, &str)] = &[
    ("person", "created_at"),
    ("conference", "starts_at"),
    ("conference", "ends_at"),
    ("conference", "created_at"),
    ("conference", "updated_at"),
    ("task", "created_at"),
    ("task", "updated_at"),
    ("assignment", "created_at"),
    ("assignment", "updated_at"),
    ("evidence", "added_at"),
    ("deadline_extension", "at"),
    ("reminder_log", "due_at"),
    ("reminder_log", "fired_at"),
    ("reminder_day_log", "due_at"),
    ("reminder_day_log", "fired_at"),
    ("audit", "at"),
    ("custom_reminder", "at"),
    ("custom_reminder", "created_at"),
    ("extension_request", "requested_at"),
    ("extension_request", "decided_at"),
    ("notice", "created_at"),
    ("notice", "seen_at"),
    ("document_number", "created_at"),
    ("reader_review", "created_at"),
    ("par_framework", "updated_at"),
    ("par_score", "created_at"),
];

/// Text columns holding a JSON list (the reader's reviews, which the corrections export
/// reads; the index's bands, criteria and published field averages).
const JSON_LISTS: &[(&str, &str)] = &[
    ("reader_review", "proposed"),
    ("reader_review", "accepted"),
    ("reader_review", "edits"),
    ("par_framework", "bands"),
    ("par_field", "criteria"),
    ("par_average", "fields"),
];

/// Numbers the office reported or set as targets: within the range the app accepts.
const VALUES: &[(&str, &str)] = &[("assignment", "reported_value"), ("task", "target_value")];

/// How many problems the message lists; the rest are counted.
const SHOWN: usize = 8;

struct Column {
    name: String,
    kind: String,
    /// Must be given: NOT NULL without a default.
    required: bool,
    /// May not be an explicit null.
    not_null: bool,
    allowed: Option<Vec<Value>>,
}

struct ForeignKey {
    from: String,
    table: String,
    to: String,
}

/// Reads the schema of `table`: its columns, with the values its CHECK lists allow.
fn schema(conn: &Connection, table: &str) -> Result<(Vec<Column>, Vec<ForeignKey>)> {
    let sql: String = conn.query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))?;
    let checks = in_lists(&sql);
    let mut stmt = conn.prepare(&format!("SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk FROM pragma_table_info('{table}') ORDER BY cid"))?;
    let columns = stmt
        .query_map([], |r| {
            let name: String = r.get(0)?;
            let (not_null, has_default, pk): (bool, bool, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            Ok(Column {
                allowed: checks.get(&name).cloned(),
                kind: r.get::<_, String>(1)?.to_uppercase(),
                required: not_null && !has_default && pk == 0,
                not_null,
                name,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(&format!("SELECT \"from\", \"table\", coalesce(\"to\", 'id') FROM pragma_foreign_key_list('{table}')"))?;
    let keys = stmt.query_map([], |r| Ok(ForeignKey { from: r.get(0)?, table: r.get(1)?, to: r.get(2)? }))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((columns, keys))
}

/// The `CHECK (column IN (literal, ...))` lists of a table's SQL, by column.
fn in_lists(sql: &str) -> HashMap<String, Vec<Value>> {
    let mut out = HashMap::new();
    for part in sql.split("CHECK (").skip(1) {
        let Some((column, rest)) = part.split_once(" IN (") else { continue };
        let column = column.trim();
        if column.is_empty() || !column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let Some((list, _)) = rest.split_once(')') else { continue };
        let values: Option<Vec<Value>> = list
            .split(',')
            .map(|item| {
                let item = item.trim();
                match item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')) {
                    Some(text) => Some(Value::from(text)),
                    None => item.parse::<i64>().ok().map(Value::from),
                }
            })
            .collect();
        if let Some(values) = values {
            out.insert(column.to_string(), values);
        }
    }
    out
}

fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Checks the document `doc` against the schema of `conn`. Writes nothing.
pub(crate) fn check(conn: &Connection, doc: &Value) -> Result<()> {
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(CoreError::invalid("format", "Tệp không phải bản xuất dữ liệu của Đôn đốc (thiếu \"format\": \"dondoc-export\")."));
    }
    let version = doc.get("schemaVersion").and_then(Value::as_i64).unwrap_or(0);
    let ours: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 1 || version > ours {
        return Err(CoreError::invalid("schemaVersion", format!("Bản xuất dùng lược đồ {version}, phiên bản này chỉ đọc được lược đồ 1 đến {ours}.")));
    }
    let tables = doc.get("tables").and_then(Value::as_object).ok_or_else(|| CoreError::invalid("tables", "Tệp xuất thiếu phần \"tables\"."))?;
    let mut problems: Vec<String> = Vec::new();
    for name in tables.keys() {
        if !TABLES.contains(&name.as_str()) {
            problems.push(format!("Bảng “{name}” không có trong cơ sở dữ liệu của Đôn đốc."));
        }
    }
    let empty = Vec::new();
    let mut rows_of: Vec<(&str, &Vec<Value>)> = Vec::new();
    for table in TABLES {
        match tables.get(*table) {
            Some(Value::Array(rows)) => rows_of.push((table, rows)),
            Some(_) => problems.push(format!("Bảng “{table}” phải là một danh sách.")),
            None if ADDED_IN.iter().any(|(t, v)| t == table && version < *v) => rows_of.push((table, &empty)),
            None => problems.push(format!("Thiếu bảng “{table}” (bản xuất luôn ghi mọi bảng, kể cả bảng trống).")),
        }
    }
    // The keys every foreign key may point at, from the document itself: the import
    // replaces every table, the registry too.
    let mut schemas = Vec::new();
    let mut targets: HashMap<(String, String), HashSet<i64>> = HashMap::new();
    for (table, _) in &rows_of {
        let (columns, keys) = schema(conn, table)?;
        for k in &keys {
            targets.entry((k.table.clone(), k.to.clone())).or_default();
        }
        schemas.push((columns, keys));
    }
    for (table, rows) in &rows_of {
        for ((target, column), ids) in targets.iter_mut() {
            if target == table {
                ids.extend(rows.iter().filter_map(|r| r.get(column.as_str()).and_then(Value::as_i64)));
            }
        }
    }
    for ((table, rows), (columns, keys)) in rows_of.iter().zip(&schemas) {
        for (i, row) in rows.iter().enumerate() {
            let at = |what: String| format!("Bảng “{table}”, dòng {}: {what}", i + 1);
            let Some(obj) = row.as_object() else {
                problems.push(at("phải là một đối tượng.".into()));
                continue;
            };
            check_row(table, obj, columns, &mut |p| problems.push(at(p)));
            for k in keys {
                if let Some(v) = obj.get(&k.from).filter(|v| !v.is_null()) {
                    let found = v.as_i64().is_some_and(|id| targets[&(k.table.clone(), k.to.clone())].contains(&id));
                    if !found {
                        problems.push(at(format!("cột “{}” trỏ tới {} {} không có trong bảng “{}”.", k.from, k.to, show(v), k.table)));
                    }
                }
            }
            if problems.len() > 1000 {
                break;
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = format!("Tệp xuất có lỗi; không nhập gì cả, dữ liệu hiện có giữ nguyên:\n- {}", problems[..problems.len().min(SHOWN)].join("\n- "));
    if problems.len() > SHOWN {
        message.push_str(&format!("\n… và {} lỗi khác.", if problems.len() > 1000 { "hơn 1000".to_string() } else { (problems.len() - SHOWN).to_string() }));
    }
    Err(CoreError::invalid("tables", message))
}

/// The problems of one row: unknown or missing columns, wrong types, values outside a
/// CHECK list, dates that do not read.
fn check_row(table: &str, obj: &Map<String, Value>, columns: &[Column], problem: &mut impl FnMut(String)) {
    for key in obj.keys() {
        if !columns.iter().any(|c| &c.name == key) {
            problem(format!("bảng không có cột “{key}”."));
        }
    }
    for c in columns {
        let v = obj.get(&c.name).unwrap_or(&Value::Null);
        if v.is_null() {
            if c.required || (c.not_null && obj.contains_key(&c.name)) {
                problem(format!("thiếu giá trị cột “{}”.", c.name));
            }
            continue;
        }
        let type_ok = match c.kind.as_str() {
            "INTEGER" => v.is_i64() || v.is_boolean(),
            "REAL" => v.is_number(),
            "TEXT" => v.is_string(),
            _ => !v.is_array() && !v.is_object(),
        };
        if !type_ok {
            problem(format!("cột “{}” có giá trị {} không đúng kiểu.", c.name, show(v)));
            continue;
        }
        if let Some(allowed) = &c.allowed {
            let v = if let Value::Bool(b) = v { &Value::from(*b as i64) } else { v };
            if !allowed.contains(v) {
                let list: Vec<String> = allowed.iter().map(show).collect();
                problem(format!("cột “{}” có giá trị {} không hợp lệ (chỉ nhận {}).", c.name, show(v), list.join(", ")));
            }
        }
        let pair = (table, c.name.as_str());
        if let Some(s) = v.as_str() {
            if DAYS.contains(&pair) && !(s.is_empty() && c.name == "opens_on") {
                match time::parse_iso_day(s) {
                    Some(day) if time::in_window("tables", day).is_ok() => {}
                    _ => {
                        problem(format!("cột “{}” có ngày “{s}” không hợp lệ (cần dạng YYYY-MM-DD, năm {} đến {}).", c.name, time::FIRST_YEAR, time::LAST_YEAR))
                    }
                }
            }
            if JSON_LISTS.contains(&pair) && !serde_json::from_str::<Value>(s).is_ok_and(|j| j.is_array()) {
                problem(format!("cột “{}” phải là một danh sách JSON.", c.name));
            }
            if INSTANTS.contains(&pair) {
                match time::from_stored(s) {
                    Ok(at) if time::in_window("tables", time::office_date(at)).is_ok() => {}
                    _ => problem(format!("cột “{}” có thời điểm “{s}” không hợp lệ.", c.name)),
                }
            }
        }
        if VALUES.contains(&pair) {
            if let Some(n) = v.as_f64() {
                if crate::rules::part::sane_value("tables", n).is_err() {
                    problem(format!("cột “{}” có số {} vượt quá giới hạn ±1.000.000.000.000.", c.name, show(v)));
                }
            }
        }
    }
}
