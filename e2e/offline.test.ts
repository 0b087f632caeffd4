import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { eventually, openStorageReader } from './support/browser';
import { extensionStorage, stopServiceWorkers } from './support/extension-pages';
import { useObservedShopper } from './support/stack';

describe('when the backend goes down mid-browse', () => {
  const shopper = useObservedShopper();

  it('keeps every event, through a service-worker restart, and delivers each exactly once after the backend is back', async () => {
    const { stack, ext, page } = shopper();
    const { voltaire } = stack.shops;
    const volt = demoProducts.voltaire;
    const products = volt.inStock().slice(0, 4);

    await page.goto(volt.url(voltaire, products[0]!), { waitUntil: 'load' });
    await eventually('the first product view at the backend', async () => {
      const [s] = await stack.sessions(stack.keys.voltaire);
      return s?.events.some((e) => e.type === 'product_view') ? true : undefined;
    });

    await stack.stopBackend();
    for (const p of products.slice(1)) await page.goto(volt.url(voltaire, p), { waitUntil: 'load' });
    await page.goto(volt.searchUrl(voltaire, 'speaker'), { waitUntil: 'load' });

    // The events wait in the extension's storage while the backend is away...
    const queued = await eventually('the offline events in the queue', async () => {
      const queue = (await extensionStorage(ext)).queue as { events: { type: string }[] } | undefined;
      return queue && queue.events.filter((e) => e.type === 'product_view').length === 3 ? queue.events.length : undefined;
    });
    expect(queued).toBeGreaterThanOrEqual(3 * 2 + 2);

    // ...and survive the service worker being stopped.
    await stopServiceWorkers(ext);

    await stack.restartBackend();
    // A page view wakes the worker up, as a shopper browsing on would.
    await page.goto(volt.url(voltaire, products[0]!), { waitUntil: 'load' });

    const session = await eventually(
      'every offline event at the backend',
      async () => {
        const [s] = await stack.sessions(stack.keys.voltaire);
        return s && s.events.filter((e) => e.type === 'product_view').length === 5 && s.events.some((e) => e.type === 'search') ? s : undefined;
      },
      60_000,
    );
    const viewed = session.events.filter((e) => e.type === 'product_view').map((e) => (e.data.product as { sku: string }).sku);
    expect(viewed).toEqual([...products.map((p) => p.sku), products[0]!.sku]);
    const ids = session.events.map((e) => e.clientEventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(session.events.filter((e) => e.type === 'search').map((e) => e.data.terms)).toEqual(['speaker']);
    expect(await stack.sessions(stack.keys.voltaire)).toHaveLength(1);

    // One page to look from: each look through a new tab would hide the shop's page, which
    // reports a leave, so the queue would hold a fresh event at nearly every look.
    const storage = await openStorageReader(ext);
    let last: unknown;
    await eventually('an empty queue', async () => {
      const stored = await storage.read();
      last = { queue: stored.queue, delivery: stored.delivery };
      const queue = stored.queue as { events: unknown[] } | undefined;
      return queue && queue.events.length === 0 ? true : undefined;
      // The leave the reader's tab causes goes a second later; a retry after a failure waits up to 15 s.
    }).catch((error: Error) => {
      throw new Error(`${error.message}; last seen: ${JSON.stringify(last)}`);
    });
    await storage.close();
  });
});
