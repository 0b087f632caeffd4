import { browser, defineBackground } from '#imports';
import { openConsentPage } from '../features/consent/consent';
import { createShopperMode } from '../features/shopper-mode/shopper-mode';
import { logOnce } from '../lib/log';
import { listenForMessages } from '../lib/messaging';

export default defineBackground(() => {
  const shopper = createShopperMode({
    fetch: (input, init) => fetch(input, init),
    scripting: browser.scripting,
    locale: () => navigator.language,
  });
  const report = (error: unknown) => logOnce('background', error);

  listenForMessages(shopper.handlers);
  browser.alarms.onAlarm.addListener((alarm) => void shopper.onAlarm(alarm.name).catch(report));
  browser.permissions.onAdded.addListener(() => void shopper.onAccessChanged().catch(report));
  browser.permissions.onRemoved.addListener(() => void shopper.onAccessChanged().catch(report));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void openConsentPage().catch(report);
  });
  void shopper.start().catch(report);
});
