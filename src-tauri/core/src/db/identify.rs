//! Telling, before anything is written, whether a file is a Đôn đốc store.
//!
//! Opening a file with SQLite and setting `journal_mode = WAL` already rewrites its header,
//! and migrations would add our tables to whatever the file holds. So a file is read first
//! — its 100-byte header with plain file reads, then its schema through a *read-only*
//! connection — and only a file that is ours (or holds nothing) is opened for writing.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result, StoreProblem};

/// `PRAGMA application_id` of every store Đôn đốc creates ("DDOC" in ASCII), so a Đôn đốc
/// store is recognised by its header, and another program's file is not taken for one.
pub const APPLICATION_ID: i32 = 0x4444_4F43;

/// Tables only a Đôn đốc store has: how stores made before [`APPLICATION_ID`] existed
/// are recognised.
const OUR_TABLES: &[&str] = &["registry_meta", "unit", "conference", "task", "assignment"];

/// How long the read-only look waits for another program's lock before saying it is locked.
const LOCK_WAIT_MS: i32 = 3000;

/// What a path holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing yet: a new store is created there.
    Absent,
    /// A valid SQLite database with no tables and no owner: safe to make into a store.
    Blank,
    /// A Đôn đốc store at this schema version, checked with `quick_check`.
    Ours {
        /// `PRAGMA user_version`: how many migrations it has.
        version: i64,
    },
}

/// The fields of the SQLite header this module reads (see sqlite.org/fileformat.html).
struct Header {
    page_size: u64,
    /// The page count, when the header says it is current ("version-valid-for" matches).
    page_count: Option<u64>,
    application_id: i32,
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn header(bytes: &[u8; 100]) -> Option<Header> {
    if &bytes[..16] != b"SQLite format 3\0" {
        return None;
    }
    let raw = u16::from_be_bytes([bytes[16], bytes[17]]) as u64;
    let page_size = if raw == 1 { 65536 } else { raw };
    let counter_valid = be32(&bytes[24..28]) == be32(&bytes[92..96]);
    Some(Header { page_size, page_count: counter_valid.then(|| be32(&bytes[28..32]) as u64), application_id: be32(&bytes[68..72]) as i32 })
}

fn problem(problem: StoreProblem, path: &Path, why: &str, detail: impl ToString) -> CoreError {
    let file = path.display();
    let message = match problem {
        StoreProblem::NotOurs => {
            format!("Tệp {file} không phải tệp dữ liệu Đôn đốc ({why}). Đôn đốc không mở và không sửa tệp này; hãy chọn đúng tệp dữ liệu.")
        }
        StoreProblem::Damaged => format!("Tệp dữ liệu {file} bị hỏng ({why}). Tệp được giữ nguyên như hiện có; hãy khôi phục từ bản sao lưu gần nhất."),
        StoreProblem::Newer => format!("Tệp dữ liệu {file} được tạo bởi phiên bản Đôn đốc mới hơn ({why}). Hãy cập nhật ứng dụng; dữ liệu được giữ nguyên."),
        StoreProblem::Locked => {
            format!("Tệp dữ liệu {file} đang bị một chương trình khác khoá. Hãy đóng chương trình đó rồi bấm “Thử lại”; dữ liệu không bị ảnh hưởng.")
        }
        StoreProblem::ReadOnly => format!(
            "Không có quyền ghi vào tệp dữ liệu {file} hoặc thư mục chứa nó ({why}). Đôn đốc không mở dữ liệu ở chế độ chỉ đọc \
             để không thao tác nào bị mất; hãy cấp quyền ghi, hoặc chép tệp sang thư mục khác."
        ),
        StoreProblem::DiskFull => format!("Ổ đĩa chứa tệp dữ liệu {file} đã đầy. Hãy giải phóng dung lượng rồi mở lại; dữ liệu đã lưu không bị ảnh hưởng."),
    };
    CoreError::store(problem, message, detail)
}

/// Turns an SQLite failure while looking at or opening `path` into a store problem with a
/// Vietnamese message (SQLite's words stay in the detail).
pub fn sqlite_problem(path: &Path, e: rusqlite::Error) -> CoreError {
    match StoreProblem::of_sqlite(&e) {
        Some(StoreProblem::Damaged) => problem(StoreProblem::Damaged, path, "SQLite không đọc được nội dung", e),
        Some(p) => problem(p, path, "", e),
        None if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => problem(StoreProblem::ReadOnly, path, "không mở được tệp", e),
        None => CoreError::Db(e),
    }
}

/// Turns a failed file operation on `path` into a store problem when it is one.
pub fn io_problem(path: &Path, e: std::io::Error) -> CoreError {
    match StoreProblem::of_io(&e) {
        Some(p) => problem(p, path, crate::error::io_reason(&e), e),
        None => CoreError::Io(e),
    }
}

/// Finds out what `path` holds without writing to it (only a read-only connection touches
/// it, which never changes the file; SQLite may create its `-shm` index beside a WAL store).
/// With `check`, the pages are checked too (`PRAGMA quick_check`).
pub fn identify(path: &Path, known: i64, check: bool) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Absent),
        Err(e) => return Err(io_problem(path, e)),
    };
    if meta.is_dir() {
        return Err(problem(StoreProblem::NotOurs, path, "đây là một thư mục", "is a directory"));
    }
    if meta.len() == 0 {
        // Đôn đốc never leaves an empty file (a new store is built aside and moved in
        // whole), so an empty file is someone else's, or a mistake: not ours to fill.
        return Err(problem(StoreProblem::NotOurs, path, "tệp rỗng, 0 byte", "zero-length file"));
    }
    let mut bytes = [0u8; 100];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut bytes));
    if let Err(e) = read {
        return Err(match e.kind() {
            std::io::ErrorKind::UnexpectedEof => problem(StoreProblem::NotOurs, path, "không phải cơ sở dữ liệu SQLite", "shorter than a header"),
            _ => io_problem(path, e),
        });
    }
    let Some(head) = header(&bytes) else {
        return Err(problem(StoreProblem::NotOurs, path, "không phải cơ sở dữ liệu SQLite", "no SQLite header"));
    };
    if head.application_id != 0 && head.application_id != APPLICATION_ID {
        let why = format!("tệp của một chương trình khác, mã ứng dụng {:#x}", head.application_id);
        return Err(problem(StoreProblem::NotOurs, path, &why, "foreign application_id"));
    }
    // A WAL with frames beside the file may hold pages past the file's end: a checkpoint
    // that readers cut short writes page 1 (with the newest page count) before the pages
    // after it. Then SQLite, reading file and WAL together, is the judge (below).
    if let Some(pages) = head.page_count.filter(|_| !has_frames(&super::with_suffix(path, "-wal"))) {
        let needed = pages * head.page_size;
        if meta.len() < needed {
            let why = format!("tệp bị cắt cụt: còn {} byte trên {needed} byte", meta.len());
            return Err(problem(StoreProblem::Damaged, path, &why, "truncated"));
        }
    }
    look_inside(path, known, head.application_id == APPLICATION_ID, check)
}

