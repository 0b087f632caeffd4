/**
 * Orders and refunds from each source, in one shape: the project's own order API, Shopify's
 * `orders/create` and `refunds/create` webhooks and Segment's `Order Completed` / `Order
 * Refunded` track events. Amounts become integer minor units of the order's currency (ISO 4217
 * minor unit, `minorUnits` of shared/catalog.ts); a line's net is its price × quantity less its
 * discounts, without tax or shipping. What cannot be taken is refused with the path of the field
 * at fault, never half taken.
 */
import { minorUnits } from '../../../../shared/catalog';
import type { OrderBody, RefundBody } from '../../../../shared/orders';
import { isStorableText } from '../../../../shared/text';
import { instantOf, isSupportedTime } from '../../../../shared/time';
import type { OrderSource } from '../../db/schema/orders';
import { apportion, type RefundScope } from './attribution.core';

export interface IncomingLine {
  id: string;
  sku: string;
  category: string[];
  quantity: number;
  /** Minor units, after discounts, without tax. */
  net: number;
}

/** An order as taken from any source. */
export interface IncomingOrder {
  source: OrderSource;
  /** The shop's id for the order. */
  externalId: string;
  number: string | null;
  placedAt: number;
  currency: string;
  customerId: string | null;
  /** The engagement id stamped in the order, as given. */
  engagementId: string | null;
  lines: IncomingLine[];
}

/** A refund as taken from any source. */
export interface IncomingRefund {
  source: OrderSource;
  externalId: string;
  /** The shop's id for the order refunded. */
  orderExternalId: string;
  /** When the source names one: it must be the order's. */
  currency: string | null;
  /** Null: when it arrives. */
  refundedAt: number | null;
  /** Line ids are the shop's, as in the order. */
  scope: RefundScope;
}

export interface Problem {
  path: (string | number)[];
  message: string;
}

export type Mapped<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Mapped<T> => ({ ok: true, value });
const bad = (path: Problem['path'], message: string): { ok: false; problem: Problem } => ({ ok: false, problem: { path, message } });

/** Names of Shopify note attributes (cart attributes) and Segment properties that carry the engagement id. */
export const ENGAGEMENT_ATTRIBUTES = ['floorwalker_engagement', '_floorwalker_engagement', 'floorwalker_engagement_id'];

function minor(amount: string, currency: string, path: Problem['path']): Mapped<number> {
  const m = minorUnits(amount, currency);
  return m.ok ? ok(m.minor) : bad(path, m.message);
}

// ——— The project's order API ———

export function orderFromApi(body: OrderBody): Mapped<IncomingOrder> {
  const lines: IncomingLine[] = [];
  for (const [i, line] of body.lines.entries()) {
    const net = minor(line.net, body.currency, ['lines', i, 'net']);
    if (!net.ok) return net;
    lines.push({ id: line.id, sku: line.sku, category: line.category, quantity: line.quantity, net: net.value });
  }
  return ok({
    source: 'api',
    externalId: body.id,
    number: body.number ?? null,
    placedAt: instantOf(body.placedAt),
    currency: body.currency,
    customerId: body.customerId ?? null,
    engagementId: body.engagementId?.trim() || null,
    lines,
  });
}

export function refundFromApi(orderExternalId: string, body: RefundBody, currency: string): Mapped<IncomingRefund> {
  let scope: RefundScope;
  const { scope: given } = body;
  if (given.kind === 'whole_order') scope = { kind: 'whole_order' };
  else if (given.kind === 'amount') {
    const amount = minor(given.amount, currency, ['scope', 'amount']);
    if (!amount.ok) return amount;
    scope = { kind: 'amount', amount: amount.value };
  } else {
    const lines = [];
    for (const [i, line] of given.lines.entries()) {
      const amount = minor(line.amount, currency, ['scope', 'lines', i, 'amount']);
      if (!amount.ok) return amount;
      lines.push({ lineId: line.lineId, amount: amount.value });
    }
    scope = { kind: 'lines', lines };
  }
  return ok({
    source: 'api',
    externalId: body.id,
    orderExternalId,
    currency: body.currency ?? null,
    refundedAt: body.refundedAt === undefined ? null : instantOf(body.refundedAt),
    scope,
  });
}

// ——— Reading JSON of other systems ———

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON with the integer ids of Shopify kept exact: ids past 2^53 (Shopify's order and line ids
 * get there) would lose digits as numbers, so `id` and `…_id` fields holding integers are read
 * as strings. Null when the text is not JSON.
 */
export function parseWebhookJson(raw: string): unknown {
  const quoted = raw.replace(/("(?:id|[a-z_]*_id)"\s*:\s*)(-?\d+)(?=\s*[,}\]])/g, '$1"$2"');
  try {
    return JSON.parse(quoted);
  } catch {
    return null;
  }
}

