import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../deps';
import { call, useApi } from '../testing/api';
import { DB_KINDS } from '../testing/databases';
import { manualClock } from '../testing/clock';
import { MemoryBuckets } from './limiter';

const budget = { capacity: 3, perSecond: 1 };

describe('MemoryBuckets', () => {
  it('holds at most its bound of buckets, the least recently used going first', async () => {
    const clock = manualClock('2026-03-02T10:00:00.000Z');
    const buckets = new MemoryBuckets(() => clock.now().getTime(), 1_000);
    for (let i = 0; i < 5_000; i++) await buckets.take(`address:${i}`, 1, budget);
    expect(buckets.size).toBe(1_000);
    // The most recent keep what they spent (two of three left); an evicted one starts again full.
    const takes = async (key: string) => [(await buckets.take(key, 1, budget)).ok, (await buckets.take(key, 1, budget)).ok, (await buckets.take(key, 1, budget)).ok];
    expect(await takes('address:4999')).toEqual([true, true, false]);
    expect(await takes('address:0')).toEqual([true, true, true]);
  });

  it('forgets buckets once they are full again, as later takes pass by', async () => {
    const clock = manualClock('2026-03-02T10:00:00.000Z');
    const buckets = new MemoryBuckets(() => clock.now().getTime(), 1_000);
    for (let i = 0; i < 100; i++) await buckets.take(`address:${i}`, 1, budget);
    clock.advance(1_000);
    for (let i = 0; i < 60; i++) await buckets.take('busy', 1, { capacity: 1e6, perSecond: 1 });
    expect(buckets.size).toBe(1);
  });
});

describe.each(DB_KINDS)('the request budgets on %s', (kind) => {
  const limits = { ...defaultLimits, passwordCost: 10, requests: { ...defaultLimits.requests, enterprise: { capacity: 4, perSecond: 1 }, anonymous: { capacity: 3, perSecond: 1 } } };
  const api = useApi(kind, { limits });

  it('charges each credential its own budget, answering 429 with Retry-After, and refills with time', async () => {
    const h = api();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(h.app, 'GET', '/api/v1/sessions', h.seed.voltKey)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await call(h.app, 'GET', '/api/v1/sessions', h.seed.voltKey);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '1']);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another enterprise's key has its own budget.
    expect((await call(h.app, 'GET', '/api/v1/sessions', h.seed.summitKey)).status).toBe(200);
    h.clock.advance(1_000);
    expect((await call(h.app, 'GET', '/api/v1/sessions', h.seed.voltKey)).status).toBe(200);
  });

  it('charges anonymous requests, and made-up credentials, to the client address', async () => {
    const h = api();
    const app = h.appWith({ trustedProxyHops: 1, limits });
    const from = (address: string, authorization?: string) =>
      app.http.request('/api/v1/sessions', { headers: { 'x-forwarded-for': address, ...(authorization ? { authorization } : {}) } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await from('198.51.100.7', `Bearer fwk_madeup${i}madeupmadeupmadeup`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await from('198.51.100.7')).status).toBe(429);
    expect((await from('198.51.100.8')).status).toBe(401);
  });

  if (kind === 'postgres')
    it('shares a budget between two instances over one database: a second one does not double it', async () => {
      const h = api();
      const other = h.appWith({});
      const statuses: number[] = [];
      for (const app of [h.app, other, h.app, other, h.app, other]) statuses.push((await call(app, 'GET', '/api/v1/sessions', h.seed.voltKey)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    });
});
