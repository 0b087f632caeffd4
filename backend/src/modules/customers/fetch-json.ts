import { type Outbound, type OutboundAnswer, OutboundRefused } from '../../outbound/client';
import { readCapped } from '../../streams';

/** Largest answer a customer source may give: a profile is a few hundred bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Why a call to a customer source failed, in words safe for the log (no URL query, header or secret). */
export class SourceFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SourceFailure';
  }
}

/**
 * GETs JSON through the outbound guard: the status and, unless 404, the parsed body (at most
 * MAX_ANSWER_BYTES). A redirect is not followed (a signed request goes only where it was signed
 * for): its status is returned like any other. A refusal of the guard, an abort, a network
 * error, an oversized or unparsable body become a SourceFailure.
 */
export async function getJson(outbound: Outbound, url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; body?: unknown }> {
  let res: OutboundAnswer;
  try {
    res = await outbound.get(url, { headers: { accept: 'application/json', ...headers }, signal });
  } catch (err) {
    throw failureOf(err, signal);
  }
  if (res.status !== 200) {
    await res.body.cancel().catch(() => {});
    return { status: res.status };
  }
  let text: string;
  try {
    text = await readAnswer(res);
  } catch (err) {
    throw failureOf(err, signal);
  }
  try {
    return { status: 200, body: JSON.parse(text) };
  } catch {
    throw new SourceFailure('the answer is not JSON');
  }
}

async function readAnswer(res: OutboundAnswer): Promise<string> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  const tooLarge = () => new SourceFailure(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  if (declared > MAX_ANSWER_BYTES) throw tooLarge();
  return (await readCapped(res.body, MAX_ANSWER_BYTES, tooLarge)).toString('utf8');
}

function failureOf(err: unknown, signal: AbortSignal): SourceFailure {
  if (err instanceof SourceFailure) return err;
  if (err instanceof OutboundRefused) return new SourceFailure(err.message);
  if (signal.aborted) return new SourceFailure('no answer in time');
  // Node's errors carry a code (ECONNREFUSED, ECONNRESET, ENOTFOUND) that is safe to show; never their message, which may hold the URL.
  const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'network error';
  return new SourceFailure(`the call failed (${code})`);
}
