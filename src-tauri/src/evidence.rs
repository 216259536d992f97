//! Evidence files on disk: find a stored file (never outside the evidence folder) and
//! write a copy of it where the office chose, without touching the original.

use std::io;
use std::path::{Component, Path, PathBuf};

use dondoc_core::error::io_reason;
use dondoc_core::queries::updates::Evidence;

use crate::{ApiError, ApiResult, ErrorCode};

fn refused(ev: &Evidence) -> ApiError {
    tracing::warn!("evidence {} points outside the evidence folder: {:?}", ev.id, ev.stored_path);
    ApiError {
        code: ErrorCode::InvalidFile,
        message: format!("Đường dẫn của tệp minh chứng {} nằm ngoài thư mục minh chứng nên không được mở.", ev.file_name),
        field: None,
    }
}

/// The absolute path of an evidence file inside `root`, the app's evidence folder.
///
/// The stored path is relative and made by the core from a sanitised name, but the store
/// is a file others can edit (the CLI imports whole stores), so it is checked again here:
/// only plain relative components, and after symbolic links are followed the file must
/// still be inside `root`. A file that is gone is a `not_found` the office can act on.
pub fn resolve(root: &Path, ev: &Evidence) -> ApiResult<PathBuf> {
    let relative = Path::new(&ev.stored_path);
    if ev.stored_path.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(refused(ev));
    }
    let full = root.join(relative);
    if !full.is_file() {
        return Err(ApiError {
            code: ErrorCode::NotFound,
            message: format!("Không tìm thấy tệp minh chứng {} (đã tìm ở {}). Có thể tệp đã bị xóa hoặc chuyển đi.", ev.file_name, full.display()),
            field: None,
        });
    }
    let (Ok(real_root), Ok(real)) = (root.canonicalize(), full.canonicalize()) else { return Err(refused(ev)) };
    if !real.starts_with(&real_root) {
        return Err(refused(ev));
    }
    Ok(real)
}

/// Writes a copy of `source` at `dest`. The bytes go to a temporary file beside `dest`,
/// are flushed to disk, then renamed over `dest` in one step: a failure half-way leaves
/// neither a truncated `dest` nor a stray temporary file, and `source` is only read.
pub fn save_copy(source: &Path, dest: &Path) -> ApiResult<()> {
    let fail = |e: io::Error| {
        tracing::warn!("cannot copy {} to {}: {e}", source.display(), dest.display());
        ApiError { code: ErrorCode::Io, message: format!("Không lưu được bản sao vào {}: {}.", dest.display(), io_reason(&e)), field: None }
    };
    if let (Ok(a), Ok(b)) = (source.canonicalize(), dest.canonicalize()) {
        if a == b {
            return Err(ApiError {
                code: ErrorCode::Validation,
                message: "Đây chính là tệp minh chứng đang lưu trong ứng dụng; hãy chọn nơi khác để lưu bản sao.".into(),
                field: None,
            });
        }
    }
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return Err(fail(io::Error::from(io::ErrorKind::InvalidInput)));
    };
    let temp = dir.join(format!(".{}.dondoc-{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = std::fs::copy(source, &temp).and_then(|_| std::fs::File::open(&temp)?.sync_all()).and_then(|_| std::fs::rename(&temp, dest));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(stored: &str) -> Evidence {
        Evidence { id: 7, file_name: "Biên bản.pdf".into(), stored_path: stored.into(), added_at: String::new() }
    }

    #[test]
    fn a_stored_file_resolves_inside_the_evidence_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("evidence");
        std::fs::create_dir_all(root.join("12")).unwrap();
        std::fs::write(root.join("12/1-Biên bản.pdf"), b"%PDF-1.4").unwrap();
        let path = resolve(&root, &ev("12/1-Biên bản.pdf")).unwrap();
        assert_eq!(path, root.canonicalize().unwrap().join("12/1-Biên bản.pdf"));
        assert!(path.is_absolute());
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("evidence");
        std::fs::create_dir_all(root.join("12")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"not evidence").unwrap();
        for stored in ["../secret.txt", "12/../../secret.txt", "/etc/passwd", "", "./12/x"] {
            let err = resolve(&root, &ev(stored)).unwrap_err();
            assert_eq!(err.code, "invalid_file", "{stored:?}");
            assert!(err.message.contains("nằm ngoài thư mục minh chứng"), "{}", err.message);
        }
        // A symbolic link inside the folder that points out of it.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("12/2-link.txt")).unwrap();
            assert_eq!(resolve(&root, &ev("12/2-link.txt")).unwrap_err().code, "invalid_file");
        }
    }

    #[test]
    fn a_missing_file_says_so_in_vietnamese() {
        let dir = tempfile::tempdir().unwrap();
        let err = resolve(dir.path(), &ev("12/1-Biên bản.pdf")).unwrap_err();
        assert_eq!(err.code, "not_found");
        assert!(err.message.starts_with("Không tìm thấy tệp minh chứng Biên bản.pdf"), "{}", err.message);
    }

    #[test]
    fn a_copy_replaces_the_destination_whole_and_leaves_the_source_alone() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("1-Biên bản.pdf");
        std::fs::write(&source, b"%PDF-1.4 noi dung").unwrap();
        let dest = dir.path().join("ban sao.pdf");
        std::fs::write(&dest, b"an older file the office chose to replace").unwrap();
        save_copy(&source, &dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.4 noi dung");
        assert_eq!(std::fs::read(&source).unwrap(), b"%PDF-1.4 noi dung");
        let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
    }

    #[test]
    fn a_failed_copy_says_why_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a.pdf");
        std::fs::write(&source, b"x").unwrap();
        let err = save_copy(&source, &dir.path().join("missing-folder/a.pdf")).unwrap_err();
        assert_eq!(err.code, "io");
        assert!(err.message.starts_with("Không lưu được bản sao vào"), "{}", err.message);
        assert!(err.message.ends_with("không tìm thấy tệp hoặc thư mục."), "{}", err.message);
        let err = save_copy(&source, &source).unwrap_err();
        assert_eq!(err.code, "validation", "the evidence file itself is never the destination");
        assert_eq!(std::fs::read(&source).unwrap(), b"x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
