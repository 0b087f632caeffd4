import { parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, meta } from '../text';
import type { DetectionSource } from '../types';

const PRODUCT_TYPES = /^(og:)?product(\.item|\.group)?$/i;

/** OpenGraph product tags: og:type=product, product:price:amount and friends. */
export const openGraphSource: DetectionSource = {
  name: 'open-graph',
  read({ doc, url }) {
    const isProduct = PRODUCT_TYPES.test(meta(doc, 'og:type') ?? '');
    const price = normalizeAmount(meta(doc, 'product:price:amount') ?? meta(doc, 'og:price:amount'));
    if (!isProduct && !price) return null;
    return {
      ...(isProduct ? { kind: 'product' as const } : {}),
      product: {
        name: meta(doc, 'og:title'),
        price,
        currency: normalizeCurrency(meta(doc, 'product:price:currency') ?? meta(doc, 'og:price:currency')),
        brand: meta(doc, 'product:brand') ?? meta(doc, 'og:brand'),
        availability: parseAvailability(meta(doc, 'product:availability') ?? meta(doc, 'og:availability')),
        sku: meta(doc, 'product:retailer_item_id'),
        image: absoluteUrl(meta(doc, 'og:image'), url),
      },
    };
  },
};
