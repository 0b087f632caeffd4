import { z } from 'zod';
import { CUSTOMER_ID_CHARACTERS, CUSTOMER_ID_RULE } from './customers';
import { CartItem, Currency, Decimal, PageKind, Product } from './page';
import { nonBlank, text } from './text';
import { ApiTime } from './time';

/** Most events one batch may carry; larger batches get 413. */
export const MAX_BATCH_EVENTS = 500;
/** Largest request body accepted by the events endpoint, in bytes. */
export const MAX_BATCH_BYTES = 1_000_000;
/**
 * Oldest event the backend takes, by its time: an offline queue may hold days of events,
 * a month-old one no longer describes a visit anyone can act on. Older events are refused
 * by index (400 `event_too_old`), so the sender drops them and sends the rest. A backend
 * that keeps data for less time (RETENTION_DAYS) takes events only as old as it keeps them.
 */
export const MAX_EVENT_AGE_MS = 30 * 24 * 60 * 60 * 1000;

const base = {
  /** Client-made id, unique per shopper: replays of the same event are stored once. */
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, "_" or "-"'),
  /** When it happened, by the shopper's clock. */
  at: ApiTime,
  /** The page it happened on. */
  url: text(z.url({ protocol: /^https?$/ })).max(2048),
  /** Id of the page-view event that opened this page, linking the page's later events to it. */
  pageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
};

/** A customer id as a shop shows it, trimmed: the same rule as the customers API (CustomerExternalId), so any id sent can be looked up. */
export const CustomerId = z
  .string()
  .regex(new RegExp(`^\\s*${CUSTOMER_ID_CHARACTERS}\\s*$`), CUSTOMER_ID_RULE)
  .trim();

/** Longest identity token an event carries; the extension leaves out a longer one rather than lose the page view. */
export const MAX_CUSTOMER_TOKEN_LENGTH = 2048;

/**
 * The token the page carries for its signed-in customer (see SiteAdapter.customer.token): a
 * JWT the shop signs with the site's identity secret. Any text within the bound is taken: the
 * backend judges it, and a bad one only leaves the customer id unverified.
 */
export const CustomerToken = text().trim().min(1).max(MAX_CUSTOMER_TOKEN_LENGTH);

/** Time the page was visible and focused since the last heartbeat, in ms. */
const activeMs = z.number().int().min(0).max(3_600_000);

const PageViewEvent = z.object({
  ...base,
  type: z.literal('page_view'),
  kind: PageKind,
  title: text().max(500).optional(),
  referrer: text().max(2048).optional(),
  /**
   * The shop's own id for the signed-in customer, read by the site's adapter (see
   * SiteAdapter.customer): a claim until `customerToken` proves it.
   */
  customerId: CustomerId.optional(),
  /** The page's signed token for that customer (HS256 JWT, `sub` = the id), read by the adapter. */
  customerToken: CustomerToken.optional(),
});
const ProductViewEvent = z.object({ ...base, type: z.literal('product_view'), product: Product });
const SearchEvent = z.object({
  ...base,
  type: z.literal('search'),
  terms: nonBlank(500),
  resultCount: z.number().int().min(0).optional(),
});
const CartAddEvent = z.object({ ...base, type: z.literal('cart_add'), item: CartItem });
const CartViewEvent = z.object({
  ...base,
  type: z.literal('cart_view'),
  items: z.array(CartItem).max(200),
  /** Cart total as the shop shows it; when absent it is the sum of the items. */
  value: Decimal.optional(),
  currency: Currency.optional(),
});
/**
 * The shop's order confirmation page, recognised by the extension (from the page or the site's
 * adapter): the order number as the shop shows it and the total paid. The backend uses it to tie a
 * shop's order to the shopper who placed it (the weakest of the attribution matches).
 */
export const OrderConfirmation = z.object({
  number: nonBlank(100),
  total: Decimal.nullish(),
  currency: Currency.nullish(),
});
export type OrderConfirmation = z.infer<typeof OrderConfirmation>;
const OrderConfirmationEvent = z.object({ ...base, type: z.literal('order_confirmation'), order: OrderConfirmation });
const HeartbeatEvent = z.object({
  ...base,
  type: z.literal('heartbeat'),
  activeMs,
  productKey: text().max(2100).optional(),
});
const LeaveEvent = z.object({
  ...base,
  type: z.literal('leave'),
  activeMs,
  productKey: text().max(2100).optional(),
});

/** One thing the shopper did on a participating site. */
export const ShopperEvent = z.discriminatedUnion('type', [
  PageViewEvent,
  ProductViewEvent,
  SearchEvent,
  CartAddEvent,
  CartViewEvent,
  OrderConfirmationEvent,
  HeartbeatEvent,
  LeaveEvent,
]);
export type ShopperEvent = z.infer<typeof ShopperEvent>;

/** Body of POST /api/v1/events. Size is checked separately so an oversized batch gets 413, not 400. */
export const EventBatch = z.object({ events: z.array(ShopperEvent).min(1) });
export type EventBatch = z.infer<typeof EventBatch>;

/** 202 answer to an event batch. */
export const EventBatchAccepted = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** The sessions the batch's events went to. */
  sessionIds: z.array(z.string()),
});
export type EventBatchAccepted = z.infer<typeof EventBatchAccepted>;
