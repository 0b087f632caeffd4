import { findSite, type ParticipatingSite } from '../../../shared/sites';
import { createApiClient, type Fetch } from '../../lib/api';
import type { SitesRefresh } from '../../lib/messaging';
import { backendUrlItem, sitesItem } from '../../lib/storage';
import { isConsentGiven } from '../consent/consent';

/**
 * The list of participating sites: fetched from the backend only after consent,
 * cached in storage for the TTL the backend gives, refreshed when stale.
 */
export function createSiteDirectory(deps: { fetch: Fetch; now: () => number }) {
  let inflight: { backendUrl: string; result: Promise<SitesRefresh> } | null = null;

  async function fetchAndStore(backendUrl: string): Promise<SitesRefresh> {
    const answer = await createApiClient({ fetch: deps.fetch, baseUrl: backendUrl }).getSites();
    if (!answer.ok) return { ok: false, error: answer.message };
    // The address may have changed meanwhile: a list from the old backend is not kept.
    if ((await backendUrlItem.getValue()) !== backendUrl) return { ok: false, error: 'The backend address changed meanwhile.' };
    const now = deps.now();
    const { sites, ttlSeconds } = answer.body;
    await sitesItem.setValue({ backendUrl, sites, fetchedAt: now, expiresAt: now + ttlSeconds * 1000 });
    return { ok: true, count: sites.length };
  }

  /** Fetches the list now (one request at a time per backend). Nothing is fetched without consent. */
  async function refresh(): Promise<SitesRefresh> {
    if (!(await isConsentGiven())) return { ok: false, error: 'Consent has not been given.' };
    const backendUrl = await backendUrlItem.getValue();
    if (inflight?.backendUrl !== backendUrl) {
      const result = fetchAndStore(backendUrl).finally(() => {
        if (inflight?.result === result) inflight = null;
      });
      inflight = { backendUrl, result };
    }
    return inflight.result;
  }

  /** Whether there is no list for the current backend, or it has expired. */
  async function isStale(): Promise<boolean> {
    const [cache, backendUrl] = await Promise.all([sitesItem.getValue(), backendUrlItem.getValue()]);
    return !cache || cache.backendUrl !== backendUrl || cache.expiresAt <= deps.now();
  }

  return {
    refresh,
    isStale,
    /** Refreshes only a stale list; null when the cached one is still good. */
    refreshIfStale: async (): Promise<SitesRefresh | null> => ((await isStale()) ? refresh() : null),
  };
}

/** The participating site `url` belongs to, per the cached list. */
export async function cachedSiteFor(url: string): Promise<ParticipatingSite | undefined> {
  const cache = await sitesItem.getValue();
  return cache ? findSite(cache.sites, url) : undefined;
}
