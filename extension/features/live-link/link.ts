import { Peer as PeerJs } from 'peerjs';
import { LIVE_VERSION, type LiveMessage, type PeerCredentials } from '../../../shared/live';
import { newId } from '../../lib/ids';
import { errorMessage, logOnce } from '../../lib/log';
import { MessageTooLargeError, Reassembler, toFrames } from './framing.core';
import { liveness } from './liveness.core';
import type { LinkClosedReason, LinkEvents, LinkState, LinkStats, LiveLink } from './types';

// ---- the part of peerjs 1.5.5 the link uses (the fake in testing/fake-peer.ts implements the same) ----

type Handler = (...args: never[]) => void;
interface Emitter {
  on(event: string, listener: Handler): unknown;
  off?(event: string, listener?: Handler): unknown;
}
export interface DataChannelLike {
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  addEventListener(type: 'bufferedamountlow', listener: () => void): void;
  removeEventListener(type: 'bufferedamountlow', listener: () => void): void;
}
export interface PeerConnectionLike {
  readonly iceConnectionState: string;
  getStats(): Promise<{ forEach(callback: (report: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => void): void }>;
}
export interface DataConnectionLike extends Emitter {
  readonly peer: string;
  readonly open: boolean;
  /** peerjs's own queue (messages it holds back while the channel's buffer is over 8 MB). */
  readonly bufferSize?: number;
  readonly dataChannel: DataChannelLike | null;
  readonly peerConnection: PeerConnectionLike | null;
  send(data: string): void | Promise<void>;
  close(): void;
}
export interface MediaConnectionLike extends Emitter {
  readonly peer: string;
  readonly peerConnection: PeerConnectionLike | null;
  answer(stream: MediaStream): void;
  close(): void;
}
export interface PeerLike extends Emitter {
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  connect(peer: string, options: { serialization: 'raw'; reliable: true }): DataConnectionLike | undefined;
  call(peer: string, stream: MediaStream): MediaConnectionLike | undefined;
  reconnect(): void;
  destroy(): void;
}
export interface PeerOptionsLike {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key: string;
  token: string;
  config: RTCConfiguration;
  debug: 0;
}
export type PeerConstructor = new (id: string, options: PeerOptionsLike) => PeerLike;

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
  /** Keep every raw frame received in `rawReceived` (tests). */
  keepRaw?: boolean;
  Peer?: PeerConstructor;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** How often the link checks liveness, and how often the associate re-dials while lost. */
export const TICK_MS = 250;
export const REDIAL_MS = 2_000;
/** Past this much in the data channel's buffer, messages wait in the link. */
export const HIGH_WATER_CHARS = 1024 * 1024;
/** Past this much waiting in the link, the oldest `dom` messages are dropped (the viewer asks for a snapshot). */
export const QUEUE_CAP_CHARS = 5 * 1024 * 1024;
const DRAIN_POLL_MS = 50;
/** How long `close()` waits for `end` to leave before tearing the connection down. */
const END_FLUSH_MS = 1_000;
/** peerjs errors after which the signalling server will not take this Peer again: a new one, with fresh credentials. */
const REFUSED_ERRORS = new Set(['server-error', 'socket-error', 'unavailable-id', 'invalid-id']);
/** peerjs errors that no retry fixes. */
const FATAL_ERRORS = new Set(['browser-incompatible', 'invalid-key', 'ssl-unavailable']);

interface Queued {
  type: LiveMessage['type'];
  frames: string[];
  /** Frames of it already handed to the channel (a message is never dropped half-sent). */
  sent: number;
  chars: number;
}

/** One side's peer connection for a live engagement (see types.ts for the states). */
export function createLiveLink(options: LiveLinkOptions): LiveLink {
  const Peer = options.Peer ?? (PeerJs as unknown as PeerConstructor);
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
  let credentials: PeerCredentials | null = options.initialCredentials ?? null;
  let peer: PeerLike | null = null;
  /** The data connection in use (open) or being opened. */
  let conn: DataConnectionLike | null = null;
  let connOpen = false;
  let detachConn: (() => void) | null = null;
  let reassembler = new Reassembler();
  let invalidBefore = 0;
  const rawReceived: string[] = [];
  const queue: Queued[] = [];

  // Liveness: the connecting phase counts as lost since the start, so the same window ends it.
  let lostSince: number | null = now();
  let lastHeardAt = now();
  let lastPingAt: number | null = null;
  let pingCount = 0;
  let disconnectedSince: number | null = null;
  let lastDialAt = -Infinity;
  let lastReconnectAt = -Infinity;
  let lastRebuildAt = -Infinity;
  /** The signalling server refused this Peer: make a new one when the data connection is not open. */
  let needNewPeer = false;
  let rebuilding = false;
  /** The first credentials are on their way. */
  let starting = false;

  let localStream: MediaStream | null = null;
  let media: MediaConnectionLike | null = null;
  /** Whether `media` is this side's own call (not an answered one). */
  let mediaOutgoing = false;
  let waitingCall: MediaConnectionLike | null = null;
  let remoteStream: MediaStream | null = null;

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

  // ---- sending ----

  const channel = () => (connOpen ? conn?.dataChannel ?? null : null);
  const queuedChars = () => queue.reduce((sum, q) => sum + q.frames.slice(q.sent).reduce((s, f) => s + f.length, 0), 0);
  const blocked = () => (channel()?.bufferedAmount ?? 0) > HIGH_WATER_CHARS || (conn?.bufferSize ?? 0) > 0;

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
    while (queue.length > 0) {
      if (blocked()) {
        if (drainTimer === null) {
          drainTimer = setTimer(() => {
            drainTimer = null;
            drain();
          }, DRAIN_POLL_MS);
        }
        return;
      }
      const head = queue[0]!;
      try {
        void conn.send(head.frames[head.sent]!);
      } catch (error) {
        // The channel broke under us: liveness notices; the message is sent again whole after reconnecting.
        logOnce('live-link send', error);
        head.sent = 0;
        return;
      }
      head.sent += 1;
      if (head.sent === head.frames.length) queue.shift();
    }
  };

