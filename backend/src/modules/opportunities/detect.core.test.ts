import { describe, expect, it } from 'vitest';
import { type Condition, OpportunityRules } from '../../../../shared/rules';
import type { SessionAggregate } from '../../../../shared/session';
import { emptyAggregate } from '../sessions/aggregate.core';
import { type CustomerView, dwellMarks, evaluate, localTime, MAX_DWELL_MARKS } from './detect.core';

type Product = SessionAggregate['products'][number];

function product(over: Partial<Product> = {}): Product {
  return {
    key: 'sku:1',
    name: 'Bravia 65',
    url: 'https://volt.example/p/1',
    price: '1299.00',
    currency: 'EUR',
    brand: null,
    category: ['TV', 'OLED'],
    availability: null,
    views: 1,
    dwellMs: 10_000,
    firstSeenAt: '2026-03-02T10:00:00.000Z',
    lastSeenAt: '2026-03-02T10:00:10.000Z',
    ...over,
  };
}

function aggregate(over: Partial<SessionAggregate> = {}): SessionAggregate {
  return { ...emptyAggregate(), sites: ['volt.example'], products: [product()], ...over };
}

const gold: CustomerView = { tier: 'Gold', lifetimeValue: '5000.00', currency: 'EUR', tags: ['VIP', 'tv-buyer'] };
// A Monday, 10:00 UTC = 11:00 in Paris.
const MONDAY_10_UTC = new Date('2026-03-02T10:00:00.000Z');

/** Whether a single condition holds, through evaluate. */
function holds(when: Condition, input: { aggregate?: SessionAggregate; customer?: CustomerView | null; returning?: boolean } = {}, now = MONDAY_10_UTC, timezone = 'UTC') {
  const rules = OpportunityRules.parse({ threshold: 1, timezone, conditions: [{ id: 'c', when, points: 1 }] });
  return evaluate(rules, { aggregate: input.aggregate ?? aggregate(), customer: input.customer ?? null, returning: input.returning ?? false }, now).opens;
}

describe('conditions, one type at a time', () => {
  it.each<[string, Condition, Parameters<typeof holds>[1], boolean]>([
    ['dwell reached', { type: 'dwell', seconds: 10 }, {}, true],
    ['dwell short by a millisecond', { type: 'dwell', seconds: 10 }, { aggregate: aggregate({ products: [product({ dwellMs: 9_999 })] }) }, false],
    ['dwell counts one product, not the sum', { type: 'dwell', seconds: 15 }, { aggregate: aggregate({ products: [product(), product({ key: 'sku:2' })] }) }, false],
    ['price at least, equal', { type: 'product_price', min: '1299', currency: 'EUR' }, {}, true],
    ['price at least, a cent short', { type: 'product_price', min: '1299.01', currency: 'EUR' }, {}, false],
    ['price compared as decimals, no float error', { type: 'product_price', min: '0.3', currency: 'EUR' }, { aggregate: aggregate({ products: [product({ price: '0.30' })] }) }, true],
    ['price at most', { type: 'product_price', max: '1299.00', currency: 'EUR' }, {}, true],
    ['price at most, exceeded', { type: 'product_price', max: '1298.99', currency: 'EUR' }, {}, false],
    ['price in another currency does not count', { type: 'product_price', min: '100', currency: 'USD' }, {}, false],
    ['price range on one product', { type: 'product_price', min: '1000', max: '2000', currency: 'EUR' }, {}, true],
    ['unknown price never holds', { type: 'product_price', max: '5000', currency: 'EUR' }, { aggregate: aggregate({ products: [product({ price: null })] }) }, false],
    ['category prefix', { type: 'category', path: ['TV'] }, {}, true],
    ['category prefix, any case', { type: 'category', path: ['tv', 'oled'] }, {}, true],
    ['category longer than the product', { type: 'category', path: ['TV', 'OLED', '65'] }, {}, false],
    ['category of a listing page', { type: 'category', path: ['Audio'] }, { aggregate: aggregate({ categories: [{ path: ['Audio', 'Speakers'], views: 1 }] }) }, true],
    ['category elsewhere', { type: 'category', path: ['Audio'] }, {}, false],
    ['repeat views reached', { type: 'repeat_views', views: 3 }, { aggregate: aggregate({ products: [product({ views: 3 })] }) }, true],
    ['repeat views short', { type: 'repeat_views', views: 3 }, { aggregate: aggregate({ products: [product({ views: 2 })] }) }, false],
    [
      'cart value in its currency',
      { type: 'cart_value', min: '500', currency: 'EUR' },
      { aggregate: aggregate({ cart: { ...emptyAggregate().cart, value: '500.00', currency: 'EUR', totals: [{ currency: 'EUR', value: '500.00' }] } }) },
      true,
    ],
    [
      'cart value in another currency',
      { type: 'cart_value', min: '500', currency: 'EUR' },
      { aggregate: aggregate({ cart: { ...emptyAggregate().cart, value: '900.00', currency: 'USD', totals: [{ currency: 'USD', value: '900.00' }] } }) },
      false,
    ],
    [
      'cart value short',
      { type: 'cart_value', min: '500', currency: 'EUR' },
      { aggregate: aggregate({ cart: { ...emptyAggregate().cart, value: '499.99', currency: 'EUR', totals: [{ currency: 'EUR', value: '499.99' }] } }) },
      false,
    ],
    ['search word', { type: 'search_terms', words: ['oled'] }, { aggregate: aggregate({ searches: [{ terms: 'Best OLED tv', count: 1, lastAt: '' }] }) }, true],
    ['search phrase', { type: 'search_terms', words: ['gaming laptop'] }, { aggregate: aggregate({ searches: [{ terms: 'cheap gaming  laptop!', count: 1, lastAt: '' }] }) }, true],
    ['search word inside another word does not count', { type: 'search_terms', words: ['tv'] }, { aggregate: aggregate({ searches: [{ terms: 'tvstand', count: 1, lastAt: '' }] }) }, false],
    ['returning visitor', { type: 'returning' }, { returning: true }, true],
    ['first visit', { type: 'returning' }, { returning: false }, false],
    ['customer tier, any case', { type: 'customer_tier', tiers: ['gold', 'platinum'] }, { customer: gold }, true],
    ['customer tier not listed', { type: 'customer_tier', tiers: ['platinum'] }, { customer: gold }, false],
    ['no customer, no tier', { type: 'customer_tier', tiers: ['gold'] }, { customer: null }, false],
    ['lifetime value reached', { type: 'lifetime_value', min: '5000', currency: 'EUR' }, { customer: gold }, true],
    ['lifetime value short', { type: 'lifetime_value', min: '5000.01', currency: 'EUR' }, { customer: gold }, false],
    ['lifetime value in another currency', { type: 'lifetime_value', min: '10', currency: 'USD' }, { customer: gold }, false],
    ['customer tag', { type: 'customer_tag', tag: 'vip' }, { customer: gold }, true],
    ['customer tag missing', { type: 'customer_tag', tag: 'staff' }, { customer: gold }, false],
    ['site', { type: 'site', domains: ['volt.example'] }, {}, true],
    ['site, a subdomain', { type: 'site', domains: ['example'] }, {}, true],
    ['site elsewhere', { type: 'site', domains: ['summit.example'] }, {}, false],
  ])('%s', (_, when, input, expected) => expect(holds(when, input)).toBe(expected));
});

