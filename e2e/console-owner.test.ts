import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minorUnits } from '../shared/catalog';
import { AuditPage } from '../shared/console';
import { ReportAnswer, type ReportLine } from '../shared/reports';
import { startTestSmtp } from '../backend/src/testing/smtp';
import { seedEngagements } from '../backend/src/testing/orders';
import { launchConsoleBrowser, signInToConsole } from './support/console';
import { type Stack, startStack } from './support/stack';

/*
 * The console's owner and analyst in real Chromium against the real backend process, which
 * mails through a real SMTP server: the owner invites a console user and an associate (each
 * gets their mail) and finds both changes in the audit log under their name; the analyst
 * downloads the report's CSV, whose total is the API's for the same period.
 */

const OWNER = { email: 'olga@voltaire.example', name: 'Olga Owner', password: 'an owner password 1' };
const ANALYST = { email: 'anton@voltaire.example', name: 'Anton Analyst', password: 'an analyst password 1' };
const INVITED_USER = { email: 'lena@voltaire.example', name: 'Lena Hoffmann' };
const INVITED_ASSOCIATE = { email: 'marc@voltaire.example', name: 'Marc Dubois' };
const DAY = 86_400_000;

describe('the console: an owner invites people and reads the audit log; an analyst downloads a report', () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let browser: Browser;
  let downloads: string;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    stack = await startStack(
      async (app, seeded, db) => {
        const volt = seeded[0]!;
        await app.console.ensureUser({ ...OWNER, enterpriseId: volt.id, role: 'owner' });
        await app.console.ensureUser({ ...ANALYST, enterpriseId: volt.id, role: 'analyst' });
        // Engagements over the last days, most of them with an order: the report has figures to add up.
        const now = new Date();
        const engagements = await seedEngagements(db, { enterpriseId: volt.id, count: 6, associateCount: 2, now, answeredAt: (i) => new Date(now.getTime() - (i + 1) * DAY) });
        for (const [i, e] of engagements.entries()) {
          if (i === 5) continue;
          const res = await app.http.request('/api/v1/orders', {
            method: 'POST',
            headers: { authorization: `Bearer ${volt.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id: `E2E-${i}`, placedAt: new Date(e.answeredAt.getTime() + 30 * 60_000).toISOString(), currency: 'EUR', engagementId: e.id, lines: [{ id: 'L1', sku: `SKU-${i}`, category: ['Audio'], quantity: 1, net: `${100 + i * 25}.50` }] }),
          });
          expect(res.status, await res.clone().text()).toBe(201);
        }
        await app.jobs.runDue();
        await new Promise((r) => setTimeout(r, 5_500));
        await app.jobs.runDue();
      },
      { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Floorwalker <no-reply@test.example>' } },
    );
    downloads = mkdtempSync(join(tmpdir(), 'fw-console-downloads-'));
    browser = await launchConsoleBrowser('fw-console-owner-');
  }, 240_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (downloads) rmSync(downloads, { recursive: true, force: true });
    await stack?.close();
    await smtp?.stop();
  });

  /** Signs in through the console's page, in a browser context of its own (its own cookies). */
  const signIn = (who: { email: string; password: string }): Promise<Page> => signInToConsole(browser, stack.backend.url, who, 'nav a[href$="/sessions"]');

  /** Opens a console page by its navigation link, as a person would. */
  async function openFromNav(page: Page, href: string): Promise<void> {
    await page.click(`nav a[href$="${href}"]`);
    await page.waitForFunction((h) => location.pathname.endsWith(h), {}, href);
    await page.waitForSelector('main h1');
  }

  it('lets the owner invite a console user and an associate, each mailed, and shows both in the audit log under the owner’s name', async () => {
    smtp.received.splice(0);
    const page = await signIn(OWNER);

    await openFromNav(page, '/settings/users');
    await page.waitForSelector('table');
    await page.click('.page-head button.primary');
    await page.waitForSelector('.dialog input[name=email]');
    await page.type('.dialog input[name=email]', INVITED_USER.email);
    await page.type('.dialog input[name=name]', INVITED_USER.name);
    await page.select('.dialog select[name=role]', 'sales_lead');
    await page.click('.dialog button[type=submit]');
    await page.waitForFunction((name) => document.querySelector('[role=status].notice')?.textContent?.includes(name), { timeout: 20_000 }, INVITED_USER.name);
    expect(await page.$eval('[role=status].notice', (n) => n.textContent)).toContain('the e-mail is on its way');
    await page.waitForFunction((email) => [...document.querySelectorAll('tbody tr')].some((r) => r.textContent?.includes(email)), {}, INVITED_USER.email);
    const userMail = await smtp.next(10_000);
    expect(userMail.to).toBe(INVITED_USER.email);
    expect(userMail.text).toMatch(new RegExp(`${stack.backend.url.replace(/[.]/g, '\\.')}/console/set-password#token=`));

    await openFromNav(page, '/associates');
    await page.click('.page-head button.primary');
    await page.waitForSelector('.dialog input[name=email]');
    await page.type('.dialog input[name=email]', INVITED_ASSOCIATE.email);
    await page.type('.dialog input[name=displayName]', INVITED_ASSOCIATE.name);
    await page.click('.dialog button[type=submit]');
    await page.waitForFunction((name) => document.querySelector('.notice.once')?.textContent?.includes(name), { timeout: 20_000 }, INVITED_ASSOCIATE.name);
    const associateMail = await smtp.next(10_000);
    expect(associateMail.to).toBe(INVITED_ASSOCIATE.email);
    expect(associateMail.text).toContain('/associates/set-password#token=');

    // The audit log page: both invitations, each naming the owner.
    await openFromNav(page, '/settings/audit');
    await page.waitForSelector('tbody tr');
    const rows = await page.$$eval('tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    const userRow = rows.find((r) => r[2]?.includes('POST /api/v1/enterprise/users'));
    const associateRow = rows.find((r) => r[2]?.includes('POST /api/v1/associates'));
    expect(userRow?.[1]).toBe(`${OWNER.email} (Owner)`);
    expect(associateRow?.[1]).toBe(`${OWNER.email} (Owner)`);
    // Opened, the user's invitation shows what was asked: the address, the name, the role.
    const index = rows.indexOf(userRow!);
    await page.click(`tbody tr:nth-child(${index + 1}) button.link`);
    await page.waitForSelector('table.diff');
    const diff = await page.$eval('table.diff', (t) => t.textContent ?? '');
    expect(diff).toContain(INVITED_USER.email);
    expect(diff).toContain('sales_lead');

    // The search finds the associate's invitation alone, by its path.
    await page.type('input[name=q]', '/api/v1/associates');
    await page.click('form.filters button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].every((r) => r.textContent?.includes('/api/v1/associates')), { timeout: 20_000 });

    // The API agrees: the two entries are the owner's, the enterprise's own log.
    const res = await fetch(`${stack.backend.url}/api/v1/audit`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    const log = AuditPage.parse(await res.json());
    for (const action of ['POST /api/v1/enterprise/users', 'POST /api/v1/associates'])
      expect(log.entries.find((e) => e.action === action)?.actor).toMatchObject({ kind: 'user', email: OWNER.email, role: 'owner' });
    await page.browserContext().close();
  });

  it('lets the analyst download the report’s CSV from Sales → Reports, its totals the API’s for the same period', async () => {
    const page = await signIn(ANALYST);
    const context: BrowserContext = page.browserContext();
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: (context as unknown as { id: string }).id, eventsEnabled: true });

    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/reports') asked.push(r.url());
    });
    await page.click('nav a[href$="/sales/reports"]');
    await page.waitForSelector('.page-head button');
    await page.waitForFunction(() => [...document.querySelectorAll('.page-head button')].some((b) => b.textContent?.includes('Download CSV')), { timeout: 20_000 });
    await page.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('.page-head button')].find((b) => b.textContent?.includes('Download CSV'))!.click());
    const file = await downloaded(downloads);
    const csv = readFileSync(join(downloads, file), 'utf8');

    // The same period and grouping, asked of the API with the enterprise's key.
    expect(asked.length).toBeGreaterThan(0);
    const query = new URL(asked.at(-1)!).search;
    const res = await fetch(`${stack.backend.url}/api/v1/reports${query}`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } });
    expect(res.status).toBe(200);
    const answer = ReportAnswer.parse(await res.json());
    expect(file).toBe(`floorwalker-report-${answer.from.slice(0, 10)}-${answer.to.slice(0, 10)}-by-day.csv`);
    expect(answer.total.engagements).toBeGreaterThan(0);
    expect(answer.total.money.length).toBeGreaterThan(0);

    const totals = totalsOf(csv);
    expect(totals.counts).toEqual(countsOf(answer.total));
    expect(totals.money).toEqual(Object.fromEntries(answer.total.money.map((m) => [m.currency, { orders: m.orders, revenueMinor: m.revenueMinor, commissionMinor: m.commissionMinor }])));
    await cdp.detach();
    await context.close();
  });
});

