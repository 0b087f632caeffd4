import {
  ACCREDITATION_SOURCES,
  type AccreditationSource,
  DEFAULT_RULE_SET,
  type MatchingDocument,
  type MatchingRule,
  type RankedCandidate,
  type RuleName,
  type RuleSet,
} from '../../../../shared/matching';
import type { Channel } from '../../../../shared/associates';
import type { Segment } from '../../../../shared/rules';

/** What ranking needs to know of one associate, read for one opportunity (see candidates.ts). */
export interface CandidateFacts {
  associateId: string;
  /** Employed by the enterprise; false for an independent it admitted. */
  own: boolean;
  /** Primary language subtags, lower-case ("en", "fr"). */
  languages: readonly string[];
  /** The kinds of engagement the associate takes (their contact preference `channels`). */
  channels: readonly Channel[];
  /** Presence chosen by the associate is "available". */
  available: boolean;
  /** Has a live realtime connection. */
  connected: boolean;
  /** The instant of ranking falls inside the associate's weekly schedule. */
  withinSchedule: boolean;
  capacity: number;
  /** Engagements invited or accepted right now. */
  active: number;
  /** Epoch ms of the last engagement started or finished; null if never. */
  lastEngagementAt: number | null;
  offersReceived: number;
  offersAnswered: number;
  missesInRow: number;
  /** Every accreditation the enterprise can see: its grants, its own tests' passes, marketplace tests' passes. */
  accreditations: readonly CandidateAccreditation[];
  /** Outcomes of the associate's engagements in the opportunity's top category (all categories when it has none). */
  categoryOutcomes: number;
  categorySales: number;
  /** Served this customer (or this shopper) before: with a sale, without one, or never. */
  servedBefore: 'sale' | 'served' | null;
}

export interface CandidateAccreditation {
  category: readonly string[];
  level: number;
  expiresAt: number | null;
  source: AccreditationSource;
}

/** A source's bit in RuleParams.sources. */
const SOURCE_BIT: Record<AccreditationSource, number> = { grant: 1, enterprise_test: 2, marketplace_test: 4 };
/** Of equal levels, the one the enterprise vouches for most is named: its grant, then its own test. */
const SOURCE_RANK: Record<AccreditationSource, number> = { grant: 0, enterprise_test: 1, marketplace_test: 2 };
const ALL_SOURCES = ACCREDITATION_SOURCES.reduce((bits, s) => bits | SOURCE_BIT[s], 0);

/** The opportunity as matching sees it. */
export interface RankingTarget {
  segment: Segment;
  score: number;
  /** Domains of the session. */
  sites: readonly string[];
  customerTier: string | null;
  /** Primary subtag of the shopper's locale, lower-case; null when unknown. */
  language: string | null;
}

/** Why a candidate was dropped without a rule: the rule set takes only own staff or only the marketplace. */
export const CANDIDATE_POLICY = 'candidates';

/** The rule set of highest priority whose `when` holds; the built-in default when none does. */
export function chooseRuleSet(document: MatchingDocument | null, target: RankingTarget): RuleSet {
  let chosen: RuleSet | undefined;
  for (const set of document?.ruleSets ?? []) {
    if ((!chosen || set.priority > chosen.priority) && whenHolds(set, target)) chosen = set;
  }
  return chosen ?? DEFAULT_RULE_SET;
}

function whenHolds({ when }: RuleSet, t: RankingTarget): boolean {
  if (!when) return true;
  if (when.category && !startsWith(t.segment.category, when.category)) return false;
  if (when.sites && !t.sites.some((s) => when.sites!.some((d) => sameLabel(s, d) || s.toLowerCase().endsWith(`.${d.toLowerCase()}`)))) return false;
  if (when.customerTiers && !(t.customerTier && when.customerTiers.some((tier) => sameLabel(tier, t.customerTier!)))) return false;
  if (when.minScore !== undefined && t.score < when.minScore) return false;
  return true;
}

/** The rules as small integers: one `switch` scores them all (see partOf). */
const KIND: Record<RuleName, number> = {
  accreditation: 0,
  available_now: 1,
  language: 2,
  conversion_rate: 3,
  affinity: 4,
  load: 5,
  longest_idle: 6,
  employment_fit: 7,
  response_rate: 8,
  recent_misses: 9,
  channels: 10,
};