/// Whether the WAL at `wal` holds any frame (more than its 32-byte header).
fn has_frames(wal: &Path) -> bool {
    std::fs::metadata(wal).map(|m| m.len() > 32).unwrap_or(false)
}

/// The read-only look at the schema, the version and the pages.
fn look_inside(path: &Path, known: i64, ours_by_header: bool, check: bool) -> Result<Found> {
    let conn = read_only(path)?;
    let read = || -> rusqlite::Result<(i64, i32, Vec<String>)> {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
        let tables = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok((version, app, tables))
    };
    // What SQLite reads, not the header: the WAL may hold a newer page 1 than the file.
    let (version, app, tables) = read().map_err(|e| sqlite_problem(path, e))?;
    if app != 0 && app != APPLICATION_ID {
        let why = format!("tệp của một chương trình khác, mã ứng dụng {app:#x}");
        return Err(problem(StoreProblem::NotOurs, path, &why, "foreign application_id"));
    }
    if tables.is_empty() && version == 0 && app == 0 {
        return Ok(Found::Blank);
    }
    let has_our_tables = OUR_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    let ours = app == APPLICATION_ID || ours_by_header || (has_our_tables && version >= 1);
    if !ours {
        let why = if version > 0 {
            format!("tệp của một chương trình khác, phiên bản dữ liệu {version}")
        } else {
            "có bảng dữ liệu nhưng không phải của Đôn đốc".to_string()
        };
        return Err(problem(StoreProblem::NotOurs, path, &why, format!("tables {tables:?}, user_version {version}")));
    }
    if version > known {
        let why = format!("lược đồ {version}, phiên bản này biết đến {known}");
        return Err(problem(StoreProblem::Newer, path, &why, "newer schema"));
    }
    if check {
        pages_ok(&conn, path)?;
    }
    Ok(Found::Ours { version })
}

fn read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| sqlite_problem(path, e))?;
    conn.busy_timeout(std::time::Duration::from_millis(LOCK_WAIT_MS as u64)).map_err(|e| sqlite_problem(path, e))?;
    Ok(conn)
}

/// `PRAGMA quick_check`: every page read and its structure checked (not index contents,
/// which `integrity_check` adds at several times the cost).
fn pages_ok(conn: &Connection, path: &Path) -> Result<()> {
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| sqlite_problem(path, e))?;
    if check != "ok" {
        return Err(problem(StoreProblem::Damaged, path, "kiểm tra toàn vẹn không đạt", check));
    }
    Ok(())
}

/// The page check of an open store, on a read-only connection of its own.
pub fn check_pages(path: &Path) -> Result<()> {
    pages_ok(&read_only(path)?, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_as_sqlite_writes_it() {
        let mut bytes = [0u8; 100];
        bytes[..16].copy_from_slice(b"SQLite format 3\0");
        bytes[16..18].copy_from_slice(&1u16.to_be_bytes());
        bytes[24..28].copy_from_slice(&5u32.to_be_bytes());
        bytes[92..96].copy_from_slice(&5u32.to_be_bytes());
        bytes[28..32].copy_from_slice(&12u32.to_be_bytes());
        bytes[68..72].copy_from_slice(&(APPLICATION_ID as u32).to_be_bytes());
        let h = header(&bytes).unwrap();
        assert_eq!((h.page_size, h.page_count, h.application_id), (65536, Some(12), APPLICATION_ID));
        bytes[92] = 1;
        assert_eq!(header(&bytes).unwrap().page_count, None, "a stale page count is not trusted");
        bytes[0] = b's';
        assert!(header(&bytes).is_none());
    }
}
