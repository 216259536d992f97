// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit:
// change the Rust type, then run `make bindings`. A test fails while this file is stale.

/**
 * One row as the secretary accepted it (possibly edited).
 */
export type AcceptedRow = {
  /**
   * The directive text ([`ReviewRow::directive_text`]); rows with the same directive
   * number and text share one directive. Empty: the row gets a directive of its own,
   * named by the task's title.
   */
  sentence: string,
  /**
   * The conclusion's own number of the directive ([`ReviewRow::directive_number`]).
   */
  directiveNumber?: number | null,
  /**
   * Index of the review row (of [`propose`]'s list) it was accepted from; `None` for a
   * row added by hand. [`accept_review`] records which fields the secretary changed.
   */
  proposal?: number | null,
  /**
   * The directive it comes from.
   */
  directiveId?: number | null,
  /**
   * For a standalone task: the document it comes from ("TB số 12/TB-UBND").
   */
  sourceRef?: string | null,
  /**
   * Title (required).
   */
  title: string,
  /**
   * Description.
   */
  description?: string | null,
  /**
   * Deadline as typed (dd/mm/yyyy); empty means no deadline.
   */
  deadline?: string | null,
  /**
   * Lead units chosen one by one.
   */
  leadUnitIds: Array<number>,
  /**
   * Lead groups, expanded into their member units.
   */
  leadGroupIds: Array<number>,
  /**
   * Coordinating units (informed, they do not tick).
   */
  coordinatorUnitIds: Array<number>,
  /**
   * Nhiệm vụ trọng tâm.
   */
  starred: boolean,
  /**
   * Numeric target.
   */
  target?: Target | null,
  /**
   * Recurrence rule code (`monthly:20`, `quarterly`, ...); a recurring task has no
   * deadline of its own, each period's part has the period's due date.
   */
  recurrence?: string | null,
  /**
   * The date the task was given (ngày giao), as typed; empty means the conference's date
   * for a task from a directive, today for a standalone one. A recurring task's periods
   * start here.
   */
  givenOn?: string | null,
};

/**
 * One line of the account list: every unit of the registry (with or without an account)
 * and every office account. Field names are a contract (`accounts list --json`).
 */
export type Account = {
  /**
   * The user name.
   */
  user: string,
  /**
   * Who it is ("UBND xã Mỹ Hà").
   */
  name: string,
  /**
   * What it may do.
   */
  role: Role,
  /**
   * The unit, for a unit account.
   */
  unit_id: number | null,
  /**
   * Whether it may log in.
   */
  enabled: boolean,
  /**
   * Whether the initial password still waits to be changed.
   */
  must_change: boolean,
  /**
   * Locked until this instant (UTC, stored form), after too many wrong passwords.
   */
  locked_until: string | null,
};

/**
 * What a unit did at its desk.
 */
export type ActionKind = "done" | "note" | "extension";

/**
 * An error crossing to the UI.
 */
export type ApiError = {
  /**
   * Stable machine code: `validation`, `not_found`, `conflict`, `storage`, `io`,
   * `invalid_file`, a store problem (`locked`, `disk_full`, `read_only`, `damaged`,
   * `not_dondoc_file`, `newer_version`), or `store_unavailable` when no store is open.
   */
  code: ErrorCode,
  /**
   * Vietnamese message for the user.
   */
  message: string,
  /**
   * Input field at fault, for validation errors.
   */
  field?: string,
};

/**
 * Facts the window shows in its footer and uses as defaults.
 */
export type AppInfo = { dbPath: string, today: string, version: string,
  /**
   * The district the registry describes, e.g. "huyện Mỹ Lộc" (for print headers).
   */
  district: string,
  /**
   * `unit` when this store is a unit's desk (issue 18): the window shows the unit's list
   * instead of the office's navigation. An empty store is an office's (today's first start).
   */
  mode: AppMode,
  /**
   * The desk's connection to its office, in `unit` mode.
   */
  desk: DeskLink | null,
};

/**
 * Whose window this is.
 */
export type AppMode = "office" | "unit";

/**
 * One assignment with everything the unit view shows about it.
 */
export type AssignmentDetail = {
  /**
   * The assignment and its status.
   */
  row: AssignmentRow,
  /**
   * Evidence filed.
   */
  evidence: Array<Evidence>,
  /**
   * Deadline extensions of this part or of its whole task.
   */
  extensions: Array<ExtensionRecord>,
  /**
   * Changes to the task and to this part, oldest first.
   */
  history: Array<AuditEntry>,
};

/**
 * Which assignments to list. Every field left empty matches everything.
 */
export type AssignmentFilter = {
  /**
   * Only this unit's.
   */
  unitId?: number | null,
  /**
   * Only this task's.
   */
  taskId?: number | null,
  /**
   * Only those born from this conference's directives.
   */
  conferenceId?: number | null,
  /**
   * Only those in this status category on the date.
   */
  status?: StatusCode | null,
  /**
   * Only nhiệm vụ trọng tâm.
   */
  starred?: boolean | null,
  /**
   * Words the task title must contain (case and diacritics ignored).
   */
  query?: string | null,
  /**
   * At most this many (after ordering by deadline).
   */
  limit?: number | null,
  /**
   * Only these units' (a group's members), besides `unit_id`.
   */
  unitIds?: Array<number> | null,
};

/**
 * One part in a caller's list: the fields of `tasks list --json` ([`TaskLine`]), then what
 * the unit's page shows besides.
 */
export type AssignmentLine = {
  /**
   * The status in Vietnamese.
   */
  status_label: string,
  /**
   * The unit's name.
   */
  unit_name: string,
  /**
   * The conference's title.
   */
  conference_title: string | null,
  /**
   * The latest progress note.
   */
  progress_note: string | null,
  /**
   * Whether the task has a target (a value must be reported when ticking it off).
   */
  has_target: boolean,
  /**
   * The recurrence period in Vietnamese ("Tháng 3/2023"), for a recurring part.
   */
  period_label: string | null,
  /**
   * The part's id.
   */
  id: number,
  /**
   * Its task.
   */
  task_id: number,
  /**
   * The unit's registry code.
   */
  unit: string,
  /**
   * The task's title.
   */
  title: string,
  /**
   * Deadline (YYYY-MM-DD).
   */
  deadline: string | null,
  /**
   * Status code on the date asked.
   */
  status: StatusCode,
  /**
   * Stored state.
   */
  state: AssignmentState,
  /**
   * Done on (YYYY-MM-DD).
   */
  completed_on: string | null,
  /**
   * Value reported for a target task.
   */
  reported_value: number | null,
  /**
   * The conference the task came from.
   */
  conference_id: number | null,
  /**
   * The recurrence period's key (`2023-03`), `null` for a one-off part.
   */
  period: string | null,
};

/**
 * One unit's part of a task, with its status on the requested date.
 */
export type AssignmentRow = {
  /**
   * Row id.
   */
  id: number,
  /**
   * The task.
   */
  taskId: number,
  /**
   * Task title.
   */
  taskTitle: string,
  /**
   * Nhiệm vụ trọng tâm.
   */
  starred: boolean,
  /**
   * The lead unit.
   */
  unitId: number,
  /**
   * Its code.
   */
  unitCode: string,
  /**
   * Its full name.
   */
  unitName: string,
  /**
   * Conference the task came from, if any.
   */
  conferenceId: number | null,
  /**
   * Its title.
   */
  conferenceTitle: string | null,
  /**
   * Recurrence period key ('' for a one-off task).
   */
  period: string,
  /**
   * The period as the office names it ("Tháng 03/2023", "Quý II/2023"); `None` for a
   * one-off task.
   */
  periodLabel: string | null,
  /**
   * The first day the part exists (YYYY-MM-DD): its task's given date, or when its
   * period began.
   */
  opensOn: string,
  /**
   * Deadline (YYYY-MM-DD).
   */
  deadline: string | null,
  /**
   * Recorded state.
   */
  state: AssignmentState,
  /**
   * Completion date (YYYY-MM-DD).
   */
  completedOn: string | null,
  /**
   * Latest progress note.
   */
  progressNote: string | null,
  /**
   * Why it was returned or cancelled.
   */
  stateReason: string | null,
  /**
   * Value reported for a target task.
   */
  reportedValue: number | null,
  /**
   * The task's numeric target.
   */
  target: Target | null,
  /**
   * Reporting category on the requested date.
   */
  status: StatusCode,
  /**
   * Its Vietnamese label.
   */
  statusLabel: string,
};

