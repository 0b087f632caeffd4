import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { eventually } from './support/browser';
import { extensionStorage, setObserving } from './support/extension-pages';
import { useObservedShopper } from './support/stack';

describe("the popup's off switch", () => {
  const shopper = useObservedShopper();

  it('stops observing at once, and observing resumes when switched back on', async () => {
    const { stack, ext, page } = shopper();
    const { voltaire } = stack.shops;
    const volt = demoProducts.voltaire;
    const [a, b, c] = volt.inStock();
    const productViews = async () => {
      const [s] = await stack.sessions(stack.keys.voltaire);
      return (s?.events ?? []).filter((e) => e.type === 'product_view').map((e) => (e.data.product as { sku: string }).sku);
    };

    await page.goto(volt.url(voltaire, a!), { waitUntil: 'load' });
    await eventually('the first product view', async () => ((await productViews()).length === 1 ? true : undefined));

    await setObserving(ext, false);
    await page.goto(volt.url(voltaire, b!), { waitUntil: 'load' });
    expect(await productViews()).toEqual([a!.sku]);

    await setObserving(ext, true);
    await page.goto(volt.url(voltaire, c!), { waitUntil: 'load' });
    // The queue goes out in order: once c's view is in, a view of b, had one been queued, would be in before it.
    await eventually('the product view after switching back on', async () => ((await productViews()).includes(c!.sku) ? true : undefined));
    expect(await productViews()).toEqual([a!.sku, c!.sku]);
    expect(JSON.stringify((await extensionStorage(ext)).queue)).not.toContain(b!.sku);
  });
});
