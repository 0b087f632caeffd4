import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../../shared/console';
import { LiveOverview } from '../../../../shared/floor';
import { OfferAccepted } from '../../../../shared/offers';
import { ConsoleServerMessage, RealtimeClose } from '../../../../shared/realtime';
import { readConfig } from '../../config';
import { associateConnections, associates, associateStandings } from '../../db/schema';
import { Forbidden } from '../../errors';
import type { ConsoleCredentials } from '../../http/auth';
import { hashSecret } from '../../secrets';
import { type RunningBackend, startBackend } from '../../server';
import { call, useApi } from '../../testing/api';
import { manualClock } from '../../testing/clock';
import { DB_KINDS, useTestDb } from '../../testing/databases';
import { browse, ev, headphones, seedTwoEnterprises, T0 } from '../../testing/fixtures';
import { openOpportunity, putOfferPolicy, seedAssociate, seedOffered } from '../../testing/offers';
import { TestSocket } from '../../testing/realtime';

/** Console sessions for tests: cookie tokens to users, users' roles per enterprise (filled in per test). */
function testConsoles() {
  const sessions = new Map<string, string>();
  const roles = new Map<string, Map<string, Role>>();
  const suspended = new Set<string>();
  const consoles: ConsoleCredentials = {
    session: async (token) => {
      const userId = sessions.get(token);
      return userId ? { userId, csrfToken: 'csrf-token-of-the-test', operator: false } : undefined;
    },
    standing: async (userId, enterpriseId) => {
      if (suspended.has(enterpriseId)) throw new Forbidden('enterprise_suspended', 'suspended');
      const role = roles.get(userId)?.get(enterpriseId);
      return role ? { role, supportAccessId: null } : undefined;
    },
  };
  /** A signed-in user with a role in the enterprise; returns the cookie's token. */
  const member = (enterpriseId: string, role: Role) => {
    const userId = randomUUID();
    const token = `fwc_${randomUUID()}`;
    sessions.set(token, userId);
    roles.set(userId, new Map([[enterpriseId, role]]));
    return token;
  };
  return { consoles, member, suspended, signOut: (token: string) => sessions.delete(token) };
}

const cookie = (token: string) => ({ cookie: `theme=dark; fw_console=${token}` });

