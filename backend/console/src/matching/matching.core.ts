/**
 * The matching rule sets as a form: each rule set's conditions, candidates, rules (weights on a
 * slider, filters, priors) and offer policy, every figure as the person types it, and back to the
 * document `PUT /api/v1/rules/matching` takes. Inputs are named by the API's path
 * (`ruleSets.0.rules.2.weight`), so the shared schema's words as the person types, and the
 * server's words after a refusal, land on the input at fault.
 */
import { fieldKey } from '../api.core';
import { CHANNELS, type Channel } from '../../../../shared/associates';
import {
  ACCREDITATION_SOURCES,
  type AccreditationSource,
  DEFAULT_OFFER_POLICY,
  DEFAULT_RULE_SET,
  MatchingDocument,
  type MatchingRule,
  type OfferPolicy,
  RULE_NAMES,
  type RuleName,
  type RuleSet,
} from '../../../../shared/matching';

/** One rule of a rule set as the form holds it: the weight a number (the slider's), the rest as typed. */
export interface RuleDraft {
  rule: RuleName;
  weight: number;
  /** accreditation: filter (drop those below the level) or score only. */
  mode: 'filter' | 'score';
  /** accreditation: the sources trusted (at least one). */
  sources: AccreditationSource[];
  /** channels: the channels the opportunity needs (at least one). */
  needs: Channel[];
  /** available_now, language, channels: drop those who do not pass. */
  filter: boolean;
  /** conversion_rate, response_rate. */
  priorStrength: string;
  priorRate: string;
  /** longest_idle. */
  capSeconds: string;
  /** employment_fit. */
  prefer: 'own' | 'marketplace';
}

export type OfferDraft = { [K in keyof OfferPolicy]: OfferPolicy[K] extends number ? string : OfferPolicy[K] };

export interface SetDraft {
  name: string;
  priority: string;
  candidates: RuleSet['candidates'];
  /** Comma-separated, e.g. "TV, OLED" (the category path, broadest first). */
  category: string;
  sites: string;
  customerTiers: string;
  minScore: string;
  rules: RuleDraft[];
  offer: OfferDraft;
}

export interface MatchingDraft {
  ruleSets: SetDraft[];
}

/** The rules' names as the console shows them (the rule catalogue of shared/matching.ts). */
export const RULE_LABELS: Record<RuleName, string> = {
  accreditation: 'Accreditation',
  available_now: 'Available now',
  language: 'Language',
  channels: 'Channels',
  conversion_rate: 'Conversion rate',
  affinity: 'Served this shopper before',
  load: 'Load',
  longest_idle: 'Longest idle',
  employment_fit: 'Employment fit',
  response_rate: 'Response rate',
  recent_misses: 'Recent misses',
};

/** The accreditation sources as the editor names them. */
export const SOURCE_LABELS: Record<AccreditationSource, string> = {
  grant: 'Our grants',
  enterprise_test: 'Our own tests',
  marketplace_test: 'Marketplace tests',
};

/** The channels as the editor names them. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  chat: 'Chat',
  voice: 'Voice call',
  cobrowse: 'Co-browsing',
};

/** What each rule scores, in a line. */
export const RULE_HINTS: Record<RuleName, string> = {
  accreditation: 'Best accreditation level covering the category, out of 5.',
  available_now: 'Available, connected, within schedule and with room.',
  language: 'Speaks the language of the shopper’s locale.',
  channels: 'Takes every channel needed (the associate’s contact preferences).',
  conversion_rate: 'Sales per outcome in the top category, smoothed by a prior.',
  affinity: 'Served this customer before: 1 with a sale, 0.6 without.',
  load: 'Room left: 1 − engagements under way / capacity.',
  longest_idle: 'Time since the last engagement, up to a cap.',
  employment_fit: 'The preferred kind of associate: own staff or the marketplace’s.',
  response_rate: 'Offers answered per offer received, smoothed by a prior.',
  recent_misses: '1 / (1 + offers missed in a row).',
};

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
const list = (xs: readonly string[] | undefined) => (xs ?? []).join(', ');

