import { jwtVerify } from 'jose';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteAdapter } from '../../shared/sites';
import { formatMoney, fromCents, toCents } from './money';
import { type DemoShops, demoProducts, type ShopInfo, startShops } from './server';

/** The demo sites over real HTTP: every page kind, the cookie cart, and hostile input. */

let shops: DemoShops;
// A DOM to read pages with the same selectors the extension's site adapter uses. No scripts run.
const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });

beforeAll(async () => {
  shops = await startShops();
});

afterAll(async () => {
  await shops?.stop();
  await window.happyDOM.close();
});

interface Page {
  status: number;
  headers: Headers;
  body: string;
  doc: Document;
}

async function get(url: string, cookie?: string): Promise<Page> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const body = await res.text();
  const doc = new window.DOMParser().parseFromString(body, 'text/html') as unknown as Document;
  return { status: res.status, headers: res.headers, body, doc };
}

async function post(url: string, body: string, opts: { cookie?: string; type?: string } = {}): Promise<Page> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { 'content-type': opts.type ?? 'application/x-www-form-urlencoded', ...(opts.cookie ? { cookie: opts.cookie } : {}) },
  });
  const text = await res.text();
  const doc = new window.DOMParser().parseFromString(text, 'text/html') as unknown as Document;
  return { status: res.status, headers: res.headers, body: text, doc };
}

const text = (doc: Document, selector: string) => doc.querySelector(selector)?.textContent?.trim() ?? null;
const attr = (doc: Document, selector: string, name: string) => doc.querySelector(selector)?.getAttribute(name) ?? null;

function jsonLd(doc: Document): Array<Record<string, unknown>> {
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent ?? ''));
}

/** "name=value" from a Set-Cookie header, ready to send back. */
function cookieFrom(page: Page): string {
  const setCookie = page.headers.get('set-cookie');
  expect(setCookie).toBeTruthy();
  return setCookie!.split(';')[0]!;
}

function validGtin13(gtin: string): boolean {
  if (!/^\d{13}$/.test(gtin)) return false;
  const sum = [...gtin.slice(0, 12)].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(gtin[12]);
}

describe('money', () => {
  it('formats decimals the way each shop prints them, without floats', () => {
    expect(formatMoney('1249.00', 'EUR', 'de-DE')).toBe('1.249,00 €');
    expect(formatMoney('1899', 'USD', 'en-US')).toBe('$1,899.00');
    expect(formatMoney('0.5', 'EUR', 'de-DE')).toBe('0,50 €');
    expect(fromCents(toCents('299.95') * 3)).toBe('899.85');
  });
});

describe('startShops', () => {
  it('answers on localhost URLs with the right participation and adapters', () => {
    for (const site of [shops.voltaire, shops.summit, shops.ledger]) {
      expect(site.origin).toMatch(/^http:\/\/localhost:\d+$/);
      expect(site.origin).toBe(`http://${site.host}`);
    }
    expect(new Set([shops.voltaire.host, shops.summit.host, shops.ledger.host]).size).toBe(3);
    expect(shops.voltaire).toMatchObject({ name: 'Voltaire Electronics', enterpriseName: 'Voltaire Retail', participating: true });
    expect(shops.summit).toMatchObject({ name: 'Summit Outfitters', enterpriseName: 'Summit Outdoor Co.', participating: true });
    expect(shops.ledger).toMatchObject({ name: 'The Daily Ledger', participating: false, adapter: null });
  });

  it('ships adapters that pass the shared SiteAdapter schema', () => {
    expect(SiteAdapter.parse(shops.summit.adapter)).toEqual(shops.summit.adapter);
    expect(SiteAdapter.parse(shops.voltaire.adapter)).toEqual(shops.voltaire.adapter);
    const kinds = (a: ShopInfo) => a.adapter?.pageKinds?.map((k) => [k.kind, k.pattern]);
    expect(kinds(shops.summit)).toEqual([
      ['product', '^/artikel/'],
      ['search', '^/find'],
      ['listing', '^/kategorie/'],
      ['cart', '^/warenkorb'],
      ['checkout', '^/kasse'],
    ]);
    expect(kinds(shops.voltaire)).toEqual([
      ['cart', '^/cart'],
      ['checkout', '^/checkout'],
      ['listing', '^/c/'],
    ]);
  });

  it('stops promptly even with a kept-alive connection open', async () => {
    const extra = await startShops();
    const res = await fetch(extra.voltaire.origin + '/', { headers: { connection: 'keep-alive' } });
    await res.text();
    const started = Date.now();
    await extra.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(extra.voltaire.origin + '/')).rejects.toThrow();
  });
});

