/**
 * What became of one attempt to deliver an export, for the job that runs it: delivered; worth
 * trying again later (the job queue owns the backoff); or refused, where trying again as it is
 * would fail the same way (a wrong secret, a URL the guard refuses, a bucket that does not exist)
 * and someone must change the settings. Reasons are safe to show the enterprise and to log: never
 * a URL's path or query, a header or a secret.
 */
export type Delivery =
  | { outcome: 'delivered'; status: number; etag?: string }
  | { outcome: 'retry'; reason: string; retryAfterSeconds?: number }
  | { outcome: 'refused'; reason: string };

/**
 * The seconds a `Retry-After` header asks for (delay-seconds, or an HTTP date after `nowMs`), at
 * most a day; undefined when absent or unreadable.
 */
export function retryAfterSeconds(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const seconds = /^\d{1,9}$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - nowMs) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(86_400, Math.max(0, seconds));
}

/** Statuses worth another attempt: a timeout, too many requests, and the server's own errors. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The outcome of an answer: 2xx delivered; 408, 429 and 5xx retry (after Retry-After when given);
 * a redirect refused (a signed request goes only where it was signed for); any other status refused.
 * `detail` adds what the receiver said (an S3 error code) to the reason.
 */
export function outcomeOfStatus(status: number, retryAfter: number | undefined, detail?: string): Delivery {
  const said = `answered ${status}${detail ? ` ${detail}` : ''}`;
  if (status >= 200 && status <= 299) return { outcome: 'delivered', status };
  if (isTransientStatus(status)) return retryAfter === undefined ? { outcome: 'retry', reason: said } : { outcome: 'retry', reason: said, retryAfterSeconds: retryAfter };
  if (status >= 300 && status <= 399) return { outcome: 'refused', reason: `${said} (a redirect is not followed: set the URL it points to)` };
  return { outcome: 'refused', reason: said };
}
