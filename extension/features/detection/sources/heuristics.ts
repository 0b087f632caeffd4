import { addToCartButton } from '../add-to-cart';
import { parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency, pageCurrencyHints, parsePrice, type CurrencyHints } from '../price';
import { cleanText } from '../text';
import type { DetectionSource, ProductClues } from '../types';
import { productNumberInUrl } from './url';

const PRICE = '[itemprop=price], [class*="price" i], [data-price], [id*="price" i]';
/** Class or id words of prices that are not the one to pay: struck through, "was", "old", per unit, without tax. */
const NOT_THE_PRICE_WORD =
  /(^|[-_ ])(old|was|before|cross(ed)?|strike|strikethrough|compare|original|list|rrp|uvp|msrp|unit|per|tax|net|excl|saving|savings|discount|instalment|installment|monthly)(price)?([-_ ]|$)/i;
const NOT_THE_PRICE_TAG = /^(del|s|strike)$/i;
const CHROME = 'header, nav, footer, aside, [role=navigation], [role=banner], [class*="mini-cart" i], [class*="minicart" i]';
const BUTTONS =
  'button, input[type=submit], input[type=button], [role=button], a[class*="cart" i], a[id*="cart" i], a[class*="buy" i], a[id*="buy" i], a[class*="btn" i], a[class*="button" i], a[class*="cta" i]';
/** A product page has an add-to-cart button, or a few (a sticky copy, a "buy now"); a listing has one per product. */
const MAX_ADD_BUTTONS = 3;
/** This many add-to-cart buttons and no single product: a listing. */
const LISTING_ADD_BUTTONS = 6;
/** How far up from the add-to-cart button to look for its price. */
const PRICE_CLIMB = 8;
const AVAILABILITY = '[itemprop=availability], #availability, [class*="availability" i], [id*="availability" i], [class*="stock" i], [id*="stock" i]';

/**
 * Last resort for pages with no structured data: a main heading, a price near an add-to-cart
 * button (not one button per item, as on a listing) make a product page; the heading names the
 * product, a spec table ("Brand", "SKU", "EAN") gives its identifiers.
 */
export const heuristicsSource: DetectionSource = {
  name: 'heuristics',
  read({ doc, url, adapter }) {
    const hints = pageCurrencyHints(doc, url);
    const buttons = Array.from(doc.querySelectorAll(BUTTONS)).filter((b) => addToCartButton(b, adapter) !== null && !b.closest(CHROME));
    const addButtons = distinctLabels(buttons);
    const name = mainHeading(doc);
    if (!name) return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing' } : null;
    const hasAddButton = addButtons > 0 && addButtons <= MAX_ADD_BUTTONS;
    const heading = mainHeadingElement(doc);
    const price =
      (hasAddButton ? priceNear(buttons[0]!, hints) : null) ?? loosePrice(doc, hints) ?? (heading ? priceNear(heading, hints) : null) ?? firstPrice(doc, hints);
    const specs = specTable(doc);
    const availability = shownAvailability(doc) ?? (hasAddButton ? 'InStock' : null);
    const brand = specs.brand ?? (heading ? brandNear(heading) : null) ?? brandBeforeName(doc, name);
    const product: ProductClues = { name, price: price?.amount, currency: price?.currency, availability, ...specs, brand, sku: specs.sku ?? productNumberInUrl(url) };
    if (hasAddButton && price) return { kind: 'product', product };
    return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing', product } : { product };
  },
};

/** Buttons with the same label count once (a sticky copy of the buy button). */
function distinctLabels(buttons: Element[]): number {
  return new Set(buttons.map((b) => cleanText(b.textContent ?? b.getAttribute('value'))?.toLowerCase() ?? '')).size === 1 && buttons.length <= 4
    ? 1
    : buttons.length;
}

/** The product's heading: an h1 marked as the name, else the first h1 outside the page chrome that says something. */
export function mainHeading(doc: Document): string | null {
  return cleanText(mainHeadingElement(doc)?.textContent);
}

function mainHeadingElement(doc: Document): Element | null {
  const marked = doc.querySelector('h1[itemprop~="name"]');
  if (cleanText(marked?.textContent)) return marked;
  const headings = Array.from(doc.querySelectorAll('h1')).filter((h1) => {
    const text = cleanText(h1.textContent);
    return text && text.length >= 2 && text.length <= 300 && !h1.closest('nav, footer, aside, [role=navigation]');
  });
  // An h1 in a page header is often the shop's logo; one in an article's header is the product's.
  return headings.find((h1) => !h1.closest(CHROME)) ?? headings[0] ?? null;
}

