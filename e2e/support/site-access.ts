import type { ExtensionBrowser } from './browser';

/**
 * Grants the extension access to `pattern` (e.g. "*://localhost/*") the way the "Site access"
 * setting on chrome://extensions does for a user. Headless Chromium shows no permission
 * prompt and nothing else grants host access; after this, the extension's own
 * `permissions.request` for those hosts (on a click) resolves true at once, with no prompt.
 */
export async function grantSiteAccess(ext: ExtensionBrowser, pattern: string): Promise<void> {
  const page = await ext.browser.newPage();
  try {
    await page.goto('chrome://extensions', { waitUntil: 'load' });
    const error = await page.evaluate(
      (id, host) => {
        const api = (globalThis as unknown as { chrome: { developerPrivate?: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome
          .developerPrivate;
        if (!api) return 'chrome.developerPrivate is not available on chrome://extensions';
        return api.addHostPermission(id, host).then(
          () => null,
          (e: Error) => e.message,
        );
      },
      ext.extensionId,
      pattern,
    );
    if (error) throw new Error(`Could not grant ${pattern} to the extension: ${error}`);
  } finally {
    await page.close();
  }
}