/** Waits for a finished download in the folder (Chromium writes `.crdownload` until done). */
async function downloaded(dir: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const done = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    if (done.length === 1 && !readdirSync(dir).some((f) => f.endsWith('.crdownload'))) return done[0]!;
    if (Date.now() > deadline) throw new Error(`no download in ${dir}: ${readdirSync(dir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const COUNTS = ['opportunities', 'offers', 'offers_decided', 'offers_accepted', 'engagements', 'converted'] as const;

function countsOf(line: ReportLine): Record<(typeof COUNTS)[number], number> {
  return { opportunities: line.opportunities, offers: line.offers, offers_decided: line.offersDecided, offers_accepted: line.offersAccepted, engagements: line.engagements, converted: line.converted };
}

/** The CSV's `total` rows: the counts (on the first), and per currency the orders and amounts in minor units. */
function totalsOf(csv: string): { counts: Record<string, number>; money: Record<string, { orders: number; revenueMinor: number; commissionMinor: number }> } {
  const rows = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((r) => r.split(','));
  const header = rows[0]!;
  const col = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
  const totals = rows.slice(1).filter((r) => r[0] === 'total');
  expect(totals.length).toBeGreaterThan(0);
  const counts = Object.fromEntries(COUNTS.map((c) => [c, Number(col(totals[0]!, c))]));
  const minor = (amount: string, currency: string) => {
    const m = minorUnits(amount.replace(/^-/, ''), currency);
    if (!m.ok) throw new Error(`${amount} ${currency}: ${m.message}`);
    return amount.startsWith('-') ? -m.minor : m.minor;
  };
  const money = Object.fromEntries(
    totals
      .filter((r) => col(r, 'currency'))
      .map((r) => [col(r, 'currency'), { orders: Number(col(r, 'orders')), revenueMinor: minor(col(r, 'revenue'), col(r, 'currency')), commissionMinor: minor(col(r, 'commission'), col(r, 'currency')) }]),
  );
  return { counts, money };
}
