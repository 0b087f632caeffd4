import type { ExtensionBrowser } from './browser';

/** Accepts (or declines) the consent question in the popup, as a shopper would. */
export async function answerConsent(ext: ExtensionBrowser, answer: 'accept' | 'decline'): Promise<void> {
  const popup = await ext.openExtensionPage('popup.html');
  await popup.waitForSelector(`[data-testid=consent-${answer}]`, { visible: true });
  await popup.click(`[data-testid=consent-${answer}]`);
  if (answer === 'accept') await popup.waitForSelector('[data-testid=observe-toggle]', { visible: true });
  await popup.close();
}

/** Points the extension at a backend through its options page. */
export async function setBackendUrl(ext: ExtensionBrowser, url: string): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  const input = await options.waitForSelector('[data-testid=backend-url]', { visible: true });
  await input!.click({ count: 3 });
  await input!.evaluate((el) => ((el as HTMLInputElement).value = ''));
  await input!.type(url);
  await options.click('[data-testid=save]');
  await options.waitForFunction(() => /saved/i.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), { timeout: 10_000 });
  await options.close();
}

/** Everything the extension keeps in storage.local, read in its service worker. */
export async function extensionStorage(ext: ExtensionBrowser): Promise<Record<string, unknown>> {
  const worker = await ext.worker();
  return worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(null));
}
