//! Typed errors of the core. Every variant carries a Vietnamese message meant for the user;
//! the shell turns them into `{code, message}` for the UI, which branches on `code` only.

use serde::Serialize;
use thiserror::Error;

/// Result alias used throughout the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input: the message says, in Vietnamese, what is wrong and how to fix it.
    #[error("{message}")]
    Validation {
        /// The input field at fault (machine name, e.g. `title`), for the UI to highlight.
        field: &'static str,
        /// Vietnamese explanation shown to the user.
        message: String,
    },
    /// A referenced record does not exist (or no longer exists).
    #[error("Không tìm thấy {entity} (mã {id}).")]
    NotFound {
        /// Vietnamese name of the kind of record, e.g. "hội nghị".
        entity: &'static str,
        /// The identifier that was looked up.
        id: String,
    },
    /// The request conflicts with the data already stored (e.g. importing into a non-empty store).
    #[error("{0}")]
    Conflict(String),
    /// The store file cannot be used as it is (not ours, damaged, newer, locked, read-only,
    /// disk full). The file is left as it was.
    #[error("{message}")]
    Store {
        /// What is wrong, for the UI to offer the right way out (retry, restore…).
        problem: StoreProblem,
        /// Vietnamese explanation naming the file.
        message: String,
        /// SQLite's or the system's own words, for the log only.
        detail: String,
    },
    /// The SQLite store failed. SQLite's English text stays in [`CoreError::detail`].
    #[error("{}", db_message(.0))]
    Db(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("Không nâng cấp được cơ sở dữ liệu lên phiên bản mới; dữ liệu được giữ nguyên. {}", migration_hint(.0))]
    Migration(#[from] rusqlite_migration::Error),
    /// A file could not be read or written.
    #[error("Lỗi đọc/ghi tệp: {}.", io_reason(.0))]
    Io(#[from] std::io::Error),
    /// A file operation failed, with what was being done and where, in Vietnamese.
    #[error("{message}")]
    File {
        /// E.g. "Không tạo được thư mục sao lưu /media/usb: ổ đĩa đã đầy."
        message: String,
        /// The system's error, for the code and the log.
        source: std::io::Error,
    },
    /// A JSON document could not be read.
    #[error("Tệp JSON không hợp lệ (dòng {}, cột {}).", .0.line(), .0.column())]
    Json(#[from] serde_json::Error),
    /// A refusal of the unit portal (not logged in, wrong password, locked, not allowed…):
    /// its own code, so the server answers with the right HTTP status.
    #[error("{message}")]
    Portal {
        /// One of the portal's codes ([`ErrorCode::Unauthenticated`] and after).
        code: ErrorCode,
        /// Vietnamese explanation shown to the unit.
        message: String,
    },
}

/// The stable machine code of an error, as the window and the CLI see it. One enum, so the
/// window's TypeScript gets the same closed set (a string union) and branches on it; the
/// JSON values are a contract (the e2e tests and the CLI's output use them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Bad input; the error names the field.
    Validation,
    /// A record that does not exist (any more).
    NotFound,
    /// The request conflicts with the data already stored.
    Conflict,
    /// The SQLite store failed for a reason that has no code of its own.
    Storage,
    /// A file could not be read or written.
    Io,
    /// A file (JSON, evidence) that cannot be read as what it should be.
    InvalidFile,
    /// [`StoreProblem::NotOurs`].
    NotDondocFile,
    /// [`StoreProblem::Damaged`].
    Damaged,
    /// [`StoreProblem::Newer`].
    NewerVersion,
    /// [`StoreProblem::Locked`].
    Locked,
    /// [`StoreProblem::ReadOnly`].
    ReadOnly,
    /// [`StoreProblem::DiskFull`].
    DiskFull,
    /// No store is open (it failed to open): the window shows why and the way out.
    StoreUnavailable,
    /// The store is closed while a backup is being restored.
    Restoring,
    /// An answer the window could not read (an IPC failure): never sent by Rust, named here
    /// so the window's set of codes is this one.
    Internal,
    /// The portal: no session, or one that expired or was closed.
    Unauthenticated,
    /// The portal: unknown user name or wrong password (never says which).
    WrongCredentials,
    /// The portal: too many wrong passwords, the account waits.
    AccountLocked,
    /// The portal: the initial (or reset) password must be changed first.
    PasswordChangeRequired,
    /// The portal: this account may not do that (a leader writing, a unit deciding).
    Forbidden,
    /// The portal: a new password too easy to guess.
    WeakPassword,
    /// The portal: an upload over its limit.
    TooLarge,
    /// The portal: an upload of a kind of file not accepted as evidence.
    UnsupportedFileType,
    /// The portal: a state-changing request from another site (or with no `Origin`).
    BadOrigin,
    /// The portal: too many log-in attempts from one address.
    Throttled,
    /// A unit's desk: the office's certificate is not the one pinned when the desk was
    /// connected (another machine, or the office changed its certificate). Never accepted:
    /// the unit must check the new fingerprint with the office and connect again.
    CertificateMismatch,
    /// A unit's desk: the office's portal cannot be reached (network, address, office PC
    /// off). Nothing is lost: queued actions wait for the next try.
    Unreachable,
}

impl ErrorCode {
    /// The code as JSON and the CLI write it (`not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Storage => "storage",
            ErrorCode::Io => "io",
            ErrorCode::InvalidFile => "invalid_file",
            ErrorCode::NotDondocFile => "not_dondoc_file",
            ErrorCode::Damaged => "damaged",
            ErrorCode::NewerVersion => "newer_version",
            ErrorCode::Locked => "locked",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::StoreUnavailable => "store_unavailable",
            ErrorCode::Restoring => "restoring",
            ErrorCode::Internal => "internal",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::WrongCredentials => "wrong_credentials",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::UnsupportedFileType => "unsupported_file_type",
            ErrorCode::BadOrigin => "bad_origin",
            ErrorCode::Throttled => "throttled",
            ErrorCode::CertificateMismatch => "certificate_mismatch",
            ErrorCode::Unreachable => "unreachable",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets callers and tests compare with the JSON form (`e.code() == "validation"`).
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Why a store file cannot be used. Each has its own code, so the window can offer the
/// matching way out: retry when locked, a backup when damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreProblem {
    /// Not a Đôn đốc store: another program's file, an empty or random file.
    NotOurs,
    /// A Đôn đốc store that SQLite finds damaged (truncated, failed check).
    Damaged,
    /// Written by a newer Đôn đốc (a schema this build does not know).
    Newer,
    /// Another program holds a lock on the file.
    Locked,
    /// The file or its folder cannot be written.
    ReadOnly,
    /// The disk is full.
    DiskFull,
}

impl StoreProblem {
    /// Stable machine code.
    pub fn code(self) -> ErrorCode {
        match self {
            StoreProblem::NotOurs => ErrorCode::NotDondocFile,
            StoreProblem::Damaged => ErrorCode::Damaged,
            StoreProblem::Newer => ErrorCode::NewerVersion,
            StoreProblem::Locked => ErrorCode::Locked,
            StoreProblem::ReadOnly => ErrorCode::ReadOnly,
            StoreProblem::DiskFull => ErrorCode::DiskFull,
        }
    }

    /// The problem an SQLite failure stands for, if it is one of these.
    pub fn of_sqlite(e: &rusqlite::Error) -> Option<StoreProblem> {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code()? {
            DatabaseBusy | DatabaseLocked => Some(StoreProblem::Locked),
            DiskFull => Some(StoreProblem::DiskFull),
            ReadOnly => Some(StoreProblem::ReadOnly),
            DatabaseCorrupt | NotADatabase => Some(StoreProblem::Damaged),
            _ => None,
        }
    }

    /// The problem a failed file operation stands for, if it is one of these.
    pub fn of_io(e: &std::io::Error) -> Option<StoreProblem> {
        use std::io::ErrorKind::*;
        match e.kind() {
            PermissionDenied | ReadOnlyFilesystem => Some(StoreProblem::ReadOnly),
            StorageFull | QuotaExceeded | FileTooLarge => Some(StoreProblem::DiskFull),
            _ => None,
        }
    }
}

fn db_message(e: &rusqlite::Error) -> &'static str {
    match StoreProblem::of_sqlite(e) {
        Some(StoreProblem::Locked) => "Tệp dữ liệu đang bị một chương trình khác giữ; thao tác chưa được ghi. Hãy thử lại sau giây lát.",
        Some(StoreProblem::DiskFull) => "Ổ đĩa chứa dữ liệu đã đầy; thao tác chưa được ghi. Hãy giải phóng dung lượng rồi thử lại.",
        Some(StoreProblem::ReadOnly) => "Không có quyền ghi vào tệp dữ liệu; thao tác chưa được ghi.",
        Some(StoreProblem::Damaged) => "Tệp dữ liệu bị hỏng. Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu).",
        _ => match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => "Dữ liệu không hợp lệ (vi phạm ràng buộc của cơ sở dữ liệu); thao tác chưa được ghi.",
            _ => "Lỗi cơ sở dữ liệu; thao tác chưa được ghi. Chi tiết đã ghi vào nhật ký.",
        },
    }
}