/** A rule's settings for one opportunity; every rule has every field, so reading them stays monomorphic. */
interface RuleParams {
  kind: number;
  category: readonly string[];
  now: number;
  /** Shopper's language, or null (then everyone speaks it). */
  language: string | null;
  /** Prior strength a, a·p and p of a smoothed rate. */
  a: number;
  ap: number;
  p: number;
  capMs: number;
  own: boolean;
  /** Accreditation sources trusted, as SOURCE_BIT bits. */
  sources: number;
  /** Channels the opportunity needs (none: every candidate takes them). */
  needs: readonly Channel[];
}

/**
 * One rule, prepared for one opportunity: `part` scores a candidate 0..1; a filter rule drops
 * those whose part is below `passAt`.
 */
interface Scorer {
  name: RuleName;
  weight: number;
  passAt: number | null;
  params: RuleParams;
  part(c: CandidateFacts): number;
}

function scorer(rule: MatchingRule, t: RankingTarget, now: number): Scorer {
  const params: RuleParams = { kind: KIND[rule.rule], category: t.segment.category, now, language: t.language, a: 0, ap: 0, p: 0, capMs: 1, own: true, sources: ALL_SOURCES, needs: [] };
  let passAt: number | null = null;
  switch (rule.rule) {
    case 'accreditation':
      if (rule.mode === 'filter') passAt = t.segment.minLevel / 5;
      params.sources = rule.sources.reduce((bits, s) => bits | SOURCE_BIT[s], 0);
      break;
    case 'available_now':
    case 'language':
      if (rule.filter) passAt = 1;
      break;
    case 'channels':
      if (rule.filter) passAt = 1;
      params.needs = rule.needs;
      break;
    case 'conversion_rate':
    case 'response_rate':
      params.a = rule.priorStrength;
      params.ap = rule.priorStrength * rule.priorRate;
      params.p = rule.priorRate;
      break;
    case 'longest_idle':
      params.capMs = rule.capSeconds * 1000;
      break;
    case 'employment_fit':
      params.own = rule.prefer === 'own';
      break;
  }
  return { name: rule.rule, weight: rule.weight, passAt, params, part: (c) => partOf(c, params) };
}

/**
 * A rule's part for one candidate, 0..1. One function for every rule, so the ranking loop
 * calls a single function it can inline rather than ten closures it cannot.
 */
function partOf(c: CandidateFacts, q: RuleParams): number {
  switch (q.kind) {
    case 0: // accreditation: the best valid level covering the category, / 5
      return bestLevel(c, q.category, q.now, q.sources) / 5;
    case 1: // available_now
      return c.available && c.connected && c.withinSchedule && c.active < c.capacity ? 1 : 0;
    case 2: // language; with no locale nobody can be told apart: everyone passes
      return q.language === null || c.languages.includes(q.language) ? 1 : 0;
    case 3: // conversion_rate in the category
      return smoothed(c.categorySales, c.categoryOutcomes, q.a, q.ap, q.p);
    case 4: // affinity
      return c.servedBefore === 'sale' ? 1 : c.servedBefore === 'served' ? 0.6 : 0;
    case 5: // load
      return c.capacity > 0 ? clamp01(1 - c.active / c.capacity) : 0;
    case 6: // longest_idle
      return c.lastEngagementAt === null ? 1 : clamp01((q.now - c.lastEngagementAt) / q.capMs);
    case 7: // employment_fit
      return c.own === q.own ? 1 : 0;
    case 8: // response_rate
      return smoothed(c.offersAnswered, c.offersReceived, q.a, q.ap, q.p);
    case 10: // channels: takes every one needed
      return takesAll(c, q.needs) ? 1 : 0;
    default: // recent_misses
      return 1 / (1 + Math.max(0, c.missesInRow));
  }
}

/** Whether the candidate takes every channel needed (a loop, not `lacking`: it runs for every candidate). */
function takesAll(c: CandidateFacts, needs: readonly Channel[]): boolean {
  for (let i = 0; i < needs.length; i++) if (!c.channels.includes(needs[i]!)) return false;
  return true;
}

/** The channels needed that the candidate does not take, for the stored explanation. */
function lacking(c: CandidateFacts, needs: readonly Channel[]): Channel[] {
  return needs.filter((n) => !c.channels.includes(n));
}

