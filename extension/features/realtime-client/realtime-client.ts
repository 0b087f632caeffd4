import { RealtimeClose } from '../../../shared/realtime';
import { errorMessage } from '../../lib/log';
import type { ConnectionState, OpenSocket, SocketLike } from '../../lib/socket';

export type { ConnectionState, OpenSocket, SocketLike };

/** Where to connect and as whom; null when there is nobody to connect as (signed out, no shopper yet). */
export interface RealtimeTarget {
  /** The backend's base address, e.g. "http://localhost:8787". */
  backendUrl: string;
  token: string;
}

/** A server message as far as the client itself cares: pings and `ready`; the rest goes to the owner. */
interface Envelope {
  type: string;
}

export interface RealtimeClientDeps<S extends Envelope> {
  /** Read on every attempt, so a new sign-in or backend address applies at the next one. */
  target: () => Promise<RealtimeTarget | null>;
  open: OpenSocket;
  /** Validates a parsed message; null refuses it (it is logged, the connection stays). */
  parse: (raw: unknown) => S | null;
  onMessage: (message: S) => void;
  onState?: (state: ConnectionState) => void;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (id: ReturnType<typeof setTimeout>) => void;
  /** With no message for this long (the server pings every 20 s) the connection is taken for dead. */
  silenceMs?: number;
}

/** The server closes with this when the token is unknown, expired or revoked. */
export const CLOSE_UNAUTHORIZED = RealtimeClose.unauthorized;
/** The server closes with this when as many sockets are open for the token, or from the address, as it allows. */
export const CLOSE_TOO_MANY = RealtimeClose.tooManySockets;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** After a 4429 the places free up only when another tab or device closes: wait long, and longer each time. */
const CROWDED_BASE_MS = 30_000;
const CROWDED_MAX_MS = 5 * 60_000;
const SILENCE_MS = 60_000;

/**
 * Wait before reconnecting after `failures` failures in a row: 1 s doubling up to 30 s (after
 * "too many sockets": 30 s doubling up to 5 min), half of it random so that browsers cut off
 * together do not all come back in the same instant.
 */
