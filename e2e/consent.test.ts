import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShops, type DemoShops, demoProducts } from '../demo/shops/server';
import { type ExtensionBrowser, eventually, launchWithExtension } from './support/browser';
import { answerConsent, extensionStorage, setBackendUrl } from './support/extension-pages';
import { startRecorder } from './support/recorder';

describe('before consent', () => {
  let shops: DemoShops;
  let ext: ExtensionBrowser;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    shops = await startShops();
    recorder = await startRecorder();
    ext = await launchWithExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await recorder?.close();
    await shops?.stop();
  });

  it('opens the consent page on install, explaining what is observed, where and why', async () => {
    const consentTab = await eventually('the consent page', async () => {
      const pages = await ext.browser.pages();
      return pages.find((p) => p.url().startsWith(`chrome-extension://${ext.extensionId}/`));
    });
    await consentTab.waitForSelector('[data-testid=consent-accept]', { visible: true });
    const text = (await consentTab.evaluate(() => document.body.innerText)).toLowerCase();
    expect(text).toMatch(/participating/);
    expect(text).toMatch(/search/);
    expect(text).toMatch(/cart/);
    expect(text).toMatch(/sales associate|associate/);
    // The promise the next test holds the extension to, said on the page.
    expect(text).toMatch(/until then floorwalker fetches and sends nothing at all, not even that list/);
    await consentTab.close();
  });

  it('sends nothing while the shopper has not answered, nor after declining, and starts only on accepting', async () => {
    await setBackendUrl(ext, recorder.url);
    const page = await ext.browser.newPage();
    const browse = async () => {
      await page.goto(shops.voltaire.origin, { waitUntil: 'load' });
      await page.goto(demoProducts.voltaire.url(shops.voltaire, demoProducts.voltaire.first()), { waitUntil: 'load' });
      await page.goto(demoProducts.voltaire.searchUrl(shops.voltaire, 'camera'), { waitUntil: 'load' });
    };

    await browse();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(recorder.requests).toEqual([]);

    await answerConsent(ext, 'decline');
    await browse();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(recorder.requests).toEqual([]);
    const stored = JSON.stringify(await extensionStorage(ext));
    expect(stored).not.toContain(shops.voltaire.host);

    // The same browser does talk once the shopper accepts: the silence above was consent, not a broken setup.
    await answerConsent(ext, 'accept');
    await eventually('the site list request', async () => (recorder.requests.some((r) => r.startsWith('GET /api/v1/sites')) ? true : undefined));
    await page.close();
  });
});
