import type { CatalogAvailability } from '../../../shared/catalog';
import type { CustomerProfile } from '../../../shared/customers';
import type { EngagementView, OfferView } from '../../../shared/realtime';
import { MaterialCard, type PracticesView, type PriceSeen, ProductCard, type ProductFacts, type RankedMaterial, type SalesInfo, type TrailStep } from '../../../shared/sales';
import { linkUrl } from '../../../shared/page';
import { formatDuration, formatMoney } from '../offers-panel/offer-text.core';

/**
 * The console's sales information in the associate's words, pure: who the shopper is, the
 * offer's session facts kept from when it was accepted, the product's stock and prices, the
 * trail, the cards to send and the materials in rank order. No I/O, no clock: times come in.
 */

// ---- what the agent had when it accepted the offer -----------------------------------------

/** What the side panel knew of an engagement's shopper, kept for its console (storage.session). */
export interface ConsoleContext {
  /** The offer accepted (its session summary, score and reasons). */
  offer: OfferView | null;
  /** The engagement as the backend last said (site, product). */
  engagement: EngagementView | null;
  savedAt: number;
}
export type ConsoleContexts = Record<string, ConsoleContext>;

/** Engagements whose context is kept (the oldest go first). */
export const CONTEXTS_KEPT = 20;

/** Keeps what is known of engagement `id` (an offer or an engagement view), the newest CONTEXTS_KEPT. */
export function rememberContext(contexts: ConsoleContexts, id: string, known: { offer?: OfferView | null; engagement?: EngagementView | null }, now: number): ConsoleContexts {
  const before = contexts[id];
  const next: ConsoleContext = {
    offer: known.offer ?? before?.offer ?? null,
    engagement: known.engagement ?? before?.engagement ?? null,
    savedAt: now,
  };
  const entries = Object.entries({ ...contexts, [id]: next }).sort((a, b) => b[1].savedAt - a[1].savedAt);
  return Object.fromEntries(entries.slice(0, CONTEXTS_KEPT));
}

/** The header's name for the shopper: the name the backend gives, the verified customer, else "Shopper". */
export function shopperTitle(remoteName: string | null | undefined, customer: Pick<CustomerProfile, 'externalId'> | null | undefined): string {
  const name = remoteName?.trim();
  if (name && name !== 'Shopper' && name !== 'The shopper') return name;
  if (customer) return `Customer ${customer.externalId}`;
  return 'Shopper';
}

/** The shop the shopper is on, as the engagement or the offer named it (a domain), or null. */
export function shopOf(context: ConsoleContext | null | undefined): string | null {
  return context?.engagement?.shopper.site ?? context?.offer?.session.site ?? null;
}

// ---- the product --------------------------------------------------------------------------

const AVAILABILITY: Record<CatalogAvailability, string> = {
  in_stock: 'In stock',
  out_of_stock: 'Out of stock',
  preorder: 'Pre-order',
  backorder: 'Back-order',
};

/** "In stock (12)", "Out of stock", "Pre-order". */
export function stockText(availability: CatalogAvailability, stock: number | null): string {
  const words = AVAILABILITY[availability];
  return availability === 'in_stock' && stock !== null ? `${words} (${stock})` : words;
}

/** The price and, during a sale, the list price it is down from: "349,00 €" / "was 399,00 €, 13% off". */
export function priceText(p: Pick<ProductFacts, 'price' | 'listPrice' | 'currency'>, locale?: string): { price: string; was: string | null } {
  const price = formatMoney(p.price, p.currency, locale) ?? p.price;
  if (!p.listPrice || Number(p.listPrice) <= Number(p.price)) return { price, was: null };
  const off = Math.round((1 - Number(p.price) / Number(p.listPrice)) * 100);
  return { price, was: `was ${formatMoney(p.listPrice, p.currency, locale) ?? p.listPrice}${off > 0 ? `, ${off}% off` : ''}` };
}

/**
 * The prices the shopper saw in this session, oldest first, one line per change (the same price
 * seen on many page views is one line): "399,00 € (list 399,00 €)", with when.
 */
