import { browser, defineBackground } from '#imports';
import { openConsentPage } from '../features/consent/consent';
import { createShopperBackground } from '../features/reporting/background';
import { logOnce } from '../lib/log';
import { listenForMessages } from '../lib/messaging';

export default defineBackground(() => {
  const shopper = createShopperBackground({
    fetch: (input, init) => fetch(input, init),
    scripting: browser.scripting,
    locale: () => navigator.language,
  });
  const report = (error: unknown) => logOnce('background', error);

  listenForMessages(shopper.handlers);
  browser.alarms.onAlarm.addListener((alarm) => void shopper.onAlarm(alarm.name).catch(report));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void openConsentPage().catch(report);
  });
  void shopper.start().catch(report);
});
