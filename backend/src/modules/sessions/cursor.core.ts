/**
 * The `before` cursor of a session list: where the previous page ended, as the last
 * session's last activity and id. Opaque to clients (base64url of "<ISO time>|<uuid>");
 * only what `encodeCursor` makes decodes, so a forged or damaged one is refused before
 * it can reach a query.
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
