import type { CallState, CallView, PhonePurpose } from '../../../shared/telephony';
import type { LiveCall } from './messages';

/**
 * The shopper's phone in a live engagement, as words and rules: the number they type made
 * E.164 (or refused, saying why), the call's state in plain words, which update of a call is
 * newer. Pure: the clock comes in as `now`.
 */

/** Fewer digits than this (country code included) is no phone number anywhere. */
export const PHONE_MIN_DIGITS = 7;
/** E.164's most. */
export const PHONE_MAX_DIGITS = 15;

export type NormalisedPhone = { ok: true; phone: string } | { ok: false; message: string };

/**
 * A number as the shopper types it, as Twilio takes it: spaces, dashes, dots and brackets go,
 * a leading 00 becomes +. Anything else is refused with a sentence that says what to change.
 */
export function normalisePhone(typed: string): NormalisedPhone {
  const compact = typed.replace(/[\s\u00a0\-.()\u2010-\u2015]/g, '');
  if (!compact) return { ok: false, message: 'Enter your phone number.' };
  if (!/^(\+|00)?\d*$/.test(compact)) return { ok: false, message: 'A phone number has only digits, spaces and dashes, and + at the start.' };
  if (!compact.startsWith('+') && !compact.startsWith('00')) return { ok: false, message: 'Start with your country code: + or 00, e.g. +44 7700 900123.' };
  const digits = compact.startsWith('+') ? compact.slice(1) : compact.slice(2);
  if (digits.startsWith('0')) return { ok: false, message: 'A country code does not start with 0: check the digits after the +.' };
  if (digits.length < PHONE_MIN_DIGITS) return { ok: false, message: 'That number is too short: include your country code and the whole number.' };
  if (digits.length > PHONE_MAX_DIGITS) return { ok: false, message: `That number is too long: at most ${PHONE_MAX_DIGITS} digits with the country code.` };
  return { ok: true, phone: `+${digits}` };
}

/** "0:42", "3:05", "1:02:09". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

/** What the number is for: "for calls", "for texts", "for calls and texts". */
export function purposesLabel(purposes: readonly PhonePurpose[]): string {
  const call = purposes.includes('call');
  const text = purposes.includes('text');
  return call && text ? 'for calls and texts' : text ? 'for texts' : 'for calls';
}

/** The ask card's words when the associate proposes to call or to text. */
export function phoneAskText(purpose: PhonePurpose, associateName: string): { title: string; detail: string } {
  const name = associateName.trim() || 'The associate';
  return {
    title: `${name} would like to ${purpose} you`,
    detail: 'Give a number for this conversation only. Nothing is sent until you agree.',
  };
}

export interface CallWords {
  /** "Calling your phone…", "Connected 0:42", "Call ended: 3:05", "No answer"… */
  label: string;
  /** The call is on: Hang up (else: Call me again). */
  on: boolean;
}

/** The call bar's words for `call` at `now`. */
export function callWords(call: LiveCall, now: number): CallWords {
  switch (call.state) {
    case 'calling-associate':
      return { label: 'Calling the associate…', on: true };
    case 'calling-shopper':
      return { label: 'Calling your phone…', on: true };
    case 'connected':
      return { label: call.connectedAt === null ? 'Connected' : `Connected ${formatDuration((now - call.connectedAt) / 1000)}`, on: true };
    case 'ended':
      return { label: endedLabel(call), on: false };
  }
}

function endedLabel(call: LiveCall): string {
  switch (call.outcome) {
    case 'completed':
      return call.talkSeconds === null ? 'Call ended' : `Call ended: ${formatDuration(call.talkSeconds)}`;
    case 'shopper-busy':
      return 'Your phone was busy';
    case 'shopper-no-answer':
      return 'No answer';
    case 'associate-busy':
      return 'The associate was busy';
    case 'associate-no-answer':
      return 'The associate did not answer';
    case 'failed':
      return 'The call failed';
    case 'canceled':
      return 'Call cancelled';
    case null:
      return 'Call ended';
  }
}

const RANK: Record<CallState, number> = { 'calling-associate': 0, 'calling-shopper': 1, connected: 2, ended: 3 };

/**
 * The call to show after `incoming` (a realtime push when `live`, else a fetch): the newest call
 * wins, and a call never goes back (a late push of an older state changes nothing). The time it
 * connected is this browser's: when the push says so as it happens, now (the backend's clock may
 * differ); else the backend's time, never in the future. Returns `current` itself when nothing
 * changed.
 */
export function mergeCall(current: LiveCall | null, incoming: CallView, now: number, live: boolean): LiveCall | null {
  const same = current?.callId === incoming.callId;
  if (current && !same && Date.parse(incoming.startedAt) < Date.parse(current.startedAt)) return current;
  if (current && same && RANK[incoming.state] < RANK[current.state]) return current;
  let connectedAt: number | null = same ? current!.connectedAt : null;
  if (connectedAt === null && incoming.connectedAt !== null) {
    const told = Date.parse(incoming.connectedAt);
    connectedAt = live && incoming.state === 'connected' ? now : Math.min(now, Number.isNaN(told) ? now : told);
  }
  const next: LiveCall = {
    callId: incoming.callId,
    state: incoming.state,
    outcome: incoming.outcome,
    startedAt: incoming.startedAt,
    connectedAt,
    talkSeconds: incoming.talkSeconds,
  };
  return current && JSON.stringify(current) === JSON.stringify(next) ? current : next;
}

/** Why the backend refused a phone request, as the shopper reads it (its code, else its own message; never a number). */
export function phoneRefusal(refusal: { status: number; code: string; message: string }, associateName: string): string {
  const name = associateName.trim() || 'The associate';
  switch (refusal.code) {
    case 'telephony_not_configured':
      return 'This shop does not take phone calls yet.';
    case 'associate_has_no_phone':
      return `${name} has no phone to call from right now.`;
    case 'call_in_progress':
      return 'A call is already under way.';
    case 'no_shopper_phone':
      return 'Give a number for calls first.';
    case 'network':
      return 'The shop’s server could not be reached. Try again in a moment.';
    default:
      return refusal.message;
  }
}
