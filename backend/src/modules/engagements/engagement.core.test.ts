import { describe, expect, it } from 'vitest';
import type { EngagementStatus } from '../../../../shared/realtime';
import { type EngagementEvent, type Transition, transition } from './engagement.core';

const EXPIRES = Date.parse('2026-03-02T10:02:00.000Z');
const before = EXPIRES - 1;

const cases: [string, EngagementStatus, EngagementEvent, number, Transition][] = [
  ['the shopper says yes in time: accepted, the opportunity served', 'invited', { type: 'answer', accept: true }, before, { ok: true, status: 'accepted', freesCapacity: false, opportunity: { kind: 'served' } }],
  ['the shopper says no: declined, capacity freed, the opportunity closed', 'invited', { type: 'answer', accept: false }, before, { ok: true, status: 'declined', freesCapacity: true, opportunity: { kind: 'closed', reason: 'shopper_declined' } }],
  ['an answer at the expiry is too late', 'invited', { type: 'answer', accept: true }, EXPIRES, { ok: false, reason: 'expired' }],
  ['the ticker past the expiry: expired, capacity freed, the opportunity closed', 'invited', { type: 'expire' }, EXPIRES, { ok: true, status: 'expired', freesCapacity: true, opportunity: { kind: 'closed', reason: 'invitation_expired' } }],
  ['the ticker before the expiry changes nothing', 'invited', { type: 'expire' }, before, { ok: false, reason: 'not_due' }],
  ['the associate left before the answer: expired and offered again', 'invited', { type: 'associate_left' }, before, { ok: true, status: 'expired', freesCapacity: true, opportunity: { kind: 'reassign' } }],
  ['a second answer is refused', 'accepted', { type: 'answer', accept: false }, before, { ok: false, reason: 'answered' }],
  ['an answer to a declined invitation is refused', 'declined', { type: 'answer', accept: true }, before, { ok: false, reason: 'answered' }],
  ['an answer to an expired invitation is refused as expired', 'expired', { type: 'answer', accept: true }, before, { ok: false, reason: 'expired' }],
  ['the associate leaving after the shopper said yes changes nothing here', 'accepted', { type: 'associate_left' }, before, { ok: false, reason: 'answered' }],
  ['expiring an accepted engagement changes nothing', 'accepted', { type: 'expire' }, EXPIRES + 1, { ok: false, reason: 'answered' }],
];

describe('engagement states', () => {
  it.each(cases)('%s', (_name, status, event, now, expected) => {
    expect(transition({ status, expiresAt: EXPIRES }, event, now)).toEqual(expected);
  });
});
