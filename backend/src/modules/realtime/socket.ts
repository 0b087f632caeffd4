import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { ErrorCode } from '../../../../shared/api';
import { type Presence, REALTIME_VERSION, RealtimeClose, type ServerMessage } from '../../../../shared/realtime';
import type { AppDeps } from '../../deps';
import { DomainError, Forbidden } from '../../errors';
import type { ConsoleCredentials } from '../../http/auth';
import { clientAddressOf } from '../../http/client-address';
import { fromDomain } from '../../http/errors';
import { SocketCounts } from '../../http/socket-counts';
import { describeError } from '../../log';
import { roleAllows } from '../../http/roles.core';
import { hashSecret } from '../../secrets';
import { type ConsoleUpgrade, readConsoleUpgrade } from './console.core';
import { type Reading, readClientMessage, type Role } from './protocol.core';
import type { Member, Peer, Realtime, SocketCredential } from './service';

/** What the socket asks of the other modules: who a token is, and the associate's actions. */
export interface SocketPorts {
  shopperForToken(token: string): Promise<string | undefined>;
  /** The associate of a live sign-in token, with the token's hash and expiry (the socket closes with the token). */
  associateSession(token: string): Promise<({ associateId: string } & SocketCredential) | undefined>;
  accept(associateId: string, offerId: string): Promise<unknown>;
  decline(associateId: string, offerId: string, goAway: boolean): Promise<unknown>;
  setPresence(associateId: string, presence: Presence): Promise<unknown>;
  /** Console sessions (the same seam as the HTTP routes': `NO_CONSOLE` knows none). */
  consoles: ConsoleCredentials;
}

/** What a console socket watches: the same as reading the overview (every console role may). */
const LIVE_OVERVIEW = '/api/v1/live/overview';
/** How often a console socket's session and standing are checked again (signed out, removed, role changed, enterprise suspended). */
export const CONSOLE_RECHECK_MS = 60_000;

/** A client that does not read what it is sent is dropped past this much unsent data. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How long a closing socket has to answer the close before it is cut. */
const CLOSE_GRACE_MS = 2_000;
/** The server failed to look the token up: the client should retry, not sign in again. */
const TRY_AGAIN = 1011;

interface SocketState {
  role: Role | null;
  /** The shopper's or associate's id once authenticated. */
  partyId: string | null;
  member: Member | null;
  /** The hash of the token it authenticated with, counted against the cap per token. */
  tokenKey: string | null;
  /** A console socket's periodic check of its session; cancelled on close. */
  stopRecheck: (() => void) | null;
}

/**
 * The WebSocket endpoint (`ws` in noServer mode: the HTTP server hands it the upgrades for
 * its path). Authenticates by first message, reads each message through the protocol core,
 * passes the associate's actions to the services and answers their failures with `error`.
 */
export class RealtimeSockets {
  private readonly wss: WebSocketServer;
  /** Open sockets per client address, and authenticated ones per token (by its hash). */
  private readonly perAddress: SocketCounts;
  private readonly perToken: SocketCounts;

  constructor(
    private readonly deps: AppDeps,
    private readonly realtime: Realtime,
    private readonly ports: SocketPorts,
  ) {
    // Larger frames close the socket with 1009; compression is off (small JSON, and it costs memory per socket).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.realtime.maxMessageBytes, perMessageDeflate: false });
    this.perAddress = new SocketCounts(deps.limits.sockets.perAddress);
    this.perToken = new SocketCounts(deps.limits.sockets.perCredential);
  }

