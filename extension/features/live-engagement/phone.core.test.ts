import { describe, expect, it } from 'vitest';
import { PhoneNumber, type CallView } from '../../../shared/telephony';
import type { LiveCall } from './messages';
import {
  callWords,
  dialInAfter,
  dialInExpiry,
  dialInWords,
  formatDialInCode,
  formatDuration,
  formatPhoneForReading,
  mergeCall,
  normalisePhone,
  phoneAskText,
  phoneRefusal,
  purposesLabel,
} from './phone.core';

const T0 = Date.parse('2025-01-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('normalisePhone', () => {
  it.each([
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['  +1 (415) 555-0100 ', '+14155550100'],
    ['+33-6-12-34-56-78', '+33612345678'],
    ['+49.30.1234567', '+49301234567'],
    ['+44\u00a07700\u00a0900123', '+447700900123'],
    ['+4915112345678', '+4915112345678'],
  ])('%j → %s (E.164, as the contract takes it)', (typed, phone) => {
    expect(normalisePhone(typed)).toEqual({ ok: true, phone });
    expect(PhoneNumber.safeParse(phone).success).toBe(true);
  });

  it.each([
    ['', 'Enter your phone number.'],
    ['   ', 'Enter your phone number.'],
    ['07700 900123', 'Start with your country code: + or 00, e.g. +44 7700 900123.'],
    ['+44 7700 9OO123', 'A phone number has only digits, spaces and dashes, and + at the start.'],
    ['call me maybe', 'A phone number has only digits, spaces and dashes, and + at the start.'],
    ['44+7700900123', 'A phone number has only digits, spaces and dashes, and + at the start.'],
    ['+44 7700 900123 ext 4', 'A phone number has only digits, spaces and dashes, and + at the start.'],
    ['+0 7700 900123', 'A country code does not start with 0: check the digits after the +.'],
    ['000 7700 900123', 'A country code does not start with 0: check the digits after the +.'],
    ['+44 12', 'That number is too short: include your country code and the whole number.'],
    ['+44 7700 900123 45678', 'That number is too long: at most 15 digits with the country code.'],
  ])('refuses %j, saying why', (typed, message) => {
    expect(normalisePhone(typed)).toEqual({ ok: false, message });
  });

  it('never puts the number in its refusal', () => {
    const refused = normalisePhone('+44 7700 900123 999 999');
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).not.toMatch(/7700/);
  });
});

describe('words', () => {
  it('formats durations as a clock', () => {
    expect([0, 42, 185, 600, 3600 + 129, -3, 4.9].map(formatDuration)).toEqual(['0:00', '0:42', '3:05', '10:00', '1:02:09', '0:00', '0:04']);
  });

  it('says what a number is for', () => {
    expect([purposesLabel(['call']), purposesLabel(['text']), purposesLabel(['text', 'call'])]).toEqual(['for calls', 'for texts', 'for calls and texts']);
  });

  it('words the associate’s proposal', () => {
    expect(phoneAskText('call', 'Alex').title).toBe('Alex would like to call you');
    expect(phoneAskText('text', ' ').title).toBe('The associate would like to text you');
  });
});

const call = (change: Partial<LiveCall> = {}): LiveCall => ({ callId: 'c1', state: 'connected', outcome: null, startedAt: iso(T0), connectedAt: T0, talkSeconds: null, ...change });

describe('callWords', () => {
  it.each<[string, Partial<LiveCall>, number, string, boolean]>([
    ['ringing the associate', { state: 'calling-associate', connectedAt: null }, T0, 'Calling the associate…', true],
    ['ringing the shopper', { state: 'calling-shopper', connectedAt: null }, T0, 'Calling your phone…', true],
    ['connected, ticking', {}, T0 + 42_400, 'Connected 0:42', true],
    ['connected, time unknown', { connectedAt: null }, T0, 'Connected', true],
    ['ended after talking', { state: 'ended', outcome: 'completed', talkSeconds: 185 }, T0, 'Call ended: 3:05', false],
    ['ended, length unknown', { state: 'ended', outcome: 'completed' }, T0, 'Call ended', false],
    ['busy', { state: 'ended', outcome: 'shopper-busy' }, T0, 'Your phone was busy', false],
    ['no answer', { state: 'ended', outcome: 'shopper-no-answer' }, T0, 'No answer', false],
    ['failed', { state: 'ended', outcome: 'failed' }, T0, 'The call failed', false],
    ['the associate busy', { state: 'ended', outcome: 'associate-busy' }, T0, 'The associate was busy', false],
    ['the associate not answering', { state: 'ended', outcome: 'associate-no-answer' }, T0, 'The associate did not answer', false],
    ['cancelled', { state: 'ended', outcome: 'canceled' }, T0, 'Call cancelled', false],
    ['ended without an outcome', { state: 'ended' }, T0, 'Call ended', false],
  ])('%s', (_, change, now, label, on) => {
    expect(callWords(call(change), now)).toEqual({ label, on });
  });
});

