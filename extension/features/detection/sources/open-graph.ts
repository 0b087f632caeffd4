import { parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, metaTags } from '../text';
import type { DetectionSource } from '../types';

const PRODUCT_TYPES = /^(og:)?product(\.item|\.group)?$/i;

/** OpenGraph product tags: og:type=product, product:price:amount and friends. */
export const openGraphSource: DetectionSource = {
  name: 'open-graph',
  read({ doc, url }) {
    const meta = metaTags(doc);
    const isProduct = PRODUCT_TYPES.test(meta('og:type') ?? '');
    const listed = normalizeAmount(meta('product:price:amount') ?? meta('og:price:amount'));
    // A sale price, when there is one, is what the shopper pays.
    const sale = normalizeAmount(meta('product:sale_price:amount'));
    const onSale = sale !== null && Number(sale) > 0 && (!listed || Number(sale) <= Number(listed));
    const price = onSale ? sale : listed;
    // The listed price above a sale price is the list price; some themes name it original_price.
    const original = normalizeAmount(meta('product:original_price:amount') ?? meta('og:original_price:amount'));
    const listPrice = onSale && listed && Number(listed) > Number(sale) ? listed : original && price && Number(original) > Number(price) ? original : null;
    if (!isProduct && !price) return null;
    return {
      ...(isProduct ? { kind: 'product' as const } : {}),
      product: {
        name: meta('og:title'),
        price,
        listPrice,
        currency: normalizeCurrency(meta('product:price:currency') ?? meta('og:price:currency')),
        brand: meta('product:brand') ?? meta('og:brand'),
        availability: parseAvailability(meta('product:availability') ?? meta('og:availability')),
        sku: meta('product:retailer_item_id'),
        image: absoluteUrl(meta('og:image'), url),
      },
    };
  },
};