  /** Takes an HTTP upgrade request for the realtime path. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const address = clientAddressOf(req.socket.remoteAddress, req.headers['x-forwarded-for']?.toString(), this.deps.trustedProxyHops ?? 0);
    const fromConsole = readConsoleUpgrade(
      { cookie: req.headers.cookie, origin: req.headers.origin, host: req.headers.host },
      req.url ?? '/',
      this.deps.publicUrl(),
    );
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Refused after the upgrade, so the client reads why: a WebSocket sees no HTTP status.
      if (!this.perAddress.open(address)) return ws.close(RealtimeClose.tooManySockets, 'too many sockets from this address');
      ws.once('close', () => this.perAddress.closed(address));
      this.serve(ws, fromConsole);
    });
  }

  /** Closes the sockets still open (call after Realtime.stop, which closes the authenticated ones). */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.close(RealtimeClose.goingAway, 'the server is shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private serve(ws: WebSocket, fromConsole: ConsoleUpgrade): void {
    const state: SocketState = { role: null, partyId: null, member: null, tokenKey: null, stopRecheck: null };
    const peer = this.peer(ws);
    const stopAuthTimer = this.deps.timers.after(this.deps.limits.realtime.authTimeoutMs, () => peer.close(RealtimeClose.unauthorized, 'no auth message in time'));
    // One message at a time per socket: an action sent right after auth waits for the auth to finish.
    let queue = Promise.resolve();
    // A console naming its enterprise in the URL needs no first message.
    if (fromConsole.enterpriseId !== null) {
      const enterpriseId = fromConsole.enterpriseId;
      queue = queue
        .then(() => this.authenticateConsole(state, peer, fromConsole, enterpriseId, stopAuthTimer))
        .catch((err) => this.deps.log('realtime console auth failed', describeError(err)));
    }
    let waiting = 0;
    ws.on('message', (data, isBinary) => {
      if (++waiting > this.deps.limits.realtime.maxQueuedMessages) return peer.close(RealtimeClose.flooding, 'too many messages at once');
      const text = isBinary ? null : String(data);
      queue = queue
        .then(() => this.handle(state, peer, text, stopAuthTimer, fromConsole))
        .catch((err) => this.deps.log('realtime message failed', describeError(err)))
        .finally(() => waiting--);
    });
    ws.on('close', () => {
      stopAuthTimer();
      state.stopRecheck?.();
      if (state.tokenKey) this.perToken.closed(state.tokenKey);
      void state.member?.leave();
    });
    // Oversize frames end here (ws then closes with 1009), as do broken connections.
    ws.on('error', (err) => this.deps.log('realtime socket error', describeError(err)));
  }

  private async handle(state: SocketState, peer: Peer & { open(): boolean }, text: string | null, stopAuthTimer: () => void, fromConsole: ConsoleUpgrade) {
    if (!peer.open()) return;
    const reading: Reading =
      text === null
        ? state.role
          ? { kind: 'refuse', code: 'invalid_message', message: 'Send JSON text frames.' }
          : { kind: 'close', code: RealtimeClose.unauthorized, reason: 'the first message must be auth' }
        : readClientMessage(text, state.role);
    state.member?.seen();
    switch (reading.kind) {
      case 'close':
        return peer.close(reading.code, reading.reason);
      case 'refuse':
        return send(peer, { v: REALTIME_VERSION, type: 'error', code: reading.code, message: reading.message, ...(reading.offerId ? { offerId: reading.offerId } : {}) });
      case 'auth':
        return this.authenticate(state, peer, reading, stopAuthTimer);
      case 'console':
        return this.authenticateConsole(state, peer, fromConsole, reading.enterpriseId, stopAuthTimer);
      case 'pong':
        return;
      case 'accept':
        return this.act(peer, reading.offerId, () => this.ports.accept(state.partyId!, reading.offerId));
      case 'decline':
        return this.act(peer, reading.offerId, () => this.ports.decline(state.partyId!, reading.offerId, reading.goAway));
      case 'presence':
        return this.act(peer, undefined, () => this.ports.setPresence(state.partyId!, reading.presence));
    }
  }

  private async authenticate(
    state: SocketState,
    peer: Peer & { open(): boolean },
    reading: Extract<Reading, { kind: 'auth' }>,
    stopAuthTimer: () => void,
  ): Promise<void> {
    let id: string | undefined;
    let credential: SocketCredential | null = null;
    try {
      if (reading.role === 'shopper') id = await this.ports.shopperForToken(reading.token);
      else {
        const session = await this.ports.associateSession(reading.token);
        id = session?.associateId;
        if (session) credential = { tokenHash: session.tokenHash, expiresAt: session.expiresAt };
      }
    } catch (err) {
      this.deps.log('realtime token lookup failed', describeError(err));
      return peer.close(TRY_AGAIN, 'try again');
    }
    if (!peer.open()) return;
    if (!id) return peer.close(RealtimeClose.unauthorized, 'the token is not known or has expired');
    const tokenKey = hashSecret(reading.token);
    if (!this.perToken.open(tokenKey)) return peer.close(RealtimeClose.tooManySockets, 'too many sockets for this token');
    state.tokenKey = tokenKey;
    stopAuthTimer();
    state.role = reading.role;
    state.partyId = id;
    state.member = this.realtime.join(reading.role === 'shopper' ? { shopperId: id } : { associateId: id }, peer, credential);
  }

