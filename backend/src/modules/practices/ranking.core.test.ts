import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaSample, seededRandom } from './random.core';
import {
  type Situation,
  type Tally,
  applyChanges,
  inHoldout,
  outcomeChanges,
  posterior,
  rankPractices,
  situationKey,
  situationLevels,
  withFloor,
} from './ranking.core';

const TV: Situation = { category: ['TV', 'OLED'], rule: 'lingering', channel: 'chat', tier: 'gold' };

/** Tallies with the given outcomes recorded for `situation` (and so every broader one). */
function talliesOf(rows: [Situation, string, number, number][]): Map<string, Map<string, Tally>> {
  const tallies = new Map<string, Map<string, Tally>>();
  for (const [situation, item, sales, noSales] of rows) {
    for (let i = 0; i < sales; i++) applyChanges(tallies, outcomeChanges(situation, item, null, 'sale'));
    for (let i = 0; i < noSales; i++) applyChanges(tallies, outcomeChanges(situation, item, null, 'no_sale'));
  }
  return tallies;
}

/** An engagement id outside the default holdout (the first of a numbered series). */
function treatedId(prefix = 'e'): string {
  for (let i = 0; ; i++) if (!inHoldout(`${prefix}-${i}`)) return `${prefix}-${i}`;
}

describe('situations, broadest last', () => {
  it.each([
    [
      'a full situation drops the tier, the channel, the rule, then the category levels',
      TV,
      [
        '[["tv","oled"],"lingering","chat","gold"]',
        '[["tv","oled"],"lingering","chat",null]',
        '[["tv","oled"],"lingering",null,null]',
        '[["tv","oled"],null,null,null]',
        '[["tv"],null,null,null]',
        '[[],null,null,null]',
      ],
    ],
    [
      'fields already unknown are not repeated',
      { category: ['Audio'], rule: null, channel: 'voice', tier: null },
      ['[["audio"],null,"voice",null]', '[["audio"],null,null,null]', '[[],null,null,null]'],
    ],
    ['no category, nothing known: the root alone', { category: [], rule: null, channel: null, tier: null }, ['[[],null,null,null]']],
  ])('%s', (_name, situation, keys) => {
    expect(situationLevels(situation).map(situationKey)).toEqual(keys);
  });

  it('names a category whatever its case and spacing', () => {
    expect(situationKey({ ...TV, category: [' tv', 'Oled '] })).toBe(situationKey(TV));
  });
});

describe('outcomes counted at every level', () => {
  it.each([
    ['a first sale', null, 'sale', 1, 0],
    ['a first no sale (the window closed)', null, 'no_sale', 0, 1],
    ['a refund turns a sale into no sale', 'sale', 'no_sale', -1, 1],
    ['an order after the window was thought closed', 'no_sale', 'sale', 1, -1],
  ] as const)('%s', (_name, from, to, successes, failures) => {
    const changes = outcomeChanges(TV, 'sheet', from, to);
    expect(changes.map((c) => c.situationKey)).toEqual(situationLevels(TV).map(situationKey));
    for (const c of changes) expect(c).toMatchObject({ itemId: 'sheet', successes, failures });
  });

  it('changes nothing when the outcome stays the same', () => {
    expect(outcomeChanges(TV, 'sheet', 'sale', 'sale')).toEqual([]);
  });

  it('a sale then its refund leaves one failure', () => {
    const tallies = talliesOf([]);
    applyChanges(tallies, outcomeChanges(TV, 'sheet', null, 'sale'));
    applyChanges(tallies, outcomeChanges(TV, 'sheet', 'sale', 'no_sale'));
    expect(tallies.get(situationKey(TV))!.get('sheet')).toEqual({ successes: 0, failures: 1 });
    expect(tallies.get('[[],null,null,null]')!.get('sheet')).toEqual({ successes: 0, failures: 1 });
  });
});