/**
 * The recorded state of one unit's part of a task.
 */
export type AssignmentState = "not_started" | "in_progress" | "done" | "cancelled";

/**
 * One attendee as stored.
 */
export type Attendee = {
  /**
   * Row id.
   */
  id: number,
  /**
   * Directory entry.
   */
  personId: number | null,
  /**
   * Full name.
   */
  name: string,
  /**
   * Position.
   */
  position: string | null,
  /**
   * Unit.
   */
  unitId: number | null,
  /**
   * Unit's short name.
   */
  unitShortName: string | null,
  /**
   * Site; `None` is the host site.
   */
  siteId: number | null,
  /**
   * Role.
   */
  role: AttendeeRole,
  /**
   * Present or absent.
   */
  present: boolean,
  /**
   * Why absent.
   */
  absenceReason: string | null,
};

/**
 * One attendee as entered.
 */
export type AttendeeInput = {
  /**
   * Full name.
   */
  name: string,
  /**
   * Position.
   */
  position?: string | null,
  /**
   * Unit.
   */
  unitId?: number | null,
  /**
   * The site attended from; `None` is the host site (Điểm cầu chính).
   */
  siteId?: number | null,
  /**
   * Role code (`chair`, `directing`, `reporter`, `secretary`, `delegate`).
   */
  role: AttendeeRole,
  /**
   * Present (true) or absent.
   */
  present?: boolean,
  /**
   * Why absent.
   */
  absenceReason?: string | null,
};

/**
 * An attendee's role at a conference.
 */
export type AttendeeRole = "chair" | "directing" | "reporter" | "secretary" | "delegate";

/**
 * What kind of record a change is about. The set is closed: the audit trail follows
 * tasks and their parts.
 */
export type AuditEntity = "task" | "assignment";

/**
 * One recorded change.
 */
export type AuditEntry = {
  /**
   * What kind of record changed.
   */
  entity: AuditEntity,
  /**
   * Its id.
   */
  entityId: number,
  /**
   * Field changed (`created` for a new record).
   */
  field: string,
  /**
   * Old value, as text.
   */
  oldValue: string | null,
  /**
   * New value, as text.
   */
  newValue: string | null,
  /**
   * Who made the change.
   */
  actor: string,
  /**
   * When (UTC, storage form).
   */
  at: string,
};

/**
 * One backup as the window lists it. Field names are a contract (camelCase JSON).
 */
export type BackupInfo = {
  /**
   * The zip file.
   */
  path: string,
  /**
   * Its file name.
   */
  fileName: string,
  /**
   * When it was taken, UTC in storage form.
   */
  takenAt: string,
  /**
   * Why it was taken.
   */
  reason: BackupReason,
  /**
   * [`Reason::label`], for the window.
   */
  reasonLabel: string,
  /**
   * Size of the zip in bytes.
   */
  sizeBytes: number,
  /**
   * Parts (assignments) in the backed-up store: a quick sanity figure for the office.
   */
  assignments: number,
  /**
   * Schema version of the backed-up store.
   */
  schemaVersion: number,
  /**
   * Evidence files in the backup.
   */
  evidenceFiles: number,
  /**
   * `None` for a usable backup; otherwise why it cannot be used (Vietnamese). A file named
   * like a backup whose manifest cannot be read is listed with this set, not hidden: the
   * office should see that a backup it counts on is broken.
   */
  problem: string | null,
};

/**
 * Why a backup was taken. The slug is part of the file name, so it never changes.
 */
export type BackupReason = "daily" | "before-migration" | "before-import" | "before-restore" | "manual";

/**
 * What the backup screen shows.
 */
export type BackupsView = {
  /**
   * Where backups go now.
   */
  folder: string,
  /**
   * The default folder, inside the data folder.
   */
  defaultFolder: string,
  /**
   * Whether the office chose the folder (else it is the default).
   */
  chosen: boolean,
  /**
   * Newest first, from every folder of this store.
   */
  backups: Array<BackupInfo>,
  /**
   * The last backup that could not be written where it should, in Vietnamese.
   */
  problem: string | null,
};

/**
 * A band (nhóm xếp loại): every index at or above `min_percent`, below the band above it.
 */
export type Band = {
  /**
   * Its name, e.g. "Nhóm I".
   */
  name: string,
  /**
   * The lowest index (percent) of the band, inclusive.
   */
  minPercent: number,
};

/**
 * One year of a unit's card.
 */
export type CardYear = {
  /**
   * Year.
   */
  year: number,
  /**
   * Points.
   */
  points: number | null,
  /**
   * Their maximum.
   */
  max: number,
  /**
   * Index shown.
   */
  index: number | null,
  /**
   * Rank.
   */
  rank: number | null,
  /**
   * Out of.
   */
  rankOf: number | null,
  /**
   * Band.
   */
  band: string | null,
  /**
   * Change from the year before.
   */
  delta: number | null,
  /**
   * Fields.
   */
  fields: Array<FieldCell>,
};

/**
 * What is still open from the previous conference of the same kind, so the next review
 * starts from it.
 */
export type CarryOver = {
  /**
   * The previous conference.
   */
  from: Conference,
  /**
   * Its tasks with parts not yet done (nor cancelled).
   */
  tasks: Array<TaskWithProgress>,
};

/**
 * Which column holds what (0-based columns).
 */
export type ColumnMapping = {
  /**
   * Sheet name.
   */
  sheet: string,
  /**
   * Header row (0-based); data starts below it.
   */
  headerRow: number,
  /**
   * The unit's name.
   */
  unit?: number | null,
  /**
   * Self-assessed points.
   */
  selfPoints?: number | null,
  /**
   * Appraisal points (the total).
   */
  appraisal?: number | null,
  /**
   * Survey points.
   */
  survey?: number | null,
  /**
   * Published index (%).
   */
  index?: number | null,
  /**
   * Each framework field's column.
   */
  fields: Array<FieldColumn>,
};

/**
 * What a unit reports when it ticks its part off.
 */
export type Completion = {
  /**
   * Completion date as typed (dd/mm/yyyy); required, never in the future.
   */
  completedOn: string,
  /**
   * Note.
   */
  note?: string | null,
  /**
   * Value reached, for a target task.
   */
  reportedValue?: number | null,
};

/**
 * A conference as stored.
 */
export type Conference = {
  /**
   * Row id.
   */
  id: number,
  /**
   * Title.
   */
  title: string,
  /**
   * Kind.
   */
  kind: ConferenceKind,
  /**
   * Start (UTC, storage form).
   */
  startsAt: string,
  /**
   * End (UTC, storage form).
   */
  endsAt: string | null,
  /**
   * Format.
   */
  format: ConferenceFormat,
  /**
   * Host location.
   */
  hostLocation: string | null,
  /**
   * Chair's name.
   */
  chairName: string | null,
  /**
   * Content / summary.
   */
  content: string | null,
  /**
   * Conclusion notice number.
   */
  noticeNumber: string | null,
  /**
   * Conclusion notice date (YYYY-MM-DD).
   */
  noticeDate: string | null,
  /**
   * Status.
   */
  status: ConferenceStatus,
};

