/**
 * The opportunity rules as a form: every figure as the person types it (numbers as text, lists
 * as comma-separated text, a category as "Audio > Headphones"), every condition kind the shared
 * schema allows (nested all / any / not included), and back to the document
 * `PUT /api/v1/rules/opportunity` takes. Each input is named by the API's path
 * (`conditions.1.when.of.0.seconds`), so the shared schema's issues, checked as the person types,
 * and the server's words on a refusal land on the same input.
 */
import type { ConditionType, Condition, OpportunityRules } from '../../../../shared/rules';
import { OpportunityRules as RulesSchema } from '../../../../shared/rules';
import { checkFields, type FieldIssue } from '../../../../shared/field-issues';
import type { FieldChange, RulesDiff } from '../../../../shared/rules-diff';
import type { OpportunityRulesPreview, PreviewSession } from '../../../../shared/rules-preview';
import type { AuditEntry } from '../../../../shared/console';
import type { Problem } from '../api.core';
import { type FormErrors, formErrors } from '../form.core';

/** Every kind of condition, in the order the kind picker lists them, with its name in words. */
export const CONDITION_KINDS: readonly (readonly [ConditionType, string])[] = [
  ['dwell', 'Time on a product'],
  ['product_price', 'Product price'],
  ['category', 'Product category'],
  ['repeat_views', 'Repeat views of a product'],
  ['cart_value', 'Cart value'],
  ['search_terms', 'Search words'],
  ['returning', 'Returning shopper'],
  ['customer_tier', 'Customer tier'],
  ['lifetime_value', 'Customer lifetime value'],
  ['customer_tag', 'Customer tag'],
  ['time_of_day', 'Time of day'],
  ['site', 'Site'],
  ['all', 'All of these'],
  ['any', 'Any of these'],
  ['not', 'Not this'],
];

/** ISO weekdays, 1 = Monday. */
export const WEEKDAYS: readonly (readonly [number, string])[] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];

/**
 * One condition as the form holds it: one text per field any kind has (a kind reads the ones it
 * uses, so switching kinds back and forth keeps what was typed), and the inner conditions of
 * all / any (any number) and not (exactly one).
 */
export interface ConditionDraft {
  type: ConditionType;
  seconds: string;
  min: string;
  max: string;
  currency: string;
  /** A category path, parts joined with ">". */
  path: string;
  views: string;
  /** Comma-separated. */
  words: string;
  /** Comma-separated. */
  tiers: string;
  tag: string;
  from: string;
  to: string;
  /** ISO weekdays; none: every day. */
  days: number[];
  /** Comma-separated. */
  domains: string;
  of: ConditionDraft[];
}

export interface RuleDraft {
  id: string;
  description: string;
  points: string;
  when: ConditionDraft;
}

export interface RulesDraft {
  threshold: string;
  cooldownMinutes: string;
  timezone: string;
  conditions: RuleDraft[];
  segment: { categoryFrom: 'top_product' | 'fixed'; category: string; minLevel: string };
}

const BLANK: Omit<ConditionDraft, 'type' | 'of'> = {
  seconds: '60',
  min: '',
  max: '',
  currency: 'EUR',
  path: '',
  views: '3',
  words: '',
  tiers: '',
  tag: '',
  from: '09:00',
  to: '18:00',
  days: [],
  domains: '',
};

/** A new condition of a kind, filled so that most kinds hold as they come (the person then says what matters). */
export function conditionDefaults(type: ConditionType): ConditionDraft {
  const base: ConditionDraft = { type, ...BLANK, of: [] };
  if (type === 'product_price') return { ...base, min: '100.00' };
  if (type === 'cart_value' || type === 'lifetime_value') return { ...base, min: '200.00' };
  if (type === 'all' || type === 'any') return { ...base, of: [conditionDefaults('dwell')] };
  if (type === 'not') return { ...base, of: [conditionDefaults('returning')] };
  return base;
}

/** The condition as another kind: what was typed stays, inner conditions are kept or made. */
export function withKind(c: ConditionDraft, type: ConditionType): ConditionDraft {
  if (type === c.type) return c;
  const fresh = conditionDefaults(type);
  const next: ConditionDraft = { ...c, type };
  // An amount typed for one kind is a fair start for another; an empty one takes the kind's default.
  if (!next.min.trim()) next.min = fresh.min;
  if (type === 'all' || type === 'any') next.of = c.of.length ? c.of : fresh.of;
  else if (type === 'not') next.of = [c.of[0] ?? fresh.of[0]!];
  else next.of = [];
  return next;
}

