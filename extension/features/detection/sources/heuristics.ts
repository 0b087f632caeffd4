import { STYLED_BUTTONS, addToCartButton } from '../add-to-cart';
import { parseAvailability } from '../availability';
import { pageCurrencyHints, type CurrencyHints } from '../price';
import { isInRepeatedCard } from '../other-products';
import { CHROME, firstPrice, loosePrice, nearestPrice, pagePrices, type Price } from '../shown-price';
import { hasQuantityBox, type PageSigns } from '../visible/page-signs';
import { PRODUCT_THRESHOLD, productLikelihood, type KindModel } from '../visible/page-kind';
import { PAGE_KIND_MODEL } from '../visible/page-kind.model';
import { cleanText, hasText, shortText, squash } from '../text';
import { pacer, queryInSteps, runToEnd, type Steps } from '../steps';
import type { Clues, DetectionSource, ProductClues, SourceInput } from '../types';
import { productNumberInUrl, searchTerms } from './url';
import { headingText, mainHeadingElement } from '../visible/heading';
import { anyCase } from '../selector';

/** What may be a buy button, in parts queried one per step (queryInSteps). */
const BUTTONS = [
  'button, input[type=submit], input[type=button], [role=button]',
  anyCase('a[class*="cart" i], a[id*="cart" i], a[class*="buy" i], a[id*="buy" i], a[class*="btn" i], a[class*="button" i], a[class*="cta" i]'),
  STYLED_BUTTONS,
];
/** A product page has an add-to-cart button, or a few (a sticky copy, a "buy now"); a listing has one per product. */
const MAX_ADD_BUTTONS = 3;
/** This many add-to-cart buttons and no single product: a listing. */
const LISTING_ADD_BUTTONS = 6;
const AVAILABILITY = anyCase('[itemprop=availability], #availability, [class*="availability" i], [id*="availability" i], [class*="stock" i], [id*="stock" i]');

/**
 * Last resort for pages with no structured data, reading what a shopper sees: the page's signs
 * (a heading, a price near it or near its own buy button, a quantity box, against prices on
 * cards and a search in the address) weighed by the page-kind model make a product page; the
 * heading names the product, a spec table ("Brand", "SKU", "EAN") gives its identifiers.
 */
export const heuristicsSource: DetectionSource = visibleHeuristics(PAGE_KIND_MODEL);

/** The heuristics deciding the page's kind with `model` (another one only to measure it on pages it did not learn from). */
export function visibleHeuristics(model: KindModel): DetectionSource {
  return {
    name: 'heuristics',
    read: (input) => runToEnd(readHeuristics(input, model)),
    steps: (input) => readHeuristics(input, model),
  };
}

/** What the visible page shows of a product: its heading, its buy buttons, the price near them, and the signs of its kind. */
export interface SeenPage {
  signs: PageSigns;
  heading: Element | null;
  buttons: Element[];
  hasAddButton: boolean;
  addButtons: number;
  price: Price | null;
  /** The list price shown beside that price (struck through, "was"), when one is. */
  listPrice: string | null;
}

/** Reads the visible page in steps: buttons; heading and prices near it; prices on the page. */
export function* seeThePage({ doc, url, adapter }: SourceInput, hints: CurrencyHints = pageCurrencyHints(doc, url)): Steps<SeenPage> {
  const pace = pacer();
  const everyButton: Element[] = [];
  for (const b of yield* queryInSteps(doc, BUTTONS)) {
    if (pace()) yield;
    if (addToCartButton(b, adapter) !== null && !b.closest(CHROME)) everyButton.push(b);
  }
  // Buttons of other products (related rows, cards) do not count, unless the page is all cards: a listing.
  const own: Element[] = [];
  for (const b of everyButton) {
    if (pace()) yield;
    if (!isInRepeatedCard(b)) own.push(b);
  }
  const buttons = own.length > 0 ? own : everyButton;
  const addButtons = distinctLabels(buttons);
  const hasAddButton = addButtons > 0 && addButtons <= MAX_ADD_BUTTONS;
  yield;
  const heading = mainHeadingElement(doc) ?? (hasAddButton ? titleNear(buttons[0]!) : null);
  const byButton = hasAddButton ? nearestPrice(buttons[0]!, hints) : null;
  const byHeading = heading ? nearestPrice(heading, hints) : null;
  yield;
  const prices = yield* pagePrices(doc, hints);
  yield;
  const signs: PageSigns = {
    headingWords: wordsIn(headingText(heading)),
    priceByHeading: byHeading?.level ?? null,
    priceByButton: byButton?.level ?? null,
    ownButtons: hasAddButton ? addButtons : 0,
    cardButtons: everyButton.length - own.length,
    quantity: hasQuantityBox(doc),
    cardPrices: prices.onCards,
    ownPrices: prices.own.size,
    numberInUrl: productNumberInUrl(url) !== null,
    searchInUrl: searchTerms(url) !== null,
    password: doc.querySelector('input[type=password]') !== null,
  };
  const near = byButton && (!byHeading || byButton.level <= byHeading.level) ? byButton : byHeading;
  return { signs, heading, buttons, hasAddButton, addButtons, price: near?.price ?? null, listPrice: near?.listPrice ?? null };
}