/**
 * Everything the conference page shows.
 */
export type ConferenceDetail = {
  /**
   * The conference.
   */
  conference: Conference,
  /**
   * Its sites.
   */
  sites: Array<Site>,
  /**
   * Its directives with their tasks.
   */
  directives: Array<DirectiveWithTasks>,
  /**
   * Unfinished tasks carried over from the previous conference of the same kind.
   */
  carryOver: CarryOver | null,
  /**
   * Attendees, host site first.
   */
  attendees: Array<Attendee>,
  /**
   * Figures reported.
   */
  figures: Array<Figure>,
  /**
   * Overall follow-up progress.
   */
  progress: Progress,
};

/**
 * Filters of the conference list.
 */
export type ConferenceFilter = {
  /**
   * Only this year (of the start, office time).
   */
  year?: number | null,
  /**
   * Only this kind (code).
   */
  kind?: ConferenceKind | null,
  /**
   * Words that must each start a word of the title, chair, leaders, place, notice,
   * content, directives or task titles and descriptions (case and diacritics ignored:
   * "cai cach" finds "cải cách", "so hoa" a directive about "số hóa").
   */
  query?: string | null,
};

/**
 * How a conference is held.
 */
export type ConferenceFormat = "in_person" | "online" | "hybrid";

/**
 * What the secretary enters to create a conference. Dates and times are as typed
 * (dd/mm/yyyy [HH:MM], office time); the core parses and validates them.
 */
export type ConferenceInput = {
  /**
   * Title (required).
   */
  title: string,
  /**
   * Kind code (`tong_ket`, ...); defaults to `other`.
   */
  kind?: ConferenceKind | null,
  /**
   * Start, office local time (required).
   */
  startsAt: string,
  /**
   * End, office local time.
   */
  endsAt?: string | null,
  /**
   * Format code (`in_person`, `online`, `hybrid`).
   */
  format: ConferenceFormat,
  /**
   * Host location, e.g. "Hội trường UBND huyện".
   */
  hostLocation?: string | null,
  /**
   * Name of the chair.
   */
  chairName?: string | null,
  /**
   * Content / summary.
   */
  content?: string | null,
  /**
   * Conclusion notice number, e.g. "12/TB-UBND".
   */
  noticeNumber?: string | null,
  /**
   * Conclusion notice date.
   */
  noticeDate?: string | null,
  /**
   * Status code; defaults to `held`.
   */
  status?: ConferenceStatus | null,
  /**
   * Units connected as sites. `None` for an online or hybrid conference means the
   * commune-level units (group `communes`).
   */
  siteUnitIds?: Array<number> | null,
  /**
   * The leaders who chaired, attended and directed (roles `chair`, `directing`), at the
   * host site. The chair among them becomes the conference's chair.
   */
  leaders: Array<AttendeeInput>,
  /**
   * Figures reported at the conference.
   */
  figures: Array<Figure>,
};

/**
 * Kind of conference.
 */
export type ConferenceKind = "tong_ket" | "so_ket" | "giao_ban" | "chuyen_de" | "other";

/**
 * Where a conference stands.
 */
export type ConferenceStatus = "planned" | "held" | "concluded";

/**
 * A row of the conference list, with its follow-up progress.
 */
export type ConferenceSummary = {
  /**
   * Number of sites.
   */
  sitesTotal: number,
  /**
   * Sites connected (fully or partly).
   */
  sitesConnected: number,
  /**
   * Of those, the sites connected only partly ("kết nối một phần"), counted apart.
   */
  sitesPartial: number,
  /**
   * Progress of the assignments born from its directives.
   */
  progress: Progress,
  /**
   * Row id.
   */
  id: number,
  /**
   * Title.
   */
  title: string,
  /**
   * Kind.
   */
  kind: ConferenceKind,
  /**
   * Start (UTC, storage form).
   */
  startsAt: string,
  /**
   * End (UTC, storage form).
   */
  endsAt: string | null,
  /**
   * Format.
   */
  format: ConferenceFormat,
  /**
   * Host location.
   */
  hostLocation: string | null,
  /**
   * Chair's name.
   */
  chairName: string | null,
  /**
   * Content / summary.
   */
  content: string | null,
  /**
   * Conclusion notice number.
   */
  noticeNumber: string | null,
  /**
   * Conclusion notice date (YYYY-MM-DD).
   */
  noticeDate: string | null,
  /**
   * Status.
   */
  status: ConferenceStatus,
};

/**
 * A task a unit coordinates, with its lead units and their progress as of a date.
 */
export type CoordinatedTask = {
  /**
   * The task.
   */
  taskId: number,
  /**
   * Its title.
   */
  title: string,
  /**
   * Its deadline (YYYY-MM-DD), if any.
   */
  deadline: string | null,
  /**
   * Its recurrence, as the office says it ("Hằng tháng, trước ngày 20").
   */
  recurrenceLabel: string | null,
  /**
   * The date it was given (YYYY-MM-DD).
   */
  givenOn: string | null,
  /**
   * The conference it comes from.
   */
  conferenceId: number | null,
  /**
   * That conference's title.
   */
  conferenceTitle: string | null,
  /**
   * Short names of the lead units, in registry order.
   */
  leads: Array<string>,
  /**
   * The lead units' progress on the date.
   */
  progress: Progress,
};

/**
 * A user name and the password to hand over once (the CLI prints it, the slip shows it);
 * only its hash is kept.
 */
export type Credentials = {
  /**
   * The user name (a unit's registry code, e.g. `xa-my-ha`).
   */
  user: string,
  /**
   * The initial password, in clear, shown once.
   */
  password: string,
};

/**
 * A sub-criterion of a field.
 */
export type Criterion = {
  /**
   * Key, unique within its field.
   */
  key: string,
  /**
   * Name.
   */
  name: string,
  /**
   * Maximum points, if known.
   */
  max: number | null,
};

/**
 * The office's overview.
 */
export type Dashboard = {
  /**
   * The "tính đến ngày" date (YYYY-MM-DD).
   */
  asOf: string,
  /**
   * Per-unit counts, ranked.
   */
  units: Array<UnitRow>,
  /**
   * Conferences with follow-up work, the most overdue first (the first [`DASHBOARD_ROWS`]).
   */
  conferences: Array<ConferenceSummary>,
  /**
   * How many conferences have follow-up work in all.
   */
  conferencesTotal: number,
  /**
   * Overdue parts, oldest deadline first (the first [`DASHBOARD_ROWS`]).
   */
  overdue: Array<AssignmentRow>,
  /**
   * How many parts are overdue in all.
   */
  overdueTotal: number,
  /**
   * Parts of nhiệm vụ trọng tâm (the first [`DASHBOARD_ROWS`]).
   */
  starred: Array<AssignmentRow>,
};

/**
 * Which page of the unit's list, as the portal's list route takes it: a group (`open`,
 * `done`; both when absent), at most `limit` lines, after the cursor `after` (the `next` of
 * an earlier page).
 */
export type DeskAsk = { status?: string, limit?: number, after?: string, };

/**
 * When a unit's desk last reached the office.
 */
export type DeskContact = {
  /**
   * The unit's registry code.
   */
  unit_code: string,
  /**
   * The unit's short name ("Mỹ Hà").
   */
  unit_short_name: string,
  /**
   * The portal account's user name.
   */
  user: string,
  /**
   * When its desk last reached the office (UTC stamp).
   */
  seen_at: string,
};

