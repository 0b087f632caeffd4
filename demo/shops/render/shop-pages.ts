import type { CartView } from '../cart';
import { type CatalogProduct, type Category, categoryTrail, findProductBySku, productsInCategory, searchCatalog, subcategories } from '../catalog';
import { categoryPath, displayPrice, imagePath, productPath } from '../storefronts';
import { type Html, html, raw } from './html';
import { type PageContext, shopPage } from './layout';
import { breadcrumbJsonLd, orderJsonLd, productJsonLd, productOpenGraph, websiteJsonLd } from './structured-data';
import type { ShopOrder } from '../orders';
import { fromCents, toCents } from '../money';

/** How much a sale takes off, in whole percent: 499.00 → 429.00 is 14. */
function percentOff(listPrice: string, price: string): number {
  return Math.round(((toCents(listPrice) - toCents(price)) * 100) / toCents(listPrice));
}

/** The pages of a demo shop. Class names here are what site adapters and tests select on. */

function imageUrl(ctx: PageContext, p: CatalogProduct): string {
  // Absolute, because extracted product images must be absolute URLs.
  return ctx.origin + imagePath(p.slug);
}

function productCard(ctx: PageContext, p: CatalogProduct): Html {
  const { shop } = ctx;
  const href = productPath(shop, p);
  return html`<li class="product-card" data-sku="${p.sku}">
  <a href="${href}" tabindex="-1"><img src="${imageUrl(ctx, p)}" alt="${p.name}" width="400" height="300" loading="lazy"></a>
  <div class="product-card-body">
    <span class="product-card-brand">${p.brand}</span>
    <a class="product-card-name" href="${href}">${p.name}</a>
    <span class="product-card-price">${p.listPrice ? html`<s class="product-card-list-price">${displayPrice(shop, p.listPrice)}</s> ` : ''}${displayPrice(shop, p.price)}</span>
    ${p.inStock ? '' : html`<span class="product-card-stock">${shop.text.outOfStock}</span>`}
  </div>
</li>`;
}

function productGrid(ctx: PageContext, products: readonly CatalogProduct[]): Html {
  return html`<ul class="product-grid">${products.map((p) => productCard(ctx, p))}</ul>`;
}

function categoryChips(ctx: PageContext, categories: readonly Category[]): Html {
  if (categories.length === 0) return html``;
  return html`<div class="chips">${categories.map((c) => html`<a href="${categoryPath(ctx.shop, c.slug)}">${c.name}</a>`)}</div>`;
}

export function homePage(ctx: PageContext): Html {
  const { shop } = ctx;
  const featured = shop.catalog.products.filter((p) => p.featured);
  const main = html`<section class="hero">
  <h1>${shop.text.heroTitle}</h1>
  <p>${shop.text.heroText}</p>
  <a class="btn" href="${categoryPath(shop, shop.heroCategory)}">${shop.text.heroCta}</a>
</section>
<h2>${shop.text.featured}</h2>
${productGrid(ctx, featured)}
<h2>${shop.text.allCategories}</h2>
${categoryChips(ctx, shop.catalog.categories)}`;
  return shopPage(
    ctx,
    { title: shop.tagline, description: shop.text.heroText, canonicalPath: shop.structuredData ? '/' : undefined, meta: shop.structuredData ? websiteJsonLd(shop, ctx.origin) : undefined },
    main,
  );
}

/** One page of a category, or all of it when the shop does not paginate. */
export interface ListingPage {
  category: Category;
  products: CatalogProduct[];
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
}

export function listingPage(ctx: PageContext, category: Category, requestedPage: number): ListingPage {
  const all = productsInCategory(ctx.shop.catalog, category.slug);
  const size = ctx.shop.listingPageSize ?? Math.max(1, all.length);
  const pages = Math.max(1, Math.ceil(all.length / size));
  // Out-of-range pages show the nearest real one rather than an empty grid.
  const page = Math.min(pages, Math.max(1, Math.trunc(requestedPage) || 1));
  return { category, products: all.slice((page - 1) * size, page * size), page, pages, total: all.length };
}

function listingTitle(ctx: PageContext, listing: ListingPage): string {
  return listing.page > 1 ? `${listing.category.name} – ${ctx.shop.text.page} ${listing.page}` : listing.category.name;
}

