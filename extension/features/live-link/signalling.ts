import type { PeerCredentials } from '../../../shared/live';
import { errorMessage, logOnce } from '../../lib/log';
import type { DataConnectionLike, Handler, MediaConnectionLike, PeerConstructor, PeerLike } from './peer';

/**
 * One side's place on the signalling server: the Peer made from the engagement's credentials,
 * its socket reconnected when it drops, and a new Peer (same id, fresh credentials) when the
 * server refuses the old one. It takes data connections and calls from the other side only,
 * and hands them to the link; it never tears down an open data connection by itself.
 */

/** The least time between two signalling reconnects, two new Peers, and (for the link) two dials. */
export const REDIAL_MS = 2_000;
/** peerjs errors after which the signalling server will not take this Peer again: a new one, with fresh credentials. */
const REFUSED_ERRORS = new Set(['server-error', 'socket-error', 'unavailable-id', 'invalid-id']);
/** peerjs errors that no retry fixes. */
const FATAL_ERRORS = new Set(['browser-incompatible', 'invalid-key', 'ssl-unavailable']);

export interface SignallingDeps {
  role: 'shopper' | 'associate';
  Peer: PeerConstructor;
  /** The backend's address; the signalling server sits at `credentials.signalling.path` under it. */
  backendUrl: string;
  /** Fresh credentials: at start (unless `initialCredentials`), and when the server refuses the token. */
  credentials: () => Promise<PeerCredentials>;
  initialCredentials?: PeerCredentials;
  now: () => number;
  /** The link is closed: nothing more is done. */
  closed: () => boolean;
  /** The data connection is open (a new Peer would close it: it waits for a loss). */
  dataOpen: () => boolean;
  /** The Peer is on the server (the associate dials from here). */
  onReady: () => void;
  /** The other side connected (the shopper's side only). */
  onConnection: (connection: DataConnectionLike) => void;
  onCall: (call: MediaConnectionLike) => void;
  /** The old Peer goes: the link drops its data connection and call first. */
  onReplacing: () => void;
  /** No retry helps (the first credentials, or a fatal peerjs error). */
  onRefused: (error: string) => void;
}

export function createSignalling(deps: SignallingDeps) {
  let credentials: PeerCredentials | null = deps.initialCredentials ?? null;
  let peer: PeerLike | null = null;
  /** The signalling server refused this Peer: make a new one when the data connection is not open. */
  let needNewPeer = false;
  let rebuilding = false;
  /** The first credentials are on their way. */
  let starting = false;
  let lastReconnectAt = -Infinity;
  let lastRebuildAt = -Infinity;

  const startPeer = (creds: PeerCredentials) => {
    credentials = creds;
    const base = new URL(deps.backendUrl);
    const secure = base.protocol === 'https:';
    const prefix = base.pathname.replace(/\/+$/, '');
    const created = new deps.Peer(creds.peerId, {
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
    const mine = () => peer === created && !deps.closed();
    created.on('open', () => {
      if (mine()) deps.onReady();
    });
    created.on('connection', ((incoming: DataConnectionLike) => {
      // Only the other side of this engagement may connect, and only to the shopper (the associate dials).
      if (!mine() || deps.role !== 'shopper' || incoming.peer !== creds.remotePeerId) {
        incoming.close();
        return;
      }
      deps.onConnection(incoming);
    }) as Handler);
    created.on('call', ((call: MediaConnectionLike) => {
      if (mine()) deps.onCall(call);
      else call.close();
    }) as Handler);
    created.on('disconnected', () => {
      if (mine()) reconnect();
    });
    created.on('close', () => {
      if (mine()) needNewPeer = true;
    });
    created.on('error', ((error: { type?: string; message?: string }) => {
      if (!mine()) return;
      const type = error?.type ?? '';
      if (FATAL_ERRORS.has(type)) {
        deps.onRefused(error.message ?? type);
      } else if (REFUSED_ERRORS.has(type)) {
        needNewPeer = true;
        if (!deps.dataOpen()) void rebuild();
      } else if (type !== 'peer-unavailable') {
        // peer-unavailable: the other side is not on the signalling server yet; the re-dial covers it.
        logOnce('live-link peer', error);
      }
    }) as Handler);
  };

  /** Reconnects the signalling socket when it dropped (at most every REDIAL_MS). */
  const reconnect = () => {
    if (!peer || peer.destroyed || !peer.disconnected || needNewPeer) return;
    if (deps.now() - lastReconnectAt < REDIAL_MS) return;
    lastReconnectAt = deps.now();
    try {
      peer.reconnect();
    } catch (error) {
      logOnce('live-link reconnect', error);
      needNewPeer = true;
    }
  };

  /** A new Peer with the same id and a fresh token (the server refused the old one). Never while the data connection is open: destroying a Peer closes its connections. */
  const rebuild = async () => {
    if (rebuilding || deps.closed() || deps.now() - lastRebuildAt < REDIAL_MS) return;
    rebuilding = true;
    lastRebuildAt = deps.now();
    const old = peer;
    peer = null;
    deps.onReplacing();
    try {
      old?.destroy();
    } catch (error) {
      logOnce('live-link destroy', error);
    }
    try {
      const fresh = await deps.credentials();
      // The link may have closed while the credentials were on their way.
      if (!deps.closed()) startPeer(fresh);
    } catch (error) {
      // Tried again on a later tick, until the reconnection window ends.
      needNewPeer = true;
      logOnce('live-link credentials', error);
    } finally {
      rebuilding = false;
    }
  };

  return {
    /** Makes the first Peer (getting the first credentials unless they were given). */
    begin(): void {
      if (credentials) {
        startPeer(credentials);
        return;
      }
      starting = true;
      deps.credentials().then(
        (creds) => {
          starting = false;
          if (!deps.closed()) startPeer(creds);
        },
        (error: unknown) => {
          starting = false;
          deps.onRefused(errorMessage(error));
        },
      );
    },
    get peer(): PeerLike | null {
      return peer;
    },
    get credentials(): PeerCredentials | null {
      return credentials;
    },
    /** While the link is lost: puts the Peer back on the server; true when it is there (dialing may help). */
    recover(): boolean {
      if (!peer) {
        if (!starting) void rebuild();
      } else if (needNewPeer) void rebuild();
      else if (peer.disconnected) reconnect();
      else return true;
      return false;
    },
    reconnect,
    /** Takes the Peer off the server for good (the link closed). */
    destroy(): void {
      try {
        peer?.destroy();
      } catch (error) {
        logOnce('live-link destroy', error);
      }
    },
  };
}
export type Signalling = ReturnType<typeof createSignalling>;