/**
 * A unit store's connection to its office. Its session's token is in the OS keyring.
 */
export type DeskLink = {
  /**
   * The office portal's address (`https://192.168.1.10:8443/`).
   */
  server: string,
  /**
   * The unit's user name at the portal.
   */
  user: string,
  /**
   * The pinned certificate: lower-case hex SHA-256.
   */
  fingerprint: string,
  /**
   * The office's id of the unit.
   */
  unit_id: number,
  /**
   * The unit's registry code.
   */
  unit_code: string,
  /**
   * The unit's name.
   */
  unit_name: string,
  /**
   * When the connection was made (UTC stamp).
   */
  linked_at: string,
  /**
   * When the mirror was last taken from the office.
   */
  synced_at: string | null,
  /**
   * When the office was last tried.
   */
  tried_at: string | null,
  /**
   * Why the last try failed, in Vietnamese; `None` when it worked.
   */
  problem: string | null,
};

/**
 * One page of the unit's list: the portal's lines, the cursor of the next page (none on
 * the last), and how many lines the group has.
 */
export type DeskPage = { lines: Array<AssignmentLine>, next: string | null, total: number, };

/**
 * A directive with the progress of each of its tasks.
 */
export type DirectiveWithTasks = {
  /**
   * Its tasks.
   */
  tasks: Array<TaskWithProgress>,
  /**
   * Row id.
   */
  id: number,
  /**
   * The conference it was given at.
   */
  conferenceId: number,
  /**
   * 1-based position in the conclusion.
   */
  ordinal: number,
  /**
   * The directive's text.
   */
  text: string,
};

/**
 * How percentages are shown: decimals of the index and of the field figures, and whether
 * they are truncated (the province's published figures are) or rounded half-up.
 */
export type DisplayRule = {
  /**
   * Decimals of the index (2: 78,92 %).
   */
  indexDecimals: number,
  /**
   * Decimals of a field's percentage (1: 82,3 %).
   */
  fieldDecimals: number,
  /**
   * Truncate (true) or round half-up (false).
   */
  truncate: boolean,
};

/**
 * The stable machine code of an error, as the window and the CLI see it. One enum, so the
 * window's TypeScript gets the same closed set (a string union) and branches on it; the
 * JSON values are a contract (the e2e tests and the CLI's output use them).
 */
export type ErrorCode = "validation" | "not_found" | "conflict" | "storage" | "io" | "invalid_file" | "not_dondoc_file" | "damaged" | "newer_version" | "locked" | "read_only" | "disk_full" | "store_unavailable" | "restoring" | "internal" | "unauthenticated" | "wrong_credentials" | "account_locked" | "password_change_required" | "forbidden" | "weak_password" | "too_large" | "unsupported_file_type" | "bad_origin" | "throttled" | "certificate_mismatch" | "unreachable";

/**
 * An evidence file filed with an assignment.
 */
export type Evidence = {
  /**
   * Row id.
   */
  id: number,
  /**
   * The name the user chose.
   */
  fileName: string,
  /**
   * Where it is stored, relative to the evidence folder.
   */
  storedPath: string,
  /**
   * When it was added (UTC).
   */
  addedAt: string,
};

/**
 * A deadline extension (gia hạn).
 */
export type Extension = {
  /**
   * New deadline, as typed.
   */
  newDeadline: string,
  /**
   * Why.
   */
  reason: string,
  /**
   * Who decided (e.g. "Chủ tịch UBND huyện").
   */
  decidedBy: string,
};

/**
 * An extension as recorded.
 */
export type ExtensionRecord = {
  /**
   * The part extended, or `None` for the whole task.
   */
  assignmentId: number | null,
  /**
   * Deadline before.
   */
  oldDeadline: string | null,
  /**
   * Deadline after.
   */
  newDeadline: string,
  /**
   * Why.
   */
  reason: string,
  /**
   * Who decided.
   */
  decidedBy: string,
  /**
   * When (UTC).
   */
  at: string,
};

/**
 * A unit's request for more time.
 */
export type ExtensionRequest = {
  /**
   * Row id.
   */
  id: number,
  /**
   * The part.
   */
  assignmentId: number,
  /**
   * Its task.
   */
  taskId: number,
  /**
   * The task's title.
   */
  taskTitle: string,
  /**
   * The unit's name.
   */
  unitName: string,
  /**
   * The deadline when asked (YYYY-MM-DD).
   */
  deadline: string | null,
  /**
   * The deadline asked for (YYYY-MM-DD).
   */
  requestedUntil: string,
  /**
   * Why.
   */
  reason: string,
  /**
   * Who asked (the audit's name of the account).
   */
  requestedBy: string,
  /**
   * When (UTC).
   */
  requestedAt: string,
  /**
   * Where it stands.
   */
  state: RequestState,
  /**
   * Who decided.
   */
  decidedBy: string | null,
  /**
   * When (UTC).
   */
  decidedAt: string | null,
  /**
   * The office's note with its decision.
   */
  decisionNote: string | null,
};

/**
 * One field of a row (or of the average).
 */
export type FieldCell = {
  /**
   * Field key.
   */
  key: string,
  /**
   * Field name (this year's framework).
   */
  name: string,
  /**
   * Points.
   */
  points: number | null,
  /**
   * The field's maximum.
   */
  max: number | null,
  /**
   * Percentage shown: entered, else derived.
   */
  percent: number | null,
  /**
   * The derived percentage, when an entered one differs from it.
   */
  derivedPercent: number | null,
  /**
   * One of the row's weakest fields.
   */
  weak: boolean,
};

/**
 * A framework field's column.
 */
export type FieldColumn = {
  /**
   * Field key.
   */
  key: string,
  /**
   * Column, if mapped.
   */
  column?: number | null,
};

/**
 * A field key as offered for tagging, with its latest name.
 */
export type FieldKey = {
  /**
   * Key.
   */
  key: string,
  /**
   * Name in the latest framework that has it.
   */
  name: string,
};

/**
 * A task tagged with a field, with the field's figure the year it follows up and the next.
 */
export type FieldTask = {
  /**
   * The task.
   */
  taskId: number,
  /**
   * Its title.
   */
  title: string,
  /**
   * The field.
   */
  fieldKey: string,
  /**
   * The field's name (latest framework).
   */
  fieldName: string,
  /**
   * The score year the task follows up.
   */
  year: number | null,
  /**
   * The unit's part's deadline (YYYY-MM-DD).
   */
  deadline: string | null,
  /**
   * The unit's part's status on the date asked (none when the unit only coordinates).
   */
  status: StatusCode | null,
  /**
   * The field's percentage that year.
   */
  percentThen: number | null,
  /**
   * The field's percentage the year after, once scored.
   */
  percentNext: number | null,
  /**
   * Whether it rose.
   */
  improved: boolean | null,
};

/**
 * One reported figure.
 */
export type Figure = {
  /**
   * What was measured.
   */
  label: string,
  /**
   * The value (dot decimal in storage; shown with a comma).
   */
  value: number,
  /**
   * Unit of measure ("%", "điểm").
   */
  unit: string | null,
};

/**
 * A year's framework at one level: what is scored and how the figures are shown.
 */
export type Framework = {
  /**
   * The year scored (the year the work was done, e.g. 2022 for the index published in 2023).
   */
  year: number,
  /**
   * The level it scores.
   */
  level: ParLevel,
  /**
   * Its name, e.g. "Bộ chỉ số CCHC cấp xã năm 2022".
   */
  name: string,
  /**
   * The appraisal's maximum (điểm thẩm định tối đa), e.g. 70.
   */
  appraisalMax: number,
  /**
   * The survey's maximum (điểm điều tra xã hội học), e.g. 30; none when the level is not surveyed.
   */
  surveyMax: number | null,
  /**
   * The fields (lĩnh vực), in the framework's order.
   */
  fields: Array<FrameworkField>,
  /**
   * The bands, highest first (Nhóm I ≥ 80 %, Nhóm II ≥ 70 %…); may be empty.
   */
  bands: Array<Band>,
  /**
   * How the percentages are shown.
   */
  display: DisplayRule,
};

