import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_LIMITS, type LiveMessage, type PeerCredentials } from '../../../shared/live';
import { HIGH_WATER_CHARS, QUEUE_CAP_CHARS, createLiveLink, type LiveLinkOptions } from './link';
import { FakeNetwork, type FakeDataConnection } from './testing/fake-peer';
import type { LinkClosedReason, LinkState, LiveLink } from './types';

const { lostAfterMs, reconnectWithinMs } = LIVE_LIMITS;

function credentialsFor(role: 'shopper' | 'associate', token = `${role}-token-1`): PeerCredentials {
  const [peerId, remotePeerId] = role === 'shopper' ? ['peer-s', 'peer-a'] : ['peer-a', 'peer-s'];
  return {
    engagementId: 'e1',
    role,
    peerId,
    token,
    remotePeerId,
    signalling: { path: '/api/v1/peer', key: 'floorwalker' },
    iceServers: [{ urls: 'stun:127.0.0.1:3478' }],
    expiresAt: '2025-01-01T11:00:00.000Z',
    remoteName: role === 'shopper' ? 'Ana' : 'Alex',
    allowedDomains: [],
    maskSelectors: [],
  };
}

interface Side {
  link: LiveLink;
  states: { state: LinkState; reason?: LinkClosedReason; error?: string }[];
  messages: LiveMessage[];
  hellos: LiveMessage[];
  audio: (string | null)[];
  credentialCalls: number;
}

let network: FakeNetwork;
let sides: Side[];

function open(role: 'shopper' | 'associate', extra: Partial<LiveLinkOptions> = {}): Side {
  let calls = 0;
  const side: Side = { link: null as unknown as LiveLink, states: [], messages: [], hellos: [], audio: [], credentialCalls: 0 };
  side.link = createLiveLink({
    role,
    name: role === 'shopper' ? 'Alex' : 'Ana',
    backendUrl: 'https://api.example:8443/base/',
    credentials: async () => {
      calls += 1;
      side.credentialCalls = calls;
      return credentialsFor(role, `${role}-token-${calls}`);
    },
    chatSeen: () => [`seen-by-${role}`],
    Peer: network.Peer,
    ...extra,
  });
  side.link.on('state', (state, detail) => side.states.push({ state, ...detail }));
  side.link.on('message', (m) => side.messages.push(m));
  side.link.on('hello', (m) => side.hellos.push(m));
  side.link.on('remoteAudio', (s) => side.audio.push(s ? (s as unknown as { id: string }).id : null));
  sides.push(side);
  return side;
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const chat = (id: string, text = `text ${id}`): LiveMessage => ({ v: 1, type: 'chat', id, text, sentAt: 1 });
const dom = (id: number, chars: number): LiveMessage => ({ v: 1, type: 'dom', events: [{ type: 3, timestamp: id, data: { html: 'x'.repeat(chars) } }] });
const stream = (id: string) => ({ id }) as unknown as MediaStream;
/** The associate's end of the data connection in use. */
const associateEnd = () => network.openConnection('peer-a')!;
const shopperEnd = () => network.openConnection('peer-s')!;

async function connected() {
  const shopper = open('shopper');
  const associate = open('associate');
  await advance(50);
  expect(shopper.link.state).toBe('open');
  expect(associate.link.state).toBe('open');
  return { shopper, associate };
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2025-01-01T10:00:00Z') });
  network = new FakeNetwork();
  sides = [];
});

afterEach(() => {
  for (const side of sides) side.link.close();
  vi.useRealTimers();
});

