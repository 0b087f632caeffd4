import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

/**
 * Screenshots every HTML file a screens.render.ts wrote, light and dark: `<out>/<prefix>-<name>[-dark].png`;
 * `width` (optional) for a narrow page such as the side panel.
 */
const [from = '/tmp/console-screens', out = '/work/notes/screens', prefix = 'console', width] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
try {
  const page = await browser.newPage();
  for (const file of readdirSync(from).filter((f) => f.endsWith('.html'))) {
    const name = file.replace(/\.html$/, '');
    await page.setViewport(width ? { width: Number(width), height: 900 } : name === 'dock' ? { width: 1100, height: 720 } : { width: 1500, height: 1400 });
    await page.goto(`file://${join(from, file)}`);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      // The dock fades in: the picture is of it settled.
      await new Promise((r) => setTimeout(r, 800));
      const path = join(out, `${prefix}-${name}${scheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path, fullPage: name !== 'dock' });
      console.log(path);
    }
  }
} finally {
  await browser.close();
}
