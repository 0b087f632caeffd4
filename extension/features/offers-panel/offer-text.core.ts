// How an offer reads for the associate: prices, durations, and the match's reasons in words.
// Pure: the locale is an input.

/** One rule's part in a match score, as the ranking stored it. */
export interface ReasonPart {
  rule: string;
  /** 0..1 */
  part: number;
  weight: number;
}

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

/**
 * Who the shopper is when no profile came with the offer: a customer id the shop's page only
 * claimed (its token missing or bad) is named as a claim, never as the customer.
 */
export function visitorText(session: { customerClaim: string | null; returning: boolean }): string {
  const who = session.customerClaim ? `Says they are customer ${session.customerClaim} (not verified)` : null;
  if (!who) return session.returning ? 'Returning visitor' : 'New visitor';
  return session.returning ? `${who} · returning` : who;
}

/** "$399.99", "399,99 €"; the amount as it is when the currency is unknown. */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined, locale?: string): string | null {
  if (amount === null || amount === undefined || amount === '') return null;
  const value = Number(amount);
  if (!currency || !Number.isFinite(value)) return currency ? `${amount} ${currency}` : amount;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "45 s", "3 min", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

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
      return `Accredited${area ? ` in ${area}` : ''}, level ${level}`;
    }
    case 'available_now':
      return part > 0 ? 'Available now' : 'Not available now';
    case 'language':
      return part > 0 ? 'Speaks the shopper’s language' : 'Does not speak the shopper’s language';
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

/** What an offer's summary needs for a headline. */
export interface OfferHeadlineFacts {
  priority: 'may' | 'must';
  score: number;
  session: { products: readonly { name: string; price: string | null; currency: string | null; dwellMs?: number }[] };
}

/** The product an offer is mostly about: the one looked at longest. */
export function mainProduct<P extends { dwellMs?: number }>(products: readonly P[]): P | null {
  let best: P | null = null;
  for (const p of products) if (!best || (p.dwellMs ?? 0) > (best.dwellMs ?? 0)) best = p;
  return best;
}

/** The system notification of a new offer: "Assigned to you: Sony WH-1000XM5" / "$399.99 · looked at it for 3 min · match 82%". */
export function offerNotification(offer: OfferHeadlineFacts, locale?: string): { title: string; message: string } {
  const product = mainProduct(offer.session.products);
  const what = product?.name ?? 'A shopper who may need help';
  const facts = [
    product ? formatMoney(product.price, product.currency, locale) : null,
    product?.dwellMs ? `looked at it for ${formatDuration(product.dwellMs)}` : null,
    `match ${formatScore(offer.score)}`,
  ].filter((x): x is string => Boolean(x));
  return { title: offer.priority === 'must' ? `Assigned to you: ${what}` : `New offer: ${what}`, message: facts.join(' · ') };
}

/**
 * Why the offer card's Accept / Decline cannot be used now, in words (the buttons' tooltip and
 * the line under them), or null when they can: one answer at a time, so while one is on its way
 * the other waits for the server's word.
 */
export function offerAnswerBlocked(phase: string): string | null {
  if (phase === 'accepting') return 'Your accept is on its way: the answer comes in a moment.';
  if (phase === 'declining') return 'Your decline is on its way: the answer comes in a moment.';
  return null;
}
