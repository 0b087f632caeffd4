/**
 * Best practices that learn (issue 18, item 7): which materials and techniques to show first in a
 * situation, ranked by Thompson sampling over their outcomes.
 *
 * What it decides
 * - A situation is (category path, opportunity rule, channel, customer tier). Its outcomes are also
 *   counted in every broader situation: drop the tier, then the channel, then the rule, then the
 *   category's levels one by one, down to the root (everything). `situationLevels` lists them, exact
 *   first; `situationKey` names each one.
 * - Posterior per item and situation: Beta(1 + successes, 1 + failures). While an item has fewer
 *   than `minOutcomes` (N) outcomes in a situation, it borrows from the broader one (a blend, not a
 *   hard back-off): the broader situation's evidence, less this situation's own (so nothing counts
 *   twice), scaled to weigh N − (own outcomes) at most, keeps its rate and is added to the own
 *   counts. This runs from the root down to the exact situation, so thin data falls back level by
 *   level and fades out as the exact situation's own outcomes reach N.
 * - Thompson's probability of placing each item first is estimated by Monte Carlo (`draws` joint
 *   Beta draws; exact when there is one item). An exploration floor then lifts every item below ε
 *   to ε, taking the mass from the others in proportion (ε is capped at 1 / items). The first item
 *   is DRAWN FROM THESE PROBABILITIES, so the probabilities returned are exactly those of the
 *   ranking shown, whatever the Monte Carlo error: log them as the propensities. The rest follow in
 *   the order of one more Thompson draw.
 * - A holdout (default 5% of engagements), decided by a hash of the engagement id, gets the static
 *   ranking: the items in the order the caller gave (probability 1 for the first, 0 for the rest).
 *
 * What the caller must do
 * - Pass the eligible items (materials or techniques tagged for the situation) in the static order
 *   (the enterprise's curated order), and the tallies of every key of `situationLevels(situation)`.
 * - Log each ranking shown: engagement, situation key, policy, and every item's `firstProbability`.
 *   The action is the item placed first; its reward is the engagement's outcome.
 * - When the outcome is known (an order attributed: sale; the window closed without one: no sale;
 *   a refund: sale revised to no sale), apply `outcomeChanges(...)` to the tallies (one row per
 *   level). Holdout engagements are counted too: the static ranking's outcomes are data as well.
 * - Pass a seeded `Random` and keep its seed if rankings must be reproduced.
 * - To push a changed ranking to open consoles, rank again and log it as a new decision: the
 *   reward then belongs to the decision in force when the associate used the material.
 */
import { type Random, betaSample, hash32 } from './random.core';

/** Where an engagement takes place, as far as practices are concerned. */
export interface Situation {
  /** Category path, broadest first (["TV", "OLED"]); compared whatever its case. */
  category: readonly string[];
  /** The opportunity rule that opened the engagement; null when none. */
  rule: string | null;
  /** The channel in use ("chat", "voice", "cobrowse"); null when none. */
  channel: string | null;
  /** The verified customer's tier; null when unknown. */
  tier: string | null;
}

/** Outcomes of one item in one situation. */
export interface Tally {
  successes: number;
  failures: number;
}

/** Tallies by situation key, then by item id. */
export type Tallies = ReadonlyMap<string, ReadonlyMap<string, Tally>>;

export interface RankingOptions {
  /** N: an item with fewer outcomes than this in a situation borrows from the broader one. */
  minOutcomes: number;
  /** ε: every eligible item is placed first with at least this probability (at most 1 / items). */
  floor: number;
  /** Monte Carlo draws to estimate Thompson's probability of placing each item first. */
  draws: number;
  /** Share of engagements that see the static ranking. */
  holdoutFraction: number;
}

// minOutcomes and floor chosen on the practices bench's markets 1-3 (N 30-1000, ε 0.002-0.01); markets 4-5 held out.
export const DEFAULT_RANKING_OPTIONS: RankingOptions = { minOutcomes: 200, floor: 0.005, draws: 1000, holdoutFraction: 0.05 };

