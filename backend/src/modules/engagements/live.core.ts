import { type ChannelUsage, CommunicationMethod } from '../../../../shared/live';
import type { EngagementStatus } from '../../../../shared/realtime';

/**
 * Pure decisions of a live engagement: who may still write its transcript, how long each
 * communication method was used, which selectors are masked, whether a signalling peer may
 * connect. No database, clock or randomness: times come in as milliseconds.
 */

/** Peer credentials last this long (and stop at once when the engagement ends). */
export const CREDENTIALS_TTL_MS = 4 * 60 * 60 * 1000;
/** Chat messages (and channel stops) still queued when the engagement ended are taken this long after. */
export const LATE_FLUSH_MS = 10 * 60 * 1000;
/** Transcripts are kept this many days after the end unless the enterprise says otherwise. */
export const DEFAULT_TRANSCRIPT_RETENTION_DAYS = 365;

/** Whether a party may still write to the engagement (transcript, channels): while accepted, and for a while after it ended. */
export function writeWindow(engagement: { status: EngagementStatus; endedAt: number | null }, now: number): 'open' | 'not_live' | 'ended' {
  if (engagement.status === 'accepted') return 'open';
  if (engagement.status !== 'ended') return 'not_live';
  return engagement.endedAt !== null && now - engagement.endedAt <= LATE_FLUSH_MS ? 'open' : 'ended';
}

/** A time a client reported, kept within what the server knows: not before `from`, not after `to`. */
export function clampTime(at: number, from: number, to: number): number {
  return Math.min(Math.max(at, from), Math.max(from, to));
}

const METHODS: readonly CommunicationMethod[] = CommunicationMethod.options;

/** How long each method was used (open uses count up to `now`), in the order chat, voice, view, guide; methods never used are left out. */
export function channelUsage(uses: readonly { method: CommunicationMethod; startedAt: number; stoppedAt: number | null }[], now: number): ChannelUsage[] {
  return METHODS.flatMap((method) => {
    const mine = uses.filter((u) => u.method === method);
    if (mine.length === 0) return [];
    const ms = mine.reduce((sum, u) => sum + Math.max(0, (u.stoppedAt ?? now) - u.startedAt), 0);
    return [{ method, seconds: Math.round(ms / 10) / 100, uses: mine.length, open: mine.some((u) => u.stoppedAt === null) }];
  });
}

/** The enterprise's extra mask selectors: every site adapter's `mask`, once each, in the order first seen. */
export function maskSelectorsOf(adapters: readonly ({ mask?: readonly string[] } | null | undefined)[]): string[] {
  return [...new Set(adapters.flatMap((a) => a?.mask ?? []))];
}

/** Why a signalling connection is refused, or null when it may register. */
export type PeerRefusal = 'unknown_peer' | 'bad_token' | 'not_live' | 'expired' | 'signed_out';

/**
 * Whether a peer presenting a token may connect: it exists, the token is its latest, the
 * engagement is accepted, the credentials have not expired and (the associate's side) the
 * sign-in token they were asked with still lives.
 */
export function peerAccess(
  peer: { tokenMatches: boolean; expiresAt: number | null; engagementStatus: EngagementStatus; signedOut?: boolean } | undefined,
  now: number,
): PeerRefusal | null {
  if (!peer) return 'unknown_peer';
  if (!peer.tokenMatches) return 'bad_token';
  if (peer.engagementStatus !== 'accepted') return 'not_live';
  if (peer.expiresAt === null || now >= peer.expiresAt) return 'expired';
  if (peer.signedOut) return 'signed_out';
  return null;
}
