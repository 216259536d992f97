// What the window asks of the backend, as one interface: the views call `api` (api.ts) and
// never know how it is reached. Today one implementation, Tauri's IPC (tauri.ts); the LAN
// portal's page has an HTTP one (web.ts); vite.config.ts picks one per build. Every type comes from the Rust types
// (bindings.ts, generated), so a renamed field or a new code fails `npm run check`.
import type {
  AcceptedRow, AppInfo, AssignmentLine, Credentials, ExtensionRequest, PortalSettings, PortalView, AssignmentDetail, AssignmentFilter, AssignmentRow, AttendeeInput, BackupInfo, BackupsView,
  Completion, ConferenceDetail, ConferenceFilter, ConferenceInput, ConferenceKind, ConferenceSummary, Dashboard,
  ErrorCode, Evidence, Extension, ParsedAttendee, Person, RestoreOutcome, ReviewRow, RowOutcome, Settings, SiteConnection,
  SitePick, StoreFailure, StoredNotice, TaskInput, Unit, UnitGroup, UnitInput, UnitPage,
} from './bindings';
import type { ActionKind, DeskContact, DeskLink, OutboxItem, SyncReport } from './bindings';
import type { IssuedNotice, NoticeDraft, NoticeForm, ReportFormat, ReportScope, SuggestedNumber, Written } from './bindings';
import type { ColumnMapping, FieldKey, Framework, FrameworkSummary, ParLevel, ParTable, RemedialInput, SheetProposal, TaskTags, UnitCard } from './bindings';
import type { DoneBody, ExtensionBody, NoteBody, PortalErrorCode } from './web';

/** An error the backend answered: `code` to branch on, `message` (Vietnamese) to show. */
export class ApiError extends Error {
  constructor(public code: ErrorCode | PortalErrorCode, message: string, public field?: string) {
    super(message);
  }
}

/** Stops listening to a backend event. */
export type Unlisten = () => void;

/** An evidence file the window sends: its name and how many of the body's bytes are its. */
export interface EvidenceUpload { name: string; size: number }

