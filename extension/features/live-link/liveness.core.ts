import { LIVE_LIMITS } from '../../../shared/live';

/**
 * Whether the other side is still there. A vanished peer often fires no `close`, so each side
 * pings, counts anything heard as a sign of life, and watches the connection's ICE state.
 * Pure: the link feeds it the times and asks on every tick.
 */

export interface LivenessInput {
  now: number;
  /** When anything was last heard from the other side (the connection opening counts as heard). */
  lastHeardAt: number;
  /** When this side last sent a ping on this connection, or null. */
  lastPingAt: number | null;
  /** The RTCPeerConnection's iceConnectionState, or null when unknown. */
  ice: string | null;
  /** Since when ICE has been `disconnected`, or null when it is not. */
  disconnectedSince: number | null;
  /** Since when the link has been without a working connection (lost, or still connecting), or null while open. */
  lostSince: number | null;
}

export type LivenessVerdict =
  /** Open and due a ping. */
  | { kind: 'ping' }
  /** Open, nothing to do. */
  | { kind: 'fine' }
  /** No working connection: (keep) trying to reconnect. */
  | { kind: 'lost'; why: 'silent' | 'ice_failed' | 'ice_disconnected' | 'reconnecting' }
  /** Lost for longer than the reconnection window: the engagement is over. */
  | { kind: 'give-up' };

export interface LivenessLimits {
  pingEveryMs: number;
  lostAfterMs: number;
  reconnectWithinMs: number;
}

/** What the link should do now. */
export function liveness(input: LivenessInput, limits: LivenessLimits = LIVE_LIMITS): LivenessVerdict {
  const { now } = input;
  if (input.lostSince !== null) {
    return now - input.lostSince > limits.reconnectWithinMs ? { kind: 'give-up' } : { kind: 'lost', why: 'reconnecting' };
  }
  if (input.ice === 'failed' || input.ice === 'closed') return { kind: 'lost', why: 'ice_failed' };
  // `disconnected` often heals by itself within seconds: only past the same window as silence.
  if (input.ice === 'disconnected' && input.disconnectedSince !== null && now - input.disconnectedSince > limits.lostAfterMs) {
    return { kind: 'lost', why: 'ice_disconnected' };
  }
  if (now - input.lastHeardAt >= limits.lostAfterMs) return { kind: 'lost', why: 'silent' };
  if (input.lastPingAt === null || now - input.lastPingAt >= limits.pingEveryMs) return { kind: 'ping' };
  return { kind: 'fine' };
}