describe('connecting', () => {
  it('makes a Peer from the credentials and the backend address', async () => {
    await connected();
    const [peer] = network.peersWithId('peer-a');
    expect(peer!.options).toEqual({
      host: 'api.example',
      port: 8443,
      path: '/base/api/v1/peer',
      secure: true,
      key: 'floorwalker',
      token: 'associate-token-1',
      config: { iceServers: [{ urls: 'stun:127.0.0.1:3478' }] },
      debug: 0,
    });
  });

  it('opens both sides, each sending hello with its role, name and the chat it has seen', async () => {
    const { shopper, associate } = await connected();
    expect(shopper.hellos).toEqual([{ v: 1, type: 'hello', role: 'associate', name: 'Ana', chatSeen: ['seen-by-associate'] }]);
    expect(associate.hellos).toEqual([{ v: 1, type: 'hello', role: 'shopper', name: 'Alex', chatSeen: ['seen-by-shopper'] }]);
    expect(shopper.states.map((s) => s.state)).toEqual(['open']);
    expect(shopper.messages).toEqual([]);
    expect(shopper.link.credentials?.peerId).toBe('peer-s');
  });

  it('the shopper takes a connection from the other side only', async () => {
    const shopper = open('shopper');
    await advance(10);
    const intruder = new network.Peer('intruder', credentialsFor('associate', 'x') as never);
    await advance(10);
    const attempt = intruder.connect('peer-s', { serialization: 'raw', reliable: true }) as FakeDataConnection;
    await advance(50);
    expect(attempt.open).toBe(false);
    expect(shopper.link.state).toBe('connecting');
  });

  it('ends as refused when the first credentials cannot be had', async () => {
    const side = open('shopper', { credentials: () => Promise.reject(new Error('This engagement is not live.')) });
    await advance(10);
    expect(side.states).toEqual([{ state: 'closed', reason: 'refused', error: 'This engagement is not live.' }]);
    expect(side.link.send(chat('c'))).toBe(false);
  });

  it('uses initialCredentials without asking for them', async () => {
    const side = open('shopper', { initialCredentials: credentialsFor('shopper', 'given') });
    await advance(10);
    expect(side.credentialCalls).toBe(0);
    expect(network.peersWithId('peer-s')[0]!.options.token).toBe('given');
  });

  it('gets fresh credentials and a new Peer with the same id when the server refuses the token', async () => {
    network.refusedTokens.add('associate-token-1');
    const shopper = open('shopper');
    const associate = open('associate');
    await advance(3_000);
    expect(associate.credentialCalls).toBe(2);
    expect(network.peersWithId('peer-a').map((p) => p.options.token)).toEqual(['associate-token-1', 'associate-token-2']);
    expect(associate.link.state).toBe('open');
    expect(shopper.link.state).toBe('open');
  });

  it('reconnects the signalling socket when it drops, keeping the data connection', async () => {
    const { shopper, associate } = await connected();
    network.peer('peer-s')!.loseSignalling();
    await advance(1_500);
    expect(network.reconnects).toBe(1);
    expect(network.peer('peer-s')!.disconnected).toBe(false);
    associate.link.send(chat('c1'));
    await advance(10);
    expect(shopper.messages).toEqual([chat('c1')]);
    expect(shopper.states.map((s) => s.state)).toEqual(['open']);
  });
});

describe('messages', () => {
  it('carries messages both ways, in order', async () => {
    const { shopper, associate } = await connected();
    associate.link.send(chat('a1'));
    associate.link.send({ v: 1, type: 'highlight', nodeId: 7 });
    shopper.link.send(chat('s1'));
    shopper.link.send({ v: 1, type: 'typing', typing: true });
    await advance(10);
    expect(shopper.messages).toEqual([chat('a1'), { v: 1, type: 'highlight', nodeId: 7 }]);
    expect(associate.messages).toEqual([chat('s1'), { v: 1, type: 'typing', typing: true }]);
  });

  it('sends a big message as chunks that arrive as the message', async () => {
    const { shopper, associate } = await connected();
    const big = dom(1, 200_000);
    associate.link.send(big);
    await advance(10);
    expect(shopper.messages).toEqual([big]);
    const chunks = associateEnd().sent.filter((f) => f.includes('"type":"chunk"'));
    expect(chunks.length).toBe(Math.ceil(JSON.stringify(big).length / LIVE_LIMITS.frameChars));
  });

  it('drops and counts what does not parse, and acts on none of it', async () => {
    const { shopper } = await connected();
    const end = associateEnd();
    end.send('not json');
    end.send(JSON.stringify({ v: 1, type: 'navigate-request', id: 'n1', url: 5 }));
    end.send(JSON.stringify({ v: 9, type: 'end', reason: 'done' }));
    end.send(JSON.stringify(chat('ok')));
    await advance(10);
    expect(shopper.link.invalidCount).toBe(3);
    expect(shopper.messages).toEqual([chat('ok')]);
    expect(shopper.link.state).toBe('open');
  });

  it('answers pings with pongs and keeps neither from the listeners', async () => {
    const { shopper } = await connected();
    associateEnd().send(JSON.stringify({ v: 1, type: 'ping', n: 42, at: 5 }));
    await advance(10);
    expect(shopperEnd().sent).toContain(JSON.stringify({ v: 1, type: 'pong', n: 42, at: 5 }));
    expect(shopper.messages).toEqual([]);
  });
});

