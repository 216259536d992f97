// The only module that talks to the Rust side. Every command has a typed function here;
// errors arrive as {code, message, field?} and are rethrown as ApiError so screens can
// branch on `code` and show `message` (always Vietnamese).
import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

export type UnitKind = 'town' | 'commune' | 'department' | 'agency' | 'external' | 'district';
export type ConferenceKind = 'tong_ket' | 'so_ket' | 'giao_ban' | 'chuyen_de' | 'other';
export type ConferenceFormat = 'in_person' | 'online' | 'hybrid';
export type ConferenceStatus = 'planned' | 'held' | 'concluded';
export type SiteConnection = 'connected' | 'not_connected' | 'partial';
export type AssignmentState = 'not_started' | 'in_progress' | 'done' | 'cancelled';
export type StatusCode =
  | 'done_on_time'
  | 'done_late'
  | 'done_no_deadline'
  | 'target_missed'
  | 'in_progress'
  | 'overdue'
  | 'open_no_deadline'
  | 'cancelled';

export interface AppInfo { dbPath: string; today: string; version: string; district: string }
/** Why the store could not be opened: `locked`, `damaged`, `not_dondoc_file`, `newer_version`, `read_only`, `disk_full`… */
export interface StoreFailure { code: string; message: string }
export type BackupReason = 'daily' | 'before-migration' | 'before-import' | 'before-restore' | 'manual';
/** One backup (a zip of the store and its evidence). `problem` is set when it cannot be used. */
export interface BackupInfo {
  path: string; fileName: string; takenAt: string; reason: BackupReason; reasonLabel: string;
  sizeBytes: number; assignments: number; schemaVersion: number; evidenceFiles: number; problem: string | null;
}
export interface BackupsView { folder: string; defaultFolder: string; chosen: boolean; backups: BackupInfo[]; problem: string | null }
export interface RestoreOutcome {
  restored: BackupInfo; safetyBackup: BackupInfo | null; damagedStore: string | null; previousEvidence: string | null; schemaVersion: number;
}

export interface Unit {
  id: number; code: string; name: string; shortName: string; kind: UnitKind;
  aliases: string[]; note: string | null; active: boolean; position: number;
}
export interface UnitGroup { id: number; code: string; name: string; aliases: string[]; note: string | null; unitIds: number[] }

export interface Progress { total: number; done: number; doneOnTime: number; overdue: number }

export interface Conference {
  id: number; title: string; kind: ConferenceKind; startsAt: string; endsAt: string | null;
  format: ConferenceFormat; hostLocation: string | null; chairName: string | null; content: string | null;
  noticeNumber: string | null; noticeDate: string | null; status: ConferenceStatus;
}
/** sitesConnected counts fully and partly connected sites; sitesPartial the partly ones among them. */
export interface ConferenceSummary extends Conference { sitesTotal: number; sitesConnected: number; sitesPartial: number; progress: Progress }
export interface Site {
  id: number; unitId: number; unitName: string; unitShortName: string; connection: SiteConnection;
  siteLead: string | null; headcount: number | null; note: string | null;
}
export interface Target { metric: string; op: '>' | '>=' | '=' | '<=' | '<'; value: number; unit?: string | null; scope: 'each' | 'total' }
export interface TaskUnit {
  unitId: number; unitShortName: string; role: 'lead' | 'coordinator'; viaGroupId: number | null; viaGroupName: string | null;
}
export interface Task {
  id: number; directiveId: number | null; sourceRef: string | null; title: string; description: string | null;
  deadline: string | null; starred: boolean; target: Target | null; units: TaskUnit[];
  recurrence: string | null; recurrenceLabel: string | null; recurrenceStoppedOn: string | null;
  /** The date the task was given (YYYY-MM-DD). */
  givenOn: string | null;
}
export interface TaskWithProgress extends Task { progress: Progress }
export interface DirectiveWithTasks { id: number; conferenceId: number; ordinal: number; text: string; tasks: TaskWithProgress[] }
export type AttendeeRole = 'chair' | 'directing' | 'reporter' | 'secretary' | 'delegate';
export interface Attendee {
  id: number; personId: number | null; name: string; position: string | null; unitId: number | null;
  unitShortName: string | null; siteId: number | null; role: AttendeeRole; present: boolean; absenceReason: string | null;
}
export interface AttendeeInput {
  name: string; position?: string | null; unitId?: number | null; siteId?: number | null; role: AttendeeRole;
  present?: boolean; absenceReason?: string | null;
}
export interface Figure { label: string; value: number; unit?: string | null }
export interface CarryOver { from: Conference; tasks: TaskWithProgress[] }
export interface ConferenceDetail {
  carryOver: CarryOver | null;
  conference: Conference; sites: Site[]; directives: DirectiveWithTasks[]; attendees: Attendee[]; figures: Figure[]; progress: Progress;
}
export interface ConferenceFilter { year?: number | null; kind?: ConferenceKind | null; query?: string | null }
export interface ParsedAttendee {
  line: number; name: string; position: string | null; unitId: number | null; unitText: string | null;
  siteId: number | null; siteText: string | null; problem: string | null;
}
/** Where pasted people sit when their line names no site: by their unit, the main hall, or one site. */
export type SitePick = { mode: 'auto' } | { mode: 'host' } | { mode: 'site'; siteId: number };
/** One row of a batch of attendees: its new id, or why it was skipped. */
export interface RowOutcome { id: number | null; problem: string | null }
export interface Person { id: number; name: string; position: string | null; unitId: number | null; unitShortName: string | null }
export interface UnitInput { id?: number | null; code: string; name: string; shortName: string; kind: UnitKind; aliases: string[]; note?: string | null }

