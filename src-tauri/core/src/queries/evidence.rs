//! Evidence files (minh chứng) filed with an assignment: the row in `evidence` and the file
//! under the app's evidence folder, written so that one never exists without the other.
//!
//! Order of a write, and why: the bytes go to a temporary file in the part's folder (and
//! are flushed), the row is inserted, the temporary file is renamed to its final name
//! (and the folder flushed), and only then does the transaction commit. A row therefore
//! never points at nothing, even after a crash: a crash before the rename leaves a
//! temporary file ([`remove_stale_temp_files`] clears those at the next start); a crash
//! between the rename and the commit leaves a file no row names, which costs disk space
//! but loses nothing and is never shown. Renaming after the commit would instead risk a
//! committed row whose file never arrived, which the office would only find when it needs
//! the document. A failed write or a rolled-back transaction removes the file through
//! [`PlacedFile`]'s `Drop`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{CoreError, Result};
use crate::queries::audit;
use crate::{text, Ctx};

/// An evidence file filed with an assignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// Row id.
    pub id: i64,
    /// The name the user chose.
    pub file_name: String,
    /// Where it is stored, relative to the evidence folder.
    pub stored_path: String,
    /// When it was added (UTC).
    pub added_at: String,
}

/// A file to file as evidence: the name the user's file had, and its bytes.
#[derive(Debug, Clone, Default)]
pub struct NewEvidence {
    /// The user's file name (any path before it is dropped).
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Largest evidence file accepted.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// Longest file name on the file systems the office uses (ext4, NTFS count 255 bytes or
/// units): both the display name and the name on disk stay within it.
pub const NAME_MAX_BYTES: usize = 255;

/// Prefix and suffix of the temporary files an evidence write makes, so that the ones a
/// crash left behind are recognised and nothing else is ever removed.
const TEMP_PREFIX: &str = ".dondoc-";
const TEMP_SUFFIX: &str = ".tmp";

/// `s` cut to at most `max` bytes, at a character boundary (UTF-8 Vietnamese letters take
/// two or three bytes, so a cut by characters can overflow a byte limit).
pub fn cut_to_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `name` fitted into `max` bytes, keeping its extension (".pdf", ".docx") when it has a
/// short one, so the desktop still knows which app opens the file.
fn fit_keeping_extension(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    match name.rfind('.').filter(|&i| i > 0 && name.len() - i <= 16) {
        Some(dot) => {
            let ext = &name[dot..];
            format!("{}{ext}", cut_to_bytes(&name[..dot], max - ext.len()).trim_end())
        }
        None => cut_to_bytes(name, max).trim_end().to_string(),
    }
}

/// The name shown for a file: the last path component, NFC, at most [`NAME_MAX_BYTES`].
pub fn display_name(name: &str) -> String {
    let base = text::clean(name.rsplit(['/', '\\']).next().unwrap_or(""));
    fit_keeping_extension(&base, NAME_MAX_BYTES)
}

/// Turns a user's file name into a safe one: the last path component only, no leading
/// dots, only letters, digits, spaces and `.-_()` (other characters become `_`), at most
/// [`NAME_MAX_BYTES`] bytes. Nothing a user types can then point outside the evidence
/// folder, nor start with the temporary files' dot.
pub fn sanitize_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        text::clean(base).chars().map(|c| if c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '(' | ')') { c } else { '_' }).collect();
    let trimmed = cleaned.trim_start_matches(['.', ' ']).trim_end();
    let short = fit_keeping_extension(trimmed, NAME_MAX_BYTES);
    if short.is_empty() {
        "tep-minh-chung".to_string()
    } else {
        short
    }
}

/// An evidence file in place under its final name, inside a transaction not yet committed.
/// Dropped without [`PlacedFile::keep`] (an error, a rollback, a failed commit), it removes
/// the file, so a file never outlives its row.
#[derive(Debug)]
#[must_use = "keep() the file once the transaction has committed"]
pub struct PlacedFile {
    path: Option<PathBuf>,
}