function emptyRule(rule: RuleName): RuleDraft {
  const defaults: Record<string, [number, number]> = { conversion_rate: [10, 0.2], response_rate: [5, 0.8] };
  const [strength, rate] = defaults[rule] ?? [0, 0];
  // Filters by default as the schema does: available_now and channels drop, language only scores.
  return { rule, weight: 1, mode: 'filter', filter: rule === 'available_now' || rule === 'channels', needs: ['voice'], priorStrength: text(strength), priorRate: text(rate), capSeconds: '3600', prefer: 'own', sources: [...ACCREDITATION_SOURCES] };
}

/** A rule as the form holds it. */
export function ruleToDraft(r: MatchingRule): RuleDraft {
  const d = emptyRule(r.rule);
  d.weight = r.weight;
  if ('mode' in r) d.mode = r.mode;
  if ('sources' in r) d.sources = [...r.sources];
  if ('needs' in r) d.needs = [...r.needs];
  if ('filter' in r) d.filter = r.filter;
  if ('priorStrength' in r) {
    d.priorStrength = text(r.priorStrength);
    d.priorRate = text(r.priorRate);
  }
  if ('capSeconds' in r) d.capSeconds = text(r.capSeconds);
  if ('prefer' in r) d.prefer = r.prefer;
  return d;
}

export function setToDraft(s: RuleSet): SetDraft {
  const offer = { ...DEFAULT_OFFER_POLICY, ...s.offer };
  return {
    name: s.name,
    priority: text(s.priority),
    candidates: s.candidates,
    category: list(s.when?.category),
    sites: list(s.when?.sites),
    customerTiers: list(s.when?.customerTiers),
    minScore: text(s.when?.minScore),
    rules: s.rules.map(ruleToDraft),
    offer: {
      mode: offer.mode,
      size: text(offer.size),
      waveEverySeconds: text(offer.waveEverySeconds),
      offerSeconds: text(offer.offerSeconds),
      giveUpSeconds: text(offer.giveUpSeconds),
      priority: offer.priority,
      missesBeforeAway: text(offer.missesBeforeAway),
      ownAssociateSeconds: text(offer.ownAssociateSeconds),
    },
  };
}

/** The live document as the form shows it; with none yet, the built-in default as a first rule set. */
export function documentToDraft(doc: MatchingDocument | null): MatchingDraft {
  if (!doc) return { ruleSets: [setToDraft({ ...DEFAULT_RULE_SET, name: 'main', priority: 0 })] };
  return { ruleSets: doc.ruleSets.map(setToDraft) };
}

/** A new rule set to add: the default's rules, a name and a priority not yet taken. */
export function newSet(draft: MatchingDraft): SetDraft {
  const names = new Set(draft.ruleSets.map((s) => s.name.toLowerCase()));
  const priorities = new Set(draft.ruleSets.map((s) => Number(s.priority)));
  let n = draft.ruleSets.length + 1;
  while (names.has(`rule set ${n}`)) n++;
  let priority = Math.max(0, ...[...priorities].filter(Number.isFinite)) + 10;
  while (priorities.has(priority)) priority += 10;
  return setToDraft({ ...DEFAULT_RULE_SET, name: `rule set ${n}`, priority });
}

/** The rules a rule set may still add (each rule once). */
export function rulesLeft(set: SetDraft): RuleName[] {
  return RULE_NAMES.filter((name) => !set.rules.some((r) => r.rule === name));
}

export function addRule(set: SetDraft, rule: RuleName): SetDraft {
  return set.rules.some((r) => r.rule === rule) ? set : { ...set, rules: [...set.rules, emptyRule(rule)] };
}

/**
 * A number as typed: the number, or the word for the field when it is not one. Blank is
 * `undefined` (the schema's default then, or its "required").
 */
