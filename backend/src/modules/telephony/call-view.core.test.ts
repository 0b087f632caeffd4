import { describe, expect, it } from 'vitest';
import { CallView } from '../../../../shared/telephony';
import { type BridgeRecord, callOutcomeOf, callStateOf, callViewOf, type LegRecord } from './call-view.core';

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s));
const leg = (l: LegRecord['leg'], over: Partial<LegRecord> = {}): LegRecord => ({ leg: l, status: 'queued', startedAt: at(0), answeredAt: null, endedAt: null, durationSeconds: null, ...over });
const associate = (over: Partial<LegRecord> = {}) => leg('associate', over);
const shopper = (over: Partial<LegRecord> = {}) => leg('shopper', { startedAt: at(5), ...over });
const bridge = (legs: LegRecord[]): BridgeRecord => ({ callId: 'c1', engagementId: 'e1', direction: 'click-to-call', associateVia: 'phone', legs });

describe('a bridge’s state', () => {
  it('rings the associate, then the shopper, then both are on the line, then it is over', () => {
    expect(callStateOf([associate()])).toBe('calling-associate');
    expect(callStateOf([associate({ status: 'ringing' })])).toBe('calling-associate');
    expect(callStateOf([associate({ status: 'in-progress', answeredAt: at(3) })])).toBe('calling-shopper');
    expect(callStateOf([associate({ status: 'in-progress', answeredAt: at(3) }), shopper({ status: 'ringing' })])).toBe('calling-shopper');
    expect(callStateOf([associate({ status: 'in-progress', answeredAt: at(3) }), shopper({ status: 'in-progress', answeredAt: at(8) })])).toBe('connected');
    expect(callStateOf([associate({ status: 'completed', answeredAt: at(3), endedAt: at(60) }), shopper({ status: 'completed', answeredAt: at(8), endedAt: at(60) })])).toBe('ended');
    // Either leg over is the end: Twilio ends the other with it.
    expect(callStateOf([associate({ status: 'in-progress', answeredAt: at(3) }), shopper({ status: 'busy', endedAt: at(9) })])).toBe('ended');
    // A leg our hang-up closed while its status had not caught up is over too.
    expect(callStateOf([associate({ status: 'ringing', endedAt: at(4) })])).toBe('ended');
  });
});

describe('a bridge’s outcome', () => {
  it('tells each leg’s end apart', () => {
    expect(callOutcomeOf([associate({ status: 'ringing' })])).toBeNull();
    expect(callOutcomeOf([associate({ status: 'busy', endedAt: at(4) })])).toBe('associate-busy');
    expect(callOutcomeOf([associate({ status: 'no-answer', endedAt: at(30) })])).toBe('associate-no-answer');
    expect(callOutcomeOf([associate({ status: 'failed', endedAt: at(1) })])).toBe('failed');
    expect(callOutcomeOf([associate({ status: 'canceled', endedAt: at(4) })])).toBe('canceled');
    const up = associate({ status: 'completed', answeredAt: at(3), endedAt: at(40) });
    expect(callOutcomeOf([up, shopper({ status: 'busy', endedAt: at(9), durationSeconds: 0 })])).toBe('shopper-busy');
    expect(callOutcomeOf([up, shopper({ status: 'no-answer', endedAt: at(35), durationSeconds: 0 })])).toBe('shopper-no-answer');
    expect(callOutcomeOf([up, shopper({ status: 'failed', endedAt: at(6) })])).toBe('failed');
    expect(callOutcomeOf([up, shopper({ status: 'canceled', endedAt: at(7) })])).toBe('canceled');
    expect(callOutcomeOf([up, shopper({ status: 'completed', answeredAt: at(8), endedAt: at(40), durationSeconds: 32 })])).toBe('completed');
    // The associate answered and hung up before the shopper's phone was dialled.
    expect(callOutcomeOf([up])).toBe('canceled');
    // Closed by a hang-up while both talked: the shopper leg completed, answered.
    expect(callOutcomeOf([associate({ status: 'completed', answeredAt: at(3), endedAt: at(20) }), shopper({ status: 'completed', answeredAt: at(8), endedAt: at(20), durationSeconds: 12 })])).toBe('completed');
  });
});

