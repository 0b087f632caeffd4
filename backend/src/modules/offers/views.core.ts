import type { Channel } from '../../../../shared/associates';
import type { EngagementProduct, EngagementView, OfferReason, OfferSession, OfferView } from '../../../../shared/realtime';
import type { Reason, Segment } from '../../../../shared/rules';
import { linkUrl } from '../../../../shared/page';
import type { SessionAggregate } from '../../../../shared/session';
import type { CustomerFacts } from '../../db/schema/customers';
import type { OfferCandidate } from './machine.core';

/**
 * What each side is shown, built from stored rows: the offer with the session summary the
 * associate decides on, the engagement, the shopper's invitation. Pure.
 */

/** Enough of a session for a decision in a glance; the full aggregate stays with the enterprise. */
const SHOWN = { products: 8, searches: 8 } as const;

export function sessionSummary(aggregate: SessionAggregate, customer: CustomerFacts | null, returning: boolean): OfferSession {
  const products = [...aggregate.products]
    .sort((a, b) => b.dwellMs - a.dwellMs || b.views - a.views || a.name.localeCompare(b.name))
    .slice(0, SHOWN.products)
    .map((p) => ({ name: p.name, url: linkUrl(p.url), price: p.price, currency: p.currency, dwellMs: p.dwellMs, views: p.views }));
  const searches = [...aggregate.searches]
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
    .slice(0, SHOWN.searches)
    .map((s) => s.terms);
  return {
    site: aggregate.sites[0] ?? null,
    products,
    searches,
    cart: { lines: aggregate.cart.items.length, value: aggregate.cart.value, currency: aggregate.cart.currency },
    customer: customer && {
      tier: customer.tier,
      lifetimeValue: customer.lifetimeValue && customer.currency ? { value: customer.lifetimeValue, currency: customer.currency } : null,
      tags: customer.tags,
      notes: customer.notes,
    },
    returning,
    // Unproven: the associate is told what the page says, and sees no profile for it.
    customerClaim: aggregate.customerClaim ?? null,
  };
}

/** The product the opportunity is about: the longest looked-at one in its category, else the longest looked-at one. */
export function productOf(aggregate: SessionAggregate, segment: Segment): EngagementProduct | null {
  const inCategory = (category: readonly string[]) =>
    segment.category.length > 0 && segment.category.every((part, i) => category[i]?.toLowerCase() === part.toLowerCase());
  const byDwell = [...aggregate.products].sort((a, b) => b.dwellMs - a.dwellMs || b.views - a.views);
  const product = byDwell.find((p) => inCategory(p.category)) ?? byDwell[0];
  return product ? { name: product.name, url: linkUrl(product.url), price: product.price, currency: product.currency } : null;
}

/** A ranking's parts as the offer's reasons, the heaviest contribution first. */
export function reasonsOf(parts: OfferCandidate['parts']): OfferReason[] {
  return Object.entries(parts)
    .map(([rule, { part, weight, source, needs, lacks }]) => ({ rule, part, weight, ...(source ? { source } : {}), ...(needs ? { needs } : {}), ...(lacks ? { lacks } : {}) }))
    .sort((a, b) => b.part * b.weight - a.part * a.weight || a.rule.localeCompare(b.rule));
}

export interface OfferRow {
  id: string;
  opportunityId: string;
  priority: 'may' | 'must';
  wave: number;
  score: number;
  reasons: OfferReason[];
  offeredAt: Date;
  expiresAt: Date;
}

export interface OpportunityFacts {
  segment: Segment;
  reasons: Reason[];
  aggregate: SessionAggregate;
  returning: boolean;
  customer: CustomerFacts | null;
}

export function offerView(offer: OfferRow, opportunity: OpportunityFacts, colleagues: number): OfferView {
  return {
    id: offer.id,
    opportunityId: offer.opportunityId,
    priority: offer.priority,
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
    score: offer.score,
    reasons: offer.reasons,
    signals: opportunity.reasons.map((r) => ({ conditionId: r.conditionId, description: r.description ?? null, points: r.points })),
    wave: offer.wave,
    colleagues,
    segment: { category: opportunity.segment.category, minLevel: opportunity.segment.minLevel },
    needs: needsOf(offer.reasons),
    session: sessionSummary(opportunity.aggregate, opportunity.customer, opportunity.returning),
  };
}

/**
 * The channels the opportunity's rule set needs. Every candidate's `channels` part carries the
 * rule's needs, and the offer keeps its reasons: no need to read the ranking (or the rule set) again.
 */
export function needsOf(reasons: readonly OfferReason[]): Channel[] {
  return [...(reasons.find((r) => r.rule === 'channels')?.needs ?? [])];
}

export interface EngagementRow {
  id: string;
  opportunityId: string;
  status: EngagementView['status'];
  invitedAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
}

export function engagementView(engagement: EngagementRow, aggregate: SessionAggregate, segment: Segment, locale: string | null): EngagementView {
  return {
    id: engagement.id,
    opportunityId: engagement.opportunityId,
    status: engagement.status,
    invitedAt: engagement.invitedAt.toISOString(),
    expiresAt: engagement.expiresAt.toISOString(),
    answeredAt: engagement.answeredAt?.toISOString() ?? null,
    shopper: { site: aggregate.sites[0] ?? null, product: productOf(aggregate, segment), locale },
  };
}