describe('time of day, in the rules zone', () => {
  it.each<[string, Condition, string, string, boolean]>([
    ['inside, UTC', { type: 'time_of_day', from: '09:00', to: '18:00' }, 'UTC', '2026-03-02T10:00:00Z', true],
    ['at from, included', { type: 'time_of_day', from: '10:00', to: '18:00' }, 'UTC', '2026-03-02T10:00:00Z', true],
    ['at to, excluded', { type: 'time_of_day', from: '08:00', to: '10:00' }, 'UTC', '2026-03-02T10:00:00Z', false],
    ['11:00 in Paris', { type: 'time_of_day', from: '11:00', to: '12:00' }, 'Europe/Paris', '2026-03-02T10:00:00Z', true],
    ['not 10:00 in Paris', { type: 'time_of_day', from: '10:00', to: '11:00' }, 'Europe/Paris', '2026-03-02T10:00:00Z', false],
    ['Paris in summer time (UTC+2)', { type: 'time_of_day', from: '12:00', to: '13:00' }, 'Europe/Paris', '2026-07-06T10:00:00Z', true],
    ['on a listed weekday (Monday)', { type: 'time_of_day', from: '09:00', to: '18:00', days: [1] }, 'UTC', '2026-03-02T10:00:00Z', true],
    ['not on a weekday left out', { type: 'time_of_day', from: '09:00', to: '18:00', days: [6, 7] }, 'UTC', '2026-03-02T10:00:00Z', false],
    ['local weekday, not UTC: Sunday 23:30 UTC is Monday in Tokyo', { type: 'time_of_day', from: '08:00', to: '09:00', days: [1] }, 'Asia/Tokyo', '2026-03-01T23:30:00Z', true],
    ['wrapping past midnight, late', { type: 'time_of_day', from: '22:00', to: '02:00', days: [5] }, 'UTC', '2026-03-06T23:00:00Z', true],
    ['wrapping past midnight, early next day belongs to the day it started', { type: 'time_of_day', from: '22:00', to: '02:00', days: [5] }, 'UTC', '2026-03-07T01:00:00Z', true],
    ['wrapping, early on the start day does not count', { type: 'time_of_day', from: '22:00', to: '02:00', days: [5] }, 'UTC', '2026-03-06T01:00:00Z', false],
    ['wrapping from Sunday into Monday', { type: 'time_of_day', from: '23:00', to: '01:00', days: [7] }, 'UTC', '2026-03-02T00:30:00Z', true],
  ])('%s', (_, when, zone, at, expected) => expect(holds(when, {}, new Date(at), zone)).toBe(expected));

  it('reads the local weekday and minute', () => {
    expect(localTime(new Date('2026-03-01T23:30:00Z'), 'Asia/Tokyo')).toEqual({ day: 1, minutes: 8 * 60 + 30 });
    expect(localTime(new Date('2026-03-02T00:00:00Z'), 'UTC')).toEqual({ day: 1, minutes: 0 });
  });
});

