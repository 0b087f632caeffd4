import type { LiveMessage, LiveMessageOf, PeerCredentials } from '../../../shared/live';

/**
 * The contract of one side's live connection (implemented in `link.ts` over peerjs). Both the
 * shopper's offscreen document and the associate's live console hold one.
 *
 * States: `connecting` (signalling and data channel opening) → `open` → `lost` (nothing heard
 * for LIVE_LIMITS.lostAfterMs, or ICE failed: it tries to reconnect for
 * LIVE_LIMITS.reconnectWithinMs) → `open` again, or `closed` (ended by either side, or the
 * reconnection window passed). `closed` is final.
 */
export type LinkState = 'connecting' | 'open' | 'lost' | 'closed';

export type LinkClosedReason = 'ended_here' | 'ended_there' | 'peer_lost' | 'refused';

export interface LinkEvents {
  /** Every valid message from the other side, except the link's own (hello, ping, pong, chunk). */
  message(message: LiveMessage): void;
  state(state: LinkState, detail: { reason?: LinkClosedReason; error?: string }): void;
  /** The other side's audio stream arrived (or ended: null). */
  remoteAudio(stream: MediaStream | null): void;
  /** The other side's `hello`, on each (re)connection: its name, and the ids of this side's chat messages it already has. */
  hello(message: LiveMessageOf<'hello'>): void;
}

export interface LiveLink {
  readonly state: LinkState;
  /** This side's credentials; null until the first fetch answered (always set once `open`). */
  readonly credentials: PeerCredentials | null;
  /** Queues a message (framed and chunked as needed); false when the link is closed. Ordered. */
  send(message: LiveMessage): boolean;
  /** Characters waiting in the data channel's buffer and the link's own queue (for backpressure). */
  readonly buffered: number;
  /** Messages from the other side that failed validation and were dropped. */
  readonly invalidCount: number;
  /** Starts sending `stream` (the local microphone) as a call; the other side's audio arrives as `remoteAudio`. */
  startAudio(stream: MediaStream): void;
  /** Stops the call (both ways). */
  stopAudio(): void;
  on<E extends keyof LinkEvents>(event: E, listener: LinkEvents[E]): () => void;
  /** Ends the link (sends `end` first when open); idempotent. */
  close(reason?: 'done' | 'declined'): void;
}
