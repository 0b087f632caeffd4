import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../lib/api';
import { modeItem } from '../../lib/storage';
import { agentItem, boardItem } from '../agent-sign-in/agent-state';
import { consoleContextsItem, practicesChangedItem } from '../live-console/console-context';
import { createLiveApi } from '../live-link/live-api';
import { EngagementGlance } from './EngagementGlance';
import { OffersPanel } from './OffersPanel';
import { context, emptySalesInfo, engagement, ENGAGEMENT_ID, practices, salesInfo } from './testing/glance';
import { associate } from './testing/results';

// "In this engagement" in the side panel: the live API answered by a fetch that serves the
// fixtures (each checked against its shared schema), the card rendered as the panel shows it.

const BASE = 'http://localhost:8787';
type Answer = Response | 'network-error';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let container: HTMLDivElement;
let dispose: (() => void) | null;
let requests: { path: string; auth: string | null }[];
let sales: () => Answer;
let ranked: () => Answer;

const fetch: Fetch = async (input, init = {}) => {
  const url = new URL(input);
  requests.push({ path: url.pathname, auth: new Headers(init.headers).get('authorization') });
  const answer = url.pathname.endsWith('/sales-info') ? sales() : url.pathname.endsWith('/practices') ? ranked() : json(404, {});
  if (answer === 'network-error') throw new TypeError('Failed to fetch');
  return answer;
};
const reads = (what: 'sales-info' | 'practices') => requests.filter((r) => r.path === `/api/v1/engagements/${ENGAGEMENT_ID}/${what}`).length;

const $ = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

beforeEach(() => {
  fakeBrowser.reset();
  requests = [];
  sales = () => json(200, salesInfo());
  ranked = () => json(200, practices());
  container = document.createElement('div');
  document.body.append(container);
  dispose = null;
});
afterEach(() => {
  dispose?.();
  container.remove();
  vi.restoreAllMocks();
});

function show(options: { visible?: () => boolean; everyMs?: number } = {}) {
  const api = createLiveApi({ fetch, backendUrl: BASE, token: 'fwa_ana' });
  dispose = render(
    () => createComponent(EngagementGlance, { engagement: engagement(), context, api, visible: options.visible ?? (() => true), locale: 'en-GB', everyMs: options.everyMs }),
    container,
  );
}

