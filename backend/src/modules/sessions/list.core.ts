import { decodeCursor, encodeCursor } from '../../db/keyset.core';

/**
 * The console's session list: how it may be sorted, and the cursors that page it. Every sort is
 * descending (the most recent, longest, biggest first) with the session id breaking ties. A
 * cursor names its sort: one made for another sort is refused, so a page never continues
 * another order. The default sort's cursor is the one `GET /api/v1/sessions` always handed out.
 */
export const SESSION_SORTS = ['lastActivity', 'started', 'duration', 'cartValue'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];

/** Where a page ended: the last session's sort key (an ISO time, whole milliseconds, or a decimal) and id. */
export interface SortPosition {
  sort: SessionSort;
  /** `lastActivity`, `started`: a Date; `duration`: milliseconds; `cartValue`: a decimal string. */
  key: Date | number | string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MILLISECONDS = /^(0|[1-9]\d{0,14})$/;
const DECIMAL = /^(0|[1-9]\d{0,11})(\.\d{1,6})?$/;

export function encodeSortCursor(p: SortPosition): string {
  if (p.sort === 'lastActivity') return encodeCursor({ lastEventAt: p.key as Date, id: p.id });
  const key = p.key instanceof Date ? p.key.toISOString() : String(p.key);
  return Buffer.from(`${p.sort}~${key}|${p.id}`).toString('base64url');
}

/** The position a cursor stands for under `sort`, or null when `encodeSortCursor` did not make it for that sort. */
export function decodeSortCursor(sort: SessionSort, cursor: string): SortPosition | null {
  if (sort === 'lastActivity') {
    const p = decodeCursor(cursor);
    return p ? { sort, key: p.lastEventAt, id: p.id } : null;
  }
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${sort}~`;
  if (!decoded.startsWith(prefix)) return null;
  const rest = decoded.slice(prefix.length);
  if (sort === 'started') {
    const p = decodeCursor(Buffer.from(rest).toString('base64url'));
    return p ? { sort, key: p.lastEventAt, id: p.id } : null;
  }
  const parts = rest.split('|');
  if (parts.length !== 2) return null;
  const [key = '', id = ''] = parts;
  if (!UUID.test(id)) return null;
  if (sort === 'duration') return MILLISECONDS.test(key) ? { sort, key: Number(key), id } : null;
  return DECIMAL.test(key) ? { sort, key, id } : null;
}

/** A text search's LIKE pattern: lower-cased, its wildcards taken literally, anywhere in the text. */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
