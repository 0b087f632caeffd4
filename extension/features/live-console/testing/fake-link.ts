import { fakeBrowser } from 'wxt/testing/fake-browser';
import { vi } from 'vitest';
import type { LiveMessage, PeerCredentials } from '../../../../shared/live';
import type { LinkEvents, LinkState, LiveLink } from '../../live-link/types';

/** Credentials as the backend hands them to the associate (tests). */
export const CREDENTIALS: PeerCredentials = {
  engagementId: 'eng-1',
  role: 'associate',
  peerId: 'peer-a',
  token: 'tok',
  remotePeerId: 'peer-s',
  signalling: { path: '/api/v1/peer', key: 'floorwalker' },
  iceServers: [],
  expiresAt: '2030-01-01T00:00:00.000Z',
  remoteName: 'Sam',
  allowedDomains: ['shop.example', 'localhost:4101'],
  maskSelectors: [],
};

/** An in-memory LiveLink: records what was sent, and lets a test play the shopper's side. */
export function createFakeLink() {
  const listeners: { [E in keyof LinkEvents]: Set<LinkEvents[E]> } = { message: new Set(), state: new Set(), remoteAudio: new Set(), hello: new Set() };
  const sent: LiveMessage[] = [];
  const audio = { started: [] as MediaStream[], stopped: 0 };
  let state: LinkState = 'connecting';
  let invalid = 0;
  const emit = <E extends keyof LinkEvents>(event: E, ...args: Parameters<LinkEvents[E]>) =>
    listeners[event].forEach((l) => (l as (...a: Parameters<LinkEvents[E]>) => void)(...args));
  const link: LiveLink = {
    get state() {
      return state;
    },
    credentials: CREDENTIALS,
    send: (m) => {
      if (state === 'closed') return false;
      sent.push(m);
      return true;
    },
    buffered: 0,
    get invalidCount() {
      return invalid;
    },
    startAudio: (stream) => audio.started.push(stream),
    stopAudio: () => void audio.stopped++,
    on: (event, listener) => {
      (listeners[event] as Set<typeof listener>).add(listener);
      return () => (listeners[event] as Set<typeof listener>).delete(listener);
    },
    close: () => {
      if (state === 'closed') return;
      state = 'closed';
      emit('state', 'closed', { reason: 'ended_here' });
    },
  };
  return {
    link,
    sent,
    audio,
    /** Messages sent of one type. */
    sentOf: <T extends LiveMessage['type']>(type: T) => sent.filter((m): m is Extract<LiveMessage, { type: T }> => m.type === type),
    setState(next: LinkState, reason?: 'ended_here' | 'ended_there' | 'peer_lost' | 'refused') {
      state = next;
      emit('state', next, { reason });
    },
    /** The shopper's side sends a message. */
    receive: (m: LiveMessage) => emit('message', m),
    remoteAudio: (stream: MediaStream | null) => emit('remoteAudio', stream),
    hello: (chatSeen: string[]) => emit('hello', { v: 1, type: 'hello', role: 'shopper', name: 'Sam', chatSeen }),
    dropInvalid: () => void invalid++,
  };
}
export type FakeLink = ReturnType<typeof createFakeLink>;

/** A console test's start: a fresh fake browser, fake timers and the date at `now`. */
export function freshConsoleClock(now: number): void {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(now);
}

/** Starts the console's engagement over the fake link and opens it, then lets what follows settle. */
export async function connectConsole(engagement: { start(): Promise<void> }, fake: FakeLink): Promise<void> {
  await engagement.start();
  fake.setState('open');
  await vi.advanceTimersByTimeAsync(0);
}
