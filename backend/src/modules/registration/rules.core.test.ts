import { describe, expect, it } from 'vitest';
import type { AcceptabilityRules } from '../../db/schema/registration';
import { type ApplicantFacts, ageOn, DEFAULT_RULES, evaluateRules, missingDocuments, verdictOf } from './rules.core';

const rules: AcceptabilityRules = { countries: ['FR', 'US'], minimumAge: 18, requiredDocuments: ['identity', 'address'], languages: ['en', 'fr'], checkPackage: 'tasker_standard' };
const facts: ApplicantFacts = { country: 'FR', birthDate: '1990-05-17', languages: ['fr'], categories: [['Audio']], uploaded: ['address', 'identity'] };
const TODAY = '2026-12-06';

describe('the rules of acceptability', () => {
  it('counts whole years: a birthday counts on its day, 29 February on 1 March', () => {
    expect(ageOn('2008-12-06', TODAY)).toBe(18);
    expect(ageOn('2008-12-07', TODAY)).toBe(17);
    expect(ageOn('2008-11-30', TODAY)).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('passes every rule for an applicant who meets them', () => {
    const outcomes = evaluateRules(facts, rules, TODAY);
    expect(outcomes.map((o) => [o.rule, o.passed])).toEqual([
      ['country', true],
      ['minimum_age', true],
      ['languages', true],
      ['documents', true],
      ['categories', true],
    ]);
    expect(verdictOf(outcomes, rules.requiredDocuments, facts.uploaded)).toEqual({ kind: 'passed' });
  });

  it('declines on the country, the age or the language, each named in the applicant’s words', () => {
    const outcomes = evaluateRules({ ...facts, country: 'BR', birthDate: '2010-01-01', languages: ['pt'] }, rules, TODAY);
    const failed = outcomes.filter((o) => !o.passed);
    expect(failed.map((o) => o.detail)).toEqual([
      'We do not take applications from Brazil yet.',
      'You must be at least 18 years old to work on the marketplace.',
      'You must speak English or French to help our shoppers.',
    ]);
    expect(verdictOf(outcomes, rules.requiredDocuments, facts.uploaded)).toEqual({ kind: 'declined', reasons: failed.map((o) => o.detail) });
  });

  it('waits for missing documents, in the operator’s order, unless another rule declines first', () => {
    const uploaded = ['address'] as const;
    const outcomes = evaluateRules({ ...facts, uploaded: [...uploaded] }, rules, TODAY);
    expect(outcomes.find((o) => o.rule === 'documents')).toEqual({ rule: 'documents', passed: false, detail: 'Upload an identity document.' });
    expect(verdictOf(outcomes, rules.requiredDocuments, uploaded)).toEqual({ kind: 'documents_missing', missing: ['identity'] });
    expect(missingDocuments(['identity', 'tax', 'address'], [])).toEqual(['identity', 'tax', 'address']);
    const tooYoung = evaluateRules({ ...facts, birthDate: '2015-01-01', uploaded: [] }, rules, TODAY);
    expect(verdictOf(tooYoung, rules.requiredDocuments, []).kind).toBe('declined');
  });

  it('declines without categories, and without a birth date (a cleared one is never evaluated as old enough)', () => {
    const outcomes = evaluateRules({ ...facts, categories: [], birthDate: null }, rules, TODAY);
    expect(outcomes.filter((o) => !o.passed).map((o) => o.rule)).toEqual(['minimum_age', 'categories']);
  });

  it('takes any country and language, and asks no document, by default', () => {
    const outcomes = evaluateRules({ ...facts, country: 'JP', languages: ['ja'], uploaded: [] }, DEFAULT_RULES, TODAY);
    expect(outcomes.every((o) => o.passed)).toBe(true);
    expect(verdictOf(outcomes, DEFAULT_RULES.requiredDocuments, [])).toEqual({ kind: 'passed' });
  });
});
