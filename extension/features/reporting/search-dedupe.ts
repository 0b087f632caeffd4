import type { ShopperEvent } from '../../../shared/events';

/** A search reported at the form's submit and again by the results page is one search. */
export const SEARCH_REPEAT_MS = 30_000;

/**
 * Drops a search event that repeats one seen on the same site, with the same terms, moments ago:
 * a search form the page handles itself is reported when it is submitted, and its results page
 * may report the same terms again. Keeps what it has seen in memory (a lost entry at a
 * service-worker restart means at most one repeat reaches the backend).
 * e.g. keep(search "tent" at t), keep(search "tent" at t + 2 s) → true, false
 */
export function createSearchDedupe(windowMs = SEARCH_REPEAT_MS): (event: ShopperEvent, now: number) => boolean {
  const seen = new Map<string, { id: string; at: number }>();
  return (event, now) => {
    if (event.type !== 'search') return true;
    for (const [key, last] of seen) if (now - last.at > windowMs) seen.delete(key);
    const key = `${new URL(event.url).host}\n${event.terms.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    const last = seen.get(key);
    // The same event sent again (a content script retrying) is the queue's to drop, by its id.
    if (last && last.id !== event.id) return false;
    seen.set(key, { id: event.id, at: now });
    return true;
  };
}