  /** Keeps the link's queue under QUEUE_CAP_CHARS: the oldest dom batches go first, then the oldest of anything. */
  const enforceCap = () => {
    let total = queuedChars();
    while (total > QUEUE_CAP_CHARS) {
      let index = queue.findIndex((q) => q.type === 'dom' && q.sent === 0);
      if (index < 0) index = queue.findIndex((q) => q.sent === 0 && q !== queue[queue.length - 1]);
      if (index < 0) return;
      total -= queue[index]!.chars;
      queue.splice(index, 1);
    }
  };

  function send(message: LiveMessage): boolean {
    if (state === 'closed') return false;
    let frames: string[];
    try {
      frames = toFrames(message, newId);
    } catch (error) {
      if (error instanceof MessageTooLargeError) {
        logOnce('live-link send', error);
        return false;
      }
      throw error;
    }
    queue.push({ type: message.type, frames, sent: 0, chars: frames.reduce((s, f) => s + f.length, 0) });
    enforceCap();
    drain();
    return true;
  }

  // ---- receiving ----

  const onData = (raw: unknown) => {
    if (state === 'closed') return;
    lastHeardAt = now();
    if (options.keepRaw) rawReceived.push(typeof raw === 'string' ? raw : String(raw));
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
    // A message cut off halfway goes again whole on the next connection.
    for (const q of queue) q.sent = 0;
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
    // The call went down with the connection: the associate calls again; the shopper answers at once (its stream is set).
    if (localStream && !media && !waitingCall && options.role === 'associate') callRemote(localStream);
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
    if (!peer || !credentials || peer.disconnected || peer.destroyed) return;
    lastDialAt = now();
    const next = peer.connect(credentials.remotePeerId, { serialization: 'raw', reliable: true });
    if (next) adopt(next);
  };