/** The swappable part of a category page; also served alone to the pager script. */
export function listingFragment(ctx: PageContext, listing: ListingPage): Html {
  const { text } = ctx.shop;
  const pageLink = (page: number, label: string, cls: string) =>
    html`<a class="${cls}" href="?page=${page}" data-page="${page}"${page === listing.page && cls === 'pager-page' ? raw(' aria-current="page"') : ''}>${label}</a>`;
  const pages = Array.from({ length: listing.pages }, (_, i) => i + 1);
  const pager =
    listing.pages > 1
      ? html`<nav class="pager" aria-label="${text.page}">
  ${listing.page > 1 ? pageLink(listing.page - 1, `‹ ${text.previous}`, 'pager-prev') : ''}
  ${pages.map((n) => pageLink(n, String(n), 'pager-page'))}
  ${listing.page < listing.pages ? pageLink(listing.page + 1, `${text.next} ›`, 'pager-next') : ''}
</nav>`
      : '';
  return html`${productGrid(ctx, listing.products)}
${pager}`;
}

/**
 * Pages the grid in place: fetches the fragment, swaps it in, then pushes `?page=N`,
 * the single-page-app navigation the extension has to notice. Back/forward re-render
 * from the URL. If anything fails it falls back to an ordinary page load.
 */
const PAGER_SCRIPT = `(() => {
  const listing = document.querySelector('.listing');
  if (!listing) return;
  async function show(page, push) {
    const url = new URL(location.href);
    url.searchParams.set('page', String(page));
    const fragmentUrl = new URL(url);
    fragmentUrl.searchParams.set('fragment', '1');
    listing.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(fragmentUrl, { headers: { accept: 'text/html' } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      listing.innerHTML = await res.text();
      listing.dataset.page = String(page);
      document.title = (page > 1 ? listing.dataset.title + ' – ' + listing.dataset.pageLabel + ' ' + page : listing.dataset.title) + listing.dataset.titleSuffix;
      if (push) history.pushState({ page }, '', url.pathname + url.search);
      listing.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      location.assign(url.href);
    } finally {
      listing.removeAttribute('aria-busy');
    }
  }
  listing.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-page]') : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    show(Number(link.dataset.page), true);
  });
  addEventListener('popstate', () => show(Number(new URL(location.href).searchParams.get('page')) || 1, false));
})();`;

export function categoryPage(ctx: PageContext, listing: ListingPage): Html {
  const { shop } = ctx;
  const { category } = listing;
  const trail = categoryTrail(shop.catalog, category.slug);
  const paged = shop.listingPageSize !== null;
  const main = html`<nav class="crumbs" aria-label="Breadcrumb">${trail
    .slice(0, -1)
    .map((c) => html`<a href="${categoryPath(shop, c.slug)}">${c.name}</a> › `)}<span aria-current="page">${category.name}</span></nav>
<h1>${category.name}</h1>
<p class="listing-count">${shop.text.products(listing.total)}</p>
${categoryChips(ctx, subcategories(shop.catalog, category.slug))}
<section class="listing" data-category="${category.slug}" data-page="${listing.page}" data-pages="${listing.pages}" data-title="${category.name}" data-page-label="${shop.text.page}" data-title-suffix=" | ${shop.name}">
${listingFragment(ctx, listing)}
</section>`;
  return shopPage(
    { ...ctx, activeCategory: trail[0]?.slug },
    { title: listingTitle(ctx, listing), canonicalPath: shop.structuredData ? categoryPath(shop, category.slug) : undefined },
    main,
    paged ? raw(PAGER_SCRIPT) : undefined,
  );
}

