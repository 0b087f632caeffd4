/** The longest activeMs one event may carry (shared/events.ts). */
const MAX_ACTIVE_MS = 3_600_000;

/**
 * Counts the time a page is visible and focused. `take()` returns what accrued since
 * the last take and starts counting afresh.
 */
export function createActivityClock(now: () => number, active: boolean) {
  let since: number | null = active ? now() : null;
  let banked = 0;
  return {
    setActive(on: boolean): void {
      if (on && since === null) since = now();
      if (!on && since !== null) {
        banked += now() - since;
        since = null;
      }
    },
    /** What accrued since the last take, without taking it. */
    peek(): number {
      return Math.max(0, Math.round(banked + (since === null ? 0 : now() - since)));
    },
    take(): number {
      const t = now();
      const total = banked + (since === null ? 0 : t - since);
      banked = 0;
      if (since !== null) since = t;
      return Math.min(MAX_ACTIVE_MS, Math.max(0, Math.round(total)));
    },
  };
}
export type ActivityClock = ReturnType<typeof createActivityClock>;
