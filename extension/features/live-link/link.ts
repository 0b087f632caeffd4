import { Peer as PeerJs } from 'peerjs';
import { LIVE_VERSION, type LiveMessage, type PeerCredentials } from '../../../shared/live';
import { newId } from '../../lib/ids';
import { logOnce } from '../../lib/log';
import { createCall } from './call';
import { Reassembler, toFrames } from './framing.core';
import { liveness } from './liveness.core';
import type { DataChannelLike, DataConnectionLike, Handler, PeerConstructor } from './peer';
import { HIGH_WATER_CHARS, SendQueue, isBlocked } from './send-queue.core';
import { REDIAL_MS, createSignalling } from './signalling';
import type { LinkClosedReason, LinkEvents, LinkState, LiveLink } from './types';

export type { DataChannelLike, DataConnectionLike, MediaConnectionLike, PeerConnectionLike, PeerConstructor, PeerLike, PeerOptionsLike } from './peer';
export { HIGH_WATER_CHARS, QUEUE_CAP_CHARS } from './send-queue.core';
export { REDIAL_MS } from './signalling';

export interface LiveLinkOptions {
  role: 'shopper' | 'associate';
  /** This side's name, sent in `hello`. */
  name: string;
  /** The backend's address; the signalling server sits at `credentials.signalling.path` under it. */
  backendUrl: string;
  /** Fresh credentials: called at start (unless `initialCredentials`), and when the signalling server refuses the token. */
  credentials: () => Promise<PeerCredentials>;
  initialCredentials?: PeerCredentials;
  /** Ids of the other side's chat messages this side has (hello.chatSeen). */
  chatSeen?: () => string[];
  Peer?: PeerConstructor;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** How often the link checks liveness. */
export const TICK_MS = 250;
const DRAIN_POLL_MS = 50;
/** How long `close()` waits for `end` to leave before tearing the connection down. */
const END_FLUSH_MS = 1_000;

/**
 * One side's peer connection for a live engagement (see types.ts for the states): the wiring of
 * the signalling (signalling.ts), the data connection and its send queue (send-queue.core.ts,
 * framing.core.ts), liveness (liveness.core.ts) and the call (call.ts).
 */
export function createLiveLink(options: LiveLinkOptions): LiveLink {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const listeners: { [E in keyof LinkEvents]: Set<LinkEvents[E]> } = {
    message: new Set(),
    state: new Set(),
    remoteAudio: new Set(),
    hello: new Set(),
  };

  let state: LinkState = 'connecting';
  /** The data connection in use (open) or being opened. */
  let conn: DataConnectionLike | null = null;
  let connOpen = false;
  let detachConn: (() => void) | null = null;
  let reassembler = new Reassembler();
  let invalidBefore = 0;
  const queue = new SendQueue(newId);

  // Liveness: the connecting phase counts as lost since the start, so the same window ends it.
  let lostSince: number | null = now();
  let lastHeardAt = now();
  let lastPingAt: number | null = null;
  let pingCount = 0;
  let disconnectedSince: number | null = null;
  let lastDialAt = -Infinity;

  let tickTimer: unknown = null;
  let drainTimer: unknown = null;

  const emit = <E extends keyof LinkEvents>(event: E, ...args: Parameters<LinkEvents[E]>) => {
    for (const listener of [...listeners[event]]) {
      try {
        (listener as (...a: Parameters<LinkEvents[E]>) => void)(...args);
      } catch (error) {
        logOnce(`live-link ${event} listener`, error);
      }
    }
  };
  const setState = (next: LinkState, detail: { reason?: LinkClosedReason; error?: string } = {}) => {
    if (state === next) return;
    state = next;
    emit('state', next, detail);
  };
  const closed = () => state === 'closed';

  const signalling = createSignalling({
    role: options.role,
    Peer: options.Peer ?? (PeerJs as unknown as PeerConstructor),
    backendUrl: options.backendUrl,
    credentials: options.credentials,
    ...(options.initialCredentials ? { initialCredentials: options.initialCredentials } : {}),
    now,
    closed,
    dataOpen: () => connOpen,
    onReady: () => {
      if (options.role === 'associate' && !connOpen) dial();
    },
    onConnection: (incoming) => adopt(incoming),
    onCall: (incoming) => call.incoming(incoming),
    onReplacing: () => {
      dropConn();
      call.drop();
    },
    onRefused: (error) => finish('refused', error),
  });
  const call = createCall({
    role: options.role,
    peer: () => signalling.peer,
    remotePeerId: () => signalling.credentials?.remotePeerId ?? null,
    closed,
    onRemoteAudio: (stream) => emit('remoteAudio', stream),
  });

  // ---- sending ----

  const channel = () => (connOpen ? conn?.dataChannel ?? null : null);
  const blocked = () => isBlocked({ bufferedAmount: channel()?.bufferedAmount ?? 0, peerjsQueued: conn?.bufferSize ?? 0 });

  /** Sends the link's own messages (hello, ping, pong, end) at once, ahead of the queue; they are small and only make sense now. */
  const sendNow = (message: LiveMessage) => {
    if (!connOpen || !conn) return;
    try {
      for (const frame of toFrames(message, newId)) void conn.send(frame);
    } catch (error) {
      logOnce('live-link send', error);
    }
  };

  const drain = () => {
    if (!connOpen || !conn) return;
    for (let frame = queue.next(); frame !== null; frame = queue.next()) {
      if (blocked()) {
        if (drainTimer === null) {
          drainTimer = setTimer(() => {
            drainTimer = null;
            drain();
          }, DRAIN_POLL_MS);
        }
        return;
      }
      try {
        void conn.send(frame);
      } catch (error) {
        // The channel broke under us: liveness notices; the message is sent again whole after reconnecting.
        logOnce('live-link send', error);
        queue.rewindHead();
        return;
      }
      queue.sent();
    }
  };

  function send(message: LiveMessage): boolean {
    if (state === 'closed') return false;
    if (queue.push(message) === 'too-large') {
      logOnce('live-link send', new Error(`A ${message.type} message is too large to send.`));
      return false;
    }
    drain();
    return true;
  }

  // ---- receiving ----

  const onData = (raw: unknown) => {
    if (state === 'closed') return;
    lastHeardAt = now();
    const message = reassembler.accept(raw);
    if (!message) return;
    switch (message.type) {
      case 'ping':
        sendNow({ v: LIVE_VERSION, type: 'pong', n: message.n, at: message.at });
        return;
      case 'pong':
        return;
      case 'hello':
        emit('hello', message);
        return;
      case 'end':
        // Closed first, so a listener that calls close() on this message cannot make it `ended_here`.
        finish('ended_there');
        emit('message', message);
        return;
      default:
        emit('message', message);
    }
  };

  // ---- the data connection ----

  const dropConn = () => {
    detachConn?.();
    detachConn = null;
    if (conn) {
      invalidBefore += reassembler.droppedCount;
      reassembler = new Reassembler();
      try {
        conn.close();
      } catch (error) {
        logOnce('live-link close', error);
      }
    }
    conn = null;
    connOpen = false;
    disconnectedSince = null;
    if (drainTimer !== null) {
      clearTimer(drainTimer);
      drainTimer = null;
    }
    queue.rewind();
  };

  const goLost = () => {
    dropConn();
    lostSince = now();
    setState('lost');
  };

  const becomeOpen = () => {
    connOpen = true;
    lostSince = null;
    lastHeardAt = now();
    lastPingAt = null;
    disconnectedSince = null;
    sendNow({ v: LIVE_VERSION, type: 'hello', role: options.role, name: options.name.slice(0, 200), chatSeen: (options.chatSeen?.() ?? []).slice(-1000) });
    setState('open');
    call.resume();
    drain();
  };

  /** Makes `next` the data connection in use, replacing any other. */
  const adopt = (next: DataConnectionLike) => {
    if (connOpen) goLost();
    else dropConn();
    conn = next;
    const onOpen = () => {
      if (conn === next && state !== 'closed') becomeOpen();
    };
    const onDataFrame = (raw: unknown) => {
      if (conn === next && connOpen) onData(raw);
    };
    const onClose = () => {
      if (conn !== next || state === 'closed') return;
      if (connOpen) goLost();
      else dropConn();
    };
    const onError = (error: unknown) => logOnce('live-link data connection', error);
    const onLow = () => drain();
    next.on('open', onOpen);
    next.on('data', onDataFrame as Handler);
    next.on('close', onClose);
    next.on('error', onError as Handler);
    let channelWithListener: DataChannelLike | null = null;
    const watchChannel = () => {
      const dc = next.dataChannel;
      if (!dc || channelWithListener) return;
      channelWithListener = dc;
      dc.bufferedAmountLowThreshold = HIGH_WATER_CHARS / 2;
      dc.addEventListener('bufferedamountlow', onLow);
    };
    next.on('open', watchChannel);
    detachConn = () => {
      next.off?.('open', onOpen);
      next.off?.('open', watchChannel);
      next.off?.('data', onDataFrame as Handler);
      next.off?.('close', onClose);
      next.off?.('error', onError as Handler);
      channelWithListener?.removeEventListener('bufferedamountlow', onLow);
    };
    if (next.open) {
      watchChannel();
      becomeOpen();
    }
  };

  const dial = () => {
    const peer = signalling.peer;
    const credentials = signalling.credentials;
    if (!peer || !credentials || peer.disconnected || peer.destroyed) return;
    lastDialAt = now();
    const next = peer.connect(credentials.remotePeerId, { serialization: 'raw', reliable: true });
    if (next) adopt(next);
  };

  // ---- liveness ----

  const tick = () => {
    tickTimer = null;
    if (state === 'closed') return;
    const t = now();
    const ice = connOpen ? (conn?.peerConnection?.iceConnectionState ?? null) : null;
    if (ice === 'disconnected') disconnectedSince ??= t;
    else disconnectedSince = null;
    const verdict = liveness({ now: t, lastHeardAt, lastPingAt, ice, disconnectedSince, lostSince });
    switch (verdict.kind) {
      case 'give-up':
        finish('peer_lost');
        return;
      case 'lost':
        if (connOpen) goLost();
        if (signalling.recover() && options.role === 'associate' && t - lastDialAt >= REDIAL_MS) dial();
        break;
      case 'ping':
        lastPingAt = t;
        pingCount += 1;
        sendNow({ v: LIVE_VERSION, type: 'ping', n: pingCount, at: t });
        signalling.reconnect();
        break;
      case 'fine':
        break;
    }
    tickTimer = setTimer(tick, TICK_MS);
  };

  // ---- the end ----

  function finish(reason: LinkClosedReason, error?: string, flushFirst = false) {
    if (state === 'closed') return;
    if (tickTimer !== null) clearTimer(tickTimer);
    if (drainTimer !== null) clearTimer(drainTimer);
    tickTimer = drainTimer = null;
    queue.clear();
    call.stop();
    const lastChannel = channel();
    const teardown = () => {
      dropConn();
      signalling.destroy();
    };
    state = 'closed';
    emit('state', 'closed', error === undefined ? { reason } : { reason, error });
    if (!flushFirst || !lastChannel) {
      teardown();
      return;
    }
    // Give `end` the time to leave: closing the peer connection at once would drop it.
    const startedAt = now();
    const waitForFlush = () => {
      if (lastChannel.bufferedAmount === 0 || now() - startedAt >= END_FLUSH_MS) teardown();
      else setTimer(waitForFlush, DRAIN_POLL_MS);
    };
    setTimer(waitForFlush, DRAIN_POLL_MS);
  }

  function close(reason: 'done' | 'declined' = 'done') {
    if (state === 'closed') return;
    const wasOpen = connOpen;
    if (wasOpen) sendNow({ v: LIVE_VERSION, type: 'end', reason });
    finish('ended_here', undefined, wasOpen);
  }

  // ---- start ----

  signalling.begin();
  tickTimer = setTimer(tick, TICK_MS);

  return {
    get state() {
      return state;
    },
    get credentials() {
      return signalling.credentials;
    },
    get buffered() {
      return (channel()?.bufferedAmount ?? 0) + queue.chars;
    },
    get invalidCount() {
      return invalidBefore + reassembler.droppedCount;
    },
    send,
    startAudio: (stream) => call.start(stream),
    stopAudio: () => call.stop(),
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    close,
  };
}
