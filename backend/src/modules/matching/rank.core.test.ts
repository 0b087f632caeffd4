import { describe, expect, it } from 'vitest';
import { type AccreditationSource, DEFAULT_RULE_SET, MatchingDocument, type MatchingRule, RuleSet } from '../../../../shared/matching';
import { bestSource, type CandidateFacts, chooseRuleSet, rank, type RankingTarget } from './rank.core';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const target: RankingTarget = { segment: { category: ['TV', 'OLED'], minLevel: 3 }, score: 10, sites: ['volt.example'], customerTier: 'gold', language: 'fr' };

function associate(id: string, over: Partial<CandidateFacts> = {}): CandidateFacts {
  return {
    associateId: id,
    own: true,
    languages: ['en'],
    channels: ['chat', 'voice', 'cobrowse'],
    available: true,
    connected: true,
    withinSchedule: true,
    capacity: 4,
    active: 0,
    lastEngagementAt: NOW - 600_000,
    offersReceived: 0,
    offersAnswered: 0,
    missesInRow: 0,
    accreditations: [],
    categoryOutcomes: 0,
    categorySales: 0,
    servedBefore: null,
    ...over,
  };
}

const setOf = (rules: unknown[], more: object = {}) => RuleSet.parse({ name: 't', priority: 1, rules, ...more });

/** The part one rule gives one associate, and whether a filter dropped them. */
function partOf(rule: Partial<MatchingRule> & { rule: MatchingRule['rule'] }, c: CandidateFacts, t = target) {
  const ranking = rank(t, [c], setOf([{ weight: 1, ...rule }]), NOW);
  const [entry] = ranking.size ? ranking.ranked() : ranking.filtered();
  return { part: entry!.parts[rule.rule]!.part, dropped: ranking.size === 0, filteredBy: entry!.filteredBy };
}

const tv = (level: number, expiresAt: number | null = null, category = ['TV'], source: AccreditationSource = 'grant') => ({ category, level, expiresAt, source });

