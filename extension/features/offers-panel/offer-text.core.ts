// How an offer reads for the associate: prices, durations, and the match's reasons in words.
// Pure: the locale is an input.

import { type ChannelName, formatScore, needsText } from '../../../shared/ranking-text';

export { formatScore, needsText, readableReasons, reasonText } from '../../../shared/ranking-text';
export type { ReadableReason, ReasonContext, ReasonPart } from '../../../shared/ranking-text';

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

/** What an offer's summary needs for a headline. */
export interface OfferHeadlineFacts {
  priority: 'may' | 'must';
  score: number;
  /** The channels the opportunity needs (its rule set's `channels` rule); none or absent: any. */
  needs?: readonly ChannelName[];
  session: { products: readonly { name: string; price: string | null; currency: string | null; dwellMs?: number }[] };
}

/** The product an offer is mostly about: the one looked at longest. */
export function mainProduct<P extends { dwellMs?: number }>(products: readonly P[]): P | null {
  let best: P | null = null;
  for (const p of products) if (!best || (p.dwellMs ?? 0) > (best.dwellMs ?? 0)) best = p;
  return best;
}

/**
 * The system notification of a new offer: "Assigned to you: Sony WH-1000XM5" / "$399.99 · looked
 * at it for 3 min · match 82%", led by what it expects when it needs a channel: "Expects a voice call · …".
 */
export function offerNotification(offer: OfferHeadlineFacts, locale?: string): { title: string; message: string } {
  const product = mainProduct(offer.session.products);
  const what = product?.name ?? 'A shopper who may need help';
  const facts = [
    needsText(offer.needs),
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
