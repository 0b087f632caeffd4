import { browser, storage } from '#imports';

/** Engagements whose console the extension opened by itself (once each, while the browser runs). */
export const openedConsolesItem = storage.defineItem<string[]>('session:liveConsolesOpened', { fallback: [] });

/** The live console's address for one engagement. */
export function liveConsoleUrl(engagementId: string): string {
  return `${browser.runtime.getURL('/live.html')}?engagement=${encodeURIComponent(engagementId)}`;
}

/** Opens the live console for an engagement in a new tab. */
export async function openLiveConsole(engagementId: string): Promise<void> {
  await browser.tabs.create({ url: liveConsoleUrl(engagementId), active: true });
}

/**
 * Opens the console the first time an engagement is seen accepted (the shopper just said yes:
 * the associate should see them without a click); later updates of it open nothing.
 * Returns whether it opened one.
 */
export async function openConsoleOnce(engagementId: string): Promise<boolean> {
  const opened = await openedConsolesItem.getValue();
  if (opened.includes(engagementId)) return false;
  // Recorded first: two updates arriving together must not open two tabs.
  await openedConsolesItem.setValue([...opened, engagementId].slice(-200));
  await openLiveConsole(engagementId);
  return true;
}

/** Whether `url` is engagement `engagementId`'s console (live.html?engagement=…, whatever else it carries). */
function isConsoleOf(url: string | undefined, engagementId: string): boolean {
  if (!url) return false;
  try {
    const at = new URL(url);
    const console = new URL(liveConsoleUrl(engagementId));
    return at.origin === console.origin && at.pathname === console.pathname && at.searchParams.get('engagement') === engagementId;
  } catch {
    return false;
  }
}

/** The tab (and its window) holding engagement `engagementId`'s console, if one is open. */
async function findConsoleTab(engagementId: string): Promise<{ tabId: number; windowId: number | undefined } | null> {
  // Chrome (116+) lists the extension's own pages with their tab, without the `tabs` permission.
  const runtime = browser.runtime as typeof browser.runtime & {
    getContexts?: (filter: { contextTypes: string[] }) => Promise<{ tabId: number; windowId: number; documentUrl?: string }[]>;
  };
  if (typeof runtime.getContexts === 'function') {
    const contexts = await runtime.getContexts({ contextTypes: ['TAB'] });
    const found = contexts.find((c) => c.tabId >= 0 && isConsoleOf(c.documentUrl, engagementId));
    if (found) return { tabId: found.tabId, windowId: found.windowId };
  }
  // Elsewhere the tabs' addresses (an extension sees its own pages').
  const tab = (await browser.tabs.query({})).find((t) => t.id !== undefined && isConsoleOf(t.url, engagementId));
  return tab ? { tabId: tab.id!, windowId: tab.windowId } : null;
}

/** Brings engagement `engagementId`'s console to the front (its tab, its window), or opens it when none is open. */
export async function focusLiveConsole(engagementId: string): Promise<void> {
  const found = await findConsoleTab(engagementId).catch(() => null);
  if (!found) return openLiveConsole(engagementId);
  await browser.tabs.update(found.tabId, { active: true });
  if (found.windowId !== undefined) await browser.windows.update(found.windowId, { focused: true });
}
