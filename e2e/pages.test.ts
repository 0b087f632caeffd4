import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/shops/server';
import { type ExtensionBrowser, eventually, launchWithExtension } from './support/browser';
import { clickToolbarButton, setBackendUrl } from './support/extension-pages';
import { screenshot } from './support/screenshots';
import { grantSiteAccess } from './support/site-access';
import { type Stack, startStack } from './support/stack';

const DESKTOP = { width: 1280, height: 800 };

const text = (page: Page) => page.evaluate(() => document.body.innerText);

describe('the pages a shopper sees', () => {
  let stack: Stack;
  let ext: ExtensionBrowser;
  /** A participating shop's product page, the tab the popup is opened over. */
  let shop: Page;
  let consentPage: Page;

  /** Opens the real toolbar popup over `tab`, as a click on the Floorwalker button does, once it has left "loading". */
  async function openPopup(tab: Page, state: string): Promise<Page> {
    await clickToolbarButton(ext, tab);
    const popupTarget = await ext.browser.waitForTarget((t) => t.url().endsWith('/popup.html'), { timeout: 10_000 });
    const popup = (await popupTarget.asPage())!;
    await popup.waitForSelector(`[data-testid=popup-state][data-state=${state}]`, { visible: true });
    return popup;
  }

  /** One of the extension's full pages in a desktop-sized tab, in front. */
  async function openFullPage(path: string): Promise<Page> {
    const page = await ext.openExtensionPage(path);
    await page.setViewport(DESKTOP);
    await page.bringToFront();
    return page;
  }

  beforeAll(async () => {
    stack = await startStack();
    ext = await launchWithExtension();
    shop = await ext.browser.newPage();
    await shop.goto(demoProducts.voltaire.url(stack.shops.voltaire, demoProducts.voltaire.first()), { waitUntil: 'load' });
    consentPage = await eventually('the consent page opened on install', async () =>
      (await ext.browser.pages()).find((p) => p.url().endsWith('/consent.html')),
    );
    await consentPage.setViewport(DESKTOP);
  });
  afterAll(async () => {
    await ext?.close();
    await stack?.close();
  });

  it('consent page, unanswered: a centred product page that says what, where, why, what never, how long and who, with yes and no alike', async () => {
    await consentPage.bringToFront();
    await consentPage.waitForSelector('[data-testid=consent-state][data-state=pending][data-view=question]', { visible: true });
    const body = await text(consentPage);
    for (const expected of [
      'Floorwalker',
      'What it observes',
      'what you search for',
      'what you put in your cart',
      'What it never reads',
      'passwords',
      'Only on participating shops',
      'not even that list',
      'sales associate',
      '90 days, then deletes it',
      "the shop's customer id",
      '365 days',
      'asked for separately',
      'Who runs the service',
      'whoever runs that server is responsible',
      'http://localhost:8787', // where this build reports until the settings say otherwise
    ]) {
      expect(body).toContain(expected);
    }
    expect(await consentPage.$eval('[data-testid=privacy-link]', (a) => (a as HTMLAnchorElement).pathname)).toBe('/privacy.html');
    expect(await consentPage.$eval('.brand img', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // A readable column in the middle of a wide window.
    const column = await consentPage.$eval('main', (m) => {
      const r = m.getBoundingClientRect();
      return { left: r.left, right: innerWidth - r.right, width: r.width };
    });
    expect(column.width).toBeLessThanOrEqual(760);
    expect(Math.abs(column.left - column.right)).toBeLessThan(2);

    // Yes and no: the same size and the same look.
    const look = (id: string) =>
      consentPage.$eval(`[data-testid=${id}]`, (b) => {
        const s = getComputedStyle(b);
        const r = b.getBoundingClientRect();
        return [Math.round(r.width), Math.round(r.height), s.backgroundColor, s.color, s.borderColor, s.fontWeight, s.fontSize];
      });
    expect(await look('consent-accept')).toEqual(await look('consent-decline'));

    await screenshot(consentPage, 'consent-pending', ['light', 'dark']);
  });

  it('popup, unanswered: one line of state and "Review and decide", which opens the consent page', async () => {
    const popup = await openPopup(shop, 'pending');
    const body = await text(popup);
    expect(body).toContain('Review and decide');
    expect(body).not.toContain('What it observes'); // the consent text is the consent page's, not repeated here
    expect(await popup.$('[data-testid=consent-accept], [data-testid=consent-decline]')).toBeNull();
    await screenshot(popup, 'popup-pending', ['light', 'dark'], false);

    const opened = ext.browser.waitForTarget((t) => t.url().endsWith('/consent.html') && t !== consentPage.target(), { timeout: 10_000 });
    await popup.click('[data-testid=consent-review]');
    await (await (await opened).asPage())!.close();
    if (!popup.isClosed()) await popup.close();
  });

  it('consent page, declined: nothing is observed, and how to change one’s mind', async () => {
    await consentPage.bringToFront();
    await consentPage.click('[data-testid=consent-decline]');
    await consentPage.waitForSelector('[data-testid=consent-state][data-state=declined][data-view=declined]', { visible: true });
    const body = await text(consentPage);
    expect(body).toContain('Floorwalker is off');
    expect(body).toContain('observes nothing and sends nothing');
    expect(body).toContain('Review my decision');
    await screenshot(consentPage, 'consent-declined', ['light', 'dark']);
  });

  it('popup, declined: says Floorwalker is off and offers to review the decision, never "Decline" again', async () => {
    const popup = await openPopup(shop, 'declined');
    const body = await text(popup);
    expect(body).toContain('Floorwalker is off');
    expect(body).toContain('Review your decision');
    expect(body).not.toMatch(/decline|no, thanks/i);
    expect(await popup.$('[data-testid=consent-withdraw]')).toBeNull();
    await screenshot(popup, 'popup-declined', ['light', 'dark'], false);
    await popup.close();
  });

  it('consent page, accepted on review: names the shops and asks the browser for access in the same click; a refusal is said plainly, with "Ask again"', async () => {
    await setBackendUrl(ext, stack.backend.url);
    await consentPage.bringToFront();
    await consentPage.click('[data-testid=consent-review]');
    await consentPage.waitForSelector('[data-testid=consent-previous]', { visible: true });
    expect(await consentPage.$eval('[data-testid=consent-previous]', (p) => p.textContent)).toMatch(/You said no on/);

    // Headless Chromium shows no prompt: the shopper's "no" to it is played by the permissions API here.
    await consentPage.evaluate(() => {
      type Permissions = { request(p: { origins: string[] }): Promise<boolean> };
      const g = globalThis as unknown as { chrome: { permissions: Permissions }; browser?: { permissions: Permissions }; asked: string[]; restore(): void };
      const apis = [g.chrome.permissions, g.browser?.permissions].filter((a): a is Permissions => !!a);
      const originals = apis.map((a) => a.request);
      g.asked = [];
      const refuse = async ({ origins }: { origins: string[] }) => (g.asked.push(...origins), false);
      for (const api of apis) Object.defineProperty(api, 'request', { value: refuse, configurable: true });
      g.restore = () => apis.forEach((api, i) => Object.defineProperty(api, 'request', { value: originals[i], configurable: true }));
    });
    await consentPage.click('[data-testid=consent-accept]');
    await consentPage.waitForSelector('[data-testid=consent-state][data-state=given][data-view=given]', { visible: true });
    const list = await consentPage.waitForSelector('[data-testid=site-list], [data-testid=sites-error]', { visible: true });
    expect(await list!.evaluate((el) => `${el.getAttribute('data-testid')}: ${el.textContent}`)).toMatch(/^site-list: /);
    const shops = await consentPage.$eval('[data-testid=site-list]', (ul) => ul.textContent);
    expect(shops).toContain(stack.shops.voltaire.name);
    expect(shops).toContain(stack.shops.summit.name);

    await consentPage.waitForSelector('[data-testid=site-access][data-state=refused]', { visible: true });
    expect(await text(consentPage)).toContain('Almost on'); // not "on" while the browser keeps the shops from it
    expect(await consentPage.evaluate(() => (globalThis as unknown as { asked: string[] }).asked)).toEqual(['http://localhost/*', 'https://localhost/*']);
    expect(await consentPage.$eval('[data-testid=site-access]', (d) => d.textContent)).toContain('Floorwalker cannot see the participating shops');
    expect(await consentPage.$eval('[data-testid=site-access-allow]', (b) => b.textContent)).toBe('Ask again');
    await screenshot(consentPage, 'consent-given-access-refused', ['light', 'dark']);

    // Asked again, the shopper says yes (given ahead: the browser then grants at once, with no prompt).
    await grantSiteAccess(ext, '*://localhost/*');
    await consentPage.evaluate(() => (globalThis as unknown as { restore(): void }).restore());
    await consentPage.bringToFront();
    await consentPage.click('[data-testid=site-access-allow]');
    await consentPage.waitForFunction(() => !document.querySelector('[data-testid=site-access]'));
    const body = await text(consentPage);
    expect(body).toContain('Floorwalker is on');
    expect(body).toContain('turn the switch off');
    await screenshot(consentPage, 'consent-given', ['light', 'dark']);
  });

  it('popup, observing on a participating shop: what it does on this tab, and the switch', async () => {
    const popup = await openPopup(shop, 'observing');
    await popup.waitForSelector('[data-testid=tab-site][data-participating=yes]');
    expect(await popup.$eval('[data-testid=tab-site]', (p) => p.textContent)).toContain(stack.shops.voltaire.name);
    expect(await popup.$eval('[data-testid=observe-toggle]', (i) => (i as HTMLInputElement).checked)).toBe(true);
    expect(await popup.$('[data-testid=consent-withdraw]')).not.toBeNull();
    await screenshot(popup, 'popup-observing', ['light', 'dark'], false);

    // Paused: the switch off, and nothing else asked of the shopper.
    await popup.click('[data-testid=observe-toggle]');
    await popup.waitForSelector('[data-testid=popup-state][data-state=paused]');
    expect(await text(popup)).toContain('Observing is off');
    await screenshot(popup, 'popup-paused', ['light', 'dark'], false);
    await popup.click('[data-testid=observe-toggle]');
    await popup.waitForSelector('[data-testid=popup-state][data-state=observing]');
    await popup.close();
  });

  it('popup, access to the shops taken away: says Floorwalker cannot see them, and "Allow access" asks the browser again', async () => {
    const settings = await ext.openExtensionPage('options.html');
    await settings.evaluate(() =>
      (globalThis as unknown as { chrome: { permissions: { remove(p: { origins: string[] }): Promise<boolean> } } }).chrome.permissions.remove({
        origins: ['http://localhost/*', 'https://localhost/*'],
      }),
    );
    await settings.close();

    // The shopper's yes to the next prompt, given ahead (a popup closes when another page takes the focus).
    await grantSiteAccess(ext, '*://localhost/*');

    const popup = await openPopup(shop, 'access-missing');
    expect(await text(popup)).toContain('cannot see the participating shops');
    await screenshot(popup, 'popup-access-missing', ['light', 'dark'], false);
    await popup.click('[data-testid=site-access-allow]');
    await popup.waitForSelector('[data-testid=popup-state][data-state=observing]');
    await popup.close();
  });

  it('popup, events waiting while the service is down: a compact delivery status, gone once they are sent', async () => {
    await stack.stopBackend();
    await shop.reload({ waitUntil: 'load' }); // observed now: the page view waits to be sent
    const popup = await openPopup(shop, 'observing');
    await popup.waitForSelector('[data-testid=delivery] [data-testid=queue-count]', { visible: true, timeout: 20_000 });
    await popup.waitForFunction(() => /Problem/.test(document.querySelector('[data-testid=delivery]')?.textContent ?? ''), { timeout: 20_000 });
    expect(Number(await popup.$eval('[data-testid=queue-count]', (dd) => dd.textContent))).toBeGreaterThan(0);
    expect(await text(popup)).toContain('Nothing is lost');
    await screenshot(popup, 'popup-delivery-problem', ['light', 'dark'], false);

    await stack.restartBackend();
    await popup.waitForFunction(() => !document.querySelector('[data-testid=delivery]'), { timeout: 45_000 });
    await popup.close();
  });

  it('settings: the shopper’s consent, switch and shops first; the server address under "Advanced"', async () => {
    const settings = await openFullPage('options.html');
    await settings.waitForSelector('[data-testid=site-list]', { visible: true });
    const body = await text(settings);
    expect(body).toContain('You allowed Floorwalker to observe the participating shops');
    expect(body).toContain(stack.shops.summit.name);
    expect(await settings.$('[data-testid=observe-toggle]')).not.toBeNull();
    expect(await settings.$('[data-testid=consent-withdraw]')).not.toBeNull();
    // The address is not in sight until the shopper opens "Advanced".
    expect(await settings.$eval('[data-testid=backend-url]', (i) => i.checkVisibility())).toBe(false);
    await settings.click('[data-testid=advanced] > summary');
    await settings.waitForSelector('[data-testid=backend-url]', { visible: true });
    expect(await settings.$eval('[data-testid=backend-url]', (i) => (i as HTMLInputElement).value)).toBe(stack.backend.url);
    await screenshot(settings, 'options', ['light', 'dark']);
    await settings.close();
  });

  it('privacy policy: in plain words, with the retention and who answers for the data', async () => {
    const policy = await openFullPage('privacy.html');
    await policy.waitForSelector('[data-testid=privacy-policy]', { visible: true });
    const body = await text(policy);
    for (const expected of [
      'Who is responsible',
      'Nothing before you say yes',
      'What it never collects',
      'deletes what it observed after 90 days',
      "the shop's own customer id",
      '365 days unless it sets otherwise',
      'each asked for',
      'Your choices',
    ]) {
      expect(body).toContain(expected);
    }
    await screenshot(policy, 'privacy');
    await policy.close();
  });

  it('popup, withdrawing: asks to confirm, shows a failure instead of swallowing it, then turns Floorwalker off', async () => {
    const popup = await openPopup(shop, 'observing');
    await popup.click('[data-testid=consent-withdraw]');
    await popup.waitForSelector('[data-testid=consent-withdraw-confirm]', { visible: true });
    await screenshot(popup, 'popup-withdraw-confirm', ['light'], false);

    // The background cannot be reached (Chrome's own words for it): the popup says so.
    await popup.evaluate(() => {
      const failing = () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'));
      const g = globalThis as unknown as { chrome: { runtime: object }; browser?: { runtime: object } };
      for (const runtime of [g.chrome.runtime, g.browser?.runtime]) {
        if (runtime) Object.defineProperty(runtime, 'sendMessage', { value: failing, configurable: true });
      }
    });
    await popup.click('[data-testid=consent-withdraw-confirm]');
    const alert = await popup.waitForSelector('[role=alert]', { visible: true });
    expect(await alert!.evaluate((p) => p.textContent)).toMatch(/^Your consent could not be withdrawn: .*Receiving end does not exist/);
    await screenshot(popup, 'popup-withdraw-failed', ['light'], false);
    await popup.close();

    const again = await openPopup(shop, 'observing');
    await again.click('[data-testid=consent-withdraw]');
    await again.click('[data-testid=consent-withdraw-confirm]');
    await again.waitForSelector('[data-testid=popup-state][data-state=declined]');
    await again.close();
  });
});

describe('the extension’s icons', () => {
  const built = (target: string, path: string) => readFileSync(fileURLToPath(new URL(`../.output/${target}/${path}`, import.meta.url)));
  /** Width and height from a PNG's header. */
  const pngSize = (png: Buffer) => (png.toString('ascii', 1, 4) === 'PNG' ? [png.readUInt32BE(16), png.readUInt32BE(20)] : null);

  it.each([
    ['chrome-mv3', 'action'],
    ['firefox-mv2', 'browser_action'],
  ])('%s lists the mark at 16 to 128 px, and the toolbar button shows it', (target, action) => {
    const manifest = JSON.parse(built(target, 'manifest.json').toString('utf8'));
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '96', '128']);
    for (const [size, path] of Object.entries<string>({ ...manifest.icons, ...manifest[action].default_icon })) {
      expect(pngSize(built(target, path)), path).toEqual([Number(size), Number(size)]);
    }
    expect(Object.keys(manifest[action].default_icon)).toEqual(['16', '32', '48']);
  });
});
