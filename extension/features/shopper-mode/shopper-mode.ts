import { browser } from '#imports';
import { ShopperEvent } from '../../../shared/events';
import { findSite } from '../../../shared/sites';
import type { Fetch } from '../../lib/api';
import { createLock } from '../../lib/lock';
import { logOnce } from '../../lib/log';
import type { MessageHandlers, SitesRefresh } from '../../lib/messaging';
import type { ScriptingPort } from '../../lib/scripting';
import { backendUrlItem, deliveryItem, observingItem, shopperItem, sitesItem } from '../../lib/storage';
import { isConsentGiven, mayObserve, recordConsent } from '../consent/consent';
import { createEventQueue } from '../reporting/queue';
import { createFlushScheduler } from '../reporting/scheduler';
import { createSearchDedupe } from '../reporting/search-dedupe';
import { createSender } from '../reporting/sender';
import { parseBackendUrl } from '../settings/backend-url';
import { updateSiteAccess } from '../site-access/site-access';
import { sitePatterns } from '../sites/patterns';
import { createScriptRegistration } from '../sites/registration';
import { createSiteDirectory } from '../sites/sites';

/** Wakes the background every 30 s (the shortest period Chrome allows): flushes what is due, refreshes a stale site list. */
export const WAKE_ALARM = 'floorwalker.wake';

export interface ShopperModeDeps {
  fetch: Fetch;
  scripting: ScriptingPort;
  now?: () => number;
  random?: () => number;
  locale?: () => string | undefined;
  setTimer?: (run: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimer?: (id: ReturnType<typeof setTimeout>) => void;
}

/**
 * Shopper mode in the background: acts on consent, the on/off switch and the backend
 * address; keeps the site list, the content-script registration, the shops' access and
 * the event queue moving. Nothing is fetched, registered or sent before consent.
 */
export function createShopperMode(deps: ShopperModeDeps) {
  const now = deps.now ?? Date.now;
  const sites = createSiteDirectory({ fetch: deps.fetch, now });
  const registration = createScriptRegistration(deps.scripting);
  const queue = createEventQueue();
  const sender = createSender({ queue, fetch: deps.fetch, now, random: deps.random, locale: deps.locale });
  const scheduler = createFlushScheduler({ flush: sender.flush, now, setTimer: deps.setTimer, clearTimer: deps.clearTimer });

  const isNewSearch = createSearchDedupe();
  const applying = createLock();
  /**
   * The content script runs on the listed sites while observing is allowed, and nowhere
   * otherwise; it is registered for shops whose access is not granted yet too, and runs
   * there once it is. Serialised with its reads, so the last call always applies the latest
   * state. Returns the access the shopper has yet to grant.
   */
  const applyObservation = () =>
    applying(async () => {
      const [allowed, consented, cache] = await Promise.all([mayObserve(), isConsentGiven(), sitesItem.getValue()]);
      await registration.sync(allowed && cache ? sitePatterns(cache.sites) : []);
      return updateSiteAccess(consented);
    });

  async function ensureWakeAlarm(): Promise<void> {
    if (!(await browser.alarms.get(WAKE_ALARM))) await browser.alarms.create(WAKE_ALARM, { periodInMinutes: 0.5 });
  }

  /** A fresh list when the cached one is stale; else what the cache holds. */
  async function currentSites(): Promise<SitesRefresh> {
    const refreshed = await sites.refreshIfStale();
    return refreshed ?? { ok: true, count: (await sitesItem.getValue())?.sites.length ?? 0 };
  }

  /** Withdrawn consent: stop observing and forget everything not yet sent. */
  async function forget(): Promise<void> {
    await applyObservation(); // consent is withdrawn by now: unregisters
    await browser.alarms.clear(WAKE_ALARM);
    await queue.clear();
    await Promise.all([shopperItem.removeValue(), sitesItem.removeValue(), deliveryItem.removeValue()]);
  }

  const handlers: MessageHandlers<'events:report' | 'consent:set' | 'observe:set' | 'backend:set'> = {
    'events:report': async ({ events }) => {
      if (!(await mayObserve())) return { accepted: 0, refused: events.length };
      const cache = await sitesItem.getValue();
      const valid: ShopperEvent[] = [];
      for (const raw of events) {
        const parsed = ShopperEvent.safeParse(raw);
        if (!parsed.success) logOnce('reporting', new Error(`an invalid event was not queued: ${parsed.error.issues[0]?.message}`));
        // Only events from a participating site are kept, whatever the sender claims.
        else if (cache && findSite(cache.sites, parsed.data.url) && isNewSearch(parsed.data, now())) valid.push(parsed.data);
      }
      const { added } = await queue.append(valid);
      if (added > 0) scheduler.soon();
      return { accepted: added, refused: events.length - valid.length };
    },

    'consent:set': async ({ given }) => {
      const consent = await recordConsent(given, now());
      if (!given) {
        await forget();
        return { consent, sites: null, missingAccess: [] };
      }
      await ensureWakeAlarm();
      const result = await currentSites();
      const missingAccess = await applyObservation();
      void scheduler.run();
      return { consent, sites: result, missingAccess };
    },

    'observe:set': async ({ on }) => {
      await observingItem.setValue(on);
      if (on && (await isConsentGiven())) await sites.refreshIfStale();
      const missingAccess = await applyObservation();
      return { observing: on, missingAccess };
    },

    'backend:set': async ({ url }) => {
      const checked = parseBackendUrl(url);
      if (!checked.ok) throw new Error(checked.error);
      const previous = await backendUrlItem.getValue();
      await backendUrlItem.setValue(checked.url);
      if (previous !== checked.url) await sitesItem.removeValue(); // the old backend's list no longer applies
      // A new address deserves an attempt now, not at the end of the old one's backoff.
      await deliveryItem.setValue({ ...(await deliveryItem.getValue()), failures: 0, nextAttemptAt: null, lastError: null });
      if (!(await isConsentGiven())) return { url: checked.url, sites: null, missingAccess: [] };
      const result = await sites.refresh();
      const missingAccess = await applyObservation();
      void scheduler.run();
      return { url: checked.url, sites: result, missingAccess };
    },
  };

  return {
    handlers,
    /** On every background start (install, browser start, service-worker wake-up). */
    async start(): Promise<void> {
      if (!(await isConsentGiven())) {
        await applyObservation(); // nothing may stay registered from before a withdrawal
        return;
      }
      await ensureWakeAlarm();
      await sites.refreshIfStale();
      await applyObservation();
      await scheduler.run();
    },
    async onAlarm(name: string): Promise<void> {
      if (name !== WAKE_ALARM || !(await isConsentGiven())) return;
      const refreshed = await sites.refreshIfStale();
      if (refreshed?.ok) await applyObservation();
      await scheduler.run();
    },
    /** The browser granted or took back access to some sites (permissions.onAdded / onRemoved). */
    async onAccessChanged(): Promise<void> {
      await applyObservation();
    },
  };
}