/** Words of a heading: "Desk lamp, oak" → 3; CJK text counts a word per two characters. */
function wordsIn(text: string | null): number {
  if (!text) return 0;
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu) ?? []).length;
  return text.split(/\s+/).filter(Boolean).length + Math.floor(cjk / 2);
}

/** The heuristics in steps: the visible page; spec table; the rest. */
function* readHeuristics(input: SourceInput, model: KindModel): Steps<Clues | null> {
  const { doc, url } = input;
  const hints = pageCurrencyHints(doc, url);
  const seen = yield* seeThePage(input, hints);
  const { heading, addButtons } = seen;
  const name = headingText(heading);
  if (!name) return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing' } : null;
  yield;
  const price = seen.price ?? loosePrice(doc, hints) ?? firstPrice(doc, hints);
  yield;
  const specs = yield* specTableInSteps(doc);
  yield;
  const availability = shownAvailability(doc) ?? (seen.hasAddButton ? 'InStock' : null);
  yield;
  const brand = specs.brand ?? (heading ? brandNear(heading) : null) ?? brandBeforeName(doc, name, url) ?? (yield* brandLeadingNameInSteps(doc, name));
  const listPrice = seen.price ? seen.listPrice : null;
  const product: ProductClues = { name, price: price?.amount, listPrice, currency: price?.currency, availability, ...specs, brand, sku: specs.sku ?? productNumberInUrl(url) };
  if (price && productLikelihood(seen.signs, model) > PRODUCT_THRESHOLD) return { kind: 'product', product };
  return addButtons >= LISTING_ADD_BUTTONS ? { kind: 'listing', product } : { product };
}

const TITLES = anyCase('h2, h3, [class*="title" i], [class*="name" i]');
/** How far up from the buy button to look for a title, on pages without a main heading. */
const TITLE_CLIMB = 7;

