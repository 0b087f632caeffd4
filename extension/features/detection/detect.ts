import { Product, type PageKind } from '../../../shared/page';
import type { SiteAdapter } from '../../../shared/sites';
import { genericCart } from './sources/cart';
import { adapterSource } from './sources/adapter';
import { heuristicsSource } from './sources/heuristics';
import { jsonLdSource } from './sources/json-ld';
import { microdataSource } from './sources/microdata';
import { openGraphSource } from './sources/open-graph';
import { platformSource } from './sources/platform';
import { rdfaSource } from './sources/rdfa';
import { searchBoxSource } from './sources/search-box';
import { urlSource } from './sources/url';
import { canonicalAmount, pageCurrencyHints } from './price';
import { isGtin, shownSkuInSteps } from './identifiers';
import { disagreeingOffers, priceTheShopperSees } from './reconcile';
import { reconcileAvailability } from './stock';
import { readOrder } from './order';
import { pagePrices } from './shown-price';
import { runToEnd, type Steps } from './steps';
import { absoluteUrl, clip } from './text';
import type { CartSummary, Clues, Detection, DetectionSource, ProductClues, SourceInput } from './types';
import { withPageText } from '../../lib/page-text';

/** The sources, most trusted first: for each field the first source that knows it wins. */
export const SOURCES: readonly DetectionSource[] = [
  adapterSource,
  jsonLdSource,
  openGraphSource,
  microdataSource,
  rdfaSource,
  platformSource,
  urlSource,
  searchBoxSource,
  heuristicsSource,
];

/** Sources that read what the shop marked up for machines (or its adapter): their prices are checked against the page. */
const MARKUP_SOURCES = new Set(['adapter', 'json-ld', 'open-graph', 'microdata', 'rdfa', 'platform']);

/**
 * Classifies a page and reads its product, search terms or cart. Pure: it reads the
 * document and the URL only (never form values but search and quantity fields).
 * e.g. detect(doc, 'https://shop.example/p/1', null) → { kind: 'product', product: {...}, search: null, cart: null }
 */
export function detect(doc: Document, url: string, adapter: SiteAdapter | null, sources: readonly DetectionSource[] = SOURCES): Detection {
  return runToEnd(detectInSteps(doc, url, adapter, sources));
}

/**
 * detect() cut into steps (one per source, several for the heuristics), so the content script
 * can run it while the page is idle without holding the page up on a heavy page.
 */
export function* detectInSteps(doc: Document, url: string, adapter: SiteAdapter | null, sources: readonly DetectionSource[] = SOURCES): Steps<Detection> {
  const pageUrl = new URL(url);
  pageUrl.hash = '';
  const input: SourceInput = { doc, url: pageUrl, adapter };
  const read: (Clues | null)[] = [];
  for (const source of sources) {
    read.push(yield* readSafely(source, input));
    yield;
  }
  const clues = mergeClues(read);
  // An address cut off mid-character gives terms with U+FFFD: the search box, if any, tells them whole.
  if (clues.search?.terms.includes('\uFFFD')) clues.search = read.find((c) => c?.search && !c.search.terms.includes('\uFFFD'))?.search ?? clues.search;
  const kind: PageKind = clues.kind ?? 'other';
  if (kind === 'product' && clues.product) {
    const marked = read.map((c, i) => (MARKUP_SOURCES.has(sources[i]!.name) ? c : null));
    const offers = disagreeingOffers(marked);
    if (offers) {
      const seen = priceTheShopperSees(offers, (yield* pagePrices(doc, pageCurrencyHints(doc, pageUrl))).own);
      if (seen) Object.assign(clues.product, seen);
    }
    const seen = read[sources.findIndex((s) => s.name === 'heuristics')]?.product;
    struckPriceGivesWay(clues.product, seen);
    listPriceOfThePrice(clues.product, seen, marked);
    yield;
    try {
      yield* checkWithThePage(clues.product, sources[read.findIndex((c) => c?.product?.sku)]?.name, doc);
    } catch {
      // What the sources read stands when the page cannot be checked.
    }
  }
  return {
    kind,
    product: kind === 'product' ? finishProduct(clues.product ?? {}, input) : null,
    search: kind === 'search' && clues.search ? { terms: clip(clues.search.terms, 500) } : null,
    cart: kind === 'cart' ? finishCart(clues.cart ?? genericCart(input)) : null,
    order: kind === 'product' ? null : orderOf(input),
  };
}

/**
 * A shop that marks up its list price as the offer's price: when the page shows that amount struck
 * through (or as "was") beside a lower price near the buy button, the lower one is what the shopper pays.
 * e.g. JSON-LD says 129, the page shows <s>€ 129</s> € 99 → price 99, list price 129
 */
export function struckPriceGivesWay(product: ProductClues, seen: ProductClues | undefined): void {
  if (!seen?.price || !seen.listPrice || typeof product.price !== 'string') return;
  if (canonicalAmount(product.price) !== canonicalAmount(seen.listPrice) || Number(seen.price) >= Number(seen.listPrice)) return;
  product.listPrice = product.price;
  product.price = seen.price;
}

/** The order a confirmation page shows; a page that cannot be read for one shows none. */
function orderOf({ doc, url, adapter }: SourceInput): Detection['order'] {
  try {
    return readOrder(doc, url, adapter);
  } catch {
    return null;
  }
}

/**
 * A list price the visible page showed beside its own price belongs to that price: when the price
 * came from elsewhere and differs, and no markup named a list price, there is none.
 */