describe('mergeCall', () => {
  const view = (change: Partial<CallView> = {}): CallView => ({
    callId: 'c1',
    engagementId: 'e1',
    direction: 'click-to-call',
    associateVia: 'phone',
    state: 'calling-associate',
    outcome: null,
    startedAt: iso(T0),
    connectedAt: null,
    endedAt: null,
    talkSeconds: null,
    legs: [],
    ...change,
  });

  it('takes a first call, and moves it forward', () => {
    const ringing = mergeCall(null, view(), T0, true)!;
    expect(ringing).toEqual({ callId: 'c1', state: 'calling-associate', outcome: null, startedAt: iso(T0), connectedAt: null, talkSeconds: null });
    const ended = mergeCall(ringing, view({ state: 'ended', outcome: 'completed', talkSeconds: 12, connectedAt: iso(T0 + 5_000) }), T0 + 20_000, true)!;
    expect(ended).toMatchObject({ state: 'ended', outcome: 'completed', talkSeconds: 12 });
  });

  it('counts a connection pushed as it happens from this browser’s clock, not the backend’s', () => {
    // The backend's clock is two minutes ahead.
    const connected = mergeCall(null, view({ state: 'connected', connectedAt: iso(T0 + 120_000) }), T0, true)!;
    expect(connected.connectedAt).toBe(T0);
    // A later push keeps the time it connected.
    expect(mergeCall(connected, view({ state: 'connected', connectedAt: iso(T0 + 120_000), legs: [] }), T0 + 5_000, true)!.connectedAt).toBe(T0);
  });

  it('a fetched call that connected earlier counts from the backend’s time, never from the future', () => {
    expect(mergeCall(null, view({ state: 'connected', connectedAt: iso(T0 - 60_000) }), T0, false)!.connectedAt).toBe(T0 - 60_000);
    expect(mergeCall(null, view({ state: 'connected', connectedAt: iso(T0 + 60_000) }), T0, false)!.connectedAt).toBe(T0);
  });

  it('never goes back: a late push of an earlier state changes nothing', () => {
    const connected = mergeCall(null, view({ state: 'connected', connectedAt: iso(T0) }), T0, true)!;
    expect(mergeCall(connected, view({ state: 'calling-shopper' }), T0, true)).toBe(connected);
    const ended = mergeCall(connected, view({ state: 'ended', outcome: 'completed', talkSeconds: 3 }), T0, true)!;
    expect(mergeCall(ended, view({ state: 'connected', connectedAt: iso(T0) }), T0, false)).toBe(ended);
  });

  it('the newest call wins; an older one is not shown over it', () => {
    const first = mergeCall(null, view({ state: 'ended', outcome: 'shopper-busy' }), T0, false)!;
    const second = mergeCall(first, view({ callId: 'c2', startedAt: iso(T0 + 60_000) }), T0 + 60_000, true)!;
    expect(second.callId).toBe('c2');
    expect(mergeCall(second, view({ state: 'ended', outcome: 'shopper-busy' }), T0 + 61_000, false)).toBe(second);
  });

  it('returns the same call when nothing changed', () => {
    const ringing = mergeCall(null, view(), T0, true)!;
    expect(mergeCall(ringing, view(), T0 + 1_000, false)).toBe(ringing);
  });
});