type Price = { amount: string; currency: string | null };

/** Whether an element (or one of its three nearest ancestors) is a struck-through, old or per-unit price. */
export function isNotThePrice(el: Element): boolean {
  let node: Element | null = el;
  for (let level = 0; node && level < 4; level++, node = node.parentElement) {
    if (NOT_THE_PRICE_TAG.test(node.tagName)) return true;
    const words = `${node.getAttribute('class') ?? ''} ${node.id}`.replace(/([a-z])([A-Z])/g, '$1-$2');
    if (NOT_THE_PRICE_WORD.test(words)) return true;
  }
  return false;
}

function readPrice(el: Element, hints: CurrencyHints): Price | null {
  if (isNotThePrice(el)) return null;
  const content = el.getAttribute('content') ?? el.getAttribute('data-price-amount');
  const shown = cleanText(el.textContent);
  if (content) {
    const amount = normalizeAmount(content);
    if (amount && Number(amount) > 0) return { amount, currency: shown ? parsePrice(shown, hints)?.currency ?? null : null };
  }
  // A price is short; a long text is a block that merely contains one.
  if (!shown || shown.length > 40 || !/\d/.test(shown)) return null;
  const price = parsePrice(shown, hints);
  return price && Number(price.amount) > 0 ? price : null;
}

/** The price in the smallest block around the add-to-cart button that shows one. */
export function priceNear(button: Element, hints: CurrencyHints = {}): Price | null {
  let block: Element | null = button.parentElement;
  for (let level = 0; block && level < PRICE_CLIMB; level++, block = block.parentElement) {
    for (const el of Array.from(block.querySelectorAll(PRICE))) {
      const price = readPrice(el, hints);
      if (price) return price;
    }
    const shown = shownPrice(block, hints);
    if (shown) return shown;
  }
  return null;
}

/** A number with a currency beside it: "74,95 €", "£1,299", "CHF 12.50", "R$ 1.299,90". */
const PRICE_TEXT = /^(?:\p{L}{2,12}\s)?(?:[^\d\s]{1,4}\s?)?\d[\d.,'\u00a0\u202f ]*(?:\s?[^\d\s]{1,4})?$/u;
/** Text nodes read per block, so a huge block (a whole page) costs little. */
const TEXT_NODES_PER_BLOCK = 400;

/** The first short text in a block that reads as a price with its currency (for shops whose price has no telling class). */
function shownPrice(block: Element, hints: CurrencyHints): Price | null {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, 4 /* NodeFilter.SHOW_TEXT */);
  let read = 0;
  for (let node = walker.nextNode(); node && read < TEXT_NODES_PER_BLOCK; node = walker.nextNode(), read++) {
    const parent = node.parentElement;
    if (!parent || /^(script|style|noscript|option)$/i.test(parent.tagName)) continue;
    // The currency may sit in its own element: read the parent's text when it is short.
    const text = cleanText(parent.textContent);
    if (!text || text.length > 30 || !PRICE_TEXT.test(text) || isNotThePrice(parent)) continue;
    const price = parsePrice(text, hints);
    if (price?.currency && Number(price.amount) > 0) return price;
  }
  return null;
}

/** itemprop=price outside any Product scope (loose microdata), when the page has just one. */
function loosePrice(doc: Document, hints: CurrencyHints): Price | null {
  const prices = Array.from(doc.querySelectorAll('[itemprop=price]'))
    .map((el) => readPrice(el, hints))
    .filter((p): p is Price => p !== null);
  if (prices.length === 0 || new Set(prices.map((p) => p.amount)).size > 1) return null;
  const currency = normalizeCurrency(doc.querySelector('[itemprop=priceCurrency]')?.getAttribute('content'));
  return { amount: prices[0]!.amount, currency: currency ?? prices[0]!.currency };
}

function firstPrice(doc: Document, hints: CurrencyHints): Price | null {
  for (const el of Array.from(doc.querySelectorAll(PRICE))) {
    if (el.closest(CHROME)) continue;
    const price = readPrice(el, hints);
    if (price) return price;
  }
  return null;
}

/** Availability as the page shows it: a short text in an availability or stock element. */
export function shownAvailability(doc: Document): ProductClues['availability'] {
  for (const el of Array.from(doc.querySelectorAll(AVAILABILITY)).slice(0, 50)) {
    if (el.closest(CHROME)) continue;
    const value = el.getAttribute('href') ?? el.getAttribute('content') ?? cleanText(el.textContent);
    if (!value || value.length > 80) continue;
    const availability = parseAvailability(value);
    if (availability) return availability;
  }
  return null;
}

