import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, CONSOLE_COOKIE } from '../shared/console';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * The console in real Chromium against the real backend process: people sign in with the
 * console's own page (cookie session), act within their role, and the audit log names them.
 */

const OWNER = { email: 'olivia@voltaire.example', name: 'Olivia Owner', password: 'an owner password 1' };
const ANALYST = { email: 'arno@voltaire.example', name: 'Arno Analyst', password: 'an analyst password 1' };

describe('the console: an owner and an analyst of Voltaire sign in and act within their roles', () => {
  let stack: Stack;
  let browser: Browser;
  let voltaireId: string;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded) => {
      voltaireId = seeded[0]!.id;
      await app.console.ensureUser({ ...OWNER, enterpriseId: voltaireId, role: 'owner' });
      await app.console.ensureUser({ ...ANALYST, enterpriseId: voltaireId, role: 'analyst' });
    });
    browser = await launchConsoleBrowser('fw-console-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  /** Signs in through the console's page, in a browser context of its own (its own cookies). */
  const signIn = (who: { email: string; password: string }): Promise<Page> => signInToConsole(browser, stack.backend.url, who, 'nav a[href$="/sessions"]');

  /** A change through the page's own fetch, as the console sends it: the cookie, the enterprise, the CSRF token or not. */
  async function changeFromPage(page: Page, path: string, body: unknown, withCsrf: boolean): Promise<{ status: number; code: string | undefined }> {
    return page.evaluate(
      async (path, body, enterpriseId, withCsrf) => {
        const me = await (await fetch('/api/v1/console/me')).json();
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-floorwalker-enterprise': enterpriseId };
        if (withCsrf) headers['x-csrf-token'] = me.csrfToken;
        const res = await fetch(path, { method: 'PUT', headers, body: JSON.stringify(body) });
        const answer = await res.json().catch(() => ({}));
        return { status: res.status, code: answer?.error?.code as string | undefined };
      },
      path,
      body,
      voltaireId,
      withCsrf,
    );
  }

  it('signs the owner in with an HttpOnly, SameSite=Strict cookie; the owner makes an API key in the page, shown once', async () => {
    const page = await signIn(OWNER);
    const cookie = (await page.browserContext().cookies()).find((c) => c.name === CONSOLE_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(await page.evaluate(() => document.cookie)).not.toContain(CONSOLE_COOKIE);

    await page.goto(`${stack.backend.url}/console/settings/api-keys`, { waitUntil: 'networkidle0' });
    await page.type('input[name=label]', 'Order webhook (console test)');
    await page.click('form.inline-form button[type=submit]');
    await page.waitForFunction(() => /fwk_/.test(document.body.innerText), { timeout: 20_000 });
    await screenshot(page, 'console-api-keys', ['light', 'dark'], false);

    // The key works for the enterprise's API.
    const key = await page.evaluate(() => /fwk_[A-Za-z0-9_-]+/.exec(document.body.innerText)?.[0]);
    const res = await fetch(`${stack.backend.url}/api/v1/sessions`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    await page.browserContext().close();
  });

  it('refuses a change without the CSRF token, and an analyst’s change in the page and at the API', async () => {
    const owner = await signIn(OWNER);
    expect(await changeFromPage(owner, '/api/v1/live/settings', { transcriptRetentionDays: 90 }, false)).toEqual({ status: 403, code: 'csrf_failed' });
    await owner.browserContext().close();

    const analyst = await signIn(ANALYST);
    await analyst.goto(`${stack.backend.url}/console/settings/live`, { waitUntil: 'networkidle0' });
    await analyst.waitForFunction(() => /Your role reads these settings/.test(document.body.innerText), { timeout: 20_000 });
    expect(await analyst.$('form button[type=submit]')).toBeNull();
    await screenshot(analyst, 'console-live-settings-analyst', ['light'], false);
    expect(await changeFromPage(analyst, '/api/v1/live/settings', { transcriptRetentionDays: 90 }, true)).toEqual({ status: 403, code: 'role_forbids' });
    expect(await changeFromPage(analyst, '/api/v1/rules/opportunity', { conditions: [] }, true)).toEqual({ status: 403, code: 'role_forbids' });
    await analyst.browserContext().close();
  });

  it('shows each change in the audit log with who made it', async () => {
    const res = await fetch(`${stack.backend.url}/api/v1/audit`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    const page = AuditPage.parse(await res.json());
    const made = page.entries.find((e) => e.action === 'POST /api/v1/api-keys');
    expect(made?.actor).toMatchObject({ kind: 'user', email: OWNER.email, role: 'owner' });
    expect(JSON.stringify(made)).not.toMatch(/fwk_[A-Za-z0-9]{8,}/);
    // Refused changes are not changes: nothing from the analyst.
    expect(page.entries.some((e) => e.actor.kind === 'user' && e.actor.email === ANALYST.email)).toBe(false);
  });
});
