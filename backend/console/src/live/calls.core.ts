/**
 * An engagement's phone calls in words, as its page shows them: which way the call went, how it
 * stands or how it ended, its talk time, and each leg (the associate's, the shopper's) with its
 * status, how long it rang and how long it lasted. Never a number: the views carry none.
 */
import type { CallLegView, CallOutcome, CallState, CallView } from '../../../../shared/telephony';
import { elapsed } from './live.core';

export const DIRECTION_LABEL: Record<CallView['direction'], string> = {
  'click-to-call': 'Click-to-call',
  'dial-in': 'Dial-in',
};

/** Who rang whom, in a line. */
export const DIRECTION_HINT: Record<CallView['direction'], string> = {
  'click-to-call': 'We rang the associate, then the shopper',
  'dial-in': 'The shopper called the enterprise’s number and keyed in the engagement’s code',
};

const STATE_TEXT: Record<Exclude<CallState, 'ended'>, string> = {
  'calling-associate': 'Ringing the associate',
  'calling-shopper': 'Ringing the shopper',
  connected: 'On the line now',
};

export const OUTCOME_TEXT: Record<CallOutcome, string> = {
  completed: 'Completed',
  'associate-busy': 'The associate’s line was busy',
  'associate-no-answer': 'The associate did not answer',
  'shopper-busy': 'The shopper’s line was busy',
  'shopper-no-answer': 'The shopper did not answer',
  failed: 'Failed: the call could not be placed',
  canceled: 'Hung up before it connected',
};

/** How the call stands, or how it ended, and its tone: `live` under way, `ok` talked, `warn` never connected. */
export function callStatus(call: Pick<CallView, 'state' | 'outcome'>): { text: string; tone: 'live' | 'ok' | 'warn' } {
  if (call.state !== 'ended') return { text: STATE_TEXT[call.state], tone: 'live' };
  if (call.outcome === null) return { text: 'Ended', tone: 'ok' };
  return { text: OUTCOME_TEXT[call.outcome], tone: call.outcome === 'completed' ? 'ok' : 'warn' };
}

/** Seconds as a call's length: "42 s", "7 min 05 s", "1 h 05 min". */
export function callLength(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60 || s >= 3600) return elapsed(s * 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const since = (from: string, to: string | number): number => Math.max(0, Math.floor(((typeof to === 'number' ? to : Date.parse(to)) - Date.parse(from)) / 1000));

/** The talk time: both on the line, ended ("7 min 05 s"), so far while connected ("3 min 10 s so far"), or none ("—"). */
export function talkText(call: Pick<CallView, 'connectedAt' | 'endedAt' | 'talkSeconds'>, nowMs: number): string {
  if (call.talkSeconds !== null) return callLength(call.talkSeconds);
  if (call.connectedAt && !call.endedAt) return `${callLength(since(call.connectedAt, nowMs))} so far`;
  return '—';
}

export const LEG_LABEL: Record<CallLegView['leg'], string> = { associate: 'Associate', shopper: 'Shopper' };

/** Twilio's statuses of a leg in words. */
export const LEG_STATUS_TEXT: Record<string, string> = {
  queued: 'Queued',
  initiated: 'Dialling',
  ringing: 'Ringing',
  'in-progress': 'On the line',
  completed: 'Completed',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Failed',
  canceled: 'Canceled',
};

/**
 * A leg's line: who (the associate's by SIP when it went so; the shopper's of a dial-in is their
 * own call in, never rung), its status, how long it rang, when answered, how long it lasted
 * (none when never answered).
 */
export function legRow(leg: CallLegView, call: Pick<CallView, 'associateVia' | 'direction'>, nowMs: number): { who: string; status: string; rang: string; answeredAt: string | null; duration: string } {
  const calledIn = leg.leg === 'shopper' && call.direction === 'dial-in';
  const who = leg.leg === 'associate' ? (call.associateVia === 'sip' ? 'Associate (SIP)' : 'Associate (phone)') : calledIn ? 'Shopper (called in)' : 'Shopper (phone)';
  const rangFor = callLength(since(leg.startedAt, leg.answeredAt ?? leg.endedAt ?? nowMs));
  const rang = calledIn ? '—' : leg.answeredAt || leg.endedAt ? rangFor : `${rangFor} so far`;
  const duration = leg.answeredAt === null ? '—' : leg.durationSeconds !== null ? callLength(leg.durationSeconds) : leg.endedAt ? '—' : `${callLength(since(leg.answeredAt, nowMs))} so far`;
  return { who, status: LEG_STATUS_TEXT[leg.status] ?? leg.status, rang, answeredAt: leg.answeredAt, duration };
}

/** The legs in the order they began (the associate's first when together): for click-to-call the associate's, for dial-in the shopper's. */
export function legsInOrder(legs: readonly CallLegView[]): CallLegView[] {
  return [...legs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.leg === b.leg ? 0 : a.leg === 'associate' ? -1 : 1));
}

/** The calls and texts counted, for the engagement's facts: "2 calls · 3 texts". */
export function countsText(calls: number, texts: number): string {
  return `${calls} ${calls === 1 ? 'call' : 'calls'} · ${texts} ${texts === 1 ? 'text' : 'texts'}`;
}

/** The calls and texts in a line: "2 calls (1 connected), 7 min 05 s on the line · 3 texts". */
export function phoneSummary(calls: readonly CallView[], textCount: number): string {
  const parts: string[] = [];
  if (calls.length) {
    const connected = calls.filter((c) => c.connectedAt !== null).length;
    const talk = calls.reduce((s, c) => s + (c.talkSeconds ?? 0), 0);
    parts.push(`${calls.length} ${calls.length === 1 ? 'call' : 'calls'} (${connected} connected)${talk > 0 ? `, ${callLength(talk)} on the line` : ''}`);
  } else parts.push('No phone call');
  parts.push(textCount === 0 ? 'no text' : `${textCount} ${textCount === 1 ? 'text' : 'texts'}`);
  return parts.join(' · ');
}