export function pricesSeenLines(seen: readonly PriceSeen[], now: number, fallbackCurrency: string | null = null, locale?: string): { price: string; ago: string }[] {
  const lines: { key: string; price: string; ago: string }[] = [];
  for (const p of [...seen].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const currency = p.currency ?? fallbackCurrency;
    const key = `${p.price}|${p.listPrice ?? ''}|${currency ?? ''}`;
    if (lines.at(-1)?.key === key) continue;
    const money = formatMoney(p.price, currency, locale) ?? p.price;
    const list = p.listPrice && p.listPrice !== p.price ? ` (list ${formatMoney(p.listPrice, currency, locale) ?? p.listPrice})` : '';
    lines.push({ key, price: `${money}${list}`, ago: agoText(Date.parse(p.at), now) });
  }
  return lines.map(({ price, ago }) => ({ price, ago }));
}

/** "just now", "4 min ago", "1 h 5 min ago" (a time in the future, by a skewed clock, reads as just now). */
export function agoText(at: number, now: number): string {
  const ms = now - at;
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** How the product on the page was matched to the catalogue, in words (null: say nothing). */
export function resolutionText(resolution: NonNullable<SalesInfo['productInView']>['resolution']): string | null {
  switch (resolution) {
    case 'url':
    case 'sku':
    case 'gtin':
    case 'mpn':
      return null;
    case 'name':
      return 'Matched to the catalogue by its name: check it is the same product.';
    case 'ambiguous':
      return 'Several catalogue products could be this one: no facts shown.';
    case 'none':
      return 'Not in the catalogue.';
  }
}

/** At most `max` UTF-16 units, never half of a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A card as the other side's schema takes it, or null (it would be dropped there, never acknowledged). */
const checked = <T,>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, card: unknown): T | null => {
  const parsed = schema.safeParse(card);
  return parsed.success ? parsed.data : null;
};

/** The card a product goes into the chat as (null when it has no web page to open, or its address is too long to send). */
export function productCard(p: Pick<ProductFacts, 'sku' | 'name' | 'price' | 'currency' | 'imageUrl' | 'url'>): ProductCard | null {
  const url = p.url ? linkUrl(p.url) : null;
  if (!url) return null;
  const image = p.imageUrl ? linkUrl(p.imageUrl) : null;
  return checked(ProductCard, {
    sku: clip(p.sku, 200) || null,
    name: clip(p.name, 500) || 'Product',
    price: p.price,
    currency: p.currency,
    imageUrl: image && image.length <= 2048 ? image : null,
    url,
  });
}

/** The card for the product in view: the catalogue's, or what the page showed when it is not in the catalogue. */
export function productInViewCard(view: NonNullable<SalesInfo['productInView']>): ProductCard | null {
  if (view.product) return productCard({ ...view.product, url: view.product.url ?? view.url });
  const url = linkUrl(view.url);
  if (!url) return null;
  const last = view.pricesSeen.at(-1);
  return checked(ProductCard, { sku: null, name: clip(view.name, 500) || 'Product', price: last?.price ?? null, currency: last?.currency ?? null, imageUrl: null, url });
}

// ---- the trail ----------------------------------------------------------------------------

const TRAIL_VERB: Record<TrailStep['kind'], string> = {
  page: 'Viewed',
  product: 'Looked at',
  search: 'Searched for',
  cart: 'Cart',
  order: 'Ordered',
};

export interface TrailLine {
  kind: TrailStep['kind'];
  verb: string;
  label: string;
  url: string | null;
  /** Steps of the same kind and label in a row are one line, counted. */
  times: number;
  ago: string;
}

/** The trail, newest first, repeats in a row folded into one line ("Looked at Trail Tent 2P ×3"), at most `keep`. */
export function trailLines(trail: readonly TrailStep[], now: number, keep = 30): TrailLine[] {
  const lines: TrailLine[] = [];
  for (const step of trail) {
    const last = lines.at(-1);
    if (last && last.kind === step.kind && last.label === step.label) {
      last.times += 1;
      last.ago = agoText(Date.parse(step.at), now);
      continue;
    }
    lines.push({ kind: step.kind, verb: TRAIL_VERB[step.kind], label: step.label, url: step.url ? linkUrl(step.url) : null, times: 1, ago: agoText(Date.parse(step.at), now) });
  }
  return lines.reverse().slice(0, keep);
}

