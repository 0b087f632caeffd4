import { z } from 'zod';
import { Decimal, PageKind } from './page';

/** How long without events before a shopper's next event opens a new session. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

/** Bounds that keep one session's aggregate small however long the shopper browses. */
export const AGGREGATE_LIMITS = { products: 100, categories: 50, searches: 50, sites: 20, cartItems: 200 } as const;

export const ProductSeen = z.object({
  key: z.string(),
  name: z.string(),
  url: z.string(),
  price: Decimal.nullable(),
  currency: z.string().nullable(),
  brand: z.string().nullable(),
  category: z.array(z.string()),
  availability: z.enum(['InStock', 'OutOfStock']).nullable(),
  views: z.number().int(),
  dwellMs: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type ProductSeen = z.infer<typeof ProductSeen>;

export const CartLine = z.object({
  key: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  price: Decimal.nullable(),
  currency: z.string().nullable(),
});
export type CartLine = z.infer<typeof CartLine>;

/** What a session adds up to: the input of opportunity detection and the associate's view. */
export const SessionAggregate = z.object({
  eventCount: z.number().int(),
  pageViews: z.number().int(),
  pagesByKind: z.partialRecord(PageKind, z.number().int()),
  products: z.array(ProductSeen),
  categories: z.array(z.object({ path: z.array(z.string()), views: z.number().int() })),
  searches: z.array(z.object({ terms: z.string(), count: z.number().int(), lastAt: z.string() })),
  dwellMs: z.number().int(),
  cart: z.object({
    items: z.array(CartLine),
    value: Decimal,
    currency: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
  sites: z.array(z.string()),
  lastUrl: z.string().nullable(),
  left: z.boolean(),
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
