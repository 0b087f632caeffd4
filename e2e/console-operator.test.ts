import { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage, MarketplaceEnterpriseList } from '../shared/console';
import { linkIn, startTestSmtp } from '../backend/src/testing/smtp';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * The marketplace operator in real Chromium against the real backend process and a real SMTP
 * server: the operator creates an enterprise with its first site and owner in the console; the
 * owner's invitation arrives by e-mail, the owner chooses a password through its link and signs
 * in to their enterprise; the marketplace audit names the operator; a suspended enterprise's
 * owner is refused at the API.
 */

const OPERATOR = { email: 'oscar@floorwalker.example', name: 'Oscar Operator', password: 'an operator password 1' };
const OWNER = { email: 'nina@nordlicht.example', name: 'Nina Berg', password: 'Lichthaus by the fjord 7' };
const ENTERPRISE = 'Nordlicht Optik';
const DOMAIN = 'nordlicht-optik.example';

describe('the console: a marketplace operator creates an enterprise whose owner is invited by e-mail', () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let browser: Browser;
  let enterpriseId: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    stack = await startStack(
      async (app) => {
        await app.console.ensureUser({ ...OPERATOR, operator: true });
      },
      { env: { SMTP_URL: smtp.url } },
    );
    browser = await launchConsoleBrowser('fw-console-operator-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
    await smtp?.stop();
  });

  /** Signs in through the console's page in a browser context of its own; waits for `landing` (a selector of the first page). */
  const signIn = (who: { email: string; password: string }, landing: string): Promise<Page> => signInToConsole(browser, stack.backend.url, who, landing);

  /** A read of the API from the page, with its cookie (and the enterprise named, for an enterprise route). */
  async function readFromPage(page: Page, path: string, enterprise?: string): Promise<{ status: number; body: any }> {
    return page.evaluate(
      async (path, enterprise) => {
        const res = await fetch(path, { headers: enterprise ? { 'x-floorwalker-enterprise': enterprise } : {} });
        return { status: res.status, body: await res.json().catch(() => null) };
      },
      path,
      enterprise ?? '',
    );
  }

  it('creates the enterprise, its site and its owner from the console; the owner sets a password through the mailed link and signs in to it', async () => {
    const operator = await signIn(OPERATOR, 'nav a[href$="/marketplace/enterprises"]');
    // The operator, a member of no enterprise, starts at the marketplace.
    await operator.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Enterprises', { timeout: 20_000 });
    await operator.click('.page-head button.primary');
    await operator.waitForSelector('.dialog input[name=name]');
    await operator.type('.dialog input[name=name]', ENTERPRISE);
    await operator.type('.dialog input[name=domain]', DOMAIN);
    await operator.type('.dialog input[name=ownerEmail]', OWNER.email);
    await operator.type('.dialog input[name=ownerName]', OWNER.name);
    await operator.click('.dialog button[type=submit]');
    await operator.waitForSelector('#sites-title', { timeout: 20_000 });
    await operator.waitForFunction((domain) => document.body.innerText.includes(domain), { timeout: 20_000 }, DOMAIN);
    expect(await operator.evaluate(() => document.querySelector('main h1')?.textContent)).toContain(ENTERPRISE);
    expect(await operator.evaluate(() => document.body.innerText)).toContain('invitation went out by e-mail');
    enterpriseId = operator.url().split('/').pop()!;

    // The API agrees: the enterprise with one site.
    const listed = MarketplaceEnterpriseList.parse((await readFromPage(operator, '/api/v1/marketplace/enterprises')).body).enterprises.find((e) => e.name === ENTERPRISE);
    expect(listed?.id).toBe(enterpriseId);
    expect(listed?.figures.sites).toBe(1);
    await screenshot(operator, 'console-operator-enterprise', ['light', 'dark'], false);

    // The owner's invitation, by e-mail.
    const mail = await smtp.next(20_000);
    expect(mail.to).toBe(OWNER.email);
    expect(mail.subject).toContain(ENTERPRISE);
    const link = linkIn(mail);
    expect(link.startsWith(`${stack.backend.url}/console/set-password#token=`)).toBe(true);

    // The owner chooses a password through the link's page, in a browser of their own.
    const inbox = await (await browser.createBrowserContext()).newPage();
    await inbox.goto(link, { waitUntil: 'load' });
    await inbox.waitForFunction(() => document.body.dataset.state === 'form', { timeout: 10_000 });
    await inbox.locator('#password').fill(OWNER.password);
    await inbox.locator('#confirm').fill(OWNER.password);
    await inbox.click('#set button');
    await inbox
      .waitForFunction(() => document.body.dataset.state === 'done', { timeout: 20_000 })
      .catch(async (err) => Promise.reject(new Error(`${(err as Error).message}; the page is ${await inbox.evaluate(() => `${document.body.dataset.state}: ${document.getElementById('form-error')?.textContent}`)}`)));
    expect(await inbox.$eval('#done-email', (el) => el.textContent)).toBe(OWNER.email);
    await inbox.browserContext().close();

    // Signed in afresh, the owner acts in their enterprise.
    const owner = await signIn(OWNER, 'nav a[href$="/sessions"]');
    await owner.waitForFunction((name) => document.querySelector('.switcher-trigger')?.textContent?.includes(name), { timeout: 20_000 }, ENTERPRISE);
    const me = (await readFromPage(owner, '/api/v1/console/me')).body;
    expect(me.memberships).toEqual([{ enterpriseId, enterpriseName: ENTERPRISE, role: 'owner', suspended: false }]);
    expect((await readFromPage(owner, '/api/v1/enterprise/sites', enterpriseId)).status).toBe(200);
    await owner.browserContext().close();

    // The marketplace audit names the operator for the creation, in the page and at the API.
    await operator.goto(`${stack.backend.url}/console/marketplace/audit`, { waitUntil: 'networkidle0' });
    await operator.waitForSelector('.server-table tbody tr');
    await operator.waitForFunction((name) => document.querySelector('.server-table')?.textContent?.includes(`enterprise "${name}"`), { timeout: 20_000 }, ENTERPRISE);
    const audit = AuditPage.parse((await readFromPage(operator, `/api/v1/marketplace/audit?enterpriseId=${enterpriseId}&actor=operator`)).body);
    const created = audit.entries.find((e) => e.subject === `enterprise "${ENTERPRISE}"`);
    expect(created?.actor).toMatchObject({ kind: 'operator', email: OPERATOR.email });
    expect(created?.action).toBe('POST /api/v1/marketplace/enterprises');
    expect(audit.entries.some((e) => e.subject === `site ${DOMAIN}`)).toBe(true);
    await operator.browserContext().close();
  });

  it('suspends the enterprise after a confirmation: its owner is refused at the API (403 enterprise_suspended) until it is resumed', async () => {
    const owner = await signIn(OWNER, 'nav a[href$="/sessions"]');
    expect((await readFromPage(owner, '/api/v1/sessions', enterpriseId)).status).toBe(200);

    const operator = await signIn(OPERATOR, 'nav a[href$="/marketplace/enterprises"]');
    await operator.goto(`${stack.backend.url}/console/marketplace/enterprises/${enterpriseId}`, { waitUntil: 'networkidle0' });
    await operator.waitForSelector('.page-head button.danger');
    await operator.click('.page-head button.danger');
    await operator.waitForSelector('[role=alertdialog] button.danger');
    await operator.click('[role=alertdialog] button.danger');
    await operator.waitForFunction(() => document.querySelector('main h1')?.textContent?.includes('Suspended'), { timeout: 20_000 });

    const refused = await readFromPage(owner, '/api/v1/sessions', enterpriseId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('enterprise_suspended');

    await operator.click('.page-head button.small-button');
    await operator.waitForSelector('[role=alertdialog] button.primary');
    await operator.click('[role=alertdialog] button.primary');
    await operator.waitForFunction(() => !document.querySelector('main h1')?.textContent?.includes('Suspended'), { timeout: 20_000 });
    expect((await readFromPage(owner, '/api/v1/sessions', enterpriseId)).status).toBe(200);
    await owner.browserContext().close();
    await operator.browserContext().close();
  });
});
