/**
 * Offline evaluation of a ranking policy from the practices log (issue 18, item 7), and the
 * holdout's lift.
 *
 * What it decides
 * - From logged decisions (the item placed first, the probability the logging policy gave it, the
 *   reward that joined later), the value a target policy would have had: the inverse-propensity
 *   estimate (IPS: mean of reward × target / logged probability) and the self-normalised one
 *   (SNIPS: the same sum divided by the sum of the weights, biased a little, far less variable).
 * - 95% intervals (or another level) by the percentile bootstrap: decisions resampled with
 *   replacement, `resamples` times, with the injected seeded source, so an interval is reproducible.
 * - The holdout's lift: mean reward of the learning policy's engagements less the holdout's, with a
 *   bootstrap interval that resamples each group on its own.
 *
 * What the caller must do
 * - Give only decisions whose reward is final (window closed or order attributed; a refund revises
 *   it): a pending one would count as no sale.
 * - Compute each decision's `targetProbability`: the probability the policy under evaluation would
 *   have placed the logged item first in that situation (1 or 0 for a deterministic ranking).
 * - Rewards are numbers: 1 or 0 for a sale, or an amount in minor units; estimates are not money
 *   (they are means), round them when showing amounts.
 */
import type { Random } from './random.core';

/** One logged ranking, its first item's probabilities under the logging and the target policies, and its reward. */
export interface LoggedDecision {
  /** The logging policy's probability of the item it placed first (> 0). */
  loggedProbability: number;
  /** The target policy's probability of placing that same item first. */
  targetProbability: number;
  reward: number;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface PolicyValue {
  decisions: number;
  ips: Estimate;
  snips: Estimate;
  /** (Σw)² / Σw²: how many decisions the weighted ones are worth. */
  effectiveSampleSize: number;
}

export interface BootstrapOptions {
  resamples: number;
  /** Interval coverage, e.g. 0.95. */
  level: number;
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, level: 0.95 };

function check(decisions: readonly LoggedDecision[]): void {
  for (const d of decisions) {
    if (!(d.loggedProbability > 0 && d.loggedProbability <= 1)) throw new RangeError(`a logged probability must be in (0, 1], got ${d.loggedProbability}`);
    if (!(d.targetProbability >= 0 && d.targetProbability <= 1)) throw new RangeError(`a target probability must be in [0, 1], got ${d.targetProbability}`);
    if (!Number.isFinite(d.reward)) throw new RangeError(`a reward must be a finite number, got ${d.reward}`);
  }
}

/** The value at quantile q of sorted numbers (linear between neighbours). */
function quantileOf(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** The estimate with the percentile interval of its bootstrap values. */
function withInterval(value: number, resampled: number[], level: number): Estimate {
  resampled.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { value, low: quantileOf(resampled, tail), high: quantileOf(resampled, 1 - tail) };
}

/**
 * IPS and SNIPS estimates of the target policy's value, with bootstrap intervals.
 *
 *   estimatePolicyValue(decisions, seededRandom(7))  // { ips: { value, low, high }, snips: ..., ... }
 */
export function estimatePolicyValue(decisions: readonly LoggedDecision[], random: Random, options: Partial<BootstrapOptions> = {}): PolicyValue {
  check(decisions);
  const o = { ...DEFAULT_BOOTSTRAP, ...options };
  const n = decisions.length;
  if (n === 0) {
    const none = { value: NaN, low: NaN, high: NaN };
    return { decisions: 0, ips: none, snips: none, effectiveSampleSize: 0 };
  }
  const weights = decisions.map((d) => d.targetProbability / d.loggedProbability);
  const weighted = decisions.map((d, i) => d.reward * weights[i]!);
  const sums = (indices: Iterable<number>) => {
    let w = 0;
    let wr = 0;
    for (const i of indices) {
      w += weights[i]!;
      wr += weighted[i]!;
    }
    return { w, wr };
  };
  const all = sums(weights.keys());
  const ips = all.wr / n;
  const snips = all.w > 0 ? all.wr / all.w : 0;
  // One set of resamples for both estimators, so their intervals come from the same draws.
  const ipsValues: number[] = [];
  const snipsValues: number[] = [];
  for (let r = 0; r < o.resamples; r++) {
    const s = sums(Array.from({ length: n }, () => Math.floor(random() * n)));
    ipsValues.push(s.wr / n);
    snipsValues.push(s.w > 0 ? s.wr / s.w : 0);
  }
  const squares = weights.reduce((sum, w) => sum + w * w, 0);
  return {
    decisions: n,
    ips: withInterval(ips, ipsValues, o.level),
    snips: withInterval(snips, snipsValues, o.level),
    effectiveSampleSize: squares > 0 ? (all.w * all.w) / squares : 0,
  };
}

/** The learning policy's mean reward less the holdout's, with a bootstrap interval (each group resampled on its own). */
export function holdoutLift(treated: readonly number[], holdout: readonly number[], random: Random, options: Partial<BootstrapOptions> = {}): Estimate {
  const o = { ...DEFAULT_BOOTSTRAP, ...options };
  if (treated.length === 0 || holdout.length === 0) return { value: NaN, low: NaN, high: NaN };
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const resampledMean = (xs: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random() * xs.length)]!;
    return sum / xs.length;
  };
  const resampled = Array.from({ length: o.resamples }, () => resampledMean(treated) - resampledMean(holdout));
  return withInterval(mean(treated) - mean(holdout), resampled, o.level);
}
