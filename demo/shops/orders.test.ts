import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect } from '../../extension/features/detection/detect';
import { parseHtml } from '../../scripts/corpus/pages';
import { SiteAdapter } from '../../shared/sites';
import { fromCents, toCents } from './money';
import type { ShopOrder } from './orders';
import { type DemoShops, demoProducts, startShops } from './server';
import { firstOrderNumber } from './shop-app';

/**
 * The demo shops' checkout and order confirmation (Voltaire: schema.org Order JSON-LD; Summit:
 * text its adapter reads), their orders as the shop keeps them, and the products on sale with a
 * list price struck through, read by the extension's detection as a shopper's browser would.
 */

let shops: DemoShops;
const placed: Record<'voltaire' | 'summit', ShopOrder[]> = { voltaire: [], summit: [] };

beforeAll(async () => {
  shops = await startShops({ orderHooks: { voltaire: { placed: (o) => void placed.voltaire.push(o) }, summit: { placed: (o) => void placed.summit.push(o) } } });
});
afterAll(async () => {
  await shops?.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function post(url: string, body: string, cookie?: string): Promise<Response> {
  return fetch(url, { method: 'POST', body, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) } });
}

async function page(url: string, cookie?: string): Promise<{ status: number; html: string; doc: Document }> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const html = await res.text();
  return { status: res.status, html, doc: parseHtml(html, url) };
}

