import { type Catalog, type CatalogProduct, type ShopKey, summitCatalog, voltaireCatalog } from './catalog';
import { type CurrencyCode, formatMoney, type MoneyStyle } from './money';

/**
 * Everything that makes one demo shop differ from the other: its URLs, language,
 * money format, look, and whether it publishes structured data. One renderer and
 * one request handler serve both from these definitions.
 */

export interface ShopRoutes {
  /** Prefix of product pages, followed by the product slug. */
  product: string;
  /** Prefix of category listings, followed by the category slug. */
  category: string;
  search: string;
  /** Query parameter that carries the search terms. */
  searchParam: string;
  cart: string;
  cartAdd: string;
  cartRemove: string;
  checkout: string;
  /** Prefix of an order's confirmation page, followed by the order's id. */
  confirmation: string;
}

/** The words on the page, in the shop's language. */
export interface ShopText {
  searchPlaceholder: string;
  searchButton: string;
  cart: string;
  heroTitle: string;
  heroText: string;
  heroCta: string;
  featured: string;
  allCategories: string;
  sku: string;
  gtin: string;
  inStock: string;
  outOfStock: string;
  quantity: string;
  addToCart: string;
  soldOut: string;
  priceNote: string;
  /** "3 results for “tent”": the summary above search results. */
  resultsFor(count: number, terms: string): string;
  searchPrompt: string;
  noResults: string;
  products(count: number): string;
  page: string;
  previous: string;
  next: string;
  cartTitle: string;
  cartEmpty: string;
  continueShopping: string;
  unitPrice: string;
  remove: string;
  total: string;
  toCheckout: string;
  checkoutTitle: string;
  contact: string;
  fullName: string;
  email: string;
  address: string;
  payment: string;
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
  accountPassword: string;
  placeOrder: string;
  orderSummary: string;
  thanksTitle: string;
  thanksText: string;
  /** Label of the order number on the confirmation page. */
  orderNumber: string;
  /** Label of a sale product's list price, struck through beside the price ("Was"). */
  listPrice: string;
  notFoundTitle: string;
  notFoundText: string;
  badRequestTitle: string;
  footerNote: string;
}

export interface Storefront {
  key: ShopKey;
  name: string;
  enterpriseName: string;
  tagline: string;
  /** Where the home page's hero sends shoppers. */
  heroCategory: string;
  lang: 'en' | 'de';
  catalog: Catalog;
  currency: CurrencyCode;
  moneyStyle: MoneyStyle;
  routes: ShopRoutes;
  text: ShopText;
  /** JSON-LD, OpenGraph product tags and canonical links; Summit publishes none on purpose. */
  structuredData: boolean;
  /**
   * Products per category page, paged in the browser with history.pushState so the
   * extension meets single-page-app navigations; null shows every product at once.
   */
  listingPageSize: number | null;
  /**
   * The header's search form is run by the page's script: it fetches the results, swaps them in
   * and pushes their address, as a single-page app does; the form is never submitted to the server.
   */
  searchInPage: boolean;
  /**
   * Browsers do not separate cookies by port, and every demo shop runs on
   * "localhost": each shop needs its own cookie name or the carts would mix.
   */
  cartCookie: string;
  /** Order numbers on the confirmation page: "VE-100001". */
  orderPrefix: string;
  theme: { accent: string; accentText: string; header: string; headerText: string; logoMark: string };
  /**
   * A demo customer account a shopper can sign in to (one button, no password): the header
   * then shows the shop's id for the customer, which the site adapter reads and the extension
   * sends with page views, so the enterprise's profile of the customer reaches routing.
   */
  member?: { cookie: string; id: string; name: string };
}

export const voltaire: Storefront = {
  key: 'voltaire',
  name: 'Voltaire Electronics',
  enterpriseName: 'Voltaire Retail',
  tagline: 'Sound, vision and power, since 1987',
  heroCategory: 'headphones',
  lang: 'en',
  catalog: voltaireCatalog,
  currency: 'USD',
  moneyStyle: 'en-US',
  routes: {
    product: '/p/',
    category: '/c/',
    search: '/search',
    searchParam: 'q',
    cart: '/cart',
    cartAdd: '/cart/add',
    cartRemove: '/cart/remove',
    checkout: '/checkout',
    confirmation: '/checkout/confirmation/',
  },
  text: {
    searchPlaceholder: 'Search headphones, laptops, cameras…',
    searchButton: 'Search',
    cart: 'Cart',
    heroTitle: 'Hear every detail.',
    heroText: 'Noise-cancelling headphones from Sony, Bose and Sennheiser, with free two-day shipping.',
    heroCta: 'Shop headphones',
    featured: 'Featured products',
    allCategories: 'All categories',
    sku: 'SKU',
    gtin: 'GTIN',
    inStock: 'In stock',
    outOfStock: 'Out of stock',
    quantity: 'Quantity',
    addToCart: 'Add to cart',
    soldOut: 'Sold out',
    priceNote: 'Free shipping on orders over $50',
    resultsFor: (count, terms) => `${count} ${count === 1 ? 'result' : 'results'} for “${terms}”`,
    searchPrompt: 'Type what you are looking for in the search box.',
    noResults: 'Nothing matched. Try another word, or browse the categories.',
    products: (count) => `${count} ${count === 1 ? 'product' : 'products'}`,
    page: 'Page',
    previous: 'Previous',
    next: 'Next',
    cartTitle: 'Your cart',
    cartEmpty: 'Your cart is empty.',
    continueShopping: 'Continue shopping',
    unitPrice: 'Price',
    remove: 'Remove',
    total: 'Total',
    toCheckout: 'Proceed to checkout',
    checkoutTitle: 'Checkout',
    contact: 'Contact',
    fullName: 'Full name',
    email: 'Email',
    address: 'Shipping address',
    payment: 'Payment',
    cardNumber: 'Card number',
    cardExpiry: 'Expiry (MM/YY)',
    cardCvc: 'Security code',
    accountPassword: 'Create a password (optional)',
    placeOrder: 'Place order',
    orderSummary: 'Order summary',
    thanksTitle: 'Thank you for your order!',
    thanksText: 'A confirmation is on its way to your inbox.',
    orderNumber: 'Order number',
    listPrice: 'Was',
    notFoundTitle: 'Page not found',
    notFoundText: 'We could not find that page. It may have moved, or the link may be mistyped.',
    badRequestTitle: 'Something is wrong with that request',
    footerNote: '© Voltaire Retail, Inc. Demo shop for Floorwalker: nothing here is for sale.',
  },
  structuredData: true,
  listingPageSize: null,
  searchInPage: false,
  cartCookie: 'voltaire_cart',
  orderPrefix: 'VE',
  theme: { accent: '#ffb400', accentText: '#111827', header: '#0f1f3d', headerText: '#ffffff', logoMark: '⚡' },
  member: { cookie: 'voltaire_member', id: 'VR-C-1042', name: 'Alex' },
};

