import { Product, type PageKind } from '../../../shared/page';
import type { SiteAdapter } from '../../../shared/sites';
import { genericCart } from './sources/cart';
import { adapterSource } from './sources/adapter';
import { heuristicsSource } from './sources/heuristics';
import { jsonLdSource } from './sources/json-ld';
import { microdataSource } from './sources/microdata';
import { openGraphSource } from './sources/open-graph';
import { platformSource } from './sources/platform';
import { searchBoxSource } from './sources/search-box';
import { urlSource } from './sources/url';
import { absoluteUrl, clip } from './text';
import type { CartSummary, Clues, Detection, DetectionSource, ProductClues, SourceInput } from './types';

/** The sources, most trusted first: for each field the first source that knows it wins. */
export const SOURCES: readonly DetectionSource[] = [
  adapterSource,
  jsonLdSource,
  openGraphSource,
  microdataSource,
  platformSource,
  urlSource,
  searchBoxSource,
  heuristicsSource,
];

/**
 * Classifies a page and reads its product, search terms or cart. Pure: it reads the
 * document and the URL only (never form values but search and quantity fields).
 * e.g. detect(doc, 'https://shop.example/p/1', null) → { kind: 'product', product: {...}, search: null, cart: null }
 */
export function detect(doc: Document, url: string, adapter: SiteAdapter | null, sources: readonly DetectionSource[] = SOURCES): Detection {
  const pageUrl = new URL(url);
  pageUrl.hash = '';
  const input: SourceInput = { doc, url: pageUrl, adapter };
  const read = sources.map((source) => readSafely(source, input));
  const clues = mergeClues(read);
  // An address cut off mid-character gives terms with U+FFFD: the search box, if any, tells them whole.
  if (clues.search?.terms.includes('\uFFFD')) clues.search = read.find((c) => c?.search && !c.search.terms.includes('\uFFFD'))?.search ?? clues.search;
  const kind: PageKind = clues.kind ?? 'other';
  return {
    kind,
    product: kind === 'product' ? finishProduct(clues.product ?? {}, input) : null,
    search: kind === 'search' && clues.search ? { terms: clip(clues.search.terms, 500) } : null,
    cart: kind === 'cart' ? finishCart(clues.cart ?? genericCart(input)) : null,
  };
}

function readSafely(source: DetectionSource, input: SourceInput): Clues | null {
  try {
    return source.read(input);
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
  const draft: Record<string, unknown> = { ...clues, url: canonical ?? url.href };
  // A product page that shows a price and says nothing about stock sells it.
  if (draft.price && !draft.availability) draft.availability = 'InStock';
  if (typeof draft.brand === 'string') draft.brand = cleanBrand(draft.brand);
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

/** "Ver mais artigos da Marca: Panasonic", "Brand: Acme" → the name after the label. */
export function cleanBrand(brand: string): string {
  return brand.replace(/^.*\b(brand|marca|marke|marque|merk|marka|märke)\s*:\s*/i, '').trim() || brand;
}

function finishCart(cart: CartSummary | null): CartSummary | null {
  if (!cart) return null;
  return { ...cart, items: cart.items.slice(0, 200).map((item) => ({ ...item, name: clip(item.name, 500) })) };
}