export interface RankedPractice {
  itemId: string;
  /** Probability that this item is placed first by the policy that ranked (log it). */
  firstProbability: number;
  /** The posterior Beta(alpha, beta) of its success rate in the situation, after borrowing. */
  alpha: number;
  beta: number;
  /** Outcomes of the item in the exact situation. */
  exactOutcomes: number;
}

export interface PracticeRanking {
  policy: 'thompson' | 'holdout';
  situationKey: string;
  /** The items in the order shown. */
  ranked: RankedPractice[];
}

const normalCategory = (category: readonly string[]) => category.map((c) => c.trim().toLowerCase());

/** The name of a situation in the tallies. */
export function situationKey(s: Situation): string {
  return JSON.stringify([normalCategory(s.category), s.rule, s.channel, s.tier]);
}

/** The situation and every broader one, exact first, root last (no repeats when fields are already null). */
export function situationLevels(s: Situation): Situation[] {
  const category = normalCategory(s.category);
  const levels: Situation[] = [
    { category, rule: s.rule, channel: s.channel, tier: s.tier },
    { category, rule: s.rule, channel: s.channel, tier: null },
    { category, rule: s.rule, channel: null, tier: null },
  ];
  for (let depth = category.length; depth >= 0; depth--) levels.push({ category: category.slice(0, depth), rule: null, channel: null, tier: null });
  const seen = new Set<string>();
  return levels.filter((l) => {
    const key = situationKey(l);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** An engagement's outcome for the item placed first. */
export type Outcome = 'sale' | 'no_sale';

/** A change to apply to one tally row. */
export interface TallyChange {
  situationKey: string;
  itemId: string;
  successes: number;
  failures: number;
}

/**
 * The changes to the tallies when an item's outcome in a situation becomes `to` (from `from`, or
 * from nothing when first known): one row per level. A refund after a sale is ('sale' → 'no_sale').
 */
export function outcomeChanges(situation: Situation, itemId: string, from: Outcome | null, to: Outcome): TallyChange[] {
  if (from === to) return [];
  const successes = (to === 'sale' ? 1 : 0) - (from === 'sale' ? 1 : 0);
  const failures = (to === 'no_sale' ? 1 : 0) - (from === 'no_sale' ? 1 : 0);
  return situationLevels(situation).map((l) => ({ situationKey: situationKey(l), itemId, successes, failures }));
}

/** Applies changes to in-memory tallies (the database does the same with one upsert per row). */
export function applyChanges(tallies: Map<string, Map<string, Tally>>, changes: readonly TallyChange[]): void {
  for (const c of changes) {
    let items = tallies.get(c.situationKey);
    if (!items) tallies.set(c.situationKey, (items = new Map()));
    const t = items.get(c.itemId) ?? { successes: 0, failures: 0 };
    items.set(c.itemId, { successes: t.successes + c.successes, failures: t.failures + c.failures });
  }
}

/** True when the engagement belongs to the holdout, which sees the static ranking (deterministic from its id). */
export function inHoldout(engagementId: string, fraction = DEFAULT_RANKING_OPTIONS.holdoutFraction): boolean {
  return hash32(`practices-holdout:${engagementId}`) / 4294967296 < fraction;
}

/** The posterior of one item after borrowing, from the root down to the exact situation. */
export function posterior(itemId: string, keys: readonly string[], tallies: Tallies, minOutcomes: number): { alpha: number; beta: number; exactOutcomes: number } {
  let s = 0;
  let f = 0;
  for (let i = keys.length - 1; i >= 0; i--) {
    const own = tallies.get(keys[i]!)?.get(itemId) ?? { successes: 0, failures: 0 };
    const ownS = Math.max(0, own.successes);
    const ownF = Math.max(0, own.failures);
    // The broader evidence less this level's own (counted at every level), scaled to weigh at most N − own.
    const otherS = Math.max(0, s - ownS);
    const otherF = Math.max(0, f - ownF);
    const others = otherS + otherF;
    const weight = Math.min(others, Math.max(0, minOutcomes - ownS - ownF));
    const scale = others > 0 ? weight / others : 0;
    s = ownS + otherS * scale;
    f = ownF + otherF * scale;
  }
  const exact = tallies.get(keys[0]!)?.get(itemId);
  return { alpha: 1 + s, beta: 1 + f, exactOutcomes: exact ? Math.max(0, exact.successes) + Math.max(0, exact.failures) : 0 };
}

/** Lifts every probability below `floor` to it, taking the mass from the others in proportion; sums to 1. */
export function withFloor(probabilities: readonly number[], floor: number): number[] {
  const n = probabilities.length;
  if (n === 0) return [];
  const eps = Math.min(Math.max(0, floor), 1 / n);
  const lifted = new Array<boolean>(n).fill(false);
  for (;;) {
    const free = probabilities.map((_, i) => i).filter((i) => !lifted[i]);
    const mass = 1 - (n - free.length) * eps;
    const total = free.reduce((sum, i) => sum + probabilities[i]!, 0);
    const scaled = (i: number) => (total > 0 ? (probabilities[i]! * mass) / total : mass / free.length);
    const below = free.filter((i) => scaled(i) < eps);
    if (below.length === 0) return probabilities.map((_, i) => (lifted[i] ? eps : scaled(i)));
    for (const i of below) lifted[i] = true;
  }
}

/** The static ranking: the caller's order, the first item certain. */
function staticRanking(items: readonly string[], posteriors: ReturnType<typeof posterior>[], key: string): PracticeRanking {
  return { policy: 'holdout', situationKey: key, ranked: items.map((itemId, i) => ({ itemId, firstProbability: i === 0 ? 1 : 0, ...posteriors[i]! })) };
}

/**
 * Ranks the eligible items (given in the static order) for an engagement in a situation.
 *
 *   rankPractices({ engagementId, situation, items: ['sheet', 'script'], tallies }, seededRandom(seed))
 */
export function rankPractices(
  input: { engagementId: string; situation: Situation; items: readonly string[]; tallies: Tallies },
  random: Random,
  options: Partial<RankingOptions> = {},
): PracticeRanking {
  const o = { ...DEFAULT_RANKING_OPTIONS, ...options };
  const { items } = input;
  if (new Set(items).size !== items.length) throw new RangeError('an item is listed twice among the eligible items');
  const keys = situationLevels(input.situation).map(situationKey);
  const posteriors = items.map((id) => posterior(id, keys, input.tallies, o.minOutcomes));
  if (inHoldout(input.engagementId, o.holdoutFraction)) return staticRanking(items, posteriors, keys[0]!);
  const n = items.length;
  if (n === 0) return { policy: 'thompson', situationKey: keys[0]!, ranked: [] };

  const firsts = new Array<number>(n).fill(0);
  const draws = n === 1 ? 0 : Math.max(1, Math.floor(o.draws));
  for (let d = 0; d < draws; d++) firsts[argmax(posteriors.map((p) => betaSample(random, p.alpha, p.beta)))]! += 1;
  const probabilities = withFloor(n === 1 ? [1] : firsts.map((c) => c / draws), o.floor);

  // The first item drawn from the logged probabilities; the others by one more Thompson draw.
  const first = drawIndex(probabilities, random());
  const sample = posteriors.map((p) => betaSample(random, p.alpha, p.beta));
  const rest = items
    .map((_, i) => i)
    .filter((i) => i !== first)
    .sort((a, b) => sample[b]! - sample[a]! || a - b);
  const ranked = [first, ...rest].map((i) => ({ itemId: items[i]!, firstProbability: probabilities[i]!, ...posteriors[i]! }));
  return { policy: 'thompson', situationKey: keys[0]!, ranked };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The index whose cumulative probability first exceeds u (the last possible one against rounding). */
function drawIndex(probabilities: readonly number[], u: number): number {
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    if (probabilities[i]! <= 0) continue;
    cumulative += probabilities[i]!;
    last = i;
    if (u < cumulative) return i;
  }
  return last;
}