export function productPage(ctx: PageContext, p: CatalogProduct): Html {
  const { shop } = ctx;
  const { text } = shop;
  const trail = categoryTrail(shop.catalog, p.category);
  // Only categories are links, so an adapter reading `.crumbs a` gets the category path, broadest first.
  const main = html`<nav class="crumbs" aria-label="Breadcrumb">${trail.map(
    (c) => html`<a href="${categoryPath(shop, c.slug)}">${c.name}</a> › `,
  )}<span aria-current="page">${p.name}</span></nav>
<article class="pdp" data-sku="${p.sku}">
  <div class="pdp-image"><img src="${imageUrl(ctx, p)}" alt="${p.name}" width="800" height="600"></div>
  <div class="pdp-info">
    <p class="pdp-brand">${p.brand}</p>
    <h1 class="pdp-title">${p.name}</h1>
    <p class="pdp-meta">${text.sku}: <span class="pdp-sku">${p.sku}</span>${
      p.gtin ? html` · ${text.gtin}: <span class="pdp-gtin">${p.gtin}</span>` : ''
    }</p>
    ${p.listPrice
      ? html`<p class="pdp-price-box"><span class="pdp-was">${text.listPrice} <s class="pdp-list-price">${displayPrice(shop, p.listPrice)}</s></span>
      <span class="pdp-price pdp-price-sale">${displayPrice(shop, p.price)}</span> <span class="pdp-badge">−${percentOff(p.listPrice, p.price)} %</span></p>`
      : html`<p class="pdp-price">${displayPrice(shop, p.price)}</p>`}
    <p class="pdp-note">${text.priceNote}</p>
    <p class="pdp-stock" data-availability="${p.inStock ? 'InStock' : 'OutOfStock'}">${p.inStock ? text.inStock : text.outOfStock}</p>
    <form class="add-to-cart-form" method="post" action="${shop.routes.cartAdd}">
      <input type="hidden" name="sku" value="${p.sku}">
      <label>${text.quantity}<input class="qty-input" type="number" name="quantity" value="1" min="1" max="99"${p.inStock ? '' : raw(' disabled')}></label>
      <button class="btn add-to-cart" type="submit"${p.inStock ? '' : raw(' disabled')}>${p.inStock ? text.addToCart : text.soldOut}</button>
    </form>
    <div class="pdp-description"><p>${p.description}</p></div>
  </div>
</article>`;
  const meta = shop.structuredData
    ? html`${productOpenGraph(shop, ctx.origin, p)}
${productJsonLd(shop, ctx.origin, p)}
${breadcrumbJsonLd(shop, ctx.origin, p)}`
    : undefined;
  return shopPage(
    { ...ctx, activeCategory: trail[0]?.slug },
    { title: p.name, description: p.description, canonicalPath: shop.structuredData ? productPath(shop, p) : undefined, meta },
    main,
  );
}

export function searchPage(ctx: PageContext, terms: string): Html {
  const { shop } = ctx;
  const trimmed = terms.trim();
  const results = searchCatalog(shop.catalog, trimmed);
  const main = trimmed
    ? html`<h1 class="search-summary" data-count="${results.length}">${shop.text.resultsFor(results.length, trimmed)}</h1>
${results.length ? productGrid(ctx, results) : html`<p class="empty">${shop.text.noResults}</p>`}`
    : html`<h1 class="search-summary" data-count="0">${shop.text.searchButton}</h1>
<p class="empty">${shop.text.searchPrompt}</p>`;
  return shopPage({ ...ctx, searchTerms: terms }, { title: trimmed ? shop.text.resultsFor(results.length, trimmed) : shop.text.searchButton }, main);
}

export function cartPage(ctx: PageContext, cart: CartView): Html {
  const { shop } = ctx;
  const { text } = shop;
  const main =
    cart.lines.length === 0
      ? html`<h1>${text.cartTitle}</h1>
<p class="empty cart-empty">${text.cartEmpty}</p>
<p><a class="btn" href="/">${text.continueShopping}</a></p>`
      : html`<h1>${text.cartTitle}</h1>
<table class="cart-table">
  <thead><tr><th></th><th></th><th>${text.unitPrice}</th><th>${text.quantity}</th><th>${text.total}</th><th></th></tr></thead>
  <tbody>${cart.lines.map(
    (line) => html`
    <tr class="cart-line" data-sku="${line.product.sku}">
      <td><img src="${imageUrl(ctx, line.product)}" alt="" width="64" height="48"></td>
      <td><a class="cart-line-name" href="${productPath(shop, line.product)}">${line.product.name}</a>
        <div class="pdp-meta">${text.sku}: <span class="cart-line-sku">${line.product.sku}</span></div></td>
      <td class="cart-line-price">${displayPrice(shop, line.product.price)}</td>
      <td class="cart-line-qty">${line.quantity}</td>
      <td class="cart-line-total">${displayPrice(shop, line.lineTotal)}</td>
      <td><form method="post" action="${shop.routes.cartRemove}"><input type="hidden" name="sku" value="${line.product.sku}"><button class="btn-link cart-line-remove" type="submit">${text.remove}</button></form></td>
    </tr>`,
  )}
  </tbody>
</table>
<div class="cart-summary"><span>${text.total}</span><span class="cart-total">${displayPrice(shop, cart.total)}</span>
  <a class="btn checkout-link" href="${shop.routes.checkout}">${text.toCheckout}</a></div>`;
  return shopPage(ctx, { title: text.cartTitle }, main);
}

