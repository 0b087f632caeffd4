import { logOnce } from '../../lib/log';
import type { FlushOutcome } from './sender';

/** New events wait this long, so that a burst (page view, product view, ...) goes as one batch. */
const BATCH_DELAY_MS = 1000;

type TimerId = ReturnType<typeof setTimeout>;

/**
 * Decides when the sender runs: shortly after new events (at most BATCH_DELAY_MS after
 * the first of a burst), at the end of a backoff, and once more when something asked
 * for a flush while one was under way. Timers die with the service worker; the wake-up
 * alarm is the net that catches what they miss.
 */
export function createFlushScheduler(deps: {
  flush: () => Promise<FlushOutcome>;
  now: () => number;
  setTimer?: (run: () => void, ms: number) => TimerId;
  clearTimer?: (id: TimerId) => void;
  batchDelayMs?: number;
}) {
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((id) => clearTimeout(id));
  const batchDelayMs = deps.batchDelayMs ?? BATCH_DELAY_MS;
  let timer: { id: TimerId; at: number } | null = null;
  let running: Promise<FlushOutcome | null> | null = null;
  let again = false;

  function runAt(at: number): void {
    if (timer && timer.at <= at) return;
    if (timer) clearTimer(timer.id);
    const id = setTimer(() => {
      timer = null;
      void run();
    }, Math.max(0, at - deps.now()));
    timer = { id, at };
  }

  async function flushUntilSettled(): Promise<FlushOutcome> {
    let outcome: FlushOutcome;
    do {
      again = false;
      outcome = await deps.flush();
    } while (again && (outcome.status === 'sent' || outcome.status === 'idle'));
    if (outcome.status === 'waiting') runAt(outcome.until);
    return outcome;
  }

  /** Flushes now; if a flush is under way, runs another right after it. Null if it failed unexpectedly. */
  function run(): Promise<FlushOutcome | null> {
    if (running) {
      again = true;
      return running;
    }
    running = flushUntilSettled()
      .catch((error: unknown) => {
        logOnce('reporting', error);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    run,
    /** Flushes in `delayMs` unless a flush is already due sooner. */
    soon: (delayMs: number = batchDelayMs) => runAt(deps.now() + delayMs),
  };
}
