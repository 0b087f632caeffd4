import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { type AgentAccount, type AgentBrowser, engagementOf, openAgent, openRealPanel, seedRouting } from './support/agent';
import { type ExtensionBrowser, eventually, launchWithExtension } from './support/browser';
import { attributeInClosedShadow, clickInClosedShadow, inClosedShadow, textInClosedShadow } from './support/closed-shadow';
import { answerConsent, setBackendUrl } from './support/extension-pages';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };
const BEN: AgentAccount = { email: 'ben@voltaire.example', password: 'ben-demo-password', displayName: 'Ben' };
const INVITATION = 'floorwalker-invitation';

const text = (page: Page) => page.evaluate(() => document.body.innerText);
/** Where every element of the shop's page is: the invitation must not move any of it. */
const layout = (page: Page) =>
  page.evaluate(() =>
    [...document.body.querySelectorAll('*')].map((el) => {
      const r = el.getBoundingClientRect();
      return `${el.tagName}:${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}x${Math.round(r.height)}`;
    }),
  );

describe('a shopper lingers on an expensive product; two associates get the offer, one wins, the shopper says yes', () => {
  let stack: Stack;
  let shopper: ExtensionBrowser;
  let shop: Page;
  let agents: AgentBrowser[] = [];
  let winner: AgentBrowser;
  let loser: AgentBrowser;
  const volt = demoProducts.voltaire;
  const product = volt.products.find((p) => p.inStock && Number(p.price) >= 300 && volt.categoryNames(p)[0] === 'Audio')!;

  beforeAll(async () => {
    stack = await startStack();
    const ids = await seedRouting(stack, [ANA, BEN]);
    // Two associates in two more browsers, signed in through the options page, available.
    agents = await Promise.all([ANA, BEN].map((account) => openAgent(stack, account, ids.get(account.email)!)));
    shopper = await launchWithExtension();
    await answerConsent(shopper, 'accept');
    await setBackendUrl(shopper, stack.backend.url);
    shop = await shopper.browser.newPage();
    await shop.setViewport({ width: 1280, height: 800 });
  }, 180_000);
  afterAll(async () => {
    await Promise.allSettled([shopper?.close(), ...agents.map((a) => a.close())]);
    await stack?.close();
  });

  it('the offer reaches both side panels: the product, the shopper’s session, the match and its reasons, a countdown', async () => {
    expect(product, 'an Audio product of $300 or more in the demo catalog').toBeDefined();
    await shop.goto(volt.url(stack.shops.voltaire, product), { waitUntil: 'load' });
    await shop.bringToFront(); // visible and focused: the time counts as dwell

    for (const agent of agents) {
      await agent.panel.waitForSelector('[data-testid=offer][data-phase=open]', { timeout: 90_000 });
      const body = await text(agent.panel);
      expect(body).toContain(product.name);
      expect(body).toContain(volt.displayPrice(product.price));
      expect(body).toMatch(/Accredited in \w+, level [34]/);
      expect(body).toContain('Available now');
      // Why the shopper is worth a call: the opportunity rules' conditions that held (described, or by id).
      expect(await agent.panel.$eval('[data-testid=offer-signals]', (el) => el.textContent)).toMatch(/Looks at a product of \$300 or more|expensive/);
      expect(await agent.panel.$eval('[data-testid=offer-score]', (el) => el.textContent)).toMatch(/^\d+%$/);
      expect(await agent.panel.$eval('[data-testid=offer-countdown]', (el) => el.textContent)).toMatch(/^\d:\d\d$/);
      // Agent mode observes nothing: the associate's own browser reported no session.
    }
    await screenshot(agents[0]!.panel, 'sidepanel-offer', ['light', 'dark']);
  });

  it('both accept at once: exactly one wins, the other sees "taken by a colleague" at once and the offer leaves', async () => {
    await Promise.all(agents.map((a) => a.panel.click('[data-testid=offer-accept]')));
    const phases = await Promise.all(
      agents.map(async (a) => {
        const done = await a.panel.waitForSelector('[data-testid=offer][data-phase=won], [data-testid=offer][data-phase=taken]', { timeout: 15_000 });
        return done!.evaluate((el) => el.getAttribute('data-phase'));
      }),
    );
    expect([...phases].sort()).toEqual(['taken', 'won']);
    winner = agents[phases.indexOf('won')]!;
    loser = agents[phases.indexOf('taken')]!;

    expect(await loser.panel.$eval('[data-testid=offer-ending]', (el) => el.textContent)).toBe('Taken by a colleague');
    await screenshot(loser.panel, 'sidepanel-taken', ['light', 'dark']);
    await loser.panel.waitForSelector('[data-testid=offers-empty]', { timeout: 10_000 });

    await winner.panel.waitForSelector('[data-testid=engagement][data-status=invited]', { timeout: 10_000 });
  });

  it('the shopper sees the invitation on the shop’s page, unobtrusive, and says yes; the engagement is the winner’s', async () => {
    await shop.bringToFront();
    const before = await layout(shop);
    await eventually('the invitation on the shop’s page', async () => ((await inClosedShadow(shop, INVITATION, 'invitation')) ? true : undefined), 20_000);
    const card = await textInClosedShadow(shop, INVITATION, 'invitation');
    // Who offers help, and for whom they speak (the enterprise's name): "Ana from Voltaire Retail can help you".
    expect(card).toMatch(new RegExp(`${winner.account.displayName} from Voltaire[\\w ]* can help you`));
    expect(card).toContain(product.name);
    expect(card).toMatch(/This offer lapses in \d:\d\d/);
    // The page's own elements stay where they were; the card's host is outside <body>, its root closed.
    expect(await layout(shop)).toEqual(before);
    expect(await shop.$eval(INVITATION, (host) => [host.parentElement?.tagName, host.shadowRoot, getComputedStyle(host).position])).toEqual([
      'HTML',
      null,
      'fixed',
    ]);
    await screenshot(shop, 'invitation', ['light', 'dark'], false);

    await clickInClosedShadow(shop, INVITATION, 'invitation-yes');
    await eventually('the thank-you', async () => ((await attributeInClosedShadow(shop, INVITATION, 'invitation', 'data-state')) === 'accepted' ? true : undefined));
    expect(await attributeInClosedShadow(shop, INVITATION, 'invitation-thanks', 'hidden')).toBeNull();
    await screenshot(shop, 'invitation-accepted', ['light'], false);

    // The shopper's yes opens the winner's live console in a new tab, in front: back to the panel.
    await winner.panel.bringToFront();
    const row = await winner.panel.waitForSelector('[data-testid=engagement][data-status=accepted]', { timeout: 15_000 });
    const engagementId = (await row!.evaluate((el) => el.getAttribute('data-engagement-id')))!;
    await screenshot(winner.panel, 'sidepanel-engaged', ['light', 'dark']);

    const engagement = (await engagementOf(stack, engagementId)) as { status: string; associate: { id: string; displayName: string } };
    expect(engagement.status).toBe('accepted');
    expect(engagement.associate).toMatchObject({ id: winner.associateId, displayName: winner.account.displayName });
  });

  it('the real side panel opens from the toolbar button in agent mode, 360 px-ish wide, with the engagement', async () => {
    const tab = await winner.ext.browser.newPage();
    await tab.goto(stack.shops.voltaire.origin, { waitUntil: 'load' });
    const panel = await openRealPanel(winner.ext, tab);
    await panel.waitForSelector('[data-testid=agent-panel][data-state=ready]');
    await panel.waitForSelector('[data-testid=engagement][data-status=accepted]');
    expect(await panel.evaluate(() => innerWidth)).toBeLessThan(500);
    await screenshot(panel, 'sidepanel-real', ['light'], false);
  });
});
