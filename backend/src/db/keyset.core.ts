/**
 * Keyset paging, the pure part: a list walks an index in its order and each page continues after
 * the last row of the one before, named by an opaque cursor. No I/O; the query's side (the
 * condition "past this position") is in keyset.ts.
 */

/**
 * Where a page ended: the last row's time and id (a session's last activity, an opportunity's
 * opening, an order's placing…). Opaque to clients (base64url of "<ISO time>|<uuid>"); only
 * what `encodeCursor` makes decodes, so a forged or damaged one is refused before it can reach
 * a query.
 */
export interface PagePosition {
  lastEventAt: Date;
  id: string;
}

const FORM = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(p: PagePosition): string {
  return Buffer.from(`${p.lastEventAt.toISOString()}|${p.id}`).toString('base64url');
}

/** The position a cursor stands for, or null when `encodeCursor` did not make it. */
export function decodeCursor(cursor: string): PagePosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = FORM.exec(decoded);
  // Year 0 does not exist in Postgres; an impossible date (02-30) does not survive the round trip.
  if (!match || Number(match[1]) < 1) return null;
  const [iso = '', id = ''] = decoded.split('|');
  const lastEventAt = new Date(iso);
  if (Number.isNaN(lastEventAt.getTime()) || lastEventAt.toISOString() !== iso) return null;
  return { lastEventAt, id };
}

/**
 * A page out of the rows a keyset query read: the query asks for `limit + 1` rows, the page shows
 * `limit` of them, and only when there was one more does it name where the next page starts (the
 * cursor `cursorOf` makes of the last row shown).
 */
export function keysetPage<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { shown: T[]; next: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { shown, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