describe('a bridge’s view', () => {
  it('says when both were on the line, when it ended and the talk time (the shopper leg’s duration), legs associate first', () => {
    const view = callViewOf(
      bridge([
        shopper({ status: 'completed', answeredAt: at(8), endedAt: at(50), durationSeconds: 42 }),
        associate({ status: 'completed', answeredAt: at(3), endedAt: at(51), durationSeconds: 48 }),
      ]),
    );
    expect(CallView.parse(view)).toEqual(view);
    expect(view).toMatchObject({ callId: 'c1', engagementId: 'e1', direction: 'click-to-call', associateVia: 'phone', state: 'ended', outcome: 'completed', startedAt: at(0).toISOString(), connectedAt: at(8).toISOString(), endedAt: at(51).toISOString(), talkSeconds: 42 });
    expect(view.legs.map((l) => l.leg)).toEqual(['associate', 'shopper']);
  });

  it('has no end, outcome or talk time while under way; talk time 0 when the shopper never answered', () => {
    expect(callViewOf(bridge([associate({ status: 'in-progress', answeredAt: at(3) }), shopper({ status: 'in-progress', answeredAt: at(8) })]))).toMatchObject({ state: 'connected', outcome: null, endedAt: null, talkSeconds: null, connectedAt: at(8).toISOString() });
    expect(callViewOf(bridge([associate({ status: 'no-answer', endedAt: at(30) })]))).toMatchObject({ state: 'ended', outcome: 'associate-no-answer', connectedAt: null, talkSeconds: 0, endedAt: at(30).toISOString() });
  });
});

describe('a dial-in bridge (the shopper called in, the associate dialled)', () => {
  // The shopper's own call is answered from the start (it keyed in the code); the associate's leg is dialled after.
  const caller = (over: Partial<LegRecord> = {}) => leg('shopper', { status: 'in-progress', startedAt: at(0), answeredAt: at(0), ...over });
  const dialled = (over: Partial<LegRecord> = {}) => leg('associate', { startedAt: at(2), ...over });
  const dialIn = (legs: LegRecord[]): BridgeRecord => ({ ...bridge(legs), direction: 'dial-in' });

  it('rings the associate, then both are on the line, then it is over: connected and talk time are the associate leg’s', () => {
    expect(callViewOf(dialIn([caller()]))).toMatchObject({ state: 'calling-associate', direction: 'dial-in', startedAt: at(0).toISOString(), connectedAt: null });
    expect(callViewOf(dialIn([caller(), dialled({ status: 'ringing' })]))).toMatchObject({ state: 'calling-associate' });
    expect(callViewOf(dialIn([caller(), dialled({ status: 'in-progress', answeredAt: at(6) })]))).toMatchObject({ state: 'connected', connectedAt: at(6).toISOString(), talkSeconds: null });
    const view = callViewOf(dialIn([dialled({ status: 'completed', answeredAt: at(6), endedAt: at(40), durationSeconds: 34 }), caller({ status: 'completed', endedAt: at(41), durationSeconds: 41 })]));
    expect(CallView.parse(view)).toEqual(view);
    expect(view).toMatchObject({ state: 'ended', outcome: 'completed', startedAt: at(0).toISOString(), connectedAt: at(6).toISOString(), endedAt: at(41).toISOString(), talkSeconds: 34 });
  });

  it('tells the associate’s end apart, and the shopper hanging up before the associate answered', () => {
    expect(callOutcomeOf([caller(), dialled({ status: 'busy', endedAt: at(4) })], 'dial-in')).toBe('associate-busy');
    expect(callOutcomeOf([caller(), dialled({ status: 'no-answer', endedAt: at(32) })], 'dial-in')).toBe('associate-no-answer');
    expect(callOutcomeOf([caller({ status: 'completed', endedAt: at(5) }), dialled({ status: 'ringing' })], 'dial-in')).toBe('canceled');
    expect(callOutcomeOf([caller({ status: 'completed', endedAt: at(5) })], 'dial-in')).toBe('canceled');
    expect(callViewOf(dialIn([caller({ status: 'completed', endedAt: at(5) }), dialled({ status: 'canceled', endedAt: at(5) })]))).toMatchObject({ outcome: 'canceled', talkSeconds: 0 });
  });
});
