/**
 * Cursor paging over a list the server pages (sessions: `before` and `nextBefore`): the cursors
 * of the pages seen, so "Previous" goes back without the server knowing of going back.
 */
export interface Pager {
  /** The cursor of each page up to the current one; the first page's is null. */
  cursors: (string | null)[];
}

export const FIRST_PAGE: Pager = { cursors: [null] };

export function currentCursor(p: Pager): string | null {
  return p.cursors.at(-1) ?? null;
}

export function nextPage(p: Pager, next: string | null): Pager {
  return next ? { cursors: [...p.cursors, next] } : p;
}

export function previousPage(p: Pager): Pager {
  return p.cursors.length > 1 ? { cursors: p.cursors.slice(0, -1) } : p;
}

/** 1 for the first page. */
export function pageNumber(p: Pager): number {
  return p.cursors.length;
}
