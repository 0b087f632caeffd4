import { randomBytes } from 'node:crypto';
import { createOutbound } from '../../outbound/client';
import { createSealer } from '../../sealing';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { type OpenedOpportunity, OpportunityList, OpportunityRulesHistory, OpportunityRulesVersion } from '../../../../shared/rules';
import { opportunities, sessions } from '../../db/schema';
import type { CustomerFacts } from '../../db/schema/customers';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, ev, headphones, T0, VOLT } from '../../testing/fixtures';
import { putRules } from '../../testing/routing';
import { OpportunitiesService } from './service';

/** Opens on browse(): 15 s on a 349 USD product (3 + 2) and a search for headphones (1). */
const RULES = {
  threshold: 5,
  cooldownMinutes: 30,
  conditions: [
    { id: 'dwell', description: 'Lingered on one product', when: { type: 'dwell', seconds: 10 }, points: 3 },
    { id: 'pricey', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 2 },
    { id: 'searched', when: { type: 'search_terms', words: ['headphones'] }, points: 1 },
  ],
  segment: { minLevel: 2 },
};

describe.each(DB_KINDS)('opportunities on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let opened: OpenedOpportunity[];
  beforeEach(() => {
    h = api();
    opened = [];
    h.app.opportunities.onOpened((o) => opened.push(o));
  });
  /** A second instance of the app over the same database (the harness ends its background work with the test). */
  const another = () => h.appWith({});
  const as = (key: string, method: string, path: string, body?: unknown) => call(h.app, method, path, key, body);
  const list = async (key = h.seed.voltKey, query = '') => OpportunityList.parse(await (await as(key, 'GET', `/api/v1/opportunities${query}`)).json());
  /** Sends a batch and waits for the detection that follows it. */
  const ingest = async (events = browse(), token = h.token) => {
    const res = await h.post({ events }, token);
    expect(res.status).toBe(202);
    await h.app.opportunities.idle();
    return (await res.json()) as { sessionIds: string[] };
  };
  const evaluatedAt = async (sessionId: string) =>
    (await h.db.db.select({ at: sessions.evaluatedAt, updated: sessions.updatedAt }).from(sessions).where(eq(sessions.id, sessionId)))[0]!;

  describe('the rules', () => {
    it('are refused 404 before any were written, then versioned with history', async () => {
      const none = await as(h.seed.voltKey, 'GET', '/api/v1/rules/opportunity');
      expect(none.status).toBe(404);
      expect(ApiError.parse(await none.json()).error.code).toBe('not_found');

      expect(await putRules(h.app, h.seed.voltKey, 'opportunity', RULES)).toMatchObject({ version: 1 });
      h.clock.advance(1000);
      expect(await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 6 })).toMatchObject({ version: 2 });

      const live = OpportunityRulesVersion.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/opportunity')).json());
      expect(live.version).toBe(2);
      expect(live.document).toEqual({ ...RULES, threshold: 6, timezone: 'UTC', segment: { categoryFrom: 'top_product', minLevel: 2 } });
      const history = OpportunityRulesHistory.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/opportunity/versions')).json());
      expect(history.versions.map((v) => [v.version, v.document.threshold, v.createdAt])).toEqual([
        [2, 6, '2026-03-02T10:00:01.000Z'],
        [1, 5, T0],
      ]);
    });

    it('refuses a bad document with 400, naming the exact path and problem, and writes nothing', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const bad = { ...RULES, conditions: [RULES.conditions[0], { id: 'p', when: { type: 'product_price', min: '12,50', currency: 'USD' }, points: 2 }] };
      const res = await as(h.seed.voltKey, 'PUT', '/api/v1/rules/opportunity', bad);
      expect(res.status).toBe(400);
      const body = ApiError.parse(await res.json());
      expect(body.error.code).toBe('invalid_body');
      expect(body.error.issues).toEqual([{ path: ['conditions', 1, 'when', 'min'], message: expect.stringContaining('a decimal number') }]);

      const nested = { ...RULES, conditions: [{ id: 'x', when: { type: 'all', of: [{ type: 'teleport' }] }, points: 9 }] };
      const res2 = await as(h.seed.voltKey, 'PUT', '/api/v1/rules/opportunity', nested);
      expect(ApiError.parse(await res2.json()).error.issues?.[0]?.path).toEqual(['conditions', 0, 'when', 'of', 0, 'type']);

      const history = OpportunityRulesHistory.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/opportunity/versions')).json());
      expect(history.versions.map((v) => v.version)).toEqual([1]);
    });

    it("are the enterprise's own: another key neither reads nor changes them", async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      expect((await as(h.seed.summitKey, 'GET', '/api/v1/rules/opportunity')).status).toBe(404);
      expect((await (await as(h.seed.summitKey, 'GET', '/api/v1/rules/opportunity/versions')).json()) as unknown).toEqual({ versions: [], unreadable: [] });
      await putRules(h.app, h.seed.summitKey, 'opportunity', { ...RULES, threshold: 1 });
      const volt = OpportunityRulesVersion.parse(await (await as(h.seed.voltKey, 'GET', '/api/v1/rules/opportunity')).json());
      expect([volt.version, volt.document.threshold]).toEqual([1, 5]);
      expect((await as('fwk_not_a_key_of_anyone_at_all', 'GET', '/api/v1/rules/opportunity')).status).toBe(401);
    });
  });

  describe('detection after ingest', () => {
    it('opens an opportunity when a batch crosses the threshold, with its score, reasons and segment', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const { sessionIds } = await ingest();
      const [o, ...more] = (await list()).opportunities;
      expect(more).toEqual([]);
      expect(o).toMatchObject({
        sessionId: sessionIds[0],
        status: 'offering',
        score: 6,
        reasons: [
          { conditionId: 'dwell', points: 3 },
          { conditionId: 'pricey', points: 2 },
          { conditionId: 'searched', points: 1 },
        ],
        rulesVersion: 1,
        segment: { category: headphones.category, minLevel: 2 },
        customerExternalId: null,
        openedAt: T0,
        closedAt: null,
      });
      // The offers module hears of it once, after the row is there.
      expect(opened).toEqual([expect.objectContaining({ id: o!.id, sessionId: sessionIds[0], score: 6, segment: { category: headphones.category, minLevel: 2 } })]);
      const marked = await evaluatedAt(sessionIds[0]!);
      expect(marked.at?.getTime()).toBe(marked.updated.getTime());
      // Due at once, so the offers ticker starts it even if no listener did.
      const [row] = await h.db.db.select({ dueAt: opportunities.dueAt }).from(opportunities);
      expect(row!.dueAt?.toISOString()).toBe(T0);
    });

    it('opens nothing below the threshold, and still marks the session evaluated', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 6.5, conditions: [...RULES.conditions, { id: 'never', when: { type: 'returning' }, points: 1 }] });
      const { sessionIds } = await ingest();
      expect((await list()).opportunities).toEqual([]);
      expect(opened).toEqual([]);
      expect((await evaluatedAt(sessionIds[0]!)).at).not.toBeNull();
    });

    it('opens nothing without rules', async () => {
      const { sessionIds } = await ingest();
      expect((await list()).opportunities).toEqual([]);
      expect((await evaluatedAt(sessionIds[0]!)).at).not.toBeNull();
    });

    it('keeps at most one live opportunity per session', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      await ingest();
      h.clock.advance(60_000);
      await ingest([ev('2026-03-02T10:01:00.000Z', { type: 'heartbeat', url: headphones.url, activeMs: 15_000, productKey: 'sku:VE-10234' })]);
      // Even evaluated again on purpose, by two at once.
      const [id] = (await list()).opportunities.map((o) => o.sessionId);
      await h.db.db.update(sessions).set({ evaluatedAt: null });
      await Promise.all([h.app.opportunities.evaluateSessions([id!]), h.app.opportunities.evaluateSessions([id!])]);
      expect((await list()).opportunities).toHaveLength(1);
      expect(opened).toHaveLength(1);
    });

    it('keeps the cool-down: nothing new for the shopper within cooldownMinutes of the last one, then again', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, cooldownMinutes: 10 });
      const { sessionIds } = await ingest();
      await h.db.db.update(opportunities).set({ status: 'unserved', closedAt: h.clock.now(), dueAt: null });

      h.clock.advance(9 * 60_000 + 59_000);
      await ingest([ev('2026-03-02T10:09:59.000Z', { type: 'heartbeat', url: headphones.url, activeMs: 5_000, productKey: 'sku:VE-10234' })]);
      expect((await list()).opportunities).toHaveLength(1);

      h.clock.advance(1_000);
      await ingest([ev('2026-03-02T10:10:00.000Z', { type: 'heartbeat', url: headphones.url, activeMs: 5_000, productKey: 'sku:VE-10234' })]);
      const all = (await list()).opportunities;
      expect(all.map((o) => [o.sessionId, o.status, o.openedAt])).toEqual([
        [sessionIds[0], 'offering', '2026-03-02T10:10:00.000Z'],
        [sessionIds[0], 'unserved', T0],
      ]);
    });

    it('uses replaced rules at the next evaluation, without a restart', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, threshold: 7, conditions: [...RULES.conditions, { id: 'later', when: { type: 'returning' }, points: 5 }] });
      await ingest();
      expect((await list()).opportunities).toEqual([]);
      // Replaced through another instance of the app: this one's cache must notice by the version.
      await putRules(another(), h.seed.voltKey, 'opportunity', RULES);
      h.clock.advance(1_000);
      await ingest([ev('2026-03-02T10:00:30.000Z', { type: 'search', url: `${VOLT}/search?q=sony`, terms: 'sony' })]);
      expect((await list()).opportunities.map((o) => o.rulesVersion)).toEqual([2]);
    });

    it('counts a returning visitor: an earlier session of the same shopper with the enterprise', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', { threshold: 1, conditions: [{ id: 'back', when: { type: 'returning' }, points: 1 }] });
      await ingest([ev(T0, { type: 'page_view', url: `${VOLT}/`, kind: 'other' })]);
      expect((await list()).opportunities).toEqual([]);
      h.clock.advance(40 * 60_000);
      const { sessionIds } = await ingest([ev('2026-03-02T10:40:00.000Z', { type: 'page_view', url: `${VOLT}/`, kind: 'other' })]);
      expect((await list()).opportunities.map((o) => [o.sessionId, o.reasons])).toEqual([[sessionIds[0], [{ conditionId: 'back', points: 1 }]]]);
    });

    it('evaluates a second batch that lands in the same millisecond as the first', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      await ingest(browse().slice(0, 2));
      await ingest(browse().slice(2));
      expect((await list()).opportunities).toHaveLength(1);
    });

    it('answers the ingest before detection runs', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const res = await h.post({ events: browse() });
      expect(res.status).toBe(202);
      expect(await h.db.db.select().from(opportunities)).toEqual([]);
      await h.app.opportunities.idle();
      expect(await h.db.db.select().from(opportunities)).toHaveLength(1);
    });

    it('logs a failing listener and carries on', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      h.app.opportunities.onOpened(() => {
        throw new Error('offers fell over');
      });
      await ingest();
      expect(opened).toHaveLength(1);
      expect(h.logged.map((l) => l.message)).toContain('opportunity listener failed');
    });
  });

  describe('the sweep', () => {
    it('finds a session committed but never evaluated (a crash between the two) and opens its opportunity', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      h.app.opportunities.disable(); // as if the process died right after the commit
      const { sessionIds } = await ingest();
      expect(await h.db.db.select().from(opportunities)).toEqual([]);
      expect((await evaluatedAt(sessionIds[0]!)).at).toBeNull();

      // A new instance's sweep, once the session is past the grace period left to ingest's own evaluation.
      const fresh = another();
      const heard: string[] = [];
      fresh.opportunities.onOpened((o) => heard.push(o.sessionId));
      h.clock.advance(1_000);
      expect(await fresh.opportunities.sweep()).toBe(0);
      h.clock.advance(1_000);
      expect(await fresh.opportunities.sweep()).toBe(1);
      expect(heard).toEqual(sessionIds);
      expect((await list()).opportunities).toHaveLength(1);
      // Done: the next sweep finds nothing.
      expect(await fresh.opportunities.sweep()).toBe(0);
    });

    it('finds a session whose last batch landed after its evaluation', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const { sessionIds } = await ingest(browse().slice(0, 2));
      expect((await list()).opportunities).toEqual([]);
      h.app.opportunities.disable();
      h.clock.advance(1_000);
      await ingest(browse().slice(2));
      const marked = await evaluatedAt(sessionIds[0]!);
      expect(marked.at!.getTime()).toBeLessThan(marked.updated.getTime());
      h.clock.advance(5_000);
      expect(await another().opportunities.sweep()).toBe(1);
      expect((await list()).opportunities).toHaveLength(1);
    });

    it('leaves sessions idle for more than 30 minutes alone', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      h.app.opportunities.disable();
      await ingest();
      h.clock.advance(30 * 60_000 + 1);
      expect(await another().opportunities.sweep()).toBe(0);
    });
  });

  describe('customer facts', () => {
    const gold: CustomerFacts = { tier: 'gold', lifetimeValue: '12000.00', currency: 'USD', tags: ['vip'], notes: null };
    const tierRules = { threshold: 4, conditions: [{ id: 'gold', when: { type: 'customer_tier', tiers: ['Gold'] }, points: 4 }] };

    /** A session whose aggregate carries the customer id the site adapter read. */
    async function sessionOfCustomer(externalId: string) {
      h.app.opportunities.disable();
      const { sessionIds } = await ingest();
      await h.db.db.execute(sql`update sessions set aggregate = jsonb_set(aggregate, '{customerId}', to_jsonb(${externalId}::text)), evaluated_at = null`);
      return sessionIds[0]!;
    }

    it.each<[string, () => Promise<CustomerFacts | null>, number]>([
      ['a known gold customer opens it', async () => gold, 1],
      ['an unknown customer does not', async () => null, 0],
      [
        'a failing source is logged and detection carries on without it',
        async () => {
          throw new Error('lookup down');
        },
        0,
      ],
    ])('%s', async (_, lookup, expected) => {
      // A service of its own, over the same database, with the customers module faked.
      await putRules(h.app, h.seed.voltKey, 'opportunity', tierRules);
      const sessionId = await sessionOfCustomer('C-77');
      const asked: { enterpriseId: string; externalId: string | null; deadlineMs: number }[] = [];
      const logged: string[] = [];
      const service = new OpportunitiesService(
        { ...depsOf(h), log: (m) => logged.push(m) },
        {
          profileFor: (enterpriseId, externalId, { deadlineMs }) => {
            asked.push({ enterpriseId, externalId, deadlineMs });
            return lookup();
          },
        },
      );
      const got = await service.evaluateSessions([sessionId]);
      expect(got.map((o) => o.customerExternalId)).toEqual(expected ? ['C-77'] : []);
      expect(asked).toEqual([{ enterpriseId: h.seed.volt.id, externalId: 'C-77', deadlineMs: 300 }]);
      expect(logged.includes('customer lookup failed')).toBe(_.startsWith('a failing'));
    });

    it('asks nothing when no condition looks at the customer', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      const sessionId = await sessionOfCustomer('C-78');
      let asked = 0;
      const service = new OpportunitiesService(depsOf(h), { profileFor: async () => (asked++, gold) });
      const got = await service.evaluateSessions([sessionId]);
      expect([got.length, asked, got[0]?.customerExternalId]).toEqual([1, 0, 'C-78']);
    });
  });

  describe('the list', () => {
    it("shows the enterprise's own, most recent first, a page at a time, and by status", async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', { ...RULES, cooldownMinutes: 0 });
      const shoppers = [h.token, (await h.createShopper()).token, (await h.createShopper()).token];
      for (const token of shoppers) {
        await ingest(browse(), token);
        h.clock.advance(1_000);
      }
      const first = await list(h.seed.voltKey, '?limit=2');
      expect(first.opportunities).toHaveLength(2);
      expect(first.opportunities[0]!.openedAt > first.opportunities[1]!.openedAt).toBe(true);
      const second = await list(h.seed.voltKey, `?limit=2&before=${first.nextBefore}`);
      expect(second.opportunities).toHaveLength(1);
      expect(second.nextBefore).toBeNull();
      expect((await list(h.seed.voltKey, '?status=engaged')).opportunities).toEqual([]);
      expect((await list(h.seed.summitKey)).opportunities).toEqual([]);
      expect((await as(h.seed.voltKey, 'GET', '/api/v1/opportunities?status=lost')).status).toBe(400);
    });

    it('answers one opportunity as the list shows it, to its enterprise only', async () => {
      await putRules(h.app, h.seed.voltKey, 'opportunity', RULES);
      await ingest(browse(), h.token);
      const [listed] = (await list(h.seed.voltKey)).opportunities;
      const one = await as(h.seed.voltKey, 'GET', `/api/v1/opportunities/${listed!.id}`);
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(listed);
      expect((await as(h.seed.summitKey, 'GET', `/api/v1/opportunities/${listed!.id}`)).status).toBe(404);
      expect((await as(h.seed.voltKey, 'GET', '/api/v1/opportunities/not-an-id')).status).toBe(404);
    });
  });
});

/** The harness app's dependencies, for a second service over the same database and clock. */
function depsOf(h: ApiHarness) {
  return {
    db: h.db.db,
    dbKind: h.db.kind,
    version: 'test',
    clock: h.clock.now,
    timers: h.clock.timers,
    ids: { id: () => crypto.randomUUID(), secret: (p: string) => `${p}_${crypto.randomUUID().replace(/-/g, '')}` },
    limits: {} as never,
    log: () => {},
    sealer: createSealer(randomBytes(32)),
    outbound: createOutbound(),
    mailer: { sends: false, send: async () => {} },
    publicUrl: () => 'http://127.0.0.1:8787',
  };
}
