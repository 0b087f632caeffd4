import { browser } from '#imports';
import { errorMessage } from '../../lib/log';
import { siteAccessItem, sitesItem } from '../../lib/storage';
import { sitePatterns } from '../sites/patterns';

/** What the toolbar button shows while the shopper has not yet granted access to some participating shops. */
const ACCESS_MISSING_BADGE = '!';

/**
 * Match patterns the participating sites need, as the browser grants them at run time: one
 * per scheme, because Chrome refuses to request a "*://" pattern, which no single one of the
 * optional http and https wildcards in the manifest covers.
 * e.g. [{ domain: "localhost:4101" }] → ["http://localhost/*", "https://localhost/*"] (pure)
 */
export function accessPatterns(sites: readonly { domain: string }[]): string[] {
  return sitePatterns(sites)
    .flatMap((pattern) => ['http', 'https'].map((scheme) => pattern.replace(/^\*:/, `${scheme}:`)))
    .sort();
}

/** Patterns the cached site list needs that the browser has not granted; [] when none (or no list yet). */
export async function missingSiteAccess(): Promise<string[]> {
  const cache = await sitesItem.getValue();
  if (!cache) return [];
  const patterns = accessPatterns(cache.sites);
  const granted = await Promise.all(patterns.map((pattern) => browser.permissions.contains({ origins: [pattern] })));
  return patterns.filter((_, i) => !granted[i]);
}

/**
 * Asks the browser to grant `patterns`. Call it directly from a click handler (a user
 * gesture; Chrome keeps one for about 5 s, so one message round trip before it is fine).
 * True when granted; throws, with a message for the shopper, when the browser would not ask.
 */
export async function requestSiteAccess(patterns: readonly string[]): Promise<boolean> {
  if (patterns.length === 0) return true;
  try {
    // Nothing is awaited before this call: the gesture must still be current.
    return await browser.permissions.request({ origins: [...patterns] });
  } catch (error) {
    throw new Error(`The browser did not ask you for access to the participating shops: ${errorMessage(error)}`);
  }
}

/**
 * Brings `siteAccessItem` and the toolbar badge up to date (background): after consent,
 * what the shopper still has to grant; before it, or after a withdrawal, nothing.
 */
export async function updateSiteAccess(consented: boolean): Promise<string[]> {
  const missing = consented ? await missingSiteAccess() : [];
  await siteAccessItem.setValue({ missing });
  // Firefox's MV2 build has browserAction where Chrome's MV3 has action.
  const action = browser.action ?? browser.browserAction;
  await action?.setBadgeText({ text: missing.length > 0 ? ACCESS_MISSING_BADGE : '' });
  return missing;
}
