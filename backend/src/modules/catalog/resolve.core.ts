import { gtin14, minorUnits } from '../../../../shared/catalog';
import type { Product } from '../../../../shared/page';

/**
 * Which catalogue item a product detected on a page is. The evidence is tried from the surest
 * to the weakest, and the first that names items decides:
 *   1. the page's canonical URL (lower-case host without "www.", no fragment, no tracking
 *      parameters, the others sorted, no trailing slash, http and https alike);
 *   2. the SKU (case aside);
 *   3. the GTIN, as its GTIN-14 (a UPC-A and its EAN-13 are one);
 *   4. the MPN, within the brand when both give one;
 *   5. the name and brand: tokens weighted by rarity in the catalogue (IDF), scored by weighted
 *      Dice similarity, at least NAME_THRESHOLD and clear of the runner-up by NAME_MARGIN.
 * When a step names several items (variants on one page, a GTIN given twice) the later evidence
 * chooses among them; if it cannot, the answer is `ambiguous` with the candidates.
 *
 * Pure: `indexCatalog` builds maps once (O(n)); each `resolve` is a few map lookups, and for
 * names a scan of the postings of the query's rarer tokens only. The caller rebuilds (or
 * updates) the index when the catalogue changes, and counts `how` to measure the resolution rate.
 *
 * The price: detection reports one price, the one it reads as what the shopper pays (it drops
 * struck-through, "was", per-unit prices). `priceToPay` gives the catalogue's side of that, and
 * `checkDetectedPrice` says whether detection read it, or the list price while a sale runs (the
 * mistake it makes most on pages never seen), or another amount.
 *
 * What detection would need to report for the rest (not changed here): the list price it
 * now discards (`listPrice` beside `price` in shared/page.ts Product, from the struck-through
 * or "was" element shown-price.ts recognises), and the quantity a price is for (a 3-pack's
 * price, "2 for 10 €"), so a sale can be told from an error without the catalogue.
 */

/** What the index needs of a catalogue item; the caller's rows carry more and get them back. */
export interface Resolvable {
  sku: string;
  gtin?: string | null;
  mpn?: string | null;
  name: string;
  brand?: string | null;
  url: string;
  otherUrls?: readonly string[];
}

/** What detection reports of a product (shared/page.ts Product), as resolution reads it. */
export type DetectedProduct = Pick<Product, 'url' | 'name'> & Partial<Pick<Product, 'sku' | 'gtin' | 'mpn' | 'brand'>>;

export type Evidence = 'url' | 'sku' | 'gtin' | 'mpn' | 'name';

export type Resolution<T> =
  /** `score` is 1 for an identifier, the similarity for a name. */
  | { how: Evidence; item: T; score: number }
  | { how: 'ambiguous'; by: Evidence; candidates: T[] }
  | { how: 'none' };

/** Least name similarity (weighted Dice, 0..1) that resolves a product by its name. */
export const NAME_THRESHOLD = 0.7;
/** How far the best name match must be ahead of the next one. */
export const NAME_MARGIN = 0.1;
/** Query tokens in more items than this are left out when gathering candidates (their weight is low); they still count in the score. */
const COMMON_TOKEN_ITEMS = 2_000;
/** Candidates returned with an ambiguous answer. */
const MAX_CANDIDATES = 10;

/** Query parameters that say where a visit came from, never which product: dropped from URLs before comparing. */
const TRACKING_PARAM = /^(utm_.*|gclid|gclsrc|dclid|gbraid|wbraid|fbclid|msclkid|yclid|twclid|ttclid|li_fat_id|igshid|srsltid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref|ref_src|referrer|affiliate|aff_id|campaign|cmpid|sc_cid|spm|trk|ranmid|raneaid|ransiteid)$/i;

/**
 * A page address in the form two addresses of one page share: "https://WWW.Shop.com/p/mug/?utm_source=x&b=2&a=1#reviews"
 * → "shop.com/p/mug?a=1&b=2". Null for what is not an http(s) URL.
 */
