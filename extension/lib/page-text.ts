// Text read from a shop's page becomes event text only through here: the backend refuses a
// NUL or a lone UTF-16 surrogate anywhere in an event (shared/text.ts), and a page may hold
// either, or a cut made in the middle of a surrogate pair may leave one.

/** Control characters (C0, DEL, C1); the whitespace ones among them become spaces. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const WHITESPACE_CONTROL = /[\t\n\v\f\r]/;
/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything the two above might touch: most page text has none, and skips them. */
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/;

/**
 * `text` as event text: control characters out (tabs and line breaks become spaces), lone
 * surrogate halves out, then cut to at most `max` UTF-16 code units (what the schemas count)
 * without splitting a surrogate pair.
 * e.g. pageText("Tent\u0000 2p") → "Tent 2p"; pageText("ab😀", 3) → "ab"
 */
export function pageText(text: string, max = Number.POSITIVE_INFINITY): string {
  const clean = SUSPECT.test(text) ? text.replace(CONTROL, (c) => (WHITESPACE_CONTROL.test(c) ? ' ' : '')).replace(LONE_SURROGATE, '') : text;
  if (clean.length <= max) return clean;
  const end = Math.max(0, Math.floor(max));
  // A high surrogate last would lose its pair: cut before it.
  return clean.slice(0, /[\ud800-\udbff]/.test(clean.charAt(end - 1)) ? end - 1 : end);
}

/** `value` (an event, say) with `pageText` applied to every string in it, at any depth. */
export function withPageText<T>(value: T): T {
  if (typeof value === 'string') return pageText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withPageText(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withPageText(item)])) as T;
  }
  return value;
}
