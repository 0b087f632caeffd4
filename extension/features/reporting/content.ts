import type { ContentScriptContext } from '#imports';
import type { ShopperEvent } from '../../../shared/events';
import { logOnce } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';
import { consentItem, observingItem } from '../../lib/storage';
import { mayObserve } from '../consent/consent';
import { cachedSiteFor } from '../sites/sites';
import { observePage } from './page-observer';

/**
 * The shopper content script. It is registered only for participating sites' hosts,
 * but checks once more (exact host and port, consent, the on/off switch) before it
 * observes anything, and stops at once when either is switched off.
 */
export async function runShopperContent(ctx: ContentScriptContext): Promise<void> {
  try {
    const [allowed, site] = await Promise.all([mayObserve(), cachedSiteFor(location.href)]);
    if (!allowed || !site || ctx.isInvalid) return;

    let stopped = false;
    const stop = () => {
      stopped = true;
    };
    const unwatch = [
      consentItem.watch((consent) => consent?.state !== 'given' && stop()),
      observingItem.watch((on) => !on && stop()),
    ];
    ctx.onInvalidated(() => {
      stop();
      for (const u of unwatch) u();
    });

    observePage({ ctx, site, stopped: () => stopped, report: (events) => void deliver(ctx, events) });
  } catch (error) {
    logOnce('shopper', error);
  }
}

/** Waits before each new try to hand events to the background. */
export const REPORT_RETRY_MS = [250, 1000, 3000];

/**
 * Hands events to the background, trying again when the message is lost (the service
 * worker was stopped while it handled it, or is starting): the background ignores an
 * event id it already has, so a repeat is harmless. Gives up when the extension is gone.
 */
export async function deliver(
  ctx: Pick<ContentScriptContext, 'isValid'>,
  events: ShopperEvent[],
  send: (events: ShopperEvent[]) => Promise<unknown> = (e) => sendMessage({ type: 'events:report', events: e }),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await send(events);
      return;
    } catch (error) {
      const delay = REPORT_RETRY_MS[attempt];
      if (delay === undefined || !ctx.isValid) {
        logOnce('shopper', error);
        return;
      }
      await wait(delay);
    }
  }
}