export function reconnectDelay(failures: number, random: () => number, crowded = false): number {
  const [base, max] = crowded ? [CROWDED_BASE_MS, CROWDED_MAX_MS] : [RETRY_BASE_MS, RETRY_MAX_MS];
  const ceiling = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What the associate or shopper is told while the server refuses more sockets. */
export const CROWDED_MESSAGE =
  'Too many Floorwalker connections are open for this sign-in or from this network (other tabs, browsers or devices). Close one, or wait: it tries again by itself, less and less often.';

/** `http(s)://host/…` → `ws(s)://host/…/api/v1/realtime`. The token never goes in the address. */
export function realtimeUrl(backendUrl: string): string {
  const url = new URL(`${backendUrl.replace(/\/+$/, '')}/api/v1/realtime`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * One realtime connection to the backend (`/api/v1/realtime`): authenticates with the first
 * message, answers the server's pings (which also keep an MV3 service worker alive), hands
 * every other message to `onMessage`, and reconnects with backoff when the connection drops
 * or falls silent. A refused token stops it (`refused`) until `start` is called again.
 */
export function createRealtimeClient<S extends Envelope, C extends { v: 1; type: string }>(deps: RealtimeClientDeps<S>) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const setTimer = deps.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = deps.clearTimer ?? ((id) => clearTimeout(id));
  const silenceMs = deps.silenceMs ?? SILENCE_MS;

  let wanted = false;
  let socket: SocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let silenceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on every new attempt and on stop: late events of an old socket are ignored. */
  let generation = 0;
  let state: ConnectionState = { status: 'off', failures: 0, retryAt: null, error: null };

  function setState(change: Partial<ConnectionState>): void {
    state = { ...state, ...change };
    deps.onState?.(state);
  }

  function clearTimers(): void {
    if (retryTimer !== null) clearTimer(retryTimer);
    if (silenceTimer !== null) clearTimer(silenceTimer);
    retryTimer = silenceTimer = null;
  }

  function drop(reason: string | null): void {
    const old = socket;
    socket = null;
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      try {
        old.close(1000, reason ?? 'closing');
      } catch {
        // already closed
      }
    }
  }

  function scheduleRetry(error: string, crowded = false): void {
    drop(error);
    const failures = state.failures + 1;
    const wait = reconnectDelay(failures, random, crowded);
    clearTimers();
    retryTimer = setTimer(() => {
      retryTimer = null;
      void connect();
    }, wait);
    setState({ status: 'waiting', failures, retryAt: now() + wait, error, crowded });
  }

  function armSilence(attempt: number): void {
    if (silenceTimer !== null) clearTimer(silenceTimer);
    silenceTimer = setTimer(() => {
      silenceTimer = null;
      if (attempt === generation) scheduleRetry(`The server went silent for ${Math.round(silenceMs / 1000)} s.`);
    }, silenceMs);
  }

  async function connect(): Promise<void> {
    const attempt = ++generation;
    const target = await deps.target().catch(() => null);
    if (attempt !== generation || !wanted) return;
    if (!target) {
      setState({ status: 'off', retryAt: null });
      return;
    }
    setState({ status: 'connecting', retryAt: null });
    let opened: SocketLike;
    try {
      opened = deps.open(realtimeUrl(target.backendUrl));
    } catch (error) {
      scheduleRetry(`Could not connect: ${errorMessage(error)}`);
      return;
    }
    socket = opened;
    armSilence(attempt);
    opened.onopen = () => {
      if (attempt === generation) opened.send(JSON.stringify({ v: 1, type: 'auth', token: target.token }));
    };
    opened.onmessage = ({ data }) => {
      if (attempt !== generation) return;
      armSilence(attempt);
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        console.warn('[floorwalker] realtime: a message that is not JSON was ignored');
        return;
      }
      const message = deps.parse(raw);
      if (!message) {
        console.warn('[floorwalker] realtime: a message of an unknown shape was ignored', raw);
        return;
      }
      if (message.type === 'ping') opened.send(JSON.stringify({ v: 1, type: 'pong' }));
      else if (message.type === 'ready') setState({ status: 'ready', failures: 0, retryAt: null, error: null, crowded: false });
      deps.onMessage(message);
    };
    opened.onclose = ({ code, reason }) => {
      if (attempt !== generation) return;
      if (code === CLOSE_UNAUTHORIZED) {
        clearTimers();
        drop(null);
        setState({ status: 'refused', retryAt: null, error: reason || 'The server did not accept the sign-in.' });
        return;
      }
      if (code === CLOSE_TOO_MANY) scheduleRetry(CROWDED_MESSAGE, true);
      else scheduleRetry(reason ? `Connection closed (${code}): ${reason}` : `Connection closed (${code}).`);
    };
    // An error is always followed by a close, which decides what happens next.
    opened.onerror = () => undefined;
  }

  return {
    /** Connects (or reconnects at once, with the current target), and keeps reconnecting until stopped. */
    start(): void {
      wanted = true;
      clearTimers();
      drop('reconnecting');
      setState({ failures: 0, error: null });
      void connect();
    },
    /** Connects unless connected, connecting or refused: for a periodic "keep it up". */
    ensure(): void {
      if (wanted && state.status !== 'off') return;
      wanted = true;
      if (!socket && retryTimer === null) void connect();
    },
    /** Closes and stays closed. */
    stop(): void {
      wanted = false;
      generation += 1;
      clearTimers();
      drop('stopped');
      setState({ status: 'off', failures: 0, retryAt: null, error: null, crowded: false });
    },
    /** Sends when authenticated; false when not connected. */
    send(message: C): boolean {
      if (state.status !== 'ready' || !socket) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    state: () => state,
  };
}
export type RealtimeClient<C extends { v: 1; type: string }> = {
  start(): void;
  ensure(): void;
  stop(): void;
  send(message: C): boolean;
  state(): ConnectionState;
};
