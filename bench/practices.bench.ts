/**
 * Best practices that learn (ranking.core, offline.core) in a simulated market: 32 situations
 * (4 categories × 2 opportunity rules × 2 channels × 2 customer tiers, some far more frequent than
 * others) and 8 materials, each with a known net conversion rate per situation (a material's own
 * strength, plus how it suits the top category, the category, and the situation, on the logit
 * scale). 10,000 engagements arrive; each is ranked, the material placed first is the action, and
 * its outcome arrives later: an order some engagements on (within a window of 300), "no sale" when
 * the window closes, and a tenth of orders refunded later still (the sale revised to no sale).
 *
 * Compared on the same engagements (expected regret against the oracle, which places each
 * situation's best material first): the bandit (5% holdout included), uniform random, and a static
 * ranking by each material's average rate over the whole market (generous to static: no enterprise
 * knows that order in advance). Also: the outcomes a situation takes before the bandit puts its best
 * material first for good, and whether the offline estimates (SNIPS, bootstrap 95%) from the
 * second half of the bandit's log contain the true values of the bandit as it stood at half-time
 * (the key figure), the static ranking and uniform random.
 *
 * outcomes_to_best_first: per situation ranked at least 20 times, the outcomes joined there when the
 * best material last was not the likeliest first (+1); the median over situations, one never there
 * counting as infinite (null in the JSON when that is the median).
 *
 *   npm run bench -- practices [--seed 1] [--engagements 10000] [--draws 300]
 *     [--min-outcomes N] [--floor ε]        (the ranking's defaults otherwise)
 *     [--join at-order|provisional]         (provisional: "no sale" from the moment shown, revised on an order;
 *                                            on markets 1-3 it did no better than joining sales at order time)
 */
import { parseArgs } from 'node:util';
import { estimatePolicyValue, holdoutLift } from '../backend/src/modules/practices/offline.core';
import { normalSample, seededRandom } from '../backend/src/modules/practices/random.core';
import {
  type Outcome,
  type Situation,
  type Tally,
  applyChanges,
  outcomeChanges,
  rankPractices,
  situationKey,
} from '../backend/src/modules/practices/ranking.core';
import { table } from './lib';

const CATEGORIES = [['TV', 'OLED'], ['TV', 'LCD'], ['Audio', 'Headphones'], ['Audio', 'Speakers']];
const RULES = ['lingering', 'cart_hesitation'];
const CHANNELS = ['chat', 'voice'];
const TIERS = ['gold', 'standard'];
const MATERIALS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
const WINDOW = 300;
const REFUND_SHARE = 0.1;

