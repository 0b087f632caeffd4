/**
 * An engagement's situation for practices, from what is known of it, and the materials whose
 * tags fit it. Pure: the service reads the facts, this decides.
 */
import type { MaterialTags } from '../../../../shared/sales';
import type { Situation } from './ranking.core';

/** A situation as logged and shown: the channel is always known (chat by default). */
export interface StoredSituation extends Situation {
  category: string[];
  channel: string;
}

export interface EngagementFacts {
  /** The opportunity's category path. */
  category: readonly string[];
  origin: 'detected' | 'asked';
  /** The conditions that held when the opportunity opened, with their points. */
  reasons: readonly { conditionId?: unknown; points?: unknown }[];
  /** The engagement's channel usages. */
  channels: readonly { method: string; startedAt: number; open: boolean }[];
  tier: string | null;
}

/**
 * The situation: the category; the rule is "asked" when the shopper asked for help, else the
 * condition that gave the most points (the first of equals); the channel is the one in use
 * started last (else the last used, else chat); the customer's tier.
 */
export function situationOf(facts: EngagementFacts): StoredSituation {
  let rule: string | null = null;
  if (facts.origin === 'asked') rule = 'asked';
  else {
    let best = -Infinity;
    for (const r of facts.reasons) {
      const points = typeof r.points === 'number' ? r.points : 0;
      if (typeof r.conditionId === 'string' && points > best) {
        best = points;
        rule = r.conditionId;
      }
    }
  }
  const latest = (uses: readonly EngagementFacts['channels'][number][]) => uses.reduce<EngagementFacts['channels'][number] | null>((a, u) => (!a || u.startedAt > a.startedAt ? u : a), null);
  const channel = latest(facts.channels.filter((u) => u.open))?.method ?? latest(facts.channels)?.method ?? 'chat';
  return { category: [...facts.category], rule, channel, tier: facts.tier };
}

const lower = (s: string) => s.trim().toLowerCase();

/** Whether a material's tags fit the situation (an empty list fits anything; a category tag is a prefix of the path). */
export function fits(tags: MaterialTags, s: StoredSituation, language: string | null): boolean {
  const path = s.category.map(lower);
  const category = tags.categories.length === 0 || tags.categories.some((prefix) => prefix.length <= path.length && prefix.every((c, i) => lower(c) === path[i]));
  const rule = tags.rules.length === 0 || (s.rule !== null && tags.rules.includes(s.rule));
  const channel = tags.channels.length === 0 || (tags.channels as string[]).includes(s.channel);
  const lang = tags.languages.length === 0 || language === null || tags.languages.includes(language);
  return category && rule && channel && lang;
}

/** The ids of the materials that fit, in the order given (the enterprise's own: the static ranking). */
export function candidatesFor(materials: readonly { id: string; tags: MaterialTags }[], s: StoredSituation, language: string | null): string[] {
  return materials.filter((m) => fits(m.tags, s, language)).map((m) => m.id);
}
