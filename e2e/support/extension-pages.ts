import type { Page } from 'puppeteer-core';
import type { ExtensionBrowser } from './browser';
import { grantSiteAccess } from './site-access';

/** Accepts (or declines) on the consent page, as a shopper would, and waits for the page to show the outcome. */
export async function answerConsent(ext: ExtensionBrowser, answer: 'accept' | 'decline'): Promise<void> {
  // The shopper's "yes" to the browser's prompt for the demo shops (all on localhost), given ahead: headless shows no prompt.
  await grantSiteAccess(ext, '*://localhost/*');
  const page = await ext.openExtensionPage('consent.html');
  // The consent tab opened on install may have taken the foreground: clicks hang in a background tab.
  await page.bringToFront();
  // After an earlier "no" the page shows that outcome: the shopper reviews the decision first.
  const first = await page.waitForSelector('[data-testid=consent-accept], [data-testid=consent-review]', { visible: true });
  if (await first!.evaluate((el) => el.getAttribute('data-testid') === 'consent-review')) await first!.click();
  await page.waitForSelector(`[data-testid=consent-${answer}]`, { visible: true });
  await page.click(`[data-testid=consent-${answer}]`);
  const outcome = answer === 'accept' ? 'given' : 'declined';
  await page.waitForSelector(`[data-testid=consent-state][data-view=${outcome}]`, { visible: true });
  // Accepting also asks the browser for access in the same click: wait until that is answered too.
  if (answer === 'accept') await page.waitForFunction(() => !document.querySelector('[data-testid=site-access][data-state=asking]'));
  await page.close();
}

/** Points the extension at a backend through its options page. */
export async function setBackendUrl(ext: ExtensionBrowser, url: string): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  await options.bringToFront();
  // The address is under "Advanced", closed at first.
  await options.waitForSelector('[data-testid=advanced] > summary', { visible: true });
  if (!(await options.$eval('[data-testid=advanced]', (el) => (el as HTMLDetailsElement).open))) await options.click('[data-testid=advanced] > summary');
  const input = await options.waitForSelector('[data-testid=backend-url]', { visible: true });
  await input!.click({ count: 3 });
  await input!.evaluate((el) => ((el as HTMLInputElement).value = ''));
  await input!.type(url);
  await options.click('[data-testid=save]');
  await options.waitForFunction(() => /saved/i.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), { timeout: 10_000 });
  await options.close();
}

/**
 * Everything the extension keeps in storage.local, read from one of its pages: attaching
 * to the service worker instead would keep a stopped worker from waking (puppeteer#9995).
 */
export async function extensionStorage(ext: ExtensionBrowser): Promise<Record<string, unknown>> {
  const page = await ext.openExtensionPage('options.html');
  try {
    return await page.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null));
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker, as the browser does when it is idle. */
export async function stopServiceWorkers(ext: ExtensionBrowser): Promise<void> {
  const page = await ext.browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.close();
}

/** Flips the popup's observing switch to `on`, as a shopper would, and waits for the popup to say so. */
export async function setObserving(ext: ExtensionBrowser, on: boolean): Promise<void> {
  const popup = await ext.openExtensionPage('popup.html');
  await popup.bringToFront();
  const toggle = await popup.waitForSelector('[data-testid=observe-toggle]:not([disabled])', { visible: true });
  if ((await toggle!.evaluate((el) => (el as HTMLInputElement).checked)) !== on) await toggle!.click();
  await popup.waitForFunction(
    (want) =>
      (document.querySelector('[data-testid=observe-toggle]') as HTMLInputElement | null)?.checked === want &&
      document.body.innerText.includes(want ? 'Observing participating shops' : 'Observing is off'),
    {},
    on,
  );
  await popup.close();
}

/** Clicks the extension's toolbar button over `tab`, as a person does (CDP Extensions.triggerAction on the tab's target). */
export async function clickToolbarButton(ext: ExtensionBrowser, tab: Page): Promise<void> {
  await tab.bringToFront();
  const cdp = await ext.browser.target().createCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
      targetInfos: { targetId: string; url: string }[];
    };
    const target = targetInfos.find((t) => t.url === tab.url());
    if (!target) throw new Error(`no tab target for ${tab.url()}`);
    await cdp.send('Extensions.triggerAction' as never, { id: ext.extensionId, targetId: target.targetId } as never);
  } finally {
    await cdp.detach();
  }
}
