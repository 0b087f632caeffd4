import { combinedAvailability, parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, cleanText } from '../text';
import type { DetectionSource, ProductClues } from '../types';
import { ownProduct } from '../visible/heading';

type Node = Record<string, unknown>;

const MAX_DEPTH = 12;

/**
 * schema.org JSON-LD: a Product anywhere (top level, arrays, @graph, mainEntity, ...),
 * its offers (object or array, Offer or AggregateOffer), and the BreadcrumbList as the
 * category path. One product means a product page; several, or an ItemList of them, a listing.
 */
export const jsonLdSource: DetectionSource = {
  name: 'json-ld',
  read({ doc, url }) {
    const found: Found = { products: [], listed: 0, breadcrumbs: null };
    for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]'))) {
      const data = parseJson(script.textContent ?? '');
      if (data !== undefined) walk(data, found, 0);
    }
    const products = distinct(found.products);
    if (products.length === 0) return found.listed > 0 ? { kind: 'listing' } : null;
    // Several products: the page's own (named as its heading) and others is still a product page.
    const own = products.length === 1 ? products[0]! : ownProduct(doc, products, (p) => (typeof p.name === 'string' ? p.name : null));
    if (!own) return { kind: 'listing' };
    const product = readProduct(own, url, doc, found.products);
    if (!product.category && found.breadcrumbs) product.category = categoryPath(found.breadcrumbs, product.name);
    return { kind: 'product', product };
  },
};

interface Found {
  products: Node[];
  /** Products inside item lists (a listing's results, or "related products"). */
  listed: number;
  breadcrumbs: string[] | null;
}

function parseJson(text: string): unknown {
  const cleaned = text.replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(-->|\/\/\s*\]\]>)\s*$/, '');
  try {
    return JSON.parse(cleaned);
  } catch {
    return undefined;
  }
}

function typesOf(node: Node): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, found: Found, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, found, depth + 1);
    return;
  }
  if (!isNode(value)) return;
  const types = typesOf(value);
  if (types.includes('Product') || types.includes('ProductGroup')) {
    found.products.push(value);
    return; // related products inside a product are not the page's product
  }
  if (types.includes('ItemList') && !types.includes('BreadcrumbList')) {
    found.listed += countProducts(value.itemListElement);
    return;
  }
  if (types.includes('BreadcrumbList')) {
    found.breadcrumbs ??= breadcrumbNames(value.itemListElement);
    return;
  }
  for (const [key, v] of Object.entries(value)) if (key !== '@context') walk(v, found, depth + 1);
}

function countProducts(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  return list.filter((entry) => isNode(entry) && (typesOf(entry).includes('Product') || (isNode(entry.item) && typesOf(entry.item).includes('Product')))).length;
}

function breadcrumbNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isNode)
    .map((entry, index) => ({ entry, position: Number(entry.position ?? index + 1) }))
    .sort((a, b) => a.position - b.position)
    .map(({ entry }) => cleanText(entry.name) ?? (isNode(entry.item) ? cleanText(entry.item.name) : null))
    .filter((n): n is string => n !== null);
}

const HOME = /^(home|homepage|start|startseite|accueil|inicio|home page)$/i;

/** A breadcrumb trail as a category path: without "Home" and without the product itself. */
export function categoryPath(crumbs: string[], productName: string | null | undefined): string[] | null {
  const path = crumbs.filter((c, i) => !(i === 0 && HOME.test(c)));
  if (productName && path.length > 0 && path[path.length - 1]!.toLowerCase() === productName.toLowerCase()) path.pop();
  return path.length > 0 ? path : null;
}

/**
 * The same product twice counts once: JSON-LD repeated, a Product beside its ProductGroup,
 * or one Product per colour or size (same name, other SKU).
 */
