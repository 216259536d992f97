use dondoc_core::recurrence::Rule;
use dondoc_core::CoreError;

use crate::ApiResult;

/// The Vietnamese label of a recurrence code ("monthly:25" → "Hằng tháng, trước ngày 25"):
/// the window shows the core's own wording and never the code.
#[tauri::command(async)]
pub fn recurrence_label(code: String) -> ApiResult<String> {
    Rule::parse(&code).map(|r| r.label()).map_err(|e| CoreError::invalid("recurrence", e.0).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_core() {
        assert_eq!(recurrence_label("monthly:25".into()).unwrap(), "Hằng tháng, trước ngày 25");
        assert_eq!(recurrence_label("weekly:mon".into()).unwrap(), "Hằng tuần, thứ Hai");
        let err = recurrence_label("monthly:32".into()).unwrap_err();
        assert_eq!((err.code, err.field), (crate::ErrorCode::Validation, Some("recurrence")));
    }
}
