import { browser } from '#imports';
import { logOnce } from '../../lib/log';

/** System notifications of offers (agent mode only; the `notifications` permission is optional). */
export interface OfferNotifier {
  /** Shows one; false when the browser does not allow it (permission not granted). */
  show(offerId: string, content: { title: string; message: string; assigned: boolean }): Promise<boolean>;
  clear(offerId: string): Promise<void>;
}

const PREFIX = 'floorwalker-offer:';
/** The offer a notification is about, from its id; null for other notifications. */
export const offerOfNotification = (notificationId: string) => (notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null);

/** Whether the associate has let Floorwalker show system notifications. */
export async function notificationsAllowed(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

export function browserNotifier(): OfferNotifier {
  return {
    async show(offerId, { title, message, assigned }) {
      if (!(await notificationsAllowed()) || !browser.notifications) return false;
      const options = { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message } as const;
      try {
        // An assigned offer must be acknowledged: it stays until the associate acts (Chrome; Firefox refuses the option).
        await browser.notifications.create(`${PREFIX}${offerId}`, assigned ? { ...options, requireInteraction: true } : options);
        return true;
      } catch {
        try {
          await browser.notifications.create(`${PREFIX}${offerId}`, options);
          return true;
        } catch (error) {
          logOnce('notifications', error);
          return false;
        }
      }
    },
    async clear(offerId) {
      if (browser.notifications) await browser.notifications.clear(`${PREFIX}${offerId}`).catch(() => false);
    },
  };
}
