import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, vi } from 'vitest';
import type { ShopperEvent } from '../../../../shared/events';
import type { ParticipatingSite } from '../../../../shared/sites';
import { idleRunner, runAtOnce, type StepRunner } from '../idle-steps';
import { observePage } from '../observe-page';
import type { ObservationUnit } from '../page-state';

// Tests only: a participating product page in happy-dom, observed by the units, with what they report.

export const PRODUCT = { name: 'Trail Tent', sku: 'TT-2', price: '199.00', currency: 'EUR' };

export const productPage = (name = PRODUCT.name) => `
  <script type="application/ld+json">${JSON.stringify({
    '@type': 'Product',
    name,
    sku: PRODUCT.sku,
    offers: { price: PRODUCT.price, priceCurrency: PRODUCT.currency },
  })}</script>
  <h1>Trail Tent</h1>
  <form action="/cart/add"><input type="number" name="qty" value="2"><button type="submit">Add to cart</button></form>`;

/** Idle callbacks held until the test runs them, each with 50 ms of idle time. */
export function heldIdleTime() {
  let held: ((deadline: { timeRemaining(): number }) => void)[] = [];
  return {
    runSteps: ((steps, deliver) => idleRunner((callback) => held.push(callback))(steps, deliver)) as StepRunner,
    /** Runs the idle callbacks due now. */
    runIdle() {
      const due = held;
      held = [];
      for (const callback of due) callback({ timeRemaining: () => 50 });
    },
  };
}

/**
 * Within a describe block: a fresh product page for each test (focused, visible, at
 * /products/trail-tent), its content script context, and what observing it reports.
 */
export function useObservedPage() {
  const site: ParticipatingSite = { id: 'site_1', enterpriseId: 'enterprise_1', domain: location.host, name: 'Test Shop', adapter: null };
  let ctx: ContentScriptContext;
  let stopped = false;
  const reported: ShopperEvent[][] = [];

  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    history.replaceState(null, '', '/products/trail-tent#reviews');
    document.title = 'Trail Tent – Test Shop';
    document.body.innerHTML = productPage();
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    reported.length = 0;
    stopped = false;
    ctx = new ContentScriptContext('shopper-test');
  });
  afterEach(() => {
    ctx.abort();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const all = () => reported.flat();
  return {
    site,
    reported,
    get ctx() {
      return ctx;
    },
    /**
     * Starts observing. The detection runs at once, unless `runSteps` says otherwise
     * (`runSteps: undefined`: in the page's idle callbacks, as in a browser).
     */
    start(options: { runSteps?: StepRunner; units?: readonly ObservationUnit[] } = {}) {
      const runSteps = 'runSteps' in options ? options.runSteps : runAtOnce;
      observePage(ctx, { site, report: (events) => reported.push(events), stopped: () => stopped, runSteps, units: options.units });
    },
    /** Observing switched off (or consent withdrawn). */
    stop() {
      stopped = true;
    },
    all,
    types: () => all().map((e) => e.type),
    ofType: <T extends ShopperEvent['type']>(type: T) => all().filter((e): e is Extract<ShopperEvent, { type: T }> => e.type === type),
    setVisibility(state: 'visible' | 'hidden') {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
}
