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

/** Attributes besides class and id that name what a price is: `data-auto="old-price"`, `data-testid="was-price"`. */
const NAMING_ATTRIBUTES = ['data-auto', 'data-testid', 'data-test', 'data-qa', 'data-test-id', 'data-price-type', 'itemprop'];
/** How many levels up a struck-through style still strikes the price (line-through is drawn over descendants). */
const STRIKE_CLIMB = 3;

/** An element's naming words: class, id and the naming data attributes. */
function priceNameWords(el: Element): string {
  let words = nameWords(el);
  for (const name of NAMING_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value && value.length <= 60) words += ` ${value.replace(/([a-z])([A-Z])/g, '$1-$2')}`;
  }
  return words;
}

/**
 * Whether an element is drawn struck through: `<s>`, `<del>`, `<strike>`, or a `text-decoration:
 * line-through` of its own or of one of its nearest ancestors (inline, or from the page's style
 * sheets where the document has a window to compute styles with).
 * e.g. <span style="text-decoration: line-through">€ 99</span> → true
 */
export function isStruckThrough(el: Element): boolean {
  const sheets = strikingRules(el.ownerDocument);
  let node: Element | null = el;
  for (let level = 0; node && level <= STRIKE_CLIMB; level++, node = node.parentElement) {
    if (NOT_THE_PRICE_TAG.test(node.tagName)) return true;
    if (/line-through/i.test(node.getAttribute('style') ?? '')) return true;
    if (sheets.selectors.length > 0 && matchesAny(node, sheets.selectors)) return true;
    if (sheets.unreadable && level <= 1 && computedLineThrough(node)) return true;
  }
  return false;
}

/** The selectors of the page's style rules that strike text through, and whether some sheet could not be read (another origin's). */
interface StrikingRules {
  selectors: string[];
  unreadable: boolean;
  /** How many sheets the page had when read: read again when it has more. */
  sheets: number;
}
const STRIKING = new WeakMap<Document, StrikingRules>();
/** Style rules read per page, so a huge style sheet costs little. */
const RULES_READ = 20_000;

/**
 * The page's own style rules that draw text struck through, read once per document (again when it
 * gains style sheets): matching an element against them is cheap where computing its style is not.
 * Sheets of another origin cannot be read: then the browser computes the style of the candidates.
 */
function strikingRules(doc: Document): StrikingRules {
  const count = doc.styleSheets?.length ?? 0;
  const known = STRIKING.get(doc);
  if (known && known.sheets === count) return known;
  const found: StrikingRules = { selectors: [], unreadable: false, sheets: count };
  let read = 0;
  const visit = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      if (++read > RULES_READ) return;
      const style = (rule as CSSStyleRule).style;
      const selector = (rule as CSSStyleRule).selectorText;
      if (selector && style && /line-through/i.test(`${style.textDecoration ?? ''} ${style.textDecorationLine ?? ''} ${style.getPropertyValue?.('text-decoration') ?? ''}`)) {
        found.selectors.push(selector);
      }
      const nested = (rule as CSSGroupingRule).cssRules;
      if (nested) visit(nested);
    }
  };
  for (const sheet of Array.from(doc.styleSheets ?? [])) {
    try {
      visit(sheet.cssRules);
    } catch {
      found.unreadable = true;
    }
  }
  STRIKING.set(doc, found);
  return found;
}

function matchesAny(el: Element, selectors: readonly string[]): boolean {
  for (const selector of selectors) {
    try {
      if (el.matches(selector)) return true;
    } catch {
      // A selector this engine does not know matches nothing.
    }
  }
  return false;
}

function computedLineThrough(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view || typeof view.getComputedStyle !== 'function') return false;
  try {
    const style = view.getComputedStyle(el);
    return /line-through/.test(`${style.textDecorationLine ?? ''} ${style.textDecoration ?? ''}`);
  } catch {
    return false;
  }
}

