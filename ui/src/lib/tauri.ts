// The backend over Tauri's IPC: the only module that calls `invoke` and `listen`. Errors
// arrive as {code, message, field?} (ApiError in Rust) and are rethrown as ApiError so
// screens can branch on `code` and show `message` (always Vietnamese).
import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { ApiError, type Backend, type Desk, type EvidenceUpload, type PageAsk, type Portal, type PortalPage } from './backend';
import { isoDate } from './format';
import type {
  AcceptedRow, AppInfo, AssignmentDetail, Credentials, ExtensionRequest, PortalSettings, PortalView, AssignmentFilter, AssignmentRow, AttendeeInput, BackupInfo, BackupsView,
  Completion, ConferenceDetail, ConferenceFilter, ConferenceInput, ConferenceKind, ConferenceSummary, Dashboard,
  ApiError as ApiErrorJson, Evidence, Extension, ParsedAttendee, Person, RestoreOutcome, ReviewRow, RowOutcome, Settings,
  SiteConnection, SitePick, StoreFailure, StoredNotice, TaskInput, Unit, UnitGroup, UnitInput, UnitPage,
  DeskContact, DeskLink, DeskPage, OutboxItem, SyncReport, IssuedNotice, NoticeForm, SuggestedNumber, Written,
  FieldKey, Framework, FrameworkSummary, ParTable, SheetProposal, TaskTags, UnitCard,
} from './bindings';

async function call<T>(cmd: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(cmd, args, options);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
      const err = e as ApiErrorJson;
      throw new ApiError(err.code, err.message, err.field);
    }
    // Never show a raw Rust/IPC text: it is not for the office's eyes.
    console.error(cmd, e);
    throw new ApiError('internal', 'Đã có lỗi không mong muốn. Hãy thử lại hoặc khởi động lại ứng dụng.');
  }
}

/** A sheet's bytes travel raw (as evidence files do); what it is for goes in a header. */
async function sheetCall<T>(cmd: string, file: File, what: object): Promise<T> {
  return call<T>(cmd, new Uint8Array(await file.arrayBuffer()), { headers: { 'x-par': encodeURIComponent(JSON.stringify(what)) } });
}

