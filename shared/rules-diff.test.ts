import { describe, expect, it } from 'vitest';
import { MatchingDocument } from './matching';
import { OpportunityRules } from './rules';
import { diffMatchingRules, diffOpportunityRules, RulesDiff, sameValue } from './rules-diff';

const rules = (over: Record<string, unknown> = {}) =>
  OpportunityRules.parse({
    threshold: 5,
    conditions: [
      { id: 'dwell', when: { type: 'dwell', seconds: 20 }, points: 3 },
      { id: 'pricey', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 2 },
      { id: 'combo', when: { type: 'all', of: [{ type: 'returning' }, { type: 'category', path: ['TV', 'OLED'] }] }, points: 1 },
    ],
    ...over,
  });

describe('the diff of two opportunity rule documents', () => {
  it('is empty between a version and itself', () => {
    const d = diffOpportunityRules(rules(), rules());
    expect(d).toEqual({ settings: [], entries: [], reordered: false, unchanged: 3 });
    expect(RulesDiff.parse(d)).toEqual(d);
  });

  it('names the settings that changed, with old and new values, segment fields by path', () => {
    const d = diffOpportunityRules(rules(), rules({ threshold: 4, timezone: 'Europe/Paris', segment: { categoryFrom: 'fixed', category: ['TV'], minLevel: 2 } }));
    expect(d.settings).toEqual([
      { path: ['threshold'], kind: 'changed', from: 5, to: 4 },
      { path: ['timezone'], kind: 'changed', from: 'UTC', to: 'Europe/Paris' },
      { path: ['segment', 'categoryFrom'], kind: 'changed', from: 'top_product', to: 'fixed' },
      { path: ['segment', 'minLevel'], kind: 'changed', from: 1, to: 2 },
      { path: ['segment', 'category'], kind: 'added', to: ['TV'] },
    ]);
    expect(d.entries).toEqual([]);
  });

  it('matches conditions by id: added, removed and changed, with the changed fields’ paths inside the condition', () => {
    const before = rules();
    const after = rules({
      conditions: [
        { id: 'pricey', when: { type: 'product_price', min: '300', max: '2000', currency: 'USD' }, points: 2 },
        { id: 'dwell', description: 'Lingered', when: { type: 'dwell', seconds: 30 }, points: 3 },
        { id: 'combo', when: { type: 'all', of: [{ type: 'returning' }, { type: 'category', path: ['TV', 'QLED'] }, { type: 'dwell', seconds: 5 }] }, points: 1 },
        { id: 'cart', when: { type: 'cart_value', min: '500', currency: 'USD' }, points: 2 },
      ],
    });
    const d = diffOpportunityRules(before, after);
    expect(d.unchanged).toBe(0);
    expect(d.reordered).toBe(true);
    expect(d.entries).toEqual([
      { key: 'pricey', status: 'changed', fromIndex: 1, toIndex: 0, changes: [{ path: ['when', 'max'], kind: 'added', to: '2000' }] },
      {
        key: 'dwell',
        status: 'changed',
        fromIndex: 0,
        toIndex: 1,
        changes: [
          { path: ['when', 'seconds'], kind: 'changed', from: 20, to: 30 },
          { path: ['description'], kind: 'added', to: 'Lingered' },
        ],
      },
      {
        key: 'combo',
        status: 'changed',
        fromIndex: 2,
        toIndex: 2,
        changes: [
          // A category path is one value: shown whole, not label by label.
          { path: ['when', 'of', 1, 'path'], kind: 'changed', from: ['TV', 'OLED'], to: ['TV', 'QLED'] },
          { path: ['when', 'of', 2], kind: 'added', to: { type: 'dwell', seconds: 5 } },
        ],
      },
      { key: 'cart', status: 'added', fromIndex: null, toIndex: 3, changes: [{ path: [], kind: 'added', to: after.conditions[3] }] },
    ]);

    const back = diffOpportunityRules(after, before);
    expect(back.entries.find((e) => e.key === 'cart')).toEqual({ key: 'cart', status: 'removed', fromIndex: 3, toIndex: null, changes: [{ path: [], kind: 'removed', from: after.conditions[3] }] });
  });

  it('tells a condition whose type changed by its fields', () => {
    const d = diffOpportunityRules(rules(), rules({ conditions: [{ id: 'dwell', when: { type: 'repeat_views', views: 3 }, points: 3 }, ...rules().conditions.slice(1)] }));
    expect(d.entries).toEqual([
      {
        key: 'dwell',
        status: 'changed',
        fromIndex: 0,
        toIndex: 0,
        changes: [
          { path: ['when', 'type'], kind: 'changed', from: 'dwell', to: 'repeat_views' },
          { path: ['when', 'seconds'], kind: 'removed', from: 20 },
          { path: ['when', 'views'], kind: 'added', to: 3 },
        ],
      },
    ]);
  });
});

describe('the diff of two matching documents', () => {
  const doc = (over: Record<string, unknown>[] = []) =>
    MatchingDocument.parse({
      ruleSets: [
        { name: 'TV', priority: 10, when: { category: ['TV'] }, rules: [{ rule: 'accreditation', weight: 2 }, { rule: 'load', weight: 1 }] },
        { name: 'everything', priority: 0, rules: [{ rule: 'longest_idle', weight: 1 }] },
        ...over,
      ],
    });

  it('matches rule sets by name ignoring case, and their rules by rule name', () => {
    const after = MatchingDocument.parse({
      ruleSets: [
        { name: 'everything', priority: 0, rules: [{ rule: 'longest_idle', weight: 1 }] },
        {
          name: 'tv',
          priority: 20,
          when: { category: ['TV'], minScore: 3 },
          rules: [{ rule: 'load', weight: 4 }, { rule: 'affinity', weight: 2 }],
          offer: { mode: 'broadcast' },
        },
      ],
    });
    const d = diffMatchingRules(doc(), after);
    expect(d.settings).toEqual([]);
    expect(d.unchanged).toBe(1);
    expect(d.reordered).toBe(true);
    expect(d.entries).toEqual([
      {
        key: 'tv',
        status: 'changed',
        fromIndex: 0,
        toIndex: 1,
        changes: [
          { path: ['name'], kind: 'changed', from: 'TV', to: 'tv' },
          { path: ['priority'], kind: 'changed', from: 10, to: 20 },
          { path: ['when', 'minScore'], kind: 'added', to: 3 },
          { path: ['rules', 'load', 'weight'], kind: 'changed', from: 1, to: 4 },
          { path: ['rules', 'affinity'], kind: 'added', to: { rule: 'affinity', weight: 2 } },
          { path: ['rules', 'accreditation'], kind: 'removed', from: { rule: 'accreditation', weight: 2, mode: 'filter', sources: ['grant', 'enterprise_test', 'marketplace_test'] } },
          { path: ['offer', 'mode'], kind: 'changed', from: 'waves', to: 'broadcast' },
        ],
      },
    ]);
  });

  it('names rule sets added and removed', () => {
    const d = diffMatchingRules(doc([{ name: 'Audio', priority: 5, rules: [{ rule: 'load', weight: 1 }] }]), doc());
    expect(d.entries.map((e) => [e.key, e.status, e.fromIndex, e.toIndex])).toEqual([['Audio', 'removed', 2, null]]);
    expect(d.unchanged).toBe(2);
    expect(d.reordered).toBe(false);
  });
});

describe('sameValue', () => {
  it('compares JSON values deeply, object keys in any order, undefined fields as absent', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: '1' }, { a: 1 })).toBe(false);
  });
});
