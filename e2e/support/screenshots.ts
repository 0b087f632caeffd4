import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';

/** Where CI keeps the run's output: what the shopper and the associate see, as PNGs, to look at. */
export const SCREENSHOTS = fileURLToPath(new URL('../../.output/screenshots/', import.meta.url));

export type Scheme = 'light' | 'dark';

/** Saves a screenshot of `page` in each of `schemes` as `<name>[-dark].png` and prints where. */
export async function screenshot(page: Page, name: string, schemes: Scheme[] = ['light'], fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const scheme of schemes) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const path = `${SCREENSHOTS}${name}${scheme === 'dark' ? '-dark' : ''}.png`;
    await page.screenshot({ path, fullPage });
    console.log(`screenshot: ${path}`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}
