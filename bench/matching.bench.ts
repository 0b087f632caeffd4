/**
 * Ranking alone (rank.core): 10,000 and 100,000 generated associates against a 10-rule set,
 * the whole catalogue with accreditation and availability as filters (about one in ten
 * passes, as with a real segment), and again with no filter at all (everyone scored and
 * sorted, the worst case). Each repetition ranks everyone and turns the top 50 (the most one
 * wave offers) into explained entries; explaining everyone, as the stored ranking does, is
 * timed separately ("all entries").
 *
 *   npm run bench -- matching [--reps 30]
 */
import { parseArgs } from 'node:util';
import { RuleSet } from '../shared/matching';
import { type CandidateFacts, type RankingTarget, rank } from '../backend/src/modules/matching/rank.core';
import { quantile, table } from './lib';
import { seededRandom } from '../backend/src/modules/practices/random.core';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

export const TEN_RULES = RuleSet.parse({
  name: 'bench',
  priority: 1,
  rules: [
    { rule: 'accreditation', weight: 3, mode: 'filter' },
    { rule: 'available_now', weight: 1, filter: true },
    { rule: 'language', weight: 2 },
    { rule: 'conversion_rate', weight: 3 },
    { rule: 'affinity', weight: 2 },
    { rule: 'load', weight: 1 },
    { rule: 'longest_idle', weight: 1 },
    { rule: 'employment_fit', weight: 1, prefer: 'own' },
    { rule: 'response_rate', weight: 1 },
    { rule: 'recent_misses', weight: 1 },
  ],
});

/** The same ten rules with nothing filtered: every associate scored and sorted (the worst case, reported beside). */
const TEN_RULES_NO_FILTER = RuleSet.parse({
  ...TEN_RULES,
  rules: TEN_RULES.rules.map((r) => (r.rule === 'accreditation' ? { ...r, mode: 'score' } : r.rule === 'available_now' ? { ...r, filter: false } : r)),
});

const TARGET: RankingTarget = { segment: { category: ['TV', 'OLED'], minLevel: 2 }, score: 12, sites: ['volt.example'], customerTier: 'gold', language: 'fr' };

const CATEGORIES = [['TV'], ['TV', 'OLED'], ['Audio'], ['Audio', 'Headphones'], ['Computers'], ['Phones']];
const LANGUAGES = [['en'], ['fr'], ['en', 'fr'], ['de'], ['en', 'es']];
/** By position, not by the seeded draw: the other facts stay those of earlier runs. */
const CHANNEL_SETS: CandidateFacts['channels'][] = [['chat', 'voice', 'cobrowse'], ['chat'], ['chat', 'voice'], ['voice', 'cobrowse']];

export function generateCandidates(n: number, seed = 1): CandidateFacts[] {
  const r = seededRandom(seed); // deterministic: every run ranks the same associates
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const capacity = 1 + Math.floor(r() * 5);
    const received = Math.floor(r() * 200);
    const outcomes = Math.floor(r() * 50);
    return {
      associateId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      own: r() < 0.6,
      languages: pick(LANGUAGES),
      channels: CHANNEL_SETS[i % CHANNEL_SETS.length]!,
      available: r() < 0.8,
      connected: r() < 0.9,
      withinSchedule: r() < 0.85,
      capacity,
      active: Math.floor(r() * (capacity + 1)),
      lastEngagementAt: r() < 0.1 ? null : NOW - Math.floor(r() * 7_200_000),
      offersReceived: received,
      offersAnswered: Math.floor(r() * (received + 1)),
      missesInRow: r() < 0.7 ? 0 : Math.floor(r() * 3),
      accreditations: Array.from({ length: Math.floor(r() * 3) }, () => ({
        category: pick(CATEGORIES),
        level: 1 + Math.floor(r() * 5),
        expiresAt: r() < 0.1 ? NOW - 1000 : null,
        source: 'grant' as const,
      })),
      categoryOutcomes: outcomes,
      categorySales: Math.floor(r() * (outcomes + 1)),
      servedBefore: r() < 0.01 ? 'sale' : r() < 0.02 ? 'served' : null,
    };
  });
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function measure(candidates: CandidateFacts[], reps: number, ruleSet = TEN_RULES) {
  for (let i = 0; i < 5; i++) rank(TARGET, candidates, ruleSet, NOW).top(50); // warm up the JIT
  const ranks: number[] = [];
  const alls: number[] = [];
  for (let i = 0; i < reps; i++) ranks.push(time(() => void rank(TARGET, candidates, ruleSet, NOW).top(50)));
  for (let i = 0; i < Math.max(3, Math.floor(reps / 5)); i++) {
    const ranking = rank(TARGET, candidates, ruleSet, NOW);
    alls.push(time(() => void [ranking.ranked(), ranking.filtered()]));
  }
  const eligible = rank(TARGET, candidates, ruleSet, NOW).size;
  ranks.sort((a, b) => a - b);
  alls.sort((a, b) => a - b);
  return { eligible, p50: quantile(ranks, 0.5), p99: quantile(ranks, 0.99), allP50: quantile(alls, 0.5) };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { reps: { type: 'string', default: '30' } } });
  const reps = Math.max(5, Number(values.reps));
  const rows = [];
  const figures: Record<string, number> = {};
  for (const n of [10_000, 100_000]) {
    const candidates = generateCandidates(n);
    const tag = n === 10_000 ? '10k' : '100k';
    const m = measure(candidates, reps);
    rows.push({ associates: n, filters: 'on', eligible: m.eligible, rules: TEN_RULES.rules.length, 'p50 ms': m.p50, 'p99 ms': m.p99, 'all entries p50 ms': m.allP50 });
    figures[`p50_ms_${tag}`] = round(m.p50);
    figures[`p99_ms_${tag}`] = round(m.p99);
    figures[`explain_all_p50_ms_${tag}`] = round(m.allP50);
    const all = measure(candidates, reps, TEN_RULES_NO_FILTER);
    rows.push({ associates: n, filters: 'off', eligible: all.eligible, rules: TEN_RULES.rules.length, 'p50 ms': all.p50, 'p99 ms': all.p99, 'all entries p50 ms': all.allP50 });
    figures[`no_filter_p50_ms_${tag}`] = round(all.p50);
    figures[`no_filter_p99_ms_${tag}`] = round(all.p99);
  }
  table(rows);
  console.log(JSON.stringify({ bench: 'matching', rules: TEN_RULES.rules.length, reps, ...figures }));
}

const round = (x: number) => Math.round(x * 100) / 100;
