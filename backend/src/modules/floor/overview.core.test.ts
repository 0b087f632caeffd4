import { describe, expect, it } from 'vitest';
import { type AssociateRow, assembleOverview, presenceOf, siteOf } from './overview.core';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const associate = (over: Partial<AssociateRow> = {}): AssociateRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  displayName: 'Ana',
  presence: 'available',
  presenceReason: null,
  presenceChangedAt: ago(60_000),
  connected: true,
  paused: false,
  withinSchedule: true,
  engagements: 0,
  capacity: 2,
  ...over,
});
const empty = { shoppers: [], opportunities: [], associates: [], engagements: [] };

describe('siteOf', () => {
  it.each([
    ['https://Volt.example/p/1?x=1', 'volt.example'],
    ['http://localhost:4102/p/tent', 'localhost:4102'],
    ['javascript:alert(1)', null],
    ['not a url', null],
    [null, null],
  ])('%s → %s', (url, site) => expect(siteOf(url)).toBe(site));
});

describe('presenceOf: who an offer can reach now, and why not', () => {
  it.each<[string, Partial<AssociateRow>, ReturnType<typeof presenceOf>]>([
    ['connected, available, room', {}, { presence: 'available', reason: null }],
    ['available with one of two engagements: still available', { engagements: 1 }, { presence: 'available', reason: null }],
    ['at capacity', { engagements: 2 }, { presence: 'busy', reason: 'at_capacity' }],
    ['no live connection, whatever they chose', { connected: false, presence: 'away', presenceReason: 'missed_offers' }, { presence: 'offline', reason: null }],
    ['away, with the presence module’s reason', { presence: 'away', presenceReason: 'missed_offers' }, { presence: 'away', reason: 'missed_offers' }],
    ['away by choice', { presence: 'away' }, { presence: 'away', reason: null }],
    ['paused by this enterprise', { paused: true, engagements: 2 }, { presence: 'away', reason: 'paused_missed_offers' }],
    ['outside their schedule', { withinSchedule: false }, { presence: 'away', reason: 'outside_schedule' }],
  ])('%s', (_, over, expected) => expect(presenceOf(associate(over))).toEqual(expected));
});

describe('assembleOverview', () => {
  it('counts each shopper once in the total and once per site, most shoppers first', () => {
    const view = assembleOverview(
      {
        ...empty,
        shoppers: [
          { shopperId: 's1', lastUrl: 'https://volt.example/p/1', lastSite: 'volt.example' },
          { shopperId: 's1', lastUrl: 'http://localhost:4102/', lastSite: 'localhost:4102' },
          { shopperId: 's2', lastUrl: 'https://volt.example/', lastSite: null },
          { shopperId: 's3', lastUrl: null, lastSite: 'Volt.example' },
          { shopperId: 's4', lastUrl: null, lastSite: null },
        ],
      },
      NOW,
      5,
    );
    expect(view.shoppers).toEqual({
      total: 4,
      bySite: [
        { site: 'volt.example', shoppers: 3 },
        { site: 'localhost:4102', shoppers: 1 },
        { site: 'unknown', shoppers: 1 },
      ],
    });
  });

  it('orders opportunities oldest first, offered when an offer is pending, with how long they are open', () => {
    const row = { origin: 'detected' as const, score: 3, category: ['Audio'], lastUrl: 'https://volt.example/p/1' };
    const view = assembleOverview(
      {
        ...empty,
        opportunities: [
          { ...row, id: '00000000-0000-4000-8000-00000000000b', openedAt: ago(5_000), pendingOffers: 0 },
          { ...row, id: '00000000-0000-4000-8000-00000000000a', openedAt: ago(90_000), pendingOffers: 2 },
        ],
      },
      NOW,
      5,
    );
    expect(view.opportunities.map((o) => [o.id.slice(-1), o.state, o.forMs, o.offers, o.site])).toEqual([
      ['a', 'offered', 90_000, 2, 'volt.example'],
      ['b', 'waiting', 5_000, 0, 'volt.example'],
    ]);
  });

  it('lists associates available, busy, away, offline, by name, with the counts', () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const view = assembleOverview(
      {
        ...empty,
        associates: [
          associate({ id: id(1), displayName: 'Zoe', connected: false }),
          associate({ id: id(2), displayName: 'Yan', presence: 'away' }),
          associate({ id: id(3), displayName: 'Xia', engagements: 2 }),
          associate({ id: id(4), displayName: 'Bo' }),
          associate({ id: id(5), displayName: 'Al' }),
        ],
      },
      NOW,
      5,
    );
    expect(view.associates.counts).toEqual({ available: 2, busy: 1, away: 1, offline: 1 });
    expect(view.associates.list.map((a) => a.displayName)).toEqual(['Al', 'Bo', 'Xia', 'Yan', 'Zoe']);
    expect(view.associates.list[0]!.presenceSince).toBe(ago(60_000).toISOString());
  });

  it('shows engagements invited (since the invitation) or live (since the yes), longest first, with the channels open', () => {
    const base = { opportunityId: '00000000-0000-4000-8000-0000000000ff', associateId: '00000000-0000-4000-8000-000000000001', associateName: 'Ana', lastUrl: null };
    const view = assembleOverview(
      {
        ...empty,
        engagements: [
          { ...base, id: '00000000-0000-4000-8000-00000000000a', status: 'invited', channels: [], invitedAt: ago(10_000), answeredAt: null },
          { ...base, id: '00000000-0000-4000-8000-00000000000b', status: 'accepted', channels: ['voice', 'chat', 'chat'], invitedAt: ago(300_000), answeredAt: ago(240_000) },
        ],
      },
      NOW,
      5,
    );
    expect(view.engagements.map((e) => [e.id.slice(-1), e.stage, e.since, e.forMs, e.channels])).toEqual([
      ['b', 'live', ago(240_000).toISOString(), 240_000, ['chat', 'voice']],
      ['a', 'invited', ago(10_000).toISOString(), 10_000, []],
    ]);
  });
});