export const tauriBackend: Backend = {
  appInfo: () => call<AppInfo>('app_info'),
  storeStatus: () => call<StoreFailure | null>('store_status'),
  retryOpen: () => call<StoreFailure | null>('retry_open'),
  backupsView: () => call<BackupsView>('backups_view'),
  backupProblem: () => call<string | null>('backup_problem'),
  backupNow: () => call<BackupInfo>('backup_now'),
  restoreBackup: (fileName: string) => call<RestoreOutcome>('restore_backup', { fileName }),
  restoreBackupFile: () => call<RestoreOutcome | null>('restore_backup_file'),
  chooseBackupFolder: () => call<BackupsView | null>('choose_backup_folder'),
  resetBackupFolder: () => call<BackupsView>('reset_backup_folder'),
  onBackupChanged: (f: () => void) => listen('backup-changed', () => f()),
  onStoreFailed: (f: () => void) => listen('store-failed', () => f()),
  markPainted: () => call<void>('mark_painted'),
  listUnits: () => call<Unit[]>('list_units'),
  listGroups: () => call<UnitGroup[]>('list_groups'),
  listConferences: (filter: ConferenceFilter, asOfDate?: string) =>
    call<ConferenceSummary[]>('list_conferences', { filter, asOfDate }),
  conferenceYears: () => call<number[]>('conference_years'),
  createConference: (input: ConferenceInput) => call<number>('create_conference', { input }),
  updateConference: (id: number, input: ConferenceInput) => call<void>('update_conference', { id, input }),
  updateSite: (siteId: number, connection: SiteConnection, note: string | null, siteLead: string | null, headcount: number | null) =>
    call<void>('update_site', { siteId, connection, note, siteLead, headcount }),
  addAttendees: (conferenceId: number, rows: AttendeeInput[]) => call<RowOutcome[]>('add_attendees', { conferenceId, rows }),
  removeAttendee: (id: number) => call<void>('remove_attendee', { id }),
  setAttendeePresence: (id: number, present: boolean, reason: string | null) =>
    call<void>('set_attendee_presence', { id, present, reason }),
  parseAttendees: (conferenceId: number, text: string, site: SitePick) => call<ParsedAttendee[]>('parse_attendees', { conferenceId, text, site }),
  lastConferenceKind: () => call<ConferenceKind | null>('last_conference_kind'),
  nothingLogged: () => call<boolean>('nothing_logged'),
  searchPeople: (query: string) => call<Person[]>('search_people', { query }),
  loadDemo: () => call<number>('load_demo'),
  readConclusion: (conferenceId: number, text: string, meetingDate?: string | null) =>
    call<ReviewRow[]>('read_conclusion', { conferenceId, text, meetingDate }),
  acceptConclusion: (conferenceId: number, text: string, rows: AcceptedRow[], meetingDate?: string | null) =>
    call<number[]>('accept_conclusion', { conferenceId, text, rows, meetingDate }),
  saveUnit: (input: UnitInput) => call<number>('save_unit', { input }),
  setUnitActive: (id: number, active: boolean) => call<void>('set_unit_active', { id, active }),
  setGroupMembers: (groupId: number, unitIds: number[]) => call<void>('set_group_members', { groupId, unitIds }),
  importRegistry: (json: string) => call<number>('import_registry', { json }),
  exportRegistry: () => call<string>('export_registry'),
  getConference: (id: number, asOfDate?: string) => call<ConferenceDetail>('get_conference', { id, asOfDate }),
  addDirective: (conferenceId: number, text: string) => call<number>('add_directive', { conferenceId, text }),
  createTask: (input: TaskInput, parFields?: string[]) => call<number>('create_task', { input, parFields: parFields ?? [] }),
  unitPage: (unitId: number, asOfDate?: string) => call<UnitPage>('unit_page', { unitId, asOfDate }),
  /** The Vietnamese label of a recurrence code ("monthly:25" → "Hằng tháng, trước ngày 25"). */
  recurrenceLabel: (code: string) => call<string>('recurrence_label', { code }),
  completeAssignment: (id: number, completion: Completion) => call<void>('complete_assignment', { id, completion }),
  listAssignments: (filter: AssignmentFilter, asOfDate?: string) => call<AssignmentRow[]>('list_assignments', { filter, asOfDate }),
  assignmentDetail: (id: number, asOfDate?: string) => call<AssignmentDetail>('assignment_detail', { id, asOfDate }),
  dashboard: (asOfDate?: string) => call<Dashboard>('dashboard', { asOfDate }),
  returnAssignment: (id: number, reason: string) => call<void>('return_assignment', { id, reason }),
  cancelAssignment: (id: number, reason: string) => call<void>('cancel_assignment', { id, reason }),
  addProgressNote: (id: number, note: string) => call<void>('add_progress_note', { id, note }),
  extendDeadline: (taskId: number, assignmentId: number | null, extension: Extension) =>
    call<void>('extend_deadline', { taskId, assignmentId, extension }),
  stopRecurrence: (taskId: number) => call<void>('stop_recurrence', { taskId }),
  getSettings: () => call<Settings>('get_settings'),
  saveSettings: (settings: Settings) => call<void>('save_settings', { settings }),
  listNotices: () => call<StoredNotice[]>('list_notices'),
  noticesBadge: () => call<number>('notices_badge'),
  markNoticesSeen: () => call<void>('mark_notices_seen'),
  addCustomReminder: (taskId: number | null, assignmentId: number | null, at: string, note: string | null) =>
    call<number>('add_custom_reminder', { taskId, assignmentId, at, note }),
  /** A notification was clicked: open this assignment. */
  onOpenAssignment: (f: (assignmentId: number) => void) => listen<number>('open-assignment', (e) => f(e.payload)),
  /** Reminders were kept in the app (no notification service). */
  onNoticesChanged: (f: () => void) => listen('notices-changed', () => f()),
  /** Files one evidence file: its bytes travel raw (no base64, no JSON), the rest in headers. */
  attachEvidence: async (id: number, file: File) =>
    call<Evidence>('attach_evidence', new Uint8Array(await file.arrayBuffer()), {
      headers: { 'x-assignment-id': String(id), 'x-file-name': encodeURIComponent(file.name) },
    }),
  /** Ticks a part off and files its evidence in one step: all of it, or nothing. The files'
   * bytes travel raw, one after the other; their names and sizes go in a header. */
  completeWithEvidence: async (id: number, completion: Completion, files: File[]) => {
    const parts = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (body.set(p, at), at + p.length), 0);
    const list: EvidenceUpload[] = files.map((f, i) => ({ name: f.name, size: parts[i].length }));
    return call<Evidence[]>('complete_with_evidence', body, {
      headers: {
        'x-assignment-id': String(id),
        'x-completion': encodeURIComponent(JSON.stringify(completion)),
        'x-files': encodeURIComponent(JSON.stringify(list)),
      },
    });
  },
  /** Opens an evidence file with the system's default app. */
  openEvidence: (id: number) => call<void>('open_evidence', { id }),
  /** Asks where to save a copy (native dialog); the path written, or null when cancelled. */
  saveEvidenceCopy: (id: number) => call<string | null>('save_evidence_copy', { id }),
  noticeForm: (conferenceId) => call<NoticeForm>('notice_form', { conferenceId }),
  noticeNumber: (conferenceId, year, symbol) => call<SuggestedNumber>('notice_number', { conferenceId, year, symbol }),
  exportNotice: (draft) => call<IssuedNotice | null>('export_notice', { draft }),
  exportCalendar: (unitId) => call<Written | null>('export_calendar', { unitId }),
  exportReport: (scope, asOf, format) => call<Written | null>('export_report', { scope, asOfDate: asOf, format }),
  /** Whether closing the window can hide it to the tray on this desktop. */
  trayAvailable: () => call<boolean>('tray_available'),
  portalView: () => call<PortalView>('portal_view'),
  savePortalSettings: (settings) => call<PortalView>('save_portal_settings', { settings }),
  enablePortalAccount: (code) => call<Credentials>('enable_portal_account', { code }),
  resetPortalPassword: (user) => call<Credentials>('reset_portal_password', { user }),
  disablePortalAccount: (user) => call<void>('disable_portal_account', { user }),
  extensionRequests: (pendingOnly) => call<ExtensionRequest[]>('extension_requests', { pendingOnly }),
  decideExtensionRequest: (id, accept, note) => call<void>('decide_extension_request', { id, accept, note }),
  qrSvg: (text) => call<string>('qr_svg', { text }),
  onPortalChanged: (f) => listen('portal-changed', () => f()),
  parFrameworks: () => call<FrameworkSummary[]>('par_frameworks'),
  parFramework: (year, level) => call<Framework | null>('par_framework', { year, level }),
  saveParFramework: (framework) => call<void>('save_par_framework', { framework }),
  importParFrameworks: (json) => call<FrameworkSummary[]>('import_par_frameworks', { json }),
  parTable: (year, level) => call<ParTable>('par_table', { year, level }),
  parUnitCard: (unitId) => call<UnitCard>('par_unit_card', { unitId }),
  parRemedialTitle: (input) => call<string>('par_remedial_title', { input }),
  parRemedialTask: (input) => call<number>('par_remedial_task', { input }),
  parFields: () => call<FieldKey[]>('par_fields'),
  parTaskTags: (taskIds) => call<TaskTags[]>('par_task_tags', { taskIds }),
  parDirectiveTags: (directiveIds) => call<string[][]>('par_directive_tags', { directiveIds }),
  setParDirectiveTags: (directiveId, keys) => call<void>('set_par_directive_tags', { directiveId, keys }),
  parSheetPreview: (file, year, level, sheet) => sheetCall<SheetProposal>('par_sheet_preview', file, { year, level, sheet }),
  parSheetImport: (file, year, level, mapping, replace) => sheetCall<number>('par_sheet_import', file, { year, level, mapping, replace }),
  exportParTable: (year, level) => call<Written | null>('export_par_table', { year, level }),
};