describe.each(DB_KINDS)('the live overview on %s', (kind) => {
  const test = testConsoles();
  const api = useApi(kind, { consoles: test.consoles });
  const overviewOf = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(200);
    return LiveOverview.parse(await res.json());
  };

  it('sums up the floor: shoppers by site, opportunities waiting or offered, associates by presence with why, engagements in progress', async () => {
    const h = api();
    const now = h.clock.now();
    const volt = h.seed.volt.id;
    // Associates: available (idle longest: offered first), away with the presence module's reason, offline, paused by Voltaire, busy.
    const ana = await seedAssociate(h.db.db, now, { employerId: volt, displayName: 'Ana', idleSeconds: 3000, capacity: 1 });
    const ben = await seedAssociate(h.db.db, now, { employerId: volt, displayName: 'Ben', presence: 'away' });
    await h.db.db.update(associates).set({ presenceReason: 'missed_offers' }).where(eq(associates.id, ben.id));
    await seedAssociate(h.db.db, now, { employerId: volt, displayName: 'Cleo', connected: false });
    const dan = await seedAssociate(h.db.db, now, { employerId: volt, displayName: 'Dan', idleSeconds: 100 });
    const eve = await seedAssociate(h.db.db, now, { employerId: volt, displayName: 'Eve', idleSeconds: 10 });
    await h.db.db.insert(associateStandings).values({ associateId: dan.id, enterpriseId: volt, pausedAt: now });
    void eve;
    // Summit's associate is not on Voltaire's floor.
    await seedAssociate(h.db.db, now, { employerId: h.seed.summit.id, displayName: 'Sam' });
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 60, giveUpSeconds: 900 });

    // Ana takes the first shopper's opportunity; the shopper says yes and chats: a live engagement, Ana busy (capacity 1).
    const first = await openOpportunity(h);
    const offers = (await (await call(h.app, 'GET', '/api/v1/offers', ana.token)).json()) as { offers: { id: string }[] };
    const accepted = { engagementId: OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offers.offers[0]!.id}/accept`, ana.token)).json()).engagement.id };
    h.clock.advance(10_000);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${accepted.engagementId}/answer`, h.token, { accept: true })).status).toBe(200);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${accepted.engagementId}/channels`, h.token, { method: 'chat', state: 'started', at: h.clock.now().toISOString() })).status).toBe(204);

    // A second shopper's opportunity is offered to Eve (Ana busy, Ben away, Cleo offline, Dan paused); a third's waits (between waves).
    const second = await h.createShopper();
    h.clock.advance(20_000);
    const offered = await openOpportunity(h, { shopperToken: second.token });
    const fourth = await h.createShopper();
    h.clock.advance(5_000);
    const waiting = await openOpportunity(h, { shopperToken: fourth.token, start: false });
    // A third shopper, on Summit's site only.
    const third = await h.createShopper();
    expect((await h.post({ events: [ev(h.clock.now().toISOString(), { type: 'page_view', url: 'http://localhost:4102/p/tent', kind: 'product' })] }, third.token)).status).toBe(202);
    h.clock.advance(25_000);
    // The hub refreshes live connections every 20 s.
    await h.db.db.update(associateConnections).set({ lastSeenAt: h.clock.now() });

    const view = await overviewOf(await call(h.app, 'GET', '/api/v1/live/overview', h.seed.voltKey));
    expect(view.at).toBe(h.clock.now().toISOString());
    expect(view.minutes).toBe(5);
    expect(view.shoppers).toEqual({ total: 3, bySite: [{ site: 'volt.example', shoppers: 3 }] });
    // Both on a Voltaire session, detected, of the fixture's segment.
    const open = (id: string, state: 'offered' | 'waiting', openedAfterMs: number, offers: number) => ({
      id,
      state,
      origin: 'detected',
      score: 12,
      category: ['Audio', 'Headphones'],
      site: 'volt.example',
      openedAt: new Date(Date.parse(T0) + openedAfterMs).toISOString(),
      forMs: 60_000 - openedAfterMs,
      offers,
    });
    expect(view.opportunities).toEqual([open(offered.opportunityId, 'offered', 30_000, 1), open(waiting.opportunityId, 'waiting', 35_000, 0)]);
    expect(view.associates.counts).toEqual({ available: 1, busy: 1, away: 2, offline: 1 });
    expect(view.associates.list.map((a) => [a.displayName, a.presence, a.reason, a.engagements, a.capacity])).toEqual([
      ['Eve', 'available', null, 0, 3],
      ['Ana', 'busy', 'at_capacity', 1, 1],
      ['Ben', 'away', 'missed_offers', 0, 3],
      ['Dan', 'away', 'paused_missed_offers', 0, 3],
      ['Cleo', 'offline', null, 0, 3],
    ]);
    expect(view.engagements).toEqual([
      {
        id: accepted.engagementId,
        opportunityId: first.opportunityId,
        stage: 'live',
        associate: { id: ana.id, displayName: 'Ana' },
        channels: ['chat'],
        site: 'volt.example',
        since: new Date(Date.parse(T0) + 10_000).toISOString(),
        forMs: 50_000,
      },
    ]);

    // Summit sees its own floor: its shopper, its associate, none of Voltaire's.
    const summit = await overviewOf(await call(h.app, 'GET', '/api/v1/live/overview', h.seed.summitKey));
    expect(summit.shoppers).toEqual({ total: 1, bySite: [{ site: 'localhost:4102', shoppers: 1 }] });
    expect(summit.associates.list.map((a) => a.displayName)).toEqual(['Sam']);
    expect([summit.opportunities, summit.engagements]).toEqual([[], []]);

    // A shorter window leaves out the shoppers not seen within it.
    h.clock.advance(4 * 60_000);
    const narrow = await overviewOf(await call(h.app, 'GET', '/api/v1/live/overview?minutes=1', h.seed.voltKey));
    expect(narrow.shoppers.total).toBe(0);
    expect((await call(h.app, 'GET', '/api/v1/live/overview?minutes=0', h.seed.voltKey)).status).toBe(400);
    expect((await call(h.app, 'GET', '/api/v1/live/overview?minutes=61', h.seed.voltKey)).status).toBe(400);
  });

  it('tells the enterprise’s consoles when an engagement’s channel opens or closes; a repeat that changes nothing is not news', async () => {
    const h = api();
    const { associate, offerId } = await seedOffered(h);
    const engagementId = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offerId}/accept`, associate.token)).json()).engagement.id;
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/answer`, h.token, { accept: true })).status).toBe(200);
    // Consoles of both enterprises, in process; what the setup itself changed is sent and forgotten first.
    const heard = { volt: [] as ConsoleServerMessage[], summit: [] as ConsoleServerMessage[] };
    const members = (['volt', 'summit'] as const).map((e) =>
      h.app.realtime.join({ enterpriseConsole: h.seed[e].id }, { send: (text) => heard[e].push(ConsoleServerMessage.parse(JSON.parse(text))), close: () => {} }),
    );
    try {
      await h.app.floor.flushNow();
      heard.volt.length = 0;
      const channel = async (method: 'chat' | 'voice' | 'view' | 'guide', state: 'started' | 'stopped', token = h.token) => {
        h.clock.advance(1_000);
        expect((await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/channels`, token, { method, state, at: h.clock.now().toISOString() })).status).toBe(204);
        await h.app.floor.flushNow();
        return heard.volt.splice(0);
      };
      const hint = [{ v: 1, type: 'live', enterpriseId: h.seed.volt.id, changed: ['engagements'] }];
      expect(await channel('chat', 'started')).toEqual(hint);
      expect(await channel('chat', 'started', associate.token)).toEqual([]);
      expect(await channel('voice', 'started', associate.token)).toEqual(hint);
      expect(await channel('chat', 'stopped')).toEqual(hint);
      expect(await channel('chat', 'stopped')).toEqual([]);
      // What the consoles re-read says so: the voice call open, the chat closed.
      const view = await overviewOf(await call(h.app, 'GET', '/api/v1/live/overview', h.seed.voltKey));
      expect(view.engagements.map((e) => e.channels)).toEqual([['voice']]);
      expect(heard.summit.filter((m) => m.type === 'live')).toEqual([]);
    } finally {
      for (const m of members) m.leave();
    }
  });

  it('is read by every console role of the enterprise, by cookie; refused to the others', async () => {
    const h = api();
    const get = (token: string | null, enterpriseId = h.seed.volt.id) =>
      h.app.http.request('/api/v1/live/overview', { headers: { ...(token ? cookie(token) : {}), 'x-floorwalker-enterprise': enterpriseId } });
    for (const role of ['owner', 'admin', 'sales_lead', 'analyst'] as const) await overviewOf(await get(test.member(h.seed.volt.id, role)));
    expect((await get(test.member(h.seed.summit.id, 'owner'))).status).toBe(403);
    expect((await get('fwc_unknown')).status).toBe(401);
    expect((await get(null)).status).toBe(401);
  });
});