export const summit: Storefront = {
  key: 'summit',
  name: 'Summit Outfitters',
  enterpriseName: 'Summit Outdoor Co.',
  tagline: 'Ausrüstung für draußen',
  heroCategory: 'zelte',
  lang: 'de',
  catalog: summitCatalog,
  currency: 'EUR',
  moneyStyle: 'de-DE',
  routes: {
    product: '/artikel/',
    category: '/kategorie/',
    search: '/find',
    searchParam: 'text',
    cart: '/warenkorb',
    cartAdd: '/warenkorb/add',
    cartRemove: '/warenkorb/remove',
    checkout: '/kasse',
    confirmation: '/kasse/bestaetigung/',
  },
  text: {
    searchPlaceholder: 'Zelte, Rucksäcke, Jacken suchen…',
    searchButton: 'Suchen',
    cart: 'Warenkorb',
    heroTitle: 'Raus. Hoch. Weiter.',
    heroText: 'Zelte, Schlafsäcke und Rucksäcke für jede Tour – geprüft von unserem Team in den Alpen.',
    heroCta: 'Zelte entdecken',
    featured: 'Unsere Empfehlungen',
    allCategories: 'Alle Kategorien',
    sku: 'Art.-Nr.',
    gtin: 'EAN',
    inStock: 'Auf Lager – Lieferung in 2–3 Werktagen',
    outOfStock: 'Derzeit nicht lieferbar',
    quantity: 'Menge',
    addToCart: 'In den Warenkorb',
    soldOut: 'Ausverkauft',
    priceNote: 'inkl. MwSt., zzgl. Versand',
    resultsFor: (count, terms) => `${count} Treffer für „${terms}“`,
    searchPrompt: 'Geben Sie einen Suchbegriff ein.',
    noResults: 'Keine Artikel gefunden. Versuchen Sie einen anderen Begriff.',
    products: (count) => `${count} Artikel`,
    page: 'Seite',
    previous: 'Zurück',
    next: 'Nächste Seite',
    cartTitle: 'Ihr Warenkorb',
    cartEmpty: 'Ihr Warenkorb ist leer.',
    continueShopping: 'Weiter einkaufen',
    unitPrice: 'Stückpreis',
    remove: 'Entfernen',
    total: 'Gesamtsumme',
    toCheckout: 'Zur Kasse',
    checkoutTitle: 'Kasse',
    contact: 'Kontakt',
    fullName: 'Vor- und Nachname',
    email: 'E-Mail-Adresse',
    address: 'Lieferadresse',
    payment: 'Zahlung',
    cardNumber: 'Kartennummer',
    cardExpiry: 'Gültig bis (MM/JJ)',
    cardCvc: 'Prüfnummer',
    accountPassword: 'Kundenkonto-Passwort (optional)',
    placeOrder: 'Zahlungspflichtig bestellen',
    orderSummary: 'Bestellübersicht',
    thanksTitle: 'Vielen Dank für Ihre Bestellung!',
    thanksText: 'Eine Bestätigung ist unterwegs.',
    orderNumber: 'Bestellnummer',
    listPrice: 'statt',
    notFoundTitle: 'Seite nicht gefunden',
    notFoundText: 'Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche weiter.',
    badRequestTitle: 'Ungültige Anfrage',
    footerNote: '© Summit Outdoor Co. GmbH. Demo-Shop für Floorwalker: hier wird nichts verkauft.',
  },
  structuredData: false,
  listingPageSize: 3,
  searchInPage: true,
  cartCookie: 'summit_warenkorb',
  orderPrefix: 'SO',
  theme: { accent: '#2f6b3a', accentText: '#ffffff', header: '#f4efe6', headerText: '#1f2a1f', logoMark: '▲' },
};

export const storefronts: Record<ShopKey, Storefront> = { voltaire, summit };

export function productPath(shop: Storefront, product: CatalogProduct): string {
  return shop.routes.product + product.slug;
}

export function categoryPath(shop: Storefront, slug: string): string {
  return shop.routes.category + slug;
}

export function searchPath(shop: Storefront, terms: string): string {
  return `${shop.routes.search}?${new URLSearchParams({ [shop.routes.searchParam]: terms })}`;
}

/** Served by every shop as an SVG placeholder, so pages never reach the network. */
export function imagePath(slug: string): string {
  return `/img/${slug}.svg`;
}

/** The amount as the shop prints it: "$349.00" or "1.249,00 €". */
export function displayPrice(shop: Storefront, amount: string): string {
  return formatMoney(amount, shop.currency, shop.moneyStyle);
}
