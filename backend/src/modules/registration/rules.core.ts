/**
 * The operator's rules of acceptability, applied to one application: pure, so the same
 * answer comes out wherever they are evaluated (at verification, after the last upload).
 * Each outcome is told to the applicant in their words.
 */
import { DEFAULT_REAPPLY_AFTER_DAYS } from '../../../../shared/registration';
import type { AcceptabilityRules, DocumentKind, RuleOutcome } from '../../db/schema/registration';

/** The rules when the operator has set none: every country and language, adults, no document, 180 days before a rejected person applies again. */
export const DEFAULT_RULES: Required<AcceptabilityRules> = { countries: [], minimumAge: 18, requiredDocuments: [], languages: [], checkPackage: 'tasker_standard', reapplyAfterDays: DEFAULT_REAPPLY_AFTER_DAYS };

/** What the rules look at. */
export interface ApplicantFacts {
  country: string;
  /** "YYYY-MM-DD"; null once cleared (a decided application is not evaluated again). */
  birthDate: string | null;
  languages: readonly string[];
  categories: readonly (readonly string[])[];
  uploaded: readonly DocumentKind[];
}

/** The rules' answer: declined (a rule the applicant cannot change failed), waiting for documents, or passed. */
export type Verdict = { kind: 'declined'; reasons: string[] } | { kind: 'documents_missing'; missing: DocumentKind[] } | { kind: 'passed' };

const DOCUMENT_NAMES: Record<DocumentKind, string> = {
  identity: 'an identity document',
  address: 'a proof of address',
  tax: 'a tax form',
  resume: 'a résumé',
};

/** A document kind as the applicant reads it. */
export function documentName(kind: DocumentKind): string {
  return DOCUMENT_NAMES[kind];
}

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

export function countryName(code: string): string {
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Whole years from `birthDate` to `today` (both "YYYY-MM-DD", today in UTC): a birthday counts on its day; 29 February on 1 March in other years. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/** "A, B or C". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Every rule's outcome for these facts, today ("YYYY-MM-DD" in UTC). */
export function evaluateRules(facts: ApplicantFacts, rules: AcceptabilityRules, today: string): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  const country = countryName(facts.country);
  outcomes.push(
    rules.countries.length === 0 || rules.countries.includes(facts.country)
      ? { rule: 'country', passed: true, detail: `We take applications from ${country}.` }
      : { rule: 'country', passed: false, detail: `We do not take applications from ${country} yet.` },
  );
  const age = facts.birthDate === null ? null : ageOn(facts.birthDate, today);
  outcomes.push(
    age !== null && age >= rules.minimumAge
      ? { rule: 'minimum_age', passed: true, detail: `You are at least ${rules.minimumAge}.` }
      : { rule: 'minimum_age', passed: false, detail: `You must be at least ${rules.minimumAge} years old to work on the marketplace.` },
  );
  const spoken = rules.languages.length === 0 || facts.languages.some((l) => rules.languages.includes(l));
  outcomes.push(
    spoken
      ? { rule: 'languages', passed: true, detail: rules.languages.length === 0 ? 'Any language is welcome.' : 'You speak a language our shoppers need.' }
      : { rule: 'languages', passed: false, detail: `You must speak ${orList(rules.languages.map(languageName))} to help our shoppers.` },
  );
  const missing = missingDocuments(rules.requiredDocuments, facts.uploaded);
  outcomes.push(
    missing.length === 0
      ? { rule: 'documents', passed: true, detail: rules.requiredDocuments.length === 0 ? 'No document is needed.' : 'Every document we need is uploaded.' }
      : { rule: 'documents', passed: false, detail: `Upload ${andList(missing.map(documentName))}.` },
  );
  outcomes.push(
    facts.categories.length > 0
      ? { rule: 'categories', passed: true, detail: 'You chose what you want to sell.' }
      : { rule: 'categories', passed: false, detail: 'Choose at least one category of products you want to sell.' },
  );
  return outcomes;
}

/** The required kinds not uploaded yet, in the operator's order. */
export function missingDocuments(required: readonly DocumentKind[], uploaded: readonly DocumentKind[]): DocumentKind[] {
  return required.filter((k) => !uploaded.includes(k));
}

/**
 * What the outcomes decide at once: a rule the applicant cannot change by uploading (country,
 * age, language, categories) declines; else missing documents wait for the uploads; else passed.
 */
export function verdictOf(outcomes: readonly RuleOutcome[], required: readonly DocumentKind[], uploaded: readonly DocumentKind[]): Verdict {
  const failed = outcomes.filter((o) => !o.passed && o.rule !== 'documents');
  if (failed.length > 0) return { kind: 'declined', reasons: failed.map((o) => o.detail) };
  const missing = missingDocuments(required, uploaded);
  if (missing.length > 0) return { kind: 'documents_missing', missing };
  return { kind: 'passed' };
}
