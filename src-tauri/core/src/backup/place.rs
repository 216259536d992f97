//! Where backups go. The office may choose a folder (a USB stick, a network share); the
//! choice lives in a small file beside the store, not in it, because it is needed exactly
//! when the store cannot be read: to offer a backup of a damaged store, and to take one
//! before a migration.
//!
//! A chosen folder can be missing (the stick is out): a backup then goes to the default
//! folder inside the data folder, and the failure is reported, so no backup is skipped
//! and nobody believes one was written where it was not.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{default_dir_for, evidence_dir_for, list, take, BackupInfo, Reason};
use crate::error::{CoreError, Result};
use crate::time;

/// The file beside the store that holds the chosen folder.
pub const CONFIG_FILE: &str = "dondoc-backup.json";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    folder: Option<PathBuf>,
}

fn config_path(store_path: &Path) -> PathBuf {
    store_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(CONFIG_FILE)
}

/// The folder the office chose, if any. An unreadable choice counts as none (the default
/// folder is used), and says so in the log.
pub fn chosen(store_path: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(config_path(store_path)).ok()?;
    match serde_json::from_str::<Config>(&text) {
        Ok(c) => c.folder,
        Err(e) => {
            tracing::warn!("ignoring {}: {e}", config_path(store_path).display());
            None
        }
    }
}

/// Where backups of the store at `store_path` go now.
pub fn folder(store_path: &Path) -> PathBuf {
    chosen(store_path).unwrap_or_else(|| default_dir_for(store_path))
}

/// Sets (`Some`) or clears (`None`) the chosen folder. The folder must be absolute and
/// writable now — checked by creating it and a probe file in it — so a wrong choice fails
/// here, in front of the office, and not in tonight's backup.
pub fn choose(store_path: &Path, folder: Option<&Path>) -> Result<()> {
    if let Some(dir) = folder {
        if !dir.is_absolute() {
            return Err(CoreError::invalid("folder", "Hãy chọn thư mục sao lưu bằng đường dẫn đầy đủ."));
        }
        let probe = dir.join(format!(".dondoc-probe-{}", std::process::id()));
        let writable = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&probe, b"")).and_then(|()| std::fs::remove_file(&probe));
        if let Err(e) = writable {
            tracing::warn!("backup folder {}: {e}", dir.display());
            return Err(CoreError::invalid(
                "folder",
                format!("Không ghi được vào thư mục {} ({}). Hãy chọn thư mục khác.", dir.display(), crate::error::io_reason(&e)),
            ));
        }
    }
    let path = config_path(store_path);
    let text = serde_json::to_string_pretty(&Config { folder: folder.map(Path::to_path_buf) })?;
    let temp = path.with_extension("json.tmp");
    std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, &path)).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        CoreError::Io(e)
    })
}

/// Every folder backups of this store may be in: the chosen one and the default one
/// (where they went while the chosen one was missing), without repeats.
pub fn folders(store_path: &Path) -> Vec<PathBuf> {
    let mut all = vec![folder(store_path)];
    let default = default_dir_for(store_path);
    if !all.contains(&default) {
        all.push(default);
    }
    all
}

/// The backups of this store in all its folders, newest first. A folder that cannot be
/// read (the stick is out) is skipped.
pub fn list_all(store_path: &Path) -> Vec<BackupInfo> {
    let mut all: Vec<BackupInfo> = folders(store_path).iter().filter_map(|d| list(d).ok()).flatten().collect();
    all.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.file_name.cmp(&a.file_name)));
    all
}

/// A backup taken, and the failure of the chosen folder if it had to go elsewhere.
#[derive(Debug)]
pub struct Taken {
    /// The backup written.
    pub info: BackupInfo,
    /// Why the chosen folder could not take it (then it is in the default folder).
    pub fallback_reason: Option<CoreError>,
    /// Older backups the rotation removed from that folder.
    pub pruned: Vec<PathBuf>,
}

/// The backup every door (the window, the CLI, the portal) takes before a migration runs
/// (the `before_migration` hook of [`crate::db::OpenOptions`]), migrating from version `from`.
/// Its error says, in Vietnamese, that the store was left as it was.
pub fn before_migration(conn: &Connection, store_path: &Path, now: DateTime<Utc>, from: i64) -> Result<Taken> {
    take_for(conn, store_path, now, Reason::BeforeMigration).map_err(|e| {
        CoreError::Conflict(format!("Không sao lưu được trước khi nâng cấp dữ liệu (phiên bản {from}): {e} Dữ liệu chưa được nâng cấp và vẫn nguyên như cũ."))
    })
}

/// Takes a backup of the store behind `conn` into its folder, or into the default folder
/// when the chosen one cannot be written; then prunes that folder (7 daily, 4 weekly, 12
/// monthly). Fails only when neither folder can take it.
pub fn take_for(conn: &Connection, store_path: &Path, now: DateTime<Utc>, reason: Reason) -> Result<Taken> {
    let evidence = evidence_dir_for(store_path);
    let target = folder(store_path);
    let (info, fallback_reason) = match take(conn, &evidence, &target, now, reason) {
        Ok(info) => (info, None),
        Err(e) if target != default_dir_for(store_path) => {
            tracing::warn!("backup into {} failed: {e} ({:?}); using the data folder", target.display(), e.detail());
            (take(conn, &evidence, &default_dir_for(store_path), now, reason)?, Some(e))
        }
        Err(e) => return Err(e),
    };
    let folder = info.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let pruned = super::prune(&folder, now).unwrap_or_else(|e| {
        tracing::warn!("cannot prune {}: {e}", folder.display());
        Vec::new()
    });
    Ok(Taken { info, fallback_reason, pruned })
}

/// Whether today's (office date) backup is still to be taken: no usable backup of any
/// reason was taken today in any of the store's folders.
pub fn daily_due(store_path: &Path, now: DateTime<Utc>) -> bool {
    let today = time::office_date(now);
    !list_all(store_path).iter().any(|b| b.problem.is_none() && time::from_stored(&b.taken_at).map(|t| time::office_date(t) == today).unwrap_or(false))
}
