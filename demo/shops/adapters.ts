import type { SiteAdapter } from '../../shared/sites';

/**
 * Site adapters as an enterprise admin would register them for the demo shops.
 * Patterns are tested on path + query.
 */

/**
 * Summit publishes no structured data, so everything is read through CSS selectors.
 * Prices show as "1.249,00 €": the currency is fixed here and the extension parses
 * the European number format. Availability is read from `data-availability`
 * ("InStock" / "OutOfStock") because the visible text is German prose.
 */
export const summitAdapter: SiteAdapter = {
  pageKinds: [
    { kind: 'product', pattern: '^/artikel/' },
    { kind: 'search', pattern: '^/find' },
    { kind: 'listing', pattern: '^/kategorie/' },
    { kind: 'cart', pattern: '^/warenkorb' },
    { kind: 'checkout', pattern: '^/kasse' },
  ],
  product: {
    name: { selector: '.pdp-title' },
    price: { selector: '.pdp-price' },
    listPrice: { selector: '.pdp-list-price' },
    currency: 'EUR',
    sku: { selector: '.pdp-sku' },
    brand: { selector: '.pdp-brand' },
    availability: { selector: '.pdp-stock', attr: 'data-availability' },
    category: { selector: '.crumbs a' },
    image: { selector: '.pdp-image img', attr: 'src' },
  },
  search: { param: 'text', input: { selector: '.search-input' } },
  cart: {
    item: '.cart-line',
    name: { selector: '.cart-line-name' },
    quantity: { selector: '.cart-line-qty' },
    price: { selector: '.cart-line-price' },
    sku: { selector: '.cart-line-sku' },
    addButton: '.add-to-cart',
  },
  // The confirmation page shows the order only as text: "Bestellnummer: SO-100001", "Gesamtsumme: 1.249,00 €".
  order: {
    pattern: '^/kasse/bestaetigung/',
    number: { selector: '.order-number' },
    total: { selector: '.order-total' },
    currency: 'EUR',
  },
};

/**
 * Voltaire's product pages carry schema.org JSON-LD, so only the page kinds that
 * structured data cannot tell apart are configured.
 */
export const voltaireAdapter: SiteAdapter = {
  pageKinds: [
    { kind: 'cart', pattern: '^/cart' },
    { kind: 'checkout', pattern: '^/checkout' },
    { kind: 'listing', pattern: '^/c/' },
  ],
  // The signed-in customer's id, which the header shows (see Storefront.member), and the token the shop signs for it.
  customer: {
    selector: { selector: '.account-name[data-customer-id]', attr: 'data-customer-id' },
    token: { selector: '.account-name[data-customer-token]', attr: 'data-customer-token' },
  },
};
