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
