//! Backups of the store with its evidence files, their rotation, and restoring one.
//!
//! One backup is one zip file, `dondoc-YYYYMMDD-HHMMSS-<reason>.zip` (office time), holding
//! `manifest.json`, `dondoc.sqlite3` and the evidence folder under `evidence/`. The database
//! is made with SQLite's online backup API from the live connection, never by copying the
//! file: a copy can catch a page half written by the window, and misses every commit the
//! WAL still holds. The zip is written under a hidden temporary name in the destination
//! folder and renamed only once complete and flushed, so a half-written backup (a full USB
//! stick, a pulled cable) is never listed nor restored.
//!
//! Everything here works on a store of any past schema: a backup is taken before every
//! migration, so it reads nothing but `PRAGMA user_version` and the `assignment` table
//! (present since schema 1). Time is passed in, as everywhere in the core.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::time;

mod archive;
pub mod place;
mod restore;
mod rotation;

pub use archive::{verify, VerifiedBackup};
pub use restore::{restore, RestoreOutcome};
pub use rotation::{prune, retained};

/// Value of the manifest's `format` field: what tells our backups from any other zip.
pub const FORMAT: &str = "dondoc-backup";

/// Why a backup was taken. The slug is part of the file name, so it never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BackupReason"))]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// At the first start of a day.
    Daily,
    /// Before the schema is upgraded.
    BeforeMigration,
    /// Before `import --replace` overwrites the store.
    BeforeImport,
    /// Before a restore swaps the store.
    BeforeRestore,
    /// Asked for by the office (Cài đặt → Sao lưu, or the CLI).
    Manual,
}

impl Reason {
    /// Every reason, for parsing file names.
    pub const ALL: [Reason; 5] = [Reason::Daily, Reason::BeforeMigration, Reason::BeforeImport, Reason::BeforeRestore, Reason::Manual];

    /// The stable slug used in file names and JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeImport => "before-import",
            Reason::BeforeRestore => "before-restore",
            Reason::Manual => "manual",
        }
    }

    /// The Vietnamese label the window shows.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Daily => "Sao lưu hằng ngày",
            Reason::BeforeMigration => "Trước khi nâng cấp dữ liệu",
            Reason::BeforeImport => "Trước khi nhập dữ liệu thay thế",
            Reason::BeforeRestore => "Trước khi khôi phục",
            Reason::Manual => "Sao lưu theo yêu cầu",
        }
    }
}

/// One backup as the window lists it. Field names are a contract (camelCase JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The zip file.
    pub path: PathBuf,
    /// Its file name.
    pub file_name: String,
    /// When it was taken, UTC in storage form.
    pub taken_at: String,
    /// Why it was taken.
    pub reason: Reason,
    /// [`Reason::label`], for the window.
    pub reason_label: &'static str,
    /// Size of the zip in bytes.
    pub size_bytes: u64,
    /// Parts (assignments) in the backed-up store: a quick sanity figure for the office.
    pub assignments: i64,
    /// Schema version of the backed-up store.
    pub schema_version: i64,
    /// Evidence files in the backup.
    pub evidence_files: u64,
    /// `None` for a usable backup; otherwise why it cannot be used (Vietnamese). A file named
    /// like a backup whose manifest cannot be read is listed with this set, not hidden: the
    /// office should see that a backup it counts on is broken.
    pub problem: Option<String>,
}

/// What `manifest.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Manifest {
    pub format: String,
    pub taken_at: String,
    pub reason: Reason,
    pub schema_version: i64,
    pub assignments: i64,
    pub evidence_files: u64,
    pub app_version: String,
}

/// Where the app keeps evidence files for the store at `store_path`: an `evidence` folder
/// beside it. One function, so the window, the CLI and restore agree.
pub fn evidence_dir_for(store_path: &Path) -> PathBuf {
    folder_of(store_path).join("evidence")
}

