// What the secretary changed in a row of the reader's review table ("đã sửa"), before she
// accepts it. The same fields, read the same way, as the core records with the review
// (dondoc-core `review::changes`): leads and coordinators as sets, dates whatever their
// padding, the target's value as a number, text trimmed and NFC.
import type { Target } from './bindings';
import { parseNum } from './format';

/** The editable fields of a review row. */
export interface ReviewFields {
  title: string;
  deadline: string;
  recurrence: string;
  leadUnitIds: number[];
  leadGroupIds: number[];
  coordinatorUnitIds: number[];
  target: Target | null;
  targetValue: string;
}

/** A row's fields as the reader proposed them, each as one comparable string. */
export type Snapshot = Record<keyof Edited, string>;

/** Which fields differ from the proposal. */
export interface Edited {
  title: boolean;
  deadline: boolean;
  recurrence: boolean;
  assignees: boolean;
  coordinators: boolean;
  target: boolean;
}

const text = (s: string | null | undefined) => (s ?? '').trim().normalize('NFC');
const ids = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b).join(',');

/** dd/mm/yyyy (or yyyy-mm-dd) as yyyy-mm-dd, so "31/3/2023" is "31/03/2023"; other text as typed. */
function day(s: string): string {
  const parts = text(s).split(/[/.-]/);
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) return text(s);
  const [y, m, d] = parts[0].length === 4 ? parts : [parts[2], parts[1], parts[0]];
  return `${Number(y)}-${Number(m)}-${Number(d)}`;
}

export function snapshot(r: ReviewFields): Snapshot {
  return {
    title: text(r.title),
    deadline: day(r.deadline),
    recurrence: text(r.recurrence),
    assignees: `${ids(r.leadUnitIds)}|${ids(r.leadGroupIds)}`,
    coordinators: ids(r.coordinatorUnitIds),
    target: r.target ? JSON.stringify([text(r.target.metric), r.target.op, parseNum(r.targetValue), text(r.target.unit), r.target.scope]) : '',
  };
}

/** The fields of `r` that differ from `proposed`; nothing for a row added by hand (`proposed` null). */
export function editedFields(r: ReviewFields, proposed: Snapshot | null): Edited {
  const now = snapshot(r);
  const differs = (k: keyof Edited) => proposed !== null && now[k] !== proposed[k];
  return {
    title: differs('title'),
    deadline: differs('deadline'),
    recurrence: differs('recurrence'),
    assignees: differs('assignees'),
    coordinators: differs('coordinators'),
    target: differs('target'),
  };
}