// ---- the customer -------------------------------------------------------------------------

/** The verified customer's profile in one line: "gold tier · 1.240,00 € lifetime". */
export function customerLine(c: Pick<CustomerProfile, 'tier' | 'lifetimeValue'>, locale?: string): string {
  return (
    [c.tier ? `${c.tier} tier` : null, c.lifetimeValue ? `${formatMoney(c.lifetimeValue.value, c.lifetimeValue.currency, locale)} lifetime` : null].filter(Boolean).join(' · ') ||
    'Known customer'
  );
}

// ---- materials ----------------------------------------------------------------------------

/** A material's or technique's record so far in this situation: "3 sales in 10 outcomes", or that it is new. */
export function materialRecord(m: Pick<RankedMaterial, 'sales' | 'outcomes'>): string {
  if (m.outcomes === 0) return 'No outcomes yet';
  return `${m.sales} sale${m.sales === 1 ? '' : 's'} in ${m.outcomes} outcome${m.outcomes === 1 ? '' : 's'}`;
}

/** A material's card for the chat (documents and links with a web address only). */
export function materialCard(m: Pick<RankedMaterial, 'id' | 'kind' | 'title' | 'url'>): MaterialCard | null {
  if (m.kind === 'technique' || !m.url) return null;
  const url = linkUrl(m.url);
  if (!url) return null;
  return checked(MaterialCard, { materialId: m.id, title: clip(m.title, 300) || 'Material', kind: m.kind, url });
}

/** How long after the last change of page the sales information is fetched again. */
export const PAGE_SETTLE_MS = 600;

// ---- the side panel's glance --------------------------------------------------------------

/** What the side panel's "In this engagement" card says, in the console's words (null: nothing to say). */
export interface EngagementGlance {
  /** The product in view: its catalogue name (or what the page called it), price, list price during a sale, stock, rating. */
  product: { name: string; url: string | null; price: string | null; was: string | null; stock: string | null; inStock: boolean; rating: string | null } | null;
  /** The first alternative and the first accessory in stock: "Dome 3 · 289,00 €". */
  alternative: { name: string; url: string | null; price: string } | null;
  accessory: { name: string; url: string | null; price: string } | null;
  /** The top-ranked technique's title. */
  technique: string | null;
}

const firstInStock = (products: readonly ProductFacts[], locale?: string) => {
  const p = products.find((x) => x.availability === 'in_stock' && x.stock !== 0);
  return p ? { name: p.name, url: p.url, price: priceText(p, locale).price } : null;
};

/** The card's facts from the sales information and the practices (either may not have come yet). */
export function engagementGlance(info: SalesInfo | null, practices: Pick<PracticesView, 'techniques'> | null, locale?: string): EngagementGlance {
  const view = info?.productInView ?? null;
  let product: EngagementGlance['product'] = null;
  if (view) {
    const p = view.product;
    const last = view.pricesSeen.at(-1);
    const price = p ? priceText(p, locale) : last ? { price: formatMoney(last.price, last.currency, locale) ?? last.price, was: null } : null;
    const rating = view.external?.rating ?? null;
    product = {
      name: p?.name ?? view.name,
      url: p?.url ?? view.url,
      price: price?.price ?? null,
      was: price?.was ?? null,
      stock: p ? stockText(p.availability, p.stock) : null,
      inStock: p ? p.availability === 'in_stock' : true,
      rating: rating === null ? null : `${rating.toFixed(1)} / 5${view.external?.reviewCount != null ? ` (${view.external.reviewCount} reviews)` : ''}`,
    };
  }
  // The practices come in rank order (the console lists them so): the first is the top-ranked.
  const top = practices?.techniques[0];
  return {
    product,
    alternative: info ? firstInStock(info.alternatives, locale) : null,
    accessory: info ? firstInStock(info.accessories, locale) : null,
    technique: top?.title ?? null,
  };
}
