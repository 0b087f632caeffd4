import type { Steps } from '../detection';

/**
 * Runs work cut into steps (the page's detection) while the shopper's page is idle, a slice at
 * a time, so a heavy page is never held up for long. When the page is about to go (a leave, a
 * navigation, a click that needs the result) `finishNow` completes what is left at once.
 */
export interface StepRun {
  readonly done: boolean;
  /** Runs the remaining steps now and delivers the result (no-op when done or cancelled). */
  finishNow(): void;
  /** Drops the work: the result is never delivered. */
  cancel(): void;
}

export type StepRunner = <T>(steps: Steps<T>, deliver: (value: T) => void) => StepRun;

/** What the browser hands an idle callback: how long it may run. */
export interface IdleDeadlineLike {
  timeRemaining(): number;
}
export type RequestIdle = (callback: (deadline: IdleDeadlineLike) => void, options: { timeout: number }) => unknown;

/** An idle slice runs no longer than this, even when the browser offers more. */
export const SLICE_MS = 8;
/** A busy page still gets its detection within about this long. */
export const IDLE_TIMEOUT_MS = 500;

/** Runs every step at once (tests that do not look at scheduling). */
export const runAtOnce: StepRunner = (steps, deliver) => {
  const run = idleRunner(() => undefined)(steps, deliver);
  run.finishNow();
  return run;
};

/**
 * A runner on the page's idle callbacks: each callback runs steps while the browser says there
 * is idle time and the slice is under SLICE_MS; at least one step per callback, so a page that
 * is never idle (the callback's timeout fired) still progresses.
 */
export function idleRunner(requestIdle: RequestIdle, now: () => number = () => performance.now()): StepRunner {
  return <T>(steps: Steps<T>, deliver: (value: T) => void): StepRun => {
    let state: 'running' | 'done' | 'cancelled' = 'running';
    const advance = (): boolean => {
      const next = steps.next();
      if (!next.done) return false;
      state = 'done';
      deliver(next.value);
      return true;
    };
    const slice = (deadline: IdleDeadlineLike) => {
      if (state !== 'running') return;
      const started = now();
      do {
        if (advance()) return;
      } while (deadline.timeRemaining() > 0 && now() - started < SLICE_MS);
      requestIdle(slice, { timeout: IDLE_TIMEOUT_MS });
    };
    requestIdle(slice, { timeout: IDLE_TIMEOUT_MS });
    return {
      get done() {
        return state === 'done';
      },
      finishNow() {
        while (state === 'running' && !advance());
      },
      cancel() {
        if (state === 'running') state = 'cancelled';
      },
    };
  };
}