describe('each rule', () => {
  it.each<[string, Partial<MatchingRule> & { rule: MatchingRule['rule'] }, Partial<CandidateFacts>, number, boolean]>([
    ['accreditation covering the category, level 4', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(4)] }, 0.8, false],
    ['accreditation exactly at minLevel passes', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(3)] }, 0.6, false],
    ['accreditation below minLevel is dropped', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(2)] }, 0.4, true],
    ['accreditation expired is dropped', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(5, NOW)] }, 0, true],
    ['accreditation expiring later counts', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(5, NOW + 1)] }, 1, false],
    ['accreditation of a narrower category does not cover', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(5, null, ['TV', 'OLED', '77'])] }, 0, true],
    ['accreditation of another category', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(5, null, ['Audio'])] }, 0, true],
    ['accreditation, the best of several', { rule: 'accreditation', mode: 'filter' }, { accreditations: [tv(3), tv(5, null, ['tv', 'oled'])] }, 1, false],
    ['accreditation scored keeps the unaccredited', { rule: 'accreditation', mode: 'score' }, { accreditations: [] }, 0, false],
    ['available now', { rule: 'available_now' }, {}, 1, false],
    ['away is not available', { rule: 'available_now' }, { available: false }, 0, true],
    ['not connected is not available', { rule: 'available_now' }, { connected: false }, 0, true],
    ['outside the schedule is not available', { rule: 'available_now' }, { withinSchedule: false }, 0, true],
    ['at capacity is not available', { rule: 'available_now' }, { active: 4 }, 0, true],
    ['available_now without filter keeps them', { rule: 'available_now', filter: false }, { active: 4 }, 0, false],
    ['speaks the language', { rule: 'language' }, { languages: ['en', 'fr'] }, 1, false],
    ['does not speak it (scored)', { rule: 'language' }, { languages: ['en'] }, 0, false],
    ['does not speak it (filter)', { rule: 'language', filter: true }, { languages: ['en'] }, 0, true],
    ['takes every channel needed', { rule: 'channels', needs: ['voice', 'chat'] }, { channels: ['chat', 'voice'] }, 1, false],
    ['lacks one channel needed is dropped', { rule: 'channels', needs: ['voice', 'cobrowse'] }, { channels: ['chat', 'voice'] }, 0, true],
    ['lacks the channel needed (scored only) is kept', { rule: 'channels', needs: ['voice'], filter: false }, { channels: ['chat'] }, 0, false],
    ['conversion with no outcomes is the prior', { rule: 'conversion_rate', priorStrength: 10, priorRate: 0.2 }, {}, 0.2, false],
    ['conversion 8 of 10, prior 10 × 0.2', { rule: 'conversion_rate', priorStrength: 10, priorRate: 0.2 }, { categoryOutcomes: 10, categorySales: 8 }, 0.5, false],
    ['conversion with no prior', { rule: 'conversion_rate', priorStrength: 0, priorRate: 0.2 }, { categoryOutcomes: 4, categorySales: 1 }, 0.25, false],
    ['conversion with no prior and no outcomes', { rule: 'conversion_rate', priorStrength: 0, priorRate: 0.3 }, {}, 0.3, false],
    ['affinity after a sale', { rule: 'affinity' }, { servedBefore: 'sale' }, 1, false],
    ['affinity, served without a sale', { rule: 'affinity' }, { servedBefore: 'served' }, 0.6, false],
    ['no affinity', { rule: 'affinity' }, {}, 0, false],
    ['load, idle', { rule: 'load' }, { active: 0, capacity: 4 }, 1, false],
    ['load, one of four', { rule: 'load' }, { active: 1, capacity: 4 }, 0.75, false],
    ['load, over capacity', { rule: 'load' }, { active: 5, capacity: 4 }, 0, false],
    ['idle for half the cap', { rule: 'longest_idle', capSeconds: 1200 }, { lastEngagementAt: NOW - 600_000 }, 0.5, false],
    ['idle longer than the cap', { rule: 'longest_idle', capSeconds: 60 }, { lastEngagementAt: NOW - 600_000 }, 1, false],
    ['never engaged', { rule: 'longest_idle' }, { lastEngagementAt: null }, 1, false],
    ['own staff preferred', { rule: 'employment_fit', prefer: 'own' }, { own: true }, 1, false],
    ['marketplace, own preferred', { rule: 'employment_fit', prefer: 'own' }, { own: false }, 0, false],
    ['marketplace preferred', { rule: 'employment_fit', prefer: 'marketplace' }, { own: false }, 1, false],
    ['response rate, prior 5 × 0.8', { rule: 'response_rate' }, { offersReceived: 5, offersAnswered: 1 }, 0.5, false],
    ['response rate, no offers yet', { rule: 'response_rate' }, {}, 0.8, false],
    ['no misses', { rule: 'recent_misses' }, {}, 1, false],
    ['three misses in a row', { rule: 'recent_misses' }, { missesInRow: 3 }, 0.25, false],
  ])('%s', (_, rule, facts, part, dropped) => {
    const result = partOf(rule, associate('a', facts));
    expect(result.part).toBeCloseTo(part, 9);
    expect(result.dropped).toBe(dropped);
    expect(result.filteredBy).toEqual(dropped ? [rule.rule] : undefined);
  });

  it('channels: the stored explanation names what was needed and what the associate does not take', () => {
    const set = setOf([
      { rule: 'channels', weight: 3, needs: ['voice', 'cobrowse'] },
      { rule: 'load', weight: 1 },
    ]);
    const ranking = rank(target, [associate('takes', { channels: ['cobrowse', 'voice'] }), associate('chats', { channels: ['chat', 'voice'] })], set, NOW);
    expect(ranking.ranked()).toEqual([
      { associateId: 'takes', score: 1, parts: { channels: { part: 1, weight: 3, needs: ['voice', 'cobrowse'] }, load: { part: 1, weight: 1 } } },
    ]);
    expect(ranking.filtered()).toEqual([
      {
        associateId: 'chats',
        score: 0.25,
        parts: { channels: { part: 0, weight: 3, needs: ['voice', 'cobrowse'], lacks: ['cobrowse'] }, load: { part: 1, weight: 1 } },
        filteredBy: ['channels'],
      },
    ]);
  });

  it('channels: filters by default; needs one to three channels, each once', () => {
    const parse = (rule: object) => RuleSet.safeParse({ name: 'x', priority: 1, rules: [{ rule: 'channels', weight: 1, ...rule }] });
    expect(parse({ needs: ['voice'] }).data?.rules[0]).toEqual({ rule: 'channels', weight: 1, needs: ['voice'], filter: true });
    expect(parse({ needs: ['chat', 'voice', 'cobrowse'], filter: false }).success).toBe(true);
    for (const needs of [undefined, [], ['voice', 'voice'], ['video']]) expect(parse({ needs }).success).toBe(false);
  });

  it('language: an unknown locale holds nobody back', () => {
    expect(partOf({ rule: 'language', filter: true }, associate('a', { languages: ['de'] }), { ...target, language: null })).toMatchObject({ part: 1, dropped: false });
  });

  it('accreditation: a segment without a category is covered by any accreditation at the level', () => {
    const t = { ...target, segment: { category: [], minLevel: 2 } };
    expect(partOf({ rule: 'accreditation' }, associate('a', { accreditations: [tv(2, null, ['Audio'])] }), t)).toMatchObject({ part: 0.4, dropped: false });
    expect(partOf({ rule: 'accreditation' }, associate('a', { accreditations: [] }), t)).toMatchObject({ dropped: true });
  });
});

