//! Errors as the UI sees them: `{"code": "...", "message": "..."}`. The UI branches on
//! `code` and shows `message`, which is always Vietnamese; raw Rust error text of an
//! internal failure is logged, not shown.

use dondoc_core::CoreError;
pub use dondoc_core::ErrorCode;
use serde::Serialize;

/// An error crossing to the UI.
#[derive(Debug, Serialize, PartialEq, ts_rs::TS)]
pub struct ApiError {
    /// Stable machine code: `validation`, `not_found`, `conflict`, `storage`, `io`,
    /// `invalid_file`, a store problem (`locked`, `disk_full`, `read_only`, `damaged`,
    /// `not_dondoc_file`, `newer_version`), or `store_unavailable` when no store is open.
    pub code: ErrorCode,
    /// Vietnamese message for the user.
    pub message: String,
    /// Input field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<&'static str>,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        // The message is Vietnamese; SQLite's or the system's English words go to the log.
        if let Some(detail) = e.detail() {
            tracing::warn!("{}: {detail}", e.code());
        }
        ApiError { code: e.code(), message: e.to_string(), field: e.field() }
    }
}

/// Result of a command.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_errors_serialize_with_code_message_and_field() {
        let e: ApiError = CoreError::invalid("title", "Tên hội nghị không được để trống.").into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "validation", "message": "Tên hội nghị không được để trống.", "field": "title"})
        );
    }

    #[test]
    fn storage_errors_hide_sqlite_text() {
        let e: ApiError = CoreError::Db(rusqlite_error()).into();
        assert_eq!(e.code, ErrorCode::Storage);
        assert!(!e.message.contains("SQLITE"), "{}", e.message);
        assert!(e.message.contains("Lỗi cơ sở dữ liệu"), "{}", e.message);
    }

    #[test]
    fn a_full_disk_has_its_own_code_and_words() {
        let io: ApiError = CoreError::Io(std::io::Error::from(std::io::ErrorKind::StorageFull)).into();
        assert_eq!((io.code, io.message.as_str()), (ErrorCode::DiskFull, "Lỗi đọc/ghi tệp: ổ đĩa đã đầy."));
    }

    fn rusqlite_error() -> dondoc_core::db::SqlError {
        dondoc_core::db::SqlError::InvalidQuery
    }
}