/** An id given as a string or an integer, as text; null otherwise. */
function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length >= 1 && s.length <= 200 && isStorableText(s) ? s : null;
}

/** A label of at most `max` characters, or null. */
function labelOf(v: unknown, max = 200): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length >= 1 && s.length <= max && isStorableText(s) ? s : null;
}

/** An amount written as a decimal string or a JSON number: "19.99", 19.99, "20". */
function amountText(v: unknown): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return null;
    const s = String(v);
    return /e/i.test(s) ? null : s;
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return /^\d+(\.\d+)?$/.test(s) ? s : null;
}

function amountOf(v: unknown, currency: string, path: Problem['path']): Mapped<number> {
  const text = amountText(v);
  if (text === null) return bad(path, 'must be a non-negative amount, e.g. "19.99"');
  return minor(text, currency, path);
}

function timeOf(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = instantOf(v);
  return isSupportedTime(ms) ? ms : null;
}

function currencyOf(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : null;
}

/** The first engagement id among named attributes (`[{name, value}]`) or properties. */
function engagementIn(attributes: unknown, ...objects: unknown[]): string | null {
  if (Array.isArray(attributes)) {
    for (const a of attributes) if (isObject(a) && ENGAGEMENT_ATTRIBUTES.includes(String(a.name))) return labelOf(a.value, 100);
  }
  for (const o of objects) if (isObject(o)) for (const name of ENGAGEMENT_ATTRIBUTES) if (o[name] !== undefined) return labelOf(o[name], 100);
  return null;
}

// ——— Shopify (https://shopify.dev/docs/api/webhooks?reference=toml: orders/create, refunds/create) ———

/** A Shopify order as `orders/create` sends it. */
export function shopifyOrder(order: unknown): Mapped<IncomingOrder> {
  if (!isObject(order)) return bad([], 'an order object');
  const externalId = idOf(order.id);
  if (!externalId) return bad(['id'], 'the order id is missing');
  const currency = currencyOf(order.currency);
  if (!currency) return bad(['currency'], 'an ISO 4217 code');
  const placedAt = timeOf(order.created_at) ?? timeOf(order.processed_at);
  if (placedAt === null) return bad(['created_at'], 'an ISO 8601 time');
  if (!Array.isArray(order.line_items) || order.line_items.length === 0) return bad(['line_items'], 'at least one line item');
  const lines: IncomingLine[] = [];
  for (const [i, item] of order.line_items.entries()) {
    if (!isObject(item)) return bad(['line_items', i], 'a line item object');
    const id = idOf(item.id);
    if (!id) return bad(['line_items', i, 'id'], 'the line id is missing');
    const quantity = item.quantity;
    if (!Number.isSafeInteger(quantity) || (quantity as number) < 0) return bad(['line_items', i, 'quantity'], 'a whole number');
    // A line removed by an edit has no quantity left: nothing of it was bought.
    if (quantity === 0) continue;
    const price = amountOf(item.price, currency, ['line_items', i, 'price']);
    if (!price.ok) return price;
    let discount = 0;
    const allocations = Array.isArray(item.discount_allocations) ? item.discount_allocations : [];
    if (allocations.length > 0) {
      for (const [j, a] of allocations.entries()) {
        const amount = amountOf(isObject(a) ? a.amount : undefined, currency, ['line_items', i, 'discount_allocations', j, 'amount']);
        if (!amount.ok) return amount;
        discount += amount.value;
      }
    } else if (item.total_discount !== undefined && item.total_discount !== null) {
      const amount = amountOf(item.total_discount, currency, ['line_items', i, 'total_discount']);
      if (!amount.ok) return amount;
      discount = amount.value;
    }
    const gross = price.value * (quantity as number);
    if (!Number.isSafeInteger(gross)) return bad(['line_items', i, 'price'], 'too large');
    const sku = labelOf(item.sku) ?? (idOf(item.variant_id) ? `variant:${idOf(item.variant_id)}` : `line:${id}`);
    lines.push({ id, sku, category: [], quantity: quantity as number, net: Math.max(0, gross - discount) });
  }
  if (lines.length === 0) return bad(['line_items'], 'no line item has a quantity');
  return ok({
    source: 'shopify',
    externalId,
    number: labelOf(order.name, 100) ?? (order.order_number !== undefined ? labelOf(order.order_number, 100) : null),
    placedAt,
    currency,
    customerId: isObject(order.customer) ? idOf(order.customer.id) : null,
    engagementId: engagementIn(order.note_attributes),
    lines,
  });
}

