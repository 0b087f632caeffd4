import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian Chromium for the console (no extension), in a fresh profile named after the test
 * (`prefix`), removed when the browser closes; nothing calls out to the internet.
 */
export async function launchConsoleBrowser(prefix: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), prefix));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
  });
  // Chromium may still be writing its profile as it goes: retried, and never an error of the test's.
  browser.once('disconnected', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A temporary folder left behind is the system's to clean.
    }
  });
  return browser;
}

/**
 * Signs in through the console's sign-in page, in a browser context of its own (its own
 * cookies), and waits for `landing`, a selector on the first page the person sees.
 */
export async function signInToConsole(browser: Browser, backendUrl: string, who: { email: string; password: string }, landing: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.goto(`${backendUrl}/console/sign-in`, { waitUntil: 'networkidle0' });
  await page.type('input[name=email]', who.email);
  await page.type('input[name=password]', who.password);
  await page.click('button[type=submit]');
  await page.waitForSelector(landing, { timeout: 20_000 });
  return page;
}
