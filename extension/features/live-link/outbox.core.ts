import type { ApiResult } from '../../lib/api';

/**
 * The one retry policy of a live engagement's backend calls (transcript posts, channel usage,
 * the end), on both sides: a failure the backend may get over (no answer, 429, 5xx) is tried
 * again after a pause that doubles from RETRY_FIRST_MS up to RETRY_MAX_MS, or after the
 * answer's Retry-After; any other failure is final (tried again it would fail the same way).
 */

export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

export type Attempt = { kind: 'done' } | { kind: 'give-up'; why: string } | { kind: 'retry'; afterMs: number };

/** What to do after the `attempt`-th try (1 = the first) answered `result`. */
export function afterAttempt(result: ApiResult<unknown>, attempt: number): Attempt {
  if (result.ok) return { kind: 'done' };
  const retryable = result.status === 0 || result.status === 429 || result.status >= 500;
  if (!retryable) return { kind: 'give-up', why: result.message };
  return { kind: 'retry', afterMs: result.retryAfterMs ?? retryPause(attempt) };
}

/** The pause after the `attempt`-th failure: 1 s, 2 s, 4 s … capped at 30 s. */
export function retryPause(attempt: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, Math.min(attempt - 1, 30)), RETRY_MAX_MS);
}
