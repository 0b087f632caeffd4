import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../../../shared/events';
import { LIVE_PEER_KEY, PeerCredentials } from '../../../../shared/live';
import { readConfig } from '../../config';
import { defaultLimits } from '../../deps';
import { type RunningBackend, startBackend } from '../../server';
import { call } from '../../testing/api';
import { DB_KINDS, useTestDb } from '../../testing/databases';
import { manualClock } from '../../testing/clock';
import { browse, seedTwoEnterprises, T0 } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';
import { insertEngagement, insertOpportunity } from '../../testing/routing';
import { signallingSockets } from '../../db/schema';
import { SIGNALLING_SOCKET_PATH } from './server';

/** A socket as the peerjs client opens it, and every message it received. */
interface PeerSocket {
  ws: WebSocket;
  received: Record<string, unknown>[];
  /** Resolves with the next message (or fails after 3 s). */
  next(): Promise<Record<string, unknown>>;
  closed: Promise<number>;
  /** The close frame's reason, once closed. */
  reason: Promise<string>;
}

/** Opens the signalling socket as the peerjs client does; resolves with the socket, or with the HTTP status it was refused with. */
function openPeer(baseUrl: string, query: Record<string, string> | URLSearchParams): Promise<PeerSocket | { refused: number }> {
  const url = `${baseUrl.replace(/^http/, 'ws')}${SIGNALLING_SOCKET_PATH}?${new URLSearchParams(query)}`;
  const ws = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const reason = new Promise<string>((resolve) => ws.on('close', (_code, why) => resolve(String(why))));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        received,
        closed,
        reason,
        next: () => {
          const queued = received.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no message within 3 s')), 3_000);
            waiting.push((m) => {
              clearTimeout(timer);
              res(m);
            });
          });
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

const config = readConfig({ PORT: '0', HOST: '127.0.0.1' });