/** A new rule: an id no other rule has, a time-on-product condition, ten points. */
export function newRule(draft: RulesDraft): RuleDraft {
  const taken = new Set(draft.conditions.map((c) => c.id));
  let n = draft.conditions.length + 1;
  while (taken.has(`condition-${n}`)) n++;
  return { id: `condition-${n}`, description: '', points: '10', when: conditionDefaults('dwell') };
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const categoryPath = (text: string) =>
  text
    .split('>')
    .map((s) => s.trim())
    .filter(Boolean);

function conditionToDraft(c: Condition): ConditionDraft {
  const d: ConditionDraft = { type: c.type, ...BLANK, min: '', of: [] };
  switch (c.type) {
    case 'dwell':
      return { ...d, seconds: String(c.seconds) };
    case 'product_price':
      return { ...d, min: c.min ?? '', max: c.max ?? '', currency: c.currency };
    case 'category':
      return { ...d, path: c.path.join(' > ') };
    case 'repeat_views':
      return { ...d, views: String(c.views) };
    case 'cart_value':
    case 'lifetime_value':
      return { ...d, min: c.min, currency: c.currency };
    case 'search_terms':
      return { ...d, words: c.words.join(', ') };
    case 'returning':
      return d;
    case 'customer_tier':
      return { ...d, tiers: c.tiers.join(', ') };
    case 'customer_tag':
      return { ...d, tag: c.tag };
    case 'time_of_day':
      return { ...d, from: c.from, to: c.to, days: [...(c.days ?? [])] };
    case 'site':
      return { ...d, domains: c.domains.join(', ') };
    case 'all':
    case 'any':
      return { ...d, of: c.of.map(conditionToDraft) };
    case 'not':
      return { ...d, of: [conditionToDraft(c.of)] };
  }
}

/** The live rules (or none yet) as the form shows them; none yet starts with one rule to fill in. */
export function rulesToDraft(rules: OpportunityRules | null): RulesDraft {
  if (!rules) {
    const empty: RulesDraft = { threshold: '10', cooldownMinutes: '30', timezone: 'UTC', conditions: [], segment: { categoryFrom: 'top_product', category: '', minLevel: '1' } };
    return { ...empty, conditions: [newRule(empty)] };
  }
  return {
    threshold: String(rules.threshold),
    cooldownMinutes: String(rules.cooldownMinutes),
    timezone: rules.timezone,
    conditions: rules.conditions.map((r) => ({ id: r.id, description: r.description ?? '', points: String(r.points), when: conditionToDraft(r.when) })),
    segment: { categoryFrom: rules.segment.categoryFrom, category: (rules.segment.category ?? []).join(' > '), minLevel: String(rules.segment.minLevel) },
  };
}

/**
 * A number as typed: a number when it reads as one, nothing when blank (the schema then says it
 * is required), else the text itself, for the schema to refuse on that field.
 */
export function numberOf(text: string): number | string | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : text;
}

function draftToCondition(c: ConditionDraft): Record<string, unknown> {
  const opt = (text: string) => (text.trim() === '' ? undefined : text.trim());
  switch (c.type) {
    case 'dwell':
      return { type: c.type, seconds: numberOf(c.seconds) };
    case 'product_price':
      return { type: c.type, min: opt(c.min), max: opt(c.max), currency: c.currency.trim().toUpperCase() };
    case 'category':
      return { type: c.type, path: categoryPath(c.path) };
    case 'repeat_views':
      return { type: c.type, views: numberOf(c.views) };
    case 'cart_value':
    case 'lifetime_value':
      return { type: c.type, min: c.min.trim(), currency: c.currency.trim().toUpperCase() };
    case 'search_terms':
      return { type: c.type, words: list(c.words) };
    case 'returning':
      return { type: c.type };
    case 'customer_tier':
      return { type: c.type, tiers: list(c.tiers) };
    case 'customer_tag':
      return { type: c.type, tag: c.tag };
    case 'time_of_day':
      return { type: c.type, from: c.from.trim(), to: c.to.trim(), days: c.days.length ? [...c.days].sort((a, b) => a - b) : undefined };
    case 'site':
      return { type: c.type, domains: list(c.domains) };
    case 'all':
    case 'any':
      return { type: c.type, of: c.of.map(draftToCondition) };
    case 'not':
      return { type: c.type, of: c.of[0] ? draftToCondition(c.of[0]) : undefined };
  }
}

