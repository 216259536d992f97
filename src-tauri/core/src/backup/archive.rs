//! The backup zip: writing one from a live store, reading its manifest, verifying it and
//! extracting its evidence files. Files are streamed in and out, never held whole in memory.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempPath;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{folder_of, io_at, BackupInfo, Manifest, Reason, FORMAT};
use crate::error::{CoreError, Result};
use crate::{db, time};

const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "dondoc.sqlite3";
const EVIDENCE: &str = "evidence/";

const NOT_OURS: &str = "Tệp này không phải bản sao lưu Đôn đốc.";

fn damaged(detail: impl std::fmt::Display) -> CoreError {
    CoreError::invalid("backup", format!("Bản sao lưu bị hỏng ({detail}). Hãy chọn bản sao lưu khác; dữ liệu hiện tại được giữ nguyên."))
}

fn newer(version: i64) -> CoreError {
    CoreError::invalid(
        "backup",
        format!(
            "Bản sao lưu được tạo bởi phiên bản Đôn đốc mới hơn (lược đồ {version}, phiên bản này biết đến {}). \
             Hãy cập nhật ứng dụng rồi khôi phục lại; dữ liệu hiện tại được giữ nguyên.",
            db::schema_version()
        ),
    )
}

/// Writes the backup of `conn` and `evidence_dir` to `out` (which must not exist yet).
pub(super) fn write(conn: &Connection, evidence_dir: &Path, out: &Path, now: DateTime<Utc>, reason: Reason) -> Result<BackupInfo> {
    let dir = folder_of(out);
    let cant = |e: std::io::Error| io_at(&dir, "Không ghi được bản sao lưu vào thư mục", e);
    let temp = |suffix: &str| tempfile::Builder::new().prefix(".dondoc-backup-").suffix(suffix).tempfile_in(&dir).map_err(cant);

    // The database first: every evidence file a committed row names was written before
    // that commit, so the folder read afterwards holds all the snapshot needs.
    let database = temp(".sqlite3")?.into_temp_path();
    let (schema_version, assignments) = snapshot(conn, &database)?;
    let evidence = evidence_files(evidence_dir)?;
    let manifest = Manifest {
        format: FORMAT.to_string(),
        taken_at: time::to_stored(now),
        reason,
        schema_version,
        assignments,
        evidence_files: evidence.len() as u64,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
    };

    let (file, part) = temp(".part")?.into_parts();
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let options = options(now);
    zip.start_file(MANIFEST, options).map_err(zip_io).map_err(cant)?;
    serde_json::to_writer_pretty(&mut zip, &manifest)?;
    add_file(&mut zip, DATABASE, &database, options).map_err(cant)?;
    for (name, path) in &evidence {
        add_file(&mut zip, name, path, options).map_err(|e| io_at(path, "Không đọc được tệp minh chứng", e))?;
    }
    let file = zip.finish().map_err(zip_io).map_err(cant)?.into_inner().map_err(|e| cant(e.into_error()))?;
    file.sync_all().map_err(cant)?;
    drop(file);
    if out.exists() {
        return Err(CoreError::invalid("out", format!("Tệp {} vừa được tạo bởi chương trình khác; bản sao lưu không ghi đè.", out.display())));
    }
    part.persist(out).map_err(|e| cant(e.error))?;
    sync_dir(&dir);
    let size_bytes = std::fs::metadata(out).map_err(cant)?.len();
    Ok(info(out, &manifest, size_bytes))
}

/// Copies the database behind `conn` into the file `to` with SQLite's online backup API.
/// Returns its schema version and number of parts.
fn snapshot(conn: &Connection, to: &Path) -> Result<(i64, i64)> {
    let mut dst = Connection::open(to)?;
    {
        let backup = Backup::new(conn, &mut dst)?;
        // All pages in one step: the source is read inside one read transaction, so the copy
        // is one consistent snapshot while other connections keep committing (WAL does not
        // block them). Copying in slices would start over after each of their commits.
        let mut waits = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked if waits < 200 => {
                    waits += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                _ => return Err(CoreError::Conflict("Cơ sở dữ liệu đang bận quá lâu; chưa sao lưu được. Hãy thử lại.".into())),
            }
        }
    }
    // A backup is one self-contained file: rollback journal, no WAL beside it.
    let _: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    let counts = schema_and_parts(&dst)?;
    dst.close().map_err(|(_, e)| e)?;
    Ok(counts)
}

