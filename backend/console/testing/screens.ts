/**
 * Screenshots of every console page, light and dark, with axe-core run in each: a real backend on
 * PGlite (harness.ts), the built console (npm run build:console first), headless Chromium.
 *
 *   npx tsx backend/console/testing/screens.ts [output folder]
 *
 * Prints axe's serious and critical violations and any breach of the page's security policy, and
 * exits 1 when there are any.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import puppeteer, { type Page } from 'puppeteer-core';
import { HARNESS_USER, startHarness } from './harness';

const OUT = resolve(process.argv[2] ?? '.output/screenshots/console');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

const problems: string[] = [];

async function settle(page: Page): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 150, timeout: 10_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Both schemes: a screenshot each, and axe's verdict on each (contrast differs). */
async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await settle(page);
    const path = join(OUT, `${name}${scheme === 'dark' ? '-dark' : ''}.png`);
    await page.screenshot({ path, fullPage: true });
    // Evaluated through the DevTools protocol, which the page's policy does not govern (a script tag would be refused).
    await page.evaluate(AXE);
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as Violation[];
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
      problems.push(`${name} (${scheme}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
    console.log(`screenshot: ${path} (${violations.length} axe violations of any impact)`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dist = resolve('backend/console/dist/assets');
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.js')))
    if (/\bnew Function\(|\beval\(/.test(readFileSync(join(dist, file), 'utf8'))) problems.push(`${file} evaluates strings as code: the policy refuses it`);
  const harness = await startHarness();
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, protocolTimeout: 30_000, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('console', (m) => {
      // Refusals the harness answers on purpose (401 before sign-in, 400 for a field at fault) are the pages' input, not faults;
      // axe itself compiles with new Function, which the policy refuses (the console's own bundle has no eval: checked below).
      if (m.type() === 'error' && !/status of 40[01]/.test(m.text()) && !/CSP violation: script-src eval/.test(m.text())) problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const go = async (path: string, wait = 'main h1') => {
      await page.goto(`${harness.url}/console${path}`, { waitUntil: 'networkidle0' });
      await page.waitForSelector(wait, { timeout: 10_000 });
    };
    const type = async (selector: string, text: string) => {
      await page.click(selector, { count: 3 });
      await page.type(selector, text);
    };

    // Signing in: the address at fault, then the second factor, then in.
    await go('/sessions', 'form input[name=email]');
    await shoot(page, 'sign-in');
    await type('input[name=email]', 'olivia@');
    await type('input[name=password]', 'x');
    await page.click('button[type=submit]');
    await page.waitForSelector('.field-error');
    await shoot(page, 'sign-in-error');
    await type('input[name=email]', HARNESS_USER.email);
    await type('input[name=password]', HARNESS_USER.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=totp]');
    await shoot(page, 'sign-in-code');
    await type('input[name=totp]', HARNESS_USER.totp);
    await page.click('button[type=submit]');
    await page.waitForSelector('.server-table', { timeout: 8000 });
    await shoot(page, 'sessions');

    await page.click('.server-table tbody tr a');
    await page.waitForSelector('.facts-grid');
    await shoot(page, 'session');

    await go('/associates', '.server-table');
    await shoot(page, 'associates');
    await page.click('.page-head button');
    await page.waitForSelector('.dialog input[name=email]');
    await type('.dialog input[name=email]', 'not an address');
    await type('.dialog input[name=displayName]', 'Dan');
    await page.click('.dialog button[type=submit]');
    await page.waitForSelector('.dialog .field-error');
    await shoot(page, 'associates-invite');
    await page.keyboard.press('Escape');

    await go('/settings/api-keys', '.server-table');
    await shoot(page, 'api-keys');
    await type('input[name=label]', 'Reporting export');
    await page.click('.inline-form button[type=submit]');
    await page.waitForSelector('.notice.once');
    await shoot(page, 'api-keys-created');

    await go('/settings/live', 'input[name=transcriptRetentionDays]');
    await shoot(page, 'live-settings');
    await go('/account', 'input[name=current]');
    await shoot(page, 'account');
    await go('/sales/reports');
    await shoot(page, 'planned');

    await page.click('.user-trigger');
    await page.waitForSelector('.menu');
    await shoot(page, 'user-menu');
    await page.keyboard.press('Escape');

    // An analyst in the other enterprise: fewer pages, settings read only.
    await page.click('.switcher-trigger');
    await page.waitForSelector('.menu-item');
    await shoot(page, 'enterprise-switcher');
    let items = await page.$$('.menu-item');
    await items[1]!.click();
    await go('/settings/live', 'input[name=transcriptRetentionDays]');
    await shoot(page, 'analyst-live-settings');
    await go('/settings/api-keys', '.state.empty');
    await shoot(page, 'analyst-not-allowed');

    // Inside a support access: an admin's pages, the switcher and the user menu say it is the access, until when.
    await page.click('.switcher-trigger');
    await page.waitForSelector('.menu-item');
    items = await page.$$('.menu-item');
    await items[2]!.click();
    await go('/settings/live', 'input[name=transcriptRetentionDays]');
    await page.click('.switcher-trigger');
    await page.waitForSelector('.menu-item');
    await shoot(page, 'support-access-switcher');
    await page.keyboard.press('Escape');
    await page.click('.user-trigger');
    await page.waitForSelector('.menu');
    await shoot(page, 'support-access-user-menu');
    await page.keyboard.press('Escape');

    // The theme toggle: dark chosen on a light system.
    await page.click('.topbar .icon-button');
    await settle(page);
    await page.screenshot({ path: join(OUT, 'toggle-dark.png'), fullPage: true });

    await go('/forgot-password', 'input[name=email]');
    await shoot(page, 'forgot-password');
  } catch (err) {
    const [page] = await browser.pages();
    if (page) await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true });
    throw err;
  } finally {
    await browser.close();
    await harness.close();
  }
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  } else console.log('\nNo serious or critical axe violations; no breach of the page policy.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
