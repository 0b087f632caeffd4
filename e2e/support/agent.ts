import type { Page } from 'puppeteer-core';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { clickToolbarButton, setBackendUrl } from './extension-pages';
import type { Stack } from './stack';

/** A demo associate: signs in with these. */
export interface AgentAccount {
  email: string;
  password: string;
  displayName: string;
}

/** Where an associate works: the side panel as a tab (MV3.md: a fair stand-in), 360 px wide like the real one. */
export interface AgentBrowser {
  ext: ExtensionBrowser;
  account: AgentAccount;
  associateId: string;
  panel: Page;
  close(): Promise<void>;
}

export const PANEL = { width: 360, height: 900 };

async function api(stack: Stack, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * What routing needs at Voltaire, set through the enterprise's API as an integrator would:
 * an opportunity when a shopper lingers on a product of $300 or more, a rule set that offers
 * it to every accredited associate at once (first accept wins), and the associates with their
 * accreditation in Audio. Returns each associate's id by email.
 */
export async function seedRouting(stack: Stack, accounts: readonly AgentAccount[]): Promise<Map<string, string>> {
  const key = stack.keys.voltaire;
  await api(stack, key, 'PUT', '/api/v1/rules/opportunity', {
    threshold: 2,
    cooldownMinutes: 0,
    conditions: [
      { id: 'lingers', description: 'Lingers on a product', when: { type: 'dwell', seconds: 5 }, points: 1 },
      { id: 'expensive', description: 'Looks at a product of $300 or more', when: { type: 'product_price', min: '300', currency: 'USD' }, points: 1 },
    ],
    segment: { categoryFrom: 'top_product', minLevel: 2 },
  });
  await api(stack, key, 'PUT', '/api/v1/rules/matching', {
    ruleSets: [
      {
        name: 'audio, everyone at once',
        priority: 1,
        candidates: 'both',
        rules: [
          { rule: 'accreditation', weight: 3, mode: 'filter' },
          { rule: 'available_now', weight: 0, filter: true },
          { rule: 'language', weight: 1 },
          { rule: 'load', weight: 1 },
          { rule: 'longest_idle', weight: 1 },
          { rule: 'response_rate', weight: 1 },
        ],
        offer: { mode: 'broadcast', size: 10, offerSeconds: 90, giveUpSeconds: 180, ownAssociateSeconds: 0, priority: 'may' },
      },
    ],
  });
  const ids = new Map<string, string>();
  for (const [i, account] of accounts.entries()) {
    const invited = (await api(stack, key, 'POST', '/api/v1/associates', {
      email: account.email,
      displayName: account.displayName,
      languages: ['en'],
      timezone: 'UTC',
      // Every day, all day: "available now" whenever the test runs.
      schedule: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, from: '00:00', to: '24:00' })),
      capacity: 3,
      contact: { notify: true, sound: false, channels: ['chat'] },
    })) as { associate: { id: string }; invitation: { token: string } };
    // The associate chooses their password through the invitation's link.
    await api(stack, key, 'POST', '/api/v1/associates/password/set', { token: invited.invitation.token, password: account.password });
    const created = invited.associate;
    ids.set(account.email, created.id);
    await api(stack, key, 'PUT', `/api/v1/associates/${created.id}/accreditations`, {
      accreditations: [{ category: ['Audio'], level: 4 - i }],
    });
  }
  return ids;
}

/** Reads an engagement with the enterprise's key. */
export const engagementOf = (stack: Stack, id: string) => api(stack, stack.keys.voltaire, 'GET', `/api/v1/engagements/${id}`);

/**
 * An associate's browser: the built extension switched to agent mode and signed in through
 * its options page, as an associate does, available, with the offers panel open (as a tab).
 */
export async function openAgent(stack: Stack, account: AgentAccount, associateId: string, options: { media?: boolean } = {}): Promise<AgentBrowser> {
  const ext = await launchWithExtension(options);
  try {
    // The consent page the install opened is a shopper's question: an associate closes it.
    for (const page of await ext.browser.pages()) if (page.url().endsWith('/consent.html')) await page.close();
    await setBackendUrl(ext, stack.backend.url);
    const options = await ext.openExtensionPage('options.html');
    await options.bringToFront();
    await options.click('[data-testid=mode-agent]');
    await options.waitForSelector('[data-testid=mode][data-mode=agent]');
    await options.waitForSelector('[data-testid=agent-status][data-state=signed-out]', { visible: true });
    await options.type('[data-testid=agent-email]', account.email);
    await options.type('[data-testid=agent-password]', account.password);
    await options.click('[data-testid=agent-sign-in]');
    await options.waitForSelector('[data-testid=agent-status][data-state=signed-in]', { visible: true, timeout: 15_000 });
    await options.close();

    const panel = await ext.openExtensionPage('sidepanel.html');
    await panel.setViewport(PANEL);
    await panel.bringToFront();
    await panel.waitForSelector('[data-testid=agent-panel][data-state=ready]');
    await panel.waitForSelector('[data-testid=connection][data-status=ready]', { timeout: 15_000 });
    if ((await panel.$eval('[data-testid=presence]', (el) => el.getAttribute('data-presence'))) !== 'available') {
      await panel.click('[data-testid=presence-toggle]');
      await panel.waitForSelector('[data-testid=presence][data-presence=available]');
    }
    return { ext, account, associateId, panel, close: () => ext.close() };
  } catch (error) {
    await ext.close();
    throw error;
  }
}

/**
 * Opens the real side panel over `tab` as a click on the toolbar button does in agent mode
 * (CDP Extensions.triggerAction on the tab's target), and returns its page.
 */
export async function openRealPanel(ext: ExtensionBrowser, tab: Page): Promise<Page> {
  await clickToolbarButton(ext, tab);
  const known = new Set((await ext.browser.pages()).map((p) => p.target()));
  const panelTarget = await ext.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html') && !known.has(t), { timeout: 10_000 });
  return (await panelTarget.asPage())!;
}

