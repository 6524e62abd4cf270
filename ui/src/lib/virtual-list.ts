// The arithmetic of a virtualised list with a fixed row height: which rows are visible (plus a
// margin), which pages of rows they need, and which loaded pages are far enough away to drop.

export interface Viewport {
  scrollTop: number;
  height: number;
}

/** Rows `[start, end)`. */
export interface RowRange {
  start: number;
  end: number;
}

/** The rows a viewport shows, widened by `overscan` rows on each side, within `[0, total)`. */
export function visibleRows(viewport: Viewport, rowHeight: number, total: number, overscan = 6): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, viewport.scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, viewport.scrollTop) + Math.max(0, viewport.height)) / rowHeight);
  const start = Math.min(total, Math.max(0, first - overscan));
  const end = Math.min(total, last + overscan);
  return { start, end: Math.max(start, end) };
}

/** The page numbers (pages of `pageSize` rows, from 0) that hold the given rows. */
export function pagesFor(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const first = Math.floor(range.start / pageSize);
  const last = Math.floor((range.end - 1) / pageSize);
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Of the loaded pages, those more than `keep` pages away from the needed ones. */
export function pagesToDrop(loaded: Iterable<number>, needed: number[], keep: number): number[] {
  if (needed.length === 0) return [];
  const low = Math.min(...needed) - keep;
  const high = Math.max(...needed) + keep;
  return [...loaded].filter((page) => page < low || page > high);
}