/// The default backup folder for the store at `store_path`: `backups` beside it. The office
/// may choose another (a USB stick, a network share).
pub fn default_dir_for(store_path: &Path) -> PathBuf {
    folder_of(store_path).join("backups")
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Opens an existing store for a backup without creating, configuring or migrating it: a
/// backup before a migration must hold the store as it was.
pub fn open_source(store_path: &Path) -> Result<Connection> {
    if !store_path.is_file() {
        return Err(CoreError::invalid("db", format!("Không có tệp dữ liệu {}.", store_path.display())));
    }
    let conn = Connection::open_with_flags(store_path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.pragma_update(None, "busy_timeout", 5000)?;
    Ok(conn)
}

/// Takes a backup of the store behind `conn` (and of `evidence_dir`) into `dest_dir`, named
/// after `now` and `reason`. Other connections may keep writing meanwhile: the database is
/// read in one snapshot. The folder is created if needed; a folder that cannot be written
/// gives an `io` error naming it, for the window to show.
pub fn take(conn: &Connection, evidence_dir: &Path, dest_dir: &Path, now: DateTime<Utc>, reason: Reason) -> Result<BackupInfo> {
    std::fs::create_dir_all(dest_dir).map_err(|e| io_at(dest_dir, "Không tạo được thư mục sao lưu", e))?;
    let stem = format!("dondoc-{}-{}", now.with_timezone(&time::office_offset()).format("%Y%m%d-%H%M%S"), reason.slug());
    let mut out = dest_dir.join(format!("{stem}.zip"));
    let mut n = 2;
    while out.exists() {
        out = dest_dir.join(format!("{stem}-{n}.zip"));
        n += 1;
    }
    archive::write(conn, evidence_dir, &out, now, reason)
}

/// Like [`take`], into exactly `out_file` (the CLI's `--out`). An existing file is refused,
/// never overwritten.
pub fn take_to(conn: &Connection, evidence_dir: &Path, out_file: &Path, now: DateTime<Utc>, reason: Reason) -> Result<BackupInfo> {
    if out_file.exists() {
        return Err(CoreError::invalid("out", format!("Tệp {} đã có. Hãy chọn tên khác: bản sao lưu không ghi đè tệp nào.", out_file.display())));
    }
    let dir = folder_of(out_file);
    std::fs::create_dir_all(&dir).map_err(|e| io_at(&dir, "Không tạo được thư mục sao lưu", e))?;
    archive::write(conn, evidence_dir, out_file, now, reason)
}

/// The backups in `dest_dir`, newest first. Reads manifests only. Temporaries (hidden
/// `.dondoc-…` files) and files not named like a backup are ignored; a damaged backup is
/// listed with [`BackupInfo::problem`] set. A missing folder has no backups.
pub fn list(dest_dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dest_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_at(dest_dir, "Không đọc được thư mục sao lưu", e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_at(dest_dir, "Không đọc được thư mục sao lưu", e))?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else { continue };
        let Some((local, reason)) = parse_name(&name) else { continue };
        if !entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            continue;
        }
        let path = entry.path();
        found.push(archive::describe(&path).unwrap_or_else(|problem| BackupInfo {
            size_bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
            file_name: name,
            path,
            taken_at: time::to_stored(local_to_utc(local)),
            reason,
            reason_label: reason.label(),
            assignments: 0,
            schema_version: 0,
            evidence_files: 0,
            problem: Some(problem),
        }));
    }
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.file_name.cmp(&a.file_name)));
    Ok(found)
}

/// Reads `dondoc-YYYYMMDD-HHMMSS-<reason>[-N].zip`: the office-time instant and the reason.
pub(crate) fn parse_name(name: &str) -> Option<(NaiveDateTime, Reason)> {
    let rest = name.strip_prefix("dondoc-")?.strip_suffix(".zip")?;
    let (stamp, tail) = (rest.get(..15)?, rest.get(15..)?.strip_prefix('-')?);
    let local = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let reason = Reason::ALL.into_iter().find(|r| {
        tail == r.slug()
            || tail.strip_prefix(r.slug()).and_then(|n| n.strip_prefix('-')).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })?;
    Some((local, reason))
}

fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    (local - chrono::Duration::seconds(i64::from(time::office_offset().local_minus_utc()))).and_utc()
}

/// An I/O error that says what was being done and where, in Vietnamese.
pub(crate) fn io_at(path: &Path, doing: &str, e: std::io::Error) -> CoreError {
    CoreError::file(doing, path, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_parse_back_and_foreign_names_do_not() {
        let (local, reason) = parse_name("dondoc-20230227-090000-before-import.zip").unwrap();
        assert_eq!((local.to_string().as_str(), reason), ("2023-02-27 09:00:00", Reason::BeforeImport));
        assert_eq!(parse_name("dondoc-20230227-090000-daily-2.zip").map(|p| p.1), Some(Reason::Daily));
        for foreign in [
            "dondoc-20230227-090000-daily.zip.part",
            ".dondoc-backup-abc.part",
            "dondoc-20230227-090000-weekly.zip",
            "dondoc-2023022-090000-daily.zip",
            "dondoc-20230227-090000-daily-x.zip",
            "anh-hoi-nghi.zip",
        ] {
            assert_eq!(parse_name(foreign), None, "{foreign}");
        }
        assert_eq!(time::to_stored(local_to_utc(local)), "2023-02-27T02:00:00Z", "names are office time, manifests UTC");
    }
}
