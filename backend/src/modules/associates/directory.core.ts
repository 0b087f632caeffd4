/**
 * The directory of approved independents, the pure parts: the category filter as typed
 * ("Audio > Headphones"), a path's key for "covers" tests, the page cursor, the conversion.
 */

/** "Audio > Headphones" → ["Audio", "Headphones"]; blank parts are dropped. */
export function parseCategoryFilter(typed: string): string[] {
  return typed
    .split('>')
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * A category path as one string: its parts lower-case, each followed by the unit separator
 * (U+001F), so that a path covers another exactly when its key is a prefix of the other's
 * ("audio␟" covers "audio␟headphones␟", and not "audiobooks␟"). The database builds the same
 * key from stored paths.
 */
export function categoryKey(path: readonly string[]): string {
  return path.map((p) => `${p.toLowerCase()}\u001f`).join('');
}

/** Sales per outcome recorded; null without any. */
export function conversionOf(outcomes: number, sales: number): number | null {
  return outcomes > 0 ? Math.round((sales / outcomes) * 1000) / 1000 : null;
}

/** The directory's page cursor: the last listing's name and id, base64url-encoded JSON. */
export function encodeListingCursor(position: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([position.name, position.id]), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position a cursor names, or null when the directory did not make it. */
export function decodeListingCursor(cursor: string): { name: string; id: string } | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [name, id] = value as unknown[];
    if (typeof name !== 'string' || typeof id !== 'string' || !UUID.test(id) || name.includes('\u0000')) return null;
    return encodeListingCursor({ name, id }) === cursor ? { name, id } : null;
  } catch {
    return null;
  }
}
