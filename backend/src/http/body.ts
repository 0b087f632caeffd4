import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiError } from '../../../shared/api';
import { isStorableText, UNSTORABLE_TEXT } from '../../../shared/text';
import { readCapped } from '../streams';
import { fail } from './errors';

type Issue = NonNullable<ApiError['error']['issues']>[number];

/**
 * Reads a JSON body of at most `maxBytes`, streamed so an oversized body is cut off
 * early: 413 when too large, 415 when a body comes without `Content-Type:
 * application/json`, 400 `invalid_json` when it does not parse (a truncated body).
 * An empty body is `emptyAs` when given (it needs no content type), else 400.
 */
export async function readJson(c: Context, maxBytes: number, opts: { emptyAs?: unknown } = {}): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw fail.tooLarge(`The body is ${declared} bytes; at most ${maxBytes} are accepted.`);
  const bytes = await readBytes(c, maxBytes);
  if (bytes.byteLength === 0) {
    if ('emptyAs' in opts) return opts.emptyAs;
    throw fail.invalidJson('The request has no body; send JSON.');
  }
  const type = c.req.header('content-type');
  if (!isJsonType(type)) {
    throw fail.unsupportedMediaType(`Send the body as JSON with "Content-Type: application/json"${type ? `, not "${type.slice(0, 100)}"` : ''}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw fail.invalidJson(`The body is not valid JSON (${(err as Error).message.slice(0, 200)}).`);
  }
  // Kept for the audit log, which records what a change sent (modules/audit).
  c.set('requestJson', { value, bytes: bytes.byteLength });
  return value;
}

/**
 * Reads a text body of at most `maxBytes` (UTF-8, a byte-order mark kept for the reader to
 * skip) whose media type is one of `types`: 413 when too large, 415 for another type or a
 * charset other than UTF-8, 400 `invalid_body` when empty or not UTF-8.
 */
export async function readText(c: Context, maxBytes: number, types: readonly string[]): Promise<string> {
  const header = c.req.header('content-type') ?? '';
  const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (!types.includes(type) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw fail.unsupportedMediaType(`Send the body as ${types.map((t) => `"${t}"`).join(' or ')} in UTF-8${header ? `, not "${header.slice(0, 100)}"` : ''}.`);
  }
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw fail.tooLarge(`The body is ${declared} bytes; at most ${maxBytes} are accepted.`);
  const bytes = await readBytes(c, maxBytes);
  if (bytes.byteLength === 0) throw fail.invalidBody([{ path: [], message: 'the body is empty' }]);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw fail.invalidBody([{ path: [], message: 'the body is not UTF-8 text' }]);
  }
}

function readBytes(c: Context, maxBytes: number): Promise<Buffer> {
  return readCapped(c.req.raw.body, maxBytes, () => fail.tooLarge(`The body is larger than ${maxBytes} bytes.`));
}

/** `application/json`, with no charset or UTF-8 (JSON is UTF-8 on the wire). */
function isJsonType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

/**
 * Parses a body with its zod schema, or fails with 400 and the issues. What passes is
 * checked once more for strings Postgres cannot store (the schemas refuse them too; this
 * stands guard should a field forget), so no such value reaches a write.
 */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fail.invalidBody(toIssues(result.error), what);
  if (holdsUnstorable(result.data)) throw fail.invalidBody(unstorableStrings(result.data), what);
  return result.data;
}

/** Parses query parameters likewise: 400 `invalid_query` with the issues. */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  if (holdsUnstorable(query)) throw fail.invalidQuery(unstorableStrings(query));
  const result = schema.safeParse(query);
  if (!result.success) throw fail.invalidQuery(toIssues(result.error));
  return result.data;
}

/** Whether any string (key or value) in a parsed value is one Postgres could not store; cheap, for every request. */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return !isStorableText(value);
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  if (value && typeof value === 'object') {
    for (const k in value) if (!isStorableText(k) || holdsUnstorable((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** Every string (key or value) in a parsed value that Postgres could not store, by path. */
function unstorableStrings(value: unknown, path: (string | number)[] = [], found: Issue[] = []): Issue[] {
  if (found.length >= 100) return found;
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push({ path, message: UNSTORABLE_TEXT });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableStrings(v, [...path, i], found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) found.push({ path, message: `a key ${UNSTORABLE_TEXT}` });
      unstorableStrings(v, [...path, k], found);
    }
  }
  return found;
}

/** zod issues in the wire shape: a path and a message each. */
function toIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 100).map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}