export interface ConferenceInput {
  title: string; kind?: ConferenceKind; startsAt: string; endsAt?: string | null; format: ConferenceFormat;
  hostLocation?: string | null; chairName?: string | null; content?: string | null;
  noticeNumber?: string | null; noticeDate?: string | null; status?: ConferenceStatus; siteUnitIds?: number[];
  leaders?: AttendeeInput[]; figures?: Figure[];
}
export interface TaskInput {
  directiveId?: number | null; sourceRef?: string | null; title: string; description?: string | null;
  deadline?: string | null; leadUnitIds: number[]; leadGroupIds: number[]; coordinatorUnitIds: number[];
  starred: boolean; target?: Target | null; recurrence?: string | null;
  /** Ngày giao (dd/mm/yyyy); empty: the conference's date, or today for a standalone task. */
  givenOn?: string | null;
}
export interface AssignmentRow {
  id: number; taskId: number; taskTitle: string; starred: boolean; unitId: number; unitCode: string; unitName: string;
  conferenceId: number | null; conferenceTitle: string | null; period: string; periodLabel: string | null; opensOn: string;
  deadline: string | null; state: AssignmentState;
  completedOn: string | null; progressNote: string | null; stateReason: string | null; reportedValue: number | null;
  target: Target | null; status: StatusCode; statusLabel: string;
}
export interface AssignmentFilter {
  unitId?: number | null; taskId?: number | null; conferenceId?: number | null; status?: StatusCode | null; starred?: boolean | null;
  query?: string | null; limit?: number | null;
}
export interface Evidence { id: number; fileName: string; storedPath: string; addedAt: string }
export interface ExtensionRecord { assignmentId: number | null; oldDeadline: string | null; newDeadline: string; reason: string; decidedBy: string; at: string }
export interface AuditEntry { entity: string; entityId: number; field: string; oldValue: string | null; newValue: string | null; actor: string; at: string }
/** An evidence file the window sends: its name and how many of the body's bytes are its. */
export interface EvidenceUpload { name: string; size: number }
export interface AssignmentDetail { row: AssignmentRow; evidence: Evidence[]; extensions: ExtensionRecord[]; history: AuditEntry[] }
export interface Extension { newDeadline: string; reason: string; decidedBy: string }
export interface UnitStatsRow {
  unitId: number; unitName: string; onTimePercent: number | null; unit: string; total: number;
  done_on_time: number; done_late: number; done_no_deadline: number; in_progress: number; open_no_deadline: number;
  overdue: number; target_missed: number; cancelled: number; coordinating: number;
}
export interface CoordinatedTask {
  taskId: number; title: string; deadline: string | null; recurrenceLabel: string | null; givenOn: string | null;
  conferenceId: number | null; conferenceTitle: string | null; leads: string[]; progress: Progress;
}
export interface UnitPage {
  asOf: string; counts: Omit<UnitStatsRow, 'unitId' | 'unitName' | 'onTimePercent'>; onTimePercent: number | null;
  assignments: AssignmentRow[]; coordinating: CoordinatedTask[];
}
export interface Dashboard {
  asOf: string; units: UnitStatsRow[]; conferences: ConferenceSummary[]; conferencesTotal: number; overdue: AssignmentRow[]; overdueTotal: number; starred: AssignmentRow[];
}
export interface Completion { completedOn: string; note?: string | null; reportedValue?: number | null }