function orderSummary(ctx: PageContext, cart: CartView): Html {
  const { shop } = ctx;
  return html`<aside class="order-summary">
  <h2>${shop.text.orderSummary}</h2>
  ${cart.lines.length === 0 ? html`<p class="empty">${shop.text.cartEmpty}</p>` : ''}
  <ul class="order-lines">${cart.lines.map(
    (l) => html`<li><span>${l.quantity} × ${l.product.name}</span><span>${displayPrice(shop, l.lineTotal)}</span></li>`,
  )}</ul>
  <p><strong>${shop.text.total}: <span class="checkout-total">${displayPrice(shop, cart.total)}</span></strong></p>
</aside>`;
}

/**
 * Card number (autocomplete="cc-number"), security code and password fields are
 * here so tests can prove the extension masks them before anything leaves the browser.
 */
export function checkoutPage(ctx: PageContext, cart: CartView): Html {
  const { shop } = ctx;
  const { text } = shop;
  const main = html`<h1>${text.checkoutTitle}</h1>
<form class="checkout" method="post" action="${shop.routes.checkout}">
  <div>
    <fieldset><legend>${text.contact}</legend>
      <label class="field">${text.fullName}<input name="name" autocomplete="name"></label>
      <label class="field">${text.email}<input type="email" name="email" autocomplete="email"></label>
    </fieldset>
    <fieldset><legend>${text.address}</legend>
      <label class="field">${text.address}<textarea name="address" rows="3" autocomplete="street-address"></textarea></label>
    </fieldset>
    <fieldset><legend>${text.payment}</legend>
      <label class="field">${text.cardNumber}<input class="card-number" name="cardNumber" autocomplete="cc-number" inputmode="numeric"></label>
      <div class="field-row">
        <label class="field">${text.cardExpiry}<input name="cardExpiry" autocomplete="cc-exp"></label>
        <label class="field">${text.cardCvc}<input type="password" name="cardCvc" autocomplete="cc-csc" inputmode="numeric"></label>
      </div>
      <label class="field">${text.accountPassword}<input type="password" name="password" autocomplete="new-password"></label>
    </fieldset>
    <button class="btn place-order" type="submit">${text.placeOrder}</button>
  </div>
  ${orderSummary(ctx, cart)}
</form>`;
  return shopPage(ctx, { title: text.checkoutTitle }, main);
}

/**
 * The order confirmation page. Voltaire publishes the order as schema.org `Order` JSON-LD;
 * Summit shows it only as text, which its site adapter reads (`.order-number`, `.order-total`).
 */
export function thanksPage(ctx: PageContext, order: ShopOrder): Html {
  const { shop } = ctx;
  const lines = order.lines.map((line) => ({ line, product: findProductBySku(shop.catalog, line.sku) }));
  const main = html`<section class="order-confirmation" data-order="${order.number}">
  <h1>${shop.text.thanksTitle}</h1>
  <p class="order-number-line">${shop.text.orderNumber}: <strong class="order-number">${order.number}</strong></p>
  <p>${shop.text.thanksText}</p>
  <ul class="order-lines">${lines.map(
    ({ line, product }) => html`<li><span>${line.quantity} × ${product?.name ?? line.sku}</span><span>${displayPrice(shop, fromCents(toCents(line.price) * line.quantity))}</span></li>`,
  )}</ul>
  <p class="order-total-line">${shop.text.total}: <strong class="order-total">${displayPrice(shop, order.total)}</strong></p>
  <p><a class="btn" href="/">${shop.text.continueShopping}</a></p>
</section>`;
  const meta = shop.structuredData ? orderJsonLd(shop, ctx.origin, order) : undefined;
  return shopPage({ ...ctx, cartCount: 0 }, { title: shop.text.thanksTitle, meta }, main);
}

export function errorPage(ctx: PageContext, status: number, message?: string): Html {
  const { shop } = ctx;
  const title = status === 404 ? shop.text.notFoundTitle : shop.text.badRequestTitle;
  const main = html`<section class="error-page" data-status="${status}">
  <p class="error-code">${status}</p>
  <h1>${title}</h1>
  <p>${status === 404 ? shop.text.notFoundText : (message ?? '')}</p>
  <p><a class="btn" href="/">${shop.text.continueShopping}</a></p>
</section>`;
  return shopPage(ctx, { title }, main);
}
