/**
 * The operator's review of applications to the marketplace, without I/O: the queue's statuses
 * and filters, the check's state in words (states and dates only: the console never has a
 * report's contents), who moved an application, which decisions the review offers and the form
 * that sends one, and the joining rules' form checked with the shared contract as it is typed.
 */
import type { z } from 'zod';
import { ApplicationDecision, type ApplicationStatus, type CheckStateView, type DocumentKind, JoinRules, MAX_REAPPLY_AFTER_DAYS, type OtherApplication, type RuleOutcome } from '../../../../shared/registration';
import type { Problem } from '../api.core';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';

// ---- The queue ----

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  unverified: 'Registered',
  declined: 'Declined by the rules',
  checking: 'Check under way',
  review: 'To review',
  more_info: 'Asked for more',
  adverse_action: 'Adverse action',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** The tag's look (console.css): warn for the ends that turn the applicant away, outlined for those waiting on someone else. */
export const STATUS_CLASS: Record<ApplicationStatus, string> = {
  unverified: 'invited',
  declined: 'inactive',
  checking: 'invited',
  review: '',
  more_info: 'invited',
  adverse_action: 'warn',
  approved: '',
  rejected: 'inactive',
  withdrawn: 'invited',
};

/** The queue's status filter: those waiting on the operator first; '' is every status. */
export type QueueFilter = ApplicationStatus | '';

/** What the queue shows when opened: the applications the operator must decide. */
export const DEFAULT_FILTER: QueueFilter = 'review';

/** The filter's choices in the order an operator works through them. */
export const QUEUE_FILTERS: readonly (readonly [QueueFilter, string])[] = [
  ['review', 'To review'],
  ['more_info', 'Asked for more'],
  ['adverse_action', 'Adverse action (waiting period)'],
  ['checking', 'Check under way'],
  ['unverified', 'Registered (e-mail or documents to come)'],
  ['approved', 'Approved'],
  ['rejected', 'Rejected'],
  ['declined', 'Declined by the rules'],
  ['withdrawn', 'Withdrawn'],
  ['', 'Every status'],
];

/** The queue's query: the filter, the search, the page. */
export function queueQuery(filter: QueueFilter, q: string, limit: number, after: string | null): Record<string, string | number | undefined> {
  return { status: filter || undefined, q: q.trim() || undefined, limit, after: after ?? undefined };
}

/** What the empty queue says, for the filter chosen. */
export function emptyQueueText(filter: QueueFilter, q: string): string {
  if (q.trim()) return `No application matches “${q.trim()}”${filter ? ` among those ${STATUS_LABELS[filter].toLowerCase()}` : ''}.`;
  if (filter === 'review') return 'Nothing to review: applications come here when their check is back or the applicant answered.';
  if (filter === '') return 'No applications yet: they appear here once someone applies on the registration page.';
  return `No application is ${STATUS_LABELS[filter].toLowerCase()}.`;
}

