//! "Khôi phục…": putting a backup in place of the current store and evidence folder.
//!
//! Order matters, so that every failure leaves a usable store: verify and extract the
//! backup beside the store (nothing touched yet); keep the current store (a backup of it,
//! or, when it is damaged, the file renamed aside); only then remove its WAL and swap the
//! new file in with one rename; swap the evidence folder the same way; finally open the
//! store, which migrates a backup from an older schema.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::archive::{self, sync_dir, verify};
use super::{folder_of, io_at, take, BackupInfo, Reason};
use crate::db::with_suffix;
use crate::error::{CoreError, Result};
use crate::Store;

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RestoreOutcome {
    /// The backup restored.
    pub restored: BackupInfo,
    /// The backup taken of the store it replaced (`None` when there was no store, or it
    /// was damaged).
    pub safety_backup: Option<BackupInfo>,
    /// Where a damaged store was moved instead of being backed up.
    pub damaged_store: Option<PathBuf>,
    /// Where the previous evidence folder was kept, when no safety backup holds it.
    pub previous_evidence: Option<PathBuf>,
    /// The schema version the restored store has now (after migrating it).
    pub schema_version: i64,
}

/// Restores the backup `zip` into `store_path` and `evidence_dir`, taking a
/// [`Reason::BeforeRestore`] backup of the current store into `backups_dir` first.
///
/// Must be called with no connection of this process open on the store (the window closes
/// its own first); another process holding it open makes it refuse. If the backup does not
/// verify, or the current store cannot be kept, nothing is changed.
pub fn restore(store_path: &Path, evidence_dir: &Path, zip: &Path, backups_dir: &Path, now: DateTime<Utc>) -> Result<RestoreOutcome> {
    let store_dir = folder_of(store_path);
    std::fs::create_dir_all(&store_dir).map_err(|e| io_at(&store_dir, "Không tạo được thư mục dữ liệu", e))?;
    let verified = verify(zip, &store_dir)?;
    let evidence_parent = folder_of(evidence_dir);
    std::fs::create_dir_all(&evidence_parent).map_err(|e| io_at(&evidence_parent, "Không tạo được thư mục minh chứng", e))?;
    let staged = tempfile::Builder::new()
        .prefix(".dondoc-evidence-")
        .tempdir_in(&evidence_parent)
        .map_err(|e| io_at(&evidence_parent, "Không tạo được thư mục tạm", e))?;
    archive::extract_evidence(zip, staged.path())?;

    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let (mut safety_backup, mut damaged_store) = (None, None);
    if store_path.exists() {
        match healthy(store_path)? {
            Some(conn) => {
                safety_backup = Some(take(&conn, evidence_dir, backups_dir, now, Reason::BeforeRestore)?);
                // Closing the last connection checkpoints the WAL into the file and removes it.
                conn.close().map_err(|(_, e)| e)?;
            }
            None => {
                let aside = sibling(store_path, &format!("damaged-{stamp}"));
                for suffix in ["", "-wal", "-shm"] {
                    let from = with_suffix(store_path, suffix);
                    if from.exists() {
                        std::fs::rename(&from, with_suffix(&aside, suffix)).map_err(|e| io_at(&from, "Không đổi tên được tệp dữ liệu hỏng", e))?;
                    }
                }
                damaged_store = Some(aside);
            }
        }
    }
    // The current content is safe (in the backup, or renamed aside): a WAL left beside the
    // new file would be replayed into it, so it goes first.
    for suffix in ["-wal", "-shm"] {
        let path = with_suffix(store_path, suffix);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_at(&path, "Không xóa được tệp nhật ký cũ", e)),
            _ => {}
        }
    }
    verified.database.persist(store_path).map_err(|e| io_at(store_path, "Không thay được tệp dữ liệu", e.error))?;
    sync_dir(&store_dir);

    // The evidence folder: the old one aside, the new one in, the old one removed only when
    // the backup just taken holds it.
    let old = sibling(evidence_dir, &format!("before-restore-{stamp}"));
    let had_old = evidence_dir.exists();
    if had_old {
        std::fs::rename(evidence_dir, &old).map_err(|e| evidence_failed(evidence_dir, e))?;
    }
    let staged = staged.keep();
    if let Err(e) = std::fs::rename(&staged, evidence_dir) {
        if had_old {
            let _ = std::fs::rename(&old, evidence_dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(evidence_failed(evidence_dir, e));
    }
    sync_dir(&evidence_parent);
    let mut previous_evidence = None;
    if had_old {
        if safety_backup.is_some() {
            // Only leftovers remain if this fails; the files are in the safety backup.
            let _ = std::fs::remove_dir_all(&old);
        } else {
            previous_evidence = Some(old);
        }
    }

    let store = Store::open(store_path)?;
    let schema_version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0))?;
    drop(store);
    Ok(RestoreOutcome { restored: verified.info, safety_backup, damaged_store, previous_evidence, schema_version })
}

/// The current store opened for its safety backup if it passes `quick_check`; `None` if it
/// is damaged. Refuses when another program has it open: swapping the file under a running
/// window would lose what it writes next.
fn healthy(store_path: &Path) -> Result<Option<Connection>> {
    let Ok(conn) = Connection::open_with_flags(store_path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX) else {
        return Ok(None);
    };
    // Exclusive locking: in WAL mode every open connection holds a shared lock on the file,
    // so taking an exclusive one fails at once if anyone else has the store open, and then
    // keeps everyone out until the swap.
    let exclusive = conn.pragma_update(None, "locking_mode", "EXCLUSIVE").and_then(|_| conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;"));
    if let Err(rusqlite::Error::SqliteFailure(e, _)) = &exclusive {
        if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) {
            return Err(in_use());
        }
    }
    let check: rusqlite::Result<String> = conn.query_row("PRAGMA quick_check", [], |r| r.get(0));
    match check {
        Ok(ok) if ok == "ok" => Ok(Some(conn)),
        Err(rusqlite::Error::SqliteFailure(e, _)) if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Err(in_use()),
        _ => Ok(None),
    }
}

fn in_use() -> CoreError {
    CoreError::Conflict("Tệp dữ liệu đang được một chương trình khác mở (ứng dụng Đôn đốc?). Hãy đóng nó rồi khôi phục lại.".into())
}

fn evidence_failed(evidence_dir: &Path, e: std::io::Error) -> CoreError {
    io_at(evidence_dir, "Đã khôi phục tệp dữ liệu nhưng chưa thay được thư mục minh chứng; các tệp minh chứng cũ vẫn ở chỗ cũ", e)
}

/// `path` with `.tag` appended to its file name (`dondoc.sqlite3.damaged-…`), made unique
/// (`-2`, `-3`…) so that a second restore in the same second keeps what the first set aside.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let taken = |p: &PathBuf| ["", "-wal", "-shm"].iter().any(|s| with_suffix(p, s).exists());
    let mut aside = with_suffix(path, &format!(".{tag}"));
    let mut n = 2;
    while taken(&aside) {
        aside = with_suffix(path, &format!(".{tag}-{n}"));
        n += 1;
    }
    aside
}
