/**
 * Renders the extension's icons from its mark: `npx tsx scripts/icons.ts`.
 * extension/assets/mark.svg (mark-16.svg for 16 px) → extension/public/icon/{16,32,48,96,128}.png (WXT lists them in
 * the manifest). There is no image editor in the toolchain; Chromium draws the SVG instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const SIZES = [16, 32, 48, 96, 128];
const read = (name: string) => readFileSync(fileURLToPath(new URL(`../extension/assets/${name}`, import.meta.url)), 'utf8');
// Below 32 px the full mark's details blur: the toolbar size has a version drawn on its own grid.
const markFor = (size: number) => (size < 32 ? read('mark-16.svg') : read('mark.svg'));
const outDir = fileURLToPath(new URL('../extension/public/icon/', import.meta.url));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    const sized = markFor(size).replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const file = `${outDir}${size}.png`;
    writeFileSync(file, png);
    console.log(file);
  }
} finally {
  await browser.close();
}
