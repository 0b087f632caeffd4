import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { LIVE_PEER_KEY, LIVE_PEER_PATH } from '../../../../shared/live';
import { clientAddressOf } from '../../http/client-address';
import { SocketCounts } from '../../http/socket-counts';
import { describeError, type Log } from '../../log';
import { runEvery } from '../../periodic';
import { systemTimers, type Timers } from '../../deps';
import type { PeerCheck } from '../engagements/live';
import { relayVerdict } from './relay.core';
import type { SignallingPlaces } from './sockets';
import { signallingQuery } from './upgrade.core';

/** Close codes of a signalling socket refused after the upgrade. */
export const SignallingClose = {
  /** The sign-in token the associate's credentials were asked with was revoked or expired. */
  signedOut: 4401,
  /** Another signalling socket of the same peer is open on another instance. */
  tooManySockets: 4429,
  /** The place could not be checked (the database failed): try again. */
  tryAgain: 1013,
} as const;

/** How often open sockets are checked against their engagement, and their places marked seen. */
export const SIGNALLING_CHECK_EVERY_MS = 15_000;

/** Where the PeerJS client opens its WebSocket (`…/peerjs?key=&id=&token=`). */
export const SIGNALLING_SOCKET_PATH = `${LIVE_PEER_PATH}/peerjs`;

export interface SignallingPorts {
  /** Whether the id and token may connect now, and to whom they may signal. */
  checkPeer(peerId: string, token: string): Promise<PeerCheck>;
  /** Of these engagements, those still live. */
  liveOf(engagementIds: readonly string[]): Promise<Set<string>>;
}

export interface SignallingOptions {
  ports: SignallingPorts;
  log: Log;
  /** The backend's clock (sign-in tokens expire by it); Date.now by default. */
  now?: () => number;
  /** The backend's timers (the clock's in tests); Node's by default. */
  timers?: Timers;
  /** How often open sockets are checked against their engagement (ended elsewhere, on another instance): every 15 s. */
  checkEveryMs?: number;
  /** SDP offers and ICE candidates are a few kilobytes; past this a frame closes the socket (1009). */
  maxMessageBytes?: number;
  /** Open signalling sockets per client address (a peer id has one at a time: a reconnect replaces it); past it, 429. */
  maxSocketsPerAddress?: number;
  /** Proxies that append to X-Forwarded-For (see clientAddressOf). */
  trustedProxyHops?: number;
  /** One live socket per peer across instances (see sockets.ts); without it, one per peer on this instance only. */
  places?: SignallingPlaces;
}

export interface Signalling {
  /** Takes an upgrade for SIGNALLING_SOCKET_PATH: checks id and token first, then hands the socket to PeerJS. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the signalling sockets of an engagement's peers on this instance (it ended). */
  closeEngagement(engagementId: string): void;
  /** Closes the sockets whose credentials were asked with these (revoked) sign-in tokens, by hash. */
  closeSignIns(tokenHashes: readonly string[]): void;
  /** Messages dropped so far because they were not for the sender's partner (or not signalling at all). */
  dropped(): number;
  stop(): Promise<void>;
}

/**
 * The official PeerJS server (`peer`) inside the backend process, behind a gate it lacks:
 * `peer` authenticates nobody and relays anything to anyone. Here every upgrade's id and
 * token are checked against the credentials the backend issued before the socket exists
 * (401 otherwise: a forged id or token never registers), and each socket may only signal
 * its partner in the same engagement (other messages are dropped before `peer` sees them).
 *
 * Plain HTTP never reaches the express app `peer` lives in (Hono answers all HTTP); it only
 * exists because `peer` builds its WebSocket handling when mounted. `peer` starts timers of
 * its own (message expiry, dead-connection checks) that cannot be stopped: create this once
 * per process, from `startBackend`, never in `createApp` (tests build many apps).
 */
