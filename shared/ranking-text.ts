/**
 * A ranking's reasons in words, as the associate's side panel and the console both show them:
 * "Accredited in Audio, level 4", "Available now", a score as "82%". Pure.
 */

/** One rule's part in a match score, as the ranking stored it. */
export interface ReasonPart {
  rule: string;
  /** 0..1 */
  part: number;
  weight: number;
  /** For `accreditation`: where the level came from (absent on rankings stored before sources were told apart). */
  source?: 'grant' | 'enterprise_test' | 'marketplace_test';
  /** For `channels`: the channels the rule set needs, and those of them the associate does not take. */
  needs?: readonly ChannelName[];
  lacks?: readonly ChannelName[];
}

/** A kind of engagement (shared/associates.ts Channel). */
export type ChannelName = 'chat' | 'voice' | 'cobrowse';

/** A channel as the reasons say what an associate takes: "Takes voice calls". */
const CHANNEL_TAKEN: Record<ChannelName, string> = { chat: 'chat', voice: 'voice calls', cobrowse: 'co-browsing' };
/** A channel as an offer says what the opportunity expects: "Expects a voice call". */
const CHANNEL_EXPECTED: Record<ChannelName, string> = { chat: 'chat', voice: 'a voice call', cobrowse: 'co-browsing' };

/** "chat", "chat and voice calls", "chat, voice calls and co-browsing". */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What an opportunity's channels ask of whoever takes it: "Expects a voice call"; null when it needs none. */
export function needsText(needs: readonly ChannelName[] | null | undefined): string | null {
  return needs?.length ? `Expects ${inWords(needs.map((n) => CHANNEL_EXPECTED[n]))}` : null;
}

/** Where an accreditation came from, as the reasons say it. */
export const SOURCE_TEXT: Record<NonNullable<ReasonPart['source']>, string> = {
  grant: 'granted by the shop',
  enterprise_test: 'the shop’s own test',
  marketplace_test: 'a marketplace test',
};

/** What the reasons may refer to. */
export interface ReasonContext {
  /** The category the opportunity needs, broadest first, e.g. ["Audio", "Headphones"]. */
  category?: readonly string[] | null;
}

export interface ReadableReason {
  rule: string;
  text: string;
  /** How well the associate did on this rule, 0..1. */
  part: number;
  /** weight × part: what it added to the score. */
  contribution: number;
  /** Share of the score's possible maximum (Σ weights) it added, 0..1, for a bar. */
  share: number;
}

/** A share as a whole percentage: "82%". */
export const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * A rule's part in words: "Accredited in Audio, level 4", "Available now", … What each part
 * means is the rule catalogue's (shared/matching.ts MatchingRule).
 */
export function reasonText(reason: ReasonPart, context: ReasonContext = {}): string {
  const { part } = reason;
  // The broadest category: accreditations cover it and what is under it, and conversion is counted in it.
  const area = context.category?.length ? context.category[0] : null;
  switch (reason.rule) {
    case 'accreditation': {
      // Part: the best accreditation's level / 5.
      const level = Math.round(part * 5);
      if (level <= 0) return area ? `Not accredited in ${area}` : 'Not accredited for this';
      const from = reason.source ? ` (${SOURCE_TEXT[reason.source]})` : '';
      return `Accredited${area ? ` in ${area}` : ''}, level ${level}${from}`;
    }
    case 'available_now':
      return part > 0 ? 'Available now' : 'Not available now';
    case 'language':
      return part > 0 ? 'Speaks the shopper’s language' : 'Does not speak the shopper’s language';
    case 'channels': {
      // Part: 1 when the associate takes every channel the rule set needs.
      if (part > 0) return reason.needs?.length ? `Takes ${inWords(reason.needs.map((n) => CHANNEL_TAKEN[n]))}` : 'Takes the channels needed';
      return reason.lacks?.length ? `Does not take ${inWords(reason.lacks.map((n) => CHANNEL_TAKEN[n]))}` : 'Does not take every channel needed';
    }
    case 'conversion_rate':
      return `Converts ${pct(part)} of shoppers${area ? ` in ${area}` : ''}`;
    case 'affinity':
      if (part >= 1) return 'Served this shopper before, with a sale';
      return part > 0 ? 'Served this shopper before' : 'New to this shopper';
    case 'load':
      return part >= 1 ? 'No engagement under way' : part <= 0 ? 'At full capacity' : `${pct(part)} of capacity free`;
    case 'longest_idle':
      return part >= 1 ? 'Longest without a shopper' : part >= 0.5 ? 'A while without a shopper' : 'Helped a shopper recently';
    case 'employment_fit':
      return part >= 1 ? 'The kind of associate the shop prefers' : 'Not the kind the shop prefers';
    case 'response_rate':
      return `Answers ${pct(part)} of offers`;
    case 'recent_misses':
      return part >= 1 ? 'No missed offers lately' : `${Math.round(1 / Math.max(part, 0.01) - 1)} missed offer(s) in a row`;
    default:
      return `${reason.rule.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}: ${pct(part)}`;
  }
}

/** The reasons in words, most telling first. */
export function readableReasons(reasons: readonly ReasonPart[], context: ReasonContext = {}): ReadableReason[] {
  const total = reasons.reduce((sum, r) => sum + Math.max(0, r.weight), 0);
  return reasons
    .map((r) => {
      const part = Math.min(1, Math.max(0, r.part));
      const contribution = Math.max(0, r.weight) * part;
      return { rule: r.rule, text: reasonText(r, context), part, contribution, share: total > 0 ? contribution / total : 0 };
    })
    .sort((a, b) => b.contribution - a.contribution || a.rule.localeCompare(b.rule));
}

/** A match score as a percentage of the best possible: "82%". Scores above 1 are shown as they are. */
export function formatScore(score: number): string {
  return score <= 1 ? pct(Math.max(0, score)) : score.toFixed(2);
}

