import { describe, expect, it } from 'vitest';
import type { SessionAggregate } from '../../../../shared/session';
import { needsOf, productOf, reasonsOf, sessionSummary } from './views.core';

const product = (name: string, dwellMs: number, category: string[], views = 1) => ({
  key: name,
  name,
  url: `https://volt.example/p/${name}`,
  price: '10.00',
  currency: 'EUR',
  brand: null,
  category,
  availability: null,
  views,
  dwellMs,
  firstSeenAt: '2026-03-02T10:00:00.000Z',
  lastSeenAt: '2026-03-02T10:00:00.000Z',
});

const aggregate = (products: ReturnType<typeof product>[], searches: [string, string][] = []): SessionAggregate => ({
  eventCount: 1,
  pageViews: 1,
  pagesByKind: {},
  products,
  categories: [],
  searches: searches.map(([terms, lastAt]) => ({ terms, count: 1, lastAt })),
  dwellMs: 0,
  cart: { items: [], value: '0.00', currency: null, totals: [], updatedAt: null },
  sites: ['volt.example'],
  lastUrl: null,
  left: false,
  customerId: null,
  customerClaim: null,
});

describe('what the associate and the shopper are shown', () => {
  it.each([
    ['the longest looked-at product in the category', [product('cable', 90_000, ['Audio', 'Cables']), product('tv', 10_000, ['TV'])], ['TV'], 'tv'],
    ['matching the category whatever its case, by path prefix', [product('tv', 10_000, ['tv', 'OLED'])], ['TV'], 'tv'],
    ['the longest looked-at one when none is in the category', [product('a', 1_000, ['X']), product('b', 5_000, ['Y'])], ['TV'], 'b'],
    ['the longest looked-at one when the segment has no category', [product('a', 1_000, []), product('b', 5_000, [])], [], 'b'],
    ['more views break a dwell tie', [product('a', 1_000, [], 1), product('b', 1_000, [], 3)], [], 'b'],
    ['none when no product was seen', [], ['TV'], null],
  ])('the product of an opportunity: %s', (_name, products, category, expected) => {
    expect(productOf(aggregate(products), { category, minLevel: 1 })?.name ?? null).toBe(expected);
  });

  it.each([
    ['an https page', 'https://volt.example/p/tv', 'https://volt.example/p/tv'],
    ['an http page', 'http://localhost:4101/p/tv', 'http://localhost:4101/p/tv'],
    ['a javascript: URL', 'javascript:alert(document.cookie)', null],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>', null],
    ['a file: URL', 'file:///etc/passwd', null],
    ['no URL at all', 'not a url', null],
  ])('links a product only to an http(s) page: %s', (_name, url, expected) => {
    const products = [{ ...product('tv', 10_000, ['TV']), url }];
    expect(sessionSummary(aggregate(products), null, false).products[0]!.url).toBe(expected);
    expect(productOf(aggregate(products), { category: ['TV'], minLevel: 1 })!.url).toBe(expected);
  });

  it('summarises the session: products by dwell, the latest searches first, the cart', () => {
    const products = Array.from({ length: 10 }, (_, i) => product(`p${i}`, i * 1000, []));
    const summary = sessionSummary(aggregate(products, [['old', '2026-03-02T09:00:00.000Z'], ['new', '2026-03-02T10:00:00.000Z']]), null, true);
    expect(summary.products.map((p) => p.name)).toEqual(['p9', 'p8', 'p7', 'p6', 'p5', 'p4', 'p3', 'p2']);
    expect(summary.searches).toEqual(['new', 'old']);
    expect(summary).toMatchObject({ site: 'volt.example', cart: { lines: 0, value: '0.00', currency: null }, customer: null, returning: true });
  });

  it.each([
    ['a lifetime value with its currency', { lifetimeValue: '99.50', currency: 'EUR' }, { value: '99.50', currency: 'EUR' }],
    ['no lifetime value without a currency', { lifetimeValue: '99.50', currency: null }, null],
    ['no lifetime value', { lifetimeValue: null, currency: 'EUR' }, null],
  ])('shows the customer: %s', (_name, money, expected) => {
    const summary = sessionSummary(aggregate([]), { tier: 'gold', tags: ['vip'], notes: null, ...money }, false);
    expect(summary.customer).toEqual({ tier: 'gold', lifetimeValue: expected, tags: ['vip'], notes: null });
  });

  it('shows a claimed customer id as a claim, without a profile, and none when the page claimed nothing', () => {
    expect(sessionSummary({ ...aggregate([]), customerClaim: 'C-1042' }, null, false)).toMatchObject({ customer: null, customerClaim: 'C-1042' });
    expect(sessionSummary(aggregate([]), null, false).customerClaim).toBeNull();
    const { customerClaim: _, ...stored } = aggregate([]);
    expect(sessionSummary(stored as SessionAggregate, null, false).customerClaim).toBeNull();
  });

  it('lists the reasons by their contribution to the score, heaviest first', () => {
    const reasons = reasonsOf({ load: { part: 1, weight: 1 }, affinity: { part: 0.6, weight: 5 }, available_now: { part: 1, weight: 0 } });
    expect(reasons.map((r) => r.rule)).toEqual(['affinity', 'load', 'available_now']);
  });

  it('keeps what the channels rule needed and what the associate lacks, and the offer names the needs (none without the rule)', () => {
    const reasons = reasonsOf({ channels: { part: 0, weight: 1, needs: ['voice', 'chat'], lacks: ['voice'] }, load: { part: 1, weight: 1 } });
    expect(reasons).toEqual([
      { rule: 'load', part: 1, weight: 1 },
      { rule: 'channels', part: 0, weight: 1, needs: ['voice', 'chat'], lacks: ['voice'] },
    ]);
    expect(needsOf(reasons)).toEqual(['voice', 'chat']);
    expect(needsOf(reasonsOf({ load: { part: 1, weight: 1 } }))).toEqual([]);
  });
});