export function startSignalling(httpServer: Server, options: SignallingOptions): Signalling {
  const { ports, log } = options;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? systemTimers;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 64 * 1024, perMessageDeflate: false });
  const peerApp = ExpressPeerServer(httpServer, {
    path: '/',
    key: LIVE_PEER_KEY,
    allow_discovery: false,
    // Only our server: it gets sockets from `upgrade` below, never from the HTTP server itself.
    createWebSocketServer: () => wss,
  });
  // `peer` emits 'error' for a socket error; unheard, an 'error' event would throw.
  peerApp.on('error', (err: Error) => log('signalling error', describeError(err)));
  express().use(LIVE_PEER_PATH, peerApp);

  const open = new Map<string, { ws: WebSocket; socketId: string; engagementId: string; signInTokenHash: string | null }>();
  const places = options.places ?? null;
  /** Places being given back: stop waits for them (the database closes after). */
  const releasing = new Set<Promise<unknown>>();
  const perAddress = new SocketCounts(options.maxSocketsPerAddress ?? 200);
  let dropped = 0;
  let stopped = false;

  /** Messages reach `peer`'s listener only when they are for the partner: the filter wraps every 'message' listener added to this socket. */
  const guard = (ws: WebSocket, partnerPeerId: string) => {
    const on = ws.on.bind(ws) as (event: string, listener: (...args: unknown[]) => void) => WebSocket;
    const filtered = (event: string | symbol, listener: (...args: unknown[]) => void) => {
      if (event !== 'message') return on(event as string, listener);
      return on('message', (data: unknown, isBinary: unknown) => {
        if (!isBinary && relayVerdict(rawText(data as RawData), partnerPeerId) === 'pass') return listener(data, isBinary);
        dropped += 1;
      });
    };
    ws.on = filtered as WebSocket['on'];
    ws.addListener = filtered as WebSocket['addListener'];
  };

  const refuse = (socket: Duplex, status = '401 Unauthorized', retryAfterSeconds?: number) => {
    const retry = retryAfterSeconds ? `Retry-After: ${retryAfterSeconds}\r\n` : '';
    if (!socket.destroyed) socket.end(`HTTP/1.1 ${status}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const accept = async (req: IncomingMessage, socket: Duplex, head: Buffer, peerId: string, check: Extract<PeerCheck, { ok: true }>) => {
    // The same peer again (a reconnect, or new credentials): the old socket goes first, so `peer` registers the new one.
    const previous = open.get(peerId);
    if (previous) await closed(timers, previous.ws);
    if (socket.destroyed || stopped) return;
    const address = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']?.toString(), options.trustedProxyHops ?? 0);
    if (!perAddress.open(address)) {
      log('signalling refused', { reason: 'too many sockets from this address' });
      return refuse(socket, '429 Too Many Requests', 60);
    }
    // Counted until the socket closes; an upgrade that fails before it opens gives its place back.
    let opened = false;
    socket.once('close', () => opened || perAddress.closed(address));
    // One live socket per peer on every instance: its place is taken before the socket opens.
    const socketId = randomUUID();
    let placed: boolean | 'failed' = true;
    if (places) placed = await places.claim(peerId, socketId).catch((err) => (log('signalling place failed', describeError(err)), 'failed' as const));
    const release = () => {
      if (placed !== true || !places) return;
      const done = places.release(socketId).catch((err) => log('signalling release failed', describeError(err)));
      releasing.add(done);
      void done.finally(() => releasing.delete(done));
    };
    if (socket.destroyed || stopped) return release();
    wss.handleUpgrade(req, socket, head, (ws) => {
      opened = true;
      if (placed !== true) {
        log('signalling refused', { reason: placed === 'failed' ? 'place not checked' : 'another socket of this peer is open' });
        ws.on('close', () => perAddress.closed(address));
        if (placed === 'failed') return ws.close(SignallingClose.tryAgain, 'try again');
        return ws.close(SignallingClose.tooManySockets, 'another signalling socket of this peer is open');
      }
      guard(ws, check.partnerPeerId);
      open.set(peerId, { ws, socketId, engagementId: check.engagementId, signInTokenHash: check.signIn?.tokenHash ?? null });
      // The associate's socket ends when the sign-in token it came with expires.
      const expiry = check.signIn ? timers.after(check.signIn.expiresAt - now(), () => ws.close(SignallingClose.signedOut, 'signed out')) : null;
      ws.on('close', () => {
        expiry?.();
        if (open.get(peerId)?.ws === ws) open.delete(peerId);
        perAddress.closed(address);
        release();
      });
      wss.emit('connection', ws, req);
    });
  };

  const sweep = runEvery(
    timers,
    options.checkEveryMs ?? SIGNALLING_CHECK_EVERY_MS,
    async () => {
      await places?.seen([...open.values()].map((o) => o.socketId));
      const engagementIds = [...new Set([...open.values()].map((o) => o.engagementId))];
      if (engagementIds.length === 0) return;
      const live = await ports.liveOf(engagementIds);
      for (const id of engagementIds) if (!live.has(id)) closeEngagement(id);
    },
    (err) => log('signalling check failed', describeError(err)),
  );

  function closeEngagement(engagementId: string): void {
    for (const { ws, engagementId: id } of open.values()) if (id === engagementId) ws.close(1000, 'engagement ended');
  }

  function closeSignIns(tokenHashes: readonly string[]): void {
    const revoked = new Set(tokenHashes);
    for (const { ws, signInTokenHash } of open.values()) if (signInTokenHash && revoked.has(signInTokenHash)) ws.close(SignallingClose.signedOut, 'signed out');
  }

  return {
    upgrade(req, socket, head) {
      // The values `peer` will register: a query it would read differently (a repeated id) is refused.
      const query = signallingQuery(new URL(req.url ?? '/', 'http://localhost').search);
      if (stopped || !query) return refuse(socket);
      const { peerId, token } = query;
      ports.checkPeer(peerId, token).then(
        (check) => {
          if (!check.ok) {
            log('signalling refused', { reason: check.reason });
            return refuse(socket);
          }
          return accept(req, socket, head, peerId, check);
        },
        (err) => {
          log('signalling check failed', describeError(err));
          refuse(socket, '503 Service Unavailable');
        },
      ).catch((err) => log('signalling upgrade failed', describeError(err)));
    },
    closeEngagement,
    closeSignIns,
    dropped: () => dropped,
    async stop() {
      stopped = true;
      await sweep.stop();
      await Promise.all([...open.values()].map(({ ws }) => closed(timers, ws, 1001)));
      await Promise.all([...releasing]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** Closes a socket and resolves once it is closed (terminated if the other side does not answer within a second). */
function closed(timers: Timers, ws: WebSocket, code = 1000): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close(code);
    timers.after(1_000, () => ws.terminate());
  });
}
