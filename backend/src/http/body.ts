import type { Context } from 'hono';
import type { z } from 'zod';
import { ErrorCode } from '../../../shared/api';
import { ApiFailure, fail } from './errors';

/**
 * Reads a JSON body of at most `maxBytes`, streamed so an oversized body is cut off
 * early: 413 when too large, 400 `invalid_json` when it does not parse (a truncated body).
 */
export async function readJson(c: Context, maxBytes: number, opts: { emptyAs?: unknown } = {}): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw fail.tooLarge(`The body is ${declared} bytes; at most ${maxBytes} are accepted.`);
  const stream = c.req.raw.body;
  if (!stream) {
    if ('emptyAs' in opts) return opts.emptyAs;
    throw new ApiFailure(400, ErrorCode.invalidJson, 'The request has no body; send JSON.');
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw fail.tooLarge(`The body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '' && 'emptyAs' in opts) return opts.emptyAs;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiFailure(400, ErrorCode.invalidJson, `The body is not valid JSON (${(err as Error).message}).`);
  }
}

/** Parses with a zod schema or fails with 400 and the issues. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fail.invalidBody(result.error, what);
  return result.data;
}
