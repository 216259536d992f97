// Every label the window shows for a code, in one place. The vocabularies the core knows
// (statuses, kinds, roles, formats, connection states, backup reasons…) come from its own
// Vietnamese labels through the generated labels.ts; the few below exist only in the window.
import type { AssignmentState, ErrorCode } from './bindings';
import { stateLabels } from './labels';
import { datesIn } from './format';

export * from './labels';

/** The start screen's title for each way the store can fail to open. */
export const storeProblemTitles: Partial<Record<ErrorCode, string>> = {
  locked: 'Tệp dữ liệu đang bị chương trình khác khoá',
  damaged: 'Tệp dữ liệu bị hỏng',
  not_dondoc_file: 'Đây không phải tệp dữ liệu Đôn đốc',
  newer_version: 'Tệp dữ liệu của phiên bản mới hơn',
  read_only: 'Không có quyền ghi vào tệp dữ liệu',
  disk_full: 'Ổ đĩa đã đầy',
};

/** What changed, in a part's history (the audit log's field names). */
export const auditFieldLabels: Record<string, string> = {
  created: 'Tạo mới', state: 'Trạng thái', completed_on: 'Ngày hoàn thành', progress_note: 'Tiến độ', reported_value: 'Kết quả',
  returned: 'Trả lại', cancelled: 'Hủy', deadline: 'Thời hạn', evidence: 'Minh chứng', recurrence_stopped_on: 'Dừng lặp lại',
  period_opened: 'Mở kỳ mới', extension_requested: 'Đề nghị gia hạn', extension_request: 'Xem xét đề nghị gia hạn',
};

/** One old or new value in a part's history, as read: states by their label, a request still
 * waiting as such, every date dd/mm/yyyy (also inside "2027-01-16: lý do"). */
export function historyValue(field: string, v: string | null): string {
  if (v === null) return '—';
  if (field === 'state') return stateLabels[v as AssignmentState] ?? v;
  if (field === 'extension_request' && v === 'pending') return 'Chờ xem xét';
  return datesIn(v);
}