/** Every command of the backend as a typed method; each rejects with an {@link ApiError}. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  storeStatus(): Promise<StoreFailure | null>;
  retryOpen(): Promise<StoreFailure | null>;
  backupsView(): Promise<BackupsView>;
  /** The last backup that could not be written where it should, or null. */
  backupProblem(): Promise<string | null>;
  backupNow(): Promise<BackupInfo>;
  restoreBackup(fileName: string): Promise<RestoreOutcome>;
  restoreBackupFile(): Promise<RestoreOutcome | null>;
  chooseBackupFolder(): Promise<BackupsView | null>;
  resetBackupFolder(): Promise<BackupsView>;
  onBackupChanged(f: () => void): Promise<Unlisten>;
  onStoreFailed(f: () => void): Promise<Unlisten>;
  markPainted(): Promise<void>;
  listUnits(): Promise<Unit[]>;
  listGroups(): Promise<UnitGroup[]>;
  listConferences(filter: ConferenceFilter, asOfDate?: string): Promise<ConferenceSummary[]>;
  conferenceYears(): Promise<number[]>;
  createConference(input: ConferenceInput): Promise<number>;
  updateConference(id: number, input: ConferenceInput): Promise<void>;
  updateSite(siteId: number, connection: SiteConnection, note: string | null, siteLead: string | null, headcount: number | null): Promise<void>;
  addAttendees(conferenceId: number, rows: AttendeeInput[]): Promise<RowOutcome[]>;
  removeAttendee(id: number): Promise<void>;
  setAttendeePresence(id: number, present: boolean, reason: string | null): Promise<void>;
  parseAttendees(conferenceId: number, text: string, site: SitePick): Promise<ParsedAttendee[]>;
  lastConferenceKind(): Promise<ConferenceKind | null>;
  nothingLogged(): Promise<boolean>;
  searchPeople(query: string): Promise<Person[]>;
  loadDemo(): Promise<number>;
  readConclusion(conferenceId: number, text: string, meetingDate?: string | null): Promise<ReviewRow[]>;
  /** `text` (and `meetingDate`) are those the rows were read from: the review is recorded with them. */
  acceptConclusion(conferenceId: number, text: string, rows: AcceptedRow[], meetingDate?: string | null): Promise<number[]>;
  saveUnit(input: UnitInput): Promise<number>;
  setUnitActive(id: number, active: boolean): Promise<void>;
  setGroupMembers(groupId: number, unitIds: number[]): Promise<void>;
  importRegistry(json: string): Promise<number>;
  exportRegistry(): Promise<string>;
  getConference(id: number, asOfDate?: string): Promise<ConferenceDetail>;
  addDirective(conferenceId: number, text: string): Promise<number>;
  /** Creates a task; `parFields` are the keys of the administrative-reform fields it follows up. */
  createTask(input: TaskInput, parFields?: string[]): Promise<number>;
  unitPage(unitId: number, asOfDate?: string): Promise<UnitPage>;
  /** The Vietnamese label of a recurrence code ("monthly:25" → "Hằng tháng, trước ngày 25"). */
  recurrenceLabel(code: string): Promise<string>;
  completeAssignment(id: number, completion: Completion): Promise<void>;
  listAssignments(filter: AssignmentFilter, asOfDate?: string): Promise<AssignmentRow[]>;
  assignmentDetail(id: number, asOfDate?: string): Promise<AssignmentDetail>;
  dashboard(asOfDate?: string): Promise<Dashboard>;
  returnAssignment(id: number, reason: string): Promise<void>;
  cancelAssignment(id: number, reason: string): Promise<void>;
  addProgressNote(id: number, note: string): Promise<void>;
  extendDeadline(taskId: number, assignmentId: number | null, extension: Extension): Promise<void>;
  stopRecurrence(taskId: number): Promise<void>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;
  listNotices(): Promise<StoredNotice[]>;
  noticesBadge(): Promise<number>;
  markNoticesSeen(): Promise<void>;
  addCustomReminder(taskId: number | null, assignmentId: number | null, at: string, note: string | null): Promise<number>;
  /** A notification was clicked: open this assignment. */
  onOpenAssignment(f: (assignmentId: number) => void): Promise<Unlisten>;
  /** Reminders were kept in the app (no notification service). */
  onNoticesChanged(f: () => void): Promise<Unlisten>;
  attachEvidence(id: number, file: File): Promise<Evidence>;
  /** Ticks a part off and files its evidence in one step: all of it, or nothing. */
  completeWithEvidence(id: number, completion: Completion, files: File[]): Promise<Evidence[]>;
  /** Opens an evidence file with the system's default app. */
  openEvidence(id: number): Promise<void>;
  /** Asks where to save a copy (native dialog); the path written, or null when cancelled. */
  saveEvidenceCopy(id: number): Promise<string | null>;
  /** The form of "Xuất Thông báo kết luận", pre-filled from the store. */
  noticeForm(conferenceId: number): Promise<NoticeForm>;
  /** The number a notice should carry in a year under a symbol (its own, else the next free). */
  noticeNumber(conferenceId: number, year: number, symbol: string): Promise<SuggestedNumber>;
  /** Asks where to save (native dialog), then issues and writes the notice; null when cancelled. */
  exportNotice(draft: NoticeDraft): Promise<IssuedNotice | null>;
  /** Asks where to save the calendar of open deadlines (one unit's, or the district's when null). */
  exportCalendar(unitId: number | null): Promise<Written | null>;
  /** Asks where to save the status report of a scope as of a date (YYYY-MM-DD), then writes it. */
  exportReport(scope: ReportScope, asOf: string, format: ReportFormat): Promise<Written | null>;
  /** Whether closing the window can hide it to the tray on this desktop. */
  trayAvailable(): Promise<boolean>;
  /** The unit portal: its settings, whether it serves, and the accounts. */
  portalView(): Promise<PortalView>;
  /** Saves the portal's settings and serves as they say. */
  savePortalSettings(settings: PortalSettings): Promise<PortalView>;
  /** Enables a unit's account (registry code); the initial password is shown once. */
  enablePortalAccount(code: string): Promise<Credentials>;
  resetPortalPassword(user: string): Promise<Credentials>;
  disablePortalAccount(user: string): Promise<void>;
  /** The units' extension requests, the waiting ones or all. */
  extensionRequests(pendingOnly: boolean): Promise<ExtensionRequest[]>;
  decideExtensionRequest(id: number, accept: boolean, note: string | null): Promise<void>;
  /** A QR code of `text` as an SVG document. */
  qrSvg(text: string): Promise<string>;
  /** A unit acted through the portal: what the window shows may have changed. */
  onPortalChanged(f: () => void): Promise<Unlisten>;

  // Chỉ số CCHC (issue 21).
  /** Every framework (year × level) with how many units have scores in it. */
  parFrameworks(): Promise<FrameworkSummary[]>;
  /** A year's framework of one level, or null when there is none. */
  parFramework(year: number, level: ParLevel): Promise<Framework | null>;
  /** Saves (inserts or replaces) the framework of its year and level; the core validates it. */
  saveParFramework(framework: Framework): Promise<void>;
  /** Imports one framework or an array of them from JSON text; answers those saved. */
  importParFrameworks(json: string): Promise<FrameworkSummary[]>;
  /** A year's ranked table of one level. */
  parTable(year: number, level: ParLevel): Promise<ParTable>;
  /** A unit's card: its years, weakest fields and the tasks tagged with a field. */
  parUnitCard(unitId: number): Promise<UnitCard>;
  /** The title a remedial task gets unless the secretary writes another. */
  parRemedialTitle(input: RemedialInput): Promise<string>;
  /** "Giao nhiệm vụ khắc phục": a task for the unit, tagged with the field; its id. */
  parRemedialTask(input: RemedialInput): Promise<number>;
  /** The field keys a task or directive can be tagged with (over all frameworks). */
  parFields(): Promise<FieldKey[]>;
  /** The field tags of these tasks, their own and those of their directive. */
  parTaskTags(taskIds: number[]): Promise<TaskTags[]>;
  /** The field tags of these directives, in the order asked. */
  parDirectiveTags(directiveIds: number[]): Promise<string[][]>;
  /** Replaces a directive's field tags (its tasks inherit them). */
  setParDirectiveTags(directiveId: number, keys: string[]): Promise<void>;
  /** Reads the first rows of a province's sheet (.xlsx) and proposes the column mapping for
   * the framework of `year` and `level`; `sheet` picks another sheet than the one found. */
  parSheetPreview(file: File, year: number, level: ParLevel, sheet: string | null): Promise<SheetProposal>;
  /** Imports the sheet's scores with the confirmed mapping: every row, or none. `replace`
   * replaces the year's scores of that level when it already has some. Answers how many. */
  parSheetImport(file: File, year: number, level: ParLevel, mapping: ColumnMapping, replace: boolean): Promise<number>;
  /** Asks where to save the year's table (.xlsx), then writes it; null when cancelled. */
  exportParTable(year: number, level: ParLevel): Promise<Written | null>;
}

