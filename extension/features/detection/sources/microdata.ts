import { combinedAvailability, parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, cleanText } from '../text';
import type { DetectionSource } from '../types';
import { ownProduct } from '../visible/heading';
import { isListPrice } from '../shown-price';

const PRODUCT_SCOPE = '[itemscope][itemtype*="schema.org/Product" i]';

/**
 * schema.org microdata (itemscope itemtype=Product, itemprop=...). One product scope = product page;
 * several = listing, unless one of them is the page's own (it holds the main heading, or is named as it).
 */
export const microdataSource: DetectionSource = {
  name: 'microdata',
  read({ doc, url }) {
    const scopes = Array.from(doc.querySelectorAll(PRODUCT_SCOPE)).filter((s) => !s.parentElement?.closest(PRODUCT_SCOPE));
    if (scopes.length === 0) return null;
    const nameIn = (scope: Element) => {
      const el = Array.from(scope.querySelectorAll('[itemprop~="name"]')).find((n) => n.closest(PRODUCT_SCOPE) === scope);
      return cleanText(el?.getAttribute('content') ?? el?.textContent);
    };
    // Several products: the page's own and a row of others is still a product page.
    const scope = scopes.length === 1 ? scopes[0]! : ownProduct(doc, scopes, nameIn, (s) => s);
    if (!scope) return { kind: 'listing' };
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
        ...scopePrices(scope),
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

/** priceType values of a list price (schema.org ListPrice, Google's StrikethroughPrice). */
const LIST_PRICE_TYPE = /(^|[/:#])(ListPrice|StrikethroughPrice|MSRP|SRP)$/i;

/**
 * The price to pay and the list price among a product's itemprop=price elements: one inside a
 * price specification of priceType ListPrice, or shown struck through or labelled "was", is the
 * list price; one in a specification for another quantity (referenceQuantity) is neither.
 */
function scopePrices(scope: Element): { price: string | null; listPrice: string | null } {
  let price: string | null = null;
  let listPrice: string | null = null;
  const amountOf = (el: Element) => normalizeAmount(cleanText(el.getAttribute('content') ?? el.textContent));
  for (const el of Array.from(scope.querySelectorAll('[itemprop~="price"], [itemprop~="lowPrice"]')).slice(0, 50)) {
    if (el.closest(PRODUCT_SCOPE) !== scope) continue;
    const spec = el.parentElement?.closest('[itemscope]');
    const inSpec = spec && spec !== scope ? spec : null;
    // The specification's own properties, not those of one nested in it.
    const own = (name: string) => (inSpec ? Array.from(inSpec.querySelectorAll(`[itemprop~="${name}"]`)).find((p) => p.parentElement?.closest('[itemscope]') === inSpec) : undefined);
    if (own('referenceQuantity')) continue;
    const type = own('priceType');
    const listed = LIST_PRICE_TYPE.test(cleanText(type?.getAttribute('content') ?? type?.getAttribute('href') ?? type?.textContent) ?? '') || (el.tagName !== 'META' && isListPrice(el));
    const amount = amountOf(el);
    if (!amount) continue;
    if (listed) listPrice ??= amount;
    else price ??= amount;
  }
  return { price, listPrice };
}
