import { addToCartButton } from '../add-to-cart';
import { parsePrice } from '../price';
import { cleanText } from '../text';
import type { DetectionSource } from '../types';

const PRICE = '[itemprop=price], [class*="price" i], [data-price], [id*="price" i]';

/** A product page has one add-to-cart button, two with a sticky copy; a listing has one per product. */
const MAX_ADD_BUTTONS = 2;

/**
 * Last resort for pages with no structured data: one heading, a price and an
 * add-to-cart button (not one per item, as on a listing) make a product page; the
 * heading names the product.
 */
export const heuristicsSource: DetectionSource = {
  name: 'heuristics',
  read({ doc, adapter }) {
    const headings = doc.querySelectorAll('h1');
    const name = headings.length === 1 ? cleanText(headings[0]!.textContent) : null;
    if (!name) return null;
    const addButtons = Array.from(doc.querySelectorAll('button, input[type=submit], [role=button]')).filter(
      (b) => addToCartButton(b, adapter) !== null,
    ).length;
    const hasAddButton = addButtons > 0 && addButtons <= MAX_ADD_BUTTONS;
    const price = Array.from(doc.querySelectorAll(PRICE))
      .map((el) => parsePrice(el.getAttribute('content') ?? el.textContent ?? ''))
      .find((p) => p !== null);
    return {
      ...(hasAddButton && price ? { kind: 'product' as const } : {}),
      product: { name, price: price?.amount, currency: price?.currency },
    };
  },
};
