// The backend over HTTP, for the portal's page in a unit's browser: the only module of the
// portal build that calls `fetch` and `EventSource`. Same origin, the session cookie
// (HttpOnly, set by the server) goes with every call. A unit may do only a few things; every
// other method of `Backend` rejects with `forbidden` before anything is sent.
//
// The routes it calls (the server is the crate dondoc-server):
//   POST   /api/session                      {"user","password"}      → 200, session cookie
//   PUT    /api/session/password             {"old","new"}            → 204
//   DELETE /api/session                                               → 204
//   GET    /api/my/assignments?at=YYYY-MM-DD[&status=open|done][&limit=N][&after=CURSOR]
//                                                                     → AssignmentLine[] (the fields of `tasks list --json`), one page;
//                                                                       headers X-Total-Count, and Link rel="next" while more remain
//   GET    /api/my/assignments/{id}?at=…                              → AssignmentDetail
//   POST   /api/my/assignments/{id}/done     {"on","note","value"?}   → 204
//   POST   /api/my/assignments/{id}/evidence multipart, field "file" → 201 (Evidence as JSON, if any)
//   POST   /api/my/assignments/{id}/note     {"note"}                 → 204
//   POST   /api/my/assignments/{id}/extension {"until","reason"}      → 201
//   GET    /api/my/events                    server-sent events named `changed`: "your list changed"
// Errors are {"code","message"} (Vietnamese message), as in the window.
import { ApiError, type Backend, type Desk, type PageAsk, type Portal, type PortalPage, type Unlisten } from './backend';
import type { AssignmentDetail, AssignmentLine, Completion, Evidence } from './bindings';
import { isoDate } from './format';
import { uploadProblem } from './uploads';

/** Codes the portal's server answers beyond the window's `ErrorCode`. Declared here until the
 * server's codes are generated into bindings.ts; then this union is redundant. */
export type PortalErrorCode =
  | 'unauthenticated'
  | 'wrong_credentials'
  | 'account_locked'
  | 'password_change_required'
  | 'forbidden'
  | 'weak_password'
  | 'too_large'
  | 'unsupported_file_type'
  | 'bad_origin';

/** A part as the portal's detail route answers it: the window's `AssignmentDetail` and, when
 * the server sends them, the directive's text and the task's description (not in the
 * window's type yet). */
export type PortalAssignmentDetail = AssignmentDetail & { directiveText?: string | null; taskDescription?: string | null };

/** The body of `POST /api/session` (not a Rust type in bindings.ts yet). */
export interface LoginBody { user: string; password: string }
/** The body of `PUT /api/session/password`. */
export interface PasswordBody { old: string; new: string }
/** The body of `POST …/done`: the day (YYYY-MM-DD), a note, the reported value. */
export interface DoneBody { on: string; note: string | null; value?: number | null }
/** The body of `POST …/extension`: the deadline asked for (YYYY-MM-DD) and why. */
export interface ExtensionBody { until: string; reason: string }
/** The body of `POST …/note`: a progress note. */
export interface NoteBody { note: string }

const OFFLINE = 'Không kết nối được với máy chủ của Văn phòng UBND huyện. Kiểm tra mạng rồi thử lại.';

/** The Vietnamese error of an answer that carries no `{code, message}` (a proxy, a server
 * without the portal, a crash), by its HTTP status. */
function statusError(status: number): ApiError {
  if (status === 401) return new ApiError('unauthenticated', 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.');
  if (status === 403) return new ApiError('forbidden', 'Tài khoản này không được làm việc này.');
  if (status === 404) {
    return new ApiError('not_found', 'Máy chủ không trả lời đúng (mã 404): địa chỉ cổng có thể chưa đúng, hoặc Văn phòng chưa bật cổng đơn vị.');
  }
  if (status === 413) return new ApiError('too_large', 'Tệp quá lớn: mỗi tệp tối đa 20 MB.');
  if (status === 429) return new ApiError('account_locked', 'Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại.');
  return new ApiError('internal', `Máy chủ gặp lỗi (mã ${status}). Hãy thử lại sau ít phút.`);
}

/** One request; the JSON answer (or undefined when there is none), or an ApiError. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, path, body)).json;
}

/** One request; the JSON answer and the answer's headers, or an ApiError. */
async function exchange<T>(method: string, path: string, body?: unknown): Promise<{ json: T; headers: Headers }> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
  }
  let resp: Response;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    console.error(method, path, e);
    throw new ApiError('internal', OFFLINE);
  }
  const text = await resp.text().catch(() => '');
  let json: unknown = undefined;
  if (text && (resp.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!resp.ok) {
    const e = json as { code?: unknown; message?: unknown; field?: unknown } | undefined;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      throw new ApiError(e.code as ApiError['code'], e.message, typeof e.field === 'string' ? e.field : undefined);
    }
    throw statusError(resp.status);
  }
  return { json: json as T, headers: resp.headers };
}