/** How long an application has waited since it last moved, read at a glance: "12 min", "5 h", "3 days". */
export function waitingFor(sinceIso: string, now: number): string {
  const ms = Math.max(0, now - new Date(sinceIso).getTime());
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** A category path as read: "Audio › Headphones". */
export function categoryText(path: readonly string[]): string {
  return path.join(' › ');
}

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** "France (FR)"; the code alone when it names no region. */
export function countryText(code: string): string {
  try {
    const name = regions.of(code.toUpperCase());
    return name && name !== code.toUpperCase() ? `${name} (${code.toUpperCase()})` : code.toUpperCase();
  } catch {
    return code;
  }
}

/** "French (fr)"; the code alone when it names no language. */
export function languageText(code: string): string {
  try {
    const name = languages.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

// ---- The check, in words ----

/** The check's state in a few words for the queue: where it stands, never what a report says beyond clear or consider. */
export function checkWords(check: CheckStateView | null, day: (iso: string) => string): string {
  if (!check) return 'Not started';
  if (check.postAdverseAt || check.adjudication === 'post_adverse_action') return 'Consider: adverse action final';
  if (check.adjudication === 'pre_adverse_action')
    return check.postAdverseDueAt ? `Consider: pre-adverse notice sent, waiting until ${day(check.postAdverseDueAt)}` : 'Consider: pre-adverse notice sent, waiting stopped by a dispute';
  switch (check.reportStatus) {
    case 'complete':
      if (check.adjudication === 'engaged') return `${check.reportResult === 'consider' ? 'Consider' : 'Clear'}: engaged`;
      return check.reportResult === 'consider' ? 'Complete: consider' : check.reportResult === 'clear' ? 'Complete: clear' : 'Complete';
    case 'pending':
      return 'Report in progress';
    case 'suspended':
    case 'paused':
      return 'Report paused: the provider waits on the applicant';
    case 'dispute':
      return 'Report disputed by the applicant';
    case 'canceled':
      return 'Report canceled';
  }
  if (check.invitationStatus === 'expired') return 'Invitation expired';
  if (check.invitationStatus === 'completed') return 'Form filled in; report starting';
  if (check.invitationStatus === 'pending') return 'Invitation sent, not filled in yet';
  return 'Starting with the provider';
}

/** Whether the check's words are good news, bad news or neither (the tag's look). */
export function checkTone(check: CheckStateView | null): 'clear' | 'consider' | 'pending' {
  if (check?.reportResult === 'consider') return 'consider';
  if (check?.reportStatus === 'complete' && check.reportResult === 'clear') return 'clear';
  return 'pending';
}

const INVITATION: Record<string, string> = { pending: 'Sent, not filled in yet', completed: 'Filled in', expired: 'Expired before it was filled in' };
const REPORT: Record<string, string> = {
  pending: 'In progress',
  suspended: 'Suspended: the provider waits on the applicant',
  paused: 'Paused',
  complete: 'Complete',
  canceled: 'Canceled',
  dispute: 'Disputed by the applicant',
};
const ADJUDICATION: Record<string, string> = { engaged: 'Engaged (the applicant goes on)', pre_adverse_action: 'Pre-adverse action', post_adverse_action: 'Adverse action final' };

/** The check's facts for the review, label and value, each only once it is known. */
export function checkFacts(check: CheckStateView, when: (iso: string) => string): [string, string][] {
  const facts: [string, string][] = [
    ['Provider', `${check.provider}, package ${check.package}`],
    ['Started', when(check.createdAt)],
    ['Invitation', check.invitationStatus ? (INVITATION[check.invitationStatus] ?? check.invitationStatus) : 'Not sent yet'],
    ['Report', check.reportStatus ? (REPORT[check.reportStatus] ?? check.reportStatus) : 'Not started yet'],
  ];
  if (check.completedAt) facts.push(['Completed', when(check.completedAt)]);
  facts.push(['Result', check.reportResult ?? (check.reportStatus === 'complete' ? '—' : 'Not known until complete')]);
  facts.push(['Adjudication', check.adjudication ? (ADJUDICATION[check.adjudication] ?? check.adjudication) : 'None yet']);
  if (check.preAdverseAt) facts.push(['Pre-adverse notice sent', when(check.preAdverseAt)]);
  if (check.adjudication === 'pre_adverse_action' && !check.postAdverseAt) facts.push(['Waiting period ends', check.postAdverseDueAt ? when(check.postAdverseDueAt) : 'Stopped while the applicant disputes the report']);
  if (check.postAdverseAt) facts.push(['Final notice sent', when(check.postAdverseAt)]);
  return facts;
}

// ---- What happened ----

export type EventActor = 'applicant' | 'rules' | 'check' | 'operator' | 'service';

export const ACTOR_LABELS: Record<EventActor, string> = { applicant: 'The applicant', rules: 'The joining rules', check: 'The check provider', operator: 'An operator', service: 'The service' };

/** An event's kind as read: "check_completed" → "Check completed". */
export function eventKindText(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How an event's message reads: what the applicant was told, or, for their answer to our question, what they answered. */
export function eventMessageLabel(actor: EventActor, kind: string): string {
  return actor === 'applicant' && kind === 'replied' ? 'The applicant answered:' : 'The applicant was told:';
}

/** How the review names another application of the same person: made before this one or after it. */
export function otherApplicationLabel(other: Pick<OtherApplication, 'createdAt'>, current: Pick<OtherApplication, 'createdAt'>): string {
  return Date.parse(other.createdAt) < Date.parse(current.createdAt) ? 'Previous application' : 'Later application';
}

export const RULE_LABELS: Record<RuleOutcome['rule'], string> = {
  country: 'Country served',
  minimum_age: 'Minimum age',
  languages: 'Languages',
  documents: 'Required documents',
  categories: 'Categories',
};

export const DOCUMENT_LABELS: Record<DocumentKind, string> = { identity: 'Proof of identity', address: 'Proof of address', tax: 'Tax form', resume: 'Résumé' };

/** A size as read: "820 B", "14 KB", "2.1 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ---- The decision ----

export type Decision = z.infer<typeof ApplicationDecision>['decision'];

/** The statuses no decision leaves. */
const DECIDED: readonly ApplicationStatus[] = ['declined', 'approved', 'rejected', 'withdrawn'];

/** What the review offers on an application: the decisions, and the adverse-action path in place of a plain rejection. */
export interface ReviewActions {
  /** Approve, reject, ask for more: shown while the application is undecided and not on the adverse-action path. */
  decisions: Decision[];
  /** A complete `consider` report not yet adjudicated: rejecting goes through the adverse-action path. */
  adverseAction: boolean;
  /** Why nothing is offered (decided, or waiting out the adverse-action period); null when something is. */
  none: string | null;
}

/** Whether the check came back `consider` and nobody adjudicated it yet (the case for the adverse-action path). */
export function needsAdverseAction(check: CheckStateView | null): boolean {
  return check?.reportStatus === 'complete' && check.reportResult === 'consider' && check.adjudication === null && !check.postAdverseAt;
}

/**
 * The actions offered. The server is the judge (it refuses an approval before the report is
 * complete, in its own words); the review offers what the application's status allows, and
 * for a `consider` report replaces Reject with the adverse-action path the law requires.
 */
export function reviewActions(status: ApplicationStatus, check: CheckStateView | null): ReviewActions {
  if (DECIDED.includes(status)) return { decisions: [], adverseAction: false, none: `The application is ${STATUS_LABELS[status].toLowerCase()}: nothing is left to decide.` };
  if (status === 'adverse_action')
    return { decisions: [], adverseAction: false, none: 'The pre-adverse notice went out: the final notice follows when the waiting period ends, unless the applicant disputes the report.' };
  const consider = check?.reportResult === 'consider' || check?.adjudication === 'pre_adverse_action';
  const decisions: Decision[] = consider ? ['approve', 'more_info'] : ['approve', 'more_info', 'reject'];
  return { decisions, adverseAction: needsAdverseAction(check) && (status === 'review' || status === 'more_info'), none: null };
}

export const DECISION_LABELS: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', more_info: 'Ask for more' };

/** What the reason is, for each decision: the applicant reads it. */
export const REASON_HINTS: Record<Decision, string> = {
  approve: 'The applicant reads it in their welcome e-mail and on their application’s page, e.g. “Your experience fits our audio shops.”',
  reject: 'The applicant reads it as the reason we cannot accept them: say why, plainly and politely.',
  more_info: 'The applicant reads it as our question and answers it on their application’s page, e.g. “Please upload a clearer photo of your ID.”',
};

/** Approving and rejecting are final: they ask first. Asking for more does not. */
export function confirmation(decision: Decision, name: string): { title: string; body: string; confirm: string } | null {
  if (decision === 'approve')
    return { title: `Approve ${name}?`, body: `${name} becomes an independent associate of the marketplace: enterprises may invite them. They are mailed your reason. Their documents and birth date are deleted.`, confirm: 'Approve' };
  if (decision === 'reject')
    return { title: `Reject ${name}?`, body: `The application ends: ${name} is mailed your reason, and their documents and birth date are deleted. This cannot be undone.`, confirm: 'Reject' };
  return null;
}

export interface DecisionForm {
  decision: Decision | null;
  reason: string;
}

export const NO_DECISION: DecisionForm = { decision: null, reason: '' };

/** The body to send, checked with the shared contract first; or the errors to show on the form. */
export function decisionBody(form: DecisionForm): { body: z.infer<typeof ApplicationDecision> } | { errors: FormErrors } {
  if (!form.decision) return { errors: { form: 'Choose a decision first.', fields: {} } };
  const parsed = ApplicationDecision.safeParse({ decision: form.decision, reason: form.reason.trim() });
  if (parsed.success) return { body: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'reason')] ??= issue.path[0] === 'reason' && form.reason.trim() === '' ? 'Write the reason the applicant will read.' : issue.message;
  return { errors: { form: null, fields } };
}

/**
 * A refusal on the decision form: the server's words on the reason when it is at fault, else
 * as the form's message (a 409 such as `check_incomplete` or `adverse_action_required` says why the decision cannot be made now).
 */
export function decisionErrors(problem: Problem): FormErrors {
  return formErrors(problem, ['reason']);
}

// ---- The joining rules ----

export interface JoinForm {
  countries: string[];
  minimumAge: string;
  requiredDocuments: DocumentKind[];
  languages: string[];
  checkPackage: string;
  reapplyAfterDays: string;
}

export const JOIN_FIELDS = ['countries', 'minimumAge', 'requiredDocuments', 'languages', 'checkPackage', 'reapplyAfterDays'] as const;

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['identity', 'address', 'tax', 'resume'];

export function joinFormOf(rules: JoinRules): JoinForm {
  return {
    countries: [...rules.countries],
    minimumAge: String(rules.minimumAge),
    requiredDocuments: [...rules.requiredDocuments],
    languages: [...rules.languages],
    checkPackage: rules.checkPackage,
    reapplyAfterDays: String(rules.reapplyAfterDays),
  };
}

/** A whole number typed: the number, undefined when blank (the contract names it missing), NaN otherwise (the contract refuses it). */
function wholeNumber(typed: string): number | undefined {
  const t = typed.trim();
  return /^\d+$/.test(t) ? Number(t) : t === '' ? undefined : Number.NaN;
}

/** The form's own words for a number the contract refuses (zod's are "Too small: expected number to be >=16"). */
const NUMBER_WORDS: Record<string, string> = {
  minimumAge: 'A whole number of years, 16 to 99.',
  reapplyAfterDays: `A whole number of days, 0 (at once) to ${MAX_REAPPLY_AFTER_DAYS}.`,
};

/** The rules to send, checked with the shared contract as typed; the field at fault otherwise, in the contract's words. */
export function joinBody(form: JoinForm): { body: JoinRules } | { errors: FormErrors } {
  const parsed = JoinRules.safeParse({
    countries: form.countries,
    minimumAge: wholeNumber(form.minimumAge),
    requiredDocuments: DOCUMENT_KINDS.filter((k) => form.requiredDocuments.includes(k)),
    languages: form.languages,
    checkPackage: form.checkPackage.trim(),
    // Blank is not "the default": the operator sees the number saved, so a blank field is asked for.
    reapplyAfterDays: wholeNumber(form.reapplyAfterDays) ?? Number.NaN,
  });
  if (parsed.success) return { body: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    // The contract's own words for a number are zod's: the form says it as a person would.
    if (NUMBER_WORDS[field]) fields[field] ??= NUMBER_WORDS[field];
    else if (field) fields[field] ??= issue.message;
  }
  return Object.keys(fields).length ? { errors: { form: null, fields } } : { errors: { form: parsed.error.issues[0]?.message ?? 'The rules are not valid.', fields: {} } };
}

/** A refusal of the rules by the server, on the field at fault (`countries.2` → countries). */
export function joinErrors(problem: Problem): FormErrors {
  return formErrors(problem, JOIN_FIELDS);
}

/**
 * Codes typed into a tag input ("fr, DE es"): split on commas and spaces, each checked by
 * `valid`, normalised by `normal`; those already there are left out. What is not a code is
 * returned apart, so the input keeps it and says why.
 */
export function addCodes(list: readonly string[], typed: string, valid: RegExp, normal: (code: string) => string): { list: string[]; rejected: string[] } {
  const next = [...list];
  const rejected: string[] = [];
  for (const raw of typed.split(/[\s,;]+/).filter(Boolean)) {
    if (!valid.test(raw)) rejected.push(raw);
    else if (!next.includes(normal(raw))) next.push(normal(raw));
  }
  return { list: next, rejected };
}

export const COUNTRY_CODE = /^[A-Za-z]{2}$/;
export const LANGUAGE_CODE = /^[a-zA-Z]{2,3}$/;

export { NO_ERRORS };
