import { describe, expect, it } from 'vitest';
import { checkFields, issuesByField } from './field-issues';
import { MatchingDocument } from './matching';
import { OpportunityRules } from './rules';

/*
 * The console validates rule documents as they are typed with these shared schemas: typical
 * mistakes must come back with the field's path and a message a sales lead can act on.
 */

const issues = (check: ReturnType<typeof checkFields>) => (check.ok ? [] : check.issues.map((i) => [i.field, i.message]));

describe('opportunity rules checked as they are typed', () => {
  it('accepts a valid draft and fills its defaults', () => {
    const check = checkFields(OpportunityRules, { threshold: 1, conditions: [{ id: 'dwell', when: { type: 'dwell', seconds: 20 }, points: 1 }] });
    expect(check).toMatchObject({ ok: true, value: { cooldownMinutes: 30, timezone: 'UTC' } });
  });

  it('names the field of each typical mistake', () => {
    const check = checkFields(OpportunityRules, {
      threshold: '5',
      timezone: 'Paris',
      conditions: [{ id: 'long dwell', when: { type: 'time_of_day', from: '25:00', to: '10:00' }, points: 1, extra: true }],
      segment: { categoryFrom: 'fixed' },
    });
    expect(issues(check)).toEqual([
      ['threshold', 'Invalid input: expected number, received string'],
      ['timezone', 'an IANA time zone, e.g. "Europe/Paris"'],
      ['conditions.0.id', 'letters, digits, "_" or "-", at most 64'],
      ['conditions.0.when.from', 'a time "HH:MM" from 00:00 to 23:59'],
      ['conditions.0', 'Unrecognized key: "extra"'],
      ['segment.category', 'is required when categoryFrom is "fixed"'],
    ]);
  });

  it('names an unknown condition type with the types there are', () => {
    const found = issues(checkFields(OpportunityRules, { threshold: 1, conditions: [{ id: 'a', when: { type: 'dwel', seconds: 3 }, points: 1 }] }));
    expect(found).toEqual([['conditions.0.when.type', expect.stringMatching(/'dwell' \| 'product_price'/)]]);
  });

  it('says what is wrong between fields once each field is well formed: a repeated id, an unreachable threshold', () => {
    const check = checkFields(OpportunityRules, {
      threshold: 9,
      conditions: [
        { id: 'a', when: { type: 'dwell', seconds: 3 }, points: 2 },
        { id: 'a', when: { type: 'returning' }, points: 1 },
      ],
    });
    expect(issues(check)).toEqual([
      ['conditions.1.id', '"a" is already the id of conditions[0]'],
      ['threshold', "can never be reached: the conditions' positive points add up to 3"],
    ]);
    expect(check.ok ? null : issuesByField(check.issues).get('threshold')).toEqual(["can never be reached: the conditions' positive points add up to 3"]);
  });
});

describe('matching rule sets checked as they are typed', () => {
  it('names the field of each typical mistake', () => {
    const check = checkFields(MatchingDocument, {
      ruleSets: [{ name: 'TV', priority: 1.5, rules: [{ rule: 'load', weight: -2 }], offer: { offerSeconds: 100, giveUpSeconds: 60 } }],
    });
    expect(issues(check)).toEqual([
      ['ruleSets.0.priority', 'Invalid input: expected int, received number'],
      ['ruleSets.0.rules.0.weight', 'a weight must be at least 0'],
      ['ruleSets.0.offer.offerSeconds', 'must not exceed giveUpSeconds (60)'],
    ]);
  });

  it('names repeated names and priorities, and a rule used twice', () => {
    const check = checkFields(MatchingDocument, {
      ruleSets: [
        { name: 'TV', priority: 1, rules: [{ rule: 'load', weight: 1 }, { rule: 'load', weight: 2 }] },
        { name: 'tv', priority: 1, rules: [{ rule: 'load', weight: 1 }] },
      ],
    });
    expect(issues(check)).toEqual([
      ['ruleSets.0.rules.1.rule', '"load" is already rules[0]; use each rule once'],
      ['ruleSets.1.name', '"tv" is already the name of ruleSets[0]'],
      ['ruleSets.1.priority', '1 is already the priority of ruleSets[0]; priorities must differ'],
    ]);
  });

  it('says an empty document needs a rule set, at the list', () => {
    expect(issues(checkFields(MatchingDocument, { ruleSets: [] }))).toEqual([['ruleSets', 'Too small: expected array to have >=1 items']]);
  });
});
