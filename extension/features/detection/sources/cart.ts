import type { CartItem } from '../../../../shared/page';
import { parsePrice } from '../price';
import { absoluteUrl, cleanText, isQuantityControl } from '../text';
import type { CartSummary, SourceInput } from '../types';
import { anyCase } from '../selector';

const ROW =
  anyCase('[data-cart-item], .cart-item, .cart__item, .cart_item, .basket-item, .line-item, .cart-line, [class*="cart-item" i], [class*="cartitem" i], [class*="basket-item" i]');
const NAME = anyCase('[class*="name" i], [class*="title" i], a[href]');
const PRICE = anyCase('[class*="price" i]');
const QUANTITY = anyCase('[class*="qty" i], [class*="quantity" i], [data-quantity]');
const TOTAL = anyCase('[data-cart-total], [class*="grand-total" i], [class*="total" i]');

/** Cart lines read by common class names, for cart pages no adapter describes. */
export function genericCart({ doc, url }: SourceInput): CartSummary | null {
  const matches = Array.from(doc.querySelectorAll(ROW));
  const rows = matches.filter((row) => !matches.some((other) => other !== row && other.contains(row)));
  const items: CartItem[] = [];
  for (const row of rows) {
    const name = cleanText(row.querySelector(NAME)?.textContent);
    if (!name) continue;
    const price = parsePrice(row.querySelector(PRICE)?.textContent ?? '');
    items.push({
      name,
      sku: cleanText(row.getAttribute('data-sku') ?? row.querySelector('[data-sku]')?.getAttribute('data-sku')),
      url: absoluteUrl(row.querySelector('a[href]')?.getAttribute('href'), url),
      quantity: quantityOf(row),
      price: price?.amount ?? null,
      currency: price?.currency ?? null,
    });
  }
  const total = Array.from(doc.querySelectorAll(TOTAL))
    .filter((el) => !rows.some((row) => row.contains(el)))
    .map((el) => parsePrice(el.textContent ?? ''))
    .find((p) => p !== null);
  if (items.length === 0 && !total) return null;
  return {
    items,
    ...(total ? { value: total.amount } : {}),
    ...(total?.currency ? { currency: total.currency } : {}),
  };
}

function quantityOf(row: Element): number {
  const el = row.querySelector(QUANTITY);
  const control = el && isQuantityControl(el) ? el : row.querySelector('input, select');
  const text =
    control && isQuantityControl(control)
      ? (control as HTMLInputElement).value
      : (el?.getAttribute('data-quantity') ?? el?.textContent ?? '');
  const n = Number.parseInt(/\d+/.exec(text)?.[0] ?? '', 10);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}