describe('Voltaire Electronics (structured data)', () => {
  const catalog = demoProducts.voltaire;

  it('has a home page with a hero, featured products and WebSite JSON-LD', async () => {
    const page = await get(shops.voltaire.origin + '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.doc.querySelector('.hero')).toBeTruthy();
    expect(page.doc.querySelectorAll('.product-card').length).toBeGreaterThanOrEqual(3);
    expect(attr(page.doc, '.search-input', 'name')).toBe('q');
    expect(text(page.doc, '.cart-count')).toBe('0');
    expect(jsonLd(page.doc).map((d) => d['@type'])).toEqual(['WebSite']);
  });

  it('publishes Product and BreadcrumbList JSON-LD, canonical and OpenGraph on every product page', async () => {
    for (const p of catalog.products) {
      const url = catalog.url(shops.voltaire, p);
      const page = await get(url);
      expect(page.status, url).toBe(200);
      const [product, crumbs] = jsonLd(page.doc);
      expect(product).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'Product',
        name: p.name,
        sku: p.sku,
        gtin13: p.gtin,
        brand: { '@type': 'Brand', name: p.brand },
        image: `${shops.voltaire.origin}/img/${p.slug}.svg`,
        offers: {
          '@type': 'Offer',
          price: p.price,
          priceCurrency: 'USD',
          availability: p.inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
          url,
        },
      });
      expect(validGtin13(p.gtin!), p.gtin).toBe(true);
      expect(crumbs?.['@type']).toBe('BreadcrumbList');
      const names = (crumbs?.itemListElement as Array<{ name: string }>).map((c) => c.name);
      expect(names).toEqual([...catalog.categoryNames(p), p.name]);
      expect(attr(page.doc, 'link[rel="canonical"]', 'href')).toBe(url);
      expect(attr(page.doc, 'meta[property="og:type"]', 'content')).toBe('product');
      expect(text(page.doc, '.pdp-title')).toBe(p.name);
      expect(text(page.doc, '.pdp-price')).toBe(catalog.displayPrice(p.price));
      expect(page.doc.querySelector('button.add-to-cart')?.hasAttribute('disabled')).toBe(!p.inStock);
      expect(attr(page.doc, 'form.add-to-cart-form', 'action')).toBe('/cart/add');
    }
  });

  it('escapes names with quotes and ampersands in markup and JSON-LD', async () => {
    const macbook = catalog.bySku('VE-30112');
    const page = await get(catalog.url(shops.voltaire, macbook));
    expect(page.body).toContain('MacBook Air 13&quot;');
    expect(jsonLd(page.doc)[0]?.name).toBe(macbook.name);
    const bo = await get(catalog.url(shops.voltaire, catalog.bySku('VE-10252')));
    expect(bo.body).toContain('Bang &amp; Olufsen');
    expect(jsonLd(bo.doc)[0]?.brand).toEqual({ '@type': 'Brand', name: 'Bang & Olufsen' });
  });

  it('lists a category with its subcategories’ products', async () => {
    const page = await get(catalog.categoryUrl(shops.voltaire, 'audio'));
    expect(page.status).toBe(200);
    const skus = [...page.doc.querySelectorAll('.product-card')].map((c) => c.getAttribute('data-sku'));
    const audio = catalog.products.filter((p) => catalog.categoryNames(p)[0] === 'Audio').map((p) => p.sku);
    expect(skus).toEqual(audio);
    expect(page.doc.querySelector('.pager')).toBeNull();
  });

  it('searches case-insensitively and prefills the search box', async () => {
    const page = await get(catalog.searchUrl(shops.voltaire, 'SONY'));
    expect(page.status).toBe(200);
    const expected = catalog.search('sony');
    expect(expected.length).toBe(2);
    expect(text(page.doc, '.search-summary')).toBe('2 results for “SONY”');
    expect(attr(page.doc, 'input.search-input[name="q"]', 'value')).toBe('SONY');
    expect([...page.doc.querySelectorAll('.product-card')].map((c) => c.getAttribute('data-sku'))).toEqual(expected.map((p) => p.sku));
    // Category names match too.
    expect(text((await get(catalog.searchUrl(shops.voltaire, 'headphones bose'))).doc, '.search-summary')).toBe('1 result for “headphones bose”');
  });

  it('escapes search terms', async () => {
    const page = await get(catalog.searchUrl(shops.voltaire, '<script>alert(1)</script>"'));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(text(page.doc, '.search-summary')).toBe('0 results for “<script>alert(1)</script>"”');
  });

  it('serves placeholder images and 404s for unknown pages', async () => {
    const img = await fetch(`${shops.voltaire.origin}/img/${catalog.first().slug}.svg`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toContain('image/svg+xml');
    expect((await img.text()).startsWith('<svg')).toBe(true);
    for (const path of ['/nowhere', '/p/no-such-thing', '/c/no-such-category', '/img/nope.svg', '/p/%E0%A4%A', '/p/a/b']) {
      const page = await get(shops.voltaire.origin + path);
      expect(page.status, path).toBe(404);
      expect(text(page.doc, '.error-code')).toBe('404');
      expect(page.doc.querySelector('.site-header')).toBeTruthy();
    }
  });
});