const SPEC_LABELS: [RegExp, 'brand' | 'sku' | 'gtin' | 'mpn'][] = [
  [/^(brand|marke|marca|marque|merk|märke|merkki|marka|značka|znamka|бренд|производитель|manufacturer|hersteller|fabricant|fabricante|produttore)$/i, 'brand'],
  [/^(sku|item number|item no\.?|article number|art\.?[- ]?nr\.?|artikelnummer|artikel-nr\.?|artikelnr\.?|référence|réf\.?|ref\.?|referencia|riferimento|codice( articolo| prodotto)?|código|kod( produktu)?|код|product code|product id|tuotenumero|varenummer|artikelnummer|šifra|код товара|артикул|numer katalogowy)$/i, 'sku'],
  [/^(ean|ean-?13|gtin|upc|isbn(-13)?|barcode|ean code|código de barras|čárový kód)$/i, 'gtin'],
  [/^(mpn|model( number| no\.?)?|herstellernummer|hersteller-?artikelnummer|modelo|modello|modèle|référence fabricant|part number|numéro de modèle)$/i, 'mpn'],
];
const LABELS =
  'th, dt, td, li > span:first-child, li > strong:first-child, li > b:first-child, div > span:first-child:not(:only-child), p > span:first-child:not(:only-child), p > strong:first-child, [class*="label" i], [class*="name" i]';

/** Identifiers from a spec table or list: "Brand | Acme", "EAN: 4006381333931", "<dt>SKU</dt><dd>X2</dd>". */
export function specTable(doc: Document): Pick<ProductClues, 'brand' | 'sku' | 'gtin' | 'mpn'> {
  const found: Pick<ProductClues, 'brand' | 'sku' | 'gtin' | 'mpn'> = {};
  let looked = 0;
  for (const el of Array.from(doc.querySelectorAll(LABELS))) {
    if (++looked > 5000) break;
    const raw = cleanText(el.textContent);
    if (!raw || raw.length > 40) continue;
    const [labelPart, inline] = splitLabel(raw);
    const field = SPEC_LABELS.find(([pattern]) => pattern.test(labelPart))?.[1];
    if (!field || found[field]) continue;
    const value = inline ?? valueAfter(el);
    if (!value || value.length > 100) continue;
    if (field === 'gtin' && !/^\d{8,14}$/.test(value.replace(/[\s-]/g, ''))) continue;
    found[field] = field === 'gtin' ? value.replace(/[\s-]/g, '') : value;
  }
  return found;
}

/** The text right after a label: its next sibling node that says something. */
function valueAfter(label: Element): string | null {
  for (let node = label.nextSibling, hops = 0; node && hops < 4; node = node.nextSibling, hops++) {
    const text = cleanText(node.textContent);
    if (text) return text;
  }
  return null;
}

const BRAND = '[itemprop~="brand"], [class*="brand" i], [id*="brand" i], [data-brand]';

/** A short brand element in the block around the product's heading. */
function brandNear(heading: Element): string | null {
  let block: Element | null = heading.parentElement;
  for (let level = 0; block && level < 3; level++, block = block.parentElement) {
    for (const el of Array.from(block.querySelectorAll(BRAND)).slice(0, 10)) {
      const text = cleanText(el.getAttribute('data-brand') ?? el.getAttribute('content') ?? el.textContent);
      if (text && text.length <= 50 && !/^\d+$/.test(text) && !/:/.test(text)) return text;
    }
  }
  return null;
}

/** Fashion shops title a page "<Brand> <name> - ...": the words before the heading's text, when they are few. */
export function brandBeforeName(doc: Document, name: string): string | null {
  const title = cleanText(doc.querySelector('meta[property="og:title" i]')?.getAttribute('content')) ?? cleanText(doc.title);
  if (!title) return null;
  const at = title.toLowerCase().indexOf(name.toLowerCase());
  if (at <= 0) return null;
  const prefix = title.slice(0, at).replace(/[\s\-–—:|]+$/, '').trim();
  const words = prefix.split(/\s+/);
  if (!prefix || words.length > 4 || prefix.length > 40 || /[|»«]/.test(prefix) || /^(buy|shop|kaufen|acheter|comprar|order|new|neu)$/i.test(prefix)) return null;
  return prefix;
}

function splitLabel(text: string): [string, string | null] {
  const m = /^([^:]{1,30}?)\s*:\s*(.*)$/.exec(text);
  if (!m) return [text, null];
  return [m[1]!.trim(), cleanText(m[2]) ?? null];
}