describe('liveness and reconnection', () => {
  it('pings every second while open, which keeps a quiet link open', async () => {
    const { shopper, associate } = await connected();
    await advance(3 * lostAfterMs);
    expect(shopper.link.state).toBe('open');
    expect(associate.link.state).toBe('open');
    expect(associateEnd().sent.filter((f) => f.includes('"type":"ping"')).length).toBeGreaterThanOrEqual(14);
  });

  it('notices within lostAfterMs that the other side went silent with no close event, then re-dials and reopens', async () => {
    const { shopper, associate } = await connected();
    const first = associateEnd();
    network.vanish(first);
    // Re-dials reach the shopper but do not open yet, to look at the lost state.
    network.holdOpen = true;
    await advance(lostAfterMs - 500);
    expect(associate.link.state).toBe('open');
    await advance(1_000);
    expect(associate.link.state).toBe('lost');
    expect(shopper.link.state).toBe('lost');
    // Sent while lost: waits in the link.
    associate.link.send(chat('while-lost'));
    expect(associate.link.buffered).toBeGreaterThan(0);
    network.holdOpen = false;
    await advance(2_500);
    expect(associate.link.state).toBe('open');
    expect(shopper.link.state).toBe('open');
    expect(associateEnd()).not.toBe(first);
    expect(shopper.hellos).toHaveLength(2);
    expect(shopper.messages).toEqual([chat('while-lost')]);
    expect(associate.link.buffered).toBe(0);
    expect(associate.states.map((s) => s.state)).toEqual(['open', 'lost', 'open']);
  });

  it('takes the ICE state failing as a loss at once', async () => {
    const { associate } = await connected();
    associateEnd().peerConnection.iceConnectionState = 'failed';
    await advance(300);
    expect(associate.link.state).toBe('lost');
  });

  it('gives up after reconnectWithinMs without the other side: closed, peer_lost, the Peer destroyed', async () => {
    const { shopper, associate } = await connected();
    network.vanish(associateEnd());
    network.holdOpen = true;
    await advance(lostAfterMs + 300);
    expect(associate.link.state).toBe('lost');
    await advance(reconnectWithinMs - 1_000);
    expect(associate.link.state).toBe('lost');
    await advance(1_500);
    expect(associate.states.at(-1)).toEqual({ state: 'closed', reason: 'peer_lost' });
    expect(shopper.states.at(-1)).toEqual({ state: 'closed', reason: 'peer_lost' });
    expect(network.peer('peer-a')).toBeUndefined();
    // The associate kept re-dialing every 2 s meanwhile.
    expect(network.peersWithId('peer-a')[0]!.connections.length).toBeGreaterThanOrEqual(12);
  });

  it('takes ICE disconnected for longer than lostAfterMs as a loss, though pongs still come', async () => {
    const { associate } = await connected();
    associateEnd().peerConnection.iceConnectionState = 'disconnected';
    await advance(lostAfterMs - 500);
    expect(associate.link.state).toBe('open');
    await advance(1_000);
    expect(associate.states.map((s) => s.state)).toContain('lost');
  });

  it('a refused signalling token while open waits for a loss, then gets a new Peer with fresh credentials', async () => {
    const { shopper } = await connected();
    network.peer('peer-s')!.fail('server-error');
    await advance(3_000);
    // Destroying the Peer would close the working connection: it stays.
    expect(shopper.link.state).toBe('open');
    expect(shopper.credentialCalls).toBe(1);
    network.vanish(shopperEnd());
    await advance(lostAfterMs + 3_000);
    expect(shopper.credentialCalls).toBe(2);
    expect(network.peersWithId('peer-s').map((p) => p.options.token)).toEqual(['shopper-token-1', 'shopper-token-2']);
    expect(shopper.link.state).toBe('open');
  });

  it('ends as refused on an error no retry fixes', async () => {
    const { associate } = await connected();
    network.peer('peer-a')!.fail('invalid-key', 'Invalid API key');
    expect(associate.states.at(-1)).toEqual({ state: 'closed', reason: 'refused', error: 'Invalid API key' });
  });

  it('the associate calls again after a reconnection when its microphone was on', async () => {
    const { shopper, associate } = await connected();
    associate.link.startAudio(stream('mic-a'));
    await advance(10);
    shopper.link.startAudio(stream('mic-s'));
    await advance(10);
    expect(associate.audio).toEqual(['mic-s']);
    network.vanish(associateEnd());
    // The network blip takes the call down too.
    network.peer('peer-a')!.calls[0]!.close();
    await advance(10);
    expect(associate.audio).toEqual(['mic-s', null]);
    expect(shopper.audio).toEqual(['mic-a', null]);
    await advance(lostAfterMs + 2_500);
    expect(associate.link.state).toBe('open');
    await advance(10);
    expect(network.peer('peer-a')!.calls).toHaveLength(2);
    expect(shopper.audio).toEqual(['mic-a', null, 'mic-a']);
    expect(associate.audio).toEqual(['mic-s', null, 'mic-s']);
  });

  it('gives up on a first connection that never comes', async () => {
    const associate = open('associate');
    await advance(reconnectWithinMs + 500);
    expect(associate.states).toEqual([{ state: 'closed', reason: 'peer_lost' }]);
  });
});