/** Leaves out the fields that are undefined, at any depth, as JSON would. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The document the form stands for, as sent: unchecked (the schema judges it, here and at the server). */
export function draftToRules(draft: RulesDraft): unknown {
  return clean({
    threshold: numberOf(draft.threshold),
    cooldownMinutes: numberOf(draft.cooldownMinutes),
    timezone: draft.timezone.trim(),
    conditions: draft.conditions.map((r) => ({ id: r.id.trim(), description: r.description.trim() === '' ? undefined : r.description, when: draftToCondition(r.when), points: numberOf(r.points) })),
    segment: {
      categoryFrom: draft.segment.categoryFrom,
      category: draft.segment.categoryFrom === 'fixed' ? categoryPath(draft.segment.category) : undefined,
      minLevel: numberOf(draft.segment.minLevel),
    },
  });
}

/** The form checked with the schema the server parses it with: the document, or the issues by the API's paths. */
export function checkDraft(draft: RulesDraft): { ok: true; rules: OpportunityRules } | { ok: false; issues: FieldIssue[] } {
  const checked = checkFields(RulesSchema, draftToRules(draft));
  return checked.ok ? { ok: true, rules: checked.value } : checked;
}

/** The inputs of one condition, by the API's path: the condition itself (`p`), its kind, its own fields, then its inner conditions. */
export function conditionFieldNames(c: ConditionDraft, p: string): string[] {
  const names = [p, `${p}.type`];
  const own: Record<ConditionType, string[]> = {
    dwell: ['seconds'],
    product_price: ['min', 'max', 'currency'],
    category: ['path'],
    repeat_views: ['views'],
    cart_value: ['min', 'currency'],
    search_terms: ['words'],
    returning: [],
    customer_tier: ['tiers'],
    lifetime_value: ['min', 'currency'],
    customer_tag: ['tag'],
    time_of_day: ['from', 'to', 'days'],
    site: ['domains'],
    all: ['of'],
    any: ['of'],
    not: [],
  };
  names.push(...own[c.type].map((f) => `${p}.${f}`));
  if (c.type === 'not') names.push(...(c.of[0] ? conditionFieldNames(c.of[0], `${p}.of`) : [`${p}.of`]));
  else if (c.type === 'all' || c.type === 'any') c.of.forEach((inner, j) => names.push(...conditionFieldNames(inner, `${p}.of.${j}`)));
  return names;
}

/** Every input of the form by the API's path, in the form's order: where issues are shown, and the first at fault is focused. */
export function rulesFieldNames(draft: RulesDraft): string[] {
  const names = ['threshold', 'cooldownMinutes', 'timezone', 'segment', 'segment.categoryFrom', 'segment.category', 'segment.minLevel', 'conditions'];
  draft.conditions.forEach((r, i) => {
    const p = `conditions.${i}`;
    names.push(p, `${p}.id`, `${p}.description`, `${p}.points`, ...conditionFieldNames(r.when, `${p}.when`));
  });
  return names;
}

/** Issues (the schema's, here) as the form shows them: each on its input, what has none in the form's own message. */
export function issuesOnFields(issues: readonly FieldIssue[], draft: RulesDraft): FormErrors {
  const fields: Record<string, string> = {};
  for (const i of issues) fields[i.field] ??= inWords(i.message);
  const problem: Problem = { status: 400, code: 'invalid_body', message: 'Some fields need another look.', fields };
  return formErrors(problem, rulesFieldNames(draft));
}

/**
 * The schema's words on a number typed as something else, or left blank, said as the person
 * typed it (the form sends text it cannot read as a number as text, for the schema to refuse).
 */
function inWords(message: string): string {
  const typed = /^Invalid input: expected number, received (\w+)$/.exec(message);
  if (!typed) return message;
  return typed[1] === 'undefined' ? 'required: a number' : 'not a number: digits, e.g. 12 or 2.5';
}

/** Where the server's refusal goes: its words on the inputs they name, the rest as the form's message. */
export function refusalOnFields(problem: Problem, draft: RulesDraft): FormErrors {
  return formErrors(problem, rulesFieldNames(draft));
}

/**
 * A condition inside the draft, by its place: the rule's index, then the inner index at each
 * level (all / any: the position in `of`; not: 0). `update` returns the draft with it replaced.
 */
export type ConditionAt = { rule: number; inner: number[] };

export function conditionAt(draft: RulesDraft, at: ConditionAt): ConditionDraft | undefined {
  let c = draft.conditions[at.rule]?.when;
  for (const j of at.inner) c = c?.of[j];
  return c;
}

