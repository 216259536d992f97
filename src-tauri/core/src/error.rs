//! Typed errors of the core. Every variant carries a Vietnamese message meant for the user;
//! the shell turns them into `{code, message}` for the UI, which branches on `code` only.

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
    /// The SQLite store failed.
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Db(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("Không nâng cấp được cơ sở dữ liệu: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A file could not be read or written.
    #[error("Lỗi đọc/ghi tệp: {0}")]
    Io(#[from] std::io::Error),
    /// A JSON document could not be read.
    #[error("Tệp JSON không hợp lệ: {0}")]
    Json(#[from] serde_json::Error),
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

    /// Stable machine code for the UI and the CLI: `validation`, `not_found`, `conflict`,
    /// `storage`, `io` or `invalid_file`.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Validation { .. } => "validation",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Conflict(_) => "conflict",
            CoreError::Db(_) | CoreError::Migration(_) => "storage",
            CoreError::Io(_) => "io",
            CoreError::Json(_) => "invalid_file",
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
