// Long lists render in steps. WebKit here builds, lays out and paints about 1.5 table rows
// per millisecond (measured at 100k: 1,019 conferences took 0.6–0.7 s from click to frame,
// 500 parts 0.4 s), so a list shows its first rows at once and the rest on request.

/** Rows a long list shows at first, and adds on each "Hiện thêm". */
export const LIST_STEP = 100;

/** The rows to show: the first `shown`, stretched to include the row `keep` (an opened one). */
export function visibleRows<T extends { id: number }>(rows: T[], shown: number, keep: number | null = null): T[] {
  const needed = keep === null ? 0 : rows.findIndex((r) => r.id === keep) + 1;
  return rows.slice(0, Math.max(shown, needed));
}
