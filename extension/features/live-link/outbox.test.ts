import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../lib/api';
import { createOutbox } from './outbox';
import { RETRY_MAX_MS, afterAttempt, retryPause, type Attempt } from './outbox.core';

const ok: ApiResult<unknown> = { ok: true, status: 204, body: null };
const failed = (status: number, retryAfterMs: number | null = null): ApiResult<never> => ({ ok: false, status, code: 'x', message: `status ${status}`, issues: [], retryAfterMs });

describe('afterAttempt', () => {
  const cases: { name: string; result: ApiResult<unknown>; attempt: number; next: Attempt }[] = [
    { name: 'went through', result: ok, attempt: 1, next: { kind: 'done' } },
    { name: 'no answer, first try', result: failed(0), attempt: 1, next: { kind: 'retry', afterMs: 1_000 } },
    { name: '503, third try', result: failed(503), attempt: 3, next: { kind: 'retry', afterMs: 4_000 } },
    { name: '500, tenth try: capped', result: failed(500), attempt: 10, next: { kind: 'retry', afterMs: RETRY_MAX_MS } },
    { name: '429 with Retry-After', result: failed(429, 7_000), attempt: 1, next: { kind: 'retry', afterMs: 7_000 } },
    { name: '429 without Retry-After', result: failed(429), attempt: 2, next: { kind: 'retry', afterMs: 2_000 } },
    { name: '400: final', result: failed(400), attempt: 1, next: { kind: 'give-up', why: 'status 400' } },
    { name: '404: final', result: failed(404), attempt: 5, next: { kind: 'give-up', why: 'status 404' } },
  ];
  it.each(cases)('$name', ({ result, attempt, next }) => {
    expect(afterAttempt(result, attempt)).toEqual(next);
  });

  it('pauses 1, 2, 4, 8, 16, 30, 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 1_000].map(retryPause)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});

/** A manual clock: timers run only when the test moves time on. */
function manualTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let ids = 0;
  return {
    setTimer: (run: () => void, ms: number) => {
      ids += 1;
      timers.set(ids, { at: now + ms, run });
      return ids;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    get waiting() {
      return [...timers.values()].map((t) => t.at - now);
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
      await settle();
    },
  };
}
const settle = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

function setup(answers: Record<string, ApiResult<unknown>[]>) {
  const timers = manualTimers();
  const logged: string[] = [];
  const tried: string[] = [];
  const outbox = createOutbox({ setTimer: timers.setTimer, clearTimer: timers.clearTimer, log: (e) => logged.push(e.message) });
  const request = (what: string) => async () => {
    tried.push(what);
    return answers[what]?.shift() ?? ok;
  };
  return { timers, logged, tried, outbox, request };
}

describe('the outbox', () => {
  it('sends in order, one at a time: a call waits while the one before it is retried', async () => {
    const t = setup({ channel: [failed(503), failed(0)] });
    const done: string[] = [];
    void t.outbox.post(t.request('channel'), 'channel', () => done.push('channel'));
    void t.outbox.post(t.request('transcript'), 'transcript', () => done.push('transcript'));
    await t.timers.advance(0);
    expect(t.tried).toEqual(['channel']);
    expect(t.timers.waiting).toEqual([1_000]);
    expect(t.outbox.pending).toBe(2);
    await t.timers.advance(999);
    expect(t.tried).toEqual(['channel']);
    await t.timers.advance(1);
    expect(t.tried).toEqual(['channel', 'channel']);
    expect(t.timers.waiting).toEqual([2_000]);
    await t.timers.advance(2_000);
    expect(t.tried).toEqual(['channel', 'channel', 'channel', 'transcript']);
    expect(done).toEqual(['channel', 'transcript']);
    expect(t.outbox.pending).toBe(0);
    expect(t.logged).toEqual([]);
  });

  it('keeps trying while the backend is away, never pausing more than the cap', async () => {
    const t = setup({ end: Array.from({ length: 12 }, () => failed(0)) });
    const result = t.outbox.post(t.request('end'), 'end');
    const pauses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      await t.timers.advance(0);
      const [pause] = t.timers.waiting;
      pauses.push(pause!);
      await t.timers.advance(pause!);
    }
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000, 30_000]);
    expect(await result).toBe(true);
    expect(t.tried).toHaveLength(13);
  });

  it('gives up on a refusal at once, logs it, and goes on with the next call', async () => {
    const t = setup({ transcript: [failed(400)] });
    const first = t.outbox.post(t.request('transcript'), 'transcript', () => t.tried.push('then ran'));
    const second = t.outbox.post(t.request('end'), 'end');
    await t.timers.advance(0);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(t.tried).toEqual(['transcript', 'end']);
    expect(t.logged).toEqual(['transcript: status 400']);
  });

  it('takes a thrown request as no answer', async () => {
    const t = setup({});
    let calls = 0;
    const result = t.outbox.post(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
      return ok;
    }, 'end');
    await t.timers.advance(1_000);
    expect(await result).toBe(true);
    expect(calls).toBe(2);
  });

  it('idle() waits for everything queued so far', async () => {
    const t = setup({ end: [failed(503)] });
    void t.outbox.post(t.request('end'), 'end');
    let idle = false;
    void t.outbox.idle().then(() => (idle = true));
    await t.timers.advance(999);
    expect(idle).toBe(false);
    await t.timers.advance(1);
    expect(idle).toBe(true);
  });

  it('stop() ends a pause at once and sends nothing more', async () => {
    const t = setup({ channel: [failed(503)] });
    const first = t.outbox.post(t.request('channel'), 'channel');
    const second = t.outbox.post(t.request('end'), 'end');
    await t.timers.advance(0);
    t.outbox.stop();
    expect(await first).toBe(false);
    expect(await second).toBe(false);
    expect(t.tried).toEqual(['channel']);
    expect(t.timers.waiting).toEqual([]);
  });
});
