//! Whole-store export and import as one JSON document.
//!
//! The document lists every table under `tables`, each as an array of row objects whose
//! keys are the column names of the schema, so field names are stable as long as the
//! append-only schema is. Import goes into an empty store (or replaces, when asked) in one
//! transaction: it either imports everything or nothing.

mod check;

use std::io::Write;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, Transaction};
use serde_json::Value;

use crate::error::{CoreError, Result};

/// Value of the document's `format` field.
pub const FORMAT: &str = "dondoc-export";

/// Tables in foreign-key order (parents first). The portal's accounts and sessions are
/// not exported: a document handed around must not carry password hashes or session
/// tokens; after an import the office issues the units' slips again (a backup, a copy of
/// the store file, keeps them).
pub const TABLES: &[&str] = &[
    "registry_meta",
    "unit",
    "unit_group",
    "unit_group_member",
    "person",
    "conference",
    "conference_site",
    "attendee",
    "conference_figure",
    "directive",
    "task",
    "task_unit",
    "assignment",
    "evidence",
    "deadline_extension",
    "extension_request",
    "reminder_log",
    "reminder_day_log",
    "audit",
    "app_setting",
    "custom_reminder",
    "notice",
    "document_number",
    "reader_review",
    "par_framework",
    "par_field",
    "par_score",
    "par_score_field",
    "par_average",
    "task_par_field",
    "directive_par_field",
];

/// Tables whose rows are the office's own work; the seeded registry does not count.
const WORK_TABLES: &[&str] = &["person", "conference", "directive", "task", "assignment", "par_framework"];

pub(crate) fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?;
    let cols = stmt.query_map([], |r| r.get(0))?;
    Ok(cols.collect::<rusqlite::Result<_>>()?)
}

fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Writes the whole store as one JSON document to `out`, row by row: nothing is built in
/// memory first, which keeps a 100k-assignment export fast and small.
pub fn write_json(conn: &Connection, out: &mut impl Write) -> Result<()> {
    // One read transaction: every table comes from the same snapshot, even while the app's
    // reminder thread writes, so the document's links are never broken.
    let snapshot = conn.unchecked_transaction()?;
    write_tables(conn, out)?;
    Ok(snapshot.finish()?)
}

fn write_tables(conn: &Connection, out: &mut impl Write) -> Result<()> {
    write!(out, "{{\"format\":\"{FORMAT}\",\"schemaVersion\":{},\"tables\":{{", schema_version(conn)?)?;
    for (t, table) in TABLES.iter().enumerate() {
        // Column names become JSON keys once per table, not once per row.
        let keys: Vec<String> = columns(conn, table)?.iter().map(|c| format!("{}:", serde_json::Value::from(c.as_str()))).collect();
        write!(out, "{}\"{table}\":[", if t == 0 { "" } else { "," })?;
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        let mut first = true;
        while let Some(row) = rows.next()? {
            out.write_all(if first { b"{" } else { b",{" })?;
            first = false;
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(key.as_bytes())?;
                match row.get_ref(i)? {
                    ValueRef::Null | ValueRef::Blob(_) => out.write_all(b"null")?,
                    // itoa: formatting millions of integers through fmt is the export's hot spot.
                    ValueRef::Integer(n) => out.write_all(itoa::Buffer::new().format(n).as_bytes())?,
                    ValueRef::Real(f) => serde_json::to_writer(&mut *out, &f)?,
                    ValueRef::Text(t) => write_json_str(out, t)?,
                }
            }
            out.write_all(b"}")?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}}")?;
    Ok(())
}

