import { describe, expect, it } from 'vitest';
import type { EngagementStatus } from '../../../../shared/realtime';
import { type EngagementEvent, endReasonOf, type Transition, transition } from './engagement.core';

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
  ['the shopper ends a live engagement: ended, capacity freed, the opportunity kept served', 'accepted', { type: 'end', reason: 'shopper_ended' }, before, { ok: true, status: 'ended', freesCapacity: true, opportunity: { kind: 'kept' } }],
  ['a peer lost long after the invitation expiry still ends it', 'accepted', { type: 'end', reason: 'peer_lost' }, EXPIRES + 3_600_000, { ok: true, status: 'ended', freesCapacity: true, opportunity: { kind: 'kept' } }],
  ['ending twice is refused as ended', 'ended', { type: 'end', reason: 'associate_ended' }, before, { ok: false, reason: 'ended' }],
  ['ending an invitation not answered yet is refused as not live', 'invited', { type: 'end', reason: 'associate_ended' }, before, { ok: false, reason: 'not_live' }],
  ['ending a declined invitation is refused as not live', 'declined', { type: 'end', reason: 'shopper_ended' }, before, { ok: false, reason: 'not_live' }],
  ['ending an expired invitation is refused as not live', 'expired', { type: 'end', reason: 'shopper_ended' }, before, { ok: false, reason: 'not_live' }],
  ['an answer to an ended engagement is refused as answered', 'ended', { type: 'answer', accept: true }, before, { ok: false, reason: 'answered' }],
  ['the associate leaving an ended engagement changes nothing', 'ended', { type: 'associate_left' }, before, { ok: false, reason: 'answered' }],
  ['the ticker never touches an ended engagement', 'ended', { type: 'expire' }, EXPIRES + 1, { ok: false, reason: 'answered' }],
];

describe('engagement states', () => {
  it.each(cases)('%s', (_name, status, event, now, expected) => {
    expect(transition({ status, expiresAt: EXPIRES }, event, now)).toEqual(expected);
  });
});

describe('end reasons', () => {
  it.each([
    ['shopper', 'done', 'shopper_ended'],
    ['associate', 'done', 'associate_ended'],
    ['shopper', 'peer_lost', 'peer_lost'],
    ['associate', 'peer_lost', 'peer_lost'],
  ] as const)('%s ending with %s → %s', (side, reason, expected) => {
    expect(endReasonOf(side, reason)).toBe(expected);
  });
});