describe('score', () => {
  it('is Σ weight·part / Σ weight, with every part and weight kept', () => {
    const set = setOf([
      { rule: 'load', weight: 3 },
      { rule: 'affinity', weight: 1 },
    ]);
    const [entry] = rank(target, [associate('a', { active: 2, capacity: 4, servedBefore: 'sale' })], set, NOW).ranked();
    expect(entry).toEqual({ associateId: 'a', score: (3 * 0.5 + 1 * 1) / 4, parts: { load: { part: 0.5, weight: 3 }, affinity: { part: 1, weight: 1 } } });
  });

  it('is 0 when every weight is 0 (filters only)', () => {
    const [entry] = rank(target, [associate('a')], setOf([{ rule: 'available_now', weight: 0 }]), NOW).ranked();
    expect(entry!.score).toBe(0);
  });

  it('orders by score', () => {
    const set = setOf([{ rule: 'load', weight: 1 }]);
    const ranking = rank(target, [associate('a', { active: 3 }), associate('b', { active: 0 }), associate('c', { active: 1 })], set, NOW);
    expect(ranking.ranked().map((e) => e.associateId)).toEqual(['b', 'c', 'a']);
    expect(ranking.top(2).map((e) => e.associateId)).toEqual(['b', 'c']);
  });

  it('records every filter that dropped a candidate, and the rule set’s candidate policy', () => {
    const set = setOf(
      [
        { rule: 'accreditation', weight: 1 },
        { rule: 'available_now', weight: 1 },
      ],
      { candidates: 'own' },
    );
    const ranking = rank(target, [associate('a', { own: false, available: false }), associate('b', { accreditations: [tv(5)] })], set, NOW);
    expect(ranking.ranked().map((e) => e.associateId)).toEqual(['b']);
    expect(ranking.filtered()).toEqual([
      {
        associateId: 'a',
        score: 0,
        parts: { accreditation: { part: 0, weight: 1 }, available_now: { part: 0, weight: 1 } },
        filteredBy: ['candidates', 'accreditation', 'available_now'],
      },
    ]);
  });

  it.each<[string, 'own' | 'marketplace', string[]]>([
    ['own staff only', 'own', ['own']],
    ['marketplace only', 'marketplace', ['independent']],
  ])('%s', (_, candidates, expected) => {
    const ranking = rank(target, [associate('own'), associate('independent', { own: false })], setOf([{ rule: 'load', weight: 1 }], { candidates }), NOW);
    expect(ranking.ranked().map((e) => e.associateId)).toEqual(expected);
  });
});

