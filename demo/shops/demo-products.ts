import {
  type Catalog,
  type CatalogProduct,
  type Category,
  categoryTrail,
  findProductBySku,
  type ShopKey,
  searchCatalog,
} from './catalog';
import { categoryPath, displayPrice, productPath, searchPath, type ShopRoutes, storefronts } from './storefronts';

/**
 * What tests need to know about a demo shop's catalog without scraping it: which
 * product to open, its URL, the price text the page shows, what a search returns.
 */

/** An origin string, or anything that has one (a `ShopInfo`). */
export type OriginLike = string | { origin: string };

const originOf = (o: OriginLike) => (typeof o === 'string' ? o : o.origin);

export interface DemoCatalog {
  shop: ShopKey;
  routes: ShopRoutes;
  products: readonly CatalogProduct[];
  categories: readonly Category[];
  /** The first product that can be added to the cart. */
  first(): CatalogProduct;
  inStock(): CatalogProduct[];
  outOfStock(): CatalogProduct[];
  /** Throws on an unknown SKU, so a typo in a test fails loudly. */
  bySku(sku: string): CatalogProduct;
  /** "/p/sony-wh-1000xm5" */
  path(product: CatalogProduct): string;
  /** "http://localhost:4101/p/sony-wh-1000xm5" */
  url(origin: OriginLike, product: CatalogProduct): string;
  categoryUrl(origin: OriginLike, slug: string): string;
  searchUrl(origin: OriginLike, terms: string): string;
  /** Category names from the broadest: ["Audio", "Headphones"]. */
  categoryNames(product: CatalogProduct): string[];
  /** A decimal amount as the shop prints it: "$349.00" or "1.249,00 €". */
  displayPrice(amount: string): string;
  /** The products the shop's search returns for these terms, in page order. */
  search(terms: string): CatalogProduct[];
}

function demoCatalog(key: ShopKey): DemoCatalog {
  const shop = storefronts[key];
  const catalog: Catalog = shop.catalog;
  return {
    shop: key,
    routes: shop.routes,
    products: catalog.products,
    categories: catalog.categories,
    first() {
      const p = catalog.products.find((x) => x.inStock);
      if (!p) throw new Error(`${shop.name} has no product in stock`);
      return p;
    },
    inStock: () => catalog.products.filter((p) => p.inStock),
    outOfStock: () => catalog.products.filter((p) => !p.inStock),
    bySku(sku) {
      const p = findProductBySku(catalog, sku);
      if (!p) throw new Error(`${shop.name} has no product ${sku}`);
      return p;
    },
    path: (p) => productPath(shop, p),
    url: (origin, p) => originOf(origin) + productPath(shop, p),
    categoryUrl: (origin, slug) => originOf(origin) + categoryPath(shop, slug),
    searchUrl: (origin, terms) => originOf(origin) + searchPath(shop, terms),
    categoryNames: (p) => categoryTrail(catalog, p.category).map((c) => c.name),
    displayPrice: (amount) => displayPrice(shop, amount),
    search: (terms) => searchCatalog(catalog, terms),
  };
}

export const demoProducts: Record<ShopKey, DemoCatalog> = {
  voltaire: demoCatalog('voltaire'),
  summit: demoCatalog('summit'),
};
