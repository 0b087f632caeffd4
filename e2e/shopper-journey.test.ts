import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { eventually } from './support/browser';
import { extensionStorage } from './support/extension-pages';
import { useObservedShopper } from './support/stack';
import { steps } from './support/steps';

describe('a shopper who consents, on two participating shops and one that is not', () => {
  const shopper = useObservedShopper();

  it('searches on shop A, views two products, adds one to the cart, visits shop B and the non-participating site', async () => {
    const { stack, ext, page } = shopper();
    const { voltaire, summit, ledger } = stack.shops;
    const volt = demoProducts.voltaire;

    // Shop A: search from the home page's search box.
    await page.goto(voltaire.origin, { waitUntil: 'load' });
    await page.type('.search-input', 'headphones');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const results = await page.$$eval('.product-card a', (as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).href))]);
    expect(results.length).toBeGreaterThanOrEqual(2);

    // Two products, the second added to the cart (which lands on the cart page).
    await page.goto(results[0]!, { waitUntil: 'load' });
    await page.goto(results[1]!, { waitUntil: 'load' });
    const second = volt.products.find((p) => results[1]!.endsWith(`/p/${p.slug}`))!;
    const first = volt.products.find((p) => results[0]!.endsWith(`/p/${p.slug}`))!;
    await Promise.all([page.waitForNavigation(), page.click('.add-to-cart')]);
    expect(new URL(page.url()).pathname).toBe('/cart');

    // Shop B (no structured data: its adapter), then a page of its listing swapped in by pushState.
    const tent = demoProducts.summit.first();
    await page.goto(demoProducts.summit.url(summit, tent), { waitUntil: 'load' });
    await page.goto(demoProducts.summit.categoryUrl(summit, 'zelte'), { waitUntil: 'load' });
    await page.click('.pager-next');
    await page.waitForFunction(() => location.search.includes('page=2'));

    // The non-participating site, on a page that looks like a product page.
    await page.goto(`${ledger.origin}/article/sony-wh-1000xm5-review`, { waitUntil: 'load' });

    const voltSession = await eventually('the Voltaire session with its cart page', async () => {
      const [s] = await stack.sessions(stack.keys.voltaire);
      return s && steps(s).includes('cart_view') ? s : undefined;
    });
    const summitSession = await eventually('the Summit session with the pushState page view', async () => {
      const [s] = await stack.sessions(stack.keys.summit);
      return s && steps(s).filter((x) => x === 'page_view:listing').length === 2 ? s : undefined;
    });

    expect(steps(voltSession)).toEqual([
      'page_view:other',
      'page_view:search',
      'search',
      'page_view:product',
      'product_view',
      'page_view:product',
      'product_view',
      'cart_add',
      'page_view:cart',
      'cart_view',
    ]);
    const agg = voltSession.aggregate;
    expect(agg.sites).toEqual([voltaire.host]);
    expect(agg.searches.map((s) => s.terms)).toEqual(['headphones']);
    expect(agg.products.map((p) => [p.key, p.name, p.price, p.currency])).toEqual([
      [`sku:${first.sku}`, first.name, first.price, 'USD'],
      [`sku:${second.sku}`, second.name, second.price, 'USD'],
    ]);
    expect(agg.products[0]!.category).toEqual(volt.categoryNames(first));
    expect(agg.cart).toMatchObject({ value: second.price, currency: 'USD', items: [{ key: `sku:${second.sku}`, quantity: 1 }] });
    expect(agg.pagesByKind).toEqual({ other: 1, search: 1, product: 2, cart: 1 });

    expect(steps(summitSession)).toEqual(['page_view:product', 'product_view', 'page_view:listing', 'page_view:listing']);
    expect(summitSession.aggregate.sites).toEqual([summit.host]);
    expect(summitSession.aggregate.products).toEqual([
      expect.objectContaining({ key: `sku:${tent.sku}`, name: tent.name, price: tent.price, currency: 'EUR', brand: tent.brand }),
    ]);
    expect(summitSession.events.at(-1)!.url).toContain('page=2');

    // Exactly two sessions, one per enterprise, and nothing at all from the Ledger.
    expect(await stack.sessions(stack.keys.voltaire)).toHaveLength(1);
    expect(await stack.sessions(stack.keys.summit)).toHaveLength(1);
    const everything = JSON.stringify([voltSession, summitSession]);
    expect(everything).not.toContain(ledger.host);
    // One more Voltaire page after the Ledger: the queue goes out in order, so once its view is in, a
    // stray Ledger event would have been queued (and sent) before it. Then the extension's own queue too.
    const before = steps((await stack.sessions(stack.keys.voltaire))[0]!).length;
    await page.goto(voltaire.origin, { waitUntil: 'load' });
    await eventually('the Voltaire page after the Ledger', async () => {
      const [s] = await stack.sessions(stack.keys.voltaire);
      return s && steps(s).length > before ? true : undefined;
    });
    expect(JSON.stringify(await stack.sessions(stack.keys.voltaire))).not.toContain(ledger.host);
    expect(JSON.stringify(await extensionStorage(ext))).not.toContain(ledger.host);
    // The backend logs every refusal: none happened (a refused Ledger batch would show as a 403).
    expect(stack.backend.output()).not.toMatch(/answered [45]\d\d/);
  });
});
