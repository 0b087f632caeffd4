import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { jobs } from '../../db/schema';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { retryDelayMs } from './backoff.core';
import { JobsService } from './service';

const S = 1000;

describe('retry backoff', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 30 * S, 3600 * S))).toEqual([30 * S, 60 * S, 120 * S, 240 * S]);
    expect(retryDelayMs(20, 30 * S, 3600 * S)).toBe(3600 * S);
    expect(retryDelayMs(0, 30 * S)).toBe(30 * S);
  });
});

describe.each(DB_KINDS)('durable jobs on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  /** A worker as an instance of the backend would have (its own service over the shared database, clock and timers). */
  const service = (options = {}) => ({ jobs: new JobsService(depsOf(h), { retryBaseMs: 10 * S, maxAttempts: 3, ...options }) });

  it('enqueuing the same key twice is once; a job runs when due, not before, once', async () => {
    const { jobs: j } = service();
    const ran: unknown[] = [];
    j.handle('greet', async (payload) => void ran.push(payload));
    const at = new Date(h.clock.now().getTime() + 60 * S);
    expect(await j.enqueue({ kind: 'greet', key: 'k1', runAt: at, payload: { n: 1 } })).toBe(true);
    expect(await j.enqueue({ kind: 'greet', key: 'k1', runAt: at, payload: { n: 2 } })).toBe(false);
    expect(await j.runDue()).toBe(0);
    h.clock.advance(60 * S);
    expect(await j.runDue()).toBe(1);
    expect(await j.runDue()).toBe(0);
    expect(ran).toEqual([{ n: 1 }]);
    expect((await j.byKey('k1'))!.doneAt).toEqual(h.clock.now());
  });

  it('a failing job is retried with backoff, then kept as failed after its last attempt', async () => {
    const { jobs: j } = service();
    let calls = 0;
    j.handle('flaky', async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    await j.enqueue({ kind: 'flaky', key: 'f', runAt: h.clock.now() });
    expect(await j.runDue()).toBe(1);
    let row = (await j.byKey('f'))!;
    expect(row).toMatchObject({ attempts: 1, lastError: 'boom 1', doneAt: null, failedAt: null, lockedUntil: null });
    expect(row.runAt.getTime() - h.clock.now().getTime()).toBe(10 * S);
    h.clock.advance(9 * S);
    expect(await j.runDue()).toBe(0);
    h.clock.advance(1 * S);
    expect(await j.runDue()).toBe(1);
    expect((await j.byKey('f'))!.runAt.getTime() - h.clock.now().getTime()).toBe(20 * S);
    h.clock.advance(20 * S);
    expect(await j.runDue()).toBe(1);
    row = (await j.byKey('f'))!;
    expect(row).toMatchObject({ attempts: 3, lastError: 'boom 3', failedAt: h.clock.now() });
    h.clock.advance(3600 * S);
    expect(await j.runDue()).toBe(0);
    expect(calls).toBe(3);
  });

  it('survives a restart: a new app over the same database runs what is due, and a job whose instance died runs again once its lease lapses', async () => {
    const first = service({ leaseMs: 60 * S, batch: 1 });
    await first.jobs.enqueue({ kind: 'window', key: 'w1', runAt: new Date(h.clock.now().getTime() + 30 * S), payload: { id: 'a' } });
    await first.jobs.enqueue({ kind: 'window', key: 'w2', runAt: new Date(h.clock.now().getTime() + 30 * S), payload: { id: 'b' } });
    // The first instance claims w1 and dies mid-run (its handler never returns).
    first.jobs.handle('window', () => new Promise(() => {}));
    h.clock.advance(30 * S);
    void first.jobs.runDue();
    await new Promise((r) => setTimeout(r, 50));
    const [claimed] = await h.db.db.select().from(jobs).where(sql`${jobs.lockedUntil} is not null`);
    expect(claimed).toBeDefined();

    // The restart: a new app and worker over the same database, polling on the injected timers.
    const ran: string[] = [];
    const second = service({ leaseMs: 60 * S, pollMs: 5 * S });
    second.jobs.handle('window', async (payload) => void ran.push((payload as { id: string }).id));
    second.jobs.start();
    await settle();
    // The other job was free: it runs at once; the claimed one waits for its lease.
    expect(ran).toEqual([claimed!.key === 'w1' ? 'b' : 'a']);
    h.clock.advance(60 * S);
    await settle();
    expect(ran.sort()).toEqual(['a', 'b']);
    await second.jobs.stop();
    const rows = await h.db.db.select().from(jobs);
    expect(rows.every((r) => r.doneAt !== null)).toBe(true);
  });

  it('two workers never run one job twice (FOR UPDATE SKIP LOCKED)', async () => {
    const a = service();
    const b = service();
    const ran: string[] = [];
    for (const w of [a, b]) w.jobs.handle('count', async (payload) => void ran.push((payload as { id: string }).id));
    for (let i = 0; i < 30; i++) await a.jobs.enqueue({ kind: 'count', key: `c${i}`, runAt: h.clock.now(), payload: { id: `c${i}` } });
    const [x, y] = await Promise.all([a.jobs.runDue(), b.jobs.runDue()]);
    expect(x + y).toBe(30);
    expect(ran.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`).sort());
  });

  async function settle() {
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
  }
});

/** The dependencies a worker uses: the harness's database, clock and timers. */
function depsOf(h: ApiHarness) {
  return {
    db: h.db.db,
    dbKind: h.db.kind,
    clock: h.clock.now,
    timers: h.clock.timers,
    ids: { id: () => crypto.randomUUID(), secret: (p: string) => `${p}_x` },
    log: () => {},
  } as unknown as ConstructorParameters<typeof JobsService>[0];
}