describe('the end', () => {
  it('close() sends end; the other side closes as ended_there; both are final', async () => {
    const { shopper, associate } = await connected();
    associate.link.close('done');
    expect(associate.states.at(-1)).toEqual({ state: 'closed', reason: 'ended_here' });
    await advance(100);
    expect(shopper.messages).toEqual([{ v: 1, type: 'end', reason: 'done' }]);
    expect(shopper.states.at(-1)).toEqual({ state: 'closed', reason: 'ended_there' });
    expect(associate.link.send(chat('late'))).toBe(false);
    associate.link.close();
    shopper.link.close();
    expect(associate.states.filter((s) => s.state === 'closed')).toHaveLength(1);
    expect(shopper.states.filter((s) => s.state === 'closed')).toHaveLength(1);
    await advance(2_000);
    expect(network.peer('peer-a')).toBeUndefined();
    expect(network.peer('peer-s')).toBeUndefined();
  });

  it('close() gives end up to a second to leave a full buffer before tearing down', async () => {
    const { associate } = await connected();
    associateEnd().holdBuffer = true;
    associate.link.send(dom(1, 50_000));
    associate.link.close();
    expect(associateEnd().sent.at(-1)).toBe(JSON.stringify({ v: 1, type: 'end', reason: 'done' }));
    await advance(500);
    expect(network.peer('peer-a')).toBeDefined();
    await advance(600);
    expect(network.peer('peer-a')).toBeUndefined();
  });

  it('close() while lost sends nothing and ends at once', async () => {
    const { associate } = await connected();
    network.vanish(associateEnd());
    network.holdOpen = true;
    await advance(lostAfterMs + 300);
    associate.link.close();
    expect(associate.states.at(-1)).toEqual({ state: 'closed', reason: 'ended_here' });
    expect(network.peer('peer-a')).toBeUndefined();
  });

  it('a listener closing on the end message does not change why it ended', async () => {
    const { shopper, associate } = await connected();
    shopper.link.on('message', (m) => {
      if (m.type === 'end') shopper.link.close();
    });
    associate.link.close();
    await advance(100);
    expect(shopper.states.filter((s) => s.state === 'closed')).toEqual([{ state: 'closed', reason: 'ended_there' }]);
    expect(shopper.messages).toEqual([{ v: 1, type: 'end', reason: 'done' }]);
  });

  it('the shopper declining ends it on the associate’s side', async () => {
    const { shopper, associate } = await connected();
    shopper.link.close('declined');
    await advance(100);
    expect(associate.messages).toEqual([{ v: 1, type: 'end', reason: 'declined' }]);
    expect(associate.states.at(-1)).toEqual({ state: 'closed', reason: 'ended_there' });
  });
});

