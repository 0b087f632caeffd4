import { describe, expect, it } from 'vitest';
import type { CallLegView, CallView } from '../../../../shared/telephony';
import { callLength, callStatus, countsText, legRow, legsInOrder, phoneSummary, talkText } from './calls.core';

const T = Date.parse('2026-03-01T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
const leg = (over: Partial<CallLegView> & Pick<CallLegView, 'leg'>): CallLegView => ({ status: 'completed', startedAt: at(0), answeredAt: null, endedAt: null, durationSeconds: null, ...over });
const call = (over: Partial<CallView> = {}): CallView => ({
  callId: 'c1',
  engagementId: 'e1',
  direction: 'click-to-call',
  associateVia: 'phone',
  state: 'ended',
  outcome: 'completed',
  startedAt: at(0),
  connectedAt: at(20),
  endedAt: at(445),
  talkSeconds: 425,
  legs: [],
  ...over,
});

describe('a phone call in words', () => {
  it('says how a call stands, or how it ended, with its tone', () => {
    expect(callStatus(call())).toEqual({ text: 'Completed', tone: 'ok' });
    expect(callStatus(call({ outcome: 'shopper-busy' }))).toEqual({ text: 'The shopper’s line was busy', tone: 'warn' });
    expect(callStatus(call({ outcome: 'associate-no-answer' })).text).toBe('The associate did not answer');
    expect(callStatus(call({ state: 'connected', outcome: null }))).toEqual({ text: 'On the line now', tone: 'live' });
    expect(callStatus(call({ state: 'calling-associate', outcome: null })).text).toBe('Ringing the associate');
    expect(callStatus(call({ state: 'ended', outcome: null })).text).toBe('Ended');
  });

  it('gives lengths with their seconds under an hour', () => {
    expect(callLength(42)).toBe('42 s');
    expect(callLength(425)).toBe('7 min 05 s');
    expect(callLength(3900)).toBe('1 h 05 min');
    expect(callLength(-3)).toBe('0 s');
  });

  it('gives the talk time: ended, so far while both are on the line, or none', () => {
    expect(talkText(call(), T)).toBe('7 min 05 s');
    expect(talkText(call({ state: 'connected', outcome: null, endedAt: null, talkSeconds: null }), T + 200_000)).toBe('3 min 00 s so far');
    expect(talkText(call({ outcome: 'shopper-busy', connectedAt: null, talkSeconds: null }), T)).toBe('—');
  });

  it('says each leg: who (and by SIP), its status, how long it rang, how long it lasted', () => {
    const answered = leg({ leg: 'associate', answeredAt: at(8), endedAt: at(445), durationSeconds: 437 });
    const sip = { associateVia: 'sip', direction: 'click-to-call' } as const;
    const phone = { associateVia: 'phone', direction: 'click-to-call' } as const;
    expect(legRow(answered, sip, T)).toEqual({ who: 'Associate (SIP)', status: 'Completed', rang: '8 s', answeredAt: at(8), duration: '7 min 17 s' });
    // Twilio gives an unanswered leg 0 seconds: it lasted nothing worth saying.
    const busy = leg({ leg: 'shopper', status: 'busy', startedAt: at(9), endedAt: at(14), durationSeconds: 0 });
    expect(legRow(busy, phone, T)).toEqual({ who: 'Shopper (phone)', status: 'Busy', rang: '5 s', answeredAt: null, duration: '—' });
    const ringing = leg({ leg: 'associate', status: 'ringing' });
    expect(legRow(ringing, phone, T + 12_000)).toMatchObject({ who: 'Associate (phone)', status: 'Ringing', rang: '12 s so far', duration: '—' });
    const live = leg({ leg: 'shopper', status: 'in-progress', answeredAt: at(10) });
    expect(legRow(live, phone, T + 70_000)).toMatchObject({ status: 'On the line', rang: '10 s', duration: '1 min 00 s so far' });
    expect(legRow(leg({ leg: 'shopper', status: 'something-new' }), phone, T).status).toBe('something-new');
    // A dial-in's shopper called us: never rung.
    const calledIn = leg({ leg: 'shopper', status: 'in-progress', answeredAt: at(0) });
    expect(legRow(calledIn, { associateVia: 'sip', direction: 'dial-in' }, T + 60_000)).toMatchObject({ who: 'Shopper (called in)', rang: '—', duration: '1 min 00 s so far' });
  });

  it('puts the legs in the order they began, the associate’s first when together', () => {
    expect(legsInOrder([leg({ leg: 'shopper', startedAt: at(9) }), leg({ leg: 'associate', startedAt: at(0) })]).map((l) => l.leg)).toEqual(['associate', 'shopper']);
    expect(legsInOrder([leg({ leg: 'associate', startedAt: at(12) }), leg({ leg: 'shopper', startedAt: at(0) })]).map((l) => l.leg)).toEqual(['shopper', 'associate']);
    expect(legsInOrder([leg({ leg: 'shopper' }), leg({ leg: 'associate' })]).map((l) => l.leg)).toEqual(['associate', 'shopper']);
  });

  it('sums up the calls and texts', () => {
    expect(phoneSummary([call(), call({ outcome: 'shopper-busy', connectedAt: null, talkSeconds: null })], 3)).toBe('2 calls (1 connected), 7 min 05 s on the line · 3 texts');
    expect(phoneSummary([call({ outcome: 'associate-busy', connectedAt: null, talkSeconds: null })], 1)).toBe('1 call (0 connected) · 1 text');
    expect(phoneSummary([], 2)).toBe('No phone call · 2 texts');
    expect(countsText(2, 3)).toBe('2 calls · 3 texts');
    expect(countsText(1, 0)).toBe('1 call · 0 texts');
  });
});