impl PlacedFile {
    /// The transaction committed: the file stays.
    pub fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for PlacedFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Removes a temporary file when dropped (unless it was renamed).
#[derive(Debug)]
struct TempFile(Option<PathBuf>);

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A failed file operation, said in Vietnamese (the system's words go to the log); its
/// code follows the failure (`io`, `read_only`, `disk_full`).
fn write_failed(dir: &Path, e: std::io::Error) -> CoreError {
    let e = match e.kind() {
        // A file where the folder should be: say it as the office sees it.
        std::io::ErrorKind::AlreadyExists => std::io::Error::new(std::io::ErrorKind::NotADirectory, e),
        _ => e,
    };
    let message = format!("Lỗi đọc/ghi tệp: không lưu được tệp minh chứng vào {} ({}). Chưa có gì được lưu.", dir.display(), crate::error::io_reason(&e));
    CoreError::File { message, source: e }
}

fn temp_name() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    format!("{TEMP_PREFIX}{}-{}{TEMP_SUFFIX}", std::process::id(), SEQ.fetch_add(1, Ordering::Relaxed))
}

/// Evidence bytes written to a temporary file in their part's folder and flushed, not yet
/// filed. Writing the bytes is the slow part of filing evidence (up to 50 MB), so it is
/// done before the write transaction begins ([`stage`]) and no other write waits for a
/// disk copy; [`file_staged`] then inserts the row and renames the file inside the
/// transaction. Dropped without being filed, it removes its temporary file.
#[derive(Debug)]
pub struct StagedEvidence {
    assignment_id: i64,
    /// The name shown (the user's, cleaned and fitted).
    shown: String,
    /// The safe name the stored file is made from.
    safe: String,
    dir: PathBuf,
    temp: TempFile,
}

/// Writes `bytes` for assignment `assignment_id` to a temporary file under `root` (no
/// connection needed: nothing is filed yet). Refuses a file over [`MAX_BYTES`].
pub fn stage(root: &Path, assignment_id: i64, file_name: &str, bytes: &[u8]) -> Result<StagedEvidence> {
    let shown = display_name(file_name);
    if bytes.len() > MAX_BYTES {
        return Err(CoreError::invalid("evidence", format!("Tệp minh chứng “{shown}” quá lớn (tối đa 50 MB).")));
    }
    let safe = sanitize_file_name(file_name);
    let shown = if shown.is_empty() { safe.clone() } else { shown };
    let dir = root.join(assignment_id.to_string());
    let failed = |e| write_failed(&dir, e);
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let temp = TempFile(Some(dir.join(temp_name())));
    let temp_path = temp.0.as_deref().expect("set above");
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(temp_path).map_err(failed)?;
    file.write_all(bytes).and_then(|_| file.sync_all()).map_err(failed)?;
    drop(file);
    Ok(StagedEvidence { assignment_id, shown, safe, dir, temp })
}

/// Files an evidence document for an assignment inside `tx`: the bytes end up under
/// `root/<assignment id>/` with a sanitised name made unique by a numeric prefix. Any part
/// may receive evidence, a done one too (its state and dates do not change). Returns the
/// row and the placed file, which the caller keeps once `tx` has committed.
pub fn attach_evidence(tx: &Transaction, ctx: &Ctx, root: &Path, assignment_id: i64, file_name: &str, bytes: &[u8]) -> Result<(Evidence, PlacedFile)> {
    part_exists(tx, assignment_id)?;
    file_staged(tx, ctx, stage(root, assignment_id, file_name, bytes)?)
}

fn part_exists(tx: &Transaction, assignment_id: i64) -> Result<()> {
    let exists: Option<i64> = tx.query_row("SELECT id FROM assignment WHERE id = ?1", [assignment_id], |r| r.get(0)).optional()?;
    exists.map(|_| ()).ok_or_else(|| CoreError::not_found("phần việc", assignment_id))
}

/// Files staged evidence inside `tx`: inserts its row, renames its temporary file to its
/// final name (and flushes the folder) before `tx` commits, so a row never points at
/// nothing. Returns the row and the placed file, which the caller keeps once `tx` has
/// committed.
pub fn file_staged(tx: &Transaction, ctx: &Ctx, staged: StagedEvidence) -> Result<(Evidence, PlacedFile)> {
    let StagedEvidence { assignment_id, shown, safe, dir, mut temp } = staged;
    part_exists(tx, assignment_id)?;
    let failed = |e| write_failed(&dir, e);
    // The first free number: never the name of a file already there (one a crash left
    // without a row, or one another row names), so a rename never replaces evidence.
    let mut n: i64 = tx.query_row("SELECT count(*) + 1 FROM evidence WHERE assignment_id = ?1", [assignment_id], |r| r.get(0))?;
    let stored_name = loop {
        let prefix = format!("{n}-");
        let candidate = format!("{prefix}{}", fit_keeping_extension(&safe, NAME_MAX_BYTES - prefix.len()));
        let relative = format!("{assignment_id}/{candidate}");
        let named: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM evidence WHERE stored_path = ?1)", [&relative], |r| r.get(0))?;
        if !named && !dir.join(&candidate).exists() {
            break candidate;
        }
        n += 1;
    };
    let stored = format!("{assignment_id}/{stored_name}");
    tx.execute(
        "INSERT INTO evidence (assignment_id, file_name, stored_path, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![assignment_id, shown, stored, ctx.stamp()],
    )?;
    let id = tx.last_insert_rowid();
    audit::record(tx, ctx, audit::AuditEntity::Assignment, assignment_id, "evidence", None, Some(&shown))?;