describe('backpressure', () => {
  it('holds messages in the link while the channel’s buffer is over 1 MB, and sends them in order once it drains', async () => {
    const { shopper, associate } = await connected();
    const end = associateEnd();
    end.holdBuffer = true;
    const batches = Array.from({ length: 10 }, (_, i) => dom(i, 200_000));
    for (const b of batches) associate.link.send(b);
    associate.link.send(chat('after'));
    const inChannel = end.dataChannel!.bufferedAmount;
    expect(inChannel).toBeGreaterThan(HIGH_WATER_CHARS);
    expect(inChannel).toBeLessThan(HIGH_WATER_CHARS + 2 * LIVE_LIMITS.frameChars);
    const total = [...batches, chat('after')].reduce((sum, m) => sum + JSON.stringify(m).length, 0);
    // What waits in the link and the channel: all of it (chunk frames carry a little more than the message).
    expect(associate.link.buffered).toBeGreaterThanOrEqual(total);
    await advance(200);
    expect(shopper.messages).toEqual([]);
    end.release();
    // Each release lets up to 1 MB more through.
    for (let i = 0; i < 5 && shopper.messages.length < 11; i += 1) {
      await advance(60);
      end.release();
    }
    await advance(60);
    expect(shopper.messages).toEqual([...batches, chat('after')]);
    expect(associate.link.buffered).toBe(0);
  });

  it('while lost, keeps at most 5 MB: the oldest dom batches go first, chat stays', async () => {
    const { shopper, associate } = await connected();
    network.vanish(associateEnd());
    network.holdOpen = true;
    await advance(lostAfterMs + 300);
    expect(associate.link.state).toBe('lost');
    associate.link.send(chat('first'));
    const batches = Array.from({ length: 7 }, (_, i) => dom(i, 1_100_000));
    for (const b of batches) associate.link.send(b);
    associate.link.send(chat('last'));
    expect(associate.link.buffered).toBeLessThanOrEqual(QUEUE_CAP_CHARS);
    network.holdOpen = false;
    await advance(2_500);
    expect(associate.link.state).toBe('open');
    await advance(50);
    const types = shopper.messages.map((m) => (m.type === 'dom' ? `dom${m.events[0]!.timestamp}` : m.type === 'chat' ? m.id : m.type));
    expect(types).toEqual(['first', 'dom3', 'dom4', 'dom5', 'dom6', 'last']);
  });
});

describe('audio', () => {
  it('holds the incoming call until the shopper starts audio, then both hear each other; stopAudio ends it both ways', async () => {
    const { shopper, associate } = await connected();
    associate.link.startAudio(stream('mic-a'));
    await advance(10);
    expect(shopper.audio).toEqual([]);
    expect(associate.audio).toEqual([]);
    shopper.link.startAudio(stream('mic-s'));
    await advance(10);
    expect(shopper.audio).toEqual(['mic-a']);
    expect(associate.audio).toEqual(['mic-s']);

    associate.link.stopAudio();
    await advance(10);
    expect(associate.audio).toEqual(['mic-s', null]);
    expect(shopper.audio).toEqual(['mic-a', null]);
    expect(network.peer('peer-a')!.calls.every((c) => c.closed)).toBe(true);
  });

  it('both calling at once ends with one call, the associate’s', async () => {
    const { shopper, associate } = await connected();
    shopper.link.startAudio(stream('mic-s'));
    associate.link.startAudio(stream('mic-a'));
    await advance(20);
    expect(shopper.audio).toEqual(['mic-a']);
    expect(associate.audio).toEqual(['mic-s']);
    const live = network.peer('peer-a')!.calls.filter((c) => !c.closed);
    expect(live).toHaveLength(1);
    expect(live[0]!.localStream).toEqual(stream('mic-a'));
  });

  it('the shopper may call first: the associate answers when it starts audio', async () => {
    const { shopper, associate } = await connected();
    shopper.link.startAudio(stream('mic-s'));
    await advance(10);
    associate.link.startAudio(stream('mic-a'));
    await advance(10);
    expect(shopper.audio).toEqual(['mic-a']);
    expect(associate.audio).toEqual(['mic-s']);
  });
});
