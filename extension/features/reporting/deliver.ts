import type { ContentScriptContext } from '#imports';
import type { ShopperEvent } from '../../../shared/events';
import { logOnce } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';

/** Waits before each new try to hand events to the background. */
export const REPORT_RETRY_MS = [250, 1000, 3000];

/**
 * Hands a content script's events to the background, trying again when the message is lost
 * (the service worker was stopped while it handled it, or is starting): the background
 * ignores an event id it already has, so a repeat is harmless. The waits go through `ctx`:
 * once the extension is gone (the context invalidated), nothing is tried again.
 */
export async function deliver(
  ctx: Pick<ContentScriptContext, 'isValid' | 'setTimeout'>,
  events: ShopperEvent[],
  send: (events: ShopperEvent[]) => Promise<unknown> = (e) => sendMessage({ type: 'events:report', events: e }),
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
      // An invalidated context never runs this timeout: the retries end with it.
      await new Promise<void>((resolve) => ctx.setTimeout(resolve, delay));
    }
  }
}