    let full = dir.join(&stored_name);
    std::fs::rename(temp.0.as_deref().expect("staged"), &full).map_err(failed)?;
    temp.0 = None;
    let placed = PlacedFile { path: Some(full) };
    // The rename itself must reach the disk before the row does.
    std::fs::File::open(&dir).and_then(|d| d.sync_all()).map_err(failed)?;
    Ok((Evidence { id, file_name: shown, stored_path: stored, added_at: ctx.stamp() }, placed))
}

/// Removes the temporary files an evidence write left when the app stopped half-way
/// (`root/<part>/.dondoc-<pid>-<n>.tmp`), except this process's own. Run at start; returns
/// how many were removed. Nothing else in the folder is touched.
pub fn remove_stale_temp_files(root: &Path) -> std::io::Result<usize> {
    let own = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut removed = 0;
    let parts = match std::fs::read_dir(root) {
        Ok(parts) => parts,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for part in parts {
        let part = part?;
        if !part.file_type()?.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(part.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) && !name.starts_with(&own) && entry.file_type()?.is_file() {
                std::fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// The evidence filed with an assignment.
pub fn evidence(conn: &Connection, assignment_id: i64) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare_cached("SELECT id, file_name, stored_path, added_at FROM evidence WHERE assignment_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([assignment_id], |r| Ok(Evidence { id: r.get(0)?, file_name: r.get(1)?, stored_path: r.get(2)?, added_at: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One evidence row by its id: the window opens or copies its file.
pub fn evidence_by_id(conn: &Connection, id: i64) -> Result<Evidence> {
    conn.query_row("SELECT id, file_name, stored_path, added_at FROM evidence WHERE id = ?1", [id], |r| {
        Ok(Evidence { id: r.get(0)?, file_name: r.get(1)?, stored_path: r.get(2)?, added_at: r.get(3)? })
    })
    .optional()?
    .ok_or_else(|| CoreError::not_found("tệp minh chứng", id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_escape_the_evidence_folder() {
        let cases = [
            ("Báo cáo kiểm điểm.pdf", "Báo cáo kiểm điểm.pdf"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\a\\..\\bien ban.docx", "bien ban.docx"),
            ("..", "tep-minh-chung"),
            (".hidden", "hidden"),
            (".dondoc-1-2.tmp", "dondoc-1-2.tmp"),
            ("a:b*c?.txt", "a_b_c_.txt"),
            ("", "tep-minh-chung"),
        ];
        for (input, want) in cases {
            assert_eq!(sanitize_file_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn long_names_are_cut_in_bytes_at_a_character_boundary() {
        // 300 Vietnamese letters of 3 bytes each: 900 bytes, far over the limit.
        let long = format!("{}.pdf", "ệ".repeat(300));
        for name in [sanitize_file_name(&long), display_name(&long)] {
            assert!(name.len() <= NAME_MAX_BYTES, "{} bytes", name.len());
            assert!(name.len() > NAME_MAX_BYTES - 4, "as long as fits: {} bytes", name.len());
            assert!(name.ends_with("ệ.pdf"), "whole letters, extension kept: {name}");
        }
        assert_eq!(cut_to_bytes("aệ", 3), "a", "never half a letter");
        assert_eq!(sanitize_file_name(&"x".repeat(300)).len(), 255);
    }
}
