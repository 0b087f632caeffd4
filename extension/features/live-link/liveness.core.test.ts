import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS } from '../../../shared/live';
import { liveness, type LivenessInput, type LivenessVerdict } from './liveness.core';

const { pingEveryMs, lostAfterMs, reconnectWithinMs } = LIVE_LIMITS;
const T = 1_000_000;
const open: LivenessInput = { now: T, lastHeardAt: T, lastPingAt: T, ice: 'connected', disconnectedSince: null, lostSince: null };

const cases: { name: string; input: Partial<LivenessInput>; verdict: LivenessVerdict }[] = [
  { name: 'just heard, just pinged', input: {}, verdict: { kind: 'fine' } },
  { name: 'never pinged on this connection', input: { lastPingAt: null }, verdict: { kind: 'ping' } },
  { name: 'a ping is due', input: { now: T + pingEveryMs }, verdict: { kind: 'ping' } },
  { name: 'a ping is not yet due', input: { now: T + pingEveryMs - 1, lastHeardAt: T + 10 }, verdict: { kind: 'fine' } },
  { name: 'silent just under the limit', input: { now: T + lostAfterMs - 1, lastPingAt: T + lostAfterMs - 2 }, verdict: { kind: 'fine' } },
  { name: 'silent for lostAfterMs, no close event', input: { now: T + lostAfterMs, lastPingAt: T + lostAfterMs - 1 }, verdict: { kind: 'lost', why: 'silent' } },
  { name: 'ICE failed, though heard just now', input: { ice: 'failed' }, verdict: { kind: 'lost', why: 'ice_failed' } },
  { name: 'ICE closed', input: { ice: 'closed' }, verdict: { kind: 'lost', why: 'ice_failed' } },
  { name: 'ICE disconnected briefly: wait', input: { ice: 'disconnected', disconnectedSince: T - lostAfterMs }, verdict: { kind: 'fine' } },
  {
    name: 'ICE disconnected for longer than lostAfterMs, though pongs still arrive',
    input: { ice: 'disconnected', disconnectedSince: T - lostAfterMs - 1 },
    verdict: { kind: 'lost', why: 'ice_disconnected' },
  },
  { name: 'ICE checking counts as fine', input: { ice: 'checking' }, verdict: { kind: 'fine' } },
  { name: 'ICE unknown (no peer connection yet)', input: { ice: null }, verdict: { kind: 'fine' } },
  { name: 'lost, inside the reconnection window', input: { lostSince: T - reconnectWithinMs }, verdict: { kind: 'lost', why: 'reconnecting' } },
  { name: 'lost past the reconnection window', input: { lostSince: T - reconnectWithinMs - 1 }, verdict: { kind: 'give-up' } },
  { name: 'lost wins over a healthy-looking ICE state', input: { lostSince: T - 1, ice: 'connected' }, verdict: { kind: 'lost', why: 'reconnecting' } },
];

describe('liveness', () => {
  it.each(cases)('$name', ({ input, verdict }) => {
    expect(liveness({ ...open, ...input })).toEqual(verdict);
  });

  it('takes its limits as a parameter', () => {
    expect(liveness({ ...open, now: T + 50 }, { pingEveryMs: 10, lostAfterMs: 40, reconnectWithinMs: 100 })).toEqual({ kind: 'lost', why: 'silent' });
  });
});
