import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnterpriseAdmissionList, SignedIn } from '../shared/associates';
import { applications } from '../backend/src/db/schema';
import { hashPassword } from '../backend/src/secrets';
import { insertBank } from '../backend/src/testing/earned';
import { insertAssociate } from '../backend/src/testing/routing';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * A sales lead admits an independent in real Chromium against the real backend process: the
 * directory of approved independents filtered by category, an invitation that requires
 * Voltaire's own published test; the API then holds the invitation with that test, and the
 * associate, who has not passed it, is refused acceptance with 409 `test_required`.
 */

const SALES_LEAD = { email: 'sami@voltaire.example', name: 'Sami Sales-Lead', password: 'a sales lead password 1' };
const IVY = { email: 'ivy@freelance.example', password: 'ivy’s long password' };

describe('the console: a sales lead invites an approved independent, requiring the enterprise’s test first', () => {
  let stack: Stack;
  let browser: Browser;
  let voltaireId: string;
  let ivyId: string;
  let bankId: string;

  beforeAll(async () => {
    stack = await startStack(async (app, seeded, db) => {
      voltaireId = seeded[0]!.id;
      await app.console.ensureUser({ ...SALES_LEAD, enterpriseId: voltaireId, role: 'sales_lead' });
      const now = new Date();
      // Two approved independents as registration leaves them: an approved application with the categories declared.
      const approved = async (email: string, displayName: string, categories: string[][], passwordHash: string) => {
        const id = await insertAssociate(db, { employerId: null, email, displayName, passwordHash, languages: ['en'], timezone: 'Europe/Paris', presence: 'away', approvedAt: now }, now);
        await db.insert(applications).values({
          id: crypto.randomUUID(),
          associateId: id,
          status: 'approved',
          givenName: displayName.split(' ')[0]!,
          familyName: displayName.split(' ')[1]!,
          country: 'FR',
          categories,
          experience: 'Years on the shop floor.',
          weeklyHours: 20,
          consentedAt: now,
          consentVersion: '1',
          createdAt: now,
          updatedAt: now,
        });
        return id;
      };
      ivyId = await approved(IVY.email, 'Ivy Laurent', [['Audio', 'Headphones']], await hashPassword(IVY.password, 10));
      await approved('tom@freelance.example', 'Tom Okoye', [['TV', 'OLED']], 'not-a-real-hash');
      // Voltaire's own published test, and a draft it cannot require.
      bankId = await insertBank(db, { enterpriseId: voltaireId, category: ['Audio', 'Headphones'], level: 3, title: 'Voltaire headphones range' }, now);
      await insertBank(db, { enterpriseId: voltaireId, category: ['TV'], level: 2, title: 'Voltaire TV draft', published: false }, now);
    });
    browser = await launchConsoleBrowser('fw-console-admission-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
  });

  const names = (page: Page) => page.$$eval('.server-table tbody tr td:first-child .strong', (cells) => cells.map((c) => c.textContent?.trim() ?? ''));

  it('filters by category, invites with the test required; the API shows it and the associate cannot accept yet', async () => {
    const page = await signInToConsole(browser, stack.backend.url, SALES_LEAD, 'nav a[href$="/sessions"]');
    await page.click('nav a[href$="/independents"]');
    await page.waitForSelector('.server-table tbody tr', { timeout: 20_000 });
    const all = await names(page);
    expect(all).toEqual(expect.arrayContaining(['Ivy Laurent', 'Tom Okoye']));

    // The category filter: only who declared (or passed a test in) Audio > Headphones.
    await page.type('input[name=category]', 'Audio > Headphones');
    await page.click('form[role=search] button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('.server-table')?.textContent?.includes('Tom Okoye'), { timeout: 20_000 });
    const filtered = await names(page);
    expect(filtered).toContain('Ivy Laurent');
    expect(filtered).not.toContain('Tom Okoye');

    // Invite Ivy, requiring Voltaire's published test: the draft is not offered.
    await page.click('button[aria-label="Invite Ivy Laurent"]');
    await page.waitForSelector('.dialog select[name=requiredBankId]');
    const offered = await page.$$eval('.dialog select[name=requiredBankId] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    expect(offered.map(([v]) => v)).toEqual(['', bankId]);
    expect(offered.some(([, label]) => label?.includes('draft'))).toBe(false);
    await page.select('.dialog select[name=requiredBankId]', bankId);
    expect(await page.$eval('[data-testid=invite-confirmation]', (el) => el.textContent)).toContain('must pass “Voltaire headphones range”');
    await page.click('.dialog button[type=submit]');
    await page.waitForFunction(
      () => {
        const row = [...document.querySelectorAll('.server-table tbody tr')].find((r) => r.textContent?.includes('Ivy Laurent'));
        const standing = row?.querySelector('[data-testid=standing]')?.textContent ?? '';
        return standing.includes('Invited') && standing.includes('Voltaire headphones range');
      },
      { timeout: 20_000 },
    );
    expect(await page.$('button[aria-label="Invite Ivy Laurent"]')).toBeNull();
    await screenshot(page, 'console-admission-invited', ['light'], false);
    await page.browserContext().close();

    // The API holds the invitation with the test required.
    const res = await fetch(`${stack.backend.url}/api/v1/associates/admissions`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    const invitation = EnterpriseAdmissionList.parse(await res.json()).admissions.find((a) => a.associate?.id === ivyId);
    expect(invitation).toMatchObject({ status: 'invited', requiredTest: { bankId, title: 'Voltaire headphones range', level: 3 } });

    // Ivy signs in and tries to accept before passing the test: refused, and still invited.
    const signIn = await fetch(`${stack.backend.url}/api/v1/associates/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(IVY) });
    expect(signIn.status).toBe(200);
    const { token } = SignedIn.parse(await signIn.json());
    const accept = await fetch(`${stack.backend.url}/api/v1/associates/me/admissions/${voltaireId}/accept`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(accept.status).toBe(409);
    expect(((await accept.json()) as { error: { code: string } }).error.code).toBe('test_required');
    const again = EnterpriseAdmissionList.parse(await (await fetch(`${stack.backend.url}/api/v1/associates/admissions`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } })).json());
    expect(again.admissions.find((a) => a.associate?.id === ivyId)?.status).toBe('invited');
  });
});
