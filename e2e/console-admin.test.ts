import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage } from '../shared/console';
import { OpportunityRulesHistory, OpportunityRulesVersion } from '../shared/rules';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * An admin of Voltaire edits the opportunity rules in the console, in real Chromium against the
 * real backend process: changes the threshold, previews the draft over the last day beside the
 * live version, saves it, then rolls back with one click; the API agrees, and the audit log, read
 * by the owner, names the admin for both changes.
 */

const ADMIN = { email: 'adele@voltaire.example', name: 'Adèle Admin', password: 'an admin password 1' };
const OWNER = { email: 'otto@voltaire.example', name: 'Otto Owner', password: 'an owner password 1' };

/** Voltaire's rules before the admin comes: three conditions, 25 points at most, opening at 10. */
const RULES = {
  threshold: 10,
  cooldownMinutes: 30,
  timezone: 'UTC',
  conditions: [
    { id: 'long-dwell', when: { type: 'dwell', seconds: 20 }, points: 10 },
    { id: 'searched', when: { type: 'search_terms', words: ['tent', 'headphones'] }, points: 5 },
    { id: 'big-cart', when: { type: 'any', of: [{ type: 'cart_value', min: '300.00', currency: 'EUR' }, { type: 'customer_tier', tiers: ['gold'] }] }, points: 10 },
  ],
};

