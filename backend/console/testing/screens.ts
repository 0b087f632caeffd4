/**
 * Screenshots of every console page, light and dark, with axe-core run on each: a real backend on
 * PGlite with real console accounts (harness.ts), the built console (npm run build:console first),
 * headless Chromium. The pages are grouped in scenes (scenes/*.ts, listed in scenes/index.ts).
 *
 *   npx tsx backend/console/testing/screens.ts [output folder] [--only area,area]
 *
 * Prints axe's serious and critical violations, any breach of the page's security policy and any
 * script error, and exits 1 when there are any.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ACCOUNTS, type AccountName, type Harness, startHarness } from './harness';
import { SCENES } from './scenes';
import type { Shots } from './scenes/scene';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : null;
const OUT = resolve(args.find((a, i) => !a.startsWith('--') && !(onlyAt >= 0 && i === onlyAt + 1)) ?? '.output/screenshots/console');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

const problems: string[] = [];

function shots(browser: Browser, harness: Harness, area: string): Shots {
  let current: Page | undefined;
  const page = () => {
    if (!current) throw new Error('sign in first (shots.signIn)');
    return current;
  };
  const settle = async () => {
    const p = page();
    await p.waitForNetworkIdle({ idleTime: 200, timeout: 15_000 }).catch(() => undefined);
    await p.waitForFunction(() => !document.querySelector('.state.loading'), { timeout: 15_000 }).catch(() => undefined);
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };
  const open = async () => {
    const context = await browser.createBrowserContext();
    const p = await context.newPage();
    await p.setViewport({ width: 1280, height: 800 });
    p.on('console', (m) => {
      // Refusals on purpose (401 before sign-in, 400/403/409/422 for a field or a right at fault) are the pages' input, not faults;
      // axe itself compiles with new Function, which the policy refuses (the console's own bundle has no eval: checked in main).
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && !/CSP violation: script-src eval/.test(m.text())) problems.push(`${area}: console error: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`${area}: page error: ${(e as Error).message}`));
    await p.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    current = p;
    return p;
  };
  const type = async (selector: string, text: string) => {
    await page().click(selector, { count: 3 });
    await page().keyboard.press('Backspace');
    await page().type(selector, text);
  };
  const self: Shots = {
    get page() {
      return page();
    },
    harness,
    async signIn(who: AccountName, enterprise: 'volt' | 'summit' = 'volt') {
      if (current) await current.browserContext().close();
      const p = await open();
      await p.goto(`${harness.url}/console/sign-in`, { waitUntil: 'networkidle0' });
      await p.evaluate((id) => localStorage.setItem('fw-console-enterprise', id), harness.enterprises[enterprise]);
      await p.waitForSelector('input[name=email]');
      await type('input[name=email]', ACCOUNTS[who].email);
      await type('input[name=password]', ACCOUNTS[who].password);
      await p.click('button[type=submit]');
      if (who === 'owner') {
        await p.waitForSelector('input[name=totp]');
        await type('input[name=totp]', harness.ownerCode());
        harness.clock.advance(30_000);
        await p.click('button[type=submit]');
      }
      await p.waitForSelector('main h1', { timeout: 10_000 });
      await settle();
      return p;
    },
    async go(path: string, wait = 'main h1') {
      if (!current) await open();
      await page().goto(`${harness.url}/console${path}`, { waitUntil: 'networkidle0' });
      await page().waitForSelector(wait, { timeout: 10_000 });
      await settle();
    },
    type,
    settle,
    async shoot(name: string) {
      const p = page();
      for (const scheme of ['light', 'dark'] as const) {
        await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await settle();
        const path = join(OUT, `${name}${scheme === 'dark' ? '-dark' : ''}.png`);
        await p.screenshot({ path, fullPage: true });
        // Evaluated through the DevTools protocol, which the page's policy does not govern (a script tag would be refused).
        await p.evaluate(AXE);
        const violations = (await p.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe;
          return (await axe.run(document, { resultTypes: ['violations'] })).violations;
        })) as Violation[];
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
          problems.push(`${name} (${scheme}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
        console.log(`screenshot: ${path} (${violations.length} axe violations of any impact)`);
      }
      await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    },
  };
  return self;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dist = resolve('backend/console/dist/assets');
  for (const file of readdirSync(dist).filter((f) => f.endsWith('.js')))
    if (/\bnew Function\(|\beval\(/.test(readFileSync(join(dist, file), 'utf8'))) problems.push(`${file} evaluates strings as code: the policy refuses it`);
  const harness = await startHarness();
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', headless: true, protocolTimeout: 60_000, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    for (const scene of SCENES.filter((s) => !ONLY || ONLY.includes(s.area))) {
      const s = shots(browser, harness, scene.area);
      try {
        await scene.run(s);
      } catch (err) {
        problems.push(`${scene.area}: ${(err as Error).stack ?? err}`);
        await s.page.screenshot({ path: join(OUT, `failure-${scene.area}.png`), fullPage: true }).catch(() => undefined);
      }
      await s.page.browserContext().close().catch(() => undefined);
    }
  } finally {
    await browser.close();
    await harness.close();
  }
  if (problems.length) {
    console.error(`\n${problems.length} problem(s):\n${problems.join('\n')}`);
    process.exitCode = 1;
  } else console.log('\nNo serious or critical axe violations; no breach of the page policy; no script error.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
