import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCallCallback,
  applyMessageCallback,
  CALL_STATUSES,
  type CallCallback,
  type CallState,
  type CallStatus,
  callCallbackOf,
  FINAL_CALL_STATUSES,
  MESSAGE_STATUSES,
  type MessageState,
  type MessageStatus,
  messageCallbackOf,
  NEW_CALL,
  NEW_MESSAGE,
} from './status.core';

type Report = Pick<CallCallback, 'status' | 'sequence' | 'durationSeconds'>;

const foldCall = (reports: readonly Report[], from: CallState = NEW_CALL) => reports.reduce<CallState>((s, r) => applyCallCallback(s, r).state, from);
const foldMessage = (statuses: readonly MessageStatus[], from: MessageState = NEW_MESSAGE) => statuses.reduce<MessageState>((s, status) => applyMessageCallback(s, { status, errorCode: status === 'undelivered' ? 30003 : null }).state, from);

const STEP: Record<CallStatus, number> = { queued: 0, initiated: 1, ringing: 2, 'in-progress': 3, completed: 4, busy: 4, failed: 4, 'no-answer': 4, canceled: 4 };

/** What one real call reports: some of initiated, ringing, answered, then its one end, numbered in the order sent. */
const aCall = fc
  .record({
    end: fc.constantFrom<CallStatus>('completed', 'busy', 'failed', 'no-answer', 'canceled'),
    initiated: fc.boolean(),
    ringing: fc.boolean(),
    duration: fc.integer({ min: 0, max: 7200 }),
  })
  .map(({ end, initiated, ringing, duration }) => {
    const before: CallStatus[] = [...(initiated ? ['initiated' as const] : []), ...(ringing || end !== 'failed' ? ['ringing' as const] : []), ...(end === 'completed' ? ['in-progress' as const] : [])];
    return [...before, end].map((status, sequence): Report => ({ status, sequence, durationSeconds: status === 'completed' ? duration : null }));
  });

/** The same callbacks as delivered: each once or more, in any order. */
const delivered = <T>(items: readonly T[]) =>
  fc.array(fc.integer({ min: 1, max: 3 }), { minLength: items.length, maxLength: items.length }).chain((times) => {
    const all = items.flatMap((item, i) => Array.from({ length: times[i]! }, () => item));
    return fc.shuffledSubarray(all, { minLength: all.length });
  });

describe('a call’s status from its callbacks', () => {
  it('walks forward through Twilio’s statuses, with the duration at the end', () => {
    let s = NEW_CALL;
    for (const [status, sequence] of [['initiated', 0], ['ringing', 1], ['in-progress', 2]] as const) {
      const next = applyCallCallback(s, { status, sequence, durationSeconds: null });
      expect(next).toEqual({ state: { status, sequence, durationSeconds: null }, changed: true });
      s = next.state;
    }
    expect(applyCallCallback(s, { status: 'completed', sequence: 3, durationSeconds: 42 })).toEqual({ state: { status: 'completed', sequence: 3, durationSeconds: 42 }, changed: true });
  });

  it('never moves back: a late ringing after in-progress, or a replay, changes nothing', () => {
    const answered: CallState = { status: 'in-progress', sequence: 2, durationSeconds: null };
    expect(applyCallCallback(answered, { status: 'ringing', sequence: 1, durationSeconds: null })).toEqual({ state: answered, changed: false });
    expect(applyCallCallback(answered, { status: 'in-progress', sequence: 2, durationSeconds: null })).toEqual({ state: answered, changed: false });
    // The same step again, later in the call's sequence: kept as the newer word on it.
    expect(applyCallCallback(answered, { status: 'in-progress', sequence: 5, durationSeconds: null }).changed).toBe(true);
  });

  it('keeps a final status final, even against another final status or a higher sequence', () => {
    for (const end of FINAL_CALL_STATUSES) {
      const over: CallState = { status: end, sequence: 3, durationSeconds: end === 'completed' ? 10 : null };
      for (const status of CALL_STATUSES) expect(applyCallCallback(over, { status, sequence: 9, durationSeconds: 99 })).toEqual({ state: over, changed: false });
    }
  });

  it('ends where the callbacks sorted by sequence end, whatever order and however often they come', () => {
    fc.assert(
      fc.property(aCall.chain((call) => fc.tuple(fc.constant(call), delivered(call))), ([call, arrivals]) => {
        const sorted = foldCall(call);
        expect(foldCall(arrivals)).toEqual(sorted);
        expect(sorted.status).toBe(call.at(-1)!.status);
      }),
    );
  });

  it('only ever moves forward, and a second delivery of everything changes nothing, for any callbacks at all', () => {
    const anyReport = fc.record({ status: fc.constantFrom(...CALL_STATUSES), sequence: fc.option(fc.nat(20)), durationSeconds: fc.option(fc.nat(100)) });
    fc.assert(
      fc.property(fc.array(anyReport, { maxLength: 20 }), (reports) => {
        let s = NEW_CALL;
        for (const r of reports) {
          const { state: next, changed } = applyCallCallback(s, r);
          expect(STEP[next.status]).toBeGreaterThanOrEqual(STEP[s.status]);
          if (FINAL_CALL_STATUSES.has(s.status)) expect(next).toBe(s);
          if (!changed) expect(next).toBe(s);
          s = next;
        }
        expect(foldCall(reports, s)).toEqual(s);
        for (const r of reports) expect(applyCallCallback(s, r).changed).toBe(false);
      }),
    );
  });

  it('is read from a callback’s form: CallSid, CallStatus, SequenceNumber, CallDuration, ParentCallSid', () => {
    const sid = `CA${'a'.repeat(32)}`;
    const parent = `CA${'b'.repeat(32)}`;
    const form = new URLSearchParams({ CallSid: sid, CallStatus: 'completed', SequenceNumber: '3', CallDuration: '61', ParentCallSid: parent, AccountSid: `AC${'c'.repeat(32)}` });
    expect(callCallbackOf(form)).toEqual({ callSid: sid, status: 'completed', sequence: 3, durationSeconds: 61, parentCallSid: parent });
    expect(callCallbackOf(new URLSearchParams({ CallSid: sid, CallStatus: 'ringing' }))).toEqual({ callSid: sid, status: 'ringing', sequence: null, durationSeconds: null, parentCallSid: null });
    expect(callCallbackOf(new URLSearchParams({ CallSid: sid, CallStatus: 'ringing', SequenceNumber: '-1', CallDuration: '1e3' }))).toMatchObject({ sequence: null, durationSeconds: null });
    expect(callCallbackOf(new URLSearchParams({ CallSid: sid, CallStatus: 'answered' }))).toBeNull();
    expect(callCallbackOf(new URLSearchParams({ CallSid: 'CA123', CallStatus: 'ringing' }))).toBeNull();
    expect(callCallbackOf(new URLSearchParams({ CallStatus: 'ringing' }))).toBeNull();
  });
});