export function updateCondition(draft: RulesDraft, at: ConditionAt, change: (c: ConditionDraft) => ConditionDraft): RulesDraft {
  const walk = (c: ConditionDraft, depth: number): ConditionDraft => {
    if (depth === at.inner.length) return change(c);
    const j = at.inner[depth]!;
    return { ...c, of: c.of.map((inner, k) => (k === j ? walk(inner, depth + 1) : inner)) };
  };
  return { ...draft, conditions: draft.conditions.map((r, i) => (i === at.rule ? { ...r, when: walk(r.when, 0) } : r)) };
}

/** The API path of a condition by its place. */
export function conditionPath(draft: RulesDraft, at: ConditionAt): string {
  let p = `conditions.${at.rule}.when`;
  let c = draft.conditions[at.rule]?.when;
  for (const j of at.inner) {
    p = c?.type === 'not' ? `${p}.of` : `${p}.of.${j}`;
    c = c?.of[j];
  }
  return p;
}

// ---- Reading rules, diffs and previews in words ----

const joinPath = (path: readonly string[]) => path.join(' > ');

/** A condition in words: "on a product 60 s or more", "all of (…; …)". */
export function conditionText(c: Condition): string {
  switch (c.type) {
    case 'dwell':
      return `on a product ${c.seconds} s or more`;
    case 'product_price':
      return `a product priced ${c.min !== undefined && c.max !== undefined ? `${c.min} to ${c.max}` : c.min !== undefined ? `${c.min} or more` : `up to ${c.max}`} ${c.currency}`;
    case 'category':
      return `a product in ${joinPath(c.path)}`;
    case 'repeat_views':
      return `a product seen ${c.views} times or more`;
    case 'cart_value':
      return `a cart of ${c.min} ${c.currency} or more`;
    case 'search_terms':
      return `searched for ${c.words.join(', ')}`;
    case 'returning':
      return 'a returning shopper';
    case 'customer_tier':
      return `a customer of tier ${c.tiers.join(', ')}`;
    case 'lifetime_value':
      return `a customer worth ${c.min} ${c.currency} or more`;
    case 'customer_tag':
      return `a customer tagged ${c.tag}`;
    case 'time_of_day': {
      const days = c.days?.length ? ` on ${c.days.map((d) => WEEKDAYS[d - 1]?.[1] ?? d).join(', ')}` : '';
      return `between ${c.from} and ${c.to}${days}`;
    }
    case 'site':
      return `on ${c.domains.join(', ')}`;
    case 'all':
      return `all of (${c.of.map(conditionText).join('; ')})`;
    case 'any':
      return `any of (${c.of.map(conditionText).join('; ')})`;
    case 'not':
      return `not ${conditionText(c.of)}`;
  }
}

const SETTING_NAMES: Record<string, string> = {
  threshold: 'Threshold',
  cooldownMinutes: 'Cool-down (minutes)',
  timezone: 'Time zone',
  'segment.categoryFrom': 'Segment: category from',
  'segment.category': 'Segment: category',
  'segment.minLevel': 'Segment: least level',
  description: 'Description',
  points: 'Points',
  when: 'Condition',
  id: 'Id',
};

/** A changed field's path in words: "Threshold", "Condition › seconds", "Points". */
export function changePathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'The whole condition';
  const key = path.join('.');
  if (SETTING_NAMES[key]) return SETTING_NAMES[key]!;
  const [head, ...rest] = path;
  const first = SETTING_NAMES[String(head)] ?? String(head);
  return [first, ...rest.map((p) => (typeof p === 'number' ? `#${p + 1}` : p))].join(' › ');
}

function isCondition(v: unknown): v is Condition {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && CONDITION_KINDS.some(([k]) => k === (v as { type: string }).type);
}

