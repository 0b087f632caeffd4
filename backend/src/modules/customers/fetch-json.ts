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
 * GETs JSON: the status and, unless 404, the parsed body (at most MAX_ANSWER_BYTES).
 * A redirect is not followed (a signed request goes only where it was signed for): its status
 * is returned like any other. An abort, a network error, an oversized or unparsable body
 * become a SourceFailure.
 */
export async function getJson(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; body?: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, redirect: 'manual', signal });
  } catch (err) {
    throw failureOf(err, signal);
  }
  if (res.status === 404) {
    await res.body?.cancel().catch(() => {});
    return { status: 404 };
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
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

async function readAnswer(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const tooLarge = () => new SourceFailure(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  if (declared > MAX_ANSWER_BYTES) throw tooLarge();
  return (await readCapped(res.body, MAX_ANSWER_BYTES, tooLarge)).toString('utf8');
}

function failureOf(err: unknown, signal: AbortSignal): SourceFailure {
  if (err instanceof SourceFailure) return err;
  if (signal.aborted) return new SourceFailure('no answer in time');
  // undici puts the reason (refused, reset, DNS, a redirect) in `cause`; its code is safe to show.
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message.slice(0, 100) : 'network error';
  return new SourceFailure(`the call failed (${code})`);
}
