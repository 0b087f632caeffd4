import { describe, expect, it } from 'vitest';
import { OpportunityRules } from '../../../../shared/rules';
import { OpportunityRulesPreview, PREVIEW_SAMPLE } from '../../../../shared/rules-preview';
import type { SessionAggregate } from '../../../../shared/session';
import { emptyAggregate } from '../sessions/aggregate.core';
import { type PreviewInput, RulesPreview } from './preview.core';

const T = Date.parse('2026-03-02T10:00:00.000Z');
const WINDOW = { hours: 24, since: new Date(T - 24 * 3600_000), until: new Date(T + 3600_000), truncated: false, customersRead: 0 };

function aggregate(dwellMs: number, price = '100.00'): SessionAggregate {
  return {
    ...emptyAggregate(),
    sites: ['volt.example'],
    products: [
      { key: 'sku:1', name: 'TV', url: 'https://volt.example/p/1', price, currency: 'USD', brand: null, category: ['TV'], availability: null, views: 1, dwellMs, firstSeenAt: '2026-03-02T09:00:00.000Z', lastSeenAt: '2026-03-02T09:00:00.000Z' },
    ],
  };
}

const session = (n: number, shopper: string, minutes: number, dwellSeconds: number, price?: string): PreviewInput => ({
  sessionId: `s${n}`,
  shopperId: shopper,
  at: new Date(T + minutes * 60_000),
  aggregate: aggregate(dwellSeconds * 1000, price),
  customer: null,
  returning: false,
});

const rules = (dwell: number, cooldownMinutes = 30) =>
  OpportunityRules.parse({
    threshold: 2,
    cooldownMinutes,
    conditions: [
      { id: 'dwell', when: { type: 'dwell', seconds: dwell }, points: 2 },
      { id: 'pricey', when: { type: 'product_price', min: '500', currency: 'USD' }, points: 2 },
    ],
  });

describe('a preview of draft opportunity rules beside the live ones', () => {
  it('counts what each version opens, by rule, and names the sessions only one of them opens', () => {
    const preview = new RulesPreview(rules(10), { version: 3, document: rules(30) });
    preview.add(session(1, 'a', 0, 15)); // draft only
    preview.add(session(2, 'b', 1, 40)); // both
    preview.add(session(3, 'c', 2, 5, '900.00')); // both, by price
    preview.add(session(4, 'd', 3, 5)); // neither
    const result = OpportunityRulesPreview.parse(preview.result(WINDOW));
    expect(result.evaluated).toBe(4);
    expect(result.draft).toEqual({ version: null, opened: 3, cooledDown: 0, byRule: [{ conditionId: 'dwell', opened: 2 }, { conditionId: 'pricey', opened: 1 }] });
    expect(result.live).toEqual({ version: 3, opened: 2, cooledDown: 0, byRule: [{ conditionId: 'dwell', opened: 1 }, { conditionId: 'pricey', opened: 1 }] });
    expect(result.both).toBe(2);
    expect(result.onlyLive).toEqual({ count: 0, sample: [] });
    expect(result.onlyDraft).toEqual({
      count: 1,
      sample: [
        {
          sessionId: 's1',
          shopperId: 'a',
          at: new Date(T).toISOString(),
          draft: { score: 2, reasons: [{ conditionId: 'dwell', points: 2 }], opens: true, cooledDown: false },
          live: { score: 0, reasons: [], opens: false, cooledDown: false },
        },
      ],
    });
  });

  it('applies each version’s cool-down per shopper, oldest first, whatever order the sessions came in', () => {
    const preview = new RulesPreview(rules(10, 0), { version: 1, document: rules(10, 30) });
    // Shopper a: three qualifying sessions, 20 and 40 minutes apart (read newest first, as the service reads them).
    preview.add(session(3, 'a', 60, 20));
    preview.add(session(2, 'a', 20, 20));
    preview.add(session(1, 'a', 0, 20));
    const result = preview.result(WINDOW);
    // Draft without a cool-down opens all three; live opens at 0, holds 20 back (within 30 minutes), opens at 60.
    expect(result.draft.opened).toBe(3);
    expect(result.live).toMatchObject({ opened: 2, cooledDown: 1 });
    expect(result.onlyDraft.sample.map((s) => [s.sessionId, s.live?.cooledDown])).toEqual([['s2', true]]);
  });

  it('without live rules, reports the draft alone and every opening as the draft’s only', () => {
    const preview = new RulesPreview(rules(10), null);
    preview.add(session(1, 'a', 0, 20));
    const result = preview.result({ ...WINDOW, truncated: true });
    expect(result.live).toBeNull();
    expect(result.truncated).toBe(true);
    expect(result.onlyDraft.sample[0]!.live).toBeNull();
    expect(result.onlyDraft.count).toBe(1);
  });

  it('bounds the samples, most recent first', () => {
    const preview = new RulesPreview(rules(10), null);
    for (let i = 0; i < PREVIEW_SAMPLE + 5; i++) preview.add(session(i, `shopper${i}`, i, 20));
    const result = preview.result(WINDOW);
    expect(result.onlyDraft.count).toBe(PREVIEW_SAMPLE + 5);
    expect(result.onlyDraft.sample).toHaveLength(PREVIEW_SAMPLE);
    expect(result.onlyDraft.sample[0]!.sessionId).toBe(`s${PREVIEW_SAMPLE + 4}`);
  });

  it('evaluates time-of-day conditions as of each session’s last event', () => {
    const mornings = OpportunityRules.parse({ threshold: 1, conditions: [{ id: 'morning', when: { type: 'time_of_day', from: '09:00', to: '12:00' }, points: 1 }] });
    const preview = new RulesPreview(mornings, null);
    preview.add(session(1, 'a', 0, 1)); // 10:00 UTC
    preview.add(session(2, 'b', 180, 1)); // 13:00 UTC
    expect(preview.result(WINDOW).onlyDraft.sample.map((s) => s.sessionId)).toEqual(['s1']);
  });
});
