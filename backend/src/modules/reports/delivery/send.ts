import type { IncomingHttpHeaders } from 'node:http';
import { type Outbound, type OutboundAnswer, OutboundRefused } from '../../../outbound/client';
import { readCapped } from '../../../streams';
import { type Delivery, outcomeOfStatus, retryAfterSeconds } from './outcome.core';

/** How much of an answer's body is read to say why it failed (an S3 error document is a few hundred bytes). */
export const MAX_ERROR_BYTES = 4 * 1024;

export interface SendFile {
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** Aborts the attempt: its end is "no answer in time", worth another attempt. */
  signal: AbortSignal;
  /** The clock, for a Retry-After given as a date. */
  nowMs: number;
  /** What the receiver said in a failed answer's body, for the reason (an S3 error code). */
  detail?: (body: string) => string | undefined;
}

/**
 * Sends a file through the outbound guard and says what came of it: the guard's refusal is
 * refused; an abort, a network error or a transient status is retry; 2xx is delivered (with the
 * answer's ETag, when it gives one).
 */
export async function sendFile(outbound: Outbound, url: URL, file: SendFile): Promise<Delivery> {
  let answer: OutboundAnswer;
  try {
    answer = await outbound.send(url, { method: file.method, headers: file.headers, body: file.body, signal: file.signal });
  } catch (err) {
    if (err instanceof OutboundRefused) return { outcome: 'refused', reason: err.message };
    return { outcome: 'retry', reason: file.signal.aborted ? 'no answer in time' : `the call failed (${errorCode(err)})` };
  }
  const header = (name: string) => first(answer.headers[name]);
  if (answer.status >= 200 && answer.status <= 299) {
    await answer.body.cancel().catch(() => {});
    const etag = header('etag');
    return etag ? { outcome: 'delivered', status: answer.status, etag } : { outcome: 'delivered', status: answer.status };
  }
  let text = '';
  try {
    text = (await readCapped(answer.body, MAX_ERROR_BYTES, () => new Error('long'))).toString('utf8');
  } catch {
    // A long or broken error body says nothing more than its status.
  }
  return outcomeOfStatus(answer.status, retryAfterSeconds(header('retry-after'), file.nowMs), file.detail?.(text));
}

function first(value: IncomingHttpHeaders[string]): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Node's error code (ECONNREFUSED, ECONNRESET, ENOTFOUND), safe to show; never the message, which may hold the URL. */
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'network error';
}
