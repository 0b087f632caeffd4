import { combinedAvailability, parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, cleanText } from '../text';
import type { DetectionSource } from '../types';

const PRODUCT_SCOPE = '[itemscope][itemtype*="schema.org/Product" i]';

/** schema.org microdata (itemscope itemtype=Product, itemprop=...). One product scope = product page; several = listing. */
export const microdataSource: DetectionSource = {
  name: 'microdata',
  read({ doc, url }) {
    const scopes = Array.from(doc.querySelectorAll(PRODUCT_SCOPE)).filter((s) => !s.parentElement?.closest(PRODUCT_SCOPE));
    if (scopes.length === 0) return null;
    if (scopes.length > 1) return { kind: 'listing' };
    const scope = scopes[0]!;
    // Properties of this product, not of a related product nested inside it.
    const prop = (name: string): Element | null =>
      Array.from(scope.querySelectorAll(`[itemprop~="${name}"]`)).find((el) => el.closest(PRODUCT_SCOPE) === scope) ?? null;
    const value = (name: string): string | null => {
      const el = prop(name);
      if (!el) return null;
      return cleanText(el.getAttribute('content') ?? el.getAttribute('href') ?? el.getAttribute('src') ?? el.textContent);
    };
    // One offer per size or seller: the product is in stock when any of them is.
    const stock = combinedAvailability(
      Array.from(scope.querySelectorAll('[itemprop~="availability"]'))
        .filter((el) => el.closest(PRODUCT_SCOPE) === scope)
        .slice(0, 50)
        .map((el) => parseAvailability(cleanText(el.getAttribute('content') ?? el.getAttribute('href') ?? el.textContent))),
    );
    const brandEl = prop('brand');
    const brand = brandEl?.hasAttribute('itemscope') ? cleanText(brandEl.querySelector('[itemprop~="name"]')?.textContent) : value('brand');
    return {
      kind: 'product',
      product: {
        name: cleanText(prop('name')?.getAttribute('content') ?? prop('name')?.textContent),
        price: normalizeAmount(value('price') ?? value('lowPrice')),
        currency: normalizeCurrency(value('priceCurrency')),
        sku: value('sku') ?? value('productID'),
        gtin: value('gtin13') ?? value('gtin') ?? value('gtin14') ?? value('gtin12') ?? value('gtin8'),
        mpn: value('mpn'),
        brand,
        availability: stock,
        image: absoluteUrl(value('image'), url),
      },
    };
  },
};
