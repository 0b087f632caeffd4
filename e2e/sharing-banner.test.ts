import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import type { AgentAccount } from './support/agent';
import { eventually } from './support/browser';
import { attributeInClosedShadow, clickInClosedShadow, inClosedShadow, textInClosedShadow } from './support/closed-shadow';
import { allow, BANNER, consentOn, DOCK, type LiveEngagement, startLiveEngagement } from './support/live';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };

/**
 * What the shop's page has at the centre of its header's search box and at the end of its logo:
 * the element there (a shadow host of ours is what the page sees when we cover it).
 */
async function headerUncovered(shop: Page): Promise<{ search: string; logo: string }> {
  return shop.evaluate(() => {
    const at = (el: Element, x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return hit === el || (hit && el.contains(hit)) ? 'uncovered' : `covered by <${hit?.tagName.toLowerCase()}>`;
    };
    const search = document.querySelector('.search-input')!;
    const logo = document.querySelector('.logo')!;
    const s = search.getBoundingClientRect();
    const l = logo.getBoundingClientRect();
    return { search: at(search, s.left + s.width / 2, s.top + s.height / 2), logo: at(logo, l.right - 2, l.top + l.height / 2) };
  });
}

describe('the sharing banner leaves the shop’s header alone', () => {
  let stack: Stack;
  let live: LiveEngagement;

  beforeAll(async () => {
    stack = await startStack();
    live = await startLiveEngagement(stack, ANA, { onInvitation: (shop) => screenshot(shop, 'shopper-invitation', ['light', 'dark'], false) });
  }, 240_000);
  afterAll(async () => {
    await live?.close();
    await stack?.close();
  });

  it('open and as a chip, on the engagement’s shop and paused on another enterprise’s; Stop is one click in the chip', async () => {
    const { shop, console } = live;
    await screenshot(shop, 'shopper-dock', ['light', 'dark'], false);
    await console.bringToFront();
    await console.click('[data-testid=ask-view]');
    await shop.bringToFront();
    await allow(shop, 'view');
    await eventually('the sharing banner', async () => ((await inClosedShadow(shop, BANNER, 'live-banner')) ? true : undefined), 15_000);
    await console.waitForSelector('[data-testid=consent-view][data-granted=true]', { timeout: 15_000 });
    expect(await headerUncovered(shop)).toEqual({ search: 'uncovered', logo: 'uncovered' });
    await screenshot(shop, 'shopper-banner', ['light', 'dark'], false);

    await clickInClosedShadow(shop, BANNER, 'live-banner-shrink');
    await eventually('the chip', async () => ((await shop.$eval(BANNER, (el) => el.getAttribute('data-fw-chip'))) === 'true' ? true : undefined));
    expect(await inClosedShadow(shop, BANNER, 'live-banner-chip')).toBe(true);
    expect(await headerUncovered(shop)).toEqual({ search: 'uncovered', logo: 'uncovered' });
    await screenshot(shop, 'shopper-chip', ['light', 'dark'], false);

    // Another enterprise's demo shop, in the shared tab: sharing pauses, the (expanded) banner says why, the dock is hidden.
    await clickInClosedShadow(shop, BANNER, 'live-banner-expand');
    const summit = demoProducts.summit;
    await shop.goto(summit.url(stack.shops.summit, summit.products[0]!), { waitUntil: 'load' });
    await eventually('the paused banner', async () => ((await shop.$eval(BANNER, (el) => el.getAttribute('data-fw-sharing')).catch(() => null)) === 'paused' ? true : undefined), 15_000);
    expect(await shop.$eval(DOCK, (el) => el.getAttribute('data-fw-away'))).toBe('true');
    expect(await textInClosedShadow(shop, BANNER, 'live-banner-text')).toBe('Sharing paused: you left Voltaire Electronics. It resumes when you come back.');
    expect(await headerUncovered(shop)).toEqual({ search: 'uncovered', logo: 'uncovered' });
    await screenshot(shop, 'shopper-banner-paused', ['light'], false);

    await shop.goto(live.product.url, { waitUntil: 'load' });
    await eventually('sharing again', async () => ((await shop.$eval(BANNER, (el) => el.getAttribute('data-fw-sharing')).catch(() => null)) === 'view' ? true : undefined), 15_000);
    await clickInClosedShadow(shop, BANNER, 'live-banner-shrink');
    await eventually('the chip', async () => ((await attributeInClosedShadow(shop, BANNER, 'live-banner-chip', 'hidden')) === null ? true : undefined));
    await clickInClosedShadow(shop, BANNER, 'live-banner-chip-stop');
    await eventually('viewing stopped', async () => ((await shop.$(BANNER)) === null ? true : undefined), 15_000);
    await console.waitForSelector('[data-testid=consent-view][data-granted=false]', { timeout: 15_000 });
    expect(await consentOn(console, 'view')).toBe(false);
  });
});