function distinct(products: Node[]): Node[] {
  const seen = new Set<string>();
  return products.filter((p) => {
    const key = sameProductKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What tells one product from another: its name, else its identifiers. */
function sameProductKey(p: Node): string {
  return cleanText(first(p.name))?.toLowerCase() ?? String(p.sku ?? p.productID ?? p['@id'] ?? '');
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function decodeEntities(text: string | null, doc: Document): string | null {
  if (!text || !/&[#a-z0-9]+;/i.test(text)) return text;
  const area = doc.createElement('textarea');
  area.innerHTML = text; // textarea content is text: no element is created, no script runs
  return cleanText(area.value);
}

function readProduct(node: Node, url: URL, doc: Document, all: Node[]): ProductClues {
  const variant = Array.isArray(node.hasVariant) ? node.hasVariant.find(isNode) : undefined;
  const stock = combinedAvailability(everyOffer(node, all).map((o) => parseAvailability(o.availability)));
  const offer = pickOffer(node.offers ?? variant?.offers);
  const brand = first(node.brand);
  const image = first(node.image);
  const category = typeof node.category === 'string' ? node.category.split(/\s*[>/|›»]\s*/).filter(Boolean) : null;
  return {
    name: decodeEntities(cleanText(first(node.name)), doc),
    price: offer.price,
    listPrice: offer.listPrice,
    currency: offer.currency,
    sku: cleanText(node.sku) ?? cleanText(node.productID),
    gtin: cleanText(node.gtin13 ?? node.gtin ?? node.gtin14 ?? node.gtin12 ?? node.gtin8),
    mpn: cleanText(node.mpn),
    brand: decodeEntities(isNode(brand) ? cleanText(brand.name) : cleanText(brand), doc),
    availability: stock,
    category: category && category.length > 0 ? category : null,
    image: absoluteUrl(isNode(image) ? String(image.url ?? image.contentUrl ?? '') : typeof image === 'string' ? image : null, url),
  };
}

/**
 * Every offer of the page's product: its own, its variants' (hasVariant), those of the same product
 * listed once per size or colour, and those inside an AggregateOffer.
 */
function everyOffer(node: Node, all: Node[]): Node[] {
  const key = sameProductKey(node);
  const variants = [node, ...all.filter((p) => p !== node && sameProductKey(p) === key), ...(Array.isArray(node.hasVariant) ? node.hasVariant.filter(isNode) : [])];
  const offers = variants.flatMap((v) => (Array.isArray(v.offers) ? v.offers : [v.offers])).filter(isNode);
  return [...offers, ...offers.flatMap((o) => (Array.isArray(o.offers) ? o.offers.filter(isNode) : isNode(o.offers) ? [o.offers] : []))];
}

interface OfferFacts {
  price: string | null;
  /** The list price the offer names (a priceSpecification of priceType ListPrice or StrikethroughPrice). */
  listPrice: string | null;
  currency: string | null;
  availability: ReturnType<typeof parseAvailability>;
}

/** priceType values of a list price: schema.org's ListPrice, Google's StrikethroughPrice, and the older MSRP/SRP. */
const LIST_PRICE_TYPE = /(^|[/:#])(ListPrice|StrikethroughPrice|MSRP|SRP|RecommendedRetailPrice)$/i;

/** Whether a price specification is for another quantity than one unit: a UnitPriceSpecification "per 100 g". */
function forAnotherQuantity(spec: Node): boolean {
  const quantity = first(spec.referenceQuantity);
  if (!isNode(quantity)) return false;
  const value = Number(quantity.value ?? 1);
  return Number.isFinite(value) && value !== 1 || (typeof quantity.unitCode === 'string' && !/^(C62|EA|H87|XPP|PCE|piece|unit)$/i.test(quantity.unitCode));
}

/**
 * The first offer that has a price: an Offer's price, an AggregateOffer's lowPrice, or its
 * priceSpecification that is neither a list price nor a price for another quantity. A
 * specification of priceType ListPrice or StrikethroughPrice is the list price.
 */
function pickOffer(offers: unknown): OfferFacts {
  const list = (Array.isArray(offers) ? offers : [offers]).filter(isNode);
  let fallback: OfferFacts = { price: null, listPrice: null, currency: null, availability: null };
  for (const offer of list) {
    const specs = (Array.isArray(offer.priceSpecification) ? offer.priceSpecification : [offer.priceSpecification]).filter(isNode);
    const isList = (spec: Node) => LIST_PRICE_TYPE.test(String(spec.priceType ?? ''));
    const paid = specs.find((spec) => !isList(spec) && !forAnotherQuantity(spec) && normalizeAmount(spec.price));
    const listed = specs.find((spec) => isList(spec) && normalizeAmount(spec.price));
    const price = normalizeAmount(offer.price ?? offer.lowPrice ?? paid?.price);
    const listPrice = listed ? normalizeAmount(listed.price) : null;
    const facts: OfferFacts = {
      // The offer's own price may be the list price it also names, beside a sale price specification.
      price: price && listPrice && price === listPrice && paid ? normalizeAmount(paid.price) : price,
      listPrice,
      currency: normalizeCurrency(offer.priceCurrency ?? paid?.priceCurrency ?? listed?.priceCurrency ?? specs[0]?.priceCurrency),
      availability: parseAvailability(offer.availability),
    };
    if (facts.price) return facts;
    if (fallback.availability === null) fallback = facts;
  }
  return fallback;
}
