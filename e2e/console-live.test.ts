import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveOverview } from '../shared/floor';
import { REALTIME_PATH } from '../shared/realtime';
import { seedRouting } from './support/agent';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * The Live page in real Chromium against the real backend process: a sales lead watches the
 * floor, an associate (signed in through the API, connected on the realtime socket as the
 * extension is) goes available, and the page shows it without a reload, over the console's socket.
 */

const LEAD = { email: 'sara@voltaire.example', name: 'Sara Lead', password: 'a sales lead password 1' };
const AGENT = { email: 'ana.live@voltaire.example', password: 'an associate password 1', displayName: 'Ana Live' };

async function api(stack: Stack, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${stack.backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

describe('the console’s Live page: a sales lead sees an associate’s presence change as it happens', () => {
  let stack: Stack;
  let browser: Browser;
  let associateId: string;
  let associateToken: string;
  let socket: WebSocket | null = null;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded) => {
      await app.console.ensureUser({ ...LEAD, enterpriseId: seeded[0]!.id, role: 'sales_lead' });
    });
    associateId = (await seedRouting(stack, [AGENT])).get(AGENT.email)!;
    // The associate signs in as the extension does.
    const signedIn = await fetch(`${stack.backend.url}/api/v1/associates/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: AGENT.email, password: AGENT.password }),
    });
    expect(signedIn.status).toBe(200);
    associateToken = ((await signedIn.json()) as { token: string }).token;
    browser = await launchConsoleBrowser('fw-console-live-');
  }, 240_000);
  afterAll(async () => {
    socket?.close();
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  /** The associate's line on the page: its presence, or null while it is not shown. */
  const presenceShown = (page: Page) =>
    page.evaluate((id) => document.querySelector(`[data-associate="${id}"] .presence`)?.className.split(' ').find((c) => ['available', 'busy', 'away', 'offline'].includes(c)) ?? null, associateId);

  it('shows the associate away, then available the moment they say so, without a reload', async () => {
    // The associate is on the realtime socket (connected, as the extension keeps them) and away.
    socket = new WebSocket(`${stack.backend.url.replace(/^http/, 'ws')}${REALTIME_PATH}`);
    await new Promise<void>((resolve, reject) => {
      socket!.once('open', () => socket!.send(JSON.stringify({ v: 1, type: 'auth', token: associateToken })));
      socket!.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'ready') resolve();
      });
      socket!.once('error', reject);
    });
    await api(stack, associateToken, 'PATCH', '/api/v1/associates/me', { presence: 'away' });

    const page = await signInToConsole(browser, stack.backend.url, LEAD, 'nav a[href$="/live"]');
    await page.click('nav a[href$="/live"]');
    // The console's socket is up (cookie, same origin) and the associate is listed away.
    await page.waitForSelector('.live-dot.live', { timeout: 20_000 });
    await page.waitForFunction((id) => !!document.querySelector(`[data-associate="${id}"] .presence.away`), { timeout: 20_000 }, associateId);
    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));

    await api(stack, associateToken, 'PATCH', '/api/v1/associates/me', { presence: 'available' });
    await page.waitForFunction((id) => !!document.querySelector(`[data-associate="${id}"] .presence.available`), { timeout: 10_000 }, associateId);
    expect(await presenceShown(page)).toBe('available');
    // The same page, not a reload.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
    await screenshot(page, 'console-live-sales-lead', ['light', 'dark'], false);

    // The API agrees.
    const overview = LiveOverview.parse(await api(stack, stack.keys.voltaire, 'GET', '/api/v1/live/overview'));
    expect(overview.associates.list.find((a) => a.id === associateId)?.presence).toBe('available');

    // Away again: the page follows too.
    await api(stack, associateToken, 'PATCH', '/api/v1/associates/me', { presence: 'away' });
    await page.waitForFunction((id) => !!document.querySelector(`[data-associate="${id}"] .presence.away`), { timeout: 10_000 }, associateId);
    await page.browserContext().close();
  });
});
