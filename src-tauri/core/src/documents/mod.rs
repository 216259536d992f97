//! The office's paperwork out of the store (issue 19): the conclusion notice in the layout
//! of Nghị định 30/2020/NĐ-CP, status reports in Excel, Word and CSV, and calendars.
//!
//! Every document is built in memory (or, for a large Excel file, in a temporary file) and
//! written by [`write_file`]: whole or not at all, never half a file under the user's name.

pub mod calendar;
pub mod csv;
pub mod docx;
pub mod nd30;
pub mod notice;
pub mod notice_text;
pub mod report;
pub mod report_docx;
pub mod report_file;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::error::{CoreError, Result};

/// Writes `bytes` to `path` whole or not at all: into a temporary file in the same folder,
/// synced, then renamed over `path`. An existing file is replaced only when `overwrite`
/// (the window's save dialog asked already; the CLI needs `--force`). Errors name the file
/// and say in Vietnamese what went wrong (folder missing, no permission, disk full).
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.file_name().is_none() || path.is_dir() {
        return Err(CoreError::invalid("out", format!("“{}” là một thư mục; hãy ghi rõ tên tệp cần tạo.", path.display())));
    }
    if !folder.is_dir() {
        return Err(CoreError::invalid("out", format!("Không có thư mục {} để ghi tệp vào.", folder.display())));
    }
    if !overwrite && path.exists() {
        return Err(CoreError::Conflict(format!("Đã có tệp {}; chọn tên khác hoặc cho phép ghi đè.", path.display())));
    }
    let cant = |e: std::io::Error| CoreError::file("Không ghi được tệp", path, e);
    let mut part = tempfile::Builder::new().prefix(".dondoc-").suffix(".part").tempfile_in(folder).map_err(cant)?;
    part.write_all(bytes).map_err(cant)?;
    part.as_file().sync_all().map_err(cant)?;
    if overwrite {
        part.persist(path).map_err(|e| cant(e.error))?;
    } else {
        // Refuses rather than replaces a file that appeared meanwhile.
        part.persist_noclobber(path).map_err(|e| cant(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_file;

    #[test]
    fn writes_whole_and_refuses_to_replace_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("báo cáo.csv");
        write_file(&path, b"one", false).unwrap();
        let refused = write_file(&path, b"two", false).unwrap_err();
        assert!(refused.to_string().contains("Đã có tệp"), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_file(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_file(&dir.path().join("không có/a.docx"), b"x", false).unwrap_err();
        assert!(err.to_string().starts_with("Không có thư mục"), "{err}");
        let err = write_file(dir.path(), b"x", false).unwrap_err();
        assert!(err.to_string().contains("là một thư mục"), "{err}");
    }
}
