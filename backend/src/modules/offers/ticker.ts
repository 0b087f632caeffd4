import type { Log } from '../../log';
import { describeError } from '../../log';

/** How often every instance looks for due offer machines and lapsed invitations. */
export const TICK_EVERY_MS = 250;

/**
 * Runs `tick` every `everyMs` on this instance, never two at once (a slow tick makes the
 * next one wait, not pile up). Instances share the work through `for update skip locked`.
 */
export function startTicker(tick: () => Promise<void>, log: Log, everyMs = TICK_EVERY_MS): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err) => log('offers ticker failed', describeError(err)))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
