import type { PageKind } from '../../shared/page';
import type { SiteAdapter } from '../../shared/sites';
import { articles } from './ledger/articles';
import { type DemoShops, demoProducts } from './server';

/**
 * Every kind of page the demo shops serve, fetched over HTTP as a browser would get it, with the
 * kind it is: home, listings (with a pager page), searches, products in and out of stock, a cart
 * with lines, the checkout and an order's confirmation, and the Ledger's pages (its review is marked up as a product page).
 * For the page-kind test beside the real corpus.
 */
export interface LabelledPage {
  id: string;
  url: string;
  html: string;
  kind: PageKind | 'home';
  /** Search pages: the terms typed. */
  searchTerms?: string;
  /** The adapter the extension would get for this site (null where none). */
  adapter: SiteAdapter | null;
}

export async function labelledDemoPages(shops: DemoShops): Promise<LabelledPage[]> {
  const pages: LabelledPage[] = [];
  const get = async (id: string, url: string, kind: LabelledPage['kind'], adapter: SiteAdapter | null, extra: Partial<LabelledPage> = {}, cookie?: string) => {
    const res = await fetch(url, { headers: cookie ? { cookie } : {} });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    pages.push({ id, url, html: await res.text(), kind, adapter, ...extra });
  };
  for (const key of ['voltaire', 'summit'] as const) {
    const shop = shops[key];
    const catalog = demoProducts[key];
    const adapter = shop.adapter;
    await get(`${key}/home`, `${shop.origin}/`, 'home', adapter);
    for (const category of catalog.categories.slice(0, 2)) await get(`${key}/category/${category.slug}`, catalog.categoryUrl(shop, category.slug), 'listing', adapter);
    const firstCategory = catalog.categories[0]!;
    await get(`${key}/category/${firstCategory.slug}?page=2`, `${catalog.categoryUrl(shop, firstCategory.slug)}?page=2`, 'listing', adapter);
    for (const product of [...catalog.inStock().slice(0, 2), ...catalog.outOfStock().slice(0, 1)]) await get(`${key}/product/${product.slug}`, catalog.url(shop, product), 'product', adapter);
    const terms = catalog.products[0]!.name.split(' ').slice(0, 2).join(' ');
    await get(`${key}/search`, catalog.searchUrl(shop, terms), 'search', adapter, { searchTerms: terms });
    await get(`${key}/search-empty`, catalog.searchUrl(shop, 'zzzz no such thing'), 'search', adapter, { searchTerms: 'zzzz no such thing' });
    const added = await fetch(shop.origin + catalog.routes.cartAdd, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sku: catalog.first().sku, quantity: '2' }).toString(),
      redirect: 'manual',
    });
    const cookie = (added.headers.get('set-cookie') ?? '').split(';')[0]!;
    await get(`${key}/cart`, shop.origin + catalog.routes.cart, 'cart', adapter, {}, cookie);
    await get(`${key}/checkout`, shop.origin + catalog.routes.checkout, 'checkout', adapter, {}, cookie);
    // The order placed: its confirmation page is the checkout's last page.
    const ordered = await fetch(shop.origin + catalog.routes.checkout, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ name: 'Ada Lovelace', email: 'ada@example.com' }).toString(),
      redirect: 'manual',
    });
    await get(`${key}/order-confirmation`, shop.origin + ordered.headers.get('location'), 'checkout', adapter, {}, cookie);
  }
  const ledger = shops.ledger;
  await get('ledger/home', `${ledger.origin}/`, 'home', null);
  // A review marks itself up as a product page (og:type product, Product JSON-LD with an offer): it reads as one.
  for (const article of articles) await get(`ledger/article/${article.slug}`, `${ledger.origin}/article/${article.slug}`, article.review ? 'product' : 'other', null);
  return pages;
}
