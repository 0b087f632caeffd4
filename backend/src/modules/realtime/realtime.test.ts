import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { CreateAssociate } from '../../../../shared/associates';
import { AssociateServerMessage, REALTIME_PATH, RealtimeClose, ShopperServerMessage } from '../../../../shared/realtime';
import { readConfig } from '../../config';
import { rowsOf } from '../../db/records';
import { associateConnections, associateTokens, realtimeOutbox } from '../../db/schema';
import { type AppDeps, defaultLimits } from '../../deps';
import { manualClock } from '../../testing/clock';
import { type RunningBackend, startBackend } from '../../server';
import { DB_KINDS, type TestDb, useTestDb } from '../../testing/databases';
import { associateWithPassword } from '../../testing/associates';
import { type Received, TestSocket } from '../../testing/realtime';

/** Short timings so that timeouts, pings and silence show within a test. */
const limits = { ...defaultLimits, passwordCost: 10, sockets: { perCredential: 3, perAddress: 8 }, realtime: { authTimeoutMs: 300, pingEveryMs: 100, silentAfterMs: 500, maxMessageBytes: 64 * 1024, maxQueuedMessages: 64 } };
const config = readConfig({ PORT: '0', HOST: '127.0.0.1' });
const quiet = () => {};

/** A backend instance over the test database: the same handle on PGlite, a second pool of its own on Postgres. */
async function instance(db: TestDb, own = false): Promise<RunningBackend> {
  if (own && db.url) return startBackend({ ...config, DATABASE_URL: db.url }, { limits, log: quiet });
  return startBackend(config, { limits, log: quiet }, { database: db });
}

/** An instance whose clock and timers (auth timeout, pings, silence, expiry) the test steps: nothing sleeps. */
async function steppedInstance(db: TestDb, over: Partial<AppDeps> = {}): Promise<{ backend: RunningBackend; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock();
  return { backend: await startBackend(config, { limits, log: quiet, clock: clock.now, timers: clock.timers, ...over }, { database: db }), clock };
}

/** An associate of a new enterprise, signed in: through the associates module, as the extension would get one. */
async function associateWithToken(backend: RunningBackend): Promise<{ associateId: string; token: string }> {
  const enterprise = await backend.app.tenancy.createEnterprise(`Shop ${randomUUID().slice(0, 8)}`);
  const email = `${randomUUID()}@associates.example`;
  const password = 'a long enough password';
  const created = await associateWithPassword(backend.app, enterprise.id, { email, displayName: 'Ana' }, password);
  const { token } = await backend.app.associates.signIn(email, password);
  return { associateId: created.id, token };
}

const leaveMessage = (opportunityId = randomUUID()) => ({ v: 1 as const, type: 'leave-message' as const, opportunityId, reason: 'nobody_accepted' });

/**
 * What else the socket got, once everything sent to it so far has arrived: a marker published
 * to its party through `via` comes after anything published before it (one recipient's order
 * is kept), so no wait is needed to see that nothing more came. Pings left out.
 */
async function othersThan(socket: TestSocket, via: RunningBackend, recipient: { shopperId: string } | { associateId: string }): Promise<Received[]> {
  if ('shopperId' in recipient) await via.app.realtime.publish(recipient, leaveMessage(MARKER));
  else await via.app.realtime.publish(recipient, { v: 1, type: 'presence', presence: 'available', reason: MARKER });
  const seen: Received[] = [];
  for (;;) {
    const next = await socket.next();
    if (next.opportunityId === MARKER || next.reason === MARKER) return seen.filter((m) => m.type !== 'ping');
    seen.push(next);
  }
}
const MARKER = '00000000-0000-4000-8000-00000000ffff';