  // ---- the call ----

  const attachMedia = (call: MediaConnectionLike, outgoing: boolean) => {
    media = call;
    mediaOutgoing = outgoing;
    call.on('stream', ((stream: MediaStream) => {
      if (media !== call || state === 'closed') return;
      remoteStream = stream;
      emit('remoteAudio', stream);
    }) as Handler);
    call.on('close', () => {
      if (media !== call) return;
      media = null;
      if (remoteStream) {
        remoteStream = null;
        emit('remoteAudio', null);
      }
    });
    call.on('error', ((error: unknown) => logOnce('live-link call', error)) as Handler);
  };

  const callRemote = (stream: MediaStream) => {
    if (!peer || !credentials || peer.destroyed) return;
    const call = peer.call(credentials.remotePeerId, stream);
    if (call) attachMedia(call, true);
  };

  const onIncomingCall = (call: MediaConnectionLike) => {
    if (!credentials || call.peer !== credentials.remotePeerId || state === 'closed') {
      call.close();
      return;
    }
    // Both called at once: the associate's call wins, on both sides.
    if (media && mediaOutgoing && options.role === 'associate') {
      call.close();
      return;
    }
    waitingCall?.close();
    waitingCall = null;
    if (localStream) {
      const previous = media;
      attachMedia(call, false);
      previous?.close();
      call.answer(localStream);
    } else {
      waitingCall = call;
    }
  };

  function startAudio(stream: MediaStream) {
    if (state === 'closed') return;
    localStream = stream;
    if (waitingCall) {
      const call = waitingCall;
      waitingCall = null;
      attachMedia(call, false);
      call.answer(stream);
    } else if (!media) {
      callRemote(stream);
    }
  }

  function stopAudio() {
    localStream = null;
    waitingCall?.close();
    waitingCall = null;
    const call = media;
    media = null;
    call?.close();
    if (remoteStream) {
      remoteStream = null;
      emit('remoteAudio', null);
    }
  }

  // ---- the Peer (signalling) ----

  const startPeer = (creds: PeerCredentials) => {
    credentials = creds;
    const base = new URL(options.backendUrl);
    const secure = base.protocol === 'https:';
    const prefix = base.pathname.replace(/\/+$/, '');
    const created = new Peer(creds.peerId, {
      host: base.hostname,
      port: Number(base.port) || (secure ? 443 : 80),
      path: `${prefix}${creds.signalling.path}`,
      secure,
      key: creds.signalling.key,
      token: creds.token,
      config: { iceServers: creds.iceServers },
      debug: 0,
    });
    peer = created;
    needNewPeer = false;
    const mine = () => peer === created && state !== 'closed';
    created.on('open', () => {
      if (mine() && options.role === 'associate' && !connOpen) dial();
    });
    created.on('connection', ((incoming: DataConnectionLike) => {
      // Only the other side of this engagement may connect, and only to the shopper (the associate dials).
      if (!mine() || options.role !== 'shopper' || incoming.peer !== creds.remotePeerId) {
        incoming.close();
        return;
      }
      adopt(incoming);
    }) as Handler);
    created.on('call', ((call: MediaConnectionLike) => {
      if (mine()) onIncomingCall(call);
      else call.close();
    }) as Handler);
    created.on('disconnected', () => {
      if (mine()) reconnectSignalling();
    });
    created.on('close', () => {
      if (mine()) needNewPeer = true;
    });
    created.on('error', ((error: { type?: string; message?: string }) => {
      if (!mine()) return;
      const type = error?.type ?? '';
      if (FATAL_ERRORS.has(type)) {
        finish('refused', error.message ?? type);
      } else if (REFUSED_ERRORS.has(type)) {
        needNewPeer = true;
        if (!connOpen) void rebuildPeer();
      } else if (type !== 'peer-unavailable') {
        // peer-unavailable: the other side is not on the signalling server yet; the re-dial covers it.
        logOnce('live-link peer', error);
      }
    }) as Handler);
  };