/** The target of `Link: <…>; rel="next"` (RFC 8288), if the header has one on this server's
 * list route; anything else (another origin, another path) is ignored. */
export function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?next"?\s*(;|$)/i.test(m[2]) && m[1].startsWith('/api/my/assignments?')) return m[1];
  }
  return null;
}

/** One page of the list: the first of a group, or the `next` one an earlier page gave. */
async function listPage(asOfDate: string, ask: PageAsk = {}): Promise<PortalPage> {
  let path = ask.next ?? null;
  if (!path) {
    const params = new URLSearchParams();
    if (asOfDate) params.set('at', isoDate(asOfDate));
    if (ask.status) params.set('status', ask.status);
    if (ask.limit !== undefined) params.set('limit', String(ask.limit));
    path = `/api/my/assignments?${params}`;
  }
  const { json, headers } = await exchange<AssignmentLine[]>('GET', path);
  const lines = json ?? [];
  const total = Number(headers.get('x-total-count'));
  return { lines, next: nextLink(headers.get('link')), total: Number.isFinite(total) && headers.has('x-total-count') ? total : lines.length };
}

const NOT_FOR_UNITS = 'Tài khoản đơn vị không làm được việc này trên cổng; hãy liên hệ Văn phòng UBND huyện.';

/** What a unit may not do: refused here, nothing sent. */
function forbidden(): Promise<never> {
  return Promise.reject(new ApiError('forbidden', NOT_FOR_UNITS));
}

const q = (asOfDate?: string) => (asOfDate ? `?at=${encodeURIComponent(isoDate(asOfDate))}` : '');
const part = (id: number) => `/api/my/assignments/${encodeURIComponent(String(id))}`;

/** Refuses, before anything is sent, the first file the portal would not take. */
function check(files: File[]) {
  for (const f of files) {
    const problem = uploadProblem(f);
    if (problem) throw new ApiError(problem.code, problem.message, 'files');
  }
}

/** Files one evidence file after checking it against the portal's rule (uploads.ts). */
async function upload(id: number, file: File): Promise<Evidence> {
  check([file]);
  const form = new FormData();
  form.append('file', file, file.name);
  const ev = await call<Evidence | undefined>('POST', `${part(id)}/evidence`, form);
  // The contract promises 201; the filed row is a courtesy of the server when it sends it.
  return ev ?? { id: 0, fileName: file.name, storedPath: '', addedAt: '' };
}

function doneBody(c: Completion): DoneBody {
  return { on: isoDate(c.completedOn), note: c.note ?? null, value: c.reportedValue ?? null };
}