describe.each(DB_KINDS)('realtime on %s', (kind) => {
  const database = useTestDb(kind);
  let backend: RunningBackend;
  const open: TestSocket[] = [];
  const connect = async (token?: string) => {
    const socket = token ? await TestSocket.authenticated(backend.url, token) : await TestSocket.open(backend.url);
    open.push(socket);
    return socket;
  };
  const shopper = () => backend.app.sessions.createShopper();

  beforeEach(async () => {
    backend = await instance(database());
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await backend.close();
  });

  describe('authentication by first message', () => {
    it('answers a shopper token with ready, then delivers what is published to that shopper', async () => {
      const { shopperId, token } = await shopper();
      const socket = await connect();
      socket.send({ v: 1, type: 'auth', token });
      expect(ShopperServerMessage.parse(await socket.next('ready'))).toEqual({ v: 1, type: 'ready', role: 'shopper' });
      const message = leaveMessage();
      await backend.app.realtime.publish({ shopperId }, message);
      expect(ShopperServerMessage.parse(await socket.next('leave-message'))).toEqual(message);
    });

    it('closes 4401 when no auth arrives in time, by the backend’s clock', async () => {
      await backend.close();
      const stepped = await steppedInstance(database());
      backend = stepped.backend;
      const [early, late] = [await connect(), await connect()];
      stepped.clock.advance(limits.realtime.authTimeoutMs - 1);
      // Still open a moment before the limit: an auth sent now is answered.
      early.send({ v: 1, type: 'auth', token: (await shopper()).token });
      expect((await early.next()).type).toBe('ready');
      stepped.clock.advance(1);
      expect(await late.closed).toEqual({ code: 4401, reason: 'no auth message in time' });
      stepped.clock.advance(limits.realtime.authTimeoutMs);
      expect(early.ws.readyState).toBe(WebSocket.OPEN);
    });

    it.each([
      ['an unknown shopper token', { v: 1, type: 'auth', token: 'fws_unknownunknownunknown' }, 'the token is not known or has expired'],
      ['a token of no known kind', { v: 1, type: 'auth', token: 'fwk_an_enterprise_key_000' }, 'the token is neither a shopper nor an associate token'],
      ['a first message that is not auth', { v: 1, type: 'pong' }, 'the first message must be auth'],
      ['a first message that is not JSON', 'hello', 'the first message must be auth'],
      ['an auth of another version', { v: 2, type: 'auth', token: 'fws_x' }, 'the first message must be auth'],
    ])('closes 4401 on %s', async (_, first, reason) => {
      const socket = await connect();
      socket.send(first);
      expect(await socket.closed).toEqual({ code: 4401, reason });
    });

    it('closes 4401 on a binary first message', async () => {
      const socket = await connect();
      socket.ws.send(Buffer.from([1, 2, 3]));
      expect((await socket.closed).code).toBe(4401);
    });

    it('takes messages sent right behind the auth, in order, once authenticated', async () => {
      const { token } = await shopper();
      const socket = await connect();
      socket.send({ v: 1, type: 'auth', token });
      socket.send({ v: 1, type: 'accept', offerId: randomUUID() });
      expect((await socket.next()).type).toBe('ready');
      expect(await socket.next('error')).toMatchObject({ code: 'forbidden' });
    });
  });

  describe('associates', () => {
    it('answers an associate token with ready naming the associate, and delivers only to that associate', async () => {
      const ana = await associateWithToken(backend);
      const ben = await associateWithToken(backend);
      const socket = await connect();
      socket.send({ v: 1, type: 'auth', token: ana.token });
      expect(AssociateServerMessage.parse(await socket.next('ready'))).toEqual({ v: 1, type: 'ready', role: 'associate', associateId: ana.associateId });
      const benSocket = await connect(ben.token);
      const presence = { v: 1 as const, type: 'presence' as const, presence: 'away' as const, reason: 'missed_offers' };
      await backend.app.realtime.publish({ associateId: ana.associateId }, presence);
      expect(AssociateServerMessage.parse(await socket.next('presence'))).toEqual(presence);
      expect(await othersThan(benSocket, backend, { associateId: ben.associateId })).toEqual([]);
    });

    it('closes 4401 on an associate token that expired', async () => {
      const ana = await associateWithToken(backend);
      await database().db.update(associateTokens).set({ expiresAt: new Date(Date.now() - 1_000) });
      const socket = await connect();
      socket.send({ v: 1, type: 'auth', token: ana.token });
      expect(await socket.closed).toEqual({ code: 4401, reason: 'the token is not known or has expired' });
    });

    it.each([
      ['accept', { v: 1, type: 'accept', offerId: '6f1c2a4e-8b0d-4c3e-9a51-2d7f0e9b1c44' }],
      ['decline', { v: 1, type: 'decline', offerId: '6f1c2a4e-8b0d-4c3e-9a51-2d7f0e9b1c44', goAway: true }],
    ])('passes %s to the offers module and answers its refusal with the API’s code and the offer', async (_, message) => {
      const ana = await associateWithToken(backend);
      const socket = await connect(ana.token);
      socket.send(message);
      expect(AssociateServerMessage.parse(await socket.next('error'))).toMatchObject({ code: 'not_found', offerId: '6f1c2a4e-8b0d-4c3e-9a51-2d7f0e9b1c44' });
    });

    it('records the connection while it lasts, seen at each ping, for the associates module', async () => {
      const ana = await associateWithToken(backend);
      const db = database().db;
      const socket = await connect(ana.token);
      await expect.poll(async () => (await db.select().from(associateConnections)).length).toBe(1);
      const [opened] = await db.select().from(associateConnections);
      expect(opened).toMatchObject({ associateId: ana.associateId, instanceId: backend.app.realtime.instanceId });
      await expect.poll(async () => (await db.select().from(associateConnections))[0]!.lastSeenAt.getTime()).toBeGreaterThan(opened!.lastSeenAt.getTime());
      expect((await backend.app.associates.me(ana.associateId)).connected).toBe(true);
      await socket.close();
      await expect.poll(async () => (await db.select().from(associateConnections)).length).toBe(0);
      expect((await backend.app.associates.me(ana.associateId)).connected).toBe(false);
    });

    it('sets the presence the associate sends, and confirms it on every socket of theirs', async () => {
      const ana = await associateWithToken(backend);
      const [here, there] = [await connect(ana.token), await connect(ana.token)];
      here.send({ v: 1, type: 'presence', presence: 'away' });
      const confirmed = { v: 1, type: 'presence', presence: 'away', reason: null };
      expect(AssociateServerMessage.parse(await here.next('presence'))).toEqual(confirmed);
      expect(await there.next('presence')).toEqual(confirmed);
      expect((await backend.app.associates.me(ana.associateId)).presence).toBe('away');
    });

    it('purges the connections of an instance that died without closing them', async () => {
      const ana = await associateWithToken(backend);
      const db = database().db;
      const long = new Date(Date.now() - 60 * 60_000);
      await db.insert(associateConnections).values({ id: randomUUID(), associateId: ana.associateId, instanceId: 'dead', connectedAt: long, lastSeenAt: long });
      await backend.app.realtime.purge();
      expect(await db.select().from(associateConnections)).toEqual([]);
    });

    it('tells the disconnect listeners when an associate’s last socket here closes', async () => {
      const ana = await associateWithToken(backend);
      const gone: string[] = [];
      backend.app.realtime.onDisconnect((id) => gone.push(id));
      const one = await connect(ana.token);
      const two = await connect(ana.token);
      const rows = async () => (await database().db.select().from(associateConnections)).length;
      await expect.poll(rows).toBe(2);
      await one.close();
      // The server has let the first go once its connection row is gone (the listeners are told right after).
      await expect.poll(rows).toBe(1);
      expect(gone).toEqual([]);
      await two.close();
      await expect.poll(() => gone).toEqual([ana.associateId]);
    });
  });

  describe('delivery', () => {
    it('reaches only the recipient: not another shopper, nor an associate with the same id', async () => {
      const a = await shopper();
      const b = await shopper();
      const socketA = await connect(a.token);
      const socketB = await connect(b.token);
      await backend.app.realtime.publish({ associateId: a.shopperId }, { v: 1, type: 'ping' });
      await backend.app.realtime.publish({ shopperId: b.shopperId }, leaveMessage());
      await backend.app.realtime.publish({ shopperId: a.shopperId }, leaveMessage('00000000-0000-4000-8000-00000000000a'));
      expect(await socketA.next('leave-message')).toMatchObject({ opportunityId: '00000000-0000-4000-8000-00000000000a' });
      expect(await socketB.next('leave-message')).toMatchObject({ type: 'leave-message' });
      expect(await othersThan(socketA, backend, { shopperId: a.shopperId })).toEqual([]);
      expect(await othersThan(socketB, backend, { shopperId: b.shopperId })).toEqual([]);
    });

    it('reaches every socket of the recipient', async () => {
      const { shopperId, token } = await shopper();
      const [one, two] = [await connect(token), await connect(token)];
      await backend.app.realtime.publish({ shopperId }, leaveMessage());
      await expect(one.next('leave-message')).resolves.toBeTruthy();
      await expect(two.next('leave-message')).resolves.toBeTruthy();
    });

    it('sends what is pending right after ready, again on each reconnect, and what was published meanwhile after it', async () => {
      const { shopperId, token } = await shopper();
      const invitation = {
        v: 1 as const,
        type: 'invitation' as const,
        engagementId: randomUUID(),
        associate: { displayName: 'Ana' },
        product: { name: 'Sony WH-1000XM5', url: 'https://volt.example/p/sony', price: '349.00', currency: 'USD' },
        expiresAt: '2026-03-02T10:02:00.000Z',
      };
      let release: () => void = () => {};
      let gate = Promise.resolve();
      backend.app.realtime.onConnect(async (recipient) => {
        await gate;
        return 'shopperId' in recipient && recipient.shopperId === shopperId ? [invitation] : [];
      });
      const first = await connect(token);
      expect(ShopperServerMessage.parse(await first.next('invitation'))).toEqual(invitation);
      await first.close();

      // While the pending messages are being read, a publication waits behind them.
      gate = new Promise((r) => (release = r));
      const second = await TestSocket.open(backend.url);
      open.push(second);
      second.send({ v: 1, type: 'auth', token });
      await second.next('ready');
      const later = leaveMessage();
      await backend.app.realtime.publish({ shopperId }, later);
      release();
      expect((await second.next('invitation')).engagementId).toBe(invitation.engagementId);
      expect(await second.next('leave-message')).toEqual(later);
      expect(second.pending().filter((m) => m.type !== 'ping')).toEqual([]);
    });

    it('keeps the order of one recipient’s messages', async () => {
      const { shopperId, token } = await shopper();
      const socket = await connect(token);
      const ids = Array.from({ length: 20 }, () => randomUUID());
      await Promise.all(ids.map((id) => backend.app.realtime.publish({ shopperId }, leaveMessage(id))));
      const got: unknown[] = [];
      for (const _ of ids) got.push((await socket.next('leave-message')).opportunityId);
      expect(got).toEqual(ids);
    });
  });

  describe('liveness, on a stepped clock', () => {
    let clock: ReturnType<typeof manualClock>;
    beforeEach(async () => {
      await backend.close();
      ({ backend, clock } = await steppedInstance(database()));
    });
    const { pingEveryMs, silentAfterMs } = limits.realtime;

    it('pings, and keeps a client that answers past the silence limit', async () => {
      const { token } = await shopper();
      const socket = await connect(token);
      socket.autoPong = false;
      for (let elapsed = 0; elapsed < 2 * silentAfterMs; elapsed += pingEveryMs) {
        clock.advance(pingEveryMs);
        expect(await socket.next('ping')).toEqual({ v: 1, type: 'ping' });
        socket.send({ v: 1, type: 'pong' });
        // Messages are read in order: the answer to this one says the pong was read before the clock moves on.
        socket.send({ v: 2, type: 'pong' });
        expect(await socket.next('error')).toMatchObject({ code: 'unsupported_version' });
      }
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('closes a client silent for longer than the limit (4408), counted from the last message it sent', async () => {
      const { shopperId, token } = await shopper();
      const socket = await connect(token);
      socket.autoPong = false;
      clock.advance(silentAfterMs);
      // Silent for exactly the limit: still open, as a delivery shows.
      await backend.app.realtime.publish({ shopperId }, leaveMessage());
      expect(await socket.next('leave-message')).toMatchObject({ type: 'leave-message' });
      clock.advance(pingEveryMs);
      expect(await socket.closed).toEqual({ code: 4408, reason: 'silent for too long' });
    });
  });

  describe('bad messages', () => {
    it.each([
      ['not JSON', '{"v":1,', 'invalid_message'],
      ['an unknown type', { v: 1, type: 'subscribe' }, 'invalid_message'],
      ['a field of the wrong type', { v: 1, type: 'presence', presence: 'asleep' }, 'invalid_message'],
      ['another version', { v: 2, type: 'pong' }, 'unsupported_version'],
      ['a second auth', { v: 1, type: 'auth', token: 'fws_again_again_again' }, 'invalid_message'],
      ['an action only associates may take', { v: 1, type: 'presence', presence: 'away' }, 'forbidden'],
      ['text Postgres cannot store', { v: 1, type: 'accept', offerId: 'a\u0000b' }, 'invalid_message'],
    ])('answers %s with an error and stays open', async (_, message, code) => {
      const { shopperId, token } = await shopper();
      const socket = await connect(token);
      socket.send(message);
      const error = await socket.next('error');
      expect(ShopperServerMessage.parse(error)).toMatchObject({ type: 'error', code });
      await backend.app.realtime.publish({ shopperId }, leaveMessage());
      await expect(socket.next('leave-message')).resolves.toBeTruthy();
    });

    it('answers a binary frame with an error once authenticated', async () => {
      const { token } = await shopper();
      const socket = await connect(token);
      socket.ws.send(Buffer.from('{"v":1,"type":"pong"}'));
      expect(await socket.next('error')).toMatchObject({ code: 'invalid_message' });
    });

    it('closes with 1008 on a flood of messages faster than they are handled', async () => {
      const { token } = await shopper();
      const socket = await connect(token);
      for (let i = 0; i < 200; i++) socket.send({ v: 1, type: 'pong' });
      expect(await socket.closed).toEqual({ code: 1008, reason: 'too many messages at once' });
    });

    it('closes a socket past the cap per token with 4429 and a reason; a place freed is taken again', async () => {
      const { token } = await shopper();
      const sockets = [await connect(token), await connect(token), await connect(token)];
      const fourth = await connect();
      fourth.send({ v: 1, type: 'auth', token });
      expect(await fourth.closed).toEqual({ code: RealtimeClose.tooManySockets, reason: 'too many sockets for this token' });
      // Another shopper's token is counted on its own.
      await connect((await shopper()).token);
      await sockets[0]!.close();
      await expect.poll(async () => {
        const again = await connect();
        again.send({ v: 1, type: 'auth', token });
        return (await Promise.race([again.next('ready').then(() => 'ready'), again.closed.then((c) => c.code)])) as string | number;
      }).toBe('ready');
    });

    it('closes a socket past the cap per address with 4429 and a reason, before any auth', async () => {
      for (let i = 0; i < 8; i++) await connect();
      const ninth = await connect();
      expect(await ninth.closed).toEqual({ code: RealtimeClose.tooManySockets, reason: 'too many sockets from this address' });
    });

    it('closes with 1009 on a message over the size limit', async () => {
      const { token } = await shopper();
      const socket = await connect(token);
      socket.send({ v: 1, type: 'pong', padding: 'x'.repeat(64 * 1024) });
      expect((await socket.closed).code).toBe(1009);
    });
  });

  describe('the endpoint', () => {
    it('answers a plain GET with 426 and the way to connect', async () => {
      const res = await fetch(backend.url + REALTIME_PATH);
      expect(res.status).toBe(426);
      expect(res.headers.get('upgrade')).toBe('websocket');
      expect(ApiError.parse(await res.json()).error.code).toBe('upgrade_required');
    });

    it('refuses upgrades on other paths (404), leaving them to their own endpoints', async () => {
      await expect(TestSocket.open(backend.url, '/api/v1/elsewhere')).rejects.toThrow(/404/);
      await expect(TestSocket.open(backend.url, `${REALTIME_PATH}/more`)).rejects.toThrow(/404/);
    });

    it('closes its sockets with 1001 when the backend stops', async () => {
      const { token } = await shopper();
      const socket = await connect(token);
      const unauthenticated = await connect();
      await backend.close();
      expect((await socket.closed).code).toBe(1001);
      expect((await unauthenticated.closed).code).toBe(1001);
      backend = await instance(database());
    });
  });

  describe('the routing flow over the socket', () => {
    it('brings the offer to the associate, again after a reconnect; an accept on the socket wins and the shopper is invited', async () => {
      const app = backend.app;
      const enterprise = await app.tenancy.createEnterprise('Voltaire Retail');
      await app.tenancy.addSite(enterprise.id, { name: 'Voltaire', domain: 'volt.example' });
      const { key } = await app.tenancy.createApiKey(enterprise.id, 'crm');
      const put = async (path: string, body: unknown) => {
        const res = await fetch(backend.url + path, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(res.status, await res.clone().text()).toBe(200);
      };
      await put('/api/v1/rules/opportunity', {
        threshold: 100,
        conditions: [{ id: 'expensive', when: { type: 'product_price', min: '1000.00', currency: 'EUR' }, points: 100 }],
        segment: { categoryFrom: 'top_product', minLevel: 2 },
      });
      await put('/api/v1/rules/matching', {
        ruleSets: [{ name: 'floor', priority: 1, rules: [{ rule: 'accreditation', weight: 1 }, { rule: 'available_now', weight: 0 }], offer: { mode: 'broadcast', size: 5, ownAssociateSeconds: 0 } }],
      });
      const everyDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '23:59' }));
      const ana = await associateWithPassword(app, enterprise.id, { email: 'ana@volt.example', displayName: 'Ana', schedule: everyDay }, 'ana’s long password');
      await app.associates.setAccreditations(enterprise.id, ana.id, { accreditations: [{ category: ['Audio'], level: 4 }] });
      const { token: anaToken } = await app.associates.signIn('ana@volt.example', 'ana’s long password');
      const shopperAccount = await shopper();
      const shopperSocket = await connect(shopperAccount.token);
      let anaSocket = await connect(anaToken);
      anaSocket.send({ v: 1, type: 'presence', presence: 'available' });
      await anaSocket.next('presence');

      const url = 'https://volt.example/p/flagship-tv';
      const at = new Date().toISOString();
      const res = await fetch(`${backend.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${shopperAccount.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          events: [
            { id: 'evt_flow_0001', at, url, type: 'page_view', kind: 'product' },
            { id: 'evt_flow_0002', at, url, type: 'product_view', product: { name: 'Flagship TV', price: '1499.00', currency: 'EUR', category: ['Audio', 'TV'], url } },
          ],
        }),
      });
      expect(res.status).toBe(202);
      const offer = AssociateServerMessage.parse(await anaSocket.next('offer', 10_000));
      if (offer.type !== 'offer') throw new Error('not an offer');
      expect(offer.offer.session.products.map((p) => p.url)).toEqual([url]);

      // A reconnecting associate gets the live offer back, right after ready.
      await anaSocket.close();
      anaSocket = await TestSocket.open(backend.url);
      open.push(anaSocket);
      anaSocket.send({ v: 1, type: 'auth', token: anaToken });
      expect((await anaSocket.next()).type).toBe('ready');
      expect(await anaSocket.next('offer')).toMatchObject({ offer: { id: offer.offer.id } });

      anaSocket.send({ v: 1, type: 'accept', offerId: offer.offer.id });
      const update = AssociateServerMessage.parse(await anaSocket.next('offer-update'));
      expect(update).toMatchObject({ offerId: offer.offer.id, status: 'accepted' });
      const invitation = ShopperServerMessage.parse(await shopperSocket.next('invitation'));
      expect(invitation).toMatchObject({ associate: { displayName: 'Ana' }, product: { name: 'Flagship TV', url } });
      if (update.type === 'offer-update' && invitation.type === 'invitation') expect(invitation.engagementId).toBe(update.engagementId);
    });
  });

  describe('revocation and expiry', () => {
    it('closes the socket within a second when its token is signed out, and accepts nothing after', async () => {
      const { token } = await associateWithToken(backend);
      const socket = await connect(token);
      const other = await connect((await associateWithToken(backend)).token);
      const started = Date.now();
      await backend.app.associates.signOut(token);
      expect(await socket.closed).toEqual({ code: 4401, reason: 'signed out' });
      expect(Date.now() - started).toBeLessThan(1_000);
      // Only the sockets of that token: another associate's stays open.
      other.send({ v: 1, type: 'presence', presence: 'available' });
      expect(await other.next('presence')).toMatchObject({ presence: 'available' });
      const again = await connect();
      again.send({ v: 1, type: 'auth', token });
      expect(await again.closed).toEqual({ code: 4401, reason: 'the token is not known or has expired' });
    });

    it('closes the sockets of every device on sign-out everywhere and on a password reset', async () => {
      const { associateId, token } = await associateWithToken(backend);
      const email = (await backend.app.associates.me(associateId)).email;
      const second = (await backend.app.associates.signIn(email, 'a long enough password')).token;
      const [a, b] = [await connect(token), await connect(second)];
      await backend.app.associates.signOutEverywhere(associateId);
      expect((await a.closed).code).toBe(4401);
      expect((await b.closed).code).toBe(4401);
      const third = (await backend.app.associates.signIn(email, 'a long enough password')).token;
      const c = await connect(third);
      await backend.app.associates.resetPassword(associateId, 'another long password');
      expect(await c.closed).toEqual({ code: 4401, reason: 'signed out' });
    });

    it('closes the socket when its token expires, by the backend’s clock', async () => {
      await backend.close();
      const ttl = 60 * 60_000;
      // Pings off (longer than the test): only the expiry timer closes the socket.
      const stepped = await steppedInstance(database(), { limits: { ...limits, associateTokenTtlMs: ttl, realtime: { ...limits.realtime, pingEveryMs: 2 * ttl, silentAfterMs: 2 * ttl } } });
      backend = stepped.backend;
      const { associateId, token } = await associateWithToken(backend);
      const socket = await connect(token);
      stepped.clock.advance(ttl - 1);
      await backend.app.realtime.publish({ associateId }, { v: 1, type: 'presence', presence: 'away', reason: null });
      expect(await socket.next('presence')).toMatchObject({ presence: 'away' });
      stepped.clock.advance(1);
      expect(await socket.closed).toEqual({ code: 4401, reason: 'the token has expired' });
    });
  });

  describe('across instances', () => {
    let other: RunningBackend;
    beforeEach(async () => {
      other = await instance(database(), true);
    });
    afterEach(async () => {
      await other.close();
    });

    it('brings a publication on one instance to the recipient connected to the other, once', async () => {
      const { shopperId, token } = await shopper();
      const stranger = await shopper();
      const onOther = await TestSocket.authenticated(other.url, token);
      const strangerHere = await connect(stranger.token);
      open.push(onOther);
      const message = leaveMessage();
      await backend.app.realtime.publish({ shopperId }, message);
      expect(await onOther.next('leave-message')).toEqual(message);
      // Published where the recipient is connected: delivered there directly, not again by the notice.
      const local = leaveMessage();
      await other.app.realtime.publish({ shopperId }, local);
      await backend.app.realtime.publish({ shopperId }, leaveMessage('00000000-0000-4000-8000-0000000000ff'));
      expect(await onOther.next('leave-message')).toEqual(local);
      expect(await onOther.next('leave-message')).toMatchObject({ opportunityId: '00000000-0000-4000-8000-0000000000ff' });
      expect(await othersThan(onOther, backend, { shopperId })).toEqual([]);
      expect(await othersThan(strangerHere, backend, { shopperId: stranger.shopperId })).toEqual([]);
    });

    it('closes a socket on the other instance when its token is revoked here, and forgets the token there', async () => {
      const { token } = await associateWithToken(backend);
      const onOther = await TestSocket.authenticated(other.url, token);
      open.push(onOther);
      // The other instance has the token cached from the socket's auth.
      expect(await other.app.associates.associateForToken(token)).toBeDefined();
      const started = Date.now();
      await backend.app.associates.signOut(token);
      expect(await onOther.closed).toEqual({ code: 4401, reason: 'signed out' });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(await other.app.associates.associateForToken(token)).toBeUndefined();
    });

    it('sends a message over the NOTIFY limit through the outbox, keeping the order', async () => {
      const { shopperId, token } = await shopper();
      const onOther = await TestSocket.authenticated(other.url, token);
      open.push(onOther);
      const large = { ...leaveMessage(), reason: 'x'.repeat(20_000) };
      const before = leaveMessage();
      const after = leaveMessage();
      await Promise.all([
        backend.app.realtime.publish({ shopperId }, before),
        backend.app.realtime.publish({ shopperId }, large),
        backend.app.realtime.publish({ shopperId }, after),
      ]);
      expect(await onOther.next('leave-message')).toEqual(before);
      expect(await onOther.next('leave-message')).toEqual(large);
      expect(await onOther.next('leave-message')).toEqual(after);
      const [row] = rowsOf<{ n: number }>(await database().db.execute(sql`select count(*)::int as n from realtime_outbox`));
      expect(row!.n).toBe(1);
    });
  });

  it('purges outbox rows older than a few minutes', async () => {
    const db = database().db;
    const old = new Date(Date.now() - 10 * 60_000);
    await db.insert(realtimeOutbox).values([
      { id: randomUUID(), recipient: 's:x', message: '{}', createdAt: old },
      { id: randomUUID(), recipient: 's:y', message: '{}', createdAt: new Date() },
    ]);
    await backend.app.realtime.purge();
    const rows = await db.select({ recipient: realtimeOutbox.recipient }).from(realtimeOutbox);
    expect(rows).toEqual([{ recipient: 's:y' }]);
  });
});