/**
 * One field (lĩnh vực) of a framework.
 */
export type FrameworkField = {
  /**
   * Stable key across years (`the_che`, `tthc_mot_cua`): how years are compared and
   * tasks tagged. Lower-case ASCII letters, digits and `_`.
   */
  key: string,
  /**
   * The field's name as the framework writes it.
   */
  name: string,
  /**
   * Its maximum points; unknown when a published text gives only the field's percentage.
   */
  max: number | null,
  /**
   * Sub-criteria (tiêu chí), optional.
   */
  criteria: Array<Criterion>,
};

/**
 * A framework as listed: which years and levels have one, and how many units are scored.
 */
export type FrameworkSummary = {
  /**
   * Year.
   */
  year: number,
  /**
   * Level.
   */
  level: ParLevel,
  /**
   * Name.
   */
  name: string,
  /**
   * Units with a score row that year at that level.
   */
  scoredUnits: number,
  /**
   * Whether a published level average is kept.
   */
  hasAverage: boolean,
};

/**
 * What [`export`] did.
 */
export type IssuedNotice = {
  /**
   * "12/TB-UBND".
   */
  number: string,
  /**
   * The notice's date (YYYY-MM-DD).
   */
  date: string,
  /**
   * The file written.
   */
  path: string,
};

/**
 * The notice as the form shows it; every field can be corrected before export.
 */
export type NoticeDraft = {
  /**
   * The conference concluded.
   */
  conferenceId: number,
  /**
   * The number in the year's sequence of `symbol` (12 of "12/TB-UBND").
   */
  number: number,
  /**
   * The symbol: "TB-UBND" (notice of the People's Committee) or "TB-VP" (of its office).
   */
  symbol: string,
  /**
   * The notice's date (YYYY-MM-DD); its year is the number's year.
   */
  date: string,
  /**
   * Where it is dated: "Mỹ Lộc".
   */
  place: string,
  /**
   * The parent agency (chủ quản) line, empty for UBND huyện itself ("UBND HUYỆN MỸ LỘC"
   * above "VĂN PHÒNG HĐND VÀ UBND" for a notice of the office).
   */
  parentAgency: string,
  /**
   * The issuing body, one line per row: "ỦY BAN NHÂN DÂN\nHUYỆN MỸ LỘC".
   */
  agency: string,
  /**
   * The trích yếu under "THÔNG BÁO".
   */
  subject: string,
  /**
   * The opening paragraphs, separated by a blank line.
   */
  opening: string,
  /**
   * The closing paragraph, ending "./.".
   */
  closing: string,
  /**
   * "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", or empty.
   */
  authority: string,
  /**
   * "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG".
   */
  position: string,
  /**
   * Who signs (name only, no titles).
   */
  signer: string,
  /**
   * "Nơi nhận", one recipient per row, without the "- " and ";".
   */
  recipients: Array<string>,
  /**
   * The "Lưu" line's filing codes: "VT, VP".
   */
  archive: string,
};

/**
 * The form of "Xuất Thông báo kết luận": the draft, and what the secretary should know.
 */
export type NoticeForm = {
  /**
   * The pre-filled notice.
   */
  draft: NoticeDraft,
  /**
   * The next free number of the draft's year and symbol.
   */
  nextFree: number,
  /**
   * The numbered conclusions the notice will carry (from the store; not edited here).
   */
  items: Array<NoticeItem>,
};

/**
 * One numbered conclusion of the notice: the directive, then what each of its tasks asks
 * of whom.
 */
export type NoticeItem = {
  /**
   * Its number in the notice ("1.").
   */
  number: number,
  /**
   * The directive as recorded.
   */
  text: string,
  /**
   * One line per task: "Giao Phòng Nội vụ chủ trì: …; thời hạn: trước ngày 28/02/2023."
   */
  tasks: Array<string>,
};

/**
 * A queued or answered action, as the desk's window lists it.
 */
export type OutboxItem = {
  /**
   * Row id (to dismiss a conflict).
   */
  id: number,
  /**
   * The part.
   */
  assignment_id: number,
  /**
   * The task's title (from the mirror; empty if the part left it).
   */
  title: string,
  /**
   * What was done.
   */
  kind: ActionKind,
  /**
   * When (UTC stamp).
   */
  queued_at: string,
  /**
   * `queued`, `applied` or `conflict`.
   */
  state: string,
  /**
   * The office's words on a conflict.
   */
  answer: string | null,
};

/**
 * How the office took an action.
 */
export type Outcome = "applied" | "conflict";

/**
 * The level's average line ("Trung bình").
 */
export type ParAverage = {
  /**
   * Average points (2 decimals, rounded half-up).
   */
  points: number | null,
  /**
   * The maximum of the points.
   */
  max: number,
  /**
   * Average index shown (from the exact sum, truncated; or the published one).
   */
  index: number | null,
  /**
   * The index derived from the average points, when a published index differs from it.
   */
  derivedIndex: number | null,
  /**
   * Change from last year's average index, percentage points.
   */
  delta: number | null,
  /**
   * Band of the average index.
   */
  band: string | null,
  /**
   * Field averages.
   */
  fields: Array<FieldCell>,
  /**
   * How many units it is over.
   */
  units: number | null,
  /**
   * Whether these are the published figures ("Trung bình (công bố)").
   */
  published: boolean,
};

/**
 * The level a PAR index (chỉ số CCHC) is scored at: each level has its own framework
 * and its units are ranked among their peers of the same level.
 */
export type ParLevel = "commune" | "district" | "department";

/**
 * One unit's line of the table.
 */
export type ParRow = {
  /**
   * The unit.
   */
  unitId: number,
  /**
   * Its code (`xa-my-phuc`).
   */
  unitCode: string,
  /**
   * Its short display name ("Mỹ Phúc", "TT Mỹ Lộc").
   */
  unit: string,
  /**
   * Points: appraisal, + survey when the framework has one.
   */
  points: number | null,
  /**
   * The maximum of `points`: appraisal max (+ survey max).
   */
  max: number,
  /**
   * Self-assessed points.
   */
  selfPoints: number | null,
  /**
   * Appraisal points.
   */
  appraisalPoints: number | null,
  /**
   * Survey points.
   */
  surveyPoints: number | null,
  /**
   * The index shown, percent: the published one when entered, else derived from the points.
   */
  index: number | null,
  /**
   * The index derived from the points, when an entered index differs from it.
   */
  derivedIndex: number | null,
  /**
   * Rank among the level's units that year (the entered rank when published).
   */
  rank: number | null,
  /**
   * Out of how many.
   */
  rankOf: number | null,
  /**
   * Whether `rank` is the published one.
   */
  rankEntered: boolean,
  /**
   * Band name.
   */
  band: string | null,
  /**
   * Index minus last year's index, percentage points (both as shown).
   */
  delta: number | null,
  /**
   * The framework's fields, in its order.
   */
  fields: Array<FieldCell>,
  /**
   * Keys of the lowest field percentages (ties all), when two or more fields have one.
   */
  weakest: Array<string>,
  /**
   * Free note.
   */
  note: string | null,
};

/**
 * A year's ranked table at one level.
 */