describe('ties', () => {
  const set = setOf([{ rule: 'load', weight: 1 }]);
  it.each<[string, CandidateFacts[], string[]]>([
    [
      'equal scores: the longest idle first',
      [associate('a', { lastEngagementAt: NOW - 1_000 }), associate('b', { lastEngagementAt: NOW - 9_000 }), associate('c', { lastEngagementAt: NOW - 5_000 })],
      ['b', 'c', 'a'],
    ],
    ['never engaged before anyone', [associate('a', { lastEngagementAt: NOW - 99_000 }), associate('b', { lastEngagementAt: null })], ['b', 'a']],
    ['equal idle: the smaller id', [associate('c'), associate('a'), associate('b')], ['a', 'b', 'c']],
    ['a higher score beats a longer idle', [associate('idle', { lastEngagementAt: null, active: 1 }), associate('busy-less', { active: 0 })], ['busy-less', 'idle']],
  ])('%s', (_, candidates, expected) => {
    expect(rank(target, candidates, set, NOW).ranked().map((e) => e.associateId)).toEqual(expected);
    // The input order never matters.
    expect(rank(target, [...candidates].reverse(), set, NOW).ranked().map((e) => e.associateId)).toEqual(expected);
  });
});

describe('choosing the rule set', () => {
  const doc = MatchingDocument.parse({
    ruleSets: [
      { name: 'catch-all', priority: 0, rules: [{ rule: 'load', weight: 1 }] },
      { name: 'tv', priority: 10, when: { category: ['tv'] }, rules: [{ rule: 'load', weight: 1 }] },
      { name: 'vip', priority: 20, when: { customerTiers: ['Gold'], minScore: 15 }, rules: [{ rule: 'load', weight: 1 }] },
      { name: 'summit', priority: 30, when: { sites: ['summit.example'] }, rules: [{ rule: 'load', weight: 1 }] },
    ],
  });
  it.each<[string, Partial<RankingTarget>, string]>([
    ['the highest priority whose when holds', {}, 'tv'],
    ['every condition of when must hold', { score: 15 }, 'vip'],
    ['score below minScore', { score: 14.9 }, 'tv'],
    ['site', { sites: ['shop.summit.example'] }, 'summit'],
    ['no when: always', { segment: { category: ['Audio'], minLevel: 1 } }, 'catch-all'],
  ])('%s', (_, over, name) => expect(chooseRuleSet(doc, { ...target, ...over }).name).toBe(name));

  it('falls back to the default rule set', () => {
    expect(chooseRuleSet(null, target)).toBe(DEFAULT_RULE_SET);
    const onlyTv = MatchingDocument.parse({ ruleSets: [doc.ruleSets[1]] });
    expect(chooseRuleSet(onlyTv, { ...target, segment: { category: ['Audio'], minLevel: 1 } }).name).toBe('default');
  });
});

