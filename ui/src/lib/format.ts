// Display conventions of the office: dd/mm/yyyy, 24 h, Asia/Ho_Chi_Minh (UTC+7, no DST).
import type { SiteConnection } from './bindings';

const OFFICE_OFFSET_MS = 7 * 3600 * 1000;

/** "2023-02-28" → "28/02/2023"; null → "". */
export function date(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** A history value with every YYYY-MM-DD in it shown as dd/mm/yyyy ("2027-01-16: lý do"). */
export function datesIn(text: string): string {
  return text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
}

/** The office's calendar day (YYYY-MM-DD) of a stored UTC instant. */
export function officeDay(utc: string): string {
  return new Date(Date.parse(utc) + OFFICE_OFFSET_MS).toISOString().slice(0, 10);
}

/** A stored UTC instant ("2023-02-06T01:00:00Z") in office time: "06/02/2023 08:00". */
export function instant(utc: string | null | undefined): string {
  if (!utc) return '';
  const local = new Date(Date.parse(utc) + OFFICE_OFFSET_MS).toISOString();
  return `${date(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** Site totals with the partly connected counted apart: "10 kết nối · 1 một phần · 0 không kết nối". */
export function siteTotals(connections: SiteConnection[]): string {
  const n = (c: SiteConnection) => connections.filter((x) => x === c).length;
  return `${n('connected')} kết nối · ${n('partial')} một phần · ${n('not_connected')} không kết nối`;
}

/** A number with the Vietnamese decimal comma: 85.65 → "85,65". */
export function num(v: number): string {
  return String(v).replace('.', ',');
}

/** A figure the core already cut to its decimals, shown with at least `decimals` of them and
 * the decimal comma: (90, 2) → "90,00", (82.3, 1) → "82,3". Never rounds: a published figure
 * is truncated (78,928… → 78,92) by the core, and digits it kept are shown as they are. */
export function fixed(v: number, decimals: number): string {
  const [whole, frac = ''] = String(v).split('.');
  return decimals > 0 || frac ? `${whole},${frac.padEnd(decimals, '0')}` : whole;
}

/** Points out of their maximum as the province publishes them, two decimals: "56,20/70"; "—" without points. */
export function pointsOf(points: number | null, max: number): string {
  return points === null ? '—' : `${fixed(points, 2)}/${num(max)}`;
}

/** A change with its sign, for "So với năm trước": 3.37 → "+3,37", -1.2 → "−1,20", 0 → "0,00". */
export function signed(v: number, decimals: number): string {
  const text = fixed(Math.abs(v), decimals);
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

/** Reads a number typed with a comma or a dot decimal ("85,65" or "85.65"); NaN if not a number. */
export function parseNum(s: string): number {
  const t = s.trim().replace(/\s/g, '').replace(',', '.');
  return t === '' ? NaN : Number(t);
}

/** A stored UTC instant back to what the form shows: "06/02/2023 08:00". */
export const toInput = instant;

/** The error text of anything thrown by the api module. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "28/02/2023" or "2023-02-28" → "2023-02-28"; anything else unchanged (the core explains). */
export function isoDate(s: string): string {
  const m = s.trim().match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s.trim();
}

/** A certificate fingerprint (hex) in upper-case pairs joined by ':', so a person compares it
 * by eye on a slip, in Cài đặt and in a browser's certificate view. */
export function fingerprintPairs(fp: string): string {
  return fp.toUpperCase().match(/.{1,2}/g)?.join(':') ?? fp;
}

/** A stored UTC instant as the desk says when: "07:32 20/02/2023"; with `today` (YYYY-MM-DD),
 * the time alone on that office day ("07:32"). */
export function clockDate(utc: string | null | undefined, today?: string): string {
  if (!utc) return '';
  const local = new Date(Date.parse(utc) + OFFICE_OFFSET_MS).toISOString();
  const clock = local.slice(11, 16);
  return today && local.slice(0, 10) === today ? clock : `${clock} ${date(local.slice(0, 10))}`;
}
