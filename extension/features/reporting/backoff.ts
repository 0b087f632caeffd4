const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 15_000;

/**
 * Wait before the next attempt after `failures` failures in a row: exponential from
 * 1 s, capped at 15 s, half of it random so many browsers do not retry in step.
 * e.g. failures 1 → 0.5–1 s, 3 → 2–4 s, 10 → 7.5–15 s.
 */
export function backoffDelay(failures: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