describe('a message’s status from its callbacks', () => {
  it('goes queued → sending → sent → delivered, keeping the error code of an undelivered one', () => {
    expect(foldMessage(['sending', 'sent', 'delivered'])).toEqual({ status: 'delivered', errorCode: null });
    expect(foldMessage(['sent', 'undelivered'])).toEqual({ status: 'undelivered', errorCode: 30003 });
    expect(applyMessageCallback({ status: 'sent', errorCode: null }, { status: 'sending', errorCode: null }).changed).toBe(false);
    expect(applyMessageCallback({ status: 'sent', errorCode: null }, { status: 'sent', errorCode: null }).changed).toBe(false);
    expect(applyMessageCallback({ status: 'delivered', errorCode: null }, { status: 'failed', errorCode: 30008 })).toEqual({ state: { status: 'delivered', errorCode: null }, changed: false });
  });

  it('ends where its callbacks in order end, whatever order and however often they come', () => {
    const aMessage = fc
      .record({ end: fc.constantFrom<MessageStatus>('delivered', 'undelivered', 'failed'), sending: fc.boolean(), sent: fc.boolean() })
      .map(({ end, sending, sent }): MessageStatus[] => [...(sending ? ['sending' as const] : []), ...(sent && end !== 'failed' ? ['sent' as const] : []), end]);
    fc.assert(
      fc.property(aMessage.chain((m) => fc.tuple(fc.constant(m), delivered(m))), ([message, arrivals]) => {
        expect(foldMessage(arrivals)).toEqual(foldMessage(message));
        expect(foldMessage(arrivals).status).toBe(message.at(-1));
        expect(foldMessage(arrivals, foldMessage(arrivals))).toEqual(foldMessage(message));
      }),
    );
  });

  it('is read from a callback’s form: MessageSid, MessageStatus (or SmsStatus), ErrorCode', () => {
    const sid = `SM${'d'.repeat(32)}`;
    expect(messageCallbackOf(new URLSearchParams({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003' }))).toEqual({ messageSid: sid, status: 'undelivered', errorCode: 30003 });
    expect(messageCallbackOf(new URLSearchParams({ MessageSid: sid, SmsStatus: 'received' }))).toEqual({ messageSid: sid, status: 'received', errorCode: null });
    expect(messageCallbackOf(new URLSearchParams({ MessageSid: sid, MessageStatus: 'read' }))).toBeNull();
    expect(messageCallbackOf(new URLSearchParams({ MessageStatus: 'sent' }))).toBeNull();
    expect(MESSAGE_STATUSES).toEqual(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received']);
  });
});
