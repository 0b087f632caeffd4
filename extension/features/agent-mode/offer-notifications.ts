import { browser } from '#imports';
import { logOnce } from '../../lib/log';

/** System notifications of offers (agent mode only; the `notifications` permission is optional). */
export interface OfferNotifier {
  /** Shows one; false when the browser does not allow it (permission not granted). */
  /** `silent`: without the system's sound (the associate's contact preference `sound` off). */
  show(offerId: string, content: { title: string; message: string; assigned: boolean; silent: boolean }): Promise<boolean>;
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
    async show(offerId, { title, message, assigned, silent }) {
      if (!(await notificationsAllowed()) || !browser.notifications) return false;
      const options = { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message } as const;
      try {
        // An assigned offer must be acknowledged: it stays until the associate acts; the sound as the associate chose
        // (Chrome; Firefox refuses both options, and gets the plain notification below).
        await browser.notifications.create(`${PREFIX}${offerId}`, { ...options, silent, ...(assigned ? { requireInteraction: true } : {}) });
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
