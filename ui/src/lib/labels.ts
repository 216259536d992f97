// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit:
// change the Rust type, then run `make bindings`. A test fails while this file is stale.
import type { UnitKind, ConferenceKind, ConferenceFormat, ConferenceStatus, SiteConnection, AttendeeRole, TaskRole, AssignmentState, TargetOp, TargetScope, ParLevel, StatusCode, BackupReason } from './bindings';

/** Loại đơn vị. */
export const unitKindLabels: Record<UnitKind, string> = {
  "town": "Thị trấn",
  "commune": "Xã",
  "department": "Phòng chuyên môn",
  "agency": "Đơn vị trực thuộc",
  "external": "Cơ quan ngoài",
  "district": "UBND huyện",
};

/** Loại hội nghị. */
export const conferenceKindLabels: Record<ConferenceKind, string> = {
  "tong_ket": "Tổng kết",
  "so_ket": "Sơ kết",
  "giao_ban": "Giao ban",
  "chuyen_de": "Chuyên đề",
  "other": "Khác",
};

/** Hình thức hội nghị. */
export const formatLabels: Record<ConferenceFormat, string> = {
  "in_person": "Trực tiếp",
  "online": "Trực tuyến",
  "hybrid": "Kết hợp",
};

/** Trạng thái hội nghị. */
export const conferenceStatusLabels: Record<ConferenceStatus, string> = {
  "planned": "Dự kiến",
  "held": "Đã họp",
  "concluded": "Đã kết luận",
};

/** Tình trạng kết nối của điểm cầu. */
export const connectionLabels: Record<SiteConnection, string> = {
  "connected": "Đã kết nối",
  "not_connected": "Không kết nối",
  "partial": "Kết nối một phần",
};

/** Vai trò của đại biểu. */
export const roleLabels: Record<AttendeeRole, string> = {
  "chair": "Chủ trì",
  "directing": "Dự và chỉ đạo",
  "reporter": "Báo cáo",
  "secretary": "Thư ký",
  "delegate": "Đại biểu",
};

/** Vai trò của đơn vị trong nhiệm vụ. */
export const taskRoleLabels: Record<TaskRole, string> = {
  "lead": "Chủ trì",
  "coordinator": "Phối hợp",
};

/** Trạng thái ghi nhận của phần việc. */
export const stateLabels: Record<AssignmentState, string> = {
  "not_started": "Chưa thực hiện",
  "in_progress": "Đang thực hiện",
  "done": "Đã hoàn thành",
  "cancelled": "Đã hủy",
};

/** Phép so sánh của chỉ tiêu. */
export const targetOpLabels: Record<TargetOp, string> = {
  ">": ">",
  ">=": "≥",
  "=": "=",
  "<=": "≤",
  "<": "<",
};

/** Phạm vi chỉ tiêu. */
export const targetScopeLabels: Record<TargetScope, string> = {
  "each": "Mỗi đơn vị",
  "total": "Tổng",
};

/** Cấp đánh giá chỉ số CCHC. */
export const parLevelLabels: Record<ParLevel, string> = {
  "commune": "Cấp xã",
  "district": "Cấp huyện",
  "department": "Cơ quan chuyên môn",
};

/** Trạng thái của phần việc tính đến một ngày, theo thứ tự báo cáo. */
export const statusLabels: Record<StatusCode, string> = {
  "done_on_time": "Hoàn thành đúng hạn",
  "done_late": "Hoàn thành quá hạn",
  "done_no_deadline": "Hoàn thành",
  "target_missed": "Không đạt chỉ tiêu",
  "in_progress": "Đang thực hiện trong hạn",
  "overdue": "Quá hạn chưa hoàn thành",
  "open_no_deadline": "Chưa có thời hạn",
  "cancelled": "Đã hủy",
};

/** Lý do tạo bản sao lưu. */
export const backupReasonLabels: Record<BackupReason, string> = {
  "daily": "Sao lưu hằng ngày",
  "before-migration": "Trước khi nâng cấp dữ liệu",
  "before-import": "Trước khi nhập dữ liệu thay thế",
  "before-restore": "Trước khi khôi phục",
  "manual": "Sao lưu theo yêu cầu",
};
