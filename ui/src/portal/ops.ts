// What a unit's views (MyList, MyTask) do with its parts, as one small interface with two
// implementations: the portal's page (HTTP to the office, as `api`/`portal` do in web.ts) and
// the unit's desk in the desktop window (Tauri IPC to the local mirror; what the unit does is
// queued for the office). The views never know which one they have.
import { api, desk, portal, type Completion, type PageAsk, type PortalAssignmentDetail, type PortalPage } from '../lib/api';
import { isoDate } from '../lib/format';
import { PORTAL_ACCEPT, PORTAL_UPLOAD_RULE } from '../lib/uploads';

/** Whether the tick dialog takes evidence files here: the rule shown under the button, or
 * the line said instead of the button. */
export type FileChoice = { rule: { text: string; accept: string } } | { unavailable: string };

export interface UnitOps {
  /** One page of the unit's list (see `Portal.myAssignments`). */
  page(asOfDate: string, ask?: PageAsk): Promise<PortalPage>;
  /** One part with its history. */
  detail(id: number, asOfDate: string): Promise<PortalAssignmentDetail>;
  /** Ticks the part off (with its files where files are taken). */
  complete(id: number, completion: Completion, files: File[]): Promise<void>;
  /** A progress note. */
  note(id: number, note: string): Promise<void>;
  /** Asks for a later deadline (`until` as typed, dd/mm/yyyy). */
  extension(id: number, until: string, reason: string): Promise<void>;
  files: FileChoice;
  /** Added to what the part's page says after an action ("" when it reached the office). */
  afterAction: string;
}

/** The portal's page: every action reaches the office's server at once. */
export const portalOps: UnitOps = {
  page: (asOfDate, ask) => portal!.myAssignments(asOfDate, ask),
  detail: (id, asOfDate) => api.assignmentDetail(id, asOfDate),
  complete: async (id, completion, files) => {
    await api.completeWithEvidence(id, completion, files);
  },
  note: (id, note) => api.addProgressNote(id, note),
  extension: (id, until, reason) => portal!.requestExtension(id, isoDate(until), reason),
  files: { rule: { text: PORTAL_UPLOAD_RULE, accept: PORTAL_ACCEPT } },
  afterAction: '',
};

/** Evidence files are not queued at the desk: they go through the portal in a browser. */
export const DESK_NO_FILES = 'Gửi tệp minh chứng qua cổng đơn vị trên trình duyệt.';

/** The unit's desk: read from the mirror, each action queued and sent when the office is reachable. */
export const deskOps: UnitOps = {
  page: (asOfDate, ask) => desk!.page(asOfDate, ask),
  detail: (id, asOfDate) => desk!.detail(id, asOfDate),
  complete: async (id, c) => {
    await desk!.queue(id, 'done', { on: c.completedOn, note: c.note ?? null, value: c.reportedValue ?? null });
  },
  note: async (id, note) => {
    await desk!.queue(id, 'note', { note });
  },
  extension: async (id, until, reason) => {
    await desk!.queue(id, 'extension', { until: isoDate(until), reason });
  },
  files: { unavailable: DESK_NO_FILES },
  afterAction: ' Thao tác đang chờ gửi về Văn phòng.',
};