describe.each(DB_KINDS)('the console socket on %s', (kind) => {
  const database = useTestDb(kind);
  const test = testConsoles();
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1' });
  let backend: RunningBackend;
  let seed: Awaited<ReturnType<typeof seedTwoEnterprises>>;
  const open: TestSocket[] = [];
  const connect = async (headers: Record<string, string>, query = '') => {
    const socket = await TestSocket.open(backend.url, `/api/v1/realtime${query}`, headers);
    open.push(socket);
    return socket;
  };

  beforeEach(async () => {
    const clock = manualClock(T0);
    backend = await startBackend(config, { log: () => {}, clock: clock.now, consoles: test.consoles }, { database: database() });
    seed = await seedTwoEnterprises(backend.app);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await backend.close();
  });

  it('a console of the enterprise is sent a live hint after an opportunity opens (enterprise in the URL or the first message)', async () => {
    const origin = { origin: backend.url };
    const byUrl = await connect({ ...cookie(test.member(seed.volt.id, 'analyst')), ...origin }, `?enterprise=${seed.volt.id}`);
    expect(ConsoleServerMessage.parse(await byUrl.next('ready'))).toEqual({ v: 1, type: 'ready', role: 'console', enterpriseId: seed.volt.id });
    const byMessage = await connect({ ...cookie(test.member(seed.volt.id, 'sales_lead')), ...origin });
    byMessage.send({ v: 1, type: 'console', enterpriseId: seed.volt.id });
    await byMessage.next('ready');
    const summit = await connect({ ...cookie(test.member(seed.summit.id, 'owner')), ...origin }, `?enterprise=${seed.summit.id}`);
    await summit.next('ready');

    // A shopper browses Voltaire and asks for someone: an opportunity opens.
    const shopper = await backend.app.sessions.createShopper();
    const post = (path: string, body: unknown) =>
      fetch(backend.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${shopper.token}` }, body: JSON.stringify(body) });
    expect((await post('/api/v1/events', { events: browse() })).status).toBe(202);
    expect((await post('/api/v1/opportunities/ask', { url: headphones.url })).status).toBe(201);

    // The shopper's arrival may come in a hint of its own, a second before.
    for (const socket of [byUrl, byMessage]) {
      for (;;) {
        const live = ConsoleServerMessage.parse(await socket.next('live', 4_000));
        expect(live).toMatchObject({ type: 'live', enterpriseId: seed.volt.id });
        if (live.type === 'live' && live.changed.includes('opportunities')) break;
      }
    }
    // Summit's console heard nothing.
    expect(summit.pending().filter((m) => m.type === 'live')).toEqual([]);
    // A console sends nothing but pongs: an associate's action is refused, the socket stays.
    byUrl.send({ v: 1, type: 'presence', presence: 'available' });
    expect(await byUrl.next('error')).toMatchObject({ code: 'forbidden' });
  });

  it('a console on another instance is sent the hint too (the hub’s fan-out)', async () => {
    const db = database();
    const clock = manualClock(T0);
    const over = { log: () => {}, clock: clock.now, consoles: test.consoles };
    // Its own pool on Postgres; the same handle on PGlite.
    const other = db.url ? await startBackend({ ...config, DATABASE_URL: db.url }, over) : await startBackend(config, over, { database: db });
    try {
      const socket = await TestSocket.open(other.url, `/api/v1/realtime?enterprise=${seed.volt.id}`, { ...cookie(test.member(seed.volt.id, 'analyst')), origin: other.url });
      open.push(socket);
      await socket.next('ready');
      await backend.app.realtime.publish({ enterpriseConsole: seed.volt.id }, { v: 1, type: 'live', enterpriseId: seed.volt.id, changed: ['associates'] });
      backend.app.floor.enterpriseChanged(seed.volt.id, 'opportunities');
      await backend.app.floor.flushNow();
      expect(await socket.next('live')).toEqual({ v: 1, type: 'live', enterpriseId: seed.volt.id, changed: ['associates'] });
      expect(await socket.next('live')).toEqual({ v: 1, type: 'live', enterpriseId: seed.volt.id, changed: ['opportunities'] });
    } finally {
      await other.close();
    }
  });

  it('refuses a socket without a cookie, with an unknown one, for another enterprise, from a foreign origin, and closes it when signed out', async () => {
    const origin = { origin: backend.url };
    const ana = test.member(seed.volt.id, 'owner');
    const closes = async (headers: Record<string, string>, query: string) => (await (await connect(headers, query)).closed).code;
    const volt = `?enterprise=${seed.volt.id}`;
    expect(await closes(origin, volt)).toBe(RealtimeClose.unauthorized);
    expect(await closes({ ...cookie('fwc_unknown'), ...origin }, volt)).toBe(RealtimeClose.unauthorized);
    expect(await closes({ ...cookie(ana), ...origin }, `?enterprise=${seed.summit.id}`)).toBe(RealtimeClose.forbidden);
    expect(await closes({ ...cookie(ana), ...origin }, '?enterprise=not-an-id')).toBe(RealtimeClose.forbidden);
    expect(await closes({ ...cookie(ana), origin: 'https://evil.example' }, volt)).toBe(RealtimeClose.forbidden);
    expect(await closes(cookie(ana), volt)).toBe(RealtimeClose.forbidden);
    test.suspended.add(seed.volt.id);
    expect(await closes({ ...cookie(ana), ...origin }, volt)).toBe(RealtimeClose.forbidden);
    test.suspended.delete(seed.volt.id);
    // By first message too: another enterprise is refused.
    const other = await connect({ ...cookie(ana), ...origin });
    other.send({ v: 1, type: 'console', enterpriseId: seed.summit.id });
    expect((await other.closed).code).toBe(RealtimeClose.forbidden);

    // Signed out: the console module revokes the cookie's hash, and the socket closes.
    const socket = await connect({ ...cookie(ana), ...origin }, volt);
    await socket.next('ready');
    test.signOut(ana);
    await backend.app.realtime.revokeTokens([hashSecret(ana)]);
    expect((await socket.closed).code).toBe(RealtimeClose.unauthorized);
  });
});
