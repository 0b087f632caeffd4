import { z } from 'zod';

/**
 * A NUL, or half of a UTF-16 surrogate pair without its other half. Postgres stores
 * neither, in text or in jsonb, so a string holding one would fail on write.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT = 'must not contain a NUL character or a lone UTF-16 surrogate';

/**
 * The same rule as a pattern the OpenAPI document carries: every code unit but NUL and the
 * surrogates, or a whole surrogate pair. It means the same read with or without the `u` flag
 * (JSON Schema validators differ): with it, a pair is one code point the first part takes.
 */
export const STORABLE_PATTERN = /^(?:[^\u0000\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/** Whether Postgres can store the string as it is. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/**
 * Every string field of the API that is stored: a zod string (or string format) that also
 * refuses what Postgres cannot store, so the extension's own validation refuses it before
 * sending. (Fields held to an ASCII pattern, such as ids, codes and decimals, cannot hold
 * either anyway.)
 *
 *   text().max(500)    text(z.url()).max(2048)
 */
export function text(): z.ZodString;
export function text<S extends z.ZodString | z.ZodStringFormat>(format: S): S;
export function text(format: z.ZodString | z.ZodStringFormat = z.string()): z.ZodType<string> {
  return format.regex(STORABLE_PATTERN, UNSTORABLE_TEXT);
}

/**
 * Text a person or a page wrote: trimmed, not blank, at most `max` characters after trimming.
 * The document says "not blank" as the pattern `\S` (trimming removes exactly what `\s` matches).
 */
export function nonBlank(max: number) {
  return text().regex(/\S/, 'must not be blank').trim().min(1).max(max);
}