describe.each(['voltaire', 'summit'] as const)('%s checkout and order confirmation', (key) => {
  const catalog = demoProducts[key];
  const shop = () => shops[key];

  async function cartWith(lines: [string, number][]): Promise<string> {
    let cookie: string | undefined;
    for (const [sku, quantity] of lines) {
      const res = await post(shop().origin + catalog.routes.cartAdd, form({ sku, quantity: String(quantity) }), cookie);
      cookie ??= (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    }
    return cookie!;
  }

  it('the cart leads to the checkout, which places the order and shows its confirmation, again on a reload', async () => {
    const [a, b] = catalog.inStock();
    const cookie = await cartWith([[a!.sku, 2], [b!.sku, 1]]);
    const cart = await page(shop().origin + catalog.routes.cart, cookie);
    expect(cart.doc.querySelector(`a.checkout-link[href="${catalog.routes.checkout}"]`)).not.toBeNull();
    const checkout = await page(shop().origin + catalog.routes.checkout, cookie);
    expect(checkout.doc.querySelector('input[name=name]')).not.toBeNull();
    expect(checkout.doc.querySelector('input[name=email]')).not.toBeNull();

    const before = placed[key].length;
    const res = await post(shop().origin + catalog.routes.checkout, form({ name: 'Ada Lovelace', email: 'ada@example.com', engagement_id: 'eng_42' }), cookie);
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${catalog.routes.checkout}`));

    const order = placed[key][before]!;
    const total = fromCents(toCents(a!.price) * 2 + toCents(b!.price));
    expect(order).toMatchObject({
      number: expect.stringMatching(key === 'voltaire' ? /^VE-\d+$/ : /^SO-\d+$/),
      currency: a!.currency,
      total,
      customer_id: null,
      engagement_id: 'eng_42',
      lines: [
        { sku: a!.sku, quantity: 2, price: a!.price, category: a!.category },
        { sku: b!.sku, quantity: 1, price: b!.price, category: b!.category },
      ],
    });
    expect(new Set(order.lines.map((l) => l.id)).size).toBe(2);
    expect(Number.isNaN(Date.parse(order.created_at))).toBe(false);

    for (const visit of [1, 2]) {
      const confirmation = await page(shop().origin + location, cookie);
      expect(confirmation.status, `visit ${visit}`).toBe(200);
      expect(confirmation.doc.querySelector('.order-number')?.textContent).toBe(order.number);
      expect(confirmation.doc.querySelector('.order-total')?.textContent).toBe(catalog.displayPrice(total));
    }
    expect(placed[key].length).toBe(before + 1); // a reload places nothing
    expect((await page(shop().origin + catalog.routes.cart, cookie)).doc.querySelector('.cart-line')).toBeNull();
  });

  it('the extension recognises the confirmation page: the order number and total', async () => {
    const cookie = await cartWith([[catalog.first().sku, 1]]);
    const res = await post(shop().origin + catalog.routes.checkout, form({ name: 'Ada', email: 'ada@example.com' }), cookie);
    const url = shop().origin + res.headers.get('location')!;
    const confirmation = await page(url, cookie);
    const order = placed[key].at(-1)!;
    const detection = detect(confirmation.doc, url, shop().adapter);
    expect(detection.order).toEqual({ number: order.number, total: order.total, currency: order.currency });
    expect(order.engagement_id).toBeNull();
    const published = confirmation.doc.querySelector('script[type="application/ld+json"]');
    if (key === 'voltaire') expect(JSON.parse(published!.textContent!)).toMatchObject({ '@type': 'Order', orderNumber: order.number, price: order.total, priceCurrency: 'USD' });
    else {
      expect(published).toBeNull(); // Summit publishes nothing: its adapter reads the text
      expect(detect(confirmation.doc, url, { ...shop().adapter, order: undefined }).order?.number).toBe(order.number); // and the page's own words say it too
    }
  });

  it('takes the engagement from the cookie a page that knows it set', async () => {
    const cookie = await cartWith([[catalog.first().sku, 1]]);
    await post(shop().origin + catalog.routes.checkout, form({ name: 'Ada', email: 'ada@example.com' }), `${cookie}; fw_engagement=eng_7`);
    expect(placed[key].at(-1)!.engagement_id).toBe('eng_7');
  });

  it('refuses a checkout without a name or e-mail, and an unknown order', async () => {
    const cookie = await cartWith([[catalog.first().sku, 1]]);
    const before = placed[key].length;
    expect((await post(shop().origin + catalog.routes.checkout, form({ email: 'ada@example.com' }), cookie)).status).toBe(400);
    expect((await post(shop().origin + catalog.routes.checkout, form({ name: 'Ada', email: 'not an address' }), cookie)).status).toBe(400);
    expect(placed[key].length).toBe(before);
    expect((await page(`${shop().origin}${key === 'voltaire' ? '/checkout/confirmation/' : '/kasse/bestaetigung/'}00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('shows products on sale with their list price struck through, which the extension reads apart from the price', async () => {
    const onSale = catalog.products.filter((p) => p.listPrice);
    expect(onSale.length).toBeGreaterThanOrEqual(2);
    for (const product of onSale) {
      const url = catalog.url(shop(), product);
      const { doc } = await page(url);
      expect(doc.querySelector('s.pdp-list-price')?.textContent).toBe(catalog.displayPrice(product.listPrice!));
      const detected = detect(doc, url, shop().adapter).product;
      expect(detected, product.slug).toMatchObject({ price: product.price, listPrice: product.listPrice, currency: product.currency });
    }
    const regular = catalog.products.find((p) => !p.listPrice && p.inStock)!;
    expect(detect((await page(catalog.url(shop(), regular))).doc, catalog.url(shop(), regular), shop().adapter).product?.listPrice).toBeUndefined();
  });
});

describe('the Summit adapter with its order part', () => {
  it('passes the adapter contract', () => {
    expect(SiteAdapter.safeParse(shops.summit.adapter).success).toBe(true);
  });
});

describe('order numbers across restarts', () => {
  it('start from the clock: a shop started later numbers above one started before', () => {
    const first = firstOrderNumber(Date.UTC(2026, 11, 5, 20, 0, 0));
    const later = firstOrderNumber(Date.UTC(2026, 11, 5, 20, 0, 30));
    expect(later - first).toBe(30);
    expect(firstOrderNumber(Date.UTC(2025, 0, 1))).toBe(1_000_000);
  });
});
