import type { Timers } from './deps';

/** A job run on a timer; `stop` ends the timer and waits for a run under way. */
export interface Periodic {
  stop(): Promise<void>;
}

/**
 * Runs `job` every `everyMs` on `timers` (and at once with `atOnce`), never two runs at once: a
 * run still going when the next is due makes that one skip, so a slow run does not pile others
 * up. A failed run goes to `failed`; the next one tries again.
 */
export function runEvery(timers: Timers, everyMs: number, job: () => Promise<void>, failed: (err: unknown) => void, options: { atOnce?: boolean } = {}): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = job()
      .catch(failed)
      .finally(() => {
        running = null;
      });
  };
  if (options.atOnce) run();
  const cancel = timers.every(everyMs, run);
  return {
    async stop() {
      stopped = true;
      cancel();
      await running;
    },
  };
}