fn migration_hint(e: &rusqlite_migration::Error) -> &'static str {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => db_message(err),
        _ => "Chi tiết đã ghi vào nhật ký.",
    }
}

/// A Vietnamese reason for a failed file operation; the system's English text goes to the
/// log through [`CoreError::detail`].
pub fn io_reason(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "không tìm thấy tệp hoặc thư mục",
        PermissionDenied | ReadOnlyFilesystem => "không có quyền ghi hoặc đọc",
        StorageFull | QuotaExceeded | FileTooLarge => "ổ đĩa đã đầy",
        AlreadyExists => "đã có một tệp trùng tên",
        IsADirectory => "đó là một thư mục, không phải tệp",
        NotADirectory => "đường dẫn không phải thư mục",
        InvalidData | UnexpectedEof => "nội dung tệp không đọc được",
        _ => "lỗi hệ thống tệp",
    }
}

impl CoreError {
    /// Builds a validation error for `field` with a Vietnamese `message`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::Validation { field, message: message.into() }
    }

    /// Builds a not-found error.
    pub fn not_found(entity: &'static str, id: impl ToString) -> Self {
        CoreError::NotFound { entity, id: id.to_string() }
    }

    /// A failed file operation: `doing` (Vietnamese, e.g. "Không tạo được thư mục sao lưu")
    /// on `path`, with the system's reason in Vietnamese.
    pub fn file(doing: &str, path: &std::path::Path, e: std::io::Error) -> Self {
        CoreError::File { message: format!("{doing} {} ({}).", path.display(), io_reason(&e)), source: e }
    }

    /// A refusal of the unit portal with its `code` and Vietnamese `message`.
    pub fn portal(code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError::Portal { code, message: message.into() }
    }

    /// Builds a store problem for the file at `path`; `detail` is kept for the log.
    pub fn store(problem: StoreProblem, message: impl Into<String>, detail: impl ToString) -> Self {
        CoreError::Store { problem, message: message.into(), detail: detail.to_string() }
    }

    /// Stable machine code for the UI and the CLI: `validation`, `not_found`, `conflict`,
    /// `storage`, `io`, `invalid_file`, or a [`StoreProblem`]'s code (`locked`,
    /// `disk_full`, `damaged`…).
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Validation { .. } => ErrorCode::Validation,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::Store { problem, .. } => problem.code(),
            CoreError::Db(e) => StoreProblem::of_sqlite(e).map_or(ErrorCode::Storage, StoreProblem::code),
            CoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                StoreProblem::of_sqlite(err).map_or(ErrorCode::Storage, StoreProblem::code)
            }
            CoreError::Migration(_) => ErrorCode::Storage,
            CoreError::Io(e) | CoreError::File { source: e, .. } => StoreProblem::of_io(e).map_or(ErrorCode::Io, StoreProblem::code),
            CoreError::Json(_) => ErrorCode::InvalidFile,
            CoreError::Portal { code, .. } => *code,
        }
    }

    /// The technical text behind the Vietnamese message (SQLite's or the system's words),
    /// for the log; never shown to the office.
    pub fn detail(&self) -> Option<String> {
        match self {
            CoreError::Store { detail, .. } => Some(detail.clone()),
            CoreError::Db(e) => Some(e.to_string()),
            CoreError::Migration(e) => Some(e.to_string()),
            CoreError::Io(e) | CoreError::File { source: e, .. } => Some(e.to_string()),
            CoreError::Json(e) => Some(e.to_string()),
            _ => None,
        }
    }

    /// The store problem this error stands for, if any.
    pub fn store_problem(&self) -> Option<StoreProblem> {
        match self {
            CoreError::Store { problem, .. } => Some(*problem),
            CoreError::Db(e) => StoreProblem::of_sqlite(e),
            CoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => StoreProblem::of_sqlite(err),
            CoreError::Io(e) | CoreError::File { source: e, .. } => StoreProblem::of_io(e),
            _ => None,
        }
    }

    /// The field at fault, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32, text: &str) -> CoreError {
        CoreError::Db(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(text.into())))
    }

    #[test]
    fn error_codes_serialise_as_their_contract_strings() {
        let all = [
            (ErrorCode::Validation, "validation"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::Conflict, "conflict"),
            (ErrorCode::Storage, "storage"),
            (ErrorCode::Io, "io"),
            (ErrorCode::InvalidFile, "invalid_file"),
            (ErrorCode::NotDondocFile, "not_dondoc_file"),
            (ErrorCode::Damaged, "damaged"),
            (ErrorCode::NewerVersion, "newer_version"),
            (ErrorCode::Locked, "locked"),
            (ErrorCode::ReadOnly, "read_only"),
            (ErrorCode::DiskFull, "disk_full"),
            (ErrorCode::StoreUnavailable, "store_unavailable"),
            (ErrorCode::Restoring, "restoring"),
            (ErrorCode::Internal, "internal"),
            (ErrorCode::Unauthenticated, "unauthenticated"),
            (ErrorCode::WrongCredentials, "wrong_credentials"),
            (ErrorCode::AccountLocked, "account_locked"),
            (ErrorCode::PasswordChangeRequired, "password_change_required"),
            (ErrorCode::Forbidden, "forbidden"),
            (ErrorCode::WeakPassword, "weak_password"),
            (ErrorCode::TooLarge, "too_large"),
            (ErrorCode::UnsupportedFileType, "unsupported_file_type"),
            (ErrorCode::BadOrigin, "bad_origin"),
            (ErrorCode::Throttled, "throttled"),
            (ErrorCode::CertificateMismatch, "certificate_mismatch"),
            (ErrorCode::Unreachable, "unreachable"),
        ];
        for (code, json) in all {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(json), "the JSON the window branches on");
            assert_eq!(code.as_str(), json, "the CLI prints the same words as the JSON");
        }
    }

    #[test]
    fn sqlite_failures_get_their_own_code_and_vietnamese_words_only() {
        use rusqlite::ffi::*;
        let cases = [
            (SQLITE_FULL, "database or disk is full", "disk_full", "Ổ đĩa chứa dữ liệu đã đầy"),
            (SQLITE_BUSY, "database is locked", "locked", "chương trình khác giữ"),
            (SQLITE_READONLY, "attempt to write a readonly database", "read_only", "Không có quyền ghi"),
            (SQLITE_CORRUPT, "database disk image is malformed", "damaged", "bị hỏng"),
            (SQLITE_NOTADB, "file is not a database", "damaged", "bị hỏng"),
            (SQLITE_CONSTRAINT, "FOREIGN KEY constraint failed", "storage", "vi phạm ràng buộc"),
            (SQLITE_IOERR, "disk I/O error", "storage", "Chi tiết đã ghi vào nhật ký"),
        ];
        for (code, english, expected, says) in cases {
            let e = sqlite(code, english);
            assert_eq!(e.code(), expected, "{english}");
            let shown = e.to_string();
            assert!(shown.contains(says), "{english}: {shown}");
            assert!(!shown.contains(english), "{english}: {shown}");
            assert!(e.detail().unwrap().contains(english), "the log keeps SQLite's words");
        }
    }
}