describe('composition', () => {
  const long: Condition = { type: 'dwell', seconds: 5 };
  const pricey: Condition = { type: 'product_price', min: '5000', currency: 'EUR' };
  it.each<[string, Condition, boolean]>([
    ['all, every one holds', { type: 'all', of: [long, { type: 'site', domains: ['volt.example'] }] }, true],
    ['all, one fails', { type: 'all', of: [long, pricey] }, false],
    ['any, one holds', { type: 'any', of: [pricey, long] }, true],
    ['any, none holds', { type: 'any', of: [pricey, { type: 'returning' }] }, false],
    ['not', { type: 'not', of: pricey }, true],
    ['nested to the limit', { type: 'all', of: [{ type: 'any', of: [{ type: 'not', of: pricey }] }] }, true],
  ])('%s', (_, when, expected) => expect(holds(when)).toBe(expected));
});

describe('score and threshold', () => {
  const rules = (threshold: number, points: [number, number, number]) =>
    OpportunityRules.parse({
      threshold,
      conditions: [
        { id: 'dwell', when: { type: 'dwell', seconds: 5 }, points: points[0] },
        { id: 'pricey', when: { type: 'product_price', min: '1000', currency: 'EUR' }, points: points[1] },
        { id: 'returning', when: { type: 'returning' }, points: points[2] },
      ],
    });
  const input = { aggregate: aggregate(), customer: null, returning: false };

  it.each<[string, number, [number, number, number], number, boolean]>([
    ['exactly at the threshold opens', 5, [2, 3, 10], 5, true],
    ['just below does not', 5.01, [2, 3, 10], 5, false],
    ['decimals without float noise: 0.1 + 0.2 reaches 0.3', 0.3, [0.1, 0.2, 1], 0.3, true],
    ['negative points pull it down', 4, [5, -2, 10], 3, false],
  ])('%s', (_, threshold, points, score, opens) => {
    const d = evaluate(rules(threshold, points), input, MONDAY_10_UTC);
    expect(d.score).toBe(score);
    expect(d.opens).toBe(opens);
  });

  it('gives each condition that held with its points, in the rules order', () => {
    const d = evaluate(rules(5, [2, 3, 10]), { ...input, returning: true }, MONDAY_10_UTC);
    expect(d.reasons).toEqual([
      { conditionId: 'dwell', points: 2 },
      { conditionId: 'pricey', points: 3 },
      { conditionId: 'returning', points: 10 },
    ]);
    expect(d.score).toBe(15);
  });

  it('carries a condition’s description into its reason, for the associate to read', () => {
    const described = OpportunityRules.parse({ threshold: 1, conditions: [{ id: 'back', description: 'Came back as a returning visitor', when: { type: 'returning' }, points: 1 }] });
    expect(evaluate(described, { ...input, returning: true }, MONDAY_10_UTC).reasons).toEqual([{ conditionId: 'back', points: 1, description: 'Came back as a returning visitor' }]);
  });
});

describe('segment', () => {
  const withSegment = (segment: unknown) => OpportunityRules.parse({ threshold: 1, segment, conditions: [{ id: 'c', when: { type: 'returning' }, points: 1 }] });
  const run = (segment: unknown, agg: SessionAggregate) => evaluate(withSegment(segment), { aggregate: agg, customer: null, returning: false }, MONDAY_10_UTC).segment;

  it.each<[string, unknown, SessionAggregate, { category: string[]; minLevel: number }]>([
    ['fixed', { categoryFrom: 'fixed', category: ['Services'], minLevel: 3 }, aggregate(), { category: ['Services'], minLevel: 3 }],
    [
      'the product with the longest dwell',
      { minLevel: 2 },
      aggregate({ products: [product({ key: 'a', category: ['Audio'], dwellMs: 5_000 }), product({ key: 'b', category: ['TV', 'OLED'], dwellMs: 50_000 })] }),
      { category: ['TV', 'OLED'], minLevel: 2 },
    ],
    [
      'equal dwell: more views wins',
      {},
      aggregate({ products: [product({ key: 'a', category: ['Audio'], views: 1 }), product({ key: 'b', category: ['Phones'], views: 4 })] }),
      { category: ['Phones'], minLevel: 1 },
    ],
    [
      'equal dwell and views: the more recent',
      {},
      aggregate({ products: [product({ key: 'a', category: ['Audio'], lastSeenAt: '2026-03-02T10:05:00.000Z' }), product({ key: 'b', category: ['Phones'] })] }),
      { category: ['Audio'], minLevel: 1 },
    ],
    ['no product: the category page seen most', {}, aggregate({ products: [], categories: [{ path: ['Audio'], views: 1 }, { path: ['TV'], views: 3 }] }), { category: ['TV'], minLevel: 1 }],
    ['nothing says a category', {}, aggregate({ products: [] }), { category: [], minLevel: 1 }],
  ])('%s', (_, segment, agg, expected) => expect(run(segment, agg)).toEqual(expected));
});

