import { browser } from '#imports';
import { consentItem, modeItem, observingItem, type Consent } from '../../lib/storage';

/** Whether the shopper has accepted observation (and not withdrawn it since). */
export async function isConsentGiven(): Promise<boolean> {
  return (await consentItem.getValue())?.state === 'given';
}

/**
 * Consent given, the popup's switch on and the extension in shopper mode: the condition for
 * observing anything new. In agent mode an associate's own browsing is not a shopper's.
 */
export async function mayObserve(): Promise<boolean> {
  const [consent, observing, mode] = await Promise.all([consentItem.getValue(), observingItem.getValue(), modeItem.getValue()]);
  return consent?.state === 'given' && observing && mode === 'shopper';
}

/** Stores the shopper's answer with the time it was given. */
export async function recordConsent(given: boolean, now: number = Date.now()): Promise<Consent> {
  const consent: Consent = { state: given ? 'given' : 'declined', at: new Date(now).toISOString() };
  await consentItem.setValue(consent);
  return consent;
}

/**
 * Opens the consent page in a tab (on first install), unless a Floorwalker page (the
 * popup, which asks the same question, or the settings) is already open: not twice at once.
 */
export async function openConsentPage(): Promise<void> {
  const { runtime } = browser;
  if (typeof runtime.getContexts === 'function') {
    const open = await runtime.getContexts({ contextTypes: [runtime.ContextType.TAB, runtime.ContextType.POPUP] });
    if (open.length > 0) return;
  }
  await browser.tabs.create({ url: runtime.getURL('/consent.html') });
}
