import { describe, expect, it, vi } from 'vitest';
import { eventUrl } from '../page-state';
import { heldIdleTime, PRODUCT, useObservedPage } from '../testing/observed-page';
import { orderEventId, SETTLE_MS } from './page-view';
import { ShopperEvent } from '../../../../shared/events';
import { createEventQueue } from '../../reporting/queue';

/** The location is polled every second, then the new view gets SETTLE_MS to render. */
const NAVIGATION_SEEN_MS = 1000 + SETTLE_MS + 10;

describe('page views and leaves', () => {
  const page = useObservedPage();

  it('reports a page view and the product it shows, together, linked by pageId', () => {
    page.start();
    expect(page.reported).toHaveLength(1);
    const [view, product] = page.reported[0]!;
    expect(view).toMatchObject({ type: 'page_view', kind: 'product', title: 'Trail Tent – Test Shop', url: `${location.origin}/products/trail-tent` });
    expect(view!.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(product).toMatchObject({ type: 'product_view', pageId: view!.id, product: PRODUCT });
    expect(Date.parse(product!.at)).toBeGreaterThan(Date.parse(view!.at)); // ordered by time, not only by arrival
  });

  it('reports page and product URLs without the parameters that look like secrets', async () => {
    history.replaceState(null, '', '/products/trail-tent?colour=green&reset_token=s3cr3t');
    document.head.innerHTML = `<link rel="canonical" href="${location.origin}/products/trail-tent?sessionid=abc&colour=green">`;
    page.start();
    document.body.innerHTML = '<h1>Account</h1>';
    history.pushState(null, '', '/account?AuthCode=1&tab=orders');
    await vi.advanceTimersByTimeAsync(NAVIGATION_SEEN_MS);
    const [first, second] = page.ofType('page_view');
    expect(first!.url).toBe(`${location.origin}/products/trail-tent?colour=green`);
    expect(page.ofType('product_view')[0]!.product.url).toBe(`${location.origin}/products/trail-tent?colour=green`);
    expect(second).toMatchObject({ url: `${location.origin}/account?tab=orders`, referrer: first!.url });
    document.head.innerHTML = '';
  });

  it('reports leave once when the page is hidden, however many signals follow, with the active time', async () => {
    page.start();
    await vi.advanceTimersByTimeAsync(4000);
    page.setVisibility('hidden');
    window.dispatchEvent(new Event('pagehide'));
    expect(page.ofType('leave')).toEqual([expect.objectContaining({ activeMs: 4000, productKey: 'sku:TT-2' })]);
  });

  it('reports another leave after the page was shown again and hidden again', () => {
    page.start();
    page.setVisibility('hidden');
    page.setVisibility('visible');
    page.setVisibility('hidden');
    expect(page.ofType('leave')).toHaveLength(2);
  });

  it('counts an in-page navigation as a new page view, referred by the previous page', async () => {
    page.start();
    const first = page.ofType('page_view')[0]!;
    document.body.innerHTML = '<h1>Results</h1>';
    history.pushState(null, '', '/search?q=tent');
    await vi.advanceTimersByTimeAsync(NAVIGATION_SEEN_MS);
    const views = page.ofType('page_view');
    expect(views).toHaveLength(2);
    expect(views[1]).toMatchObject({ kind: 'search', referrer: first.url });
    expect(page.ofType('search')).toEqual([expect.objectContaining({ terms: 'tent', pageId: views[1]!.id })]);
    expect(page.ofType('leave')).toEqual([expect.objectContaining({ pageId: first.id })]);
  });

  it('counts an in-page navigation even when the shopper leaves before it settles', async () => {
    page.start();
    document.body.innerHTML = '<h1>Results</h1>';
    history.pushState(null, '', '/search?q=stove');
    await vi.advanceTimersByTimeAsync(1010); // seen by the location poll, not yet settled
    window.dispatchEvent(new Event('pagehide'));
    expect(page.types()).toEqual(['page_view', 'product_view', 'leave', 'page_view', 'search', 'leave']);
    expect(page.all().at(-1)).toMatchObject({ url: `${location.origin}/search?q=stove` });
  });

  it('ignores a change of the #fragment only', async () => {
    page.start();
    history.pushState(null, '', '/products/trail-tent#specs');
    await vi.advanceTimersByTimeAsync(NAVIGATION_SEEN_MS);
    expect(page.ofType('page_view')).toHaveLength(1);
  });
});

describe("page views in the page's idle time", () => {
  const page = useObservedPage();

  it('reads the page when it is idle, then reports the view and the product', () => {
    const idle = heldIdleTime();
    page.start({ runSteps: idle.runSteps });
    expect(page.reported).toEqual([]);
    for (let i = 0; i < 50 && page.reported.length === 0; i++) idle.runIdle();
    expect(page.types()).toEqual(['page_view', 'product_view']);
    expect(page.ofType('product_view')[0]!.product).toMatchObject({ name: 'Trail Tent', price: '199.00' });
  });

  it('finishes reading at once when the shopper leaves first, so the view comes before the leave', () => {
    page.start({ runSteps: heldIdleTime().runSteps });
    window.dispatchEvent(new Event('pagehide'));
    expect(page.types()).toEqual(['page_view', 'product_view', 'leave']);
  });
});

describe('the customer id', () => {
  const page = useObservedPage();

  it("goes with the page view when the site's adapter says where the page shows it", () => {
    page.site.adapter = { customer: { selector: { selector: '[data-customer-id]', attr: 'data-customer-id' } } };
    document.body.insertAdjacentHTML('beforeend', '<span data-customer-id="C-1042">Hello, Ana</span>');
    page.start();
    expect(page.ofType('page_view')[0]).toMatchObject({ customerId: 'C-1042' });
  });

  it('goes with the token the page carries for it, where the adapter says', () => {
    page.site.adapter = {
      customer: { selector: { selector: '[data-customer-id]', attr: 'data-customer-id' }, token: { selector: 'meta[name="fw-customer-token"]', attr: 'content' } },
    };
    document.head.insertAdjacentHTML('beforeend', '<meta name="fw-customer-token" content="aaa.bbb.ccc">');
    document.body.insertAdjacentHTML('beforeend', '<span data-customer-id="C-1042">Hello, Ana</span>');
    page.start();
    expect(page.ofType('page_view')[0]).toMatchObject({ customerId: 'C-1042', customerToken: 'aaa.bbb.ccc' });
  });

  it('sends no token without the id it proves', () => {
    page.site.adapter = { customer: { selector: { selector: '[data-customer-id]', attr: 'data-customer-id' }, token: { selector: 'meta[name="fw-customer-token"]', attr: 'content' } } };
    document.head.insertAdjacentHTML('beforeend', '<meta name="fw-customer-token" content="aaa.bbb.ccc">');
    page.start();
    expect(page.ofType('page_view')[0]).not.toHaveProperty('customerToken');
  });

  it('is left out when the adapter names no place for it, whatever the page shows', () => {
    page.site.adapter = null;
    document.body.insertAdjacentHTML('beforeend', '<span data-customer-id="C-1042">Hello, Ana</span>');
    page.start();
    expect(page.ofType('page_view')[0]).not.toHaveProperty('customerId');
  });

  it('is left out when the shopper is not signed in', () => {
    page.site.adapter = { customer: { dataLayer: 'dataLayer.user.id' } };
    page.start();
    expect(page.ofType('page_view')[0]).not.toHaveProperty('customerId');
  });
});

describe('the referrer', () => {
  const page = useObservedPage();
  const viewWithReferrer = (referrer: string) => {
    vi.spyOn(document, 'referrer', 'get').mockReturnValue(referrer);
    page.start();
    return page.ofType('page_view')[0]!;
  };

  it('is reported when it is a page of the same site', () => {
    expect(viewWithReferrer(`${location.origin}/search?q=tent#top`).referrer).toBe(`${location.origin}/search?q=tent`);
  });

  it('is left out when it is another site: where the shopper was before is not observed', () => {
    expect(viewWithReferrer('https://news.example/article/best-tents')).not.toHaveProperty('referrer');
  });
});

describe('page text the backend would refuse', () => {
  const page = useObservedPage();

  it('leaves the title cut on a code point boundary, without control characters', () => {
    document.title = `\u0000${'a'.repeat(499)}😀 and more`; // the 500th and 501st code units are one character
    page.start();
    expect(page.ofType('page_view')[0]!.title).toBe('a'.repeat(499));
  });

  it('leaves search terms of a results page without control characters', async () => {
    page.start();
    document.body.innerHTML = '<h1>Results</h1>';
    history.pushState(null, '', '/search?q=tent%00%07%E2%9B%BA');
    await vi.advanceTimersByTimeAsync(NAVIGATION_SEEN_MS);
    expect(page.ofType('search').map((e) => e.terms)).toEqual(['tent⛺']);
  });
});

describe('eventUrl', () => {
  it.each([
    { name: 'no #fragment', href: 'https://shop.example/p/1?a=1#top', url: 'https://shop.example/p/1?a=1' },
    { name: 'no query when that is what makes it too long', href: `https://shop.example/p/1?${'x'.repeat(3000)}`, url: 'https://shop.example/p/1' },
  ])('$name', ({ href, url }) => expect(eventUrl(href)).toBe(url));

  describe('order confirmation pages', () => {
    const page = useObservedPage();
    const confirmation = '<h1>Thank you for your order</h1><p>Order number: <b>VE-10042</b></p><p>Total: <span>€129.00</span></p>';

    it('reports the order a confirmation page shows, with its page view', () => {
      history.replaceState(null, '', '/checkout/confirmation');
      document.body.innerHTML = confirmation;
      page.start();
      const [view, order] = page.reported[0]!;
      expect(view).toMatchObject({ type: 'page_view' });
      expect(order).toMatchObject({ type: 'order_confirmation', pageId: view!.id, order: { number: 'VE-10042', total: '129.00', currency: 'EUR' } });
      expect(ShopperEvent.safeParse(order).success).toBe(true);
    });

    it('a reload of the confirmation page reports the order under the same id, which the queue takes once', async () => {
      history.replaceState(null, '', '/checkout/confirmation');
      document.body.innerHTML = confirmation;
      page.start();
      page.start(); // the page loaded again
      const orders = page.ofType('order_confirmation');
      expect(orders).toHaveLength(2);
      expect(orders[1]!.id).toBe(orders[0]!.id);
      expect(orders[0]!.id).toBe(orderEventId(location.host, 'VE-10042'));
      expect(orderEventId(location.host, 'VE-10043')).not.toBe(orders[0]!.id);
      expect(orderEventId('other.example', 'VE-10042')).not.toBe(orders[0]!.id);
      const queue = createEventQueue();
      expect(await queue.append(orders)).toMatchObject({ added: 1, duplicates: 1 });
    });

    it('reports nothing once observing stopped (no consent, switched off)', () => {
      history.replaceState(null, '', '/checkout/confirmation');
      document.body.innerHTML = confirmation;
      page.stop();
      page.start();
      expect(page.ofType('order_confirmation')).toEqual([]);
    });

    it('reports no order on a page that is no confirmation', () => {
      page.start();
      expect(page.ofType('order_confirmation')).toEqual([]);
    });
  });
});