describe('Voltaire\'s demo customer account', () => {
  it('shows the signed-in customer\'s id where the site adapter reads it, and nothing once signed out', async () => {
    const origin = shops.voltaire.origin;
    const selector = shops.voltaire.adapter!.customer!.selector!;
    const before = await get(`${origin}/`);
    expect(before.doc.querySelector(selector.selector)).toBeNull();

    const signedIn = await post(`${origin}/account/sign-in`, '', { cookie: '' });
    expect(signedIn.status).toBe(303);
    const cookie = cookieFrom(signedIn);
    const page = await get(`${origin}/search?q=sony`, cookie);
    expect(attr(page.doc, selector.selector, selector.attr!)).toBe('VR-C-1042');

    const signedOut = await post(`${origin}/account/sign-out`, '', { cookie });
    expect(signedOut.headers.get('set-cookie')).toMatch(/^voltaire_member=;.*Max-Age=0/);
    // A forged cookie naming anyone else is no one.
    expect((await get(`${origin}/`, 'voltaire_member=someone-else')).doc.querySelector(selector.selector)).toBeNull();
  });

  it('signs the customer once it has the site\'s identity secret: a token the backend verifies, where the adapter reads it', async () => {
    const origin = shops.voltaire.origin;
    const { selector, token } = shops.voltaire.adapter!.customer!;
    const cookie = cookieFrom(await post(`${origin}/account/sign-in`, '', { cookie: '' }));
    // No secret yet: the id alone, a claim.
    expect((await get(`${origin}/`, cookie)).doc.querySelector(token!.selector)).toBeNull();

    const secret = 'fwv_demo_shop_test_secret_0000000000000000000';
    shops.voltaire.useIdentitySecret!(secret);
    const page = await get(`${origin}/search?q=sony`, cookie);
    const signed = attr(page.doc, token!.selector, token!.attr!)!;
    const { payload, protectedHeader } = await jwtVerify(signed, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe(attr(page.doc, selector!.selector, selector!.attr!));
    expect(payload.exp! - payload.iat!).toBe(3600);
    // Signed out: neither the id nor a token.
    expect((await get(`${origin}/`)).doc.querySelector(token!.selector)).toBeNull();
  });

  it('is Voltaire\'s only: Summit has no account button and no such page', async () => {
    expect((await get(`${shops.summit.origin}/`)).doc.querySelector('.account')).toBeNull();
    expect((await post(`${shops.summit.origin}/account/sign-in`, '')).status).toBe(404);
  });
});

describe('Summit Outfitters (no structured data, site adapter)', () => {
  const catalog = demoProducts.summit;
  const adapter = summitAdapterOf();

  function summitAdapterOf() {
    return {
      read(doc: Document, field: { selector: string; attr?: string } | undefined): string | null {
        if (!field) return null;
        const el = doc.querySelector(field.selector);
        if (!el) return null;
        return field.attr ? el.getAttribute(field.attr) : (el.textContent?.trim() ?? null);
      },
    };
  }

  /** Every kind of Summit page, so the "no structured data" rule is checked everywhere. */
  function allPaths(): string[] {
    return [
      '/',
      ...catalog.products.map((p) => catalog.path(p)),
      ...catalog.categories.flatMap((c) => [`/kategorie/${c.slug}`, `/kategorie/${c.slug}?page=2`]),
      '/find?text=zelt',
      '/warenkorb',
      '/kasse',
      '/nowhere',
    ];
  }

  it('publishes no JSON-LD, microdata or OpenGraph product tags on any page', async () => {
    for (const path of allPaths()) {
      const page = await get(shops.summit.origin + path);
      expect([200, 404], path).toContain(page.status);
      expect(page.body, path).not.toContain('application/ld+json');
      expect(page.body, path).not.toContain('itemprop');
      expect(page.body, path).not.toContain('itemscope');
      expect(page.body, path).not.toContain('og:type" content="product"');
      expect(page.body, path).not.toContain('product:price');
      expect(page.doc.querySelector('link[rel="canonical"]'), path).toBeNull();
    }
  });

  it('exposes every product field through the adapter selectors', async () => {
    const product = shops.summit.adapter!.product!;
    for (const p of catalog.products) {
      const page = await get(catalog.url(shops.summit, p));
      expect(page.status).toBe(200);
      expect(adapter.read(page.doc, product.name)).toBe(p.name);
      expect(adapter.read(page.doc, product.price)).toBe(catalog.displayPrice(p.price));
      expect(adapter.read(page.doc, product.sku)).toBe(p.sku);
      expect(adapter.read(page.doc, product.brand)).toBe(p.brand);
      expect(adapter.read(page.doc, product.availability)).toBe(p.inStock ? 'InStock' : 'OutOfStock');
      expect(adapter.read(page.doc, product.image)).toBe(`${shops.summit.origin}/img/${p.slug}.svg`);
      const crumbs = [...page.doc.querySelectorAll(product.category!.selector)].map((a) => a.textContent?.trim());
      expect(crumbs).toEqual(catalog.categoryNames(p));
      expect(attr(page.doc, 'form.add-to-cart-form', 'action')).toBe('/warenkorb/add');
      expect(page.doc.querySelector(shops.summit.adapter!.cart!.addButton!)).toBeTruthy();
    }
    const nallo = await get(catalog.url(shops.summit, catalog.bySku('SO-4471')));
    expect(text(nallo.doc, '.pdp-price')).toBe('1.249,00 €');
  });

  it('pages a category with a pushState pager and serves each page and fragment', async () => {
    const all = catalog.products.filter((p) => catalog.categoryNames(p)[0] === 'Camping').map((p) => p.sku);
    expect(all.length).toBe(7);
    const skus = (page: Page) => [...page.doc.querySelectorAll('.product-card')].map((c) => c.getAttribute('data-sku'));

    const first = await get(`${shops.summit.origin}/kategorie/camping`);
    expect(first.status).toBe(200);
    expect(skus(first)).toEqual(all.slice(0, 3));
    expect(attr(first.doc, '.listing', 'data-pages')).toBe('3');
    expect(attr(first.doc, '.pager-next', 'data-page')).toBe('2');
    expect(first.body).toContain('history.pushState');

    const second = await get(`${shops.summit.origin}/kategorie/camping?page=2`);
    expect(skus(second)).toEqual(all.slice(3, 6));
    expect(attr(second.doc, '.pager [aria-current="page"]', 'data-page')).toBe('2');

    const fragment = await get(`${shops.summit.origin}/kategorie/camping?page=3&fragment=1`);
    expect(fragment.status).toBe(200);
    expect(fragment.body).not.toContain('<html');
    expect(skus(fragment)).toEqual(all.slice(6));

    // Nonsense page numbers show the nearest real page rather than failing.
    expect(skus(await get(`${shops.summit.origin}/kategorie/camping?page=99`))).toEqual(all.slice(6));
    expect(skus(await get(`${shops.summit.origin}/kategorie/camping?page=abc`))).toEqual(all.slice(0, 3));
  });

  it('searches with the "text" parameter, accent-insensitively', async () => {
    const page = await get(catalog.searchUrl(shops.summit, 'zelt'));
    expect(page.status).toBe(200);
    expect(text(page.doc, '.search-summary')).toBe('4 Treffer für „zelt“');
    expect(attr(page.doc, 'input.search-input[name="text"]', 'value')).toBe('zelt');
    const fj = await get(catalog.searchUrl(shops.summit, 'fjallraven'));
    expect([...fj.doc.querySelectorAll('.product-card')].map((c) => c.getAttribute('data-sku'))).toEqual(['SO-6201']);
    const empty = await get(`${shops.summit.origin}/find`);
    expect(empty.status).toBe(200);
    expect(attr(empty.doc, '.search-summary', 'data-count')).toBe('0');
  });
});

describe.each([
  { key: 'voltaire' as const, cart: '/cart', add: '/cart/add', remove: '/cart/remove', checkout: '/checkout' },
  { key: 'summit' as const, cart: '/warenkorb', add: '/warenkorb/add', remove: '/warenkorb/remove', checkout: '/kasse' },
])('$key cart and checkout', ({ key, cart, add, remove, checkout }) => {
  const catalog = demoProducts[key];
  const origin = () => shops[key].origin;

  it('adds to a cookie cart, shows lines and total, removes, and checks out', async () => {
    const [a, b] = catalog.inStock();
    const added = await post(origin() + add, `sku=${a!.sku}&quantity=2`);
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(cart);
    const cookie = cookieFrom(added);

    const again = await post(origin() + add, new URLSearchParams({ sku: b!.sku, quantity: '1' }).toString(), { cookie });
    expect(again.status).toBe(303);
    expect(again.headers.get('set-cookie')).toBeNull(); // same cart, no new cookie

    const page = await get(origin() + cart, cookie);
    expect(page.status).toBe(200);
    const lines = [...page.doc.querySelectorAll('.cart-line')];
    expect(lines.map((l) => l.getAttribute('data-sku'))).toEqual([a!.sku, b!.sku]);
    const line = lines[0]!;
    expect(line.querySelector('.cart-line-name')?.textContent?.trim()).toBe(a!.name);
    expect(line.querySelector('.cart-line-qty')?.textContent?.trim()).toBe('2');
    expect(line.querySelector('.cart-line-price')?.textContent?.trim()).toBe(catalog.displayPrice(a!.price));
    expect(line.querySelector('.cart-line-sku')?.textContent?.trim()).toBe(a!.sku);
    const total = fromCents(toCents(a!.price) * 2 + toCents(b!.price));
    expect(text(page.doc, '.cart-total')).toBe(catalog.displayPrice(total));
    expect(text(page.doc, '.cart-count')).toBe('3');

    // Adding the same product again raises the quantity on its line.
    await post(origin() + add, `sku=${a!.sku}`, { cookie });
    expect(text((await get(origin() + cart, cookie)).doc, `.cart-line[data-sku="${a!.sku}"] .cart-line-qty`)).toBe('3');

    const removed = await post(origin() + remove, `sku=${b!.sku}`, { cookie });
    expect(removed.status).toBe(303);
    const afterRemove = await get(origin() + cart, cookie);
    expect([...afterRemove.doc.querySelectorAll('.cart-line')].map((l) => l.getAttribute('data-sku'))).toEqual([a!.sku]);

    const form = await get(origin() + checkout, cookie);
    expect(form.status).toBe(200);
    expect(form.doc.querySelector('input[autocomplete="cc-number"]')).toBeTruthy();
    expect(form.doc.querySelectorAll('input[type="password"]').length).toBeGreaterThanOrEqual(1);
    expect(form.doc.querySelector('button.place-order')).toBeTruthy();
    expect(text(form.doc, '.checkout-total')).toBe(catalog.displayPrice(fromCents(toCents(a!.price) * 3)));

    const placed = await post(origin() + checkout, 'name=Ada&email=ada%40example.com&cardNumber=4242424242424242&cardCvc=123', { cookie });
    expect(placed.status).toBe(303);
    const confirmation = await get(origin() + placed.headers.get('location')!, cookie);
    expect(confirmation.status).toBe(200);
    expect(attr(confirmation.doc, '.order-confirmation', 'data-order')).toMatch(/^(VE|SO)-\d+$/);
    expect(confirmation.body).not.toContain('4242424242424242');
    expect((await get(origin() + cart, cookie)).doc.querySelector('.cart-line')).toBeNull();
  });

  it('keeps each shop’s cart to itself although both run on localhost', async () => {
    const added = await post(origin() + add, `sku=${catalog.first().sku}`);
    const cookie = cookieFrom(added);
    const other = key === 'voltaire' ? shops.summit : shops.voltaire;
    const otherCart = await get(other.origin + (key === 'voltaire' ? '/warenkorb' : '/cart'), cookie);
    expect(otherCart.status).toBe(200);
    expect(otherCart.doc.querySelector('.cart-line')).toBeNull();
  });

  it('rejects bad input with an error page and keeps serving', async () => {
    const bad: Array<[string, string, string | undefined, number]> = [
      ['JSON body', '{"sku":"x"}', 'application/json', 400],
      ['no body', '', undefined, 400],
      ['missing sku', 'quantity=1', undefined, 400],
      ['unknown sku', 'sku=NOPE-1&quantity=1', undefined, 400],
      ['zero quantity', `sku=${catalog.first().sku}&quantity=0`, undefined, 400],
      ['text quantity', `sku=${catalog.first().sku}&quantity=lots`, undefined, 400],
      ['huge quantity', `sku=${catalog.first().sku}&quantity=1000`, undefined, 400],
      ['bad escapes', 'sku=%zz&quantity=%', undefined, 400],
      ['out of stock', `sku=${catalog.outOfStock()[0]!.sku}`, undefined, 409],
      ['oversized', `sku=${'x'.repeat(20_000)}`, undefined, 413],
    ];
    for (const [label, body, type, status] of bad) {
      const page = await post(origin() + add, body, { type });
      expect(page.status, label).toBe(status);
      expect(page.headers.get('content-type'), label).toContain('text/html');
      expect(page.doc.querySelector('.error-page'), label).toBeTruthy();
    }
    expect((await post(origin() + checkout, 'x', { type: 'text/plain' })).status).toBe(400);
    expect((await get(origin() + add)).status).toBe(405);
    expect((await fetch(origin() + '/', { method: 'PUT' })).status).toBe(405);

    // A forged or garbled cookie is an empty cart, not an error.
    for (const cookie of ['voltaire_cart=garbage; summit_warenkorb=../../etc', '=;;;=x', `voltaire_cart=${'0'.repeat(8)}-0000-0000-0000-000000000000`]) {
      const page = await get(origin() + cart, cookie);
      expect(page.status, cookie).toBe(200);
      expect(page.doc.querySelector('.cart-line')).toBeNull();
    }
    expect((await get(origin() + '/')).status).toBe(200);
  });
});

describe('The Daily Ledger (not participating)', () => {
  it('serves a front page and articles', async () => {
    const home = await get(shops.ledger.origin + '/');
    expect(home.status).toBe(200);
    const links = [...home.doc.querySelectorAll('.teaser h2 a')].map((a) => a.getAttribute('href'));
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const href of links) {
      const page = await get(shops.ledger.origin + href);
      expect(page.status, href!).toBe(200);
      expect(page.doc.querySelector('article.story')).toBeTruthy();
    }
    expect((await get(shops.ledger.origin + '/article/nope')).status).toBe(404);
    expect(text((await get(shops.ledger.origin + '/search?q=headphones')).doc, '.search-summary')).toBe('1 story for “headphones”');
  });

  it('has a review that looks like a product page, JSON-LD Product included', async () => {
    const page = await get(shops.ledger.origin + '/article/sony-wh-1000xm5-review');
    const [product] = jsonLd(page.doc);
    expect(product).toMatchObject({ '@type': 'Product', offers: { '@type': 'Offer', price: '349.00', priceCurrency: 'USD' } });
    expect(attr(page.doc, 'meta[property="og:type"]', 'content')).toBe('product');
    expect(page.doc.querySelector('.add-to-cart')).toBeTruthy();
  });
});
