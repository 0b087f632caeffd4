import { combinedAvailability, parseAvailability } from '../availability';
import { normalizeAmount, normalizeCurrency } from '../price';
import { absoluteUrl, cleanText } from '../text';
import type { DetectionSource } from '../types';
import { ownProduct } from '../visible/heading';

/** An RDFa type or property, bare ("Product"), prefixed ("schema:Product") or a full IRI. */
const localName = (term: string) => term.replace(/^.*[/:#]/, '');
const isProductScope = (el: Element) => (el.getAttribute('typeof') ?? '').split(/\s+/).some((t) => localName(t) === 'Product' || localName(t) === 'ProductGroup');
const SCOPES = '[typeof]';
/** Properties read per product: a page's product scope holds a few dozen. */
const MAX_PROPERTIES = 500;

/**
 * schema.org in RDFa (vocab="https://schema.org/" typeof="Product", property="price" ...), as
 * Drupal and some shop systems write it. One product scope = product page; several = listing.
 * e.g. <div vocab="https://schema.org/" typeof="Product"><h1 property="name">Lamp</h1>…</div> → { kind: 'product', … }
 */
export const rdfaSource: DetectionSource = {
  name: 'rdfa',
  read({ doc, url }) {
    const scopes = Array.from(doc.querySelectorAll(SCOPES)).filter((el) => isProductScope(el) && !ownerProduct(el));
    if (scopes.length === 0) return null;
    const nameIn = (scope: Element) => cleanText(Array.from(scope.querySelectorAll('[property]')).find((el) => ownerProduct(el) === scope && localName(el.getAttribute('property')!) === 'name')?.textContent);
    // Several products: the page's own and a row of others is still a product page.
    const scope = scopes.length === 1 ? scopes[0]! : ownProduct(doc, scopes, nameIn, (s) => s);
    if (!scope) return { kind: 'listing' };
    // This product's properties (and its offers' and brand's), not those of a product nested inside it.
    const properties = Array.from(scope.querySelectorAll('[property]'))
      .slice(0, MAX_PROPERTIES)
      .filter((el) => ownerProduct(el) === scope);
    const all = (name: string) => properties.filter((el) => el.getAttribute('property')!.split(/\s+/).some((p) => localName(p) === name));
    const value = (el: Element | undefined): string | null =>
      el ? cleanText(el.getAttribute('content') ?? el.getAttribute('href') ?? el.getAttribute('resource') ?? el.getAttribute('src') ?? el.textContent) : null;
    const first = (...names: string[]) => {
      for (const name of names) {
        const found = value(all(name)[0]);
        if (found) return found;
      }
      return null;
    };
    const brandEl = all('brand')[0];
    const brand = brandEl?.hasAttribute('typeof') ? value(Array.from(brandEl.querySelectorAll('[property]')).find((el) => localName(el.getAttribute('property')!) === 'name')) : value(brandEl);
    return {
      kind: 'product',
      product: {
        name: value(all('name').find((el) => el.parentElement?.closest(SCOPES) === scope)),
        price: normalizeAmount(first('price', 'lowPrice')),
        currency: normalizeCurrency(first('priceCurrency')),
        sku: first('sku', 'productID'),
        gtin: first('gtin13', 'gtin', 'gtin14', 'gtin12', 'gtin8'),
        mpn: first('mpn'),
        brand,
        // One offer per size or seller: in stock when any of them is.
        availability: combinedAvailability(all('availability').slice(0, 50).map((el) => parseAvailability(value(el)))),
        image: absoluteUrl(first('image'), url),
      },
    };
  },
};

/** The product scope around an element (the nearest); a product scope inside another is a related product. */
function ownerProduct(el: Element): Element | null {
  for (let node = el.parentElement; node; node = node.parentElement) if (node.hasAttribute('typeof') && isProductScope(node)) return node;
  return null;
}
