import { canonicalAmount, normalizeAmount, normalizeCurrency, parsePrice, type CurrencyHints } from './price';
import { isOtherProductsPrice } from './other-products';
import { cleanText, nameWords, shortText } from './text';
import { pacer, queryInSteps, type Steps } from './steps';
import { anyCase } from './selector';

/**
 * Prices as the page shows them: the one near the buy button or the product's heading, and the
 * set of amounts shown anywhere in the page's content (to check structured data against).
 * Pure: reads the DOM only.
 */

export type Price = { amount: string; currency: string | null };

/** PRICE in parts, one query per step (queryInSteps): on a large page one query over all of it is long. */
const PRICE_PARTS = ['[itemprop=price], [data-price]', '[class*="price" i]', '[id*="price" i]'].map(anyCase);
export const PRICE = PRICE_PARTS.join(', ');
/** Class or id words of prices that are not the one to pay: struck through, "was", "old", per unit, without tax. */
const NOT_THE_PRICE_WORD =
  /(^|[-_ ])((old|was|before|cross(ed)?|strike|strikethrough|compare|original|rrp|uvp|msrp|unit|per|tax|net|excl|saving|savings|discount|instalment|installment|monthly)(-?price)?|list-?price)([-_ ]|$)/i;
const NOT_THE_PRICE_TAG = /^(del|s|strike)$/i;
/** The page's chrome: header, menus, footer, side bars and the mini cart. */
export const CHROME = anyCase('header, nav, footer, aside, [role=navigation], [role=banner], [class*="mini-cart" i], [class*="minicart" i]');
/** How far up from the add-to-cart button (or the heading) to look for its price. */
const PRICE_CLIMB = 8;
/** Price elements read to know which amounts the page shows. */
const PRICES_READ = 300;

/** Whether an element (or one of its three nearest ancestors) is a struck-through, old or per-unit price. */
export function isNotThePrice(el: Element): boolean {
  let node: Element | null = el;
  for (let level = 0; node && level < 4; level++, node = node.parentElement) {
    if (NOT_THE_PRICE_TAG.test(node.tagName)) return true;
    if (NOT_THE_PRICE_WORD.test(nameWords(node))) return true;
  }
  return false;
}

/** The price an element shows (its content or data attribute first), unless it is an old or per-unit price. */
export function readPrice(el: Element, hints: CurrencyHints): Price | null {
  if (isNotThePrice(el)) return null;
  const content = el.getAttribute('content') ?? el.getAttribute('data-price-amount');
  const shown = priceText(el, content ? CONTENT_TEXT_MAX : PRICE_TEXT_MAX);
  if (content) {
    const amount = normalizeAmount(content);
    if (amount && Number(amount) > 0) return { amount, currency: shown ? parsePrice(shown, hints)?.currency ?? null : null };
  }
  // A price is short (a longer text is a block that merely contains one, read as none).
  if (!shown || !/\d/.test(shown)) return null;
  const price = parsePrice(shown, hints);
  return price && Number(price.amount) > 0 ? price : null;
}

/** The longest text read as a price. */
const PRICE_TEXT_MAX = 40;
/** The longest text read for the currency of a price given in an attribute. */
const CONTENT_TEXT_MAX = 200;

/**
 * An element's text when it is short (else null), with cents set in superscript read as decimals:
 * "173<sup>34</sup> Lei" → "173.34 Lei".
 */
export function priceText(el: Element, max: number): string | null {
  return shortText(el, max, (part, before) => {
    const cents = part.parentElement?.tagName === 'SUP' && /^\s*\d{2}\s*$/.test(part.data) && /\d\s*$/.test(before);
    return cents ? `.${part.data.trim()}` : part.data;
  });
}

/** A price found near an element, and how many levels up from it. */
export interface NearPrice {
  price: Price;
  level: number;
}

/** The price in the smallest block around `anchor` (the buy button, the heading) that shows one. */
export function nearestPrice(anchor: Element, hints: CurrencyHints = {}): NearPrice | null {
  // Each level reads only what the level below did not: the blocks beside the one already read.
  let inner: Element | null = null;
  let block: Element | null = anchor.parentElement;
  for (let level = 0; block && level < PRICE_CLIMB; level++, inner = block, block = block.parentElement) {
    const beside = Array.from(block.children).filter((child) => child !== inner);
    for (const part of beside) {
      for (const el of part.matches(PRICE) ? [part, ...Array.from(part.querySelectorAll(PRICE))] : Array.from(part.querySelectorAll(PRICE))) {
        if (isOtherProductsPrice(el)) continue;
        const price = readPrice(el, hints);
        if (price) return { price, level };
      }
    }
    let budget = TEXT_NODES_PER_BLOCK;
    for (const part of beside) {
      const shown = shownPrice(part, hints, budget);
      if (shown.price) return { price: shown.price, level };
      budget -= shown.read;
      if (budget <= 0) break;
    }
    const phrase = level < PHRASE_CLIMB ? pricePhrase(block, hints) : null;
    if (phrase) return { price: phrase, level };
  }
  return null;
}