/** (successes + a·p) / (tries + a), or p with neither tries nor prior; at most 1. */
function smoothed(successes: number, tries: number, a: number, ap: number, p: number): number {
  const n = tries + a;
  return n > 0 ? clamp01((successes + ap) / n) : p;
}

/** The best level among the candidate's valid accreditations from trusted sources covering the category; 0 if none. An empty category is covered by any. */
function bestLevel(c: CandidateFacts, category: readonly string[], now: number, sources: number): number {
  let best = 0;
  for (const a of c.accreditations) {
    if (a.level > best && counts(a, category, now, sources)) best = a.level;
  }
  return best;
}

function counts(a: CandidateAccreditation, category: readonly string[], now: number, sources: number): boolean {
  return (SOURCE_BIT[a.source] & sources) !== 0 && (a.expiresAt === null || a.expiresAt > now) && (category.length === 0 || startsWith(category, a.category));
}

/**
 * Where the level `bestLevel` counted came from (of equal levels: a grant, then the
 * enterprise's own test, then a marketplace test); undefined when none counted.
 */
export function bestSource(
  c: CandidateFacts,
  category: readonly string[],
  now: number,
  trusted: readonly AccreditationSource[] = ACCREDITATION_SOURCES,
): AccreditationSource | undefined {
  const sources = trusted.reduce((bits, s) => bits | SOURCE_BIT[s], 0);
  let best: CandidateAccreditation | undefined;
  for (const a of c.accreditations) {
    if (!counts(a, category, now, sources)) continue;
    if (!best || a.level > best.level || (a.level === best.level && SOURCE_RANK[a.source] < SOURCE_RANK[best.source])) best = a;
  }
  return best?.source;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function sameLabel(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (!sameLabel(path[i]!, prefix[i]!)) return false;
  return true;
}

/**
 * A ranking kept in typed arrays; candidates become objects only when asked for, and the
 * order is worked out only as far as asked: the best k by a bounded heap (what offering
 * needs), everyone by a full sort (what the stored explanation needs). Those a filter drops
 * are scored only when their explanation is asked for (their parts are pure functions of
 * their facts), so ranking 100,000 associates costs one pass of the filters and a scoring
 * of the eligible only.
 */
export class Ranking {
  private sorted: Uint32Array | undefined;
  private best: { k: number; positions: Uint32Array } | undefined;
  private droppedRanked: { dropped: Uint32Array; scores: Float64Array } | undefined;

  constructor(
    private readonly candidates: readonly CandidateFacts[],
    private readonly scorers: readonly Scorer[],
    private readonly totalWeight: number,
    /** Candidate index of each eligible position. */
    private readonly chosen: Uint32Array,
    /** Parts of the eligible, by position, rule by rule. */
    private readonly parts: Float64Array,
    /** Scores of the eligible, by position. */
    private readonly scores: Float64Array,
    /** Filtered candidates' indices, in input order until filtered() sorts them. */
    private readonly dropped: Uint32Array,
    private readonly outsidePolicy: (c: CandidateFacts) => boolean,
  ) {}

  /** How many may be offered. */
  get size(): number {
    return this.chosen.length;
  }

  /** The best `k` who may be offered, best first. */
  top(k: number): RankedCandidate[] {
    return Array.from(this.bestPositions(Math.min(k, this.size)), (e) => this.eligibleEntry(e));
  }

  /** Everyone who may be offered, best first. */
  ranked(): RankedCandidate[] {
    return Array.from(this.order(), (e) => this.eligibleEntry(e));
  }

  /** Everyone a filter dropped, best first, with what dropped them in `filteredBy`. */
  filtered(): RankedCandidate[] {
    const { dropped, scores } = this.sortDropped();
    const R = this.scorers.length;
    const parts = new Float64Array(R);
    const out: RankedCandidate[] = new Array(dropped.length);
    for (let k = 0; k < dropped.length; k++) {
      const c = this.candidates[dropped[k]!]!;
      const filteredBy: string[] = this.outsidePolicy(c) ? [CANDIDATE_POLICY] : [];
      for (let r = 0; r < R; r++) {
        const s = this.scorers[r]!;
        parts[r] = partOf(c, s.params);
        if (s.passAt !== null && parts[r]! < s.passAt) filteredBy.push(s.name);
      }
      const entry = this.entry(c, parts, 0, scores[k]!);
      entry.filteredBy = filteredBy;
      out[k] = entry;
    }
    return out;
  }

  private readonly better = (a: number, b: number): number =>
    this.scores[b]! - this.scores[a]! || tieBreak(this.candidates[this.chosen[a]!]!, this.candidates[this.chosen[b]!]!);

  /** Every eligible position, best first: the full sort, done once. */
  private order(): Uint32Array {
    return (this.sorted ??= sortPositions(this.scores, (a, b) => tieBreak(this.candidates[this.chosen[a]!]!, this.candidates[this.chosen[b]!]!)));
  }

  /** The best k positions: from the full order when there is one, else by a heap of k over everyone. */
  private bestPositions(k: number): Uint32Array {
    if (this.sorted || k * 8 > this.size) return this.order().subarray(0, k);
    if (!this.best || this.best.k < k) this.best = { k, positions: topPositions(this.size, k, this.better) };
    return this.best.positions.subarray(0, k);
  }

  private eligibleEntry(e: number): RankedCandidate {
    return this.entry(this.candidates[this.chosen[e]!]!, this.parts, e * this.scorers.length, this.scores[e]!);
  }

  /** Scored and sorted only when asked for: offering never needs those it cannot offer. */
  private sortDropped(): { dropped: Uint32Array; scores: Float64Array } {
    if (this.droppedRanked) return this.droppedRanked;
    const m = this.dropped.length;
    const raw = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const c = this.candidates[this.dropped[k]!]!;
      raw[k] = scoreOf(this.scorers, this.totalWeight, (r) => partOf(c, this.scorers[r]!.params));
    }
    const positions = sortPositions(raw, (a, b) => tieBreak(this.candidates[this.dropped[a]!]!, this.candidates[this.dropped[b]!]!));
    return (this.droppedRanked = { dropped: positions.map((k) => this.dropped[k]!), scores: Float64Array.from(positions, (k) => raw[k]!) });
  }

  private entry(c: CandidateFacts, parts: Float64Array, at: number, score: number): RankedCandidate {
    const named: RankedCandidate['parts'] = {};
    for (let r = 0; r < this.scorers.length; r++) {
      const s = this.scorers[r]!;
      named[s.name] = { part: round(parts[at + r]!), weight: s.weight };
      // The stored explanation says which source the accreditation level came from.
      if (s.params.kind === KIND.accreditation && parts[at + r]! > 0) {
        const source = sourceOf(c, s.params);
        if (source) named[s.name]!.source = source;
      }
      // And which channels were needed, and which of them the associate does not take.
      if (s.params.kind === KIND.channels) {
        named[s.name]!.needs = [...s.params.needs];
        const lacks = lacking(c, s.params.needs);
        if (lacks.length > 0) named[s.name]!.lacks = lacks;
      }
    }
    return { associateId: c.associateId, score: round(score), parts: named };
  }
}

