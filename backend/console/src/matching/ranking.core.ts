/**
 * A ranking explained as the associate's side panel explains an offer's match: each rule's part
 * in words (the side panel's own `reasonText`), what it weighed and added, the filters passed and
 * failed, the final score and the rank. Used for stored rankings and dry runs alike.
 */
import type { RankedCandidate, RankingOffer, RuleSet } from '../../../../shared/matching';
import { formatScore, reasonText } from '../../../../shared/ranking-text';
import { RULE_LABELS } from './matching.core';

export { formatScore };

export interface PartRow {
  rule: string;
  label: string;
  /** The part in the side panel's words: "Accredited in Audio, level 4". */
  text: string;
  /** 0..1 */
  part: number;
  weight: number;
  /** weight × part. */
  contribution: number;
  /** contribution / Σ weights: what it added to the score (0..1). */
  share: number;
}

export interface FilterRow {
  rule: string;
  label: string;
  passed: boolean;
}

export interface CandidateRow {
  associateId: string;
  name: string;
  /** 1-based among those who may be offered; null for those a filter dropped. */
  rank: number | null;
  score: number;
  scoreText: string;
  parts: PartRow[];
  filters: FilterRow[];
  /** The filter rules failed (and `excluded`), in words. */
  failed: string[];
}

/** The rules of a rule set that drop candidates: accreditation in filter mode, available_now and language with filter on. */
export function filterRules(ruleSet: RuleSet | null | undefined): string[] {
  return (ruleSet?.rules ?? [])
    .filter((r) => ('mode' in r && r.mode === 'filter') || ('filter' in r && r.filter === true))
    .map((r) => r.rule);
}

const labelOf = (rule: string) => (RULE_LABELS as Record<string, string>)[rule] ?? (rule === 'excluded' ? 'Left out (went silent before)' : rule.replace(/_/g, ' '));

/** One candidate explained: the parts most telling first, the filters in the rule set's order. */
export function explainCandidate(c: RankedCandidate, rank: number | null, context: { ruleSet?: RuleSet | null; category?: readonly string[] | null; names?: Record<string, string> }): CandidateRow {
  const entries = Object.entries(c.parts);
  const total = entries.reduce((sum, [, p]) => sum + Math.max(0, p.weight), 0);
  const parts = entries
    .map(([rule, p]) => {
      const part = Math.min(1, Math.max(0, p.part));
      const contribution = Math.max(0, p.weight) * part;
      return { rule, label: labelOf(rule), text: reasonText({ ...p, rule, part }, { category: context.category ?? null }), part, weight: p.weight, contribution, share: total > 0 ? contribution / total : 0 };
    })
    .sort((a, b) => b.contribution - a.contribution || a.rule.localeCompare(b.rule));
  const failedBy = new Set(c.filteredBy ?? []);
  const filters = filterRules(context.ruleSet).map((rule) => ({ rule, label: labelOf(rule), passed: !failedBy.has(rule) }));
  return {
    associateId: c.associateId,
    name: context.names?.[c.associateId] ?? `Associate ${c.associateId.slice(0, 8)}`,
    rank,
    score: c.score,
    scoreText: formatScore(c.score),
    parts,
    filters,
    failed: [...failedBy].map(labelOf),
  };
}

/** A ranking's candidates explained: those who may be offered in rank order, then those a filter dropped. */
export function explainRanking(
  view: { ranking: RankedCandidate[]; filtered: RankedCandidate[]; ruleSet: { ruleSet: RuleSet } },
  context: { category?: readonly string[] | null; names?: Record<string, string> } = {},
): CandidateRow[] {
  const ctx = { ...context, ruleSet: view.ruleSet.ruleSet };
  return [...view.ranking.map((c, i) => explainCandidate(c, i + 1, ctx)), ...view.filtered.map((c) => explainCandidate(c, null, ctx))];
}

/** A part in a line: "Accredited in Audio, level 4 · part 80 % × weight 3 = 2.4". */
export function partText(p: PartRow): string {
  const n = (x: number) => String(Number(x.toFixed(2)));
  return `${p.text} · part ${Math.round(p.part * 100)} % × weight ${n(p.weight)} = ${n(p.contribution)}`;
}

/** How a candidate moved between two dry runs: score and rank then and now. */
export interface Change {
  scoreBefore: number;
  rankBefore: number | null;
}

/** Each candidate of the earlier run, by associate, to show beside the new one. */
export function changesSince(before: readonly CandidateRow[] | null): Map<string, Change> {
  return new Map((before ?? []).map((c) => [c.associateId, { scoreBefore: c.score, rankBefore: c.rank }]));
}

/** "was 62 %, rank 2" when the score or the rank moved; null when neither did. */
export function changeText(row: CandidateRow, change: Change | undefined): string | null {
  if (!change) return null;
  const moved = Math.abs(change.scoreBefore - row.score) > 1e-9 || change.rankBefore !== row.rank;
  if (!moved) return null;
  return `was ${formatScore(change.scoreBefore)}${change.rankBefore === null ? ', filtered' : `, rank ${change.rankBefore}`}`;
}

/** Why the offers module withdrew an offer, in words. */
const WITHDRAWN: Record<string, string> = { taken: 'taken by another associate', expired: 'the opportunity was given up' };

/** An offer's state in words: accepted, declined, expired (not answered in time), withdrawn and why, waiting. */
export function offerStateText(o: Pick<RankingOffer, 'status' | 'endReason'>): string {
  switch (o.status) {
    case 'accepted':
      return 'Accepted';
    case 'declined':
      return 'Declined';
    case 'missed':
      return 'Expired: not answered in time';
    case 'withdrawn':
      return `Withdrawn: ${o.endReason ? (WITHDRAWN[o.endReason] ?? o.endReason.replace(/_/g, ' ')) : 'no reason given'}`;
    default:
      return 'Waiting for an answer';
  }
}

/** The tag class of an offer's state. */
export function offerStateTone(status: RankingOffer['status']): '' | 'warn' | 'muted' {
  return status === 'accepted' ? '' : status === 'pending' || status === 'withdrawn' ? 'muted' : 'warn';
}

/** A ranking's heading: "Ranking 2 of 3: rule set “demo” (version 4)". */
export function rankingTitle(index: number, count: number, ruleSet: { name: string; version: number }): string {
  const which = ruleSet.version === 0 ? `the built-in “${ruleSet.name}”` : `rule set “${ruleSet.name}” (version ${ruleSet.version})`;
  return `Ranking ${index + 1} of ${count}: ${which}`;
}
