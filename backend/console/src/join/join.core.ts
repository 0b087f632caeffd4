/**
 * The registration site's pure logic: the application form as typed → the body of
 * POST /api/v1/applications (checked with the shared contract as the person types), the site's
 * steps, the verification link's token, and a document's checks before it is sent.
 */
import { z } from 'zod';
import { CHECKS_DISCLOSURE, DOCUMENT_CONTENT_TYPES, type DocumentKind, type DocumentUpload, MAX_DOCUMENT_BYTES, type MyApplication, Registration } from '../../../../shared/registration';
import type { Problem } from '../api.core';

/** The form as typed: every field a string, as its control holds it. */
export interface JoinForm {
  email: string;
  password: string;
  displayName: string;
  givenName: string;
  familyName: string;
  country: string;
  timezone: string;
  /** Language subtags, separated by commas or spaces ("en, fr"). */
  languages: string;
  birthDate: string;
  /** One category path a line, its levels separated by ">" ("Audio > Headphones"). */
  categories: string;
  experience: string;
  weeklyHours: string;
}

/** The form's fields in the order they show (a refusal takes the keyboard to the first at fault). */
export const JOIN_FIELDS = ['email', 'password', 'displayName', 'givenName', 'familyName', 'country', 'timezone', 'languages', 'birthDate', 'categories', 'experience', 'weeklyHours'] as const satisfies readonly (keyof JoinForm)[];

export function emptyForm(timezone: string): JoinForm {
  return { email: '', password: '', displayName: '', givenName: '', familyName: '', country: '', timezone, languages: '', birthDate: '', categories: '', experience: '', weeklyHours: '' };
}

/** "en, FR  pt" → ["en", "fr", "pt"] (each once). */
export function languagesOf(typed: string): string[] {
  return [...new Set(typed.split(/[\s,;]+/).map((l) => l.trim().toLowerCase()).filter(Boolean))];
}

/** "Audio > Headphones\nHome > Kitchen" → [["Audio", "Headphones"], ["Home", "Kitchen"]] (blank lines and levels dropped). */
export function categoriesOf(typed: string): string[][] {
  return typed
    .split('\n')
    .map((line) => line.split('>').map((level) => level.trim()).filter(Boolean))
    .filter((path) => path.length > 0);
}

/** The body as the server wants it (consent added), before the contract checks it. */
export function registrationBody(form: JoinForm): Omit<Registration, 'consent'> & { consent: { authorized: true; version: string } } {
  const hours = form.weeklyHours.trim();
  return {
    email: form.email.trim(),
    password: form.password,
    displayName: form.displayName.trim(),
    givenName: form.givenName.trim(),
    familyName: form.familyName.trim(),
    country: form.country,
    timezone: form.timezone,
    languages: languagesOf(form.languages),
    birthDate: form.birthDate,
    categories: categoriesOf(form.categories),
    experience: form.experience.trim(),
    weeklyHours: /^\d+$/.test(hours) ? Number(hours) : Number.NaN,
    consent: { authorized: true, version: CHECKS_DISCLOSURE.version },
  };
}

/** The application's part of the contract: the form page checks it; the consent is the next page's. */
const FormPart = Registration.omit({ consent: true });

/** A field's words for a blank or an odd value, where the contract's own would read oddly. */
const PLAIN: Partial<Record<keyof JoinForm, string>> = {
  languages: 'at least one language, e.g. "en"',
  categories: 'at least one category, e.g. "Audio > Headphones"',
  weeklyHours: 'a whole number of hours from 1 to 80',
  country: 'your country',
  birthDate: 'your birth date',
};

/**
 * What is wrong with the form now, by field (empty: it may go on to the disclosure). Only the
 * fields in `touched` are told (a person is not scolded for a field they have not reached),
 * unless `touched` is 'all' (on "Continue").
 */
export function formProblems(form: JoinForm, touched: ReadonlySet<string> | 'all' = 'all'): Record<string, string> {
  const parsed = FormPart.safeParse(registrationBody(form));
  const fields: Record<string, string> = {};
  if (parsed.success) return fields;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as keyof JoinForm;
    if (!field || fields[field] || (touched !== 'all' && !touched.has(field))) continue;
    const blank = typeof form[field] === 'string' && form[field].trim() === '';
    fields[field] = (blank || field === 'weeklyHours' ? PLAIN[field] : undefined) ?? (blank ? 'required' : issue.message);
  }
  return fields;
}

/** The site's steps from the form to "check your e-mail": the disclosure stands alone, between them. */
export type JoinStep = 'form' | 'disclosure' | 'sent';

/** The token of the verification link's fragment (`#token=fwv_…`), or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^fwv_[A-Za-z0-9_-]{10,100}$/.test(token) ? token : null;
}

/** What the verify page shows after the server's answer. */
export type VerifyOutcome = { kind: 'verified' } | { kind: 'expired' | 'used' | 'invalid' | 'failed'; message: string };