/** Words shown before a price that is not the price to pay now: a former, list or recommended price, a saving. */
const LIST_LABEL =
  /(?:^|[\s(])(was|were|previously|before|regular(?:ly)?(?: price)?|reg\.|compare(?: at)?|list(?: price)?|rrp|msrp|srp|uvp|statt|vorher|ursprünglich|avant|au lieu de|prix (?:barré|de référence|conseillé)|antes|precio (?:anterior|de lista)|prima|prezzo (?:consigliato|di listino)|originally|original(?: price)?|retail(?: price)?|normal(?:ly)?(?: price)?|you save|save|sparen|sie sparen|économisez|ahorra)\s*:?\s*$/i;
/** The same labels at the start of a price's own text: "Was £20.00", "RRP: 49,95 €". */
const LIST_LABEL_FIRST =
  /^\(?\s*(was|were|previously|before|regular(?:ly)?(?: price)?|reg\.|compare(?: at)?|list(?: price)?|rrp|msrp|srp|uvp|statt|vorher|avant|au lieu de|antes|prima|originally|original(?: price)?|retail(?: price)?|normal(?:ly)?(?: price)?|you save|save|sparen|économisez|ahorra|de(?=\s*[A-Z]{0,2}\$))\b/i;
/**
 * A price for another quantity than the one unit sold: "2 for $30", "3 x 9,99 €", "€ 12,40 / kg",
 * "per 100 g", "from $29 / month", "($0.45 / Count)", "(2,50 € each)".
 */
const UNITS = 'k?g|mg|m?l|cl|dl|oz|lb|lbs|m²|m2|m|qm|kilo|kilos|liter|litre|meter|metre|ct|count|unit|mo|mth|month|monat|mois|mes|week|wk|woche|semaine|semana|yr|year|jahr|an|año|ano|day|tag|jour|día|dia';
const OTHER_QUANTITY = new RegExp(
  [
    '^\\s*\\d+\\s*(?:for|x|×)\\s', // "2 for $30", "3 x 9,99 €"
    `\\b(?:per|par|pro|je|por|le|la)\\s+(?:\\d+\\s*)?(?:${UNITS})\\b`, // "per 100 g", "pro Monat", "par mois", "por mes"
    '\\([^)]*\\b(?:each|pro|je|stück|la pièce|cada)\\b[^)]*\\)', // "(2,50 € each)": a multipack's unit price
    `\\/\\s*(?:\\d+\\s*)?(?:${UNITS})\\b`, // "€ 12,40 / kg", "$29/mo"
    '\\b(?:a|per|each|every) (?:month|week|year)\\b',
    '\\b(?:monthly|monatlich|mensuel(?:le)?|mensual|mensal)\\b',
    '\\bx\\s*\\d+\\s*(?:months|mois|monate|meses|raten)\\b', // "x 12 months"
  ].join('|'),
  'iu',
);

/** Whether a price's text is for another quantity (a multipack's unit price, a monthly instalment, "2 for"). */
export function isOtherQuantity(text: string): boolean {
  return OTHER_QUANTITY.test(text);
}

const SCREEN_READER_ONLY = /(^|[-_ ])(visually-hidden|sr-only|screen-reader(-text)?|visuallyhidden|a11y)([-_ ]|$)/i;

/** The short text right before an element (its previous siblings, nearest first), where a "Was" label sits. */
function textBefore(el: Element): string {
  let text = '';
  for (let node = el.previousSibling, hops = 0; node && hops < 3 && text.length <= 30; node = node.previousSibling, hops++) {
    // A label only for screen readers ("Regular price" before a price not on sale) is not shown.
    if (node.nodeType === 1 && SCREEN_READER_ONLY.test(nameWords(node as Element))) continue;
    const part = shortText(node, 30);
    if (part === null && node.nodeType === 1 && hasAnyText(node)) break; // a long block: no label
    text = `${part ?? ''} ${text}`;
  }
  return text.trim();
}

function hasAnyText(node: Node): boolean {
  return (node.textContent ?? '').trim() !== '';
}

/** Whether a "Was", "RRP" or "Compare at" label stands before the element (or its parent, for a price in its own span). */
export function hasListLabel(el: Element): boolean {
  let node: Element | null = el;
  for (let level = 0; node && level < 2; level++, node = node.parentElement) {
    if (LIST_LABEL.test(textBefore(node))) return true;
  }
  return false;
}

/**
 * Whether an element is a list price: struck through, named old/was/compare/list/rrp (itself or
 * one of its three nearest ancestors), or labelled "Was", "RRP", "Compare at".
 */
export function isListPrice(el: Element): boolean {
  if (isStruckThrough(el)) return true;
  let node: Element | null = el;
  for (let level = 0; node && level < 4; level++, node = node.parentElement) {
    if (LIST_WORD.test(priceNameWords(node))) return true;
  }
  const own = shortText(el, PRICE_TEXT_MAX);
  return (own !== null && LIST_LABEL_FIRST.test(own)) || hasListLabel(el);
}

/** Class or id words of a list price: struck through, old, was, compare at, recommended. */
const LIST_WORD = /(^|[-_ ])((old|was|before|cross(ed)?|strike|strikethrough|striked|compare|original|rrp|uvp|msrp)(-?price)?|list-?price|price-?(old|was|before|compare|original|strike|crossed))([-_ ]|$)/i;

/** Whether an element (or one of its three nearest ancestors) is a struck-through, old, per-unit or other-quantity price. */
export function isNotThePrice(el: Element): boolean {
  if (isStruckThrough(el)) return true;
  let node: Element | null = el;
  for (let level = 0; node && level < 4; level++, node = node.parentElement) {
    if (NOT_THE_PRICE_WORD.test(priceNameWords(node))) return true;
  }
  const own = shortText(el, PRICE_TEXT_MAX);
  if (own !== null && (LIST_LABEL_FIRST.test(own) || OTHER_QUANTITY.test(own))) return true;
  return hasListLabel(el);
}

/** The price an element shows (its content or data attribute first), unless it is an old or per-unit price. */
export function readPrice(el: Element, hints: CurrencyHints): Price | null {
  if (isNotThePrice(el)) return null;
  return readAmount(el, hints);
}

/** The amount an element shows, whatever kind of price it is. */
function readAmount(el: Element, hints: CurrencyHints): Price | null {
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

/** Where a list price may be shown beside the price: struck through, or named or labelled as one. */
const LIST_CANDIDATES = anyCase('del, s, strike, [style*="line-through" i], [class*="price" i], [class*="old" i], [class*="was" i], [class*="compare" i], [class*="rrp" i], [class*="strike" i], [data-auto*="price" i], [data-testid*="price" i]');
/** List-price candidates read per block. */
const LIST_CANDIDATES_READ = 40;

/**
 * The list price shown in a block beside the price to pay: a struck-through, "was" or "compare at"
 * amount above it, in the same currency (or none said).
 * e.g. <div><s>€ 129</s> <b class="price">€ 99</b></div>, 99 → "129"
 */
export function listPriceIn(block: Element, price: Price, hints: CurrencyHints): string | null {
  const striking = strikingRules(block.ownerDocument).selectors;
  const candidates = striking.length > 0 ? `${LIST_CANDIDATES}, ${striking.join(', ')}` : LIST_CANDIDATES;
  let els: Element[];
  try {
    els = Array.from(block.querySelectorAll(candidates)).slice(0, LIST_CANDIDATES_READ);
  } catch {
    els = Array.from(block.querySelectorAll(LIST_CANDIDATES)).slice(0, LIST_CANDIDATES_READ); // a sheet's selector this engine does not know
  }
  for (const el of els) {
    if (el.querySelector(LIST_CANDIDATES) && !isStruckThrough(el)) continue; // the innermost one is read
    if (isOtherProductsPrice(el) || !isListPrice(el)) continue;
    const text = priceText(el, PRICE_TEXT_MAX);
    if (text && OTHER_QUANTITY.test(text)) continue;
    const list = readAmount(el, hints);
    if (!list || Number(list.amount) <= Number(price.amount)) continue;
    if (list.currency && price.currency && list.currency !== price.currency) continue;
    return list.amount;
  }
  return null;
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
  const struck = el.querySelector('del, s, strike') !== null;
  return shortText(el, max, (part, before) => {
    // A price block with the old price struck through inside it: the old one is not read.
    if (struck && part.parentElement && part.parentElement !== el && el.contains(part.parentElement.closest('del, s, strike'))) return '';
    const cents = part.parentElement?.tagName === 'SUP' && /^\s*\d{2}\s*$/.test(part.data) && /\d\s*$/.test(before);
    return cents ? `.${part.data.trim()}` : part.data;
  });
}

/** A price found near an element, and how many levels up from it. */
export interface NearPrice {
  price: Price;
  level: number;
  /** The list price shown beside it (struck through, "was"), above it; null when none is shown. */
  listPrice: string | null;
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
        if (price) return { price, level, listPrice: listPriceIn(block, price, hints) };
      }
    }
    let budget = TEXT_NODES_PER_BLOCK;
    for (const part of beside) {
      const shown = shownPrice(part, hints, budget);
      if (shown.price) return { price: shown.price, level, listPrice: listPriceIn(block, shown.price, hints) };
      budget -= shown.read;
      if (budget <= 0) break;
    }
    const phrase = level < PHRASE_CLIMB ? pricePhrase(block, hints) : null;
    if (phrase) return { price: phrase, level, listPrice: listPriceIn(block, phrase, hints) };
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