/// `PRAGMA user_version` and the number of rows in `assignment` (0 before schema 1).
fn schema_and_parts(conn: &Connection) -> Result<(i64, i64)> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_table: bool = conn.query_row("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'assignment'", [], |r| r.get(0))?;
    let parts = if has_table { conn.query_row("SELECT count(*) FROM assignment", [], |r| r.get(0))? } else { 0 };
    Ok((version, parts))
}

/// The regular files under `root`, as (zip entry name, path), sorted. Symbolic links and
/// names that are not UTF-8 are not the app's (it writes sanitised names) and are left out.
fn evidence_files(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), EVIDENCE.to_string())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir == root => return Ok(out),
            Err(e) => return Err(io_at(&dir, "Không đọc được thư mục minh chứng", e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| io_at(&dir, "Không đọc được thư mục minh chứng", e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
            let kind = entry.file_type().map_err(|e| io_at(&entry.path(), "Không đọc được tệp minh chứng", e))?;
            if kind.is_dir() {
                stack.push((entry.path(), format!("{prefix}{name}/")));
            } else if kind.is_file() {
                out.push((format!("{prefix}{name}"), entry.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn options(now: DateTime<Utc>) -> SimpleFileOptions {
    let local = now.with_timezone(&time::office_offset());
    let stamp = zip::DateTime::from_date_and_time(
        local.year().clamp(1980, 2107) as u16,
        local.month() as u8,
        local.day() as u8,
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    )
    .unwrap_or_default();
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(stamp).unix_permissions(0o600)
}

fn add_file<W: Write + std::io::Seek>(zip: &mut ZipWriter<W>, name: &str, path: &Path, options: SimpleFileOptions) -> std::io::Result<()> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    zip.start_file(name, options.large_file(len >= u64::from(u32::MAX))).map_err(zip_io)?;
    std::io::copy(&mut file, zip)?;
    Ok(())
}

fn zip_io(e: zip::result::ZipError) -> std::io::Error {
    e.into()
}

pub(super) fn sync_dir(dir: &Path) {
    // Makes the rename durable; some file systems (FAT sticks) cannot, and then the rename
    // is as durable as they make it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn info(path: &Path, manifest: &Manifest, size_bytes: u64) -> BackupInfo {
    BackupInfo {
        path: path.to_path_buf(),
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        taken_at: manifest.taken_at.clone(),
        reason: manifest.reason,
        reason_label: manifest.reason.label(),
        size_bytes,
        assignments: manifest.assignments,
        schema_version: manifest.schema_version,
        evidence_files: manifest.evidence_files,
        problem: None,
    }
}

fn open(path: &Path) -> std::result::Result<ZipArchive<File>, String> {
    let mut file = File::open(path).map_err(|e| format!("Không mở được tệp {}: {e}", path.display()))?;
    let mut magic = [0u8; 4];
    let is_zip = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    ZipArchive::new(file).map_err(|e| {
        if is_zip {
            format!("Bản sao lưu bị hỏng ({e}). Hãy chọn bản sao lưu khác; dữ liệu hiện tại được giữ nguyên.")
        } else {
            NOT_OURS.to_string()
        }
    })
}

fn read_manifest(archive: &mut ZipArchive<File>) -> std::result::Result<Manifest, String> {
    let mut text = String::new();
    archive.by_name(MANIFEST).map_err(|_| NOT_OURS.to_string())?.take(64 * 1024).read_to_string(&mut text).map_err(|_| NOT_OURS.to_string())?;
    match serde_json::from_str::<Manifest>(&text) {
        Ok(m) if m.format == FORMAT => Ok(m),
        _ => Err(NOT_OURS.to_string()),
    }
}

/// The listing of one backup from its manifest, or why it cannot be read (Vietnamese).
pub(super) fn describe(path: &Path) -> std::result::Result<BackupInfo, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    let manifest = read_manifest(&mut open(path)?)?;
    Ok(info(path, &manifest, size))
}

/// A backup that passed [`verify`], with its database extracted to a temporary file (removed
/// when this is dropped, unless a restore has moved it into place).
#[derive(Debug)]
pub struct VerifiedBackup {
    /// The backup's listing.
    pub info: BackupInfo,
    pub(super) database: TempPath,
}

impl VerifiedBackup {
    /// The extracted database.
    pub fn database_path(&self) -> &Path {
        &self.database
    }
}

/// Checks that `zip` is a sound Đôn đốc backup this version can restore: its manifest, its
/// schema version (not newer than this build's), its database (extracted into `scratch_dir`,
/// `PRAGMA integrity_check`, the manifest's figures) and every evidence file's checksum.
/// Refusals are `validation` errors on the field `backup`, in Vietnamese.
pub fn verify(zip: &Path, scratch_dir: &Path) -> Result<VerifiedBackup> {
    let mut archive = open(zip).map_err(|m| CoreError::invalid("backup", m))?;
    let manifest = read_manifest(&mut archive).map_err(|m| CoreError::invalid("backup", m))?;
    if manifest.schema_version > db::schema_version() {
        return Err(newer(manifest.schema_version));
    }
    let (mut file, database) = tempfile::Builder::new()
        .prefix(".dondoc-restore-")
        .suffix(".sqlite3")
        .tempfile_in(scratch_dir)
        .map_err(|e| io_at(scratch_dir, "Không tạo được tệp tạm để kiểm tra bản sao lưu", e))?
        .into_parts();
    {
        let mut entry = archive.by_name(DATABASE).map_err(|_| damaged("thiếu tệp dữ liệu"))?;
        std::io::copy(&mut entry, &mut file).map_err(|e| damaged(format!("tệp dữ liệu: {e}")))?;
    }
    file.sync_all().map_err(|e| io_at(scratch_dir, "Không ghi được tệp tạm", e))?;
    drop(file);
    check_database(&database, &manifest)?;

    let mut evidence = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        if !name.starts_with(EVIDENCE) || entry.is_dir() {
            continue;
        }
        if evidence_path(entry.enclosed_name()).is_none() {
            return Err(damaged(format!("tên tệp minh chứng không hợp lệ: {name}")));
        }
        // Reading an entry to its end checks its CRC-32.
        std::io::copy(&mut entry, &mut std::io::sink()).map_err(|e| damaged(format!("tệp minh chứng {name}: {e}")))?;
        evidence += 1;
    }
    if evidence != manifest.evidence_files {
        return Err(damaged(format!("có {evidence} tệp minh chứng, bản kê ghi {}", manifest.evidence_files)));
    }
    let size = std::fs::metadata(zip)?.len();
    Ok(VerifiedBackup { info: info(zip, &manifest, size), database })
}

fn check_database(path: &Path, manifest: &Manifest) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| damaged(format!("tệp dữ liệu không đọc được: {e}")))?;
    if version > db::schema_version() {
        return Err(newer(version));
    }
    let problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(damaged)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(damaged)?;
        rows.collect::<rusqlite::Result<_>>().map_err(damaged)?
    };
    if problems != ["ok"] {
        return Err(damaged(problems.into_iter().take(3).collect::<Vec<_>>().join("; ")));
    }
    let (version, parts) = schema_and_parts(&conn).map_err(damaged)?;
    if (version, parts) != (manifest.schema_version, manifest.assignments) {
        return Err(damaged(format!(
            "tệp dữ liệu (lược đồ {version}, {parts} phần việc) không khớp bản kê (lược đồ {}, {} phần việc)",
            manifest.schema_version, manifest.assignments
        )));
    }
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// The path under the evidence folder of an entry named `evidence/…`, if it stays inside.
fn evidence_path(enclosed: Option<PathBuf>) -> Option<PathBuf> {
    let relative = enclosed?.strip_prefix("evidence").ok()?.to_path_buf();
    (!relative.as_os_str().is_empty()).then_some(relative)
}

/// Writes the evidence files of the (verified) backup `zip` under `target`, each flushed to
/// disk. Returns how many.
pub(super) fn extract_evidence(zip: &Path, target: &Path) -> Result<u64> {
    let mut archive = open(zip).map_err(|m| CoreError::invalid("backup", m))?;
    let mut count = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        if !name.starts_with(EVIDENCE) || entry.is_dir() {
            continue;
        }
        let relative = evidence_path(entry.enclosed_name()).ok_or_else(|| damaged(format!("tên tệp minh chứng không hợp lệ: {name}")))?;
        let path = target.join(relative);
        let cant = |e| io_at(&path, "Không ghi được tệp minh chứng", e);
        std::fs::create_dir_all(folder_of(&path)).map_err(cant)?;
        let mut file = File::create(&path).map_err(cant)?;
        std::io::copy(&mut entry, &mut file).map_err(cant)?;
        file.sync_all().map_err(cant)?;
        count += 1;
    }
    Ok(count)
}
