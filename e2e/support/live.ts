import type { Page } from 'puppeteer-core';
import { demoProducts } from '../../demo/shops/server';
import { type AgentAccount, type AgentBrowser, openAgent, seedRouting } from './agent';
import { type ExtensionBrowser, eventually, launchWithExtension } from './browser';
import { attributeInClosedShadow, clickInClosedShadow, inClosedShadow } from './closed-shadow';
import { answerConsent, setBackendUrl } from './extension-pages';
import type { Stack } from './stack';

/** The shopper's live dock and sharing banner: hosts with closed shadow roots on the shop's page. */
export const DOCK = 'floorwalker-live';
export const BANNER = 'floorwalker-live-banner';
export const GUIDE = 'floorwalker-guide';
const INVITATION = 'floorwalker-invitation';

/** A live engagement between a shopper's browser and an associate's, both with fake microphones. */
export interface LiveEngagement {
  shopper: ExtensionBrowser;
  /** The shop tab the shopper said yes in. */
  shop: Page;
  agent: AgentBrowser;
  /** The associate's live console (live.html), as the extension opened it. */
  console: Page;
  engagementId: string;
  /** The product the shopper lingered on, and another of the same shop. */
  product: { name: string; url: string };
  other: { name: string; url: string };
  close(): Promise<void>;
}

/**
 * The routing flow to the point where the shopper says yes (as e2e/agent-routing.test.ts
 * drives it, with one associate), then waits for the associate's live console, opened by the
 * extension on the shopper's yes, and for both sides' link to be open.
 */
export async function startLiveEngagement(stack: Stack, account: AgentAccount, options: { onInvitation?: (shop: Page) => Promise<void> } = {}): Promise<LiveEngagement> {
  const ids = await seedRouting(stack, [account]);
  const agent = await openAgent(stack, account, ids.get(account.email)!, { media: true });
  const shopper = await launchWithExtension({ media: true });
  try {
    await answerConsent(shopper, 'accept');
    await setBackendUrl(shopper, stack.backend.url);
    const shop = await shopper.browser.newPage();
    await shop.setViewport({ width: 1280, height: 800 });
    const volt = demoProducts.voltaire;
    const expensive = volt.products.filter((p) => p.inStock && Number(p.price) >= 300 && volt.categoryNames(p)[0] === 'Audio');
    const [first, second] = expensive as [(typeof expensive)[number], (typeof expensive)[number]];
    const product = { name: first.name, url: volt.url(stack.shops.voltaire, first) };
    const other = { name: second.name, url: volt.url(stack.shops.voltaire, second) };
    await shop.goto(product.url, { waitUntil: 'load' });
    await shop.bringToFront();

    await agent.panel.waitForSelector('[data-testid=offer][data-phase=open]', { timeout: 90_000 });
    await agent.panel.click('[data-testid=offer-accept]');
    await agent.panel.waitForSelector('[data-testid=offer][data-phase=won]', { timeout: 15_000 });

    await shop.bringToFront();
    await eventually('the invitation', async () => ((await inClosedShadow(shop, INVITATION, 'invitation')) ? true : undefined), 20_000);
    await options.onInvitation?.(shop);
    const opened = agent.ext.browser.waitForTarget((t) => t.url().includes('/live.html?engagement='), { timeout: 20_000 });
    await clickInClosedShadow(shop, INVITATION, 'invitation-yes');
    const target = await opened;
    const engagementId = new URL(target.url()).searchParams.get('engagement')!;
    const console = (await target.asPage())!;
    await console.setViewport({ width: 1280, height: 800 });
    await console.bringToFront();
    await console.waitForSelector('[data-testid=live-state][data-state=open]', { timeout: 30_000 });
    await eventually('the shopper’s dock connected', async () => ((await dockState(shop)) === 'open' ? true : undefined), 30_000);
    return {
      shopper,
      shop,
      agent,
      console,
      engagementId,
      product,
      other,
      close: async () => {
        await Promise.allSettled([shopper.close(), agent.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([shopper.close(), agent.close()]);
    throw error;
  }
}

/** The dock's link state on the shop's page (`connecting`, `open`, `lost`, `closed`), or null without a dock. */
export const dockState = (shop: Page) => shop.evaluate((tag) => document.querySelector(tag)?.getAttribute('data-fw-live') ?? null, DOCK);

/** Types into the dock's chat box and presses Enter, as the shopper does. */
export async function shopperSays(shop: Page, text: string): Promise<void> {
  await clickInClosedShadow(shop, DOCK, 'live-chat-input');
  await shop.keyboard.type(text);
  await shop.keyboard.press('Enter');
}

/** Types into the console's chat box and presses Enter, as the associate does. */
export async function associateSays(console: Page, text: string): Promise<void> {
  await console.click('[data-testid=chat-input]');
  await console.keyboard.type(text);
  await console.keyboard.press('Enter');
}

/** Clicks Allow on the dock's card for an ask (`view`, `guide`, `voice`, `navigate`) once it shows. */
export async function allow(shop: Page, ask: 'view' | 'guide' | 'voice' | 'navigate'): Promise<void> {
  // The dock re-renders as the host's view changes: a node found a moment ago may be gone, so look again.
  await eventually(
    `the ${ask} ask on the shop’s page, allowed`,
    async () => {
      if (!(await inClosedShadow(shop, DOCK, `live-ask-${ask}`))) return undefined;
      await clickInClosedShadow(shop, DOCK, `live-ask-${ask}-allow`);
      return true;
    },
    15_000,
  );
}

/** The console's consent badge for a scope: whether the shopper's consent is on. */
export const consentOn = (console: Page, scope: 'view' | 'guide' | 'voice') =>
  console.$eval(`[data-testid=consent-${scope}]`, (el) => el.getAttribute('data-granted') === 'true');

export { attributeInClosedShadow };