/** A price in a short phrase right beside the anchor: "最低價$99元起/包", "ab 24,90 € pro Stück". */
const PHRASE_CLIMB = 2;
const PHRASE_MAX = 24;
/** A currency symbol then a number, or a number then a symbol (元 is the yuan and the Taiwan dollar). */
const PRICE_IN_PHRASE = /(?:[$€£¥￥₹₩₽₺₪]|NT\$|R\$)\s?\d[\d.,]*|\d[\d.,]*\s?(?:[€£元₹₽₺₪]|zł|Kč|Ft|kr|lei)(?!\p{L})/u;

function pricePhrase(block: Element, hints: CurrencyHints): Price | null {
  for (const el of Array.from(block.children).slice(0, 20)) {
    const text = shortText(el, PHRASE_MAX);
    if (!text || isNotThePrice(el) || el.querySelector('del, s, strike')) continue;
    const found = PRICE_IN_PHRASE.exec(text);
    if (!found) continue;
    const price = parsePrice(found[0], hints);
    if (price?.currency && Number(price.amount) > 0) return price;
  }
  return null;
}

/** A number with a currency beside it: "74,95 €", "£1,299", "CHF 12.50", "R$ 1.299,90". */
const PRICE_TEXT = /^(?:\p{L}{2,12}\s)?(?:[^\d\s]{1,4}\s?)?\d[\d.,'\u00a0\u202f ]*(?:\s?[^\d\s]{1,4})?$/u;
/** Text nodes read per block, so a huge block (a whole page) costs little. */
const TEXT_NODES_PER_BLOCK = 400;

/** The first short text in a block that reads as a price with its currency (for shops whose price has no telling class). */
function shownPrice(block: Element, hints: CurrencyHints, budget: number): { price: Price | null; read: number } {
  const doc = block.ownerDocument;
  const walker = doc.createTreeWalker(block, 4 /* NodeFilter.SHOW_TEXT */);
  let read = 0;
  for (let node = walker.nextNode(); node && read < budget; node = walker.nextNode(), read++) {
    const parent = node.parentElement;
    const own = node.nodeValue ?? '';
    // A price's element is small: skip long texts and big blocks before reading their whole text.
    if (!parent || own.length > 60 || !/\d/.test(own) && parent.childElementCount === 0) continue;
    if (parent.childElementCount > 6 || /^(script|style|noscript|option)$/i.test(parent.tagName)) continue;
    // The currency may sit in its own element: read the parent's text when it is short.
    const text = shortText(parent, 30);
    if (!text || !PRICE_TEXT.test(text) || isNotThePrice(parent) || isOtherProductsPrice(parent)) continue;
    const price = parsePrice(text, hints);
    if (price?.currency && Number(price.amount) > 0) return { price, read };
  }
  return { price: null, read };
}

/** itemprop=price outside any Product scope (loose microdata), when the page has just one. */
export function loosePrice(doc: Document, hints: CurrencyHints): Price | null {
  const prices = Array.from(doc.querySelectorAll('[itemprop=price]'))
    .map((el) => readPrice(el, hints))
    .filter((p): p is Price => p !== null);
  if (prices.length === 0 || new Set(prices.map((p) => p.amount)).size > 1) return null;
  const currency = normalizeCurrency(doc.querySelector('[itemprop=priceCurrency]')?.getAttribute('content'));
  return { amount: prices[0]!.amount, currency: currency ?? prices[0]!.currency };
}

/** The first price element of the page's content. */
export function firstPrice(doc: Document, hints: CurrencyHints): Price | null {
  for (const el of Array.from(doc.querySelectorAll(PRICE))) {
    if (el.closest(CHROME) || isOtherProductsPrice(el)) continue;
    const price = readPrice(el, hints);
    if (price) return price;
  }
  return null;
}

/** The prices a page shows outside its chrome: its own distinct amounts, and how many are on other products' cards. */
export interface PagePrices {
  own: Set<string>;
  onCards: number;
}

/**
 * The prices the page shows to pay (not struck through, not "was", outside the chrome), the
 * page's own amounts in canonical form ("997.00" and "997" are one amount) apart from those on
 * other products' cards, which are counted.
 * e.g. <span class="price">71,91 €</span><span class="old-price">79,90 €</span> → own {"71.91"}, onCards 0
 */
export function* pagePrices(doc: Document, hints: CurrencyHints = {}): Steps<PagePrices> {
  const own = new Set<string>();
  let onCards = 0;
  let read = 0;
  const pace = pacer();
  for (const el of yield* queryInSteps(doc, PRICE_PARTS)) {
    if (++read > PRICES_READ) break;
    if (pace()) yield;
    if (el.tagName === 'META' || el.closest(CHROME)) continue;
    const price = readPrice(el, hints);
    if (!price) continue;
    if (isOtherProductsPrice(el)) onCards++;
    else own.add(canonicalAmount(price.amount));
  }
  return { own, onCards };
}
