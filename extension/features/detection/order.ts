import { OrderConfirmation } from '../../../shared/events';
import type { SiteAdapter } from '../../../shared/sites';
import { normalizeAmount, normalizeCurrency, pageCurrencyHints, parsePrice, type CurrencyHints } from './price';
import { cleanText, readField, shortText } from './text';

/**
 * An order confirmation page ("thank you for your order, order number VE-10042, total €129.00"):
 * read from the site's adapter (`order`), from schema.org `Order` JSON-LD, or from the page's
 * own words. Pure: reads the DOM only.
 * e.g. <h1>Thank you for your order</h1><p>Order number: #VE-10042</p><p>Total: €129.00</p>
 *   → { number: "VE-10042", total: "129.00", currency: "EUR" }
 */
export function readOrder(doc: Document, url: URL, adapter: SiteAdapter | null): OrderConfirmation | null {
  const found = (adapter?.order ? fromAdapter(adapter.order, doc, url) : null) ?? fromJsonLd(doc) ?? fromPage(doc, pageCurrencyHints(doc, url));
  if (!found) return null;
  const parsed = OrderConfirmation.safeParse(found);
  if (parsed.success) return parsed.data;
  // A total or currency that does not pass leaves the order number, which is what ties the order.
  const numberOnly = OrderConfirmation.safeParse({ number: found.number });
  return numberOnly.success ? numberOnly.data : null;
}

type Draft = { number: string; total?: string | null; currency?: string | null };

function fromAdapter(order: NonNullable<SiteAdapter['order']>, doc: Document, url: URL): Draft | null {
  if (order.pattern) {
    let matches = false;
    try {
      matches = new RegExp(order.pattern).test(`${url.pathname}${url.search}`);
    } catch {
      // An invalid pattern matches nothing.
    }
    if (!matches) return null;
  }
  const number = orderNumberIn(readField(doc, order.number));
  if (!number) return null;
  const totalText = readField(doc, order.total);
  const total = totalText ? parsePrice(totalText, pageCurrencyHints(doc, url)) : null;
  return { number, total: total?.amount ?? null, currency: order.currency ?? total?.currency ?? null };
}

