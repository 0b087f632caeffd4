import { ContentScriptContext } from '#imports';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShopperEvent } from '../../../shared/events';
import type { ParticipatingSite } from '../../../shared/sites';
import { idleRunner, runAtOnce, type StepRunner } from './idle-steps';
import { eventUrl, observePage } from './page-observer';

const site: ParticipatingSite = { id: 'site_1', domain: location.host, name: 'Test Shop', adapter: null };

const PRODUCT_PAGE = `
  <script type="application/ld+json">${JSON.stringify({
    '@type': 'Product',
    name: 'Trail Tent',
    sku: 'TT-2',
    offers: { price: '199.00', priceCurrency: 'EUR' },
  })}</script>
  <h1>Trail Tent</h1>
  <form action="/cart/add"><input type="number" name="qty" value="2"><button type="submit">Add to cart</button></form>`;

let reported: ShopperEvent[][];
let ctx: ContentScriptContext;
let stopped: boolean;

/** Detection at once, so each test reads what was reported right away (idle scheduling has its own tests). */
function start(runSteps: StepRunner = runAtOnce) {
  observePage({ ctx, site, report: (events) => reported.push(events), stopped: () => stopped, settleMs: 100, runSteps });
}
const all = () => reported.flat();
const ofType = <T extends ShopperEvent['type']>(type: T) => all().filter((e): e is Extract<ShopperEvent, { type: T }> => e.type === type);

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  history.replaceState(null, '', '/products/trail-tent#reviews');
  document.title = 'Trail Tent – Test Shop';
  document.body.innerHTML = PRODUCT_PAGE;
  vi.spyOn(document, 'hasFocus').mockReturnValue(true);
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  reported = [];
  stopped = false;
  ctx = new ContentScriptContext('shopper-test');
});
afterEach(() => {
  ctx.abort();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('observePage', () => {
  it('reports a page view and the product it shows, together, linked by pageId', () => {
    start();
    expect(reported).toHaveLength(1);
    const [view, product] = reported[0]!;
    expect(view).toMatchObject({ type: 'page_view', kind: 'product', title: 'Trail Tent – Test Shop', url: `${location.origin}/products/trail-tent` });
    expect(view!.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(product).toMatchObject({ type: 'product_view', pageId: view!.id, product: { name: 'Trail Tent', sku: 'TT-2', price: '199.00', currency: 'EUR' } });
    expect(Date.parse(product!.at)).toBeGreaterThan(Date.parse(view!.at)); // ordered by time, not only by arrival
  });

  it('reports cart_add once for a click and the submit it causes, with the chosen quantity', () => {
    start();
    const button = document.querySelector('button')!;
    const form = document.querySelector('form')!;
    form.addEventListener('submit', (e) => e.preventDefault());
    button.click();
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    const adds = ofType('cart_add');
    expect(adds).toHaveLength(1);
    expect(adds[0]!.item).toEqual({ name: 'Trail Tent', sku: 'TT-2', quantity: 2, price: '199.00', currency: 'EUR', url: `${location.origin}/products/trail-tent` });
  });

  it('sends a heartbeat with the active time every 15 s while visible and focused', async () => {
    start();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(ofType('heartbeat')).toEqual([expect.objectContaining({ activeMs: 15_000, productKey: 'sku:TT-2' })]);
    vi.mocked(document.hasFocus).mockReturnValue(false);
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ofType('heartbeat')).toHaveLength(1); // nothing while unfocused
  });

  it('reports leave once when the page is hidden, however many signals follow', async () => {
    start();
    await vi.advanceTimersByTimeAsync(4000);
    setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    expect(ofType('leave')).toEqual([expect.objectContaining({ activeMs: 4000, productKey: 'sku:TT-2' })]);
  });

  it('counts an in-page navigation as a new page view, referred by the previous page', async () => {
    start();
    const first = ofType('page_view')[0]!;
    document.body.innerHTML = '<h1>Results</h1>';
    history.pushState(null, '', '/search?q=tent');
    await vi.advanceTimersByTimeAsync(1100); // location poll (1 s) + settle delay
    const views = ofType('page_view');
    expect(views).toHaveLength(2);
    expect(views[1]).toMatchObject({ kind: 'search', referrer: first.url });
    expect(ofType('search')).toEqual([expect.objectContaining({ terms: 'tent', pageId: views[1]!.id })]);
    expect(ofType('leave')).toEqual([expect.objectContaining({ pageId: first.id })]);
  });

  it('counts an in-page navigation even when the shopper leaves before it settles', async () => {
    start();
    document.body.innerHTML = '<h1>Results</h1>';
    history.pushState(null, '', '/search?q=stove');
    await vi.advanceTimersByTimeAsync(1010); // seen by the location poll, not yet settled
    window.dispatchEvent(new Event('pagehide'));
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view', 'leave', 'page_view', 'search', 'leave']);
    expect(all().at(-1)).toMatchObject({ url: `${location.origin}/search?q=stove` });
  });

  it('ignores a change of the #fragment only', async () => {
    start();
    history.pushState(null, '', '/products/trail-tent#specs');
    await vi.advanceTimersByTimeAsync(1100);
    expect(ofType('page_view')).toHaveLength(1);
  });

  it('reports nothing more once stopped', async () => {
    start();
    stopped = true;
    document.querySelector('button')!.click();
    await vi.advanceTimersByTimeAsync(30_000);
    setVisibility('hidden');
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view']);
  });

  it('stops its timers and listeners when the extension context goes away', async () => {
    start();
    ctx.abort();
    await vi.advanceTimersByTimeAsync(30_000);
    document.querySelector('button')!.click();
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view']);
  });
});

describe('a search form being submitted', () => {
  const searchForm = (method: string, handled: boolean) => {
    document.body.insertAdjacentHTML('beforeend', `<form id="search" action="/search" method="${method}"><input type="search" name="q"><button>Search</button></form>`);
    const form = document.querySelector<HTMLFormElement>('#search')!;
    form.querySelector('input')!.value = '  trail   tent ';
    // A dispatched submit event does not navigate; the page's own script may take the search over.
    form.addEventListener('submit', (e) => handled && e.preventDefault());
    return form;
  };
  const submit = (form: HTMLFormElement) => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

  it('reports the search the page handles itself, with the typed terms', async () => {
    start();
    submit(searchForm('get', true));
    await vi.advanceTimersByTimeAsync(1);
    const [view] = ofType('page_view');
    expect(ofType('search')).toEqual([expect.objectContaining({ terms: 'trail tent', pageId: view!.id })]);
  });

  it('reports a posted search at once (its results page has no terms in its address)', () => {
    start();
    submit(searchForm('post', false));
    expect(ofType('search')).toEqual([expect.objectContaining({ terms: 'trail tent' })]);
  });

  it('leaves a plain search to the results page, whose address tells the terms', async () => {
    start();
    submit(searchForm('get', false));
    await vi.advanceTimersByTimeAsync(10);
    expect(ofType('search')).toEqual([]);
  });
});

describe("observePage in the page's idle time", () => {
  /** Idle callbacks held until the test runs them, each with 50 ms of idle time. */
  let idle: ((deadline: { timeRemaining(): number }) => void)[];
  const runIdle = () => {
    const due = idle;
    idle = [];
    for (const callback of due) callback({ timeRemaining: () => 50 });
  };
  const startIdle = () => start((steps, deliver) => idleRunner((callback) => idle.push(callback))(steps, deliver));
  beforeEach(() => {
    idle = [];
  });

  it('reads the page when it is idle, then reports the view and the product', () => {
    startIdle();
    expect(reported).toEqual([]);
    for (let i = 0; i < 50 && reported.length === 0; i++) runIdle();
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view']);
    expect(ofType('product_view')[0]!.product).toMatchObject({ name: 'Trail Tent', price: '199.00' });
  });

  it('finishes reading at once when the shopper leaves first, so the view comes before the leave', () => {
    startIdle();
    window.dispatchEvent(new Event('pagehide'));
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view', 'leave']);
  });

  it('finishes reading at once for an add-to-cart click, and reports the add before the page is left', () => {
    startIdle();
    document.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());
    document.querySelector('button')!.click();
    window.dispatchEvent(new Event('pagehide'));
    expect(all().map((e) => e.type)).toEqual(['page_view', 'product_view', 'cart_add', 'leave']);
    expect(ofType('cart_add')[0]!.item).toMatchObject({ name: 'Trail Tent', quantity: 2 });
  });
});

describe('the referrer', () => {
  const startWithReferrer = (referrer: string) => {
    vi.spyOn(document, 'referrer', 'get').mockReturnValue(referrer);
    start();
    return ofType('page_view')[0]!;
  };

  it('is reported when it is a page of the same site', () => {
    expect(startWithReferrer(`${location.origin}/search?q=tent#top`).referrer).toBe(`${location.origin}/search?q=tent`);
  });

  it('is left out when it is another site: where the shopper was before is not observed', () => {
    expect(startWithReferrer('https://news.example/article/best-tents')).not.toHaveProperty('referrer');
  });
});

describe('eventUrl', () => {
  it.each([
    ['https://shop.example/p/1?a=1#top', 'https://shop.example/p/1?a=1'],
    [`https://shop.example/p/1?${'x'.repeat(3000)}`, 'https://shop.example/p/1'],
  ])('%s', (href, expected) => expect(eventUrl(href)).toBe(expected));
});