describe('a call the shopper placed (dial-in)', () => {
  const dialled = (change: Partial<LiveCall> = {}): LiveCall => ({
    callId: 'c1',
    state: 'calling-associate',
    outcome: null,
    startedAt: iso(T0),
    connectedAt: null,
    talkSeconds: null,
    direction: 'dial-in',
    ...change,
  });

  it.each<[Partial<LiveCall>, string, boolean]>([
    [{}, 'Connecting you to the associate…', true],
    [{ state: 'connected', connectedAt: T0 - 42_000 }, 'Connected 0:42', true],
    [{ state: 'ended', outcome: 'completed', talkSeconds: 185 }, 'Call ended: 3:05', false],
    [{ state: 'ended', outcome: 'associate-busy' }, 'The associate was busy', false],
    [{ state: 'ended', outcome: 'associate-no-answer' }, 'The associate did not answer', false],
    [{ state: 'ended', outcome: 'canceled' }, 'You hung up before the associate answered', false],
    [{ state: 'ended', outcome: 'shopper-no-answer' }, 'Call ended', false],
    [{ state: 'ended', outcome: 'failed' }, 'The call failed', false],
  ])('%j → %s', (change, label, on) => {
    expect(callWords(dialled(change), T0)).toEqual({ label, on });
  });

  it('mergeCall keeps the direction of a dial-in (a click-to-call has none, as before)', () => {
    const base: Omit<CallView, 'direction'> = { callId: 'c1', engagementId: 'e1', associateVia: 'phone', state: 'calling-associate', outcome: null, startedAt: iso(T0), connectedAt: null, endedAt: null, talkSeconds: null, legs: [] };
    expect(mergeCall(null, { ...base, direction: 'dial-in' }, T0, true)!.direction).toBe('dial-in');
    expect(mergeCall(null, { ...base, direction: 'click-to-call' }, T0, true)!.direction).toBeUndefined();
  });

  it('groups the number for reading, and the code in two threes', () => {
    expect(formatPhoneForReading('+14155550100')).toBe('+1 415 555 0100');
    expect(formatPhoneForReading('+442079460958')).toBe('+44 207 946 0958');
    expect(formatPhoneForReading('+4930123456')).toBe('+49 3012 3456');
    expect(formatPhoneForReading('+35312345678')).toBe('+353 1234 5678');
    expect(formatPhoneForReading('+3531234567')).toBe('+353 123 4567');
    expect(formatPhoneForReading('+4912345')).toBe('+49 12 345');
    expect(formatPhoneForReading('+491234')).toBe('+49 1234');
    expect(formatPhoneForReading('sip:alex@example.com')).toBe('sip:alex@example.com');
    expect(formatDialInCode('123456')).toBe('123 456');
    expect(formatDialInCode('12345')).toBe('12345');
  });

  it('says how long the code works, and nothing once it has expired', () => {
    const at = (minutes: number) => iso(T0 + minutes * 60_000);
    expect(dialInExpiry(at(30), T0)).toBe('Works for 30 minutes');
    expect(dialInExpiry(at(29.2), T0)).toBe('Works for 30 minutes');
    expect(dialInExpiry(at(0.5), T0)).toBe('Works for 1 more minute');
    expect(dialInExpiry(at(60), T0)).toBe('Works for 1 hour');
    expect(dialInExpiry(at(125), T0)).toBe('Works for 2 hours 5 minutes');
    expect(dialInExpiry(at(61), T0)).toBe('Works for 1 hour 1 minute');
    expect(dialInExpiry(at(0), T0)).toBeNull();
    expect(dialInExpiry('soon', T0)).toBeNull();
    expect(dialInWords({ number: '+14155550100', code: '123456', expiresAt: at(30) }, T0)).toEqual({
      number: '+1 415 555 0100',
      code: '123 456',
      tel: 'tel:+14155550100',
      expiry: 'Works for 30 minutes',
    });
  });

  it('the code stays until its call is connected, the engagement ends or it expires', () => {
    const code = { number: '+14155550100', code: '123456', expiresAt: iso(T0 + 30 * 60_000) };
    expect(dialInAfter(code, { link: 'open', call: null }, T0)).toBe(code);
    expect(dialInAfter(code, { link: 'lost', call: dialled() }, T0)).toBe(code);
    // An earlier click-to-call, or one that ended, leaves it.
    expect(dialInAfter(code, { link: 'open', call: dialled({ direction: undefined, state: 'connected', connectedAt: T0 }) }, T0)).toBe(code);
    expect(dialInAfter(code, { link: 'open', call: dialled({ state: 'ended', outcome: 'associate-busy' }) }, T0)).toBe(code);
    expect(dialInAfter(code, { link: 'open', call: dialled({ state: 'connected', connectedAt: T0 }) }, T0)).toBeNull();
    expect(dialInAfter(code, { link: 'closed', call: null }, T0)).toBeNull();
    expect(dialInAfter(code, { link: 'open', call: null }, T0 + 30 * 60_000)).toBeNull();
    expect(dialInAfter(null, { link: 'open', call: null }, T0)).toBeNull();
  });

  it('a refused dial-in in plain words', () => {
    const refusal = (code: string) => phoneRefusal({ status: 409, code, message: 'raw' }, 'Sam');
    expect(refusal('telephony_not_configured')).toBe('This shop does not take phone calls yet.');
    expect(refusal('associate_has_no_phone')).toBe('Sam has no phone to call from right now.');
    expect(refusal('engagement_ended')).toBe('The conversation has ended.');
    expect(refusal('engagement_not_live')).toBe('The conversation has ended.');
  });
});
