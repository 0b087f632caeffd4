import { SitesResponse } from '../../../../shared/sites';
import { putRules } from '../../testing/routing';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionDetail, SessionList } from '../../../../shared/api';
import { EventBatchAccepted } from '../../../../shared/events';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { defaultLimits } from '../../deps';
import { hashSecret } from '../../secrets';
import { browse, ev, headphones, SUMMIT, T0 as t0, VOLT } from '../../testing/fixtures';

describe.each(DB_KINDS)('shopper, event and session routes on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });
  const post = async (body: unknown, auth?: string | null) => h.post(body, auth);
  const getAs = async (key: string, path: string) => h.getAs(key, path);
  const createShopper = (body?: unknown) => h.createShopper(body);
  const nothingStored = { sessions: 0, events: 0 };

  it('answers /health with the version and the database in use', async () => {
    const res = await h.app.http.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '9.9.9', database: kind });
  });

  it('creates anonymous shoppers with distinct tokens, with or without a body', async () => {
    const a = await createShopper();
    const b = await createShopper({ locale: 'de-DE' });
    expect(a.token).toMatch(/^fws_[A-Za-z0-9_-]{40,}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.shopperId).not.toBe(b.shopperId);
  });

  it('answers 429 when one address registers shoppers in a flood', async () => {
    for (let i = 0; i < 4; i++) await createShopper(); // the fifth was made in beforeEach
    const res = await h.app.http.request('/api/v1/shoppers', { method: 'POST' });
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('rate_limited');
    expect(res.headers.get('retry-after')).toBe('10');
    h.clock.advance(10_000);
    await createShopper();
  });

  it('refuses a bad shopper body with 400 and the zod issues', async () => {
    const res = await h.app.http.request('/api/v1/shoppers', { method: 'POST', body: JSON.stringify({ locale: 'x'.repeat(99) }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.issues[0].path).toEqual(['locale']);
  });

  it('lists participating sites with their adapters for the extension', async () => {
    const res = await h.app.http.request('/api/v1/sites');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ttlSeconds).toBeGreaterThan(0);
    expect(body.sites).toEqual(
      expect.arrayContaining([
        { id: h.seed.voltSite.id, enterpriseId: h.seed.volt.id, domain: 'volt.example', name: 'Voltaire Electronics', adapter: null, dwellMarks: [] },
        { id: h.seed.summitSite.id, enterpriseId: h.seed.summit.id, domain: 'localhost:4102', name: 'Summit Outfitters', adapter: h.seed.adapter, dwellMarks: [] },
      ]),
    );
  });

  it("gives each site its enterprise's dwell marks, so the extension reports dwell as a rule's threshold is crossed", async () => {
    await putRules(h.app, h.seed.voltKey, 'opportunity', {
      threshold: 1,
      conditions: [
        { id: 'long', when: { type: 'dwell', seconds: 20 }, points: 1 },
        { id: 'deep', when: { type: 'all', of: [{ type: 'not', of: { type: 'dwell', seconds: 90 } }, { type: 'dwell', seconds: 20 }] }, points: 1 },
      ],
    });
    const body = SitesResponse.parse(await (await h.app.http.request('/api/v1/sites')).json());
    expect(body.sites.find((s) => s.id === h.seed.voltSite.id)?.dwellMarks).toEqual([20, 90]);
    expect(body.sites.find((s) => s.id === h.seed.summitSite.id)?.dwellMarks).toEqual([]);
  });

  it('keeps the site list with its read of the sites: the rules are read again after siteCacheMs by the app clock, a new site shows at once', async () => {
    const marksOfVolt = async () => SitesResponse.parse(await (await h.app.http.request('/api/v1/sites')).json()).sites.find((s) => s.id === h.seed.voltSite.id)?.dwellMarks;
    expect(await marksOfVolt()).toEqual([]);
    await putRules(h.app, h.seed.voltKey, 'opportunity', { threshold: 1, conditions: [{ id: 'long', when: { type: 'dwell', seconds: 20 }, points: 1 }] });
    expect(await marksOfVolt()).toEqual([]); // the list is kept
    h.clock.advance(defaultLimits.siteCacheMs);
    expect(await marksOfVolt()).toEqual([]);
    h.clock.advance(1);
    expect(await marksOfVolt()).toEqual([20]);

    const reads: string[] = [];
    const counted = async (enterpriseId: string) => {
      reads.push(enterpriseId);
      return [];
    };
    await h.app.tenancy.directory.participating(counted);
    expect(reads).toEqual([]); // the list read above is still good
    h.clock.advance(defaultLimits.siteCacheMs + 1);
    await h.app.tenancy.directory.participating(counted);
    await h.app.tenancy.directory.participating(counted);
    expect(reads.sort()).toEqual([h.seed.volt.id, h.seed.summit.id].sort()); // once per enterprise, not per call
    const added = await h.app.tenancy.addSite(h.seed.volt.id, { name: 'Voltaire Outlet', domain: 'outlet.volt.example' });
    const body = SitesResponse.parse(await (await h.app.http.request('/api/v1/sites')).json());
    expect(body.sites.find((s) => s.id === added.id)).toMatchObject({ enterpriseId: h.seed.volt.id, name: 'Voltaire Outlet', dwellMarks: [20] });
  });

  it('accepts a batch, builds the session aggregate, and stores a replay only once', async () => {
    const batch = { events: browse() };
    const res = await post(batch);
    expect(res.status).toBe(202);
    const first = EventBatchAccepted.parse(await res.json());
    expect(first).toMatchObject({ accepted: 6, duplicates: 0 });
    expect(first.sessionIds).toHaveLength(1);

    const replay = EventBatchAccepted.parse(await (await post(batch)).json());
    expect(replay).toMatchObject({ accepted: 0, duplicates: 6, sessionIds: [] });

    const detail = SessionDetail.parse(await (await getAs(h.seed.voltKey, `/api/v1/sessions/${first.sessionIds[0]}`)).json());
    expect(detail.events.map((e) => e.type)).toEqual(['page_view', 'search', 'page_view', 'product_view', 'heartbeat', 'cart_add']);
    expect(detail.events[3]!.data).toMatchObject({ product: headphones });
    expect(detail.aggregate).toMatchObject({
      eventCount: 6,
      pageViews: 2,
      pagesByKind: { search: 1, product: 1 },
      searches: [{ terms: 'headphones', count: 1 }],
      dwellMs: 15_000,
      sites: ['volt.example'],
      cart: { value: '698.00', currency: 'USD', items: [{ key: 'sku:VE-10234', quantity: 2 }] },
      categories: [{ path: ['Audio', 'Headphones'], views: 1 }],
    });
    expect(detail.aggregate.products[0]).toMatchObject({ key: 'sku:VE-10234', price: '349.00', dwellMs: 15_000, views: 1 });
    expect(detail.startedAt).toBe(t0);
    expect(detail.lastEventAt).toBe('2026-03-02T10:00:25.000Z');
  });

  it("keeps a page view's customer id without a token as a claim, and reads an aggregate stored without the fields as null", async () => {
    const signedIn = ev(t0, { type: 'page_view', url: `${VOLT}/account`, kind: 'other', customerId: 'VR-C-1042' });
    const later = ev('2026-03-02T10:00:05.000Z', { type: 'page_view', url: `${VOLT}/`, kind: 'other' });
    const { sessionIds } = EventBatchAccepted.parse(await (await post({ events: [signedIn, later] })).json());
    const read = async () => SessionDetail.parse(await (await getAs(h.seed.voltKey, `/api/v1/sessions/${sessionIds[0]}`)).json()).aggregate;
    // Verified ids (a token signed with the site's identity secret) are identity.test.ts's.
    expect(await read()).toMatchObject({ customerId: null, customerClaim: 'VR-C-1042' });

    // As a session written before the fields existed; the next batch folds into it all the same.
    await h.db.db.execute(sql`update sessions set aggregate = aggregate - 'customerId' - 'customerClaim'`);
    const raw = await getAs(h.seed.voltKey, `/api/v1/sessions/${sessionIds[0]}`);
    expect((await raw.json()).aggregate).toMatchObject({ customerId: null, customerClaim: null });
    expect((await post({ events: [ev('2026-03-02T10:00:09.000Z', { type: 'search', url: `${VOLT}/search?q=tv`, terms: 'tv' })] })).status).toBe(202);
    expect(await read()).toMatchObject({ customerId: null, customerClaim: null, eventCount: 3 });
  });

  it('counts a repeated id inside one batch as a duplicate', async () => {
    const [a] = browse();
    const body = EventBatchAccepted.parse(await (await post({ events: [a, a] })).json());
    expect(body).toMatchObject({ accepted: 1, duplicates: 1 });
  });

  it('stores concurrent replays of one batch exactly once', async () => {
    const batch = { events: browse() };
    const answers = await Promise.all([post(batch), post(batch), post(batch)]);
    const bodies = await Promise.all(answers.map(async (r) => EventBatchAccepted.parse(await r.json())));
    expect(bodies.map((b) => b.accepted).sort()).toEqual([0, 0, 6]);
    expect(await h.counts()).toMatchObject({ sessions: 1, events: 6 });
  });

  it('keeps one session per enterprise, and opens a new one after 30 minutes idle', async () => {
    const summitUrl = `${SUMMIT}/artikel/zelt`;
    h.clock.set('2026-03-02T10:41:00.000Z');
    const res = await post({
      events: [
        ev(t0, { type: 'page_view', url: `${VOLT}/`, kind: 'other' }),
        ev('2026-03-02T10:01:00.000Z', { type: 'page_view', url: summitUrl, kind: 'product' }),
        ev('2026-03-02T10:40:00.000Z', { type: 'page_view', url: `${VOLT}/c/audio`, kind: 'listing' }),
      ],
    });
    expect(res.status).toBe(202);
    expect(EventBatchAccepted.parse(await res.json()).sessionIds).toHaveLength(3);
    const volt = SessionList.parse(await (await getAs(h.seed.voltKey, '/api/v1/sessions')).json());
    expect(volt.sessions.map((s) => s.aggregate.lastUrl)).toEqual([`${VOLT}/c/audio`, `${VOLT}/`]);
    const summit = SessionList.parse(await (await getAs(h.seed.summitKey, '/api/v1/sessions')).json());
    expect(summit.sessions).toHaveLength(1);
    expect(summit.sessions[0]!.aggregate.sites).toEqual(['localhost:4102']);

    // A later batch within the gap continues the latest session.
    const next = await post({ events: [ev('2026-03-02T10:45:00.000Z', { type: 'page_view', url: `${VOLT}/`, kind: 'other' })] });
    expect(EventBatchAccepted.parse(await next.json()).sessionIds).toEqual([volt.sessions[0]!.id]);
  });

  it('pulls times from a shopper clock running ahead back to the server time plus skew', async () => {
    const res = await post({ events: [ev('2030-01-01T00:00:00.000Z', { type: 'page_view', url: `${VOLT}/`, kind: 'other' })] });
    const [id] = EventBatchAccepted.parse(await res.json()).sessionIds;
    const detail = SessionDetail.parse(await (await getAs(h.seed.voltKey, `/api/v1/sessions/${id}`)).json());
    expect(detail.events[0]!.at).toBe('2026-03-02T10:05:00.000Z');
    expect(detail.events[0]!.data.clientAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('refuses a batch with an event from a non-participating site and writes nothing', async () => {
    const events = browse();
    events.splice(2, 0, ev(t0, { type: 'page_view', url: 'https://news.example/article', kind: 'other' }));
    const res = await post({ events });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('not_participating');
    expect(body.error.issues).toEqual([{ path: ['events', 2], message: expect.stringContaining('news.example') }]);
    expect(await h.counts()).toMatchObject(nothingStored);
  });

  it.each([
    ['a truncated body', '{"events":[{"id":"abc', 'invalid_json'],
    ['not JSON at all', 'hello', 'invalid_json'],
    ['no events', { events: [] }, 'invalid_body'],
    ['an unknown event type', { events: [{ ...browse()[0], type: 'teleport' }] }, 'invalid_body'],
  ])('answers 400 for %s and writes nothing', async (_name, body, code) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(code);
    expect(await h.counts()).toMatchObject(nothingStored);
  });

  it('names the offending field of a malformed event', async () => {
    const events = browse();
    (events[3] as { url: string }).url = 'javascript:alert(1)';
    const res = await post({ events });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues.some((i: { path: unknown[] }) => i.path.join('.') === 'events.3.url')).toBe(true);
    expect(await h.counts()).toMatchObject(nothingStored);
  });

  it('answers 401 without a token or with an unknown one', async () => {
    expect((await post({ events: browse() }, null)).status).toBe(401);
    const res = await post({ events: browse() }, 'fws_notarealtokenatallxxxxxxxxxxxxxxx');
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('answers 413 for too many events or too many bytes, and writes nothing', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ev(t0, { type: 'heartbeat', url: `${VOLT}/p/${i}`, activeMs: 1 }));
    const res = await post({ events: many });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    const huge = { events: [ev(t0, { type: 'page_view', url: `${VOLT}/`, kind: 'other', title: 'x'.repeat(1_100_000) })] };
    expect((await post(huge)).status).toBe(413);
    expect(await h.counts()).toMatchObject(nothingStored);
  });

  it('answers 429 with Retry-After when one shopper floods, while others go on', async () => {
    const batch = () => ({ events: Array.from({ length: 400 }, (_, i) => ev(t0, { type: 'heartbeat', url: `${VOLT}/p/${i}`, activeMs: 1 })) });
    expect((await post(batch())).status).toBe(202);
    expect((await post(batch())).status).toBe(202);
    const limited = await post(batch());
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await createShopper();
    expect((await post(batch(), other.token)).status).toBe(202);
    h.clock.advance(60_000);
    expect((await post(batch())).status).toBe(202);
  });

  it('shows an enterprise only its own sessions, page by page', async () => {
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.parse(t0) + i * 3_600_000).toISOString();
      h.clock.set(at);
      await post({ events: [ev(at, { type: 'page_view', url: `${VOLT}/${i}`, kind: 'other' })] });
    }
    await post({ events: [ev(t0, { type: 'page_view', url: `${SUMMIT}/`, kind: 'other' })] });

    const first = SessionList.parse(await (await getAs(h.seed.voltKey, '/api/v1/sessions?limit=2')).json());
    expect(first.sessions.map((s) => s.aggregate.lastUrl)).toEqual([`${VOLT}/4`, `${VOLT}/3`]);
    const second = SessionList.parse(await (await getAs(h.seed.voltKey, `/api/v1/sessions?limit=2&before=${first.nextBefore}`)).json());
    expect(second.sessions.map((s) => s.aggregate.lastUrl)).toEqual([`${VOLT}/2`, `${VOLT}/1`]);
    const third = SessionList.parse(await (await getAs(h.seed.voltKey, `/api/v1/sessions?limit=2&before=${second.nextBefore}`)).json());
    expect(third.sessions.map((s) => s.aggregate.lastUrl)).toEqual([`${VOLT}/0`]);
    expect(third.nextBefore).toBeNull();

    const summitSession = SessionList.parse(await (await getAs(h.seed.summitKey, '/api/v1/sessions')).json()).sessions[0]!;
    const foreign = await getAs(h.seed.voltKey, `/api/v1/sessions/${summitSession.id}`);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe('not_found');
    expect((await getAs(h.seed.summitKey, `/api/v1/sessions/${summitSession.id}`)).status).toBe(200);
  });

  it('refuses session reads without a valid key, with a bad cursor, or a bad limit', async () => {
    expect((await h.app.http.request('/api/v1/sessions')).status).toBe(401);
    expect((await getAs('fwk_unknownunknownunknownunknown', '/api/v1/sessions')).status).toBe(401);
    expect((await getAs(h.seed.voltKey, '/api/v1/sessions?before=nonsense')).status).toBe(400);
    const bad = await getAs(h.seed.voltKey, '/api/v1/sessions?limit=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_query');
    expect((await getAs(h.seed.voltKey, '/api/v1/sessions/not-a-uuid')).status).toBe(404);
  });

  /** The log as one text, to search for what must never be in it. */
  const logText = () => JSON.stringify(h.logged);

  it('rolls the whole batch back when a write fails half way, and answers 500 without details', async () => {
    // Every event row gets the same id, so the events insert fails after the session insert.
    const broken = h.appWith({ ids: { id: () => '00000000-0000-4000-8000-0000000000ee', secret: (p) => `${p}_${'x'.repeat(43)}` } });
    const res = await broken.http.request('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({ events: browse() }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(h.logged).toEqual([
      {
        message: 'unhandled error',
        fields: expect.objectContaining({ method: 'POST', path: '/api/v1/events', error: 'database', code: '23505', table: 'events', constraint: 'events_pkey' }),
      },
      { message: 'request refused', fields: { method: 'POST', path: '/api/v1/events', status: 500 } },
    ]);
    expect(await h.counts()).toMatchObject(nothingStored);
    // The same batch goes through once the fault is gone.
    expect((await post({ events: browse() })).status).toBe(202);
  });

  it('logs a failed write without the query, its values or the events', async () => {
    const broken = h.appWith({ ids: { id: () => '00000000-0000-4000-8000-0000000000ee', secret: (p) => `${p}_${'x'.repeat(43)}` } });
    const events = browse();
    await broken.http.request('/api/v1/events', {
      method: 'POST',
      body: JSON.stringify({ events }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    });
    const log = logText();
    for (const secret of [h.token, hashSecret(h.token), 'params', 'insert into', events[0]!.id, 'headphones']) expect(log).not.toContain(secret);
  });

  it('logs a failed token lookup without the token, its hash or the query', async () => {
    // A fresh app has no token cached, so the request must look the hash up, and that fails.
    await h.db.db.execute(sql`alter table shoppers rename to shoppers_away`);
    try {
      const res = await h.appWith({}).http.request('/api/v1/events', {
        method: 'POST',
        body: JSON.stringify({ events: browse() }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      });
      expect(res.status).toBe(500);
    } finally {
      await h.db.db.execute(sql`alter table shoppers_away rename to shoppers`);
    }
    expect(h.logged[0]).toMatchObject({ message: 'unhandled error', fields: { error: 'database', code: '42P01' } });
    const log = logText();
    for (const secret of [h.token, hashSecret(h.token), 'params', 'select', 'token_hash']) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/fw[sk]_|[0-9a-f]{64}/);
  });

  it("answers the extension's origin with CORS headers, and no other origin", async () => {
    const ext = 'chrome-extension://ojamlmekgkkglbdejhakipbikeghponb';
    const preflight = await h.app.http.request('/api/v1/events', {
      method: 'OPTIONS',
      headers: { origin: ext, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ext);
    const sites = await h.app.http.request('/api/v1/sites', { headers: { origin: ext } });
    expect([sites.headers.get('access-control-allow-origin'), sites.headers.get('access-control-expose-headers')]).toEqual([ext, 'Retry-After']);
    expect((await h.app.http.request('/api/v1/sites', { headers: { origin: 'https://shop.example' } })).headers.get('access-control-allow-origin')).toBeNull();
    expect((await h.app.http.request('/api/v1/sites')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await h.app.http.request('/api/v1/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