/** A page with no h1: the product's title is the title-like element closest to its buy button. */
function titleNear(button: Element): Element | null {
  let block: Element | null = button.parentElement;
  for (let level = 0; block && level < TITLE_CLIMB; level++, block = block.parentElement) {
    for (const el of Array.from(block.querySelectorAll(TITLES)).slice(0, 10)) {
      const text = shortText(el, 200);
      if (text && text.length >= 2 && !el.contains(button) && !el.closest(CHROME) && !/\d[.,]\d/.test(text)) return el;
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
  return headingText(mainHeadingElement(doc));
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
/** What may label a spec, in parts queried one per step (queryInSteps). */
const LABELS = [
  'th, dt, td, li > span:first-child, li > strong:first-child, li > b:first-child',
  'div > span:first-child:not(:only-child), p > span:first-child:not(:only-child), p > strong:first-child',
  anyCase('[class*="label" i], [class*="name" i]'),
];

/** Identifiers from a spec table or list: "Brand | Acme", "EAN: 4006381333931", "<dt>SKU</dt><dd>X2</dd>". */
export function specTable(doc: Document): SpecIds {
  return runToEnd(specTableInSteps(doc));
}

type SpecIds = Pick<ProductClues, 'brand' | 'sku' | 'gtin' | 'mpn'>;

function* specTableInSteps(doc: Document): Steps<SpecIds> {
  const found: SpecIds = {};
  let looked = 0;
  const pace = pacer();
  for (const el of yield* queryInSteps(doc, LABELS)) {
    if (++looked > 5000) break;
    if (pace()) yield;
    if (el.childElementCount > 3) continue; // a label is small
    const raw = shortText(el, 40);
    if (!raw) continue;
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
    const text = shortText(node, 100);
    if (text || hasText(node)) return text; // a text too long to be a value: none
  }
  return null;
}

const BRAND = anyCase('[itemprop~="brand"], [class*="brand" i], [id*="brand" i], [data-brand]');

/** A short brand element in the block around the product's heading. */
function brandNear(heading: Element): string | null {
  let block: Element | null = heading.parentElement;
  for (let level = 0; block && level < 3; level++, block = block.parentElement) {
    for (const el of Array.from(block.querySelectorAll(BRAND)).slice(0, 10)) {
      const text = cleanText(el.getAttribute('data-brand') ?? el.getAttribute('content')) ?? shortText(el, 50);
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
  if (!prefix || words.length > 4 || prefix.length > 40 || /[|»«]/.test(prefix) || /^(buy|shop|kaufen|acheter|comprar|compra|acquista|купить|kup|kupi|köp|osta|koop|order|new|neu|tickets?|entradas|billets|biglietti)$/i.test(prefix)) return null;
  // "<Shop> - <name>": a title that starts with the shop's own name says nothing of the brand.
  return url && isShopName(prefix, doc, url) ? null : prefix;
}

/** Whether a text is the shop's name: its og:site_name, or the main word of its host ("i3Fresh 愛上新鮮" on i3fresh.tw). */
function isShopName(text: string, doc: Document, url: URL): boolean {
  const site = cleanText(doc.querySelector('meta[property="og:site_name" i]')?.getAttribute('content'));
  if (site && squash(site) === squash(text)) return true;
  const labels = url.hostname.toLowerCase().replace(/^www\d*\./, '').split('.');
  const main = labels.length > 1 ? labels[labels.length - 2]! : labels[0]!;
  const host = squash(main.length <= 3 && labels.length > 2 ? labels[labels.length - 3]! : main);
  return host.length >= 3 && squash(text).startsWith(host);
}

/** "More from Casio", "Shop all TP-Link", "Alle Produkte von Bosch", "Plus de produits Ravensburger". */
const MORE_FROM =
  /^(?:more(?: products)? (?:from|by)|shop all|see all|view all|all products (?:from|by)|mehr von|alle(?: produkte| artikel)? von|plus de(?: produits)?|tous les produits|ver (?:todo|m[áa]s) de|todos os produtos(?: da| de)?|altri prodotti(?: di)?|visit the) (.{2,40}?)(?: (?:store|shop|products|produkte|produits|productos|produtos))?$/i;
/** A link to a brand's own page: /brand/tp-link, /marca/bosch, ?manufacturer=12, /brands/casio. */
const BRAND_HREF = /[/?&=_-](brands?|marcas?|marken?|marques?|merken?|manufacturers?|hersteller|fabricantes?|producent|proizvodjac)([/=_-]|$)/i;
/** Links read to find one that names a word of the heading. */
const LINKS_READ = 3000;

/**
 * Many names start with their brand ("TP-Link Tapo C200", "Casio FX-991ES"): the first word or two
 * of the heading, when the page also links to it on its own ("More from TP-Link", a brand page's
 * link, a breadcrumb). A word of the name that nothing else on the page names is not taken.
 */
export function brandLeadingName(doc: Document, name: string): string | null {
  return runToEnd(brandLeadingNameInSteps(doc, name));
}

function* brandLeadingNameInSteps(doc: Document, name: string): Steps<string | null> {
  const words = name.split(/\s+/);
  const candidates = [words.slice(0, 2).join(' '), words[0]!].filter((c, i, all) => c.length >= 2 && c.length <= 40 && all.indexOf(c) === i && !/^\d/.test(c));
  if (candidates.length === 0 || words.length < 2) return null;
  // Accents aside too: "Björn" and "Bjorn" are one name here.
  const plain = (s: string) => squash(s.normalize('NFKD'));
  const wanted = new Map(candidates.map((c) => [plain(c), c]));
  let read = 0;
  const pace = pacer();
  for (const link of Array.from(doc.querySelectorAll('a[href]'))) {
    if (++read > LINKS_READ) break;
    if (pace()) yield;
    const text = shortText(link, 60);
    if (!text) continue;
    // A link to the brand's page, or one that says "more from <brand>": a category link names no brand.
    const more = MORE_FROM.exec(text);
    if (!more && !BRAND_HREF.test(link.getAttribute('href') ?? '')) continue;
    const found = wanted.get(plain(more ? more[1]! : text));
    if (found && !link.closest('h1')) return found;
  }
  return null;
}

function splitLabel(text: string): [string, string | null] {
  const m = /^([^:]{1,30}?)\s*:\s*(.*)$/.exec(text);
  if (!m) return [text, null];
  return [m[1]!.trim(), cleanText(m[2]) ?? null];
}