/** The number as the shop shows it, without a "#" or an "Order" label before it: "Order #VE-10042" → "VE-10042". */
function orderNumberIn(text: string | null): string | null {
  const cleaned = cleanText(text)?.replace(/^(order|bestellung|commande|pedido|ordine)?\s*(number|nummer|numéro|número|numero|no\.?|nr\.?|#)?\s*[:#]?\s*#?\s*/i, '');
  return cleaned && cleaned.length <= 100 ? cleaned : null;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** schema.org Order in JSON-LD: orderNumber, and its price (or totalPaymentDue) with its currency. */
function fromJsonLd(doc: Document): Draft | null {
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json" i]')).slice(0, 30)) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const order = findOrder(data, 0);
    if (!order) continue;
    const number = cleanText(typeof order.orderNumber === 'number' ? String(order.orderNumber) : order.orderNumber);
    if (!number) continue;
    const due = isNode(order.totalPaymentDue) ? order.totalPaymentDue : isNode(order.partOfInvoice) && isNode(order.partOfInvoice.totalPaymentDue) ? order.partOfInvoice.totalPaymentDue : null;
    const total = normalizeAmount(order.price ?? order.totalPrice ?? due?.price ?? due?.value);
    const currency = normalizeCurrency(order.priceCurrency ?? due?.priceCurrency ?? due?.currency);
    return { number, total, currency };
  }
  return null;
}

function findOrder(value: unknown, depth: number): Node | null {
  if (depth > 8) return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findOrder(v, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isNode(value)) return null;
  const type = value['@type'];
  if ((Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && /(^|[/:#])Order$/.test(t))) return value;
  for (const [key, v] of Object.entries(value)) {
    if (key === '@context') continue;
    const found = findOrder(v, depth + 1);
    if (found) return found;
  }
  return null;
}

/** What a confirmation page says at its top: thanks for the order, or that it was placed. */
const THANKS =
  /(thank(s| you) for (your|the) (order|purchase|shopping)|order (is )?(confirmed|received|complete|placed)|your order has been (placed|received|confirmed)|danke für ihre bestellung|vielen dank für ihre (bestellung|einkauf)|ihre bestellung (ist eingegangen|wurde aufgenommen)|merci pour votre (commande|achat)|votre commande (a été|est) (confirmée|enregistrée)|gracias por (tu|su) (pedido|compra)|grazie per (il tuo|l'?)ordine|obrigado pela (sua )?(compra|encomenda))/i;
/** An order number after its label: "Order number: #VE-10042", "Bestellnummer 100123", "Order #1001". */
const ORDER_NUMBER =
  /(?:order|bestell|commande|pedido|ordine|encomenda)\s*(?:number|nummer|numéro|número|numero|no\.?|nr\.?|id|reference|ref\.?)?\s*(?:is)?\s*[:#]?\s*#?\s*([A-Z0-9][A-Z0-9_-]{2,40})(?![\w-])/i;
const ORDER_LABEL = /(order|bestell|commande|pedido|ordine|encomenda)/i;
/** A total's label: "Total", "Order total", "Grand total", "Total paid", "Gesamtsumme", "Summe". */
const TOTAL_LABEL = /^(order |grand |amount )?total( paid| charged| \(incl[^)]*\))?\s*:?|^(gesamt(summe|betrag)?|summe|montant total|total ttc|importe total)\s*:?/i;
/** Elements read for the heading, and text nodes read for the number and the total. */
const HEADINGS_READ = 30;
const TEXTS_READ = 3000;

/** A page that thanks for the order (its title or a heading) and shows the order's number, with the total when it says one. */
function fromPage(doc: Document, hints: CurrencyHints): Draft | null {
  const headings = [doc.title, ...Array.from(doc.querySelectorAll('h1, h2, h3, [role=heading], [class*="title" i]')).slice(0, HEADINGS_READ).map((h) => shortText(h, 200) ?? '')];
  if (!headings.some((h) => THANKS.test(h))) return null;
  let number: string | null = null;
  let total: { amount: string; currency: string | null } | null = null;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
  let read = 0;
  for (let node = walker.nextNode(); node && read < TEXTS_READ && !(number && total); node = walker.nextNode(), read++) {
    const parent = node.parentElement;
    if (!parent || /^(script|style|noscript|template)$/i.test(parent.tagName)) continue;
    // A label and its value may sit in separate elements: the block of two is read as one.
    const text = shortText(parent, 120) ?? cleanText(node.nodeValue);
    if (!text) continue;
    if (!number) {
      // The label alone ("Order number", then the number in the next element): read the two together.
      const labelOnly = !ORDER_NUMBER.test(text) && ORDER_LABEL.test(text) && parent.parentElement;
      const block = ORDER_NUMBER.exec(text) ?? (labelOnly ? ORDER_NUMBER.exec(shortText(parent.parentElement!, 120) ?? '') : null);
      if (block && /\d/.test(block[1]!)) number = block[1]!;
    }
    if (!total && TOTAL_LABEL.test(text)) {
      const rest = text.replace(TOTAL_LABEL, '');
      const value = (/\d/.test(rest) ? rest : null) ?? nextText(parent) ?? (parent.parentElement ? shortText(parent.parentElement, 80)?.replace(TOTAL_LABEL, '') ?? null : null);
      const price = value ? parsePrice(value, hints) : null;
      if (price) total = price;
    }
  }
  return number ? { number, total: total?.amount ?? null, currency: total?.currency ?? null } : null;
}

/** The short text of the element right after `el` (a total's value beside its label). */
function nextText(el: Element): string | null {
  const next = el.nextElementSibling;
  const text = next ? shortText(next, 40) : null;
  return text && /\d/.test(text) ? text : null;
}