/// Writes `text` as a JSON string. Runs that need no escaping go out in one write, found
/// eight bytes at a time: the export is mostly Vietnamese titles and ISO dates, and
/// escaping byte by byte through a generic serializer was a fifth of its time.
fn write_json_str(out: &mut impl Write, text: &[u8]) -> std::io::Result<()> {
    // Text written by this app is UTF-8; anything else (a store edited by hand) is repaired
    // the way `String::from_utf8_lossy` does, so the document is always valid JSON.
    let text = match std::str::from_utf8(text) {
        Ok(valid) => std::borrow::Cow::Borrowed(valid),
        Err(_) => String::from_utf8_lossy(text),
    };
    let bytes = text.as_bytes();
    out.write_all(b"\"")?;
    let mut clean_from = 0;
    while let Some(i) = next_to_escape(bytes, clean_from) {
        out.write_all(&bytes[clean_from..i])?;
        match bytes[i] {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            control => write!(out, "\\u{control:04x}")?,
        }
        clean_from = i + 1;
    }
    out.write_all(&bytes[clean_from..])?;
    out.write_all(b"\"")
}

/// Position of the first byte at or after `from` that JSON must escape: `"`, `\` or a
/// control character. Whole 8-byte words without one are skipped with bit tricks (a zero
/// byte test; it may flag a clean byte after a real hit, never miss one, and the bytes of
/// a flagged word are then checked one by one).
fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let needs_escape = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let flagged = (w.wrapping_sub(ONES * 0x20) & !w & HIGH) | has_zero_byte(w ^ (ONES * b'"' as u64)) | has_zero_byte(w ^ (ONES * b'\\' as u64));
        if flagged != 0 {
            if let Some(k) = bytes[i..i + 8].iter().position(|&b| needs_escape(b)) {
                return Some(i + k);
            }
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| needs_escape(b)).map(|k| i + k)
}

/// Exports the whole store as a JSON value (the same document [`write_json`] writes).
pub fn export(conn: &Connection) -> Result<Value> {
    let mut buf = Vec::new();
    write_json(conn, &mut buf)?;
    Ok(serde_json::from_slice(&buf)?)
}

/// Whether the store holds any of the office's own work (conferences, tasks, people...).
pub fn has_work(conn: &Connection) -> Result<bool> {
    for t in WORK_TABLES {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?;
        if n > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Checks a document produced by [`export`] against this build's schema without writing
/// anything: the format and schema version, every table present as a list (an export
/// lists every table, even empty; tables added after the document's schema may be
/// missing), every row an object of known columns with values of the right type, allowed
/// enum values, readable dates, and every foreign key pointing at a row of the document.
/// The first problems are named by table and row in one Vietnamese message. The CLI calls
/// it before anything else (before a backup); [`import`] calls it again.
pub fn validate(conn: &Connection, doc: &Value) -> Result<()> {
    check::check(conn, doc)
}

/// Imports a document produced by [`export`] inside `tx`. The store must hold no work of
/// its own unless `replace` is set; the registry it was seeded with is always replaced by
/// the document's. The whole document is [`validate`]d before anything is deleted; on any
/// later error the caller's transaction is dropped and nothing changes either. Documents
/// of every earlier schema version import: missing columns take their defaults and the
/// days and words later versions derive are filled as the upgrades fill them.
/// Returns the number of rows imported.
pub fn import(tx: &Transaction, doc: &Value, replace: bool) -> Result<usize> {
    validate(tx, doc)?;
    let tables = doc["tables"].as_object().expect("validated");
    if has_work(tx)? && !replace {
        return Err(CoreError::Conflict("Cơ sở dữ liệu đã có dữ liệu. Chỉ nhập vào kho trống, hoặc dùng --replace để thay thế toàn bộ.".into()));
    }
    // The tallies are counted once from the imported parts, not row by row by their triggers.
    let imported = crate::db::tallies::bulk(tx, || replace_rows(tx, tables))?;
    // Foreign keys are checked per statement; a final check catches a row that points to
    // nothing because the document itself was inconsistent.
    // So are the conferences' search words: a document from an older version holds fewer.
    tx.execute("UPDATE conference SET search_folded = ''", [])?;
    let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if broken > 0 {
        return Err(CoreError::invalid("tables", format!("Tệp xuất có {broken} liên kết hỏng; không nhập gì cả.")));
    }
    // An export older than schema 11 has no given dates nor opening days: filled as the
    // upgrade fills them, and the invariant of `opening` holds for any document.
    crate::opening::backfill(tx)?;
    Ok(imported)
}

/// A JSON cell of a document as SQLite stores it; `None` for an array or an object.
pub(crate) fn sql_value(v: &Value) -> Option<SqlValue> {
    Some(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        _ => return None,
    })
}

/// A row's cell as JSON (a blob, which no table of ours holds, as null).
pub(crate) fn json_value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
        ValueRef::Integer(n) => Value::from(n),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
    }
}