export type ParTable = {
  /**
   * Year.
   */
  year: number,
  /**
   * Level.
   */
  level: ParLevel,
  /**
   * The year's framework at that level.
   */
  framework: Framework,
  /**
   * The units, ranked (unranked rows last, in registry order).
   */
  rows: Array<ParRow>,
  /**
   * The level's average: computed from the rows when they cover the level, else the
   * published one, else none.
   */
  average: ParAverage | null,
  /**
   * The year the deltas compare with (this year − 1), when it has a framework at the level.
   */
  previousYear: number | null,
};

/**
 * One parsed line.
 */
export type ParsedAttendee = {
  /**
   * The line's number in the pasted text (1-based, blank lines counted).
   */
  line: number,
  /**
   * Full name.
   */
  name: string,
  /**
   * Position, when given.
   */
  position: string | null,
  /**
   * The unit recognised in the registry.
   */
  unitId: number | null,
  /**
   * The unit as written, when one was written.
   */
  unitText: string | null,
  /**
   * The site attended from; `None` is the main hall (Điểm cầu chính).
   */
  siteId: number | null,
  /**
   * The site as written on the line, when it named one.
   */
  siteText: string | null,
  /**
   * Why the line is skipped, in Vietnamese; `None` when it can be added.
   */
  problem: string | null,
};

/**
 * One person.
 */
export type Person = {
  /**
   * Row id.
   */
  id: number,
  /**
   * Full name, e.g. "Phạm Văn Long".
   */
  name: string,
  /**
   * Position (chức vụ), e.g. "Chủ tịch UBND huyện".
   */
  position: string | null,
  /**
   * The unit the person belongs to.
   */
  unitId: number | null,
  /**
   * That unit's short name.
   */
  unitShortName: string | null,
};

/**
 * How the office's Đôn đốc serves the portal.
 */
export type PortalSettings = {
  /**
   * Serve the portal (off until the office turns it on).
   */
  enabled: boolean,
  /**
   * The address to listen on: `0.0.0.0` for every network of this machine, or one of its
   * addresses.
   */
  address: string,
  /**
   * The port.
   */
  port: number,
  /**
   * The office's own certificate (PEM file), instead of the one Đôn đốc makes.
   */
  certFile: string | null,
  /**
   * Its private key (PEM file).
   */
  keyFile: string | null,
};

/**
 * Whether the portal serves, and where.
 */
export type PortalStatus = {
  /**
   * Serving now.
   */
  running: boolean,
  /**
   * The address units open.
   */
  url: string | null,
  /**
   * Hex SHA-256 of the certificate, for the slips and for a unit desk to pin.
   */
  fingerprint: string | null,
  /**
   * Why it could not start, in Vietnamese.
   */
  problem: string | null,
};

/**
 * What the portal section of the settings shows.
 */
export type PortalView = {
  /**
   * The office's choice.
   */
  settings: PortalSettings,
  /**
   * Whether it serves, where, and the certificate's fingerprint.
   */
  status: PortalStatus,
  /**
   * Every unit (with its account or none yet) and the office accounts.
   */
  accounts: Array<Account>,
};

/**
 * Counts of a set of assignments on a date.
 */
export type Progress = {
  /**
   * Assignments, cancelled ones excluded.
   */
  total: number,
  /**
   * Done (on time, late or with no deadline).
   */
  done: number,
  /**
   * Done on time.
   */
  doneOnTime: number,
  /**
   * Overdue and not done.
   */
  overdue: number,
};

/**
 * A numeric target of a proposed task.
 */
export type ProposedTarget = {
  /**
   * What is measured (free text taken from the clause).
   */
  metric: string,
  /**
   * `>`, `>=`, `=`, `<=` or `<`: a [`crate::model::TargetOp`] code, as the window types it.
   */
  op: TargetOp,
  /**
   * The number (decimal comma read as a point, leading zeros dropped).
   */
  value: number,
  /**
   * Unit of the value (`%`, `sáng kiến`, …), if written.
   */
  unit: string | null,
  /**
   * `each` when every assignee must reach the value, `total` for an aggregate.
   */
  scope: TargetScope,
};

/**
 * A task proposed by the reader, in the corpus `expected` schema plus `span`.
 */
export type ProposedTask = {
  /**
   * Lead units: unit codes and/or `@communes`, `@departments`, `@agencies`,
   * `@district`, `@all`.
   */
  assignees: Array<string>,
  /**
   * Coordinating units (same forms as `assignees`).
   */
  coordinators: Array<string>,
  /**
   * Deadline as `YYYY-MM-DD`, or `None` (vague, event-anchored or recurring).
   */
  deadline: string | null,
  /**
   * Recurrence code (`monthly:20`, `quarterly`, `weekly:fri`, …), see
   * [`crate::recurrence::Rule::parse`].
   */
  recurrence: "daily" | "weekly" | `weekly:${string}` | "monthly" | `monthly:${number}` | "quarterly" | "semiannual" | "yearly" | `yearly:${string}` | null,
  /**
   * Numeric target, if the clause sets one.
   */
  target: ProposedTarget | null,
  /**
   * Short Vietnamese paraphrase of the action (the clause's own words).
   */
  summary: string,
  /**
   * Character offsets (not bytes) into the input text of the sentence or clause the
   * task came from; the end is exclusive.
   */
  span: [number, number],
};

/**
 * What the window sends to create a remedial task.
 */
export type RemedialInput = {
  /**
   * The unit (the task's lead).
   */
  unitId: number,
  /**
   * The score year the task follows up.
   */
  year: number,
  /**
   * The level of that score.
   */
  level: ParLevel,
  /**
   * The weak field.
   */
  fieldKey: string,
  /**
   * Title; empty for the default ([`default_title`]).
   */
  title?: string | null,
  /**
   * Deadline as typed (dd/mm/yyyy); empty for none.
   */
  deadline?: string | null,
};

/**
 * The formats of "Báo cáo tình hình thực hiện".
 */
export type ReportFormat = "xlsx" | "docx" | "csv";

/**
 * What a report covers. Crosses to the window as `{"kind": "district"}`,
 * `{"kind": "conference", "id": 3}` or `{"kind": "unit", "id": 7}`.
 */
export type ReportScope = { "kind": "district" } | { "kind": "conference", "id": number } | { "kind": "unit", "id": number };

/**
 * Where a request stands.
 */
export type RequestState = "pending" | "accepted" | "refused";

/**
 * What a restore did.
 */
export type RestoreOutcome = {
  /**
   * The backup restored.
   */
  restored: BackupInfo,
  /**
   * The backup taken of the store it replaced (`None` when there was no store, or it
   * was damaged).
   */
  safetyBackup: BackupInfo | null,
  /**
   * Where a damaged store was moved instead of being backed up.
   */
  damagedStore: string | null,
  /**
   * Where the previous evidence folder was kept, when no safety backup holds it.
   */
  previousEvidence: string | null,
  /**
   * The schema version the restored store has now (after migrating it).
   */
  schemaVersion: number,
};

/**
 * A proposed task with its codes resolved to the store's ids, ready for the review table.
 */
export type ReviewRow = {
  /**
   * What the reader proposed (codes, dates as YYYY-MM-DD, span in characters).
   */
  proposed: ProposedTask,
  /**
   * The sentence or clause it came from, starting with a capital letter.
   */
  sentence: string,
  /**
   * The conclusion's own number of the item the task was read from ("3." → 3), when the
   * text numbers its items.
   */
  directiveNumber: number | null,
  /**
   * The directive the task belongs to: that item, or in prose the statement, as written.
   * The tasks the reader splits out of one item share it.
   */
  directiveText: string,
  /**
   * Lead units named one by one.
   */
  leadUnitIds: Array<number>,
  /**
   * Lead groups ("@communes" → the group "Các xã, thị trấn").
   */
  leadGroupIds: Array<number>,
  /**
   * Coordinating units (groups expanded: coordinators are listed one by one).
   */
  coordinatorUnitIds: Array<number>,
};

