import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { type Periodic, runEvery } from '../../periodic';

/** How often every instance looks for due offer machines and lapsed invitations. */
export const TICK_EVERY_MS = 250;

/**
 * Runs `tick` every `everyMs` on this instance, never two at once (a slow tick makes the
 * next one wait, not pile up). Instances share the work through `for update skip locked`.
 */
export function startTicker(tick: () => Promise<void>, log: Log, timers: Timers, everyMs = TICK_EVERY_MS): Periodic {
  return runEvery(timers, everyMs, tick, (err) => log('offers ticker failed', describeError(err)));
}
