import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedIn } from '../shared/associates';
import { minorUnits } from '../shared/catalog';
import { LedgerPage } from '../shared/commission';
import { OrderDetail, OrderList } from '../shared/orders';
import { ReportAnswer } from '../shared/reports';
import { PracticesView } from '../shared/sales';
import type { AgentAccount } from './support/agent';
import { eventually } from './support/browser';
import { clickInClosedShadow, textInClosedShadow } from './support/closed-shadow';
import { DOCK, type LiveEngagement, startLiveEngagement } from './support/live';
import { screenshot } from './support/screenshots';
import { type Stack, startStack } from './support/stack';

/*
 * A sale from end to end, every part real: a shopper lingers at Voltaire, Ana takes the
 * engagement, sends the product in view and a material into the chat; the shopper opens the
 * product from the dock and buys it in the demo shop. The shop sends its order as Shopify sends
 * `orders/create`; the extension reports the confirmation page; the backend attributes the order to
 * the engagement, its jobs write the commission entry and count the material's sale, and the
 * report shows the revenue.
 */

const ANA: AgentAccount = { email: 'ana@voltaire.example', password: 'ana-demo-password', displayName: 'Ana' };

describe('a sale: the associate helps, the shopper buys, the order is attributed, commissioned, learned from and reported', () => {
  let stack: Stack;
  let live: LiveEngagement;

  beforeAll(async () => {
    stack = await startStack();
    live = await startLiveEngagement(stack, ANA);
  }, 240_000);
  afterAll(async () => {
    await live?.close();
    await stack?.close();
  });

  const api = async (path: string, token = stack.keys.voltaire) => {
    const res = await fetch(`${stack.backend.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  it('the console shows the product in view from the catalogue; the associate sends it and a material; the shopper sees both', async () => {
    const { console, shop } = live;
    await console.bringToFront();
    const inView = await console.waitForSelector('[data-testid=sales-in-view] [data-testid=sales-product]', { timeout: 30_000 });
    expect(await inView!.evaluate((el) => el.textContent)).toContain(live.product.name);
    await console.click('[data-testid=send-in-view]');
    await console.waitForSelector('[data-testid=materials-list] [data-testid=material-send]:not([disabled])', { timeout: 30_000 });
    await console.click('[data-testid=materials-list] [data-testid=material-send]');
    await screenshot(console, 'console-sales', ['light', 'dark'], false);

    await shop.bringToFront();
    await eventually('the product card in the dock', async () => ((await textInClosedShadow(shop, DOCK, 'live-card-price')) ? true : undefined), 20_000);
    await screenshot(shop, 'dock-product-card', ['light'], false);
  });

  it('the shopper opens the product from the dock in one click and buys it; the confirmation page shows the order', async () => {
    const { shop } = live;
    await Promise.all([shop.waitForNavigation({ waitUntil: 'load', timeout: 20_000 }), clickInClosedShadow(shop, DOCK, 'live-card-open')]);
    expect(shop.url()).toBe(live.product.url);
    await Promise.all([shop.waitForNavigation({ waitUntil: 'load' }), shop.click('.add-to-cart')]);
    await shop.goto(new URL('/checkout', live.product.url).href, { waitUntil: 'load' });
    await shop.type('input[name=name]', 'Sam Shopper');
    await shop.type('input[name=email]', 'sam@example.com');
    await Promise.all([shop.waitForNavigation({ waitUntil: 'load' }), shop.click('.place-order')]);
    number = (await shop.$eval('.order-number', (el) => el.textContent ?? '')).trim();
    expect(number).toMatch(/^VE-\d+$/);
  });

  let number = '';

  it('the shop’s order arrives by its webhook and is attributed to the engagement (the shopper who reported the confirmation page)', async () => {
    const order = await waitForOrder();
    expect(order.source).toBe('shopify');
    const detail = OrderDetail.parse(await api(`/api/v1/orders/${order.id}`));
    expect(detail.receipt).toMatchObject({ match: 'reporting_shopper' });
    expect(detail.credits.map((c) => c.engagementId)).toEqual([live.engagementId]);
    // The shop's line carries no category (as Shopify's do not); the credit is the whole net.
    expect(detail.credited).toBe(detail.net);
  });

  it('a commission entry is written for the order, and the material the associate sent counts the sale', async () => {
    const order = await waitForOrder();
    const entry = await eventually(
      'a commission entry for the order',
      async () => LedgerPage.parse(await api('/api/v1/commission/ledger?limit=200')).entries.find((e) => e.orderId === order.id && e.kind === 'commission'),
      60_000,
    );
    expect(entry.amountMinor).toBeGreaterThan(0);

    const signedIn = SignedIn.parse(
      await (await fetch(`${stack.backend.url}/api/v1/associates/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ANA.email, password: ANA.password }) })).json(),
    );
    const sold = await eventually(
      'the material’s sale counted',
      async () => {
        const view = PracticesView.parse(await api(`/api/v1/engagements/${live.engagementId}/practices`, signedIn.token));
        return view.materials.concat(view.techniques).find((m) => m.sales > 0);
      },
      60_000,
    );
    expect(sold.outcomes).toBeGreaterThanOrEqual(sold.sales);
  });

  it('the report shows the engagement, the conversion and the revenue, as JSON and as CSV', async () => {
    const order = await waitForOrder();
    const day = 86_400_000;
    const query = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}&groupBy=associate`;
    const report = ReportAnswer.parse(await api(`/api/v1/reports?${query}`));
    expect(report.total.engagements).toBeGreaterThanOrEqual(1);
    expect(report.total.converted).toBeGreaterThanOrEqual(1);
    const money = report.total.money.find((m) => m.currency === order.currency);
    const net = minorUnits(order.net, order.currency);
    expect(net.ok && money?.revenueMinor).toBe(net.ok ? net.minor : NaN);
    expect(money?.commissionMinor).toBeGreaterThan(0);
    const csv = await (await fetch(`${stack.backend.url}/api/v1/reports?${query}&format=csv`, { headers: { authorization: `Bearer ${stack.keys.voltaire}` } })).text();
    expect(csv.split('\r\n')[0]).toContain('revenue');
    expect(csv).toContain(order.net);
  });

  /** The shop's order, once the backend attributed it. */
  async function waitForOrder() {
    expect(number).not.toBe('');
    return eventually(
      `order ${number} attributed`,
      async () => {
        const found = OrderList.parse(await api('/api/v1/orders?limit=50')).orders.find((o) => o.number === number);
        return found?.status === 'attributed' ? found : undefined;
      },
      60_000,
    );
  }
});