/**
 * What an account may do.
 */
export type Role = "unit" | "office" | "leader";

/**
 * What happened to one row of a batch added with [`add_each`].
 */
export type RowOutcome = {
  /**
   * The new attendee's id, when the row was added.
   */
  id: number | null,
  /**
   * Why the row was skipped, in Vietnamese.
   */
  problem: string | null,
};

/**
 * All settings.
 */
export type Settings = {
  /**
   * When rule-based reminders fire, office time ("07:30").
   */
  reminderTime: string,
  /**
   * Days before the deadline to remind; 0 is the deadline day itself.
   */
  offsets: Array<number>,
  /**
   * Working days, 1 = Monday … 7 = Sunday.
   */
  workingDays: Array<number>,
  /**
   * No notification outside working hours and days: deferred, never dropped.
   */
  quietHours: boolean,
  /**
   * Start of working hours ("07:00").
   */
  workStart: string,
  /**
   * End of working hours ("17:30").
   */
  workEnd: string,
  /**
   * A morning digest for the office on working days.
   */
  morningDigest: boolean,
  /**
   * Closing the window hides it to the tray.
   */
  closeToTray: boolean,
  /**
   * Start at login.
   */
  autostart: boolean,
  /**
   * When started at login, start hidden in the tray.
   */
  startHidden: boolean,
};

/**
 * The first rows of a sheet, as text, for the secretary to see what is being read.
 */
export type SheetPreview = {
  /**
   * The workbook's sheets.
   */
  sheets: Array<string>,
  /**
   * The sheet shown.
   */
  sheet: string,
  /**
   * The header row found (0-based).
   */
  headerRow: number,
  /**
   * The header's cells, one per column.
   */
  headers: Array<string>,
  /**
   * Up to 12 rows below the header, as shown (numbers with a decimal comma).
   */
  rows: Array<Array<string>>,
};

/**
 * A sheet's first rows and the mapping the core proposes for them.
 */
export type SheetProposal = {
  /**
   * The sheet read, its header row and first rows.
   */
  preview: SheetPreview,
  /**
   * Which column holds what, as proposed; the secretary confirms or changes it.
   */
  mapping: ColumnMapping,
};

/**
 * One video-conference site of a conference.
 */
export type Site = {
  /**
   * Row id.
   */
  id: number,
  /**
   * The unit at the site.
   */
  unitId: number,
  /**
   * Unit's full name.
   */
  unitName: string,
  /**
   * Unit's short name.
   */
  unitShortName: string,
  /**
   * Connection state.
   */
  connection: SiteConnection,
  /**
   * Who led the site.
   */
  siteLead: string | null,
  /**
   * People present at the site.
   */
  headcount: number | null,
  /**
   * Note, e.g. "mất kết nối 10 phút".
   */
  note: string | null,
};

/**
 * Whether a video-conference site was connected.
 */
export type SiteConnection = "connected" | "not_connected" | "partial";

/**
 * Where the people of a pasted list sit when their line names no site.
 */
export type SitePick = { "mode": "auto" } | { "mode": "host" } | { "mode": "site", "siteId": number };

/**
 * The reporting category of one assignment on a given date. Each assignment is in exactly
 * one category on any date.
 */
export type StatusCode = "done_on_time" | "done_late" | "done_no_deadline" | "target_missed" | "in_progress" | "overdue" | "open_no_deadline" | "cancelled";

/**
 * Why the store is not open: the problem's code (`locked`, `damaged`…) and the message.
 */
export type StoreFailure = {
  /**
   * The core's code for the problem, so the window offers the way out (retry, restore).
   */
  code: ErrorCode,
  /**
   * Vietnamese message naming the file.
   */
  message: string,
};

/**
 * A stored notice.
 */
export type StoredNotice = {
  /**
   * Row id.
   */
  id: number,
  /**
   * When it was produced (UTC).
   */
  createdAt: string,
  /**
   * One reminder's kind, or a summary's.
   */
  kind: `before_${number}` | "due" | "overdue" | `custom:${number}` | "digest" | "catch_up" | "morning",
  /**
   * Summary line.
   */
  summary: string,
  /**
   * Body.
   */
  body: string,
  /**
   * The assignment it is about.
   */
  assignmentId: number | null,
  /**
   * Shown on the desktop.
   */
  delivered: boolean,
  /**
   * Read in the app.
   */
  seen: boolean,
};

/**
 * The number a notice should carry for a year and a symbol, asked again when the form's
 * date changes year or its symbol changes.
 */
export type SuggestedNumber = {
  /**
   * The conference's own number there, else the next free.
   */
  number: number,
  /**
   * The next free number.
   */
  nextFree: number,
};

/**
 * What one synchronisation did, as `dondoc-cli sync` prints it (a contract).
 */
export type SyncReport = {
  /**
   * Parts in the mirror taken from the office.
   */
  pulled: number,
  /**
   * Queued actions the office answered.
   */
  sent: number,
  /**
   * Of those, the ones it did not apply.
   */
  conflicts: number,
};

/**
 * A numeric target (chỉ tiêu), e.g. "trên 60% hồ sơ được số hóa".
 */
export type Target = {
  /**
   * What is measured, e.g. "Tỷ lệ hồ sơ được số hóa".
   */
  metric: string,
  /**
   * Comparison.
   */
  op: TargetOp,
  /**
   * The threshold.
   */
  value: number,
  /**
   * Unit of measure, e.g. "%".
   */
  unit: string | null,
  /**
   * Each unit, or the total.
   */
  scope: TargetScope,
};

/**
 * Comparison in a numeric target.
 */
export type TargetOp = ">" | ">=" | "=" | "<=" | "<";

/**
 * Whether each unit must reach a target, or the units together.
 */
export type TargetScope = "each" | "total";

/**
 * What the secretary enters to create a task.
 */
export type TaskInput = {
  /**
   * The directive it comes from.
   */
  directiveId?: number | null,
  /**
   * For a standalone task: the document it comes from ("TB số 12/TB-UBND").
   */
  sourceRef?: string | null,
  /**
   * Title (required).
   */
  title: string,
  /**
   * Description.
   */
  description?: string | null,
  /**
   * Deadline as typed (dd/mm/yyyy); empty means no deadline.
   */
  deadline?: string | null,
  /**
   * Lead units chosen one by one.
   */
  leadUnitIds: Array<number>,
  /**
   * Lead groups, expanded into their member units.
   */
  leadGroupIds: Array<number>,
  /**
   * Coordinating units (informed, they do not tick).
   */
  coordinatorUnitIds: Array<number>,
  /**
   * Nhiệm vụ trọng tâm.
   */
  starred: boolean,
  /**
   * Numeric target.
   */
  target?: Target | null,
  /**
   * Recurrence rule code (`monthly:20`, `quarterly`, ...); a recurring task has no
   * deadline of its own, each period's part has the period's due date.
   */
  recurrence?: string | null,
  /**
   * The date the task was given (ngày giao), as typed; empty means the conference's date
   * for a task from a directive, today for a standalone one. A recurring task's periods
   * start here.
   */
  givenOn?: string | null,
};

/**
 * A unit's role on a task.
 */
export type TaskRole = "lead" | "coordinator";

/**
 * A task's tags: its own and those inherited from its directive.
 */
export type TaskTags = {
  /**
   * The task.
   */
  taskId: number,
  /**
   * Its own tags.
   */
  own: Array<string>,
  /**
   * Its directive's tags.
   */
  inherited: Array<string>,
};