export function verifyOutcome(problem: Problem | null): VerifyOutcome {
  if (!problem) return { kind: 'verified' };
  if (problem.code === 'link_expired') return { kind: 'expired', message: problem.message };
  if (problem.code === 'link_used') return { kind: 'used', message: problem.message };
  if (problem.code === 'link_invalid' || problem.code === 'invalid_body') return { kind: 'invalid', message: problem.message };
  return { kind: 'failed', message: problem.message };
}

/** The names of the documents, as the applicant reads them. */
export const DOCUMENT_NAMES: Record<DocumentKind, string> = {
  identity: 'Identity document',
  address: 'Proof of address',
  tax: 'Tax form',
  resume: 'Résumé',
};

/** Why a file cannot be sent as a document (before its bytes are read), or null. */
export function documentRefusal(file: { size: number; type: string }): string | null {
  if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(file.type)) return 'Send a PDF, a PNG or a JPEG.';
  if (file.size > MAX_DOCUMENT_BYTES) return `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; send a smaller one.`;
  if (file.size === 0) return 'The file is empty.';
  return null;
}

/** Standard base64 of bytes (the upload's JSON carries them so). */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function documentBody(kind: DocumentKind, file: { name: string; type: string }, bytes: Uint8Array): DocumentUpload {
  return { kind, fileName: file.name.slice(0, 200) || 'document', contentType: file.type as DocumentUpload['contentType'], content: base64Of(bytes) };
}

/** The documents still missing, in the order the rules name them. */
export function missingDocuments(app: Pick<MyApplication, 'documents'>): DocumentKind[] {
  const have = new Set(app.documents.uploaded.map((d) => d.kind));
  return app.documents.required.filter((k) => !have.has(k));
}

/** The stages the status page draws, and where the application is among them. */
export const STAGES = [
  { step: 'verify_email', label: 'Confirm your e-mail' },
  { step: 'upload_documents', label: 'Documents' },
  { step: 'check', label: 'Background check' },
  { step: 'review', label: 'Review' },
  { step: 'done', label: 'Decision' },
] as const;

export type StageState = 'done' | 'current' | 'ahead';

/** Each stage's state for an application: before the current one done, after it ahead. */
export function stagesOf(app: Pick<MyApplication, 'step' | 'status'>): { label: string; state: StageState }[] {
  // Withdrawn or declined by the rules, the later stages were never reached: none is drawn (the timeline says what happened).
  if (app.status === 'withdrawn' || app.status === 'declined') return [];
  // Answering a question happens in review; the adverse-action wait comes after the check.
  const at = app.step === 'answer_question' ? 'review' : app.step === 'adverse_action' ? 'review' : app.step;
  const index = STAGES.findIndex((s) => s.step === at);
  return STAGES.map((s, i) => ({ label: s.label, state: app.step === 'done' || i < index ? 'done' : i === index ? 'current' : 'ahead' }));
}

export const STATUS_LABELS: Record<MyApplication['status'], string> = {
  unverified: 'Waiting for you',
  declined: 'Not accepted',
  checking: 'Background check',
  review: 'In review',
  more_info: 'Question for you',
  adverse_action: 'Pre-adverse action',
  approved: 'Approved',
  rejected: 'Not accepted',
  withdrawn: 'Withdrawn',
};

/** Whether the applicant may still withdraw (an application not yet decided). */
export function mayWithdraw(status: MyApplication['status']): boolean {
  return !['approved', 'rejected', 'declined', 'withdrawn'].includes(status);
}

/**
 * Whether and when the person may apply again once the application ended, in their words:
 * null while it is open or approved; "now" once the date is past (at once after a withdrawal);
 * else the date, written by `format` (the browser's own way).
 */
export function reapplyText(app: Pick<MyApplication, 'reapplyFrom'>, now: Date, format: (iso: string) => string): { now: boolean; text: string } | null {
  if (app.reapplyFrom === null) return null;
  if (Date.parse(app.reapplyFrom) <= now.getTime()) return { now: true, text: 'You can apply again now: a new application, with the same e-mail address.' };
  return { now: false, text: `You can apply again from ${format(app.reapplyFrom)}.` };
}

/** The country codes of ISO 3166-1 alpha-2 (assigned), named in the browser's language by Intl. */
export const COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(' ');

/** [code, name] of every country, by name. */
export function countryOptions(names: (code: string) => string | undefined): [string, string][] {
  return COUNTRY_CODES.map((c): [string, string] => [c, `${names(c) ?? c} (${c})`]).sort((a, b) => a[1].localeCompare(b[1]));
}

/** The time zones to choose from: the browser's list, with the default first found in it (or added). */
export function timeZoneOptions(zones: readonly string[], current: string): string[] {
  const list = zones.length ? [...zones] : ['UTC'];
  if (current && !list.includes(current)) list.unshift(current);
  return list;
}

/** A token as the site keeps it between its pages. */
export const SignedInToken = z.object({ token: z.string().min(1), expiresAt: z.string() });