function listPriceOfThePrice(product: ProductClues, seen: ProductClues | undefined, marked: readonly (Clues | null)[]): void {
  if (!product.listPrice || !seen?.listPrice || product.listPrice !== seen.listPrice) return;
  if (marked.some((c) => c?.product?.listPrice)) return;
  if (typeof product.price === 'string' && typeof seen.price === 'string' && canonicalAmount(product.price) === canonicalAmount(seen.price)) return;
  product.listPrice = null;
}

/** Sources whose SKU gives way to the code the page shows (an internal id, one variant's id). */
const SKU_GIVES_WAY = new Set(['json-ld', 'microdata', 'rdfa']);

/**
 * What the page shows wins over what was read where they differ, checked once for all sources:
 * the product code shown as its reference, a sold-out buy box.
 */
function* checkWithThePage(product: ProductClues, skuFrom: string | undefined, doc: Document): Steps<void> {
  if (skuFrom === undefined || skuFrom === 'heuristics' || SKU_GIVES_WAY.has(skuFrom)) {
    // The code shown wins; a source's own code stays when the page shows none.
    product.sku = (yield* shownSkuInSteps(doc)) ?? product.sku;
  }
  yield;
  product.availability = reconcileAvailability(product.availability ?? null, doc);
}

function* readSafely(source: DetectionSource, input: SourceInput): Steps<Clues | null> {
  try {
    return source.steps ? yield* source.steps(input) : source.read(input);
  } catch {
    return null; // one broken source must not hide what the others found
  }
}

/** Merges clues field by field; earlier clues win. */
export function mergeClues(list: readonly (Clues | null)[]): Clues {
  const merged: Clues = {};
  const product: ProductClues = {};
  for (const clues of list) {
    if (!clues) continue;
    merged.kind ??= clues.kind;
    merged.search ??= clues.search;
    merged.cart ??= clues.cart;
    for (const [key, value] of Object.entries(clues.product ?? {}) as [keyof ProductClues, unknown][]) {
      if (value !== null && value !== undefined && product[key] === undefined) (product as Record<string, unknown>)[key] = value;
    }
  }
  if (Object.keys(product).length > 0) merged.product = product;
  return merged;
}

/** Free text is cut to fit; identifiers (sku, gtin, mpn) that do not fit are wrong, and dropped. */
const LIMITS = { name: 500, brand: 200 } as const;

/** A Product that passes the shared schema: each field checked on its own, so one bad field drops only itself. */
function finishProduct(clues: ProductClues, { doc, url }: SourceInput): Product | null {
  const canonical = absoluteUrl(doc.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), url);
  // Control characters and lone surrogate halves out (the schema refuses them), once here rather
  // than in every read of the page's text, most of which never becomes a product field.
  const draft: Record<string, unknown> = withPageText({ ...clues, url: canonical ?? url.href });
  // A shop whose product code is the barcode (books by ISBN, many grocers by EAN) tells the GTIN too.
  // Thirteen digits only: shop numbers of 8 or 12 digits pass the check digit one time in ten.
  if (!draft.gtin && typeof draft.sku === 'string' && draft.sku.length === 13 && isGtin(draft.sku)) draft.gtin = draft.sku;
  // A product page that shows a price and says nothing about stock sells it.
  if (draft.price && !draft.availability) draft.availability = 'InStock';
  // A list price is above the price paid; one that is not (or with no price beside it) says nothing.
  if (typeof draft.listPrice === 'string' && !(typeof draft.price === 'string' && Number(draft.listPrice) > Number(draft.price))) delete draft.listPrice;
  if (typeof draft.brand === 'string') draft.brand = cleanBrand(draft.brand);
  // A template the page did not fill in ("$metabrand", "{{brand}}") is no brand; "Does not apply" no code.
  if (typeof draft.brand === 'string' && UNFILLED.test(draft.brand)) delete draft.brand;
  for (const key of ['sku', 'gtin', 'mpn'] as const) if (typeof draft[key] === 'string' && (NO_CODE.test(draft[key] as string) || UNFILLED.test(draft[key] as string))) delete draft[key];
  for (const [key, max] of Object.entries(LIMITS)) if (typeof draft[key] === 'string') draft[key] = clip(draft[key] as string, max);
  if (Array.isArray(draft.category)) draft.category = draft.category.slice(0, 12).map((c: string) => clip(c, 200));
  const product: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(Product.shape)) {
    const checked = schema.safeParse(draft[key]);
    if (checked.success && checked.data !== undefined && checked.data !== null) product[key] = checked.data;
  }
  const parsed = Product.safeParse(product);
  return parsed.success ? parsed.data : null;
}

/** What marketplaces write where a product has no such code. */
const NO_CODE = /^(does not apply|not applicable|n\/?a|none|unknown|-+|0+)$/i;

/** Placeholders of page templates: "$metabrand", "${brand}", "{{ brand }}", "%BRAND%", "[brand]". */
const UNFILLED = /^\$\w+$|\$\{|\{\{|\}\}|^%\w+%$|^\[\w+\]$/;

/** "Ver mais artigos da Marca: Panasonic", "Brand: Acme" → the name after the label. */
export function cleanBrand(brand: string): string {
  return brand.replace(/^.*\b(brand|marca|marke|marque|merk|marka|märke)\s*:\s*/i, '').trim() || brand;
}

function finishCart(cart: CartSummary | null): CartSummary | null {
  if (!cart) return null;
  return { ...cart, items: cart.items.slice(0, 200).map((item) => ({ ...item, name: clip(item.name, 500) })) };
}