/**
 * A unit's role on a task.
 */
export type TaskUnit = {
  /**
   * The unit.
   */
  unitId: number,
  /**
   * Its short name.
   */
  unitShortName: string,
  /**
   * Lead or coordinator.
   */
  role: TaskRole,
  /**
   * The group it was chosen through, if any.
   */
  viaGroupId: number | null,
  /**
   * That group's name ("Các xã, thị trấn").
   */
  viaGroupName: string | null,
};

/**
 * A task with the progress of its assignments.
 */
export type TaskWithProgress = {
  /**
   * Progress on the requested date.
   */
  progress: Progress,
  /**
   * Row id.
   */
  id: number,
  /**
   * Source directive.
   */
  directiveId: number | null,
  /**
   * Source document of a standalone task.
   */
  sourceRef: string | null,
  /**
   * Title.
   */
  title: string,
  /**
   * Description.
   */
  description: string | null,
  /**
   * Deadline (YYYY-MM-DD).
   */
  deadline: string | null,
  /**
   * Nhiệm vụ trọng tâm.
   */
  starred: boolean,
  /**
   * Numeric target.
   */
  target: Target | null,
  /**
   * Recurrence rule (as its code in JSON, `monthly:20`).
   */
  recurrence: "daily" | "weekly" | `weekly:${string}` | "monthly" | `monthly:${number}` | "quarterly" | "semiannual" | "yearly" | `yearly:${string}` | null,
  /**
   * Its Vietnamese label ("Hằng tháng, trước ngày 20").
   */
  recurrenceLabel: string | null,
  /**
   * When the recurrence was stopped (YYYY-MM-DD).
   */
  recurrenceStoppedOn: string | null,
  /**
   * The date the task was given (YYYY-MM-DD).
   */
  givenOn: string | null,
  /**
   * Units with a role on the task.
   */
  units: Array<TaskUnit>,
};

/**
 * One unit of the registry (a commune, a department, ...).
 */
export type Unit = {
  /**
   * Row id.
   */
  id: number,
  /**
   * Stable code, e.g. `xa-my-ha`.
   */
  code: string,
  /**
   * Full name, e.g. "UBND xã Mỹ Hà".
   */
  name: string,
  /**
   * Short name, e.g. "Mỹ Hà".
   */
  shortName: string,
  /**
   * Kind of body.
   */
  kind: UnitKind,
  /**
   * Other names the unit goes by in documents.
   */
  aliases: Array<string>,
  /**
   * Free note.
   */
  note: string | null,
  /**
   * Archived units stay for history but are not offered for new work.
   */
  active: boolean,
  /**
   * Registry order.
   */
  position: number,
};

/**
 * A unit's card.
 */
export type UnitCard = {
  /**
   * The unit.
   */
  unitId: number,
  /**
   * Its short display name.
   */
  unit: string,
  /**
   * The level it is scored at (from its latest score; from its kind when never scored).
   */
  level: ParLevel,
  /**
   * Its years, ascending.
   */
  years: Array<CardYear>,
  /**
   * The latest year's fields, lowest percentage first, at most 3.
   */
  weakest: Array<FieldCell>,
  /**
   * The tasks of the unit tagged with a field (directly or through their directive).
   */
  tasks: Array<FieldTask>,
};

/**
 * A named group of units ("Các xã, thị trấn").
 */
export type UnitGroup = {
  /**
   * Row id.
   */
  id: number,
  /**
   * Stable code, e.g. `communes`.
   */
  code: string,
  /**
   * Vietnamese display name.
   */
  name: string,
  /**
   * Phrases documents use for the group.
   */
  aliases: Array<string>,
  /**
   * Free note.
   */
  note: string | null,
  /**
   * Member unit ids, in registry order.
   */
  unitIds: Array<number>,
};

/**
 * A unit as edited on the registry screen.
 */
export type UnitInput = {
  /**
   * Existing unit to edit; `None` adds a unit.
   */
  id?: number | null,
  /**
   * Stable code (lower case letters, digits and dashes), e.g. `xa-my-ha`.
   */
  code: string,
  /**
   * Full name.
   */
  name: string,
  /**
   * Short name.
   */
  shortName: string,
  /**
   * Kind code.
   */
  kind: UnitKind,
  /**
   * Other names.
   */
  aliases: Array<string>,
  /**
   * Free note.
   */
  note?: string | null,
};

/**
 * What kind of body a unit is.
 */
export type UnitKind = "town" | "commune" | "department" | "agency" | "external" | "district";

/**
 * Everything a unit's page shows.
 */
export type UnitPage = {
  /**
   * The "tính đến ngày" date (YYYY-MM-DD).
   */
  asOf: string,
  /**
   * Its counts in the overview's categories (all zero when nothing was given to it).
   */
  counts: UnitStats,
  /**
   * Share done on time of what was due (see [`stats::UnitStats::on_time_percent`]).
   */
  onTimePercent: number | null,
  /**
   * Its own parts that existed on the date, most urgent first.
   */
  assignments: Array<AssignmentRow>,
  /**
   * Tasks it coordinates, given by the date.
   */
  coordinating: Array<CoordinatedTask>,
};

/**
 * One unit's line on the overview: ids for links, then the counts of `stats --json`.
 */
export type UnitRow = {
  /**
   * Unit id.
   */
  unitId: number,
  /**
   * Unit full name.
   */
  unitName: string,
  /**
   * Share done on time, percent.
   */
  onTimePercent: number | null,
  /**
   * Unit code.
   */
  unit: string,
  /**
   * All assignments, cancelled ones included.
   */
  total: number,
  /**
   * Hoàn thành đúng hạn.
   */
  done_on_time: number,
  /**
   * Hoàn thành quá hạn.
   */
  done_late: number,
  /**
   * Hoàn thành (không có hạn).
   */
  done_no_deadline: number,
  /**
   * Đang thực hiện trong hạn.
   */
  in_progress: number,
  /**
   * Chưa có thời hạn.
   */
  open_no_deadline: number,
  /**
   * Quá hạn chưa hoàn thành.
   */
  overdue: number,
  /**
   * Không đạt chỉ tiêu.
   */
  target_missed: number,
  /**
   * Đã hủy.
   */
  cancelled: number,
  /**
   * Tasks given by then on which the unit coordinates (phối hợp): it is informed and
   * helps, but has no part of its own to tick, so none of the counts above include them.
   */
  coordinating: number,
};

/**
 * One unit's counts. Field names are a contract of `dondoc-cli stats --json`.
 */
export type UnitStats = {
  /**
   * Unit code.
   */
  unit: string,
  /**
   * All assignments, cancelled ones included.
   */
  total: number,
  /**
   * Hoàn thành đúng hạn.
   */
  done_on_time: number,
  /**
   * Hoàn thành quá hạn.
   */
  done_late: number,
  /**
   * Hoàn thành (không có hạn).
   */
  done_no_deadline: number,
  /**
   * Đang thực hiện trong hạn.
   */
  in_progress: number,
  /**
   * Chưa có thời hạn.
   */
  open_no_deadline: number,
  /**
   * Quá hạn chưa hoàn thành.
   */
  overdue: number,
  /**
   * Không đạt chỉ tiêu.
   */
  target_missed: number,
  /**
   * Đã hủy.
   */
  cancelled: number,
  /**
   * Tasks given by then on which the unit coordinates (phối hợp): it is informed and
   * helps, but has no part of its own to tick, so none of the counts above include them.
   */
  coordinating: number,
};

/**
 * A document written: where, and how many events or rows it holds.
 */
export type Written = {
  /**
   * The file written.
   */
  path: string,
  /**
   * Events of a calendar, rows of a report.
   */
  count: number,
};
