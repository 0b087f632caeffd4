import { describe, expect, it } from 'vitest';
import type { Steps } from '../detection';
import { IDLE_TIMEOUT_MS, SLICE_MS, idleRunner, runAtOnce } from './idle-steps';

/** Steps that each take `cost` ms of a fake clock, and log what ran. */
function costly(clock: { t: number }, log: string[], n: number, cost: number): Steps<string> {
  return (function* () {
    for (let i = 0; i < n; i++) {
      log.push(`step ${i}`);
      clock.t += cost;
      yield;
    }
    return 'result';
  })();
}

function harness() {
  const clock = { t: 0 };
  const requests: { callback: (d: { timeRemaining(): number }) => void; timeout: number }[] = [];
  const runner = idleRunner((callback, { timeout }) => requests.push({ callback, timeout }), () => clock.t);
  const runNext = (idleMs: number) => {
    const request = requests.shift()!;
    const end = clock.t + idleMs;
    request.callback({ timeRemaining: () => Math.max(0, end - clock.t) });
  };
  return { clock, requests, runner, runNext };
}

describe('idleRunner', () => {
  it('runs nothing until the page is idle, then slices of at most SLICE_MS, and delivers the result once', () => {
    const { clock, requests, runner, runNext } = harness();
    const log: string[] = [];
    const delivered: string[] = [];
    const run = runner(costly(clock, log, 10, 3), (v) => delivered.push(v));
    expect(log).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.timeout).toBe(IDLE_TIMEOUT_MS);
    runNext(50); // plenty of idle time, but a slice stops at SLICE_MS
    expect(log).toHaveLength(Math.ceil(SLICE_MS / 3));
    while (requests.length > 0) runNext(50);
    expect(log).toHaveLength(10);
    expect(delivered).toEqual(['result']);
    expect(run.done).toBe(true);
  });

  it('still runs one step per callback when the browser had no idle time (the timeout fired)', () => {
    const { clock, requests, runner, runNext } = harness();
    const log: string[] = [];
    runner(costly(clock, log, 3, 1), () => {});
    runNext(0);
    expect(log).toEqual(['step 0']);
    expect(requests).toHaveLength(1);
  });

  it('finishes at once on demand, and never delivers twice', () => {
    const { clock, requests, runner, runNext } = harness();
    const log: string[] = [];
    const delivered: string[] = [];
    const run = runner(costly(clock, log, 5, 1), (v) => delivered.push(v));
    run.finishNow();
    expect(log).toHaveLength(5);
    expect(delivered).toEqual(['result']);
    while (requests.length > 0) runNext(50);
    run.finishNow();
    expect(delivered).toEqual(['result']);
  });

  it('never delivers a cancelled run', () => {
    const { clock, requests, runner, runNext } = harness();
    const delivered: string[] = [];
    const run = runner(costly(clock, [], 2, 1), (v) => delivered.push(v));
    run.cancel();
    while (requests.length > 0) runNext(50);
    run.finishNow();
    expect(delivered).toEqual([]);
    expect(run.done).toBe(false);
  });
});

describe('runAtOnce', () => {
  it('delivers before it returns', () => {
    const delivered: string[] = [];
    const run = runAtOnce(costly({ t: 0 }, [], 3, 1), (v) => delivered.push(v));
    expect(delivered).toEqual(['result']);
    expect(run.done).toBe(true);
  });
});