describe('the console: an admin edits the opportunity rules, previews, saves and rolls back', () => {
  let stack: Stack;
  let browser: Browser;
  let voltaireId: string;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded) => {
      voltaireId = seeded[0]!.id;
      await app.console.ensureUser({ ...ADMIN, enterpriseId: voltaireId, role: 'admin' });
      await app.console.ensureUser({ ...OWNER, enterpriseId: voltaireId, role: 'owner' });
      const res = await app.http.request('/api/v1/rules/opportunity', {
        method: 'PUT',
        headers: { authorization: `Bearer ${seeded[0]!.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(RULES),
      });
      if (!res.ok) throw new Error(`seeding the rules: ${res.status} ${await res.text()}`);
    });
    browser = await launchConsoleBrowser('fw-console-admin-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  /** Signs in through the console's page, in a browser context of its own (its own cookies). */
  const signIn = (who: { email: string; password: string }): Promise<Page> => signInToConsole(browser, stack.backend.url, who, 'nav a[href$="/rules/opportunity"]');

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${stack.backend.url}/api/v1${path}`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const textOf = (page: Page) => page.evaluate(() => document.body.innerText);

  it('saves the admin’s change after a preview, rolls it back with one click, and the audit log names the admin', async () => {
    const before = OpportunityRulesVersion.parse(await api('/rules/opportunity'));
    expect(before.document.threshold).toBe(10);

    const page = await signIn(ADMIN);
    await page.click('nav a[href$="/rules/opportunity"]');
    await page.waitForSelector('input[name="threshold"]', { timeout: 20_000 });
    expect(await page.$eval('input[name="threshold"]', (e) => (e as HTMLInputElement).value)).toBe('10');

    // Checked as typed with the shared schema: a threshold past what the points add up to is refused on its field.
    await page.click('input[name="threshold"]', { count: 3 });
    await page.keyboard.type('40');
    await page.waitForFunction(() => /can never be reached: the conditions' positive points add up to 25/.test(document.body.innerText), { timeout: 10_000 });
    expect(await page.$eval('input[name="threshold"]', (e) => e.getAttribute('aria-invalid'))).toBe('true');

    // Then a threshold that holds, and a weight changed.
    await page.click('input[name="threshold"]', { count: 3 });
    await page.keyboard.type('15');
    await page.click('input[name="conditions.1.points"]', { count: 3 });
    await page.keyboard.type('6');
    await page.waitForFunction(() => /The draft is valid/.test(document.body.innerText), { timeout: 10_000 });
    expect(await page.$('[aria-invalid="true"]')).toBeNull();

    // The preview: the draft beside the live version, over the last day; nothing written.
    await page.click('button::-p-text(Preview over the last day)');
    await page.waitForSelector('.preview table', { timeout: 20_000 });
    const preview = await page.$eval('.preview', (e) => (e as HTMLElement).innerText);
    expect(preview).toMatch(/Over the last day: the draft beside the live version/);
    expect(preview).toMatch(new RegExp(`Live \\(v${before.version}\\)`, 'i'));
    expect(preview).toMatch(/Sessions that would open an opportunity/);
    expect(OpportunityRulesVersion.parse(await api('/rules/opportunity')).version).toBe(before.version);
    await screenshot(page, 'console-rules-preview', ['light', 'dark'], false);

    // Saved: the next version, with the admin's threshold and weight.
    await page.click('button[type="submit"].primary');
    await page.waitForFunction((v) => document.body.innerText.includes(`Saved: version ${v} is live.`), { timeout: 20_000 }, before.version + 1);
    const saved = OpportunityRulesVersion.parse(await api('/rules/opportunity'));
    expect(saved.version).toBe(before.version + 1);
    expect(saved.document.threshold).toBe(15);
    expect(saved.document.conditions[1]!.points).toBe(6);

    // One click on the earlier version (and the confirmation): it is live again, as the next version.
    await page.click('[role="tab"]::-p-text(Versions)');
    await page.waitForSelector('table.diff', { timeout: 20_000 });
    const diff = await page.$eval('table.diff', (e) => (e as HTMLElement).innerText);
    expect(diff).toMatch(/Threshold\s+10\s+15/);
    expect(diff).toMatch(/searched\s+changed\s+Points\s+5\s+6/);
    expect(await textOf(page)).toContain(ADMIN.email);
    await page.click(`button::-p-text(Restore v${before.version})`);
    await page.waitForSelector('[role="alertdialog"]');
    await page.click(`[role="alertdialog"] button::-p-text(Restore version ${before.version})`);
    const restored = before.version + 2;
    await page.waitForFunction((v, r) => document.body.innerText.includes(`Version ${v} restored: it is live as version ${r}.`), { timeout: 20_000 }, before.version, restored);

    const live = OpportunityRulesVersion.parse(await api('/rules/opportunity'));
    expect(live.version).toBe(restored);
    expect(live.document).toEqual(before.document);
    const history = OpportunityRulesHistory.parse(await api('/rules/opportunity/versions'));
    expect(history.versions.map((v) => v.version).slice(0, 3)).toEqual([restored, before.version + 1, before.version]);
    await page.browserContext().close();

    // The owner reads the audit log in the console's session: both changes, by the admin.
    const owner = await signIn(OWNER);
    const entries = await owner.evaluate(async (enterpriseId) => {
      const res = await fetch('/api/v1/audit?q=/rules/opportunity', { headers: { 'x-floorwalker-enterprise': enterpriseId } });
      return { status: res.status, body: await res.json() };
    }, voltaireId);
    expect(entries.status).toBe(200);
    const log = AuditPage.parse(entries.body).entries;
    const put = log.find((e) => e.action === 'PUT /api/v1/rules/opportunity' && e.subject === `opportunity rules v${before.version + 1}`);
    expect(put?.actor).toMatchObject({ kind: 'user', email: ADMIN.email, role: 'admin' });
    expect((put?.after as { document?: { threshold?: number } } | null)?.document?.threshold).toBe(15);
    const restore = log.find((e) => e.action === 'POST /api/v1/rules/opportunity/versions/:version/restore');
    expect(restore).toMatchObject({ path: `/api/v1/rules/opportunity/versions/${before.version}/restore`, status: 201, subject: `opportunity rules v${restored} (restored from v${before.version})` });
    expect(restore?.actor).toMatchObject({ kind: 'user', email: ADMIN.email, role: 'admin' });
    await owner.browserContext().close();
  });
});