/** A value of a diff in words: a condition as its sentence, a whole rule as "id: sentence (n points)", lists joined, the rest as JSON. */
export function changeValueText(v: unknown, field?: string | number): string {
  if (v === undefined) return '—';
  // Category paths read as paths; other lists (words, tiers, domains, days) as lists.
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(field === 'path' || field === 'category' ? ' > ' : ', ');
  if (isCondition(v)) return conditionText(v);
  if (typeof v === 'object' && v !== null && 'when' in v && 'id' in v) {
    const r = v as { id: string; when: unknown; points: number };
    return `${r.id}: ${isCondition(r.when) ? conditionText(r.when) : JSON.stringify(r.when)} (${r.points} point${Math.abs(r.points) === 1 ? '' : 's'})`;
  }
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The diff as lines to show: one per settings change, then one per condition change, each with its before and after in words. */
export interface DiffLine {
  /** "Settings" or the condition's id. */
  where: string;
  status: 'added' | 'removed' | 'changed';
  field: string;
  from: string;
  to: string;
}

export function diffLines(diff: RulesDiff): DiffLine[] {
  const line = (where: string, status: DiffLine['status'], c: FieldChange): DiffLine => ({
    where,
    status,
    field: changePathText(c.path),
    from: c.kind === 'added' ? '—' : changeValueText(c.from, c.path.at(-1)),
    to: c.kind === 'removed' ? '—' : changeValueText(c.to, c.path.at(-1)),
  });
  return [...diff.settings.map((c) => line('Settings', c.kind, c)), ...diff.entries.flatMap((e) => e.changes.map((c) => line(e.key, e.status, c)))];
}

/** The two versions a diff starts with: the one before the live one, and the live one (or the only one twice). */
export function defaultDiffPair(versions: readonly { version: number }[]): { from: number; to: number } | null {
  const sorted = versions.map((v) => v.version).sort((a, b) => b - a);
  if (sorted.length === 0) return null;
  return { from: sorted[1] ?? sorted[0]!, to: sorted[0]! };
}

/** Who made each version, from the audit log's entries (saves name the version in their subject, a restore its answer). */
export function versionAuthors(entries: readonly AuditEntry[]): Map<number, { who: string; restoredFrom: number | null }> {
  const out = new Map<number, { who: string; restoredFrom: number | null }>();
  for (const e of entries) {
    const restore = /^POST \/api\/v1\/rules\/opportunity\/versions\/[^/]+\/restore$/.test(e.action);
    if (e.action !== 'PUT /api/v1/rules/opportunity' && !restore) continue;
    const version = versionOfEntry(e);
    if (version === null || out.has(version)) continue;
    const from = restore ? Number(/\/versions\/(\d+)\/restore/.exec(e.path)?.[1] ?? Number.NaN) : null;
    out.set(version, { who: actorText(e.actor), restoredFrom: from !== null && Number.isFinite(from) ? from : null });
  }
  return out;
}

function versionOfEntry(e: AuditEntry): number | null {
  const bySubject = e.subject ? /opportunity rules v(\d+)/.exec(e.subject) : null;
  if (bySubject) return Number(bySubject[1]);
  const after = e.after as { version?: unknown } | null;
  return typeof after?.version === 'number' ? after.version : null;
}

/** Who an audit entry names, as a person reads it. */
export function actorText(actor: AuditEntry['actor']): string {
  if (actor.kind === 'key') return `API key “${actor.label}”`;
  if (actor.kind === 'operator') return `${actor.email} (marketplace)`;
  return actor.supportAccessId ? `${actor.email} (support)` : actor.email;
}

/** The preview's figures side by side: one row per figure, the draft's and the live version's (null when there are no live rules). */
export interface PreviewRow {
  label: string;
  draft: number;
  live: number | null;
}

export function previewRows(p: OpportunityRulesPreview): PreviewRow[] {
  const rows: PreviewRow[] = [
    { label: 'Sessions that would open an opportunity', draft: p.draft.opened, live: p.live?.opened ?? null },
    { label: 'Held back by the cool-down', draft: p.draft.cooledDown, live: p.live?.cooledDown ?? null },
    { label: 'Opened by this version only', draft: p.onlyDraft.count, live: p.onlyLive.count },
  ];
  const ids = [...new Set([...p.draft.byRule.map((r) => r.conditionId), ...(p.live?.byRule.map((r) => r.conditionId) ?? [])])];
  for (const id of ids) {
    rows.push({
      label: `Opened with “${id}” among the reasons`,
      draft: p.draft.byRule.find((r) => r.conditionId === id)?.opened ?? 0,
      live: p.live ? (p.live.byRule.find((r) => r.conditionId === id)?.opened ?? 0) : null,
    });
  }
  return rows;
}

/** A session of the preview's differences in words: what each version scored it, and why. */
export function previewScoreText(s: PreviewSession['draft'] | null): string {
  if (!s) return 'no live rules';
  const why = s.reasons.length ? s.reasons.map((r) => `${r.conditionId} ${r.points > 0 ? '+' : ''}${r.points}`).join(', ') : 'no condition held';
  const outcome = s.opens ? 'opens' : s.cooledDown ? 'cool-down' : 'does not open';
  return `${s.score} (${why}): ${outcome}`;
}