/** A Shopify refund before its order is known: its amounts are decimal strings whose minor unit the order's currency decides. */
export interface ShopifyRefund {
  externalId: string;
  orderExternalId: string;
  refundedAt: number | null;
  /** The currency its transactions name, when they do. */
  currency: string | null;
  /** By line (`refund_line_items` subtotals) or by amount (the refund transactions). */
  kind: 'lines' | 'amount';
  amounts: { lineId: string | null; amount: string; path: Problem['path'] }[];
}

/** A Shopify refund as `refunds/create` sends it: by its line items' subtotals, else by its refund transactions. */
export function shopifyRefund(refund: unknown): Mapped<ShopifyRefund> {
  if (!isObject(refund)) return bad([], 'a refund object');
  const externalId = idOf(refund.id);
  if (!externalId) return bad(['id'], 'the refund id is missing');
  const orderExternalId = idOf(refund.order_id);
  if (!orderExternalId) return bad(['order_id'], 'the order id is missing');
  const refundedAt = timeOf(refund.created_at) ?? timeOf(refund.processed_at);
  const transactions = (Array.isArray(refund.transactions) ? refund.transactions : []).filter(isObject);
  const currency = transactions.map((t) => currencyOf(t.currency)).find((c) => c !== null) ?? null;
  const items = Array.isArray(refund.refund_line_items) ? refund.refund_line_items : [];
  const base = { externalId, orderExternalId, refundedAt, currency };
  if (items.length > 0) {
    const amounts: ShopifyRefund['amounts'] = [];
    for (const [i, item] of items.entries()) {
      if (!isObject(item)) return bad(['refund_line_items', i], 'a refund line item object');
      const lineId = idOf(item.line_item_id) ?? (isObject(item.line_item) ? idOf(item.line_item.id) : null);
      if (!lineId) return bad(['refund_line_items', i, 'line_item_id'], 'the line item id is missing');
      const amount = amountText(item.subtotal);
      if (amount === null) return bad(['refund_line_items', i, 'subtotal'], 'must be a non-negative amount');
      amounts.push({ lineId, amount, path: ['refund_line_items', i, 'subtotal'] });
    }
    return ok({ ...base, kind: 'lines', amounts });
  }
  const amounts: ShopifyRefund['amounts'] = [];
  for (const [i, t] of transactions.entries()) {
    if (t.kind !== 'refund' || (t.status !== undefined && t.status !== 'success')) continue;
    const amount = amountText(t.amount);
    if (amount === null) return bad(['transactions', i, 'amount'], 'must be a non-negative amount');
    amounts.push({ lineId: null, amount, path: ['transactions', i, 'amount'] });
  }
  return ok({ ...base, kind: 'amount', amounts });
}

/** A Shopify refund in minor units of its order's currency. */
export function shopifyRefundIn(refund: ShopifyRefund, currency: string): Mapped<IncomingRefund> {
  const scoped = { source: 'shopify' as const, externalId: refund.externalId, orderExternalId: refund.orderExternalId, currency: refund.currency, refundedAt: refund.refundedAt };
  if (refund.kind === 'lines') {
    const lines = [];
    for (const a of refund.amounts) {
      const m = minor(a.amount, currency, a.path);
      if (!m.ok) return m;
      lines.push({ lineId: a.lineId!, amount: m.value });
    }
    return ok({ ...scoped, scope: { kind: 'lines', lines } });
  }
  let total = 0;
  for (const a of refund.amounts) {
    const m = minor(a.amount, currency, a.path);
    if (!m.ok) return m;
    total += m.value;
  }
  return ok({ ...scoped, scope: { kind: 'amount', amount: total } });
}

// ——— Segment (https://segment.com/docs/connections/spec/ecommerce/v2/: Order Completed, Order Refunded) ———

export type SegmentEvent =
  | { kind: 'order'; messageId: string; order: IncomingOrder }
  | { kind: 'refund'; messageId: string; refund: SegmentRefund }
  | { kind: 'ignored'; messageId: string | null; what: string };

/** A Segment refund before its order is known: its amount (`total`, else `revenue`) takes the order's minor unit; none refunds the whole order. */
export interface SegmentRefund {
  externalId: string;
  orderExternalId: string;
  currency: string | null;
  refundedAt: number | null;
  amount: { text: string; path: Problem['path'] } | null;
}

export function segmentRefundIn(refund: SegmentRefund, orderCurrency: string): Mapped<IncomingRefund> {
  const base = { source: 'segment' as const, externalId: refund.externalId, orderExternalId: refund.orderExternalId, currency: refund.currency, refundedAt: refund.refundedAt };
  if (!refund.amount) return ok({ ...base, scope: { kind: 'whole_order' } });
  const m = minor(refund.amount.text, refund.currency ?? orderCurrency, refund.amount.path);
  return m.ok ? ok({ ...base, scope: { kind: 'amount', amount: m.value } }) : m;
}

