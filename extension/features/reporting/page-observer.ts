import type { ContentScriptContext } from '#imports';
import type { ShopperEvent } from '../../../shared/events';
import { productKey, type CartItem, type Product } from '../../../shared/page';
import { findSite, type ParticipatingSite } from '../../../shared/sites';
import { newId } from '../../lib/ids';
import { logOnce } from '../../lib/log';
import { addToCartButton, chosenQuantity, detectInSteps, isAddToCartForm, submittedSearchTerms, type Detection } from '../detection';
import { createActivityClock } from './activity';
import { idleRunner, type StepRun, type StepRunner } from './idle-steps';

export const HEARTBEAT_MS = 15_000;
/** After an in-page navigation, the new view usually needs a moment to render. */
export const SETTLE_MS = 400;
/** A click on an add-to-cart button and the form submit it causes are one cart_add. */
const CART_ADD_DEDUPE_MS = 1000;
const MAX_URL = 2048;

export interface PageObserverOptions {
  ctx: ContentScriptContext;
  site: ParticipatingSite;
  /** Hands events to the background; must not throw. */
  report: (events: ShopperEvent[]) => void;
  /** True once observing was switched off or consent withdrawn: nothing more is reported. */
  stopped: () => boolean;
  now?: () => number;
  heartbeatMs?: number;
  settleMs?: number;
  /** How the page's detection is run; default: in the page's idle time, a slice at a time. */
  runSteps?: StepRunner;
}

interface OpenPage {
  id: string;
  url: string;
  /** Null until the detection, run in idle time, has finished. */
  detection: Detection | null;
  detecting: StepRun | null;
  /** A leave was reported since the page was last visible. */
  left: boolean;
}

/** The URL an event carries: no #fragment, and no query if that is what makes it too long. */
export function eventUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  if (url.href.length > MAX_URL) url.search = '';
  return url.href.slice(0, MAX_URL);
}

/**
 * Watches one participating page and reports what the shopper does there: page_view
 * (then product_view / search / cart_view), cart_add, heartbeat and leave; in-page
 * navigations count as new page views. Every listener and timer goes through `ctx`, so
 * all of it stops when the extension reloads; no error reaches the page.
 */
