//! Errors as the UI sees them: `{"code": "...", "message": "..."}`. The UI branches on
//! `code` and shows `message`, which is always Vietnamese; raw Rust error text of an
//! internal failure is logged, not shown.

use dondoc_core::CoreError;
use serde::Serialize;

/// An error crossing to the UI.
#[derive(Debug, Serialize, PartialEq)]
pub struct ApiError {
    /// Stable machine code: `validation`, `not_found`, `conflict`, `storage`, `io`,
    /// `invalid_file`, `store_unavailable`.
    pub code: &'static str,
    /// Vietnamese message for the user.
    pub message: String,
    /// Input field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let message = match &e {
            // Storage failures carry SQLite's English text; keep it in the log only.
            CoreError::Db(_) | CoreError::Migration(_) => {
                eprintln!("dondoc: storage error: {e}");
                "Lỗi lưu trữ dữ liệu. Thao tác chưa được ghi; hãy thử lại.".to_string()
            }
            _ => e.to_string(),
        };
        ApiError { code: e.code(), message, field: e.field() }
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
        assert_eq!(e.code, "storage");
        assert!(!e.message.contains("SQLITE"), "{}", e.message);
        assert!(e.message.contains("Lỗi lưu trữ"));
    }

    fn rusqlite_error() -> dondoc_core::db::SqlError {
        dondoc_core::db::SqlError::InvalidQuery
    }
}
