import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/console';
import { type ConditionType, OpportunityRules } from '../../../../shared/rules';
import { diffOpportunityRules } from '../../../../shared/rules-diff';
import type { OpportunityRulesPreview } from '../../../../shared/rules-preview';
import {
  CONDITION_KINDS,
  checkDraft,
  conditionAt,
  conditionDefaults,
  conditionPath,
  conditionText,
  defaultDiffPair,
  diffLines,
  draftToRules,
  issuesOnFields,
  newRule,
  numberOf,
  previewRows,
  previewScoreText,
  refusalOnFields,
  rulesFieldNames,
  rulesToDraft,
  updateCondition,
  versionAuthors,
  withKind,
} from './rules.core';

/** Rules with every kind of condition the schema has, nested ones included. */
const EVERY_KIND = OpportunityRules.parse({
  threshold: 25,
  cooldownMinutes: 45,
  timezone: 'Europe/Paris',
  conditions: [
    { id: 'long-dwell', description: 'Lingers on a product', when: { type: 'dwell', seconds: 90 }, points: 10 },
    { id: 'premium', when: { type: 'product_price', min: '300.00', currency: 'EUR' }, points: 8 },
    { id: 'cheap', when: { type: 'product_price', max: '20', currency: 'EUR' }, points: -5 },
    { id: 'headphones', when: { type: 'category', path: ['Audio', 'Headphones'] }, points: 4 },
    { id: 'again', when: { type: 'repeat_views', views: 3 }, points: 3 },
    { id: 'cart', when: { type: 'cart_value', min: '500.00', currency: 'EUR' }, points: 6 },
    { id: 'search', when: { type: 'search_terms', words: ['noise cancelling', 'oled'] }, points: 2 },
    { id: 'back', when: { type: 'returning' }, points: 1 },
    { id: 'gold', when: { type: 'customer_tier', tiers: ['gold', 'platinum'] }, points: 5 },
    { id: 'worth', when: { type: 'lifetime_value', min: '1000', currency: 'EUR' }, points: 5 },
    { id: 'vip', when: { type: 'customer_tag', tag: 'vip' }, points: 5 },
    { id: 'office-hours', when: { type: 'time_of_day', from: '09:00', to: '18:00', days: [1, 2, 3, 4, 5] }, points: 1 },
    { id: 'night', when: { type: 'time_of_day', from: '22:00', to: '06:00' }, points: -2 },
    { id: 'volt', when: { type: 'site', domains: ['volt.example'] }, points: 1 },
    {
      id: 'serious',
      when: { type: 'all', of: [{ type: 'dwell', seconds: 30 }, { type: 'any', of: [{ type: 'returning' }, { type: 'not', of: { type: 'customer_tag', tag: 'staff' } }] }] },
      points: 7,
    },
  ],
  segment: { categoryFrom: 'fixed', category: ['Audio'], minLevel: 3 },
});