describe('the matching document', () => {
  const issues = (d: unknown) => MatchingDocument.safeParse(d).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];
  const set = { name: 'a', priority: 1, rules: [{ rule: 'load', weight: 1 }] };
  it.each<[string, unknown, string]>([
    ['a negative weight', { ruleSets: [{ ...set, rules: [{ rule: 'load', weight: -1 }] }] }, 'ruleSets.0.rules.0.weight'],
    ['an unknown rule', { ruleSets: [{ ...set, rules: [{ rule: 'vibes', weight: 1 }] }] }, 'ruleSets.0.rules.0.rule'],
    ['an option the rule does not take', { ruleSets: [{ ...set, rules: [{ rule: 'load', weight: 1, capSeconds: 3 }] }] }, 'ruleSets.0.rules.0'],
    ['a wave larger than 50', { ruleSets: [{ ...set, offer: { size: 51 } }] }, 'ruleSets.0.offer.size'],
    ['an offer longer than the opportunity', { ruleSets: [{ ...set, offer: { offerSeconds: 120, giveUpSeconds: 90 } }] }, 'ruleSets.0.offer.offerSeconds'],
    ['waves that never get a second turn', { ruleSets: [{ ...set, offer: { waveEverySeconds: 90, giveUpSeconds: 90 } }] }, 'ruleSets.0.offer.waveEverySeconds'],
    ['no rule', { ruleSets: [{ ...set, rules: [] }] }, 'ruleSets.0.rules'],
  ])('refuses %s at its path', (_, d, path) => expect(issues(d).map(([p]) => p)).toContain(path));

  it('names a repeated rule, name and priority', () => {
    expect(issues({ ruleSets: [{ ...set, rules: [{ rule: 'load', weight: 1 }, { rule: 'load', weight: 2 }] }] })).toEqual([
      ['ruleSets.0.rules.1.rule', '"load" is already rules[0]; use each rule once'],
    ]);
    expect(issues({ ruleSets: [set, { ...set, name: 'A' }] })).toEqual([
      ['ruleSets.1.name', '"A" is already the name of ruleSets[0]'],
      ['ruleSets.1.priority', '1 is already the priority of ruleSets[0]; priorities must differ'],
    ]);
  });

  it('fills in the offer policy', () => {
    expect(MatchingDocument.parse({ ruleSets: [set] }).ruleSets[0]!.offer).toEqual({
      mode: 'waves',
      size: 5,
      waveEverySeconds: 15,
      offerSeconds: 15,
      giveUpSeconds: 90,
      priority: 'may',
      missesBeforeAway: 3,
      ownAssociateSeconds: 10,
    });
  });
});

describe('many candidates', () => {
  /** A deterministic mix with many exact ties (few distinct facts), so every tie-break is exercised. */
  function crowd(n: number): CandidateFacts[] {
    let seed = 7;
    const next = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    return Array.from({ length: n }, (_, i) =>
      associate(`a${(n - i).toString().padStart(6, '0')}`, {
        active: next(3),
        capacity: 3,
        servedBefore: next(10) === 0 ? 'sale' : null,
        lastEngagementAt: next(4) === 0 ? null : NOW - next(5) * 60_000,
        accreditations: [tv(1 + next(5))],
        available: next(10) > 0,
      }),
    );
  }
  const set = setOf([
    { rule: 'accreditation', weight: 1, mode: 'filter' },
    { rule: 'available_now', weight: 0 },
    { rule: 'load', weight: 2 },
    { rule: 'affinity', weight: 1 },
  ]);
  const inOrder = (entries: { associateId: string; score: number }[], facts: Map<string, CandidateFacts>) => {
    for (let i = 1; i < entries.length; i++) {
      const [a, b] = [entries[i - 1]!, entries[i]!];
      if (a.score !== b.score) expect(a.score).toBeGreaterThan(b.score);
      else {
        const [ia, ib] = [facts.get(a.associateId)!.lastEngagementAt ?? -Infinity, facts.get(b.associateId)!.lastEngagementAt ?? -Infinity];
        expect(ia <= ib && (ia !== ib || a.associateId < b.associateId), `${a.associateId} before ${b.associateId}`).toBe(true);
      }
    }
  };

  it('orders everyone by score, idle time and id, and the best k by the heap the same way', () => {
    const candidates = crowd(3_000);
    const facts = new Map(candidates.map((c) => [c.associateId, c]));
    const ranking = rank(target, candidates, set, NOW);
    const top = ranking.top(40); // 40 × 8 < eligible: the heap, not the full sort
    const all = ranking.ranked();
    expect(ranking.size).toBeGreaterThan(320);
    expect(top).toEqual(all.slice(0, 40));
    inOrder(all, facts);
    const filtered = ranking.filtered();
    expect(all.length + filtered.length).toBe(3_000);
    inOrder(filtered, facts);
  });
});

