import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { eventually } from './support/browser';
import { useObservedShopper } from './support/stack';
import { steps } from './support/steps';

describe('a search the shop runs in the page', () => {
  const shopper = useObservedShopper();

  it('is reported once, with the typed terms, though the form never reaches the server', async () => {
    const { stack, page } = shopper();
    const { summit } = stack.shops;
    await page.goto(summit.origin, { waitUntil: 'load' });
    const home = page.url();

    await page.type('.search-input', '  Zelt  ');
    await page.keyboard.press('Enter');
    // The shop swaps the results in and pushes their address: no page load.
    await page.waitForFunction(() => location.pathname === '/find' && document.querySelectorAll('.product-card').length > 0);
    expect(page.url()).toBe(`${summit.origin}/find?text=++Zelt++`);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(new URL(home).pathname).toBe('/');

    const session = await eventually('the search page view at the backend', async () => {
      const [s] = await stack.sessions(stack.keys.summit);
      return s && steps(s).includes('page_view:search') ? s : undefined;
    });
    // Reported as it was submitted (on the home page), and not again by the results' address.
    expect(steps(session)).toEqual(['page_view:other', 'search', 'page_view:search']);
    const [search] = session.events.filter((e) => e.type === 'search');
    expect(search!.data.terms).toBe('Zelt');
    expect(search!.data.pageId).toBe(session.events[0]!.clientEventId);
    expect(session.aggregate.searches.map((s) => s.terms)).toEqual(['Zelt']);
    expect(demoProducts.summit.search('Zelt').length).toBeGreaterThan(0);
  });
});