/// Deletes every exported table's rows and inserts the document's `tables`.
fn replace_rows(tx: &Transaction, tables: &serde_json::Map<String, Value>) -> Result<usize> {
    for table in TABLES.iter().rev() {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    // The search index is derived from task titles; it is rebuilt after the import.
    tx.execute("DELETE FROM task_search", [])?;
    let mut imported = 0;
    for table in TABLES {
        let Some(rows) = tables.get(*table).and_then(Value::as_array) else { continue };
        let cols = columns(tx, table)?;
        for (i, row) in rows.iter().enumerate() {
            let obj = row.as_object().ok_or_else(|| CoreError::invalid("tables", format!("Mỗi dòng của bảng “{table}” phải là một đối tượng.")))?;
            // Only the schema's own column names ever reach the SQL text.
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (key, v) in obj {
                if !cols.iter().any(|c| c == key) {
                    return Err(CoreError::invalid("tables", format!("Bảng “{table}” không có cột “{key}”.")));
                }
                names.push(key.as_str());
                values.push(sql_value(v).ok_or_else(|| CoreError::invalid("tables", format!("Giá trị cột “{key}” của bảng “{table}” không hợp lệ.")))?);
            }
            let sql = format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), vec!["?"; names.len()].join(", "));
            // Rows of a table share their column list, so the statement is prepared once.
            tx.prepare_cached(&sql)?
                .execute(rusqlite::params_from_iter(values))
                .map_err(|e| CoreError::invalid("tables", format!("Không nhập được dòng {} của bảng “{table}”: {e}. Không nhập gì cả.", i + 1)))?;
            imported += 1;
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::write_json_str;

    /// Every string, escaped by hand, reads back as itself through a real JSON parser.
    #[test]
    fn strings_round_trip_through_a_json_parser() {
        let mut cases = vec![
            String::new(),
            "Số hóa hồ sơ đạt trên 60%".into(),
            "a \"trích\" \\ b".into(),
            "dòng 1\ndòng 2\r\n\tthụt".into(),
            "\u{1}\u{1f}\u{7f} \u{20}".into(),
            "Nguyễn Thị Đào — 2021–2025".into(),
        ];
        // Every position of every byte that needs escaping, next to clean ASCII and to
        // Vietnamese letters, across the word boundaries of the 8-byte scan.
        for special in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
            for len in 0..20 {
                for at in 0..=len {
                    let mut s: String = "ađ".chars().cycle().take(len).collect();
                    s.insert(s.char_indices().nth(at).map_or(s.len(), |(i, _)| i), special);
                    cases.push(s);
                }
            }
        }
        for case in &cases {
            let case = case.as_str();
            let mut out = Vec::new();
            write_json_str(&mut out, case.as_bytes()).unwrap();
            let back: String = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{case:?} → {:?}: {e}", String::from_utf8_lossy(&out)));
            assert_eq!(back, case);
            assert_eq!(
                out.len(),
                serde_json::to_vec(&case).unwrap().len() + case.matches(['\u{8}', '\u{c}']).count() * 4,
                "{case:?} escaped no more than needed"
            );
        }
        // Bytes that are not UTF-8 come out repaired, never as invalid JSON.
        let mut out = Vec::new();
        write_json_str(&mut out, b"ab\xffc").unwrap();
        assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), "ab\u{fffd}c");
    }
}