  /**
   * A console socket: the page is the backend's own (else 4403, and the cookie is not even
   * looked up), the cookie names a live session (else 4401), and its user may read the
   * enterprise's live overview (else 4403). It then joins the enterprise's consoles, under
   * the cookie's hash: revoking it (`Realtime.revokeTokens`) closes the socket at once; the
   * session and standing are also checked again every `CONSOLE_RECHECK_MS`.
   */
  private async authenticateConsole(state: SocketState, peer: Peer & { open(): boolean }, fromConsole: ConsoleUpgrade, enterpriseId: string, stopAuthTimer: () => void): Promise<void> {
    if (state.role) return send(peer, { v: REALTIME_VERSION, type: 'error', code: 'invalid_message', message: 'The socket is already authenticated.' });
    if (!fromConsole.sameOrigin) return peer.close(RealtimeClose.forbidden, "the console connects from the backend's own origin");
    if (!fromConsole.token) return peer.close(RealtimeClose.unauthorized, 'sign in to the console');
    const token = fromConsole.token;
    let verdict: ConsoleVerdict;
    try {
      verdict = await this.consoleVerdict(token, enterpriseId);
    } catch (err) {
      this.deps.log('realtime console lookup failed', describeError(err));
      return peer.close(TRY_AGAIN, 'try again');
    }
    if (!peer.open()) return;
    if (verdict !== 'ok') return peer.close(verdict.code, verdict.reason);
    const tokenKey = hashSecret(token);
    if (!this.perToken.open(tokenKey)) return peer.close(RealtimeClose.tooManySockets, 'too many sockets for this session');
    state.tokenKey = tokenKey;
    stopAuthTimer();
    state.role = 'console';
    state.partyId = enterpriseId.toLowerCase();
    state.member = this.realtime.join({ enterpriseConsole: state.partyId }, peer, { tokenHash: tokenKey, expiresAt: Number.POSITIVE_INFINITY });
    state.stopRecheck = this.deps.timers.every(CONSOLE_RECHECK_MS, () => {
      void this.consoleVerdict(token, enterpriseId)
        .then((again) => {
          if (again !== 'ok') peer.close(again.code, again.reason);
        })
        .catch((err) => this.deps.log('realtime console recheck failed', describeError(err)));
    });
  }

  /** Whether the cookie's session may watch the enterprise now, or how to close. */
  private async consoleVerdict(token: string, enterpriseId: string): Promise<ConsoleVerdict> {
    const session = await this.ports.consoles.session(token);
    if (!session) return { code: RealtimeClose.unauthorized, reason: 'the console session is not known or has expired' };
    if (!UUID.test(enterpriseId)) return { code: RealtimeClose.forbidden, reason: 'not a member of this enterprise' };
    let standing;
    try {
      standing = await this.ports.consoles.standing(session.userId, enterpriseId.toLowerCase());
    } catch (err) {
      if (err instanceof Forbidden) return { code: RealtimeClose.forbidden, reason: 'the enterprise is suspended' };
      throw err;
    }
    if (!standing) return { code: RealtimeClose.forbidden, reason: 'not a member of this enterprise' };
    if (!roleAllows(standing.role, 'GET', LIVE_OVERVIEW)) return { code: RealtimeClose.forbidden, reason: 'your role does not allow this' };
    return 'ok';
  }

  /** Runs an associate's action; a refusal (offer taken, not found, …) comes back as an `error` with the API's code. */
  private async act(peer: Peer, offerId: string | undefined, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (err) {
      const failure = err instanceof DomainError ? fromDomain(err) : undefined;
      if (!failure) this.deps.log('realtime action failed', describeError(err));
      send(peer, {
        v: REALTIME_VERSION,
        type: 'error',
        code: failure?.code ?? ErrorCode.internal,
        message: failure?.message ?? 'Something went wrong on our side; try again.',
        ...(offerId ? { offerId } : {}),
      });
    }
  }

  private peer(ws: WebSocket): Peer & { open(): boolean } {
    return {
      open: () => ws.readyState === ws.OPEN,
      send: (text) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return void ws.terminate();
        ws.send(text);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.CLOSED) return;
        ws.close(code, reason);
        // A client that does not answer the close (it is silent, or gone) is cut.
        this.deps.timers.after(CLOSE_GRACE_MS, () => ws.terminate());
      },
    };
  }
}

type ConsoleVerdict = 'ok' | { code: number; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(peer: Peer, message: ServerMessage): void {
  peer.send(JSON.stringify(message));
}
