import type { ShopperEvent } from '../../../../shared/events';
import { findSite } from '../../../../shared/sites';
import { newId } from '../../../lib/ids';
import { pageText } from '../../../lib/page-text';
import { detectInSteps } from '../../detection';
import { readCustomerId, readCustomerToken } from '../../detection/sources/adapter';
import { eventUrl, type ObservationUnit, type ViewedPage } from '../page-state';

/** After an in-page navigation, the new view usually needs a moment to render. */
export const SETTLE_MS = 400;
const MAX_TITLE = 500;
const MAX_TERMS = 500;

/**
 * Page views and leaves: a page_view when a page is opened (with the product_view, search,
 * cart_view or order_confirmation it shows, read in the page's idle time), a leave when it is hidden or left. An
 * in-page navigation (pushState) is a leave and a new page view, referred by the page before.
 */
export const pageViewUnit: ObservationUnit = {
  name: 'page view and leave',
  start({ ctx, page, guard }) {
    const { doc, site } = page;
    let settleTimer: number | undefined;

    function open(referrer: string): void {
      const url = eventUrl(location.href);
      const viewed: ViewedPage = { id: newId(), url, detection: null, detecting: null, left: false };
      page.viewed = viewed;
      const title = pageText(doc.title, MAX_TITLE).trim();
      const viewedAt = page.stamp();
      // The page is read while it is idle; its page view and what it shows are reported together.
      viewed.detecting = page.runSteps(detectInSteps(doc, url, site.adapter), (detection) => {
        viewed.detection = detection;
        // Read with the page, once it has rendered: a shop fills in the signed-in customer late.
        const customerId = readCustomerId(doc, site.adapter);
        // The shop's signed proof of that id; without one the backend keeps the id as an unverified claim.
        const customerToken = customerId ? readCustomerToken(doc, site.adapter) : null;
        const events: ShopperEvent[] = [
          {
            id: viewed.id,
            at: viewedAt,
            url,
            type: 'page_view',
            kind: detection.kind,
            ...(title ? { title } : {}),
            ...(referrer ? { referrer } : {}),
            ...(customerId ? { customerId } : {}),
            ...(customerToken ? { customerToken } : {}),
          },
        ];
        if (detection.product) events.push({ ...page.base(viewed), type: 'product_view', product: detection.product });
        const terms = detection.search ? pageText(detection.search.terms, MAX_TERMS).trim() : '';
        if (terms) events.push({ ...page.base(viewed), type: 'search', terms });
        if (detection.cart) {
          const { items, value, currency } = detection.cart;
          events.push({ ...page.base(viewed), type: 'cart_view', items, ...(value ? { value } : {}), ...(currency ? { currency } : {}) });
        }
        if (detection.order) events.push({ ...page.base(viewed), id: orderEventId(site.domain, detection.order.number), type: 'order_confirmation', order: detection.order });
        page.report(events);
      });
    }

    function leave(): void {
      const viewed = page.viewed;
      if (!viewed || viewed.left) return;
      page.settled(viewed);
      page.finishBeforeLeave();
      viewed.left = true;
      page.report([{ ...page.base(viewed), type: 'leave', activeMs: page.activity.take(), ...page.productKeyOf(viewed) }]);
    }

    function navigated(): void {
      const viewed = page.viewed;
      if (!viewed || eventUrl(location.href) === viewed.url) return; // only the #fragment changed
      leave();
      open(viewed.url);
    }

    /** Leaving the page: an in-page navigation still settling is counted first, then the leave. */
    function hidden(): void {
      clearTimeout(settleTimer);
      navigated();
      leave();
    }

    // A referrer on another site would tell where the shopper was before: only this site's pages are reported.
    guard(() => open(findSite([site], doc.referrer) ? eventUrl(doc.referrer) : ''))();

    ctx.addEventListener(
      doc,
      'visibilitychange',
      guard(() => {
        if (doc.visibilityState === 'hidden') hidden();
        else if (page.viewed) page.viewed.left = false;
      }),
    );
    ctx.addEventListener(window, 'pagehide', guard(hidden));
    ctx.addEventListener(
      window,
      'wxt:locationchange',
      guard(() => {
        clearTimeout(settleTimer);
        settleTimer = ctx.setTimeout(guard(navigated), SETTLE_MS);
      }),
    );
  },
};

/**
 * The id of an order's confirmation event: the same for the same order number on the same site,
 * so a reload of the confirmation page (or a second visit to it) reports it once per shopper: the
 * event queue refuses an id it holds or sent lately, and the backend stores an id once.
 * e.g. orderEventId('shop.example', 'VE-10042') → "order_…" (always the same)
 */
export function orderEventId(domain: string, number: string): string {
  const key = `${domain.toLowerCase()}\u0000${number}`;
  return `order_${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01000193 ^ 0x5bd1e995)}`;
}

/** FNV-1a over UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
