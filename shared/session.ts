import { z } from 'zod';
import { Availability, Currency, Decimal, PageKind } from './page';
import { text } from './text';

/** How long without events before a shopper's next event opens a new session. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

/** Bounds that keep one session's aggregate small however long the shopper browses. */
export const AGGREGATE_LIMITS = { products: 100, categories: 50, searches: 50, sites: 20, cartItems: 200 } as const;

const ProductSeen = z.object({
  key: text(),
  name: text(),
  url: text(),
  price: Decimal.nullable(),
  currency: Currency.nullable(),
  brand: text().nullable(),
  category: z.array(text()),
  availability: Availability.nullable(),
  views: z.number().int(),
  dwellMs: z.number().int(),
  firstSeenAt: text(),
  lastSeenAt: text(),
});

export const CartLine = z.object({
  key: text(),
  name: text(),
  quantity: z.number().int(),
  price: Decimal.nullable(),
  currency: Currency.nullable(),
});
export type CartLine = z.infer<typeof CartLine>;

/**
 * What the cart's lines in one currency add up to. Lines that name no currency count in
 * the cart's; `currency` is null only while no line and no cart page has named one.
 */
export const CartTotal = z.object({ currency: Currency.nullable(), value: Decimal });
export type CartTotal = z.infer<typeof CartTotal>;

/** What a session adds up to: the input of opportunity detection and the associate's view. */
export const SessionAggregate = z.object({
  eventCount: z.number().int(),
  pageViews: z.number().int(),
  pagesByKind: z.partialRecord(PageKind, z.number().int()),
  products: z.array(ProductSeen),
  categories: z.array(z.object({ path: z.array(text()), views: z.number().int() })),
  searches: z.array(z.object({ terms: text(), count: z.number().int(), lastAt: text() })),
  dwellMs: z.number().int(),
  cart: z.object({
    items: z.array(CartLine),
    /**
     * The cart's total in its own currency (`currency`): the total the cart page shows, or
     * else the sum of the lines in that currency. Never a sum across currencies.
     */
    value: Decimal,
    /** The cart's currency: the cart page's, or else the first one a line named. */
    currency: Currency.nullable(),
    /** The lines' sums, one per currency, the cart's own first. */
    totals: z.array(CartTotal),
    updatedAt: text().nullable(),
  }),
  sites: z.array(text()),
  lastUrl: text().nullable(),
  left: z.boolean(),
  /**
   * The shop's id for the signed-in customer, verified: a page view carried it with a token
   * signed by the site's identity secret (see SiteAdapter.customer). Null when none did.
   * Only this id reaches profiles, rules, matching, offers and engagements. Aggregates
   * stored before it existed lack it: they read as null.
   */
  customerId: text().nullable().default(null),
  /**
   * The id the latest page view claimed without a valid token, when it is not the verified
   * one: shown to associates as unverified, never looked up. Null when there is none.
   */
  customerClaim: text().nullable().default(null),
});
export type SessionAggregate = z.infer<typeof SessionAggregate>;

export const SessionSummary = z.object({
  id: z.string(),
  shopperId: z.string(),
  enterpriseId: z.string(),
  startedAt: z.string(),
  lastEventAt: z.string(),
  aggregate: SessionAggregate,
});
export type SessionSummary = z.infer<typeof SessionSummary>;