/** What only the portal's page asks, for the unit account logged in (web.ts); the desktop
 * window has no such thing (api.ts exports `portal` as null there). */
/** Which page of the portal's list: a group (`open`: open on the date; `done`: done or
 * cancelled), at most `limit` lines (1–500, the server's default 100), or the `next` page's
 * address that an earlier page gave (then the other fields are ignored). */
export interface PageAsk {
  status?: 'open' | 'done';
  limit?: number;
  next?: string;
}

/** One page of the portal's list: its lines in the list's order, the address of the next
 * page (null on the last), and how many lines the whole list (of the group) has. */
export interface PortalPage {
  lines: AssignmentLine[];
  next: string | null;
  total: number;
}

export interface Portal {
  /** One page of the unit's own parts on `asOfDate` (YYYY-MM-DD or dd/mm/yyyy):
   * `GET /api/my/assignments`, its `Link: rel="next"` and `X-Total-Count` headers read. */
  myAssignments(asOfDate: string, ask?: PageAsk): Promise<PortalPage>;
  /** Logs in; a wrong password rejects with `wrong_credentials`, a locked account with `account_locked`. */
  login(user: string, password: string): Promise<void>;
  /** Changes the password (required before anything else after the first login). */
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  logout(): Promise<void>;
  /** Asks the office for a later deadline; the office accepts or refuses it in its window. */
  requestExtension(assignmentId: number, until: string, reason: string): Promise<void>;
  /** Calls `f` whenever the server says this unit's list changed (and after a dropped
   * connection came back, since changes may have been missed meanwhile). */
  onMyListChanged(f: () => void): Unlisten;
}

/** What the unit did, as the desk queues it: a tick `{on, note?, value?}` (`on` as
 * YYYY-MM-DD or dd/mm/yyyy), a note `{note}`, an extension request `{until, reason}`. */
export type DeskBody = DoneBody | NoteBody | ExtensionBody;

/** Connecting this machine to the office's portal as a unit's desk: the portal's address,
 * the unit's account, the certificate's SHA-256 fingerprint from the office's Cài đặt page,
 * and the new password when the office asks for one (`password_change_required`). */
export interface DeskConnectInput {
  server: string;
  user: string;
  password: string;
  fingerprint: string;
  newPassword?: string;
}

/** What only the desktop window asks about Đôn đốc at a unit (issue 18): the unit's list and
 * parts read from its local mirror, what it did queued until the office answers; at the
 * office, when each unit's desk last reached it. api.ts exports it as null in the portal's
 * page. */
export interface Desk {
  /** One page of the unit's list on `asOfDate` (YYYY-MM-DD or dd/mm/yyyy), in the portal's
   * order; `ask.next` is the `next` of an earlier page (the group goes with it). */
  page(asOfDate: string, ask?: PageAsk): Promise<PortalPage>;
  /** One of the unit's parts with its history. */
  detail(id: number, asOfDate?: string): Promise<AssignmentDetail>;
  /** Records a tick, a note or an extension request: checked by the office's rules, shown at
   * once, queued for the office. The window hears `onDeskChanged` after it. */
  queue(id: number, kind: ActionKind, body: DeskBody): Promise<OutboxItem>;
  /** The actions waiting for the office and the conflicts not yet read, oldest first. */
  outbox(): Promise<OutboxItem[]>;
  /** "Đã hiểu" on a conflict: it leaves the list. */
  dismiss(id: number): Promise<void>;
  /** The unit's extension requests (waiting and decided). */
  requests(): Promise<ExtensionRequest[]>;
  /** At the office: when each unit's desk last reached it (none on a unit's machine). */
  contacts(): Promise<DeskContact[]>;
  /** The queue or the mirror changed (an action queued, a conflict read, a sync). */
  onDeskChanged(f: () => void): Promise<Unlisten>;
  /** Connects this machine to the office (first start, or a new password); answers the link.
   * Codes: `certificate_mismatch`, `wrong_credentials`, `password_change_required`, `unreachable`. */
  connect(input: DeskConnectInput): Promise<DeskLink>;
  /** Sends the queue and takes a fresh mirror now. `unauthenticated`: the password is asked again. */
  sync(): Promise<SyncReport>;
}
