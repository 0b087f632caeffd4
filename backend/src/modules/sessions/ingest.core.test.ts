import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../../shared/events';
import { ev } from '../../testing/fixtures';
import { emptyAggregate } from './aggregate.core';
import { type LocatedEvent, locateEvents, MAX_CLOCK_SKEW_MS, planIngest, type SiteRef } from './ingest.core';

const now = new Date('2026-03-02T10:00:00.000Z');
const DAY = 86_400_000;
const GAP = 30 * 60_000;
const sites: SiteRef[] = [
  { id: 'site-volt', domain: 'volt.example', enterpriseId: 'ent-volt' },
  { id: 'site-summit', domain: 'summit.example', enterpriseId: 'ent-summit' },
];
const page = (at: string, host = 'volt.example', id?: string) => ev(at, { type: 'page_view', url: `https://${host}/`, kind: 'other', ...(id ? { id } : {}) });
const cartAdd = (at: string, price: string) => ev(at, { type: 'cart_add', url: 'https://volt.example/p', item: { name: 'A', sku: 'A', quantity: 1, price } });
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const ahead = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('locateEvents', () => {
  it.each<[string, ShopperEvent[], { refused?: [string, number[], ('at' | undefined)?]; at?: string[] }]>([
    ['takes a batch from participating sites, in UTC', [page('2026-03-02T11:00:00+02:00'), page(ago(1000), 'shop.summit.example')], { at: ['2026-03-02T09:00:00.000Z', ago(1000)] }],
    ['keeps a small lead of the shopper clock', [page(ahead(60_000))], { at: [ahead(60_000)] }],
    ['pulls a clock far ahead back to now + 5 min', [page('2027-01-01T00:00:00.000Z')], { at: [ahead(MAX_CLOCK_SKEW_MS)] }],
    ['takes an event just inside the maximum age', [page(ago(30 * DAY - 1000))], { at: [ago(30 * DAY - 1000)] }],
    ['refuses events past the maximum age, by index, at their time', [page(ago(1000)), page(ago(31 * DAY)), page('1970-01-01T00:00:00.000Z')], { refused: ['too_old', [1, 2], 'at'] }],
    ['refuses year 0001 with an offset (year 0 in UTC)', [page('0001-01-01T00:00:00+01:00')], { refused: ['too_old', [0], 'at'] }],
    ['refuses events from sites that do not take part before old ones', [page(ago(31 * DAY)), page(ago(1), 'news.example')], { refused: ['not_participating', [1]] }],
    ['refuses a look-alike domain', [page(ago(1), 'volt.example.evil.test')], { refused: ['not_participating', [0]] }],
  ])('%s', (_name, batch, expected) => {
    const result = locateEvents(batch, sites, now, 30 * DAY);
    if (expected.refused) {
      const [reason, indexes, field] = expected.refused;
      expect(result).toMatchObject({ ok: false, refusal: { reason } });
      if (result.ok) return;
      expect(result.refusal.events.map((e) => e.index)).toEqual(indexes);
      expect(result.refusal.events.every((e) => e.field?.[0] === field)).toBe(true);
    } else {
      expect(result.ok && result.events.map((e) => e.at)).toEqual(expected.at);
    }
  });

  it('counts a repeated id once and says where each event belongs', () => {
    const a = page(ago(1000));
    const result = locateEvents([a, page(ago(500), 'summit.example'), a], sites, now, 30 * DAY);
    expect(result.ok && result.events.map((e) => [e.index, e.siteId, e.enterpriseId, e.domain])).toEqual([
      [0, 'site-volt', 'ent-volt', 'volt.example'],
      [1, 'site-summit', 'ent-summit', 'summit.example'],
    ]);
  });
});

describe('planIngest', () => {
  const locate = (batch: ShopperEvent[]) => {
    const located = locateEvents(batch, sites, now, 30 * DAY);
    if (!located.ok) throw new Error('refused');
    return located.events;
  };
  const ids = () => {
    let n = 0;
    return () => `new-${++n}`;
  };
  const stored = (duplicates: string[] = [], latest: [string, string][] = []) => ({
    duplicates: new Set(duplicates),
    latest: new Map(latest.map(([enterpriseId, lastEventAt]) => [enterpriseId, { id: `stored-${enterpriseId}`, startedAt: lastEventAt, lastEventAt, aggregate: emptyAggregate() }])),
  });
  const summary = (located: LocatedEvent[], state: ReturnType<typeof stored>) => {
    const planned = planIngest(located.length, located, state, GAP, ids());
    if (!planned.ok) return { refused: [planned.refusal.reason, planned.refusal.events.map((e) => e.index)] };
    const { plan } = planned;
    return {
      accepted: plan.accepted,
      duplicates: plan.duplicates,
      sessions: plan.sessions.map((s) => [s.enterpriseId, s.write.id, s.write.isNew, s.write.events.map((e) => e.index)]),
    };
  };

  it.each<[string, ShopperEvent[], ReturnType<typeof stored>, unknown]>([
    ['opens a session per enterprise for a first batch', [page(ago(3000)), page(ago(2000), 'summit.example'), page(ago(1000))], stored(), {
      accepted: 3, duplicates: 0, sessions: [['ent-volt', 'new-1', true, [0, 2]], ['ent-summit', 'new-2', true, [1]]],
    }],
    ['leaves out what is stored already, counting it as a duplicate', [page(ago(2000), 'volt.example', 'evt_stored1'), page(ago(1000))], stored(['evt_stored1']), {
      accepted: 1, duplicates: 1, sessions: [['ent-volt', 'new-1', true, [1]]],
    }],
    ['writes nothing for a replay', [page(ago(1000), 'volt.example', 'evt_stored1')], stored(['evt_stored1']), { accepted: 0, duplicates: 1, sessions: [] }],
    ['continues the latest session of the enterprise within the gap', [page(ago(60_000))], stored([], [['ent-volt', ago(10 * 60_000)]]), {
      accepted: 1, duplicates: 0, sessions: [['ent-volt', 'stored-ent-volt', false, [0]]],
    }],
    ['opens a new one past the gap', [page(ago(60_000))], stored([], [['ent-volt', ago(3 * 3_600_000)]]), {
      accepted: 1, duplicates: 0, sessions: [['ent-volt', 'new-1', true, [0]]],
    }],
    ['refuses, by index, the events that would take a cart total out of range', [cartAdd(ago(3000), '999999999999.00'), page(ago(2000)), ev(ago(1000), { type: 'cart_add', url: 'https://volt.example/p', item: { name: 'B', sku: 'B', quantity: 1, price: '1.00' } })], stored(), {
      refused: ['amount_out_of_range', [2]],
    }],
  ])('%s', (_name, batch, state, expected) => expect(summary(locate(batch), state)).toEqual(expected));
});