describe('accreditation sources a rule set trusts', () => {
  const grant = tv(3, null, ['TV'], 'grant');
  const ownTest = tv(4, null, ['TV'], 'enterprise_test');
  const marketplace = tv(5, null, ['TV'], 'marketplace_test');
  const sourcesRule = (sources?: AccreditationSource[]) => ({ rule: 'accreditation' as const, mode: 'filter' as const, ...(sources ? { sources } : {}) });

  it('trusts all three by default: the best of them counts', () => {
    expect(RuleSet.parse({ name: 'x', priority: 1, rules: [{ rule: 'accreditation', weight: 1 }] }).rules[0]).toMatchObject({ sources: ['grant', 'enterprise_test', 'marketplace_test'] });
    expect(partOf(sourcesRule(), associate('a', { accreditations: [grant, ownTest, marketplace] })).part).toBe(1);
  });

  it.each<[AccreditationSource[], number, boolean]>([
    [['grant'], 0.6, false],
    [['enterprise_test'], 0.8, false],
    [['marketplace_test'], 1, false],
    [['grant', 'enterprise_test'], 0.8, false],
  ])('trusting only %j gives %d', (sources, part, dropped) => {
    expect(partOf(sourcesRule(sources), associate('a', { accreditations: [grant, ownTest, marketplace] }))).toMatchObject({ part, dropped });
  });

  it('a candidate accredited only by a marketplace test is dropped by a rule set trusting grants only', () => {
    const c = associate('a', { accreditations: [marketplace] });
    expect(partOf(sourcesRule(['grant']), c)).toMatchObject({ part: 0, dropped: true, filteredBy: ['accreditation'] });
    expect(partOf(sourcesRule(), c)).toMatchObject({ part: 1, dropped: false });
  });

  it('an expired pass counts from no source', () => {
    expect(partOf(sourcesRule(['marketplace_test']), associate('a', { accreditations: [tv(5, NOW, ['TV'], 'marketplace_test')] })).dropped).toBe(true);
  });

  it('the stored explanation names the source of the level counted', () => {
    const ranking = rank(target, [associate('a', { accreditations: [grant, marketplace] })], setOf([{ ...sourcesRule(), weight: 1 }]), NOW);
    expect(ranking.ranked()[0]!.parts.accreditation).toEqual({ part: 1, weight: 1, source: 'marketplace_test' });
    const grantsOnly = rank(target, [associate('a', { accreditations: [grant, marketplace] })], setOf([{ ...sourcesRule(['grant']), weight: 1 }]), NOW);
    expect(grantsOnly.ranked()[0]!.parts.accreditation).toEqual({ part: 0.6, weight: 1, source: 'grant' });
    const none = rank(target, [associate('a')], setOf([{ rule: 'accreditation', mode: 'score', weight: 1 }]), NOW);
    expect(none.ranked()[0]!.parts.accreditation).toEqual({ part: 0, weight: 1 });
  });

  it('of equal levels, the grant is named before the own test before the marketplace test', () => {
    const c = associate('a', { accreditations: [tv(4, null, ['TV'], 'marketplace_test'), tv(4, null, ['TV'], 'enterprise_test'), tv(4, null, ['TV'], 'grant')] });
    expect(bestSource(c, ['TV', 'OLED'], NOW)).toBe('grant');
    expect(bestSource(c, ['TV', 'OLED'], NOW, ['enterprise_test', 'marketplace_test'])).toBe('enterprise_test');
    expect(bestSource(c, ['Audio'], NOW)).toBeUndefined();
  });

  it('refuses an empty or repeated list of sources', () => {
    expect(RuleSet.safeParse({ name: 'x', priority: 1, rules: [{ rule: 'accreditation', weight: 1, sources: [] }] }).success).toBe(false);
    expect(RuleSet.safeParse({ name: 'x', priority: 1, rules: [{ rule: 'accreditation', weight: 1, sources: ['grant', 'grant'] }] }).success).toBe(false);
    expect(RuleSet.safeParse({ name: 'x', priority: 1, rules: [{ rule: 'accreditation', weight: 1, sources: ['anyone'] }] }).success).toBe(false);
  });
});
