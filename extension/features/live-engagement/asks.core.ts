import { LIVE_LIMITS } from '../../../shared/live';
import { formatCountdown, secondsLeft } from '../offers-panel/board.core';
import type { ChatLine, LiveView, PendingAsk } from './messages';
import { phoneAskText } from './phone.core';

/**
 * What the shop tab's dock says: the associate's questions and their countdowns, the state of
 * the link, the sharing banner, the voice bar, unread chat. Pure: the clock comes in as `now`.
 */

/** The associate stops typing after this long without a keystroke (the indicator goes off). */
export const TYPING_IDLE_MS = 2_000;

export interface AskText {
  title: string;
  /** What saying yes means, in a sentence. */
  detail: string;
}

/** The card's words for a pending ask, e.g. "Alex would like to see this tab". */
export function askText(ask: PendingAsk, associateName: string): AskText {
  const name = associateName.trim() || 'The associate';
  if (ask.kind === 'navigate') {
    return { title: `${name} suggests going to ${displayUrl(ask.url)}`, detail: 'This tab opens that page if you allow it.' };
  }
  if (ask.kind === 'phone') return phoneAskText(ask.purpose, name);
  switch (ask.scope) {
    case 'view':
      return {
        title: `${name} would like to see this tab`,
        detail: 'They see this page as you do. Passwords, card numbers and what you type stay hidden.',
      };
    case 'guide':
      return { title: `${name} would like to guide you (point, highlight, scroll)`, detail: 'You can stop it at any time.' };
    case 'voice':
      return { title: `${name} would like to talk (uses your microphone)`, detail: 'Your browser may ask for the microphone.' };
  }
}

/** A URL as a person reads it: host, path and query, without the scheme, shortened past `max` characters. */
export function displayUrl(url: string, max = 80): string {
  let shown: string;
  try {
    const u = new URL(url);
    shown = `${u.host}${u.pathname === '/' && !u.search ? '' : u.pathname}${u.search}`;
  } catch {
    shown = url;
  }
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

export interface AskCountdown {
  seconds: number;
  lapsed: boolean;
  /** "Lapses in 0:25" (unanswered, it counts as no). */
  label: string;
}

/** How long the shopper has left to answer an ask. */
export function askCountdown(expiresAt: number, now: number): AskCountdown {
  // A tab whose clock runs a little behind the host's still starts at the lapse's length (0:30), never above it.
  const seconds = Math.min(secondsLeft(expiresAt, now), Math.ceil(LIVE_LIMITS.consentLapsesMs / 1000));
  return { seconds, lapsed: seconds <= 0, label: seconds <= 0 ? 'Lapsed' : `Lapses in ${formatCountdown(seconds)}` };
}

/** The asks still to show: not lapsed, not answered here already. */
export function openAsks(asks: readonly PendingAsk[], answered: ReadonlySet<string>, now: number): PendingAsk[] {
  return asks.filter((ask) => !answered.has(ask.id) && !askCountdown(ask.expiresAt, now).lapsed);
}

/** The header's words for the peer connection. */
export function linkLabel(link: LiveView['link'], closedReason: string | null): string {
  switch (link) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'lost':
      return 'Reconnecting…';
    case 'closed':
      return closedReason ? `Ended: ${closedReason}` : 'Ended';
  }
}

/** The banner at the top of the tab while the associate sees or guides it; null when neither. */
export function sharingText(consents: LiveView['consents'], associateName: string, away?: { shopName: string | null }): string | null {
  const name = associateName.trim() || 'The associate';
  // Off the enterprise's sites nothing is shown or guided: the shopper learns why, and that it resumes.
  if (away && (consents.view || consents.guide)) return `Sharing paused: you left ${away.shopName ?? 'the shop'}. It resumes when you come back.`;
  if (consents.view && consents.guide) return `${name} can see this tab and guide you`;
  if (consents.view) return `${name} can see this tab`;
  if (consents.guide) return `${name} can guide you on this tab`;
  return null;
}

export interface VoiceBar {
  /** "Calling…", "On call", "Alex muted", or the failure. */
  label: string;
  /** What the mute button does now. */
  toggle: { action: 'mute' | 'unmute'; label: 'Mute' | 'Unmute' };
}

/** The voice bar, or null while there is no call. */
export function voiceBar(voice: LiveView['voice'], associateName: string): VoiceBar | null {
  if (voice.state === 'off') return null;
  const name = associateName.trim() || 'The associate';
  const toggle = voice.muted ? ({ action: 'unmute', label: 'Unmute' } as const) : ({ action: 'mute', label: 'Mute' } as const);
  let label: string;
  if (voice.error) label = voice.error;
  else if (voice.state === 'starting') label = 'Calling…';
  else if (voice.remoteMuted) label = `${name} muted`;
  else label = voice.muted ? 'On call (you are muted)' : 'On call';
  return { label, toggle };
}

/** "Alex is typing…", or null. */
export function typingText(typing: boolean, associateName: string): string | null {
  return typing ? `${associateName.trim() || 'The associate'} is typing…` : null;
}

/**
 * The associate's lines after the last one the shopper saw (`lastReadId`; null: none seen
 * yet). A `lastReadId` no longer in the chat counts nothing as unread rather than everything.
 */
export function unreadCount(chat: readonly ChatLine[], lastReadId: string | null): number {
  let from = 0;
  if (lastReadId !== null) {
    const i = chat.findIndex((line) => line.id === lastReadId);
    if (i < 0) return 0;
    from = i + 1;
  }
  return chat.slice(from).filter((line) => line.from === 'associate').length;
}

/** The unread badge: "", "3", "9+". */
export function unreadBadge(count: number): string {
  if (count <= 0) return '';
  return count > 9 ? '9+' : String(count);
}