function sourceOf(c: CandidateFacts, q: RuleParams): AccreditationSource | undefined {
  return bestSource(c, q.category, q.now, ACCREDITATION_SOURCES.filter((s) => (SOURCE_BIT[s] & q.sources) !== 0));
}

function scoreOf(scorers: readonly Scorer[], totalWeight: number, part: (r: number) => number): number {
  if (totalWeight <= 0) return 0;
  let sum = 0;
  for (let r = 0; r < scorers.length; r++) sum += scorers[r]!.weight * part(r);
  return sum / totalWeight;
}

/** Rounded for the wire: 1e-9 is far below any difference a weight can make. */
function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** On equal scores: the longest idle first (never engaged before anyone), then the smaller id. */
function tieBreak(a: CandidateFacts, b: CandidateFacts): number {
  const ia = a.lastEngagementAt ?? -Infinity;
  const ib = b.lastEngagementAt ?? -Infinity;
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.associateId < b.associateId ? -1 : a.associateId > b.associateId ? 1 : 0;
}

/**
 * The best k of positions 0..m-1 under `better` (negative: a before b), best first: a heap
 * holding the k best so far with the worst of them on top, so most positions cost one comparison.
 */
function topPositions(m: number, k: number, better: (a: number, b: number) => number): Uint32Array {
  const heap = new Uint32Array(k);
  let size = 0;
  const worse = (a: number, b: number) => better(a, b) > 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < size && worse(heap[l]!, heap[w]!)) w = l;
      if (r < size && worse(heap[r]!, heap[w]!)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w]!, heap[i]!];
      i = w;
    }
  };
  for (let p = 0; p < m; p++) {
    if (size < k) {
      let i = size++;
      heap[i] = p;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (k > 0 && better(p, heap[0]!) < 0) {
      heap[0] = p;
      down(0);
    }
  }
  return heap.sort(better);
}