/** A Segment event as its Webhooks destination posts it. */
export function segmentEvent(event: unknown): Mapped<SegmentEvent> {
  if (!isObject(event)) return bad([], 'an event object');
  const messageId = idOf(event.messageId);
  if (event.type !== 'track' || (event.event !== 'Order Completed' && event.event !== 'Order Refunded')) {
    return ok({ kind: 'ignored', messageId, what: `${String(event.type ?? 'unknown').slice(0, 40)}${event.event ? ` ${String(event.event).slice(0, 60)}` : ''}` });
  }
  if (!messageId) return bad(['messageId'], 'the message id is missing');
  const p = isObject(event.properties) ? event.properties : {};
  const orderExternalId = idOf(p.order_id);
  if (!orderExternalId) return bad(['properties', 'order_id'], 'the order id is missing');
  const at = timeOf(event.timestamp) ?? timeOf(event.originalTimestamp) ?? timeOf(event.sentAt);
  if (p.currency !== undefined && p.currency !== null && !currencyOf(p.currency)) return bad(['properties', 'currency'], 'an ISO 4217 code');
  const given = currencyOf(p.currency);

  if (event.event === 'Order Refunded') {
    const key = p.total !== undefined && p.total !== null ? 'total' : p.revenue !== undefined && p.revenue !== null ? 'revenue' : null;
    let amount: SegmentRefund['amount'] = null;
    if (key) {
      const text = amountText(p[key]);
      if (text === null) return bad(['properties', key], 'must be a non-negative amount, e.g. "19.99"');
      amount = { text, path: ['properties', key] };
    }
    return ok({ kind: 'refund', messageId, refund: { externalId: messageId, orderExternalId, currency: given, refundedAt: at, amount } });
  }

  // Segment's spec leaves the currency out for US dollars.
  const currency = given ?? 'USD';
  if (at === null) return bad(['timestamp'], 'an ISO 8601 time');
  const products = Array.isArray(p.products) ? p.products : [];
  const lines: IncomingLine[] = [];
  for (const [i, product] of products.entries()) {
    if (!isObject(product)) return bad(['properties', 'products', i], 'a product object');
    const quantity = product.quantity === undefined ? 1 : product.quantity;
    if (!Number.isSafeInteger(quantity) || (quantity as number) < 1) return bad(['properties', 'products', i, 'quantity'], 'a whole number of at least 1');
    const price = amountOf(product.price ?? 0, currency, ['properties', 'products', i, 'price']);
    if (!price.ok) return price;
    const net = price.value * (quantity as number);
    if (!Number.isSafeInteger(net)) return bad(['properties', 'products', i, 'price'], 'too large');
    const sku = labelOf(product.sku) ?? labelOf(product.product_id) ?? `product:${i + 1}`;
    const category = labelOf(product.category, 500);
    lines.push({ id: String(i + 1), sku, category: category ? category.split(/\s*(?:>|\/)\s*/).filter(Boolean).slice(0, 10) : [], quantity: quantity as number, net });
  }
  if (lines.length === 0) {
    // No products: the order as one line of its revenue (without shipping and tax), else its total.
    const m = amountOf(p.revenue ?? p.subtotal ?? p.total, currency, ['properties', 'revenue']);
    if (!m.ok) return m;
    lines.push({ id: 'order', sku: 'order', category: [], quantity: 1, net: m.value });
  } else if (p.discount !== undefined && p.discount !== null) {
    // An order-level discount, taken from the lines in proportion to their amounts.
    const d = amountOf(p.discount, currency, ['properties', 'discount']);
    if (!d.ok) return d;
    const gross = lines.reduce((a, l) => a + l.net, 0);
    if (gross > 0) {
      const taken = apportion(Math.min(d.value, gross), lines.map((l) => l.net));
      lines.forEach((l, i) => (l.net -= taken[i]!));
    }
  }
  const context = isObject(event.context) ? event.context : {};
  return ok({
    kind: 'order',
    messageId,
    order: {
      source: 'segment',
      externalId: orderExternalId,
      // Segment's spec has no order number: the confirmation page is taken to show the order id, unless the event gives `order_number`.
      number: labelOf(p.order_number ?? null, 100) ?? orderExternalId,
      placedAt: at,
      currency,
      customerId: idOf(event.userId),
      engagementId: engagementIn(undefined, p, context, isObject(context.traits) ? context.traits : undefined),
      lines,
    },
  });
}