export function canonicalUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const params = [...url.searchParams].filter(([name]) => !TRACKING_PARAM.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params)}` : '';
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  return `${url.host.replace(/^www\./, '')}${path}${query}`;
}

/** Words of a name or brand as compared: accents, case and punctuation aside ("Crème-Brûlée 2L" → ["creme", "brulee", "2l"]). */
export function nameTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const foldCase = (s: string) => s.trim().toUpperCase();
const brandKey = (brand: string | null | undefined) => (brand ? nameTokens(brand).join(' ') : '');

interface Entry<T> {
  item: T;
  tokens: ReadonlySet<string>;
  brand: string;
  /** The sum of its tokens' weights. */
  weight: number;
}

/** A catalogue's items by everything a detected product may name them by. */
export interface CatalogIndex<T> {
  byUrl: Map<string, Entry<T>[]>;
  bySku: Map<string, Entry<T>[]>;
  byGtin: Map<string, Entry<T>[]>;
  byMpn: Map<string, Entry<T>[]>;
  /** Items by each token of their name and brand. */
  byToken: Map<string, Entry<T>[]>;
  /** Each token's weight: the rarer in the catalogue, the more it says (inverse document frequency). */
  weights: Map<string, number>;
  size: number;
}

function add<T>(map: Map<string, Entry<T>[]>, key: string | null, entry: Entry<T>): void {
  if (!key) return;
  const list = map.get(key);
  // An item's keys are added together, so a repeat (two of its URLs alike) can only be the last one.
  if (!list) map.set(key, [entry]);
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/** The index of `items`, in O(n). */
export function indexCatalog<T extends Resolvable>(items: readonly T[]): CatalogIndex<T> {
  const index: CatalogIndex<T> = { byUrl: new Map(), bySku: new Map(), byGtin: new Map(), byMpn: new Map(), byToken: new Map(), weights: new Map(), size: items.length };
  const entries: Entry<T>[] = [];
  for (const item of items) {
    const brand = brandKey(item.brand);
    const entry: Entry<T> = { item, brand, tokens: new Set([...nameTokens(item.name), ...nameTokens(item.brand ?? '')]), weight: 0 };
    entries.push(entry);
    for (const url of [item.url, ...(item.otherUrls ?? [])]) add(index.byUrl, canonicalUrl(url), entry);
    add(index.bySku, foldCase(item.sku), entry);
    add(index.byGtin, item.gtin ? gtin14(item.gtin) : null, entry);
    add(index.byMpn, item.mpn ? foldCase(item.mpn) : null, entry);
    for (const token of entry.tokens) add(index.byToken, token, entry);
  }
  for (const [token, posting] of index.byToken) index.weights.set(token, idf(items.length, posting.length));
  for (const entry of entries) for (const token of entry.tokens) entry.weight += index.weights.get(token)!;
  return index;
}

/** The weight of a token in `items` items of a catalogue of `size` (one it lacks weighs most). */
const idf = (size: number, items: number) => Math.log(1 + size / (1 + items));

/** Whether two brands are the same maker: equal, or one's words start the other's ("Sony" and "Sony Group"). */
function sameBrand(a: string, b: string): boolean {
  if (!a || !b) return true;
  return a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `);
}

type Narrowing<T> = { entries: Entry<T>[]; score: number } | null;

/** The catalogue item `detected` is, and how that was decided. */
export function resolve<T extends Resolvable>(index: CatalogIndex<T>, detected: DetectedProduct): Resolution<T> {
  const brand = brandKey(detected.brand);
  const steps: [Evidence, (among: Entry<T>[] | null) => Narrowing<T>][] = [
    ['url', (among) => exact(index.byUrl, canonicalUrl(detected.url), among)],
    ['sku', (among) => exact(index.bySku, detected.sku ? foldCase(detected.sku) : null, among)],
    ['gtin', (among) => exact(index.byGtin, detected.gtin ? gtin14(detected.gtin) : null, among)],
    ['mpn', (among) => narrowByBrand(exact(index.byMpn, detected.mpn ? foldCase(detected.mpn) : null, among), brand)],
    ['name', (among) => byName(index, detected, brand, among)],
  ];
  for (const [i, [how, step]] of steps.entries()) {
    const found = step(null);
    if (!found) continue;
    if (found.entries.length === 1) return { how, item: found.entries[0]!.item, score: found.score };
    // Several: the weaker evidence chooses among them.
    let among = found.entries;
    for (const [, later] of steps.slice(i + 1)) {
      const narrowed = later(among);
      if (narrowed && narrowed.entries.length === 1) return { how, item: narrowed.entries[0]!.item, score: found.score };
      if (narrowed) among = narrowed.entries;
    }
    return { how: 'ambiguous', by: how, candidates: among.slice(0, MAX_CANDIDATES).map((e) => e.item) };
  }
  return { how: 'none' };
}