  const reconnectSignalling = () => {
    if (!peer || peer.destroyed || !peer.disconnected || needNewPeer) return;
    if (now() - lastReconnectAt < REDIAL_MS) return;
    lastReconnectAt = now();
    try {
      peer.reconnect();
    } catch (error) {
      logOnce('live-link reconnect', error);
      needNewPeer = true;
    }
  };

  /** A new Peer with the same id and a fresh token (the server refused the old one). Never while the data connection is open: destroying a Peer closes its connections. */
  const rebuildPeer = async () => {
    if (rebuilding || state === 'closed' || now() - lastRebuildAt < REDIAL_MS) return;
    rebuilding = true;
    lastRebuildAt = now();
    const old = peer;
    peer = null;
    dropConn();
    stopMedia();
    try {
      old?.destroy();
    } catch (error) {
      logOnce('live-link destroy', error);
    }
    try {
      const fresh = await options.credentials();
      // `close()` may have run while the credentials were on their way.
      if ((state as LinkState) !== 'closed') startPeer(fresh);
    } catch (error) {
      // Tried again on a later tick, until the reconnection window ends.
      needNewPeer = true;
      logOnce('live-link credentials', error);
    } finally {
      rebuilding = false;
    }
  };

  /** Drops the call without forgetting the local stream (it is called again after reconnecting). */
  const stopMedia = () => {
    waitingCall?.close();
    waitingCall = null;
    const call = media;
    media = null;
    call?.close();
    if (remoteStream) {
      remoteStream = null;
      emit('remoteAudio', null);
    }
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
        if (!peer) {
          if (!starting) void rebuildPeer();
        } else if (needNewPeer) void rebuildPeer();
        else if (peer.disconnected) reconnectSignalling();
        else if (options.role === 'associate' && t - lastDialAt >= REDIAL_MS) dial();
        break;
      case 'ping':
        lastPingAt = t;
        pingCount += 1;
        sendNow({ v: LIVE_VERSION, type: 'ping', n: pingCount, at: t });
        if (peer?.disconnected) reconnectSignalling();
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
    queue.length = 0;
    localStream = null;
    stopMedia();
    const lastPeer = peer;
    const lastChannel = channel();
    const teardown = () => {
      dropConn();
      try {
        lastPeer?.destroy();
      } catch (e) {
        logOnce('live-link destroy', e);
      }
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

  if (credentials) startPeer(credentials);
  else {
    starting = true;
    options.credentials().then(
      (creds) => {
        starting = false;
        if (state !== 'closed') startPeer(creds);
      },
      (error: unknown) => {
        starting = false;
        finish('refused', errorMessage(error));
      },
    );
  }
  tickTimer = setTimer(tick, TICK_MS);

  return {
    get state() {
      return state;
    },
    get credentials() {
      return credentials;
    },
    get buffered() {
      return (channel()?.bufferedAmount ?? 0) + queuedChars();
    },
    get invalidCount() {
      return invalidBefore + reassembler.droppedCount;
    },
    get rawReceived() {
      return rawReceived;
    },
    send,
    startAudio,
    stopAudio,
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    async stats(): Promise<LinkStats> {
      const ice = (connOpen ? conn?.peerConnection?.iceConnectionState : null) ?? 'new';
      let audioBytesReceived = 0;
      let audioBytesSent = 0;
      const pc = media?.peerConnection;
      if (pc) {
        const report = await pc.getStats();
        report.forEach((r) => {
          if (r.kind !== 'audio') return;
          if (r.type === 'inbound-rtp') audioBytesReceived += r.bytesReceived ?? 0;
          if (r.type === 'outbound-rtp') audioBytesSent += r.bytesSent ?? 0;
        });
      }
      return { ice, audioBytesReceived, audioBytesSent };
    },
    peerConnections() {
      return [conn?.peerConnection, media?.peerConnection].filter((pc): pc is PeerConnectionLike => !!pc) as unknown as RTCPeerConnection[];
    },
    close,
  };
}
