import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShops, type DemoShops, demoProducts } from '../demo/shops/server';
import { type ExtensionBrowser, eventually, launchWithExtension, never } from './support/browser';
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

    // The probe for a request to the backend; the positive control at the end sees it turn on after accepting.
    const anyRequest = () => (recorder.requests.length > 0 ? [...recorder.requests] : undefined);
    await browse();
    await never('a request before any answer', anyRequest, 2_500);

    await answerConsent(ext, 'decline');
    await browse();
    await never('a request after declining', anyRequest, 2_500);
    const stored = JSON.stringify(await extensionStorage(ext));
    expect(stored).not.toContain(shops.voltaire.host);

    // The same browser does talk once the shopper accepts: the silence above was consent, not a broken setup.
    await answerConsent(ext, 'accept');
    const first = await eventually('a request after accepting (the probe above, seen to work)', async () => anyRequest());
    expect(first.some((r) => r.startsWith('GET /api/v1/sites'))).toBe(true);
    await page.close();
  });
});