function numberOf(typed: string, path: string, words: Record<string, string>): number | undefined {
  const t = typed.trim();
  if (t === '') return undefined;
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n)) {
    words[path] = 'must be a number';
    return undefined;
  }
  return n;
}

const names = (typed: string) =>
  typed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function ruleOf(r: RuleDraft, p: string, words: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: r.rule, weight: r.weight };
  switch (r.rule) {
    case 'accreditation':
      out.mode = r.mode;
      // In the catalogue's order, whatever order they were ticked in.
      out.sources = ACCREDITATION_SOURCES.filter((s) => r.sources.includes(s));
      break;
    case 'available_now':
    case 'language':
      out.filter = r.filter;
      break;
    case 'channels':
      // In the catalogue's order, whatever order they were ticked in.
      out.needs = CHANNELS.filter((c) => r.needs.includes(c));
      out.filter = r.filter;
      break;
    case 'conversion_rate':
    case 'response_rate':
      out.priorStrength = numberOf(r.priorStrength, `${p}.priorStrength`, words);
      out.priorRate = numberOf(r.priorRate, `${p}.priorRate`, words);
      break;
    case 'longest_idle':
      out.capSeconds = numberOf(r.capSeconds, `${p}.capSeconds`, words);
      break;
    case 'employment_fit':
      out.prefer = r.prefer;
      break;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** The body PUT takes (not yet checked), and the words on what the form itself could not read. */
export function draftToDocument(draft: MatchingDraft): { document: unknown; words: Record<string, string> } {
  const words: Record<string, string> = {};
  const ruleSets = draft.ruleSets.map((s, i) => {
    const p = `ruleSets.${i}`;
    const when: Record<string, unknown> = {};
    if (names(s.category).length) when.category = names(s.category);
    if (names(s.sites).length) when.sites = names(s.sites);
    if (names(s.customerTiers).length) when.customerTiers = names(s.customerTiers);
    const minScore = numberOf(s.minScore, `${p}.when.minScore`, words);
    if (minScore !== undefined) when.minScore = minScore;
    const offer: Record<string, unknown> = { mode: s.offer.mode, priority: s.offer.priority };
    for (const k of ['size', 'waveEverySeconds', 'offerSeconds', 'giveUpSeconds', 'missesBeforeAway', 'ownAssociateSeconds'] as const) {
      const n = numberOf(s.offer[k], `${p}.offer.${k}`, words);
      if (n !== undefined) offer[k] = n;
    }
    const set: Record<string, unknown> = {
      name: s.name.trim(),
      priority: numberOf(s.priority, `${p}.priority`, words),
      candidates: s.candidates,
      rules: s.rules.map((r, j) => ruleOf(r, `${p}.rules.${j}`, words)),
      offer,
    };
    if (Object.keys(when).length) set.when = when;
    return set;
  });
  return { document: { ruleSets }, words };
}

/**
 * The draft checked as the server checks it (the shared schema): the document when it passes,
 * and the words on each field at fault, keyed by the API's path, first word first.
 */
export function checkDraft(draft: MatchingDraft): { ok: true; document: MatchingDocument } | { ok: false; fields: Record<string, string> } {
  const { document, words } = draftToDocument(draft);
  const parsed = MatchingDocument.safeParse(document);
  const fields: Record<string, string> = { ...words };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path as (string | number)[]);
      fields[key] ??= issue.message;
    }
  }
  if (Object.keys(fields).length > 0 || !parsed.success) return { ok: false, fields };
  return { ok: true, document: parsed.data };
}

/** The fields at fault of one rule set (paths under `ruleSets.i.`), and those of no rule set (the document's). */
export function faultsOf(fields: Record<string, string>, index: number): number {
  return Object.keys(fields).filter((k) => k === `ruleSets.${index}` || k.startsWith(`ruleSets.${index}.`)).length;
}