/** The `next` the desk's list gives: the group and the core's cursor, so a next page stays
 * in its group (the portal's `next` is a whole address holding both). */
function deskNext(status: PageAsk['status'], cursor: string | null): string | null {
  return cursor === null ? null : `${status ?? ''}:${cursor}`;
}

async function deskPage(asOfDate: string, ask: PageAsk = {}): Promise<PortalPage> {
  let status = ask.status;
  let after: string | undefined;
  if (ask.next) {
    const at = ask.next.indexOf(':');
    status = (ask.next.slice(0, at) || undefined) as PageAsk['status'];
    after = ask.next.slice(at + 1);
  }
  const page = await call<DeskPage>('desk_page', { at: asOfDate ? isoDate(asOfDate) : null, ask: { status, limit: ask.limit, after } });
  return { lines: page.lines, next: deskNext(status, page.next), total: page.total };
}

export const tauriDesk: Desk = {
  page: deskPage,
  detail: (id, asOfDate) => call<AssignmentDetail>('desk_detail', { id, at: asOfDate ? isoDate(asOfDate) : null }),
  queue: (id, kind, body) => call<OutboxItem>('desk_queue', { id, kind, body }),
  outbox: () => call<OutboxItem[]>('desk_outbox'),
  dismiss: (id) => call<void>('desk_dismiss', { id }),
  requests: () => call<ExtensionRequest[]>('desk_requests'),
  contacts: () => call<DeskContact[]>('desk_contacts'),
  onDeskChanged: (f) => listen('desk-changed', () => f()),
  // The lead's commands (src-tauri/src/commands/desk_sync.rs): one argument `input`.
  connect: (input) => call<DeskLink>('desk_connect', { input }),
  sync: () => call<SyncReport>('desk_sync'),
};

/** What api.ts takes from this module in the desktop build (vite.config.ts): the window has
 * no portal session, and is the desk of a unit when its store says so. */
export const backend: Backend = tauriBackend;
export const portal: Portal | null = null;
export const desk: Desk | null = tauriDesk;