const INDEX_BITS = 2 ** 20;
const BUCKETS = 2 ** 32;

/**
 * Positions 0..m-1 ordered by score (highest first), equal scores by `tie`. Scores (0..1)
 * are bucketed to 32 bits and packed with the position into one double (52 bits, exact),
 * so the bulk of the work is the engine's native numeric sort, with no comparator call;
 * only runs within one bucket are then sorted by the exact score and `tie`.
 */
function sortPositions(scores: Float64Array, tie: (a: number, b: number) => number): Uint32Array {
  const m = scores.length;
  const exact = (a: number, b: number) => scores[b]! - scores[a]! || tie(a, b);
  const positions = new Uint32Array(m);
  if (m >= INDEX_BITS) {
    for (let k = 0; k < m; k++) positions[k] = k;
    return positions.sort(exact);
  }
  const keys = new Float64Array(m);
  for (let k = 0; k < m; k++) keys[k] = Math.floor((1 - clamp01(scores[k]!)) * (BUCKETS - 1)) * INDEX_BITS + k;
  keys.sort();
  for (let k = 0; k < m; k++) positions[k] = keys[k]! % INDEX_BITS;
  for (let start = 0; start < m; ) {
    const bucket = Math.floor(keys[start]! / INDEX_BITS);
    let end = start + 1;
    while (end < m && Math.floor(keys[end]! / INDEX_BITS) === bucket) end++;
    if (end - start > 1) positions.subarray(start, end).sort(exact);
    start = end;
  }
  return positions;
}

/**
 * Ranks the candidates for an opportunity under a rule set at `now` (epoch ms).
 * score = Σ weight·part / Σ weight, 0..1 (0 when every weight is 0). Ties go to the longest
 * idle (never engaged first), then the smaller associate id, so the order is deterministic.
 * A candidate outside the rule set's `candidates` or below a filter rule's bar is dropped.
 */
export function rank(target: RankingTarget, candidates: readonly CandidateFacts[], ruleSet: RuleSet, now: number): Ranking {
  const n = candidates.length;
  const scorers = ruleSet.rules.map((r) => scorer(r, target, now));
  // The cheap filters first (flags before category paths): most candidates leave at the first.
  const cost = (s: Scorer) => (s.params.kind === KIND.accreditation ? 1 : 0);
  const filters = scorers.filter((s) => s.passAt !== null).sort((a, b) => cost(a) - cost(b));
  const R = scorers.length;
  const totalWeight = scorers.reduce((sum, s) => sum + s.weight, 0);
  const own = ruleSet.candidates === 'own';
  const outsidePolicy = ruleSet.candidates === 'both' ? () => false : (c: CandidateFacts) => c.own !== own;

  // Filters first, stopping at the first that fails: most candidates never get scored.
  const pass = new Uint8Array(n);
  let eligible = 0;
  outer: for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    if (outsidePolicy(c)) continue;
    for (let f = 0; f < filters.length; f++) if (partOf(c, filters[f]!.params) < filters[f]!.passAt!) continue outer;
    pass[i] = 1;
    eligible++;
  }
  const chosen = new Uint32Array(eligible);
  const dropped = new Uint32Array(n - eligible);
  for (let i = 0, e = 0, d = 0; i < n; i++) {
    if (pass[i]) chosen[e++] = i;
    else dropped[d++] = i;
  }

  const parts = new Float64Array(eligible * R);
  const scores = new Float64Array(eligible);
  for (let r = 0; r < R; r++) {
    const { params, weight } = scorers[r]!;
    for (let e = 0; e < eligible; e++) {
      const p = partOf(candidates[chosen[e]!]!, params);
      parts[e * R + r] = p;
      scores[e] = scores[e]! + weight * p;
    }
  }
  if (totalWeight > 0) for (let e = 0; e < eligible; e++) scores[e] = scores[e]! / totalWeight;
  else scores.fill(0);
  return new Ranking(candidates, scorers, totalWeight, chosen, parts, scores, dropped, outsidePolicy);
}