describe('In this engagement', () => {
  it('shows the shopper and shop, the product with its sale price, stock and rating, what is in stock to go with it and the top technique', async () => {
    show();
    expect(text($('glance-loading'))).toBe('Loading…');
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    expect(text($('glance-shopper'))).toBe('Customer C-1042');
    expect(text($('glance-shop'))).toBe('at shop.example');
    expect(text($('glance-product')?.querySelector('a'))).toBe('Trail Tent 2P');
    expect(text($('glance-price'))).toBe('€349.00');
    expect(text($('glance-was'))).toBe('was €399.00, 13% off');
    expect(text($('glance-stock'))).toBe('In stock (12)');
    expect(text($('glance-rating'))).toBe('★ Rated 4.4 / 5 (182 reviews)');
    expect(text($('glance-product')?.lastElementChild)).toBe('In stock (12) · ★ Rated 4.4 / 5 (182 reviews)');
    // The sold-out alternative is passed over for the first one in stock.
    expect(text($('glance-alternative'))).toBe('Dome 3 · €289.00');
    expect(text($('glance-accessory'))).toBe('Footprint for Trail Tent 2P · €39.00');
    expect(text($('glance-technique'))).toBe('Ask about budget');
    expect(requests.every((r) => r.auth === 'Bearer fwa_ana')).toBe(true);
    expect($('glance-loading')).toBeNull();
  });

  it('says "Shopper" for an unknown shopper, and when nothing is in view yet', async () => {
    sales = () => json(200, emptySalesInfo());
    ranked = () => json(200, practices({ techniques: [] }));
    show();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    expect(text($('glance-shopper'))).toBe('Shopper');
    expect(text($('glance-empty'))).toBe('No product in view yet: the shopper has not looked at one in this session.');
    expect($('glance-technique')).toBeNull();
    expect($('glance-alternative')).toBeNull();
  });

  it('a stock warning for a product out of stock, no rating when none is known', async () => {
    const info = salesInfo();
    sales = () => json(200, { ...info, productInView: { ...info.productInView!, external: null, product: { ...info.productInView!.product!, availability: 'out_of_stock', stock: 0 } } });
    show();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    expect(text($('glance-stock'))).toBe('Out of stock');
    expect($('glance-stock')!.classList.contains('warn')).toBe(true);
    expect($('glance-rating')).toBeNull();
  });

  it('a failure in words with "Try again", which reads only what failed', async () => {
    sales = () => 'network-error';
    show();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('error'));
    expect(text($('glance-error')?.querySelector('p'))).toBe('Could not reach the server for the sales information. Check the connection, then try again.');
    expect($('glance-error')!.getAttribute('role')).toBe('alert');
    expect(reads('practices')).toBe(1);
    sales = () => json(200, salesInfo());
    $('glance-retry')!.click();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    expect(text($('glance-price'))).toBe('€349.00');
    expect([reads('sales-info'), reads('practices')]).toEqual([2, 1]);
  });

  it('a refusal says why (signed out)', async () => {
    ranked = () => json(401, { error: { code: 'unauthorized', message: 'Sign in again.' } });
    show();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('error'));
    expect(text($('glance-error')?.querySelector('p'))).toContain('You were signed out, so the materials could not be read');
    // What could be read still shows.
    expect(text($('glance-price'))).toBe('€349.00');
  });

  it('reads the practices again when the backend says they changed (for this engagement only)', async () => {
    show();
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    ranked = () => json(200, practices({ techniques: [...practices().techniques].reverse() }));
    await practicesChangedItem.setValue({ engagementId: 'another', at: 1 });
    await practicesChangedItem.setValue({ engagementId: ENGAGEMENT_ID, at: 2 });
    await vi.waitFor(() => expect(text($('glance-technique'))).toBe('Offer the footprint bundle'));
    expect([reads('sales-info'), reads('practices')]).toEqual([1, 2]);
  });

  it('reads both again every period while in sight, not while hidden, and at once back in sight', async () => {
    const [visible, setVisible] = createSignal(true);
    show({ visible, everyMs: 60 });
    await vi.waitFor(() => expect(reads('sales-info')).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    setVisible(false);
    await new Promise((r) => setTimeout(r, 30)); // a read under way lands
    const hidden = reads('sales-info');
    await new Promise((r) => setTimeout(r, 200));
    expect(reads('sales-info')).toBe(hidden);
    setVisible(true);
    expect(reads('sales-info')).toBe(hidden + 1);
    expect(reads('practices')).toBe(reads('sales-info'));
  });

  it('"Open the console" brings its tab and window to the front, or opens it', async () => {
    show();
    const consoleTab = await fakeBrowser.tabs.create({ url: `chrome-extension://test-extension-id/live.html?engagement=${ENGAGEMENT_ID}`, active: false });
    await fakeBrowser.tabs.create({ url: 'https://shop.example/', active: true });
    const before = (await fakeBrowser.tabs.query({})).length;
    const activate = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    $('glance-open')!.click();
    await vi.waitFor(() => expect(focus).toHaveBeenCalledWith(consoleTab.windowId, { focused: true }));
    expect(activate).toHaveBeenCalledWith(consoleTab.id, { active: true });
    expect((await fakeBrowser.tabs.query({})).length).toBe(before); // none opened

    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValueOnce([]); // closed meanwhile
    const opened = vi.spyOn(fakeBrowser.tabs, 'create');
    $('glance-open')!.click();
    await vi.waitFor(() => expect(opened).toHaveBeenCalledWith({ url: `chrome-extension://test-extension-id/live.html?engagement=${ENGAGEMENT_ID}`, active: true }));
  });

  it('in the side panel: at the top of the Offers tab for an accepted engagement only', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, value: { messages: [] } } as never);
    vi.spyOn(globalThis, 'fetch').mockImplementation(((input: string, init?: RequestInit) => fetch(input, init)) as typeof globalThis.fetch);
    await modeItem.setValue('agent');
    await agentItem.setValue({ backendUrl: BASE, token: 'fwa_ana', expiresAt: new Date(Date.now() + 3600_000).toISOString(), associate: associate() });
    await consoleContextsItem.setValue({ [ENGAGEMENT_ID]: context });
    await boardItem.setValue({ offers: [], engagements: [engagement('invited', 'eng-2'), engagement('accepted')] } as never);
    dispose = render(() => createComponent(OffersPanel, {}), container);
    await vi.waitFor(() => expect($('glance')?.dataset.state).toBe('ready'));
    const view = $('panel-view-offers')!;
    expect(view.firstElementChild?.getAttribute('data-testid')).toBe('glance');
    expect([...view.querySelectorAll('[data-testid=glance]')].map((g) => g.getAttribute('data-engagement-id'))).toEqual([ENGAGEMENT_ID]);
    expect(reads('sales-info')).toBe(1);
    // A board change (a new offer, the clock) does not read it again; the engagement ending removes it.
    await boardItem.setValue({ offers: [], engagements: [engagement('invited', 'eng-2'), engagement('accepted')] } as never);
    await boardItem.setValue({ offers: [], engagements: [engagement('ended')] } as never);
    await vi.waitFor(() => expect($('glance')).toBeNull());
    expect(reads('sales-info')).toBe(1);
  });
});