export const webBackend: Backend = {
  listAssignments: forbidden,
  assignmentDetail: (id, asOfDate) => call<AssignmentDetail>('GET', `${part(id)}${q(asOfDate)}`),
  completeAssignment: (id, completion) => call<void>('POST', `${part(id)}/done`, doneBody(completion)),
  attachEvidence: upload,
  /** Every file is checked before anything is sent; the files go first, then the tick, so a
   * failed upload leaves the part open (the files already sent stay filed with it). */
  completeWithEvidence: async (id, completion, files) => {
    check(files);
    const filed: Evidence[] = [];
    for (const f of files) filed.push(await upload(id, f));
    await call<void>('POST', `${part(id)}/done`, doneBody(completion));
    return filed;
  },
  addProgressNote: (id, note) => call<void>('POST', `${part(id)}/note`, { note } satisfies NoteBody),

  appInfo: forbidden,
  storeStatus: () => Promise.resolve(null),
  retryOpen: forbidden,
  backupsView: forbidden,
  backupProblem: () => Promise.resolve(null),
  backupNow: forbidden,
  restoreBackup: forbidden,
  restoreBackupFile: forbidden,
  chooseBackupFolder: forbidden,
  resetBackupFolder: forbidden,
  onBackupChanged: forbidden,
  onStoreFailed: forbidden,
  markPainted: () => Promise.resolve(),
  listUnits: forbidden,
  listGroups: forbidden,
  listConferences: forbidden,
  conferenceYears: forbidden,
  createConference: forbidden,
  updateConference: forbidden,
  updateSite: forbidden,
  addAttendees: forbidden,
  removeAttendee: forbidden,
  setAttendeePresence: forbidden,
  parseAttendees: forbidden,
  lastConferenceKind: forbidden,
  nothingLogged: forbidden,
  searchPeople: forbidden,
  loadDemo: forbidden,
  readConclusion: forbidden,
  acceptConclusion: forbidden,
  saveUnit: forbidden,
  setUnitActive: forbidden,
  setGroupMembers: forbidden,
  importRegistry: forbidden,
  exportRegistry: forbidden,
  getConference: forbidden,
  addDirective: forbidden,
  createTask: forbidden,
  unitPage: forbidden,
  recurrenceLabel: forbidden,
  dashboard: forbidden,
  returnAssignment: forbidden,
  cancelAssignment: forbidden,
  extendDeadline: forbidden,
  stopRecurrence: forbidden,
  getSettings: forbidden,
  saveSettings: forbidden,
  listNotices: forbidden,
  noticesBadge: forbidden,
  markNoticesSeen: forbidden,
  addCustomReminder: forbidden,
  onOpenAssignment: forbidden,
  onNoticesChanged: forbidden,
  portalView: forbidden,
  savePortalSettings: forbidden,
  enablePortalAccount: forbidden,
  resetPortalPassword: forbidden,
  disablePortalAccount: forbidden,
  extensionRequests: forbidden,
  decideExtensionRequest: forbidden,
  qrSvg: forbidden,
  onPortalChanged: forbidden,
  openEvidence: forbidden,
  saveEvidenceCopy: forbidden,
  noticeForm: forbidden,
  noticeNumber: forbidden,
  exportNotice: forbidden,
  exportCalendar: forbidden,
  exportReport: forbidden,
  trayAvailable: () => Promise.resolve(false),
  parFrameworks: forbidden,
  parFramework: forbidden,
  saveParFramework: forbidden,
  importParFrameworks: forbidden,
  parTable: forbidden,
  parUnitCard: forbidden,
  parRemedialTitle: forbidden,
  parRemedialTask: forbidden,
  parFields: forbidden,
  parTaskTags: forbidden,
  parDirectiveTags: forbidden,
  setParDirectiveTags: forbidden,
  parSheetPreview: forbidden,
  parSheetImport: forbidden,
  exportParTable: forbidden,
};

/** Listens to `/api/my/events`; on a dropped connection (the server restarted, the phone
 * slept, the session ended) it closes and reconnects after 2, 4 … 30 s, and refreshes once
 * connected again, since changes may have been missed meanwhile. */
function listen(f: () => void): Unlisten {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = 2000;
  let stopped = false;
  let opened = false;
  const connect = () => {
    source = new EventSource('/api/my/events', { withCredentials: true });
    source.onopen = () => {
      if (opened) f();
      opened = true;
      delay = 2000;
    };
    source.addEventListener('changed', () => f());
    source.onerror = () => {
      source?.close();
      if (stopped) return;
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}

export const webPortal: Portal = {
  myAssignments: listPage,
  login: (user, password) => call<void>('POST', '/api/session', { user, password } satisfies LoginBody),
  changePassword: (oldPassword, newPassword) => call<void>('PUT', '/api/session/password', { old: oldPassword, new: newPassword } satisfies PasswordBody),
  logout: () => call<void>('DELETE', '/api/session'),
  requestExtension: (assignmentId, until, reason) =>
    call<void>('POST', `${part(assignmentId)}/extension`, { until: isoDate(until), reason } satisfies ExtensionBody),
  onMyListChanged: listen,
};

/** What api.ts takes from this module in the portal build (vite.config.ts). */
export const backend: Backend = webBackend;
export const portal: Portal | null = webPortal;
/** The portal's page is never a unit's desk. */
export const desk: Desk | null = null;