describe('the opportunity rules as a form', () => {
  it('has a kind in the picker for every condition the schema allows', () => {
    const kinds = CONDITION_KINDS.map(([k]) => k);
    const all: ConditionType[] = ['dwell', 'product_price', 'category', 'repeat_views', 'cart_value', 'search_terms', 'returning', 'customer_tier', 'lifetime_value', 'customer_tag', 'time_of_day', 'site', 'all', 'any', 'not'];
    expect([...kinds].sort()).toEqual([...all].sort());
  });

  it('goes to the form and back to the same document, every kind and nesting included', () => {
    const draft = rulesToDraft(EVERY_KIND);
    expect(draft.threshold).toBe('25');
    expect(draft.conditions[3]!.when.path).toBe('Audio > Headphones');
    expect(draft.conditions[6]!.when.words).toBe('noise cancelling, oled');
    expect(draft.segment).toEqual({ categoryFrom: 'fixed', category: 'Audio', minLevel: '3' });
    const back = checkDraft(draft);
    expect(back).toEqual({ ok: true, rules: EVERY_KIND });
  });

  it('starts rules that do not exist yet with one valid rule to fill in', () => {
    const draft = rulesToDraft(null);
    expect(draft.conditions).toHaveLength(1);
    expect(checkDraft(draft).ok).toBe(true);
  });

  it('reads numbers as typed, and leaves what is not one for the schema to refuse on its field', () => {
    expect([numberOf(' 12 '), numberOf('2,5'), numberOf('-3'), numberOf(''), numberOf('ten')]).toEqual([12, 2.5, -3, undefined, 'ten']);
    const draft = rulesToDraft(EVERY_KIND);
    draft.conditions[0]!.when.seconds = 'ten';
    draft.conditions[1]!.points = '';
    const checked = checkDraft(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const errors = issuesOnFields(checked.issues, draft);
    expect(errors.fields).toEqual({ 'conditions.0.when.seconds': 'not a number: digits, e.g. 12 or 2.5', 'conditions.1.points': 'required: a number' });
    expect(errors.form).toBeNull();
  });

  it('puts each issue on its exact input, however deep the condition', () => {
    const draft = rulesToDraft(EVERY_KIND);
    // Inside all → any → not: the tag left blank.
    draft.conditions[14]!.when.of[1]!.of[1]!.of[0]!.tag = '  ';
    // A second rule named like the first; a time that is no time; a fixed segment with no category.
    draft.conditions[1]!.id = 'long-dwell';
    draft.conditions[11]!.when.from = '25:00';
    draft.segment.category = '';
    draft.cooldownMinutes = '20000';
    const checked = checkDraft(draft);
    if (checked.ok) throw new Error('expected issues');
    const errors = issuesOnFields(checked.issues, draft);
    expect(errors.fields).toMatchObject({
      'conditions.14.when.of.1.of.1.of.tag': expect.any(String),
      'conditions.1.id': '"long-dwell" is already the id of conditions[0]',
      'conditions.11.when.from': 'a time "HH:MM" from 00:00 to 23:59',
      'segment.category': expect.any(String),
      cooldownMinutes: expect.any(String),
    });
    expect(errors.form).toBeNull();
    // The form's order: settings first, then the rules in order, a condition's inner ones after it.
    const names = rulesFieldNames(draft);
    expect(names.indexOf('cooldownMinutes')).toBeLessThan(names.indexOf('conditions.1.id'));
    expect(names).toContain('conditions.14.when.of.1.of.1.of.tag');
  });

  it('says at the threshold when the points can never reach it', () => {
    const draft = rulesToDraft(null);
    draft.threshold = '50';
    const checked = checkDraft(draft);
    if (checked.ok) throw new Error('expected issues');
    expect(issuesOnFields(checked.issues, draft).fields.threshold).toMatch(/can never be reached: the conditions' positive points add up to 10/);
  });

  it('makes each kind with its defaults: the ones with figures hold as they come, the ones that need words ask for them on their field', () => {
    for (const [kind] of CONDITION_KINDS) {
      const draft = rulesToDraft(null);
      draft.conditions[0]!.when = conditionDefaults(kind);
      const checked = checkDraft(draft);
      const needsWords = ['category', 'search_terms', 'customer_tier', 'customer_tag', 'site'].includes(kind);
      expect(checked.ok, kind).toBe(!needsWords);
      if (!checked.ok) {
        const fields = Object.keys(issuesOnFields(checked.issues, draft).fields);
        expect(fields, kind).toHaveLength(1);
        expect(fields[0], kind).toMatch(/^conditions\.0\.when\.(path|words|tiers|tag|domains)$/);
      }
    }
  });

  it('keeps what was typed when the kind changes, and gives not exactly one inner condition', () => {
    const c = { ...conditionDefaults('cart_value'), min: '750.00', currency: 'USD' };
    const price = withKind(c, 'product_price');
    expect(price).toMatchObject({ type: 'product_price', min: '750.00', currency: 'USD' });
    expect(withKind(price, 'cart_value')).toMatchObject({ type: 'cart_value', min: '750.00' });
    const any = withKind(c, 'any');
    expect(any.of).toHaveLength(1);
    const not = withKind({ ...any, of: [conditionDefaults('dwell'), conditionDefaults('returning')] }, 'not');
    expect(not.of.map((o) => o.type)).toEqual(['dwell']);
    expect(withKind(not, 'dwell').of).toEqual([]);
  });

  it('finds, changes and names a nested condition by its place', () => {
    const draft = rulesToDraft(EVERY_KIND);
    const at = { rule: 14, inner: [1, 1, 0] };
    expect(conditionAt(draft, at)?.type).toBe('customer_tag');
    expect(conditionPath(draft, at)).toBe('conditions.14.when.of.1.of.1.of');
    const changed = updateCondition(draft, at, (c) => ({ ...c, tag: 'employee' }));
    expect(conditionAt(changed, at)?.tag).toBe('employee');
    expect(conditionAt(draft, at)?.tag).toBe('staff');
    expect(changed.conditions[0]).toBe(draft.conditions[0]);
    const doc = draftToRules(changed) as { conditions: { when: unknown }[] };
    expect(JSON.stringify(doc.conditions[14]!.when)).toContain('"tag":"employee"');
  });

  it('gives a new rule an id no other has', () => {
    const draft = rulesToDraft(null);
    draft.conditions.push({ ...newRule(draft), id: 'condition-2' });
    expect(newRule(draft).id).toBe('condition-3');
  });

  it('shows the server’s words on the field it names, and what names no field as the form’s message', () => {
    const draft = rulesToDraft(EVERY_KIND);
    const errors = refusalOnFields(
      { status: 400, code: 'invalid_body', message: 'The opportunity rules are not valid.', fields: { 'conditions.4.when.views': 'Too small: expected number to be >=2', 'nowhere.at.all': 'odd' } },
      draft,
    );
    expect(errors.fields).toEqual({ 'conditions.4.when.views': 'Too small: expected number to be >=2' });
    expect(errors.form).toBe('nowhere.at.all: odd');
    expect(refusalOnFields({ status: 403, code: 'role_forbids', message: 'Your role may not change this.', fields: {} }, draft)).toEqual({ form: 'Your role may not change this.', fields: {} });
  });
});

describe('reading rules, diffs, versions and previews', () => {
  it('says each condition in words', () => {
    const texts = EVERY_KIND.conditions.map((c) => conditionText(c.when));
    expect(texts[0]).toBe('on a product 90 s or more');
    expect(texts[2]).toBe('a product priced up to 20 EUR');
    expect(texts[11]).toBe('between 09:00 and 18:00 on Mon, Tue, Wed, Thu, Fri');
    expect(texts[14]).toBe('all of (on a product 30 s or more; any of (a returning shopper; not a customer tagged staff))');
  });

  it('turns a diff into lines: settings, then conditions changed, added and removed', () => {
    const next = structuredClone(EVERY_KIND);
    next.threshold = 30;
    next.conditions[0]!.points = 12;
    next.conditions[3]!.when = { type: 'category', path: ['Audio', 'Speakers'] };
    next.conditions.splice(7, 1);
    next.conditions.push({ id: 'big-cart', when: { type: 'cart_value', min: '900.00', currency: 'EUR' }, points: 9 });
    const lines = diffLines(diffOpportunityRules(EVERY_KIND, next));
    expect(lines).toEqual([
      { where: 'Settings', status: 'changed', field: 'Threshold', from: '25', to: '30' },
      { where: 'long-dwell', status: 'changed', field: 'Points', from: '10', to: '12' },
      { where: 'headphones', status: 'changed', field: 'Condition › path', from: 'Audio > Headphones', to: 'Audio > Speakers' },
      { where: 'big-cart', status: 'added', field: 'The whole condition', from: '—', to: 'big-cart: a cart of 900.00 EUR or more (9 points)' },
      { where: 'back', status: 'removed', field: 'The whole condition', from: 'back: a returning shopper (1 point)', to: '—' },
    ]);
    expect(defaultDiffPair([{ version: 3 }, { version: 5 }, { version: 4 }])).toEqual({ from: 4, to: 5 });
    expect(defaultDiffPair([{ version: 1 }])).toEqual({ from: 1, to: 1 });
    expect(defaultDiffPair([])).toBeNull();
  });

  it('names who made each version from the audit log, newest entry first', () => {
    const base = { enterpriseId: null, method: 'PUT', status: 200, before: null, after: null, at: '2026-03-02T10:00:00.000Z' };
    const user = (email: string) => ({ kind: 'user' as const, userId: '00000000-0000-4000-8000-000000000001', email, role: 'admin' as const, supportAccessId: null });
    const entries: AuditEntry[] = [
      { ...base, id: '00000000-0000-4000-8000-00000000000a', method: 'POST', actor: user('adam@voltaire.example'), action: 'POST /api/v1/rules/opportunity/versions/:version/restore', path: '/api/v1/rules/opportunity/versions/1/restore', status: 201, subject: 'opportunity rules v3 (restored from v1)' },
      { ...base, id: '00000000-0000-4000-8000-00000000000b', actor: user('sara@voltaire.example'), action: 'PUT /api/v1/rules/opportunity', path: '/api/v1/rules/opportunity', subject: 'opportunity rules v2' },
      { ...base, id: '00000000-0000-4000-8000-00000000000c', actor: { kind: 'key', keyId: '00000000-0000-4000-8000-000000000002', label: 'crm' }, action: 'PUT /api/v1/rules/opportunity', path: '/api/v1/rules/opportunity', subject: 'opportunity rules v1' },
      { ...base, id: '00000000-0000-4000-8000-00000000000d', actor: user('x@voltaire.example'), action: 'PUT /api/v1/live/settings', path: '/api/v1/live/settings', subject: 'opportunity rules v9' },
    ];
    const authors = versionAuthors(entries);
    expect(Object.fromEntries(authors)).toEqual({
      3: { who: 'adam@voltaire.example', restoredFrom: 1 },
      2: { who: 'sara@voltaire.example', restoredFrom: null },
      1: { who: 'API key “crm”', restoredFrom: null },
    });
  });

  it('sets the draft’s figures beside the live version’s, per condition too', () => {
    const score = { score: 12, reasons: [{ conditionId: 'long-dwell', points: 10 }, { conditionId: 'back', points: 2 }], opens: true, cooledDown: false };
    const preview: OpportunityRulesPreview = {
      hours: 24,
      since: '2026-03-01T10:00:00.000Z',
      until: '2026-03-02T10:00:00.000Z',
      evaluated: 5,
      truncated: false,
      draft: { version: null, opened: 3, cooledDown: 1, byRule: [{ conditionId: 'long-dwell', opened: 3 }, { conditionId: 'new-one', opened: 1 }] },
      live: { version: 4, opened: 2, cooledDown: 0, byRule: [{ conditionId: 'long-dwell', opened: 2 }, { conditionId: 'gone', opened: 1 }] },
      both: 2,
      onlyDraft: { count: 1, sample: [] },
      onlyLive: { count: 0, sample: [] },
      customersRead: 0,
    };
    expect(previewRows(preview)).toEqual([
      { label: 'Sessions that would open an opportunity', draft: 3, live: 2 },
      { label: 'Held back by the cool-down', draft: 1, live: 0 },
      { label: 'Opened by this version only', draft: 1, live: 0 },
      { label: 'Opened with “long-dwell” among the reasons', draft: 3, live: 2 },
      { label: 'Opened with “new-one” among the reasons', draft: 1, live: 0 },
      { label: 'Opened with “gone” among the reasons', draft: 0, live: 1 },
    ]);
    expect(previewRows({ ...preview, live: null })[0]).toEqual({ label: 'Sessions that would open an opportunity', draft: 3, live: null });
    expect(previewScoreText(score)).toBe('12 (long-dwell +10, back +2): opens');
    expect(previewScoreText({ ...score, opens: false, cooledDown: true, reasons: [] })).toBe('12 (no condition held): cool-down');
    expect(previewScoreText(null)).toBe('no live rules');
  });
});
