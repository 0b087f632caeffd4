import type { AdapterField } from '../../../shared/sites';
import { pageText } from '../../lib/page-text';

const SPACES = /[\s\u00a0\u200b]+/g;

/** Collapses whitespace; null for nothing. (What becomes event text is made safe later: see finishProduct and lib/page-text.) */
export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).replace(SPACES, ' ').trim();
  return text === '' ? null : text;
}

/**
 * The cleaned text of a node when it is at most `max` characters long, else null (as for none):
 * reads no further than it must, so a block holding the whole page costs what a label costs.
 * `read` gives a text part's own reading (the text before it is passed, collapsed).
 * e.g. shortText(<span> 12,99 €</span>, 40) → "12,99 €"; shortText(<html>…</html>, 40) → null
 */
export function shortText(node: Node, max: number, read: (part: Text, before: string) => string = (part) => part.data): string | null {
  if (node.nodeType !== 1) return lengthAtMost(cleanText(node.textContent), max);
  const walker = node.ownerDocument!.createTreeWalker(node, 4 /* NodeFilter.SHOW_TEXT */);
  // The text so far with its spaces collapsed as cleanText collapses them (without the leading one).
  let text = '';
  for (let part = walker.nextNode() as Text | null; part; part = walker.nextNode() as Text | null) {
    let value = read(part, text).replace(SPACES, ' ');
    if (value.startsWith(' ') && (text === '' || text.endsWith(' '))) value = value.slice(1);
    text += value;
    if (text.length > max + 1) return null;
  }
  return lengthAtMost(cleanText(text), max);
}

/** Whether a node holds any text but spaces (reading only up to the first). */
export function hasText(node: Node): boolean {
  if (node.nodeType !== 1) return cleanText(node.textContent) !== null;
  const walker = node.ownerDocument!.createTreeWalker(node, 4 /* NodeFilter.SHOW_TEXT */);
  for (let part = walker.nextNode(); part; part = walker.nextNode()) if (cleanText(part.nodeValue) !== null) return true;
  return false;
}

/** A name with only its letters and digits, lower-cased, to compare names as written differently: "TP-Link" → "tplink". */
export function squash(text: string | null | undefined): string {
  return (text ?? '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const lengthAtMost = (text: string | null, max: number) => (text !== null && text.length <= max ? text : null);

/** Cuts text to `max` characters, never through a surrogate pair. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : pageText(text, max).trimEnd();
}

/** Names of quantity fields in many languages: qty, quantity, Menge, cantidad, aantal, buy_num, 数量, 수량. */
const QUANTITY_NAME = /qty|quantit|menge|anzahl|cantidad|aantal|antal|ilosc|adet|buy_?num|数量|數量|수량/i;

function controlInfo(el: Element) {
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') ?? 'text').toLowerCase();
  const autocomplete = el.getAttribute('autocomplete') ?? '';
  const isControl = tag === 'input' || tag === 'select' || tag === 'textarea';
  // Whatever the labels say, these never hold a search or a quantity.
  const personal = /^(password|email|tel|hidden)$/.test(type) || /cc-|email|tel|password|name|address/i.test(autocomplete);
  return { tag, type, ok: isControl && !personal };
}

/** The query parameter names of the page's own address. */
function pageParams(el: Element): Set<string> {
  try {
    return new Set(new URL(el.ownerDocument.URL).searchParams.keys());
  } catch {
    return new Set();
  }
}

/**
 * A search box, as the page marks it: type=search, role=searchbox, a text field inside a
 * `role=search` form or landmark, the site adapter's search box (`adapterSelector`), or the
 * detected one: a text field named as a query parameter of this page's address (the results
 * page's own form). Never a loose word in a name or a form's action: a field named `s`, `k`
 * or `q` elsewhere may hold anything, and a search box's value is read and shown.
 */
export function isSearchControl(el: Element, adapterSelector?: string): boolean {
  const { tag, type, ok } = controlInfo(el);
  if (!ok) return false;
  if (type === 'search' || el.getAttribute('role') === 'searchbox') return true;
  if (adapterSelector && matches(el, adapterSelector)) return true;
  if (tag !== 'input' || type !== 'text') return false;
  if (el.closest('[role=search]')) return true;
  const name = el.getAttribute('name');
  return name !== null && name !== '' && pageParams(el).has(name);
}

/** Element.matches that is false for an invalid selector instead of throwing. */
function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** A quantity field: a number input or select named like qty, quantity, Menge. */
export function isQuantityControl(el: Element): boolean {
  const { tag, type, ok } = controlInfo(el);
  const label = `${el.getAttribute('name') ?? ''} ${el.id} ${el.getAttribute('class') ?? ''}`;
  // A text box counts too: shops in Asia draw theirs as one between − and + buttons.
  return ok && ((tag === 'input' && (type === 'number' || type === 'text')) || tag === 'select') && QUANTITY_NAME.test(label);
}

/**
 * Whether a form control's value may be read: only search boxes and quantity fields.
 * Everything else a shopper types (passwords, card numbers, e-mail addresses, names)
 * is never read.
 */
export function isReadableControl(el: Element, searchSelector?: string): boolean {
  return isSearchControl(el, searchSelector) || isQuantityControl(el);
}

/** The text (or attribute) of an element; form controls only when `isReadableControl`. */
export function elementText(el: Element, attr?: string, searchSelector?: string): string | null {
  const control = /^(input|select|textarea)$/i.test(el.tagName);
  if (control && !isReadableControl(el, searchSelector)) return null;
  if (attr) return cleanText(el.getAttribute(attr));
  if (control) return cleanText((el as HTMLInputElement).value);
  return cleanText(el.textContent);
}

/** The first match's text for an adapter field; null when it matches nothing (or the selector is invalid). */
export function readField(root: ParentNode, field: AdapterField | undefined): string | null {
  if (!field) return null;
  const el = query(root, field.selector);
  return el ? elementText(el, field.attr) : null;
}

/** The adapter's search box's terms: the box its selector names is a search box by the site's word. */
export function readSearchField(root: ParentNode, field: AdapterField | undefined): string | null {
  if (!field) return null;
  const el = query(root, field.selector);
  return el ? elementText(el, field.attr, field.selector) : null;
}

/** Every match's text for an adapter field. */
export function readAll(root: ParentNode, field: AdapterField | undefined): string[] {
  if (!field) return [];
  return queryAll(root, field.selector)
    .map((el) => elementText(el, field.attr))
    .filter((t): t is string => t !== null);
}

/** querySelector that returns null for an invalid selector instead of throwing. */
export function query(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

export function queryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/**
 * The page's meta tags by property or name (lower case; the first of a name wins), read once:
 * e.g. metaTags(doc)('og:type') → "product".
 */
export function metaTags(doc: Document): (name: string) => string | null {
  const tags = new Map<string, string | null>();
  // Anywhere in the document: a parser moves meta tags that follow body content into the body.
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name'))?.toLowerCase();
    if (key && !tags.has(key)) tags.set(key, cleanText(el.getAttribute('content')));
  }
  return (name) => tags.get(name) ?? null;
}

/** An absolute http(s) URL for `href` relative to `base`; null otherwise. */
export function absoluteUrl(href: string | null | undefined, base: URL): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * An element's class and id as words, camelCase split: what shops name their blocks by.
 * e.g. <div class="priceOld box" id="main"> → "price-Old box main"
 */
export function nameWords(el: Element): string {
  return `${el.getAttribute('class') ?? ''} ${el.id}`.replace(/([a-z])([A-Z])/g, '$1-$2');
}
