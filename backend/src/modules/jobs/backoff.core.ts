/**
 * When a failed job runs again: after `baseMs` × 2^(attempts − 1), at most `maxMs`
 * (30 s, 1 min, 2 min, … up to an hour by default). Pure, so the schedule is tested on its own.
 */
export function retryDelayMs(attempts: number, baseMs = 30_000, maxMs = 3_600_000): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, n - 1));
}
