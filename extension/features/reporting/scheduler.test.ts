import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFlushScheduler } from './scheduler';
import type { FlushOutcome } from './sender';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function harness(outcomes: FlushOutcome[] = []) {
  const flushes: number[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const flush = vi.fn(async (): Promise<FlushOutcome> => {
    flushes.push(Date.now());
    if (hold) await new Promise<void>((r) => (release = r));
    return outcomes.shift() ?? { status: 'idle' };
  });
  const scheduler = createFlushScheduler({ flush, now: Date.now });
  return {
    scheduler,
    flushes,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

describe('flush scheduler', () => {
  it('runs once a second after the first of a burst, not later for each new event', async () => {
    const { scheduler, flushes } = harness();
    const start = Date.now();
    scheduler.soon();
    await vi.advanceTimersByTimeAsync(600);
    scheduler.soon();
    await vi.advanceTimersByTimeAsync(400);
    expect(flushes).toEqual([start + 1000]);
  });

  it('flushes again right after a flush that was asked for while one ran', async () => {
    const h = harness([{ status: 'sent', acked: 1, dropped: 0 }]);
    h.holdNext();
    const first = h.scheduler.run();
    void h.scheduler.run();
    h.release();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(h.flushes).toHaveLength(2);
  });

  it('comes back at the end of a backoff', async () => {
    const start = Date.now();
    const { scheduler, flushes } = harness([{ status: 'waiting', until: start + 4000, reason: 'down' }]);
    await scheduler.run();
    await vi.advanceTimersByTimeAsync(4000);
    expect(flushes).toEqual([start, start + 4000]);
  });
});