export interface ProposedTask {
  assignees: string[]; coordinators: string[]; deadline: string | null; recurrence: string | null;
  target: Target | null; summary: string; span: [number, number];
}
export interface ReviewRow {
  proposed: ProposedTask; sentence: string; directiveNumber: number | null; directiveText: string;
  leadUnitIds: number[]; leadGroupIds: number[]; coordinatorUnitIds: number[];
}
/** `sentence` is the directive's text: rows with the same number and text share one directive. */
export interface AcceptedRow extends TaskInput { sentence: string; directiveNumber?: number | null }

export interface Settings {
  reminderTime: string; offsets: number[]; workingDays: number[]; quietHours: boolean; workStart: string; workEnd: string;
  morningDigest: boolean; closeToTray: boolean; autostart: boolean; startHidden: boolean;
}
export interface StoredNotice {
  id: number; createdAt: string; kind: string; summary: string; body: string; assignmentId: number | null; delivered: boolean; seen: boolean;
}

export class ApiError extends Error {
  constructor(public code: string, message: string, public field?: string) {
    super(message);
  }
}

async function call<T>(cmd: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(cmd, args, options);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
      const err = e as { code: string; message: string; field?: string };
      throw new ApiError(err.code, err.message, err.field);
    }
    // Never show a raw Rust/IPC text: it is not for the office's eyes.
    console.error(cmd, e);
    throw new ApiError('internal', 'Đã có lỗi không mong muốn. Hãy thử lại hoặc khởi động lại ứng dụng.');
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  storeStatus: () => call<StoreFailure | null>('store_status'),
  retryOpen: () => call<StoreFailure | null>('retry_open'),
  backupsView: () => call<BackupsView>('backups_view'),
  backupNow: () => call<BackupInfo>('backup_now'),
  restoreBackup: (fileName: string) => call<RestoreOutcome>('restore_backup', { fileName }),
  restoreBackupFile: () => call<RestoreOutcome | null>('restore_backup_file'),
  chooseBackupFolder: () => call<BackupsView | null>('choose_backup_folder'),
  resetBackupFolder: () => call<BackupsView>('reset_backup_folder'),
  onBackupChanged: (f: () => void): Promise<UnlistenFn> => listen('backup-changed', () => f()),
  onStoreFailed: (f: () => void): Promise<UnlistenFn> => listen('store-failed', () => f()),
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
  acceptConclusion: (conferenceId: number, rows: AcceptedRow[]) => call<number[]>('accept_conclusion', { conferenceId, rows }),
  saveUnit: (input: UnitInput) => call<number>('save_unit', { input }),
  setUnitActive: (id: number, active: boolean) => call<void>('set_unit_active', { id, active }),
  setGroupMembers: (groupId: number, unitIds: number[]) => call<void>('set_group_members', { groupId, unitIds }),
  importRegistry: (json: string) => call<number>('import_registry', { json }),
  exportRegistry: () => call<string>('export_registry'),
  getConference: (id: number, asOfDate?: string) => call<ConferenceDetail>('get_conference', { id, asOfDate }),
  addDirective: (conferenceId: number, text: string) => call<number>('add_directive', { conferenceId, text }),
  createTask: (input: TaskInput) => call<number>('create_task', { input }),
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
  onOpenAssignment: (f: (assignmentId: number) => void): Promise<UnlistenFn> => listen<number>('open-assignment', (e) => f(e.payload)),
  /** Reminders were kept in the app (no notification service). */
  onNoticesChanged: (f: () => void): Promise<UnlistenFn> => listen('notices-changed', () => f()),
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
  /** Whether closing the window can hide it to the tray on this desktop. */
  trayAvailable: () => call<boolean>('tray_available'),
};
