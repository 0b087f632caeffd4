import { describe, expect, it } from 'vitest';
import { ev } from '../../testing/fixtures';
import { emptyAggregate } from './aggregate.core';
import { planSessions } from './sessionize.core';

const GAP = 30 * 60_000;
const url = 'https://volt.example/';
const pv = (at: string) => ({ event: ev(at, { type: 'page_view', url, kind: 'other' }), at, domain: 'volt.example' });
const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};
const day = (d: string, t: string) => `2026-03-${d}T${t}:00.000Z`;

describe('planSessions', () => {
  it.each([
    ['opens one session for a first burst', null, ['10:00', '10:05', '10:20'], [['new-1', true, 3]]],
    ['continues the stored session within the gap', '09:50', ['10:00', '10:10'], [['old', false, 2]]],
    ['opens a new session past the gap', '09:00', ['10:00'], [['new-1', true, 1]]],
    ['splits a batch at a gap', null, ['10:00', '10:10', '11:00', '11:05'], [['new-1', true, 2], ['new-2', true, 2]]],
    ['sorts a batch sent out of order', '09:55', ['10:20', '10:00', '10:10'], [['old', false, 3]]],
    ['folds a late, older event into the latest session', '09:55', ['09:10'], [['old', false, 1]]],
    ['joins events just before the session start to it', '09:55', ['08:45'], [['old', false, 1]]],
    ['gives an event from an earlier visit a session of its own', '09:55', ['08:00'], [['new-1', true, 1]]],
    ['splits earlier visits, the live session and what follows', '09:55', ['07:00', '08:40', '10:00', '11:00'], [['new-1', true, 1], ['old', false, 2], ['new-2', true, 1]]],
  ] as const)('%s', (_name, stored, times, expected) => {
    const latest = stored ? { id: 'old', startedAt: day('02', '09:00'), lastEventAt: day('02', stored), aggregate: emptyAggregate() } : null;
    const { writes } = planSessions(latest, times.map((t) => pv(day('02', t))), GAP, ids());
    expect(writes.map((w) => [w.id, w.isNew, w.aggregate.eventCount])).toEqual(expected);
  });

  it('moves the session window to cover its events', () => {
    const latest = { id: 'old', startedAt: day('02', '09:30'), lastEventAt: day('02', '09:55'), aggregate: emptyAggregate() };
    const [w] = planSessions(latest, [pv(day('02', '09:10')), pv(day('02', '10:05'))], GAP, ids()).writes;
    expect([w!.startedAt, w!.lastEventAt]).toEqual([day('02', '09:10'), day('02', '10:05')]);
  });

  it('does not drag the live session back to an event days old', () => {
    const latest = { id: 'old', startedAt: day('02', '09:30'), lastEventAt: day('02', '09:55'), aggregate: emptyAggregate() };
    const { writes } = planSessions(latest, [pv(day('01', '08:00')), pv(day('02', '10:00'))], GAP, ids());
    expect(writes.map((w) => [w.id, w.startedAt, w.lastEventAt])).toEqual([
      ['new-1', day('01', '08:00'), day('01', '08:00')],
      ['old', day('02', '09:30'), day('02', '10:00')],
    ]);
  });
});