describe('the rules document', () => {
  const issues = (doc: unknown) => OpportunityRules.safeParse(doc).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];
  const base = { threshold: 1, conditions: [{ id: 'a', when: { type: 'returning' }, points: 1 }] };

  it('takes a valid document and fills in the defaults', () => {
    expect(OpportunityRules.parse(base)).toEqual({ ...base, cooldownMinutes: 30, timezone: 'UTC', segment: { categoryFrom: 'top_product', minLevel: 1 } });
  });

  it.each<[string, unknown, string]>([
    ['an unknown condition type', { ...base, conditions: [{ id: 'a', when: { type: 'mood' }, points: 1 }] }, 'conditions.0.when.type'],
    ['a bad decimal', { ...base, conditions: [{ id: 'a', when: { type: 'cart_value', min: '1e3', currency: 'EUR' }, points: 1 }] }, 'conditions.0.when.min'],
    ['a bad time', { ...base, conditions: [{ id: 'a', when: { type: 'time_of_day', from: '24:00', to: '02:00' }, points: 1 }] }, 'conditions.0.when.from'],
    ['an unknown zone', { ...base, timezone: 'Mars/Olympus' }, 'timezone'],
    ['a fixed segment without a category', { ...base, segment: { categoryFrom: 'fixed' } }, 'segment.category'],
    ['a level above 5', { ...base, segment: { minLevel: 6 } }, 'segment.minLevel'],
    ['an unknown field', { ...base, thresold: 3 }, ''],
    ['a threshold of 0', { ...base, threshold: 0 }, 'threshold'],
  ])('refuses %s at its path', (_, doc, path) => expect(issues(doc).map(([p]) => p)).toContain(path));

  it('names a repeated id', () => {
    expect(issues({ ...base, conditions: [...base.conditions, { id: 'a', when: { type: 'dwell', seconds: 3 }, points: 1 }] })).toEqual([
      ['conditions.1.id', '"a" is already the id of conditions[0]'],
    ]);
  });

  it('names a threshold no score can reach', () => {
    expect(issues({ ...base, threshold: 2 })).toEqual([['threshold', "can never be reached: the conditions' positive points add up to 1"]]);
  });

  it('refuses nesting deeper than four levels, at the level that is too deep', () => {
    const leaf = { type: 'returning' };
    const deep = { type: 'all', of: [{ type: 'any', of: [{ type: 'not', of: { type: 'all', of: [leaf] } }] }] };
    expect(issues({ ...base, conditions: [{ id: 'a', when: deep, points: 1 }] })).toEqual([
      ['conditions.0.when.of.0.of.0.of', 'nests all/any/not deeper than 4 levels'],
    ]);
  });
});

describe('dwell marks', () => {
  const rules = (...whens: Condition[]) => OpportunityRules.parse({ threshold: 1, conditions: whens.map((when, i) => ({ id: `c${i}`, when, points: 1 })) });
  it.each<[string, Condition[], number[]]>([
    ['none without a dwell condition', [{ type: 'returning' }], []],
    ['one', [{ type: 'dwell', seconds: 20 }], [20]],
    ['nested, distinct, ascending', [{ type: 'any', of: [{ type: 'dwell', seconds: 60 }, { type: 'not', of: { type: 'dwell', seconds: 20 } }] }, { type: 'dwell', seconds: 20 }], [20, 60]],
  ])('%s', (_, whens, expected) => {
    expect(dwellMarks(rules(...whens))).toEqual(expected);
  });
  it('keeps at most the first few', () => {
    const many = Array.from({ length: MAX_DWELL_MARKS + 5 }, (_, i): Condition => ({ type: 'dwell', seconds: 100 - i }));
    expect(dwellMarks(rules({ type: 'any', of: many.slice(0, 20) }, { type: 'any', of: many.slice(20) }))).toHaveLength(MAX_DWELL_MARKS);
  });
});