export function observePage(options: PageObserverOptions): void {
  const { ctx, site, stopped } = options;
  const now = options.now ?? Date.now;
  const doc = document;
  const isActive = () => doc.visibilityState === 'visible' && doc.hasFocus();
  const activity = createActivityClock(now, isActive());
  let page: OpenPage | null = null;
  let lastCartAddAt = Number.NEGATIVE_INFINITY;
  let settleTimer: number | undefined;
  /** A cart_add waiting for the page to be read again. */
  let pendingAdd: StepRun | null = null;

  const guard =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      if (stopped()) return;
      try {
        fn(...args);
      } catch (error) {
        logOnce('observer', error);
      }
    };

  const report = (events: ShopperEvent[]) => {
    if (events.length > 0 && !stopped()) options.report(events);
  };

  // Events of one moment (a page view and its product view) keep their order by time too.
  let lastAt = 0;
  const stamp = () => {
    lastAt = Math.max(now(), lastAt + 1);
    return new Date(lastAt).toISOString();
  };
  const base = (p: OpenPage) => ({ id: newId(), at: stamp(), url: p.url, pageId: p.id });

  const runSteps = options.runSteps ?? idleRunner((callback, opts) => ctx.requestIdleCallback(guard(callback), opts));

  const currentProductKey = (p: OpenPage) => {
    const product = p.detection?.product;
    return product ? { productKey: productKey(product) } : {};
  };

  function open(referrer: string): void {
    const url = eventUrl(location.href);
    const p: OpenPage = { id: newId(), url, detection: null, detecting: null, left: false };
    page = p;
    const title = doc.title.trim().slice(0, 500);
    const viewedAt = stamp();
    // The page is read while it is idle; its page view and what it shows are reported together.
    p.detecting = runSteps(detectInSteps(doc, url, site.adapter), (detection) => {
      p.detection = detection;
      const events: ShopperEvent[] = [
        {
          id: p.id,
          at: viewedAt,
          url,
          type: 'page_view',
          kind: detection.kind,
          ...(title ? { title } : {}),
          ...(referrer ? { referrer: referrer.slice(0, MAX_URL) } : {}),
        },
      ];
      if (detection.product) events.push({ ...base(p), type: 'product_view', product: detection.product });
      if (detection.search) events.push({ ...base(p), type: 'search', terms: detection.search.terms });
      if (detection.cart) {
        const { items, value, currency } = detection.cart;
        events.push({ ...base(p), type: 'cart_view', items, ...(value ? { value } : {}), ...(currency ? { currency } : {}) });
      }
      report(events);
    });
  }

  /** The page's detection, finished now if it is still running. */
  function settled(p: OpenPage): Detection | null {
    p.detecting?.finishNow();
    return p.detection;
  }

  function leave(): void {
    if (!page || page.left) return;
    settled(page);
    pendingAdd?.finishNow();
    page.left = true;
    report([{ ...base(page), type: 'leave', activeMs: activity.take(), ...currentProductKey(page) }]);
  }

  function heartbeat(): void {
    if (!page || page.left) return;
    const activeMs = activity.take();
    if (activeMs > 0) report([{ ...base(page), type: 'heartbeat', activeMs, ...currentProductKey(page) }]);
  }

  function addToCart(form: HTMLFormElement | null): void {
    if (!page || now() - lastCartAddAt < CART_ADD_DEDUPE_MS) return;
    const p = page;
    const opened = settled(p)?.product;
    if (!opened) return;
    lastCartAddAt = now();
    const quantity = chosenQuantity(form);
    // Read the page again: the shopper may have picked a variant with another price since it opened.
    pendingAdd?.finishNow();
    pendingAdd = runSteps(detectInSteps(doc, p.url, site.adapter), (again) => {
      report([{ ...base(p), type: 'cart_add', item: cartItem(again.product ?? opened, quantity) }]);
    });
  }

  function navigated(): void {
    if (!page || eventUrl(location.href) === page.url) return; // only the #fragment changed
    const previous = page.url;
    leave();
    activity.setActive(isActive());
    open(previous);
  }

  /** Leaving the page: an in-page navigation still settling is counted first, then the leave. */
  function hidden(): void {
    clearTimeout(settleTimer);
    navigated();
    leave();
  }

  function visibilityChanged(): void {
    activity.setActive(isActive());
    if (doc.visibilityState === 'hidden') hidden();
    else if (page) page.left = false;
  }

  // A referrer on another site would tell where the shopper was before: only this site's pages are reported.
  guard(() => open(findSite([site], doc.referrer) ? eventUrl(doc.referrer) : ''))();

  ctx.addEventListener(doc, 'visibilitychange', guard(visibilityChanged));
  ctx.addEventListener(window, 'pagehide', guard(hidden));
  ctx.addEventListener(window, 'focus', guard(() => activity.setActive(isActive())));
  ctx.addEventListener(window, 'blur', guard(() => activity.setActive(false)));
  ctx.setInterval(guard(heartbeat), options.heartbeatMs ?? HEARTBEAT_MS);
  ctx.addEventListener(
    window,
    'wxt:locationchange',
    guard(() => {
      clearTimeout(settleTimer);
      settleTimer = ctx.setTimeout(guard(navigated), options.settleMs ?? SETTLE_MS);
    }),
  );
  ctx.addEventListener(
    doc,
    'submit',
    guard((event: SubmitEvent) => {
      const form = event.target;
      if (page && settled(page)?.kind === 'product' && form instanceof HTMLFormElement && isAddToCartForm(form, event.submitter, site.adapter)) {
        addToCart(form);
      }
    }),
    { capture: true },
  );
  // A search the page handles itself (its own script, or a form posted) leaves no terms in the
  // next address: it is reported as it is submitted. A plain GET form's results page tells them.
  ctx.addEventListener(
    doc,
    'submit',
    guard((event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !page) return;
      const terms = submittedSearchTerms(form);
      if (!terms) return;
      const p = page;
      const searched = () => report([{ ...base(p), type: 'search', terms }]);
      if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'get') searched();
      // After the page's own handlers have run: did one of them take the search over?
      else ctx.setTimeout(guard(() => event.defaultPrevented && searched()), 0);
    }),
    { capture: true },
  );
  ctx.addEventListener(
    doc,
    'click',
    guard((event: MouseEvent) => {
      if (!page || settled(page)?.kind !== 'product') return;
      const button = addToCartButton(event.target, site.adapter);
      if (button) addToCart(button.closest('form'));
    }),
    { capture: true },
  );
}

function cartItem(product: Product, quantity: number): CartItem {
  return {
    name: product.name,
    quantity,
    url: product.url,
    ...(product.sku ? { sku: product.sku } : {}),
    ...(product.price ? { price: product.price } : {}),
    ...(product.currency ? { currency: product.currency } : {}),
  };
}