describe('the posterior of an item, borrowing from broader situations while data is thin', () => {
  const keys = situationLevels(TV).map(situationKey);
  const voice: Situation = { ...TV, channel: 'voice' };
  const audio: Situation = { category: ['Audio'], rule: null, channel: null, tier: null };
  it.each([
    ['no outcomes anywhere: the uniform prior', [], { alpha: 1, beta: 1, exactOutcomes: 0 }],
    ['N outcomes in the exact situation: its own alone', [[TV, 'sheet', 3, 7], [voice, 'sheet', 0, 100]], { alpha: 4, beta: 8, exactOutcomes: 10 }],
    ['none here: N outcomes worth of the broader rate', [[voice, 'sheet', 20, 80]], { alpha: 3, beta: 9, exactOutcomes: 0 }],
    ['a few here: the broader rate fills up to N', [[TV, 'sheet', 4, 0], [voice, 'sheet', 10, 90]], { alpha: 1 + 4 + 0.6, beta: 1 + 5.4, exactOutcomes: 4 }],
    ['broader evidence thinner than N is taken whole', [[voice, 'sheet', 1, 2]], { alpha: 2, beta: 3, exactOutcomes: 0 }],
    ['from the other category through the root', [[audio, 'sheet', 50, 50]], { alpha: 6, beta: 6, exactOutcomes: 0 }],
    ['another item’s outcomes do not count', [[TV, 'script', 9, 1]], { alpha: 1, beta: 1, exactOutcomes: 0 }],
  ] as [string, [Situation, string, number, number][], object][])('%s', (_name, rows, expected) => {
    const p = posterior('sheet', keys, talliesOf(rows), 10);
    expect(p).toEqual({ ...expected, alpha: expect.closeTo((expected as { alpha: number }).alpha, 9), beta: expect.closeTo((expected as { beta: number }).beta, 9) });
  });
});

describe('the exploration floor', () => {
  it.each([
    ['lifts the items below it, taking from the others', [1, 0, 0, 0], 0.01, [0.97, 0.01, 0.01, 0.01]],
    ['takes in proportion from the items above it', [0.6, 0.4, 0], 0.1, [0.54, 0.36, 0.1]],
    ['leaves probabilities above it alone', [0.5, 0.5], 0.1, [0.5, 0.5]],
    ['is capped at one over the items: uniform', [0.9, 0.1, 0], 0.5, [1 / 3, 1 / 3, 1 / 3]],
    ['lifts in rounds when lifting pushes another below it', [0.89, 0.1, 0.01, 0], 0.1, [0.7, 0.1, 0.1, 0.1]],
    ['no items, nothing', [], 0.1, []],
  ])('%s', (_name, probabilities, floor, expected) => {
    const lifted = withFloor(probabilities, floor);
    expect(lifted).toHaveLength(expected.length);
    lifted.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 9));
  });
});

describe('ranking materials for an engagement', () => {
  const items = ['sheet', 'script', 'video', 'bundle'];

  it('puts the item that sells first almost always, the others at the floor', () => {
    const tallies = talliesOf([[TV, 'video', 40, 10], [TV, 'sheet', 5, 45], [TV, 'script', 5, 45], [TV, 'bundle', 5, 45]]);
    const ranking = rankPractices({ engagementId: treatedId(), situation: TV, items, tallies }, seededRandom(1), { floor: 0.01, minOutcomes: 30 });
    expect(ranking.policy).toBe('thompson');
    expect(ranking.situationKey).toBe(situationKey(TV));
    const byId = Object.fromEntries(ranking.ranked.map((r) => [r.itemId, r.firstProbability]));
    expect(byId.video).toBeCloseTo(0.97, 9);
    for (const other of ['sheet', 'script', 'bundle']) expect(byId[other]).toBeCloseTo(0.01, 9);
  });

  it('learns from the broader situation when the exact one has no outcomes', () => {
    const tallies = talliesOf([[{ ...TV, tier: 'silver' }, 'bundle', 30, 10], [{ ...TV, tier: 'silver' }, 'sheet', 2, 38]]);
    const ranking = rankPractices({ engagementId: treatedId(), situation: TV, items: ['sheet', 'bundle'], tallies }, seededRandom(2), { minOutcomes: 30 });
    expect(ranking.ranked.find((r) => r.itemId === 'bundle')!.firstProbability).toBeGreaterThan(0.95);
  });

  it('gives the holdout the static ranking, the first item certain', () => {
    let id = 0;
    while (!inHoldout(`h-${id}`)) id++;
    const tallies = talliesOf([[TV, 'bundle', 40, 0]]);
    const ranking = rankPractices({ engagementId: `h-${id}`, situation: TV, items, tallies }, seededRandom(3));
    expect(ranking.policy).toBe('holdout');
    expect(ranking.ranked.map((r) => [r.itemId, r.firstProbability])).toEqual([['sheet', 1], ['script', 0], ['video', 0], ['bundle', 0]]);
  });

  it('ranks one item with certainty, and no items as nothing', () => {
    const one = rankPractices({ engagementId: treatedId(), situation: TV, items: ['sheet'], tallies: new Map() }, seededRandom(4));
    expect(one.ranked.map((r) => [r.itemId, r.firstProbability])).toEqual([['sheet', 1]]);
    expect(rankPractices({ engagementId: treatedId(), situation: TV, items: [], tallies: new Map() }, seededRandom(4)).ranked).toEqual([]);
  });

  it('refuses an item listed twice', () => {
    expect(() => rankPractices({ engagementId: treatedId(), situation: TV, items: ['a', 'a'], tallies: new Map() }, seededRandom(5))).toThrow(/twice/);
  });

  it('places each item first as often as the probabilities it logs say', () => {
    const tallies = talliesOf([[TV, 'video', 6, 4], [TV, 'sheet', 5, 5], [TV, 'script', 1, 9]]);
    const random = seededRandom(6);
    const firsts = new Map<string, number>();
    const logged = new Map<string, number>();
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      const ranking = rankPractices({ engagementId: treatedId(), situation: TV, items: ['sheet', 'script', 'video'], tallies }, random, { draws: 200 });
      firsts.set(ranking.ranked[0]!.itemId, (firsts.get(ranking.ranked[0]!.itemId) ?? 0) + 1);
      for (const r of ranking.ranked) logged.set(r.itemId, (logged.get(r.itemId) ?? 0) + r.firstProbability);
    }
    for (const item of ['sheet', 'script', 'video']) expect((firsts.get(item) ?? 0) / runs).toBeCloseTo(logged.get(item)! / runs, 1);
  });
});

