import type { CallState, CallView, DialIn, PhonePurpose } from '../../../shared/telephony';
import type { LiveCall, LiveView } from './messages';

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
  if (call.direction === 'dial-in' && call.state !== 'connected') return dialInCallWords(call);
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

/** A call the shopper placed (dial-in): we connect them to the associate; no "your phone" words. */
function dialInCallWords(call: LiveCall): CallWords {
  if (call.state !== 'ended') return { label: 'Connecting you to the associate…', on: true };
  if (call.outcome === 'canceled') return { label: 'You hung up before the associate answered', on: false };
  if (call.outcome === 'shopper-busy' || call.outcome === 'shopper-no-answer') return { label: 'Call ended', on: false };
  return { label: endedLabel(call), on: false };
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
    ...(incoming.direction === 'dial-in' ? { direction: 'dial-in' as const } : {}),
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
    case 'engagement_ended':
    case 'engagement_not_live':
      return 'The conversation has ended.';
    case 'network':
      return 'The shop’s server could not be reached. Try again in a moment.';
    default:
      return refusal.message;
  }
}

// ---- dial-in: the shopper calls the shop's number and keys in the engagement's code ----

/** Country codes of one or two digits (ITU E.164); any other is three. */
const SHORT_COUNTRY_CODES = new Set([
  '1', '7', '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86',
  '90', '91', '92', '93', '94', '95', '98',
]);

/** Digits in groups for reading: threes, the last four ("415 555 0100"; "12 345"). */
function groupDigits(digits: string): string[] {
  const n = digits.length;
  if (n <= 4) return [digits];
  const fours = n % 3 === 0 ? 0 : n % 3 === 1 ? 1 : n >= 8 ? 2 : 0;
  const head = n - fours * 4;
  const groups: string[] = [];
  // Five digits (n % 3 === 2, too few for two fours): 2 + 3.
  let at = head % 3;
  if (at > 0) groups.push(digits.slice(0, at));
  for (; at < head; at += 3) groups.push(digits.slice(at, at + 3));
  for (; at < n; at += 4) groups.push(digits.slice(at, at + 4));
  return groups;
}

/** An E.164 number grouped for reading aloud: "+1 415 555 0100", "+44 207 946 0958". Anything else as it is. */
export function formatPhoneForReading(number: string): string {
  if (!/^\+[1-9]\d{1,14}$/.test(number)) return number;
  const digits = number.slice(1);
  const ccLength = SHORT_COUNTRY_CODES.has(digits.slice(0, 1)) ? 1 : SHORT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  const rest = digits.slice(ccLength);
  return rest ? `+${digits.slice(0, ccLength)} ${groupDigits(rest).join(' ')}` : number;
}

/** The code as it is keyed in, in two groups of three: "123 456". */
export function formatDialInCode(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** "Works for 30 minutes", "Works for 1 more minute", "Works for 1 hour 5 minutes"; null once it has expired (or the time is unreadable). */
export function dialInExpiry(expiresAt: string, now: number): string | null {
  const until = Date.parse(expiresAt);
  if (Number.isNaN(until) || until <= now) return null;
  const minutes = Math.ceil((until - now) / 60_000);
  if (minutes === 1) return 'Works for 1 more minute';
  if (minutes < 60) return `Works for ${minutes} minutes`;
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  const hours = `${h} hour${h === 1 ? '' : 's'}`;
  return m === 0 ? `Works for ${hours}` : `Works for ${hours} ${m} minute${m === 1 ? '' : 's'}`;
}

/** The words of the dial-in panel: "Call +1 415 555 0100 and key in 123 456", the number to dial (`tel:`) and when it lapses. */
export function dialInWords(dialIn: DialIn, now: number): { number: string; code: string; tel: string; expiry: string | null } {
  return { number: formatPhoneForReading(dialIn.number), code: formatDialInCode(dialIn.code), tel: `tel:${dialIn.number}`, expiry: dialInExpiry(dialIn.expiresAt, now) };
}

/**
 * The code still to show after `view` at `now`: gone once the engagement has ended, the code has
 * expired, or a call the shopper dialled in is connected (it did its work; asking again gives it
 * back while it works).
 */
export function dialInAfter(dialIn: DialIn | null, view: Pick<LiveView, 'link' | 'call'>, now: number): DialIn | null {
  if (!dialIn || view.link === 'closed') return null;
  if (dialInExpiry(dialIn.expiresAt, now) === null) return null;
  if (view.call?.direction === 'dial-in' && view.call.state === 'connected') return null;
  return dialIn;
}