/** The entries under `key`, within `among` when given. */
function exact<T>(map: Map<string, Entry<T>[]>, key: string | null, among: Entry<T>[] | null): Narrowing<T> {
  const found = key ? map.get(key) : undefined;
  const entries = found && among ? found.filter((e) => among.includes(e)) : found;
  return entries?.length ? { entries, score: 1 } : null;
}

function narrowByBrand<T>(found: Narrowing<T>, brand: string): Narrowing<T> {
  if (!found || !brand) return found;
  const entries = found.entries.filter((e) => sameBrand(e.brand, brand));
  return entries.length ? { ...found, entries } : null;
}

/** Items whose name and brand are like the detected ones, best first; only the best when it is clear. */
function byName<T>(index: CatalogIndex<T>, detected: DetectedProduct, brand: string, among: Entry<T>[] | null): Narrowing<T> {
  const query = new Set([...nameTokens(detected.name), ...nameTokens(detected.brand ?? '')]);
  if (query.size === 0) return null;
  const tokens = [...query].map((token) => ({ token, weight: index.weights.get(token) ?? idf(index.size, 0) }));
  let candidates: Iterable<Entry<T>>;
  if (among) candidates = among;
  else {
    const gathered = new Set<Entry<T>>();
    const postings = [...query].map((t) => index.byToken.get(t) ?? []).filter((p) => p.length > 0);
    const rare = postings.filter((p) => p.length <= COMMON_TOKEN_ITEMS);
    // Only common words (a name of "black shirt"): the rarest of them, so the scan stays bounded.
    const scanned = rare.length ? rare : postings.sort((a, b) => a.length - b.length).slice(0, 1);
    for (const posting of scanned) for (const entry of posting) gathered.add(entry);
    candidates = gathered;
  }
  const queryWeight = tokens.reduce((sum, t) => sum + t.weight, 0);
  const scored: { entry: Entry<T>; score: number }[] = [];
  for (const entry of candidates) {
    if (!sameBrand(entry.brand, brand)) continue;
    let shared = 0;
    for (const { token, weight } of tokens) if (entry.tokens.has(token)) shared += weight;
    const score = (2 * shared) / (entry.weight + queryWeight);
    if (score >= NAME_THRESHOLD - NAME_MARGIN) scored.push({ entry, score });
  }
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.score < NAME_THRESHOLD) return null;
  const close = scored.filter((s) => s.score > best.score - NAME_MARGIN);
  return { entries: close.map((s) => s.entry), score: best.score };
}

/** What the catalogue says a product sells for, and whether a sale price applies. */
export interface PriceFacts {
  currency: string;
  price: number;
  salePrice?: number | null;
  saleStartsAt?: number | null;
  saleEndsAt?: number | null;
}

/**
 * The price the shopper pays at `at` (epoch ms), in minor units: the sale price while the sale
 * runs (from its start, until before its end), else the list price.
 */
export function priceToPay(p: PriceFacts, at: number): { amount: number; currency: string; onSale: boolean } {
  const onSale = p.salePrice != null && (p.saleStartsAt == null || at >= p.saleStartsAt) && (p.saleEndsAt == null || at < p.saleEndsAt);
  return { amount: onSale ? p.salePrice! : p.price, currency: p.currency, onSale };
}

/** How the price detection read on a page compares with the catalogue's. */
export type PriceCheck =
  /** It is the price the shopper pays. */
  | 'pays'
  /** A sale runs and it is the list price: detection most likely read the struck-through price. */
  | 'list_price'
  /** Another amount: a price for another quantity, a stale catalogue, a price with or without tax. */
  | 'other'
  /** Nothing to compare: no price, another currency, or an amount that is none. */
  | 'unknown';

/** The detected price (a decimal string, as shared/page.ts Product has it) against the catalogue's at `at`. */
export function checkDetectedPrice(catalogue: PriceFacts, detected: Pick<Product, 'price' | 'currency'>, at: number): PriceCheck {
  if (!detected.price || detected.currency !== catalogue.currency) return 'unknown';
  const read = minorUnits(detected.price, catalogue.currency);
  if (!read.ok) return 'unknown';
  const pays = priceToPay(catalogue, at);
  if (read.minor === pays.amount) return 'pays';
  return pays.onSale && read.minor === catalogue.price ? 'list_price' : 'other';
}
