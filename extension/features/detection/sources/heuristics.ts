import { STYLED_BUTTONS, addToCartButton } from '../add-to-cart';
import { parseAvailability } from '../availability';
import { pageCurrencyHints } from '../price';
import { isInRepeatedCard } from '../other-products';
import { CHROME, firstPrice, loosePrice, mainPrice } from '../shown-price';
import { cleanText } from '../text';
import { runToEnd, type Steps } from '../steps';
import type { Clues, DetectionSource, ProductClues, SourceInput } from '../types';
import { productNumberInUrl } from './url';

const BUTTONS =
  `button, input[type=submit], input[type=button], [role=button], a[class*="cart" i], a[id*="cart" i], a[class*="buy" i], a[id*="buy" i], a[class*="btn" i], a[class*="button" i], a[class*="cta" i], ${STYLED_BUTTONS}`;
/** A product page has an add-to-cart button, or a few (a sticky copy, a "buy now"); a listing has one per product. */
const MAX_ADD_BUTTONS = 3;
/** This many add-to-cart buttons and no single product: a listing. */
const LISTING_ADD_BUTTONS = 6;
const AVAILABILITY = '[itemprop=availability], #availability, [class*="availability" i], [id*="availability" i], [class*="stock" i], [id*="stock" i]';

/**
 * Last resort for pages with no structured data: a main heading, a price near an add-to-cart
 * button (not one button per item, as on a listing) make a product page; the heading names the
 * product, a spec table ("Brand", "SKU", "EAN") gives its identifiers.
 */
export const heuristicsSource: DetectionSource = {
  name: 'heuristics',
  read: (input) => runToEnd(readHeuristics(input)),
  steps: readHeuristics,
};

/** The heuristics in steps: buttons; heading and price; spec table; the rest. */
function* readHeuristics({ doc, url, adapter }: SourceInput): Steps<Clues | null> {
  const hints = pageCurrencyHints(doc, url);
  const everyButton = Array.from(doc.querySelectorAll(BUTTONS)).filter((b) => addToCartButton(b, adapter) !== null && !b.closest(CHROME));
  // Buttons of other products (related rows, cards) do not count, unless the page is all cards: a listing.
  const own = everyButton.filter((b) => !isInRepeatedCard(b));
  const buttons = own.length > 0 ? own : everyButton;
  const addButtons = distinctLabels(buttons);
  const hasAddButton = addButtons > 0 && addButtons <= MAX_ADD_BUTTONS;
  yield;
  const heading = mainHeadingElement(doc) ?? (hasAddButton ? titleNear(buttons[0]!) : null);
  const name = cleanText(heading?.textContent);
  if (!name) return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing' } : null;
  const price = mainPrice([hasAddButton ? buttons[0] : null, heading], hints) ?? loosePrice(doc, hints) ?? firstPrice(doc, hints);
  yield;
  const specs = specTable(doc);
  yield;
  const availability = shownAvailability(doc) ?? (hasAddButton ? 'InStock' : null);
  const brand = specs.brand ?? (heading ? brandNear(heading) : null) ?? brandBeforeName(doc, name, url);
  const product: ProductClues = { name, price: price?.amount, currency: price?.currency, availability, ...specs, brand, sku: specs.sku ?? productNumberInUrl(url) };
  if (hasAddButton && price) return { kind: 'product', product };
  return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing', product } : { product };
}

const TITLES = 'h2, h3, [class*="title" i], [class*="name" i]';
/** How far up from the buy button to look for a title, on pages without a main heading. */
const TITLE_CLIMB = 4;

/** A page with no h1: the product's title is the title-like element closest to its buy button. */
function titleNear(button: Element): Element | null {
  let block: Element | null = button.parentElement;
  for (let level = 0; block && level < TITLE_CLIMB; level++, block = block.parentElement) {
    for (const el of Array.from(block.querySelectorAll(TITLES)).slice(0, 10)) {
      const text = cleanText(el.textContent);
      if (text && text.length >= 2 && text.length <= 200 && !el.contains(button) && !el.closest(CHROME) && !/\d[.,]\d/.test(text)) return el;
    }
  }
  return null;
}

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

/**
 * Availability as the page shows it: a short text in an availability or stock element (a sold-out
 * buy box is checked once for every source, after they are merged: detect.ts).
 * e.g. <p class="stock">In stock</p> → "InStock"
 */
export function shownAvailability(doc: Document): ProductClues['availability'] {
  let shown: ProductClues['availability'] = null;
  for (const el of Array.from(doc.querySelectorAll(AVAILABILITY)).slice(0, 50)) {
    if (el.closest(CHROME)) continue;
    const value = el.getAttribute('href') ?? el.getAttribute('content') ?? cleanText(el.textContent);
    if (!value || value.length > 80) continue;
    shown = parseAvailability(value);
    if (shown) break;
  }
  return shown;
}

/** Spec-table labels of the brand, GTIN and MPN (the SKU is the code the page shows: `shownSku`, checked in detect.ts). */
const SPEC_LABELS: [RegExp, 'brand' | 'gtin' | 'mpn'][] = [
  [/^(brand|marke|marca|marque|merk|märke|merkki|marka|značka|znamka|бренд|производитель|manufacturer|hersteller|fabricant|fabricante|produttore)$/i, 'brand'],
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
    if (el.childElementCount > 3) continue; // a label is small; reading a big block's text is costly
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
export function brandBeforeName(doc: Document, name: string, url?: URL): string | null {
  const title = cleanText(doc.querySelector('meta[property="og:title" i]')?.getAttribute('content')) ?? cleanText(doc.title);
  if (!title) return null;
  const at = title.toLowerCase().indexOf(name.toLowerCase());
  if (at <= 0) return null;
  const prefix = title.slice(0, at).replace(/[\s\-–—:|]+$/, '').trim();
  const words = prefix.split(/\s+/);
  if (!prefix || words.length > 4 || prefix.length > 40 || /[|»«]/.test(prefix) || /^(buy|shop|kaufen|acheter|comprar|order|new|neu)$/i.test(prefix)) return null;
  // "<Shop> - <name>": a title that starts with the shop's own name says nothing of the brand.
  return url && isShopName(prefix, doc, url) ? null : prefix;
}

/** Whether a text is the shop's name: its og:site_name, or the main word of its host ("i3Fresh 愛上新鮮" on i3fresh.tw). */
function isShopName(text: string, doc: Document, url: URL): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const site = cleanText(doc.querySelector('meta[property="og:site_name" i]')?.getAttribute('content'));
  if (site && squash(site) === squash(text)) return true;
  const labels = url.hostname.toLowerCase().replace(/^www\d*\./, '').split('.');
  const main = labels.length > 1 ? labels[labels.length - 2]! : labels[0]!;
  const host = squash(main.length <= 3 && labels.length > 2 ? labels[labels.length - 3]! : main);
  return host.length >= 3 && squash(text).startsWith(host);
}

function splitLabel(text: string): [string, string | null] {
  const m = /^([^:]{1,30}?)\s*:\s*(.*)$/.exec(text);
  if (!m) return [text, null];
  return [m[1]!.trim(), cleanText(m[2]) ?? null];
}