interface Market {
  situations: Situation[];
  /** Cumulative frequency of each situation, for drawing one. */
  cumulative: number[];
  /** Net conversion rate by situation index, then material index. */
  rates: number[][];
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function market(seed: number): Market {
  const r = seededRandom(seed);
  const situations: Situation[] = [];
  for (const category of CATEGORIES) for (const rule of RULES) for (const channel of CHANNELS) for (const tier of TIERS) situations.push({ category, rule, channel, tier });
  // Frequencies: a Zipf-like law over a shuffled order, so some situations are rare.
  const order = situations.map((_, i) => i).sort(() => r() - 0.5);
  const weights = situations.map((_, i) => 1 / (1 + order.indexOf(i)) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const cumulative = weights.map((w) => (sum += w / total));
  const own = MATERIALS.map(() => 0.4 * normalSample(r));
  const byTop = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const effects = (map: Map<string, number[]>, key: string, sd: number) => {
    if (!map.has(key)) map.set(key, MATERIALS.map(() => sd * normalSample(r)));
    return map.get(key)!;
  };
  const rates = situations.map((s) => {
    const top = effects(byTop, s.category[0]!, 0.5);
    const category = effects(byCategory, s.category.join('/'), 0.3);
    return MATERIALS.map((_, m) => logistic(-2.2 + own[m]! + top[m]! + category[m]! + 0.2 * normalSample(r)));
  });
  return { situations, cumulative, rates };
}

interface PendingChange {
  situation: Situation;
  item: string;
  from: Outcome | null;
  to: Outcome;
}

interface Log {
  situation: number;
  item: number;
  probability: number;
  reward: number;
  policy: 'thompson' | 'holdout';
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'string', default: '1' }, engagements: { type: 'string', default: '10000' }, draws: { type: 'string', default: '300' }, 'min-outcomes': { type: 'string' }, join: { type: 'string', default: 'at-order' }, floor: { type: 'string' } },
  });
  const seed = Number(values.seed);
  const engagements = Number(values.engagements);
  const draws = Number(values.draws);
  const join = values.join === 'provisional' ? 'provisional' : 'at-order';
  const tuning = {
    ...(values['min-outcomes'] ? { minOutcomes: Number(values['min-outcomes']) } : {}),
    ...(values.floor ? { floor: Number(values.floor) } : {}),
  };
  const m = market(seed);
  const world = seededRandom(seed * 7919 + 1); // situations, outcomes and delays
  const policyRandom = seededRandom(seed * 104729 + 2); // the bandit's draws
  const best = m.rates.map((row) => row.indexOf(Math.max(...row)));
  const shares = m.cumulative.map((c, i) => c - (m.cumulative[i - 1] ?? 0));
  const averageRate = MATERIALS.map((_, j) => m.rates.reduce((sum, row, i) => sum + shares[i]! * row[j]!, 0));
  const staticOrder = MATERIALS.map((_, j) => j).sort((a, b) => averageRate[b]! - averageRate[a]!);
  const staticItems = staticOrder.map((j) => MATERIALS[j]!);

  const tallies = new Map<string, Map<string, Tally>>();
  const pending = new Map<number, PendingChange[]>();
  const later = (at: number, change: PendingChange) => {
    const list = pending.get(at) ?? [];
    list.push(change);
    pending.set(at, list);
  };
  const logs: Log[] = [];
  const regret = { bandit: 0, uniform: 0, static: 0 };
  // Per situation: exact outcomes joined when the best material was last NOT the most likely first (-1: never yet ranked).
  const lastMiss = m.situations.map(() => -1);
  const rankedIn = m.situations.map(() => 0);
  const started = performance.now();

  // The bandit as it stood at half-time, frozen: its probability of placing each material first, per situation.
  // It is valued from the second half's log only, whose rewards did not choose it (valuing it on the
  // rewards it learnt from would flatter it: the winner's curse).
  const half = Math.floor(engagements / 2);
  let frozen: number[][] = [];
  const freeze = () =>
    m.situations.map((situation) => {
      const ranking = rankPractices({ engagementId: 'frozen', situation, items: staticItems, tallies }, seededRandom(seed), { ...tuning, draws: 4000, holdoutFraction: 0 });
      return MATERIALS.map((id) => ranking.ranked.find((r) => r.itemId === id)!.firstProbability);
    });

  for (let t = 0; t < engagements; t++) {
    if (t === half) frozen = freeze();
    for (const c of pending.get(t) ?? []) applyChanges(tallies, outcomeChanges(c.situation, c.item, c.from, c.to));
    pending.delete(t);
    const u = world();
    const s = Math.max(0, m.cumulative.findIndex((c) => u < c));
    const situation = m.situations[s]!;
    const ranking = rankPractices({ engagementId: `engagement-${seed}-${t}`, situation, items: staticItems, tallies }, policyRandom, { draws, ...tuning });
    const shown = MATERIALS.indexOf(ranking.ranked[0]!.itemId);
    const row = m.rates[s]!;
    const top = row[best[s]!]!;
    regret.bandit += top - row[shown]!;
    regret.uniform += top - row.reduce((a, b) => a + b, 0) / row.length;
    regret.static += top - row[staticOrder[0]!]!;

    if (ranking.policy === 'thompson') {
      rankedIn[s]! += 1;
      const likeliest = ranking.ranked.reduce((a, b) => (b.firstProbability > a.firstProbability ? b : a));
      if (likeliest.itemId !== MATERIALS[best[s]!]) {
        let exact = 0;
        for (const tally of tallies.get(situationKey(situation))?.values() ?? []) exact += tally.successes + tally.failures;
        lastMiss[s] = exact;
      }
    }

    // The outcome: a gross sale (some refunded later) within the window, else "no sale" when it closes.
    const item = MATERIALS[shown]!;
    const sale = world() < Math.min(1, row[shown]! / (1 - REFUND_SHARE));
    const refunded = sale && world() < REFUND_SHARE;
    if (join === 'provisional') {
      // No sale from the moment it is shown, revised to a sale when the order is attributed (and back on a refund).
      applyChanges(tallies, outcomeChanges(situation, item, null, 'no_sale'));
      if (sale) {
        const orderedAt = t + 1 + Math.floor(world() * WINDOW);
        later(orderedAt, { situation, item, from: 'no_sale', to: 'sale' });
        if (refunded) later(orderedAt + 1 + Math.floor(world() * WINDOW), { situation, item, from: 'sale', to: 'no_sale' });
      }
    } else if (sale) {
      const orderedAt = t + 1 + Math.floor(world() * WINDOW);
      later(orderedAt, { situation, item, from: null, to: 'sale' });
      if (refunded) later(orderedAt + 1 + Math.floor(world() * WINDOW), { situation, item, from: 'sale', to: 'no_sale' });
    } else {
      later(t + WINDOW, { situation, item, from: null, to: 'no_sale' });
    }
    logs.push({ situation: s, item: shown, probability: ranking.ranked[0]!.firstProbability, reward: sale && !refunded ? 1 : 0, policy: ranking.policy });
  }
  const elapsed = performance.now() - started;

  const targets: [string, (s: number, j: number) => number][] = [
    ['half-time bandit', (s, j) => frozen[s]![j]!],
    ['static', (_s, j) => (j === staticOrder[0] ? 1 : 0)],
    ['uniform', () => 1 / MATERIALS.length],
  ];
  const secondHalf = logs.slice(half);
  // The log's luck: its realised sales rate against the expected rate of what it showed.
  const realised = secondHalf.reduce((sum, l) => sum + l.reward, 0) / secondHalf.length;
  const expected = secondHalf.reduce((sum, l) => sum + m.rates[l.situation]![l.item]!, 0) / secondHalf.length;
  const offline = targets.map(([name, target], i) => {
    const truth = secondHalf.reduce((sum, l) => sum + m.rates[l.situation]!.reduce((v, rate, j) => v + target(l.situation, j) * rate, 0), 0) / secondHalf.length;
    const value = estimatePolicyValue(
      secondHalf.map((l) => ({ loggedProbability: l.probability, targetProbability: target(l.situation, l.item), reward: l.reward })),
      seededRandom(seed * 31 + i),
    );
    return { name, truth, value, inside: value.snips.low <= truth && truth <= value.snips.high };
  });

  // Outcomes to put the best material first for good, per situation ranked at least 20 times; a situation never there counts as infinite.
  const judged = m.situations.map((_, s) => s).filter((s) => rankedIn[s]! >= 20);
  const final = freeze();
  const finalMiss = judged.filter((s) => final[s]!.indexOf(Math.max(...final[s]!)) !== best[s]);
  const toBest = judged.map((s) => (finalMiss.includes(s) ? Infinity : lastMiss[s]! + 1)).sort((a, b) => a - b);
  const medianToBest = toBest.length === 0 ? null : toBest[Math.floor((toBest.length - 1) / 2)]!;

  const treated = logs.filter((l) => l.policy === 'thompson').map((l) => l.reward);
  const held = logs.filter((l) => l.policy === 'holdout').map((l) => l.reward);
  const lift = holdoutLift(treated, held, seededRandom(seed * 13 + 5));
  const oracleValue = logs.reduce((sum, l) => sum + m.rates[l.situation]![best[l.situation]!]!, 0) / logs.length;

  table([
    { policy: 'oracle', 'expected sales': oracleValue * logs.length, regret: 0, 'regret / uniform': '0.000' },
    { policy: 'bandit (5% holdout)', 'expected sales': oracleValue * logs.length - regret.bandit, regret: regret.bandit, 'regret / uniform': (regret.bandit / regret.uniform).toFixed(3) },
    { policy: 'static (best on average)', 'expected sales': oracleValue * logs.length - regret.static, regret: regret.static, 'regret / uniform': (regret.static / regret.uniform).toFixed(3) },
    { policy: 'uniform random', 'expected sales': oracleValue * logs.length - regret.uniform, regret: regret.uniform, 'regret / uniform': '1.000' },
  ]);
  console.log('');
  table(
    offline.map((o) => ({
      'offline (SNIPS, 95%)': o.name,
      'true value %': o.truth * 100,
      'estimate %': o.value.snips.value * 100,
      'low %': o.value.snips.low * 100,
      'high %': o.value.snips.high * 100,
      'IPS %': o.value.ips.value * 100,
      'effective n': Math.round(o.value.effectiveSampleSize),
      inside: o.inside ? 'yes' : 'NO',
    })),
  );
  console.log('');
  console.log(
    `seed ${seed}: ${engagements} engagements in ${(elapsed / 1000).toFixed(1)} s; holdout ${held.length}; lift ${(lift.value * 100).toFixed(1)} pp [${(lift.low * 100).toFixed(1)}, ${(lift.high * 100).toFixed(1)}]; ` +
      `second half's sales ${(realised * 100).toFixed(1)}% realised, ${(expected * 100).toFixed(1)}% expected; ` +
      `best first for good in ${judged.length - finalMiss.length} of ${judged.length} situations, median after ${medianToBest} outcomes there`,
  );
  console.log(
    JSON.stringify({
      bench: 'practices',
      seed,
      engagements,
      regret_ratio_vs_uniform: round(regret.bandit / regret.uniform),
      regret_ratio_vs_static: round(regret.bandit / regret.static),
      outcomes_to_best_first: medianToBest === null || !Number.isFinite(medianToBest) ? null : medianToBest,
      offline_estimate_in_interval: offline[0]!.inside ? 1 : 0,
      offline_static_in_interval: offline[1]!.inside ? 1 : 0,
      offline_uniform_in_interval: offline[2]!.inside ? 1 : 0,
      best_first_situations: judged.length - finalMiss.length,
      judged_situations: judged.length,
      holdout_lift_pp: round(lift.value * 100),
    }),
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
