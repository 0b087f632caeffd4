import { describe, expect, it } from 'vitest';
import { ev } from '../../testing/fixtures';
import { emptyAggregate } from './aggregate.core';
import { eventTime, planSessions } from './sessionize.core';

const GAP = 30 * 60_000;
const url = 'https://volt.example/';
const pv = (at: string) => ({ event: ev(at, { type: 'page_view', url, kind: 'other' }), at, domain: 'volt.example' });
const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};

describe('planSessions', () => {
  it.each([
    ['opens one session for a first burst', null, ['10:00', '10:05', '10:20'], [['new-1', true, 3]]],
    ['continues the stored session within the gap', '09:50', ['10:00', '10:10'], [['old', false, 2]]],
    ['opens a new session past the gap', '09:00', ['10:00'], [['new-1', true, 1]]],
    ['splits a batch at a gap', null, ['10:00', '10:10', '11:00', '11:05'], [['new-1', true, 2], ['new-2', true, 2]]],
    ['sorts a batch sent out of order', '09:55', ['10:20', '10:00', '10:10'], [['old', false, 3]]],
    ['folds a late, older event into the latest session', '09:55', ['09:10'], [['old', false, 1]]],
  ] as const)('%s', (_name, stored, times, expected) => {
    const latest = stored
      ? { id: 'old', startedAt: `2026-03-02T09:00:00.000Z`, lastEventAt: `2026-03-02T${stored}:00.000Z`, aggregate: emptyAggregate() }
      : null;
    const writes = planSessions(latest, times.map((t) => pv(`2026-03-02T${t}:00.000Z`)), GAP, ids());
    expect(writes.map((w) => [w.id, w.isNew, w.aggregate.eventCount])).toEqual(expected);
  });

  it('moves the session window to cover its events', () => {
    const latest = { id: 'old', startedAt: '2026-03-02T09:30:00.000Z', lastEventAt: '2026-03-02T09:55:00.000Z', aggregate: emptyAggregate() };
    const [w] = planSessions(latest, [pv('2026-03-02T09:10:00.000Z'), pv('2026-03-02T10:05:00.000Z')], GAP, ids());
    expect([w!.startedAt, w!.lastEventAt]).toEqual(['2026-03-02T09:10:00.000Z', '2026-03-02T10:05:00.000Z']);
  });
});

describe('eventTime', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');
  it.each([
    ['keeps a past time, in UTC', '2026-03-02T11:00:00+02:00', '2026-03-02T09:00:00.000Z'],
    ['keeps a small lead', '2026-03-02T10:04:00.000Z', '2026-03-02T10:04:00.000Z'],
    ['pulls a clock far ahead back to now + 5 min', '2027-01-01T00:00:00.000Z', '2026-03-02T10:05:00.000Z'],
  ])('%s', (_name, at, expected) => expect(eventTime(at, now)).toBe(expected));
});
