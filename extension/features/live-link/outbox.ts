import type { ApiResult } from '../../lib/api';
import { errorMessage } from '../../lib/log';
import { afterAttempt } from './outbox.core';

/**
 * A live engagement's backend calls, one at a time and in order (a channel change before the
 * transcript that follows it), each tried until it went through under the retry policy of
 * outbox.core.ts. Both the shopper's offscreen live host and the associate's console post
 * through one. Timers are injected: tests step a manual clock.
 */
export interface OutboxDeps {
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
  /** A call given up for good (refused by the backend). */
  log: (error: Error) => void;
}

export function createOutbox(deps: OutboxDeps) {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let stopped = false;
  /** The pause in progress, ended at once by stop(). */
  let pause: { timer: unknown; resolve: () => void } | null = null;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = deps.setTimer(() => {
        pause = null;
        resolve();
      }, ms);
      pause = { timer, resolve };
    });

  async function attempt(request: () => Promise<ApiResult<unknown>>, what: string): Promise<boolean> {
    for (let n = 1; !stopped; n += 1) {
      const result = await request().catch((error: unknown): ApiResult<never> => ({ ok: false, status: 0, code: 'network', message: errorMessage(error), issues: [], retryAfterMs: null }));
      const next = afterAttempt(result, n);
      if (next.kind === 'done') return true;
      if (next.kind === 'give-up') {
        deps.log(new Error(`${what}: ${next.why}`));
        return false;
      }
      await wait(next.afterMs);
    }
    return false;
  }

  return {
    /**
     * Queues a call behind the others; `then` runs once it went through, before the next call.
     * Resolves true when it went through, false when it was refused for good or the outbox stopped.
     */
    post(request: () => Promise<ApiResult<unknown>>, what: string, then?: () => void): Promise<boolean> {
      pending += 1;
      const done = chain.then(async () => {
        const ok = !stopped && (await attempt(request, what));
        if (ok) {
          try {
            then?.();
          } catch (error) {
            deps.log(error instanceof Error ? error : new Error(String(error)));
          }
        }
        pending -= 1;
        return ok;
      });
      chain = done.then(() => undefined);
      return done;
    },
    /** Calls queued or underway. */
    get pending(): number {
      return pending;
    },
    /** Resolves once every call queued so far went through or was given up. */
    idle(): Promise<void> {
      return chain;
    },
    /** Gives up on what is left (the page is going away): pauses end now, nothing more is sent. */
    stop(): void {
      stopped = true;
      if (pause) {
        deps.clearTimer(pause.timer);
        pause.resolve();
        pause = null;
      }
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
