import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeRealtime, type FakeRealtime } from '../../lib/testing/fake-realtime';
import { type ConnectionState, createRealtimeClient, CROWDED_MESSAGE, realtimeUrl, reconnectDelay, type RealtimeTarget } from './realtime-client';

type Msg = { v: 1; type: string; [k: string]: unknown };
let server: FakeRealtime;
let target: RealtimeTarget | null;
let received: Msg[];
let states: ConnectionState[];
let client: ReturnType<typeof createRealtimeClient<Msg, { v: 1; type: string }>>;

const parse = (raw: unknown): Msg | null =>
  typeof raw === 'object' && raw !== null && (raw as Msg).v === 1 && typeof (raw as Msg).type === 'string' ? (raw as Msg) : null;
const status = () => client.state().status;
/** Lets the client's awaited target read settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Date.parse('2025-01-01T10:00:00Z'));
  server = createFakeRealtime();
  target = { backendUrl: 'http://localhost:8787', token: 'fwa_secret' };
  received = [];
  states = [];
  client = createRealtimeClient<Msg, { v: 1; type: string }>({
    target: async () => target,
    open: server.open,
    parse,
    onMessage: (m) => received.push(m),
    onState: (s) => states.push(s),
    random: () => 1,
  });
});
afterEach(() => {
  client.stop();
  vi.useRealTimers();
});

describe('realtimeUrl', () => {
  it.each([
    ['http://localhost:8787', 'ws://localhost:8787/api/v1/realtime'],
    ['https://api.example.com/', 'wss://api.example.com/api/v1/realtime'],
    ['https://example.com/floorwalker', 'wss://example.com/floorwalker/api/v1/realtime'],
  ])('%s → %s (no token in it)', (base, url) => {
    expect(realtimeUrl(base)).toBe(url);
  });
});

describe('reconnectDelay', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [3, 1, 4000],
    [6, 1, 30_000],
    [20, 0, 15_000],
  ])('after %i failure(s), random %d: %i ms', (failures, r, ms) => {
    expect(reconnectDelay(failures, () => r)).toBe(ms);
  });

  it.each([
    [1, 1, 30_000],
    [1, 0, 15_000],
    [2, 1, 60_000],
    [4, 1, 240_000],
    [5, 1, 300_000],
    [20, 1, 300_000],
  ])('after %i refusal(s) for too many sockets, random %d: %i ms', (failures, r, ms) => {
    expect(reconnectDelay(failures, () => r, true)).toBe(ms);
  });
});

describe('connecting', () => {
  it('authenticates with the first message, never in the address, and is ready when the server says so', async () => {
    client.start();
    await settle();
    const socket = server.last();
    expect(socket.url).toBe('ws://localhost:8787/api/v1/realtime');
    expect(status()).toBe('connecting');
    socket.accept();
    expect(socket.sent).toEqual([{ v: 1, type: 'auth', token: 'fwa_secret' }]);
    socket.push({ type: 'ready', role: 'associate', associateId: 'a1' });
    expect(status()).toBe('ready');
    expect(received.map((m) => m.type)).toEqual(['ready']);
  });

  it('answers every ping with a pong and hands everything else to the owner', async () => {
    client.start();
    await settle();
    const socket = server.connectLast();
    socket.push({ type: 'ping' });
    socket.push({ type: 'offer', offer: { id: 'o1' } });
    socket.push({ type: 'ping' });
    expect(socket.sent.map((m) => m.type)).toEqual(['auth', 'pong', 'pong']);
    expect(received.map((m) => m.type)).toEqual(['ready', 'ping', 'offer', 'ping']);
  });

  it('ignores text that is not JSON and messages of another shape, and stays connected', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    client.start();
    await settle();
    const socket = server.connectLast();
    socket.pushRaw('not json');
    socket.pushRaw(JSON.stringify({ v: 2, type: 'offer' }));
    expect(status()).toBe('ready');
    expect(socket.closed).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('stays off while there is nobody to connect as', async () => {
    target = null;
    client.start();
    await settle();
    expect(server.sockets).toEqual([]);
    expect(status()).toBe('off');
    target = { backendUrl: 'http://localhost:8787', token: 't' };
    client.ensure();
    await settle();
    expect(server.sockets).toHaveLength(1);
  });

  it('sends only while ready', async () => {
    client.start();
    await settle();
    expect(client.send({ v: 1, type: 'presence' })).toBe(false);
    const socket = server.connectLast();
    expect(client.send({ v: 1, type: 'presence' })).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ v: 1, type: 'presence' });
  });
});

describe('reconnecting', () => {
  it('reconnects with a growing wait after drops, and starts again from 1 s once ready', async () => {
    client.start();
    await settle();
    server.last().drop(1006);
    expect(client.state()).toMatchObject({ status: 'waiting', failures: 1, retryAt: Date.now() + 1000, error: 'Connection closed (1006).' });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.sockets).toHaveLength(2);
    server.last().drop(1011, 'restarting');
    expect(client.state()).toMatchObject({ failures: 2, retryAt: Date.now() + 2000, error: 'Connection closed (1011): restarting' });
    await vi.advanceTimersByTimeAsync(2000);
    server.connectLast();
    expect(client.state()).toMatchObject({ status: 'ready', failures: 0, error: null });
    server.last().drop();
    expect(client.state().retryAt).toBe(Date.now() + 1000);
  });

  it('takes a silent connection for dead after 60 s (the server pings every 20 s) and reconnects', async () => {
    client.start();
    await settle();
    const socket = server.connectLast();
    await vi.advanceTimersByTimeAsync(59_000);
    socket.push({ type: 'ping' }); // heard from: the silence starts over
    await vi.advanceTimersByTimeAsync(59_000);
    expect(socket.closed).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.closed).not.toBeNull();
    expect(client.state()).toMatchObject({ status: 'waiting', error: 'The server went silent for 60 s.' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.live()).toHaveLength(1);
  });

  it('stops on a refused token (4401) and says why; start tries again', async () => {
    client.start();
    await settle();
    server.last().accept();
    server.last().drop(4401, 'unknown token');
    expect(client.state()).toMatchObject({ status: 'refused', error: 'unknown token' });
    await vi.advanceTimersByTimeAsync(120_000);
    client.ensure();
    await settle();
    expect(server.sockets).toHaveLength(1);
    client.start();
    await settle();
    expect(server.sockets).toHaveLength(2);
  });

  it('too many sockets (4429): backs off from 30 s to 5 min, says why, and is back to normal once ready', async () => {
    client.start();
    await settle();
    const opened: number[] = [];
    const t0 = Date.now();
    // The server refuses every socket for 20 minutes.
    for (let minute = 0; Date.now() - t0 < 20 * 60_000; minute++) {
      if (server.live().length === 1) {
        opened.push(Date.now() - t0);
        server.last().accept();
        server.last().drop(4429, 'too many sockets for this token');
      }
      expect(client.state()).toMatchObject({ status: 'waiting', crowded: true, error: CROWDED_MESSAGE });
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(opened).toEqual([0, 30_000, 90_000, 210_000, 450_000, 750_000, 1_050_000]);
    await vi.advanceTimersByTimeAsync(149_000);
    expect(server.sockets).toHaveLength(7);
    await vi.advanceTimersByTimeAsync(1_000); // at 1_350_000; a place was freed meanwhile: this try is taken
    expect(server.live()).toHaveLength(1);
    server.connectLast();
    expect(client.state()).toMatchObject({ status: 'ready', crowded: false, error: null, failures: 0 });
    server.last().drop(1006);
    expect(client.state().retryAt! - Date.now()).toBe(1_000);
  });

  it('stop closes the socket and cancels the pending retry; late events of the old socket change nothing', async () => {
    client.start();
    await settle();
    const first = server.last();
    first.drop();
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
    expect(status()).toBe('off');

    client.start();
    await settle();
    const second = server.connectLast();
    client.stop();
    expect(second.closed).toMatchObject({ code: 1000 });
    second.push({ type: 'offer' });
    expect(received.filter((m) => m.type === 'offer')).toEqual([]);
  });

  it('start while connected replaces the connection (a new sign-in or address applies at once)', async () => {
    client.start();
    await settle();
    const first = server.connectLast();
    target = { backendUrl: 'https://other.example', token: 'fwa_new' };
    client.start();
    await settle();
    expect(first.closed).not.toBeNull();
    expect(server.last().url).toBe('wss://other.example/api/v1/realtime');
    server.last().accept();
    expect(server.last().sent[0]).toEqual({ v: 1, type: 'auth', token: 'fwa_new' });
  });

  it('an address that cannot be opened is retried like a drop', async () => {
    const failing = createRealtimeClient<Msg, { v: 1; type: string }>({
      target: async () => ({ backendUrl: 'http://localhost:1', token: 't' }),
      open: () => {
        throw new SyntaxError('bad url');
      },
      parse,
      onMessage: () => undefined,
      random: () => 1,
    });
    failing.start();
    await settle();
    expect(failing.state()).toMatchObject({ status: 'waiting', error: 'Could not connect: bad url' });
    failing.stop();
  });
});

it('reports each state change to the owner', async () => {
  client.start();
  await settle();
  server.connectLast();
  client.stop();
  expect(states.map((s) => s.status)).toEqual(['off', 'connecting', 'ready', 'off']);
});