/** The form's field paths of one rule set, in the form's order: the first at fault gets the keyboard. */
export function setFieldNames(set: SetDraft, i: number): string[] {
  const p = `ruleSets.${i}`;
  return [
    `${p}.name`,
    `${p}.priority`,
    `${p}.candidates`,
    `${p}.when.category`,
    `${p}.when.sites`,
    `${p}.when.customerTiers`,
    `${p}.when.minScore`,
    ...set.rules.flatMap((_, j) => [`${p}.rules.${j}.rule`, `${p}.rules.${j}.weight`, `${p}.rules.${j}.priorStrength`, `${p}.rules.${j}.priorRate`, `${p}.rules.${j}.capSeconds`, `${p}.rules.${j}.sources`, `${p}.rules.${j}.needs`]),
    `${p}.rules`,
    ...['mode', 'size', 'waveEverySeconds', 'offerSeconds', 'giveUpSeconds', 'priority', 'missesBeforeAway', 'ownAssociateSeconds'].map((k) => `${p}.offer.${k}`),
  ];
}

// Weights on a slider. The slider runs 0..SLIDER_MAX in steps of SLIDER_STEP (a weight's usual
// range); a weight above it (the schema allows up to 1000) is typed in the number beside it and
// shown with the slider at its end.
export const SLIDER_MAX = 10;
export const SLIDER_STEP = 0.5;
export const WEIGHT_MAX = 1000;

/** Where the slider's thumb stands for a weight. */
export function weightToSlider(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0) return 0;
  return Math.min(SLIDER_MAX, Math.round(weight / SLIDER_STEP) * SLIDER_STEP);
}

/** The weight a slider position sets: on the step, within the slider. */
export function sliderToWeight(position: number): number {
  if (!Number.isFinite(position)) return 0;
  const stepped = Math.round(position / SLIDER_STEP) * SLIDER_STEP;
  return Math.min(SLIDER_MAX, Math.max(0, Number(stepped.toFixed(2))));
}

/** A weight as read: "2", "0.5". */
export function weightText(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : String(Number(weight.toFixed(2)));
}

/** Each rule's share of the score's possible maximum: weight / Σ weights (0 when all are 0). */
export function weightShare(rules: readonly { weight: number }[], weight: number): number {
  const total = rules.reduce((sum, r) => sum + Math.max(0, r.weight), 0);
  return total > 0 ? Math.max(0, weight) / total : 0;
}

/** "25 % of the score". */
export function shareText(share: number): string {
  return `${Math.round(share * 100)} % of the score`;
}

/** The weight of `rule` in rule set `index` changed, the rest as it was. */
export function setWeight(draft: MatchingDraft, index: number, rule: RuleName, weight: number): MatchingDraft {
  return {
    ruleSets: draft.ruleSets.map((s, i) => (i === index ? { ...s, rules: s.rules.map((r) => (r.rule === rule ? { ...r, weight } : r)) } : s)),
  };
}

/** The offer policy in a line: "Waves of 5 every 15 s; 15 s per offer; given up after 90 s; the associate may choose". */
export function offerText(o: OfferPolicy): string {
  const how = o.mode === 'sequential' ? 'One at a time, best first' : o.mode === 'broadcast' ? `The best ${o.size} at once` : `Waves of ${o.size} every ${o.waveEverySeconds} s`;
  const must = o.priority === 'must' ? 'assigned: the associate must acknowledge' : 'the associate may choose';
  return `${how}; ${o.offerSeconds} s per offer; given up after ${o.giveUpSeconds} s; ${must}`;
}

/** A rule set's conditions in a line. */
export function whenText(s: RuleSet): string {
  const w = s.when;
  if (!w || Object.keys(w).length === 0) return 'Always';
  const parts = [
    w.category ? `category ${w.category.join(' › ')}` : null,
    w.sites ? `on ${w.sites.join(', ')}` : null,
    w.customerTiers ? `customers ${w.customerTiers.join(', ')}` : null,
    w.minScore !== undefined ? `score ≥ ${w.minScore}` : null,
  ].filter(Boolean);
  return parts.join('; ');
}
