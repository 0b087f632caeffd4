import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnBackend, type BackendProcess } from '../../../../e2e/support/processes';
import { EventBatchAccepted } from '../../../../shared/events';
import { OfferList } from '../../../../shared/offers';
import { type App, createApp } from '../../app';
import { engagements, offers, opportunities } from '../../db/schema';
import { openDb } from '../../db/open';
import { associateStandings } from '../../db/schema';
import { defaultDeps, defaultLimits } from '../../deps';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS, type TestDb, useTestDb } from '../../testing/databases';
import { ev, headphones, seedTwoEnterprises } from '../../testing/fixtures';
import { listen, openOpportunity, putOfferPolicy, type SeededAssociate, seedAssociate } from '../../testing/offers';

/*
 * Claims are atomic: 50 associates offered one opportunity all accept at once, over HTTP;
 * exactly one wins and 49 are refused 409 offer_taken. On each database through one app,
 * and across two backend processes sharing one Postgres.
 */

const N = 50;

/** Sorts the answers to the accepts: how many of each status and code. */
async function tally(responses: Response[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = res.status === 200 ? '200' : `${res.status} ${((await res.json()) as { error: { code: string } }).error.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** What the database says after the race: one engagement, one accepted offer, the others withdrawn as taken. */
async function expectOneWinner(db: TestDb, opportunityId: string): Promise<string> {
  const won = await db.db.select().from(engagements).where(eq(engagements.opportunityId, opportunityId));
  expect(won).toHaveLength(1);
  const rows = await db.db.select().from(offers).where(eq(offers.opportunityId, opportunityId));
  expect(rows).toHaveLength(N);
  expect(rows.filter((r) => r.status === 'accepted').map((r) => r.associateId)).toEqual([won[0]!.associateId]);
  expect(rows.filter((r) => r.status === 'withdrawn' && r.endReason === 'taken')).toHaveLength(N - 1);
  const [o] = await db.db.select().from(opportunities).where(eq(opportunities.id, opportunityId));
  expect(o!.status).toBe('engaged');
  return won[0]!.associateId;
}

describe.each(DB_KINDS)(`${N} concurrent accepts of one offer set on %s`, (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  it(`gives exactly one winner and ${N - 1} × 409 offer_taken, each loser told at once`, async () => {
    const team: SeededAssociate[] = [];
    for (let i = 0; i < N; i++) team.push(await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 3600 - i }));
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: N, offerSeconds: 60 });
    const heard = await Promise.all(team.map((a) => listen(h.app, { associateId: a.id })));
    const { opportunityId } = await openOpportunity(h);
    const offerIds = await Promise.all(team.map(async (a) => OfferList.parse(await (await call(h.app, 'GET', '/api/v1/offers', a.token)).json()).offers[0]!.id));

    const responses = await Promise.all(team.map((a, i) => call(h.app, 'POST', `/api/v1/offers/${offerIds[i]}/accept`, a.token)));
    expect(await tally(responses)).toEqual({ '200': 1, '409 offer_taken': N - 1 });
    const winner = await expectOneWinner(h.db, opportunityId);
    team.forEach((a, i) => {
      const last = heard[i]!.at(-1);
      if (a.id === winner) {
        expect(heard[i]).toContainEqual(expect.objectContaining({ type: 'offer-update', offerId: offerIds[i], status: 'accepted' }));
        expect(last).toMatchObject({ type: 'engagement', engagement: { status: 'invited' } });
      }
      else expect(last).toEqual({ v: 1, type: 'offer-update', offerId: offerIds[i], status: 'taken', reason: 'taken' });
    });
  });
});

describe(`${N} concurrent accepts across two backend processes sharing one Postgres`, () => {
  const database = useTestDb('postgres');
  let backends: BackendProcess[] = [];
  let app: App;

  beforeAll(async () => {
    const url = database().url!;
    backends = await Promise.all([spawnBackend({ DATABASE_URL: url }), spawnBackend({ DATABASE_URL: url })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(backends.map((b) => b.stop()));
  });
  beforeEach(() => {
    // This process seeds and starts the offering; the two backends take the accepts. Real clocks everywhere.
    app = createApp(defaultDeps(database().db, 'postgres', { log: () => {} }));
  });

  it('gives exactly one winner whichever process each accept reaches', async () => {
    const db = database();
    const seed = await seedTwoEnterprises(app);
    const team: SeededAssociate[] = [];
    for (let i = 0; i < N; i++) team.push(await seedAssociate(db.db, new Date(), { employerId: seed.volt.id, idleSeconds: 3600 - i }));
    await putOfferPolicy(app, seed.voltKey, { mode: 'broadcast', size: N, offerSeconds: 120, giveUpSeconds: 300 });

    const shopper = (await (await app.http.request('/api/v1/shoppers', { method: 'POST' })).json()) as { token: string };
    const now = new Date().toISOString();
    const events = [ev(now, { type: 'product_view', url: headphones.url, product: headphones })];
    const ingested = await call(app, 'POST', '/api/v1/events', shopper.token, { events });
    const [sessionId] = EventBatchAccepted.parse(await ingested.json()).sessionIds;
    const opportunityId = crypto.randomUUID();
    const [session] = await db.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.id, sessionId!) });
    await db.db.insert(opportunities).values({
      id: opportunityId,
      enterpriseId: seed.volt.id,
      sessionId: sessionId!,
      shopperId: session!.shopperId,
      status: 'offering',
      score: 10,
      reasons: [],
      rulesVersion: 1,
      segment: { category: ['Audio'], minLevel: 1 },
      customerExternalId: null,
      openedAt: new Date(),
      dueAt: new Date(),
      offerState: null,
    });
    await app.offers.open(opportunityId);
    const offerOf = new Map((await db.db.select().from(offers).where(eq(offers.opportunityId, opportunityId))).map((o) => [o.associateId, o.id]));
    expect(offerOf.size).toBe(N);

    // Half the accepts to each process, all at once.
    const responses = await Promise.all(
      team.map((a, i) =>
        fetch(`${backends[i % 2]!.url}/api/v1/offers/${offerOf.get(a.id)}/accept`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } }),
      ),
    );
    expect(await tally(responses)).toEqual({ '200': 1, '409 offer_taken': N - 1 });
    await expectOneWinner(db, opportunityId);
    // Neither process hit an error it did not expect on the way.
    expect(backends.every((b) => !b.output().includes('unhandled error'))).toBe(true);
  });
});

describe('the tickers of two instances over one Postgres', () => {
  const api = useApi('postgres', { limits: { ...defaultLimits, shopperRegistrations: { capacity: 100, perSecond: 1 } } });

  it('share the due opportunities: each is stepped once, without deadlocks', async () => {
    const h = api();
    const second = await openDb({ databaseUrl: h.db.url!, poolSize: 5 });
    const logged: string[] = [];
    try {
      const other = createApp(defaultDeps(second.db, 'postgres', { clock: h.clock.now, log: (m) => logged.push(m) }));
      const team: SeededAssociate[] = [];
      for (let i = 0; i < 6; i++) team.push(await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 3600 - i }));
      await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 6, offerSeconds: 10, missesBeforeAway: 100 });
      const opened: string[] = [];
      for (let i = 0; i < 8; i++) opened.push((await openOpportunity(h, { shopperToken: (await h.createShopper()).token })).opportunityId);
      h.clock.advance(10_000);
      await Promise.all([h.app.offers.tick(), other.offers.tick(), h.app.offers.tick(), other.offers.tick()]);
      // Every offer missed once: 8 misses in a row for each associate, not 16.
      const rows = await h.db.db.select({ misses: associateStandings.missesInRow }).from(associateStandings);
      expect(rows.map((r) => r.misses)).toEqual(Array(6).fill(8));
      const states = await h.db.db.select({ id: opportunities.id, dueAt: opportunities.dueAt }).from(opportunities);
      expect(states.filter((o) => opened.includes(o.id)).every((o) => o.dueAt!.getTime() > h.clock.now().getTime())).toBe(true);
      expect([...logged, ...h.logged.map((l) => l.message)].filter((m) => m.includes('failed'))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