describe.each(DB_KINDS)('the signalling server on %s', (kind) => {
  const database = useTestDb(kind);
  let backend: RunningBackend;
  const sockets: WebSocket[] = [];
  /** Two accepted engagements' credentials, each side. */
  let one: { shopper: PeerCredentials; associate: PeerCredentials; shopperToken: string; associateToken: string; id: string };
  let two: { shopper: PeerCredentials; associate: PeerCredentials; shopperToken: string; associateToken: string; id: string };

  const peer = async (creds: Pick<PeerCredentials, 'peerId' | 'token'>, key = LIVE_PEER_KEY) => {
    const opened = await openPeer(backend.url, { key, id: creds.peerId, token: creds.token });
    if ('refused' in opened) throw new Error(`refused ${opened.refused}`);
    sockets.push(opened.ws);
    return opened;
  };
  const refusal = async (query: Record<string, string> | URLSearchParams) => {
    const opened = await openPeer(backend.url, query);
    if (!('refused' in opened)) {
      sockets.push(opened.ws);
      return 'opened';
    }
    return opened.refused;
  };

  /** An accepted engagement of a new shopper and a new associate at Voltaire, and both sides' credentials. */
  const liveEngagement = async (seed: Awaited<ReturnType<typeof seedTwoEnterprises>>) => {
    const now = new Date(T0);
    const shopper = await backend.app.sessions.createShopper();
    const posted = await call(backend.app, 'POST', '/api/v1/events', shopper.token, { events: browse() });
    expect(posted.status, await posted.clone().text()).toBe(202);
    const [sessionId] = EventBatchAccepted.parse(await posted.json()).sessionIds;
    const associate = await seedAssociate(backend.database.db, now, { employerId: seed.volt.id });
    const opportunityId = await insertOpportunity(backend.database.db, { enterpriseId: seed.volt.id, sessionId: sessionId!, shopperId: shopper.shopperId, category: ['Audio'] }, now);
    const id = await insertEngagement(
      backend.database.db,
      { opportunityId, enterpriseId: seed.volt.id, associateId: associate.id, shopperId: shopper.shopperId, sessionId: sessionId!, category: ['Audio'] },
      now,
    );
    const creds = async (token: string) => PeerCredentials.parse(await (await call(backend.app, 'POST', `/api/v1/engagements/${id}/peer`, token)).json());
    return { id, shopper: await creds(shopper.token), associate: await creds(associate.token), shopperToken: shopper.token, associateToken: associate.token };
  };

  beforeEach(async () => {
    // The fixtures' events are from T0: the backend's clock is there too.
    // Three sockets per address: the tests below open at most that many at once, but one.
    const limits = { ...defaultLimits, sockets: { ...defaultLimits.sockets, perAddress: 3 } };
    backend = await startBackend(config, { log: () => {}, clock: manualClock(T0).now, limits }, { database: database() });
    const seed = await seedTwoEnterprises(backend.app);
    one = await liveEngagement(seed);
    two = await liveEngagement(seed);
  });
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await backend.close();
  });

  it('registers a peer with its id and latest token: OPEN', async () => {
    const socket = await peer(one.shopper);
    expect(await socket.next()).toEqual({ type: 'OPEN' });
  });

  it('refuses a forged token, an unknown id, a missing token and another peer’s token with 401, before registering', async () => {
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.shopper.peerId, token: 'fwp_forgedforgedforgedforgedforgedforged' })).toBe(401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: 'fw-0123456789abcdef0123456789abcdef', token: one.shopper.token })).toBe(401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.shopper.peerId })).toBe(401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.associate.peerId, token: one.shopper.token })).toBe(401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: two.shopper.peerId, token: one.shopper.token })).toBe(401);
    // The real owner is not locked out by those attempts.
    expect(await (await peer(one.shopper)).next()).toEqual({ type: 'OPEN' });
  });

  it('refuses a repeated or unknown id, token or key with 401: the check and PeerJS read the same values', async () => {
    // PeerJS registers the LAST id: with the first checked, a caller could take the partner's id.
    const repeated = new URLSearchParams({ key: LIVE_PEER_KEY, id: one.shopper.peerId, token: one.shopper.token });
    repeated.append('id', one.associate.peerId);
    expect(await refusal(repeated)).toBe(401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.shopper.peerId, token: one.shopper.token, Id: one.associate.peerId })).toBe(401);
    expect(await refusal({ key: 'peerjs', id: one.shopper.peerId, token: one.shopper.token })).toBe(401);
    // The partner is not locked out, and the caller's own id still works.
    expect(await (await peer(one.associate)).next()).toEqual({ type: 'OPEN' });
    expect(await (await peer(one.shopper)).next()).toEqual({ type: 'OPEN' });
  });

  it('refuses a socket past the cap per address with 429, and takes it once one closes', async () => {
    const open = [await peer(one.shopper), await peer(one.associate), await peer(two.shopper)];
    for (const s of open) await s.next();
    expect(await refusal({ key: LIVE_PEER_KEY, id: two.associate.peerId, token: two.associate.token })).toBe(429);
    open[0]!.ws.close();
    await open[0]!.closed;
    await expect.poll(() => refusal({ key: LIVE_PEER_KEY, id: two.associate.peerId, token: two.associate.token })).toBe('opened');
  });

  it('refuses a token superseded by new credentials, and the peers of an ended engagement', async () => {
    const renewed = PeerCredentials.parse(await (await call(backend.app, 'POST', `/api/v1/engagements/${one.id}/peer`, one.shopperToken)).json());
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.shopper.peerId, token: one.shopper.token })).toBe(401);
    expect(await (await peer(renewed)).next()).toEqual({ type: 'OPEN' });
    expect((await call(backend.app, 'POST', `/api/v1/engagements/${two.id}/end`, two.associateToken)).status).toBe(200);
    expect(await refusal({ key: LIVE_PEER_KEY, id: two.shopper.peerId, token: two.shopper.token })).toBe(401);
  });

  it('relays between the two peers of an engagement only', async () => {
    const a = await peer(one.shopper);
    const b = await peer(one.associate);
    const c = await peer(two.associate);
    for (const s of [a, b, c]) expect(await s.next()).toEqual({ type: 'OPEN' });
    const offer = (dst: string) => JSON.stringify({ type: 'OFFER', dst, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'media', connectionId: 'mc_1' } });
    const droppedBefore = backend.signalling.dropped();
    a.ws.send(offer(two.associate.peerId));
    a.ws.send(JSON.stringify({ type: 'EXPIRE', dst: one.associate.peerId }));
    c.ws.send(offer(one.shopper.peerId));
    a.ws.send(offer(one.associate.peerId));
    const got = await b.next();
    expect(got).toMatchObject({ type: 'OFFER', src: one.shopper.peerId, dst: one.associate.peerId, payload: { connectionId: 'mc_1' } });
    // B answers A: the way back works too.
    b.ws.send(JSON.stringify({ type: 'ANSWER', dst: one.shopper.peerId, payload: { connectionId: 'mc_1' } }));
    expect(await a.next()).toMatchObject({ type: 'ANSWER', src: one.associate.peerId });
    await expect.poll(() => backend.signalling.dropped()).toBe(droppedBefore + 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.received).toEqual([]);
    expect(a.received).toEqual([]);
    expect(b.received).toEqual([]);
  });

  it('closes the peers’ sockets when the engagement ends', async () => {
    const a = await peer(one.shopper);
    const b = await peer(one.associate);
    const other = await peer(two.shopper);
    for (const s of [a, b, other]) await s.next();
    expect((await call(backend.app, 'POST', `/api/v1/engagements/${one.id}/end`, one.shopperToken)).status).toBe(200);
    expect(await a.closed).toBe(1000);
    expect(await b.closed).toBe(1000);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes the associate’s socket when the sign-in token its credentials were asked with is revoked, and refuses it after', async () => {
    const a = await peer(one.shopper);
    const b = await peer(one.associate);
    const other = await peer(two.associate);
    for (const s of [a, b, other]) await s.next();
    expect((await call(backend.app, 'POST', '/api/v1/associates/sign-out', one.associateToken)).status).toBe(204);
    expect(await b.closed).toBe(4401);
    expect(await refusal({ key: LIVE_PEER_KEY, id: one.associate.peerId, token: one.associate.token })).toBe(401);
    // The shopper's side and another associate's stay.
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('takes a reconnect of the same peer: the old socket goes, the new one registers', async () => {
    const first = await peer(one.shopper);
    await first.next();
    const second = await peer(one.shopper);
    expect(await second.next()).toEqual({ type: 'OPEN' });
    await first.closed;
    const b = await peer(one.associate);
    await b.next();
    b.ws.send(JSON.stringify({ type: 'CANDIDATE', dst: one.shopper.peerId, payload: { candidate: 'x' } }));
    expect(await second.next()).toMatchObject({ type: 'CANDIDATE', src: one.associate.peerId });
  });

  it('keeps one live socket per peer across instances: another instance closes a second with 4429 and a reason, and takes it once the first is gone', async () => {
    const db = database();
    const options = { log: () => {}, clock: manualClock(T0).now };
    // A second instance: its own pool on Postgres (as another process would have), the same handle on PGlite.
    const other = db.url ? await startBackend({ ...config, DATABASE_URL: db.url }, options) : await startBackend(config, options, { database: db });
    try {
      const first = await peer(one.shopper);
      expect(await first.next()).toEqual({ type: 'OPEN' });
      const second = await openPeer(other.url, { key: LIVE_PEER_KEY, id: one.shopper.peerId, token: one.shopper.token });
      if ('refused' in second) throw new Error(`refused ${second.refused}`);
      sockets.push(second.ws);
      expect([await second.closed, await second.reason]).toEqual([4429, 'another signalling socket of this peer is open']);
      expect(second.received).toEqual([]);
      // The first socket is untouched; the partner reaches it.
      expect(first.ws.readyState).toBe(WebSocket.OPEN);

      first.ws.close();
      await first.closed;
      await expect.poll(async () => (await db.db.select().from(signallingSockets)).length).toBe(0);
      const third = await openPeer(other.url, { key: LIVE_PEER_KEY, id: one.shopper.peerId, token: one.shopper.token });
      if ('refused' in third) throw new Error(`refused ${third.refused}`);
      sockets.push(third.ws);
      expect(await third.next()).toEqual({ type: 'OPEN' });

      // A place held by an instance that died (not seen for a minute) is taken over.
      await db.db.insert(signallingSockets).values({ peerId: one.associate.peerId, socketId: crypto.randomUUID(), instanceId: crypto.randomUUID(), seenAt: new Date(new Date(T0).getTime() - 61_000) });
      expect(await (await peer(one.associate)).next()).toEqual({ type: 'OPEN' });
    } finally {
      await other.close();
    }
  });

  it('answers plain HTTP on the path through Hono (no PeerJS HTTP API: no id handed out, no peer list)', async () => {
    expect((await fetch(`${backend.url}/api/v1/peer/${LIVE_PEER_KEY}/id`)).status).toBe(404);
    expect((await fetch(`${backend.url}/api/v1/peer/${LIVE_PEER_KEY}/peers`)).status).toBe(404);
    const plain = await fetch(`${backend.url}${SIGNALLING_SOCKET_PATH}?key=${LIVE_PEER_KEY}&id=${one.shopper.peerId}&token=${one.shopper.token}`);
    expect([plain.status, ((await plain.json()) as { error: { code: string } }).error.code]).toEqual([426, 'upgrade_required']);
  });
});
