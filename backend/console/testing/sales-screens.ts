/**
 * Screenshots of the console's Sales pages, light and dark, on a real backend with seeded data
 * (sales-harness.ts), and axe-core run on each: `npx tsx backend/console/testing/sales-screens.ts [out]`
 * after `npm run build:console`. Prints every serious or critical violation; exits 1 when there is one.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { SESSION, type SalesHarness, startSalesHarness } from './sales-harness';

const ALL = ['catalogue', 'materials', 'commission', 'orders', 'ledger', 'reports'] as const;
/** SALES_PAGES=commission,orders for some of them only. */
const PAGES = process.env.SALES_PAGES ? ALL.filter((p) => process.env.SALES_PAGES!.split(',').includes(p)) : ALL;
const out = process.argv[2] ?? '/work/notes/screens/sales';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function settle(page: Page): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 300, timeout: 15_000 }).catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('.state.loading'), { timeout: 15_000 }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
}

async function axe(page: Page, name: string): Promise<number> {
  await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => (await (window as any).axe.run()).violations)) as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) console.log(`  ${name}: ${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  return bad.length;
}

/** The reports by associate (bars), the plan's form with the server's words on a field, and an analyst's view, each on a page of its own. */
async function extras(browser: Browser, harness: SalesHarness): Promise<number> {
  let problems = 0;
  const fresh = async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.setViewport({ width: 1440, height: 1000 });
    return page;
  };
  try {
    let page = await fresh();
    await page.goto(`${harness.url}/console/sales/reports`);
    await settle(page);
    await page.select('form.filters label:nth-of-type(2) select', 'associate');
    await settle(page);
    await page.select('form.filters label:nth-of-type(4) select', 'revenue');
    await settle(page);
    await page.screenshot({ path: join(out, 'reports-by-associate-dark.png'), fullPage: true });
    page = await fresh();
    await page.goto(`${harness.url}/console/sales/commission`);
    await settle(page);
    await page.click('.page-head button.primary');
    await page.waitForSelector('input[name="rules.1.id"]');
    await page.$eval('input[name="rules.1.id"]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name="rules.1.id"]', 'oled');
    await page.click('form button[type="submit"].primary');
    await settle(page);
    await page.screenshot({ path: join(out, 'commission-refused-dark.png'), fullPage: true });
    problems += await axe(page, 'commission form');
    harness.setRole('analyst');
    page = await fresh();
    await page.goto(`${harness.url}/console/sales/materials`);
    await settle(page);
    await page.screenshot({ path: join(out, 'materials-analyst-dark.png'), fullPage: true });
  } catch (err) {
    console.log(`the extra screens failed: ${(err as Error).message}`);
  }
  return problems;
}

const harness = await startSalesHarness();
mkdirSync(out, { recursive: true });
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
let problems = 0;
try {
  const page = await browser.newPage();
  // axe-core is injected as an inline script, which the console's policy refuses.
  await page.setBypassCSP(true);
  await page.setViewport({ width: 1440, height: 1000 });
  const host = new URL(harness.url).hostname;
  await browser.setCookie({ name: 'fw_console', value: SESSION, domain: host, path: '/', httpOnly: true, sameSite: 'Strict' });
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`${harness.url}/console/sign-in`);
    await page.evaluate((t) => localStorage.setItem('fw-console-theme', t), theme);
    for (const name of PAGES) {
      await page.goto(`${harness.url}/console/sales/${name}`);
      await settle(page);
      if (name === 'orders') await page.click('tbody tr:first-child button.link').then(() => settle(page));
      if (name === 'catalogue') await page.click('tbody tr:first-child button.link').then(() => settle(page));
      await page.screenshot({ path: join(out, `${name}-${theme}.png`), fullPage: true });
      if (theme === 'light') problems += await axe(page, name);
    }
  }
  problems += await extras(browser, harness);
} finally {
  await browser.close();
  await harness.close();
}
console.log(problems ? `${problems} serious or critical violations` : 'axe: no serious or critical violations');
process.exit(problems ? 1 : 0);