describe('ranking invariants', () => {
  const situation = fc.record({
    category: fc.array(fc.constantFrom('TV', 'OLED', 'Audio'), { maxLength: 2 }),
    rule: fc.option(fc.constantFrom('lingering', 'cart'), { nil: null }),
    channel: fc.option(fc.constantFrom('chat', 'voice'), { nil: null }),
    tier: fc.option(fc.constantFrom('gold', 'standard'), { nil: null }),
  });
  const scenario = fc.record({
    situation,
    items: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 }),
    outcomes: fc.array(fc.tuple(situation, fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.nat(30), fc.nat(30)), { maxLength: 6 }),
    engagementId: fc.string({ minLength: 1, maxLength: 12 }),
    seed: fc.nat(),
    floor: fc.double({ min: 0, max: 0.3, noNaN: true }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const rankScenario = (s: Scenario, seed: number) =>
    rankPractices({ engagementId: s.engagementId, situation: s.situation, items: s.items, tallies: talliesOf(s.outcomes) }, seededRandom(seed), { floor: s.floor, draws: 50 });

  it('ranks every eligible item once, first probabilities summing to 1, none below the floor (capped at 1 / items)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const ranking = rankScenario(s, s.seed);
        expect([...ranking.ranked.map((r) => r.itemId)].sort()).toEqual([...s.items].sort());
        if (s.items.length === 0) return;
        const total = ranking.ranked.reduce((sum, r) => sum + r.firstProbability, 0);
        expect(total).toBeCloseTo(1, 9);
        if (ranking.policy === 'thompson') {
          const floor = Math.min(s.floor, 1 / s.items.length);
          for (const r of ranking.ranked) expect(r.firstProbability).toBeGreaterThanOrEqual(floor - 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same ranking for the same seed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(rankScenario(s, s.seed)).toEqual(rankScenario(s, s.seed));
      }),
      { numRuns: 100 },
    );
  });

  it('puts about 5% of engagements in the holdout, the same ones every time', () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const held = ids.filter((id) => inHoldout(id));
    expect(held.length / ids.length).toBeGreaterThan(0.045);
    expect(held.length / ids.length).toBeLessThan(0.055);
    expect(ids.filter((id) => inHoldout(id))).toEqual(held);
    expect(ids.filter((id) => inHoldout(id, 0.2)).length / ids.length).toBeCloseTo(0.2, 1);
    expect(ids.some((id) => inHoldout(id, 0))).toBe(false);
  });
});

describe('seeded Beta draws', () => {
  it.each([
    [1, 1],
    [2, 8],
    [0.5, 0.5],
    [30, 70],
  ])('Beta(%d, %d) has the right mean and variance', (alpha, beta) => {
    const random = seededRandom(alpha * 1000 + beta);
    const xs = Array.from({ length: 20_000 }, () => betaSample(random, alpha, beta));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(mean).toBeCloseTo(alpha / (alpha + beta), 2);
    expect(variance).toBeCloseTo((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)), 2);
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
  });
});
