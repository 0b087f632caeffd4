import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MaterialUse, PracticesView, SalesInfo } from '../../../shared/sales';
import type { ApiResult } from '../../lib/api';
import type { LiveReplay } from '../cobrowse/types';
import { LiveConsole } from './LiveConsole';
import { type ConsoleApi, type ConsoleEngagement, createConsoleEngagement } from './engagement';
import { createSalesDesk, loadErrorText, type SalesApi, type SalesDesk } from './sales';
import { connectConsole, CREDENTIALS, createFakeLink, type FakeLink, freshConsoleClock } from './testing/fake-link';
import { NOW, OFFER, PRACTICES, SALES_INFO } from './testing/sales';

const ok = <T,>(body: T): ApiResult<T> => ({ ok: true, status: 200, body });
const refused = (status: number, message: string): ApiResult<never> => ({ ok: false, status, code: 'x', message, issues: [], retryAfterMs: null });

let fake: FakeLink;
let engagement: ConsoleEngagement;
let desk: SalesDesk;
let container: HTMLDivElement;
let dispose: () => void;
let ids = 0;
let reads: { sales: number; practices: number };
let uses: MaterialUse[];
let transcripts: string[][];
let copied: string[];
/** What the backend answers next (a function: a fresh answer per call). */
let salesAnswer: () => ApiResult<SalesInfo>;
let practicesAnswer: () => ApiResult<PracticesView>;
let remoteName = 'Shopper';

const consoleApi = (): ConsoleApi => ({
  peerCredentials: async () => ok({ ...CREDENTIALS, remoteName }),
  end: async () => ok({}),
  postTranscript: async (_id, messages) => {
    transcripts.push(messages.map((m) => m.text));
    return ok({});
  },
  channel: async () => ok({}),
  transcript: async () => ok({ messages: [] }),
});
const salesApi = (): SalesApi => ({
  salesInfo: async () => {
    reads.sales++;
    return salesAnswer();
  },
  practices: async () => {
    reads.practices++;
    return practicesAnswer();
  },
  usage: async (_id, use) => {
    uses.push(use);
    return ok({});
  },
});
const replay = (): LiveReplay => ({ add: () => {}, nodeIdAt: () => null, toShopperViewport: (x, y) => ({ x, y }), title: () => '', lastAppliedAt: 0, destroy: () => {} });

const $ = (testId: string, within: ParentNode = container) => within.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
const $$ = (testId: string, within: ParentNode = container) => [...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];
const flush = () => vi.advanceTimersByTimeAsync(0);

async function open(context: Parameters<typeof LiveConsole>[0]['context'] = { offer: OFFER, engagement: null, savedAt: NOW }) {
  fake = createFakeLink();
  engagement = createConsoleEngagement({ engagementId: 'eng-1', api: consoleApi(), openLink: () => fake.link, getMicrophone: async () => ({}) as MediaStream, newId: () => `id-${++ids}` });
  desk = createSalesDesk({ engagementId: 'eng-1', api: salesApi(), log: () => {} });
  container = document.createElement('div');
  document.body.append(container);
  dispose = render(
    () => createComponent(LiveConsole, { engagement, createReplay: replay, sales: desk, context, now: () => NOW, copy: async (text: string) => void copied.push(text) }),
    container,
  );
  void desk.start();
  await connectConsole(engagement, fake);
}

beforeEach(() => {
  freshConsoleClock(NOW);
  reads = { sales: 0, practices: 0 };
  uses = [];
  transcripts = [];
  copied = [];
  salesAnswer = () => ok(SALES_INFO);
  practicesAnswer = () => ok(PRACTICES);
  remoteName = 'Shopper';
});

afterEach(() => {
  dispose();
  engagement.dispose();
  desk.dispose();
  container.remove();
  vi.useRealTimers();
});

describe('the shopper kept in view', () => {
  it('the header names the verified customer and the shop; the side column keeps what the offer said', async () => {
    await open();
    expect($('live-shopper').textContent).toBe('Customer C-1042 on shop.example');
    const facts = $('offer-facts');
    expect($('offer-score', facts).textContent).toBe('82%');
    expect($('offer-reasons', facts).textContent).toContain('Available now');
    const session = $('offer-session', facts).textContent;
    expect(session).toContain('tent 2 person');
    expect(session).toContain('1 item');
    expect(session).toContain('gold tier');
  });

  it('a name the backend gives wins; without a customer or an offer, "Shopper", and the offer’s absence said', async () => {
    remoteName = 'Maria';
    await open({ offer: null, engagement: null, savedAt: NOW });
    expect($('live-shopper').textContent).toBe('Maria');
    dispose();
    engagement.dispose();
    desk.dispose();
    remoteName = 'Shopper';
    salesAnswer = () => ok({ ...SALES_INFO, customer: null });
    await open(null);
    expect($('live-shopper').textContent).toBe('Shopper');
    expect($('offer-facts-missing')).not.toBeNull();
  });
});

describe('the Sales panel', () => {
  it('shows the product in view with its facts, prices seen, external rating, what goes with it, the customer and the trail', async () => {
    await open();
    expect($('sales').dataset.state).toBe('ready');
    expect($('sales-price').textContent).toBe('€349.00');
    expect($('sales-product').textContent).toContain('was €399.00, 13% off');
    expect($('sales-stock').textContent).toBe('In stock (12) · SKU TT-2P');
    expect($('sales-prices-seen').textContent).toContain('€399.00');
    expect($('sales-prices-seen').textContent).toContain('€349.00 (list €399.00)');
    expect($('sales-external').textContent).toContain('4.4 / 5 (182 reviews)');
    expect($$('sales-item', $('sales-alternatives')).map((i) => i.querySelector('a, span')!.textContent)).toEqual(['Dome 3']);
    expect($$('sales-item', $('sales-accessories'))).toHaveLength(2);
    expect($('sales-customer').textContent).toContain('gold tier · €1,240.00 lifetime · verified');
    expect([...$('sales-trail').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Cart 1 item, 349.00 EUR 2 min ago',
      'Looked at Trail Tent 2P 4 min ago',
      'Looked at Dome 3 12 min ago',
      'Looked at Trail Tent 2P 25 min ago',
      'Searched for tent 2 person 30 min ago',
    ]);
  });

  it('says it is loading, then a failure in words with Try again, which reads again', async () => {
    salesAnswer = () => refused(0, 'offline');
    await open();
    expect($('sales').dataset.state).toBe('error');
    expect($('sales-error').textContent).toContain('Could not reach the server for the sales information. Check the connection, then try again.');
    salesAnswer = () => ok(SALES_INFO);
    $('sales-retry').click();
    expect($('sales').dataset.state).toBe('loading');
    expect($('sales-loading').textContent).toBe('Loading…');
    await flush();
    expect($('sales').dataset.state).toBe('ready');
    expect(reads.sales).toBe(2);
  });

  it('nothing yet: says so', async () => {
    salesAnswer = () => ok({ engagementId: 'eng-1', productInView: null, alternatives: [], accessories: [], customer: null, trail: [] });
    await open();
    expect($('sales-empty').textContent).toContain('has not looked at a product');
  });

  it('reads again once the shopper’s page settles on another address (a burst is one read)', async () => {
    await open();
    expect(reads.sales).toBe(1);
    fake.receive({ v: 1, type: 'page', url: 'https://shop.example/p/dome-3', title: 'Dome 3' });
    await vi.advanceTimersByTimeAsync(300);
    fake.receive({ v: 1, type: 'page', url: 'https://shop.example/p/dome-3?colour=red', title: 'Dome 3' });
    fake.receive({ v: 1, type: 'page', url: 'https://shop.example/p/dome-3?colour=red', title: 'Dome 3 (red)' });
    await vi.advanceTimersByTimeAsync(599);
    expect(reads.sales).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reads.sales).toBe(2);
  });
});

describe('product cards', () => {
  it('Send to chat sends a product card; both chats show it, ✓ sent then ✓✓ delivered; the transcript keeps it in words', async () => {
    await open();
    $('send-in-view').click();
    $$('send-item', $('sales-accessories'))[0]!.click();
    const cards = fake.sentOf('product-card');
    expect(cards.map((c) => c.card)).toEqual([
      { sku: 'TT-2P', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/tt-2p' },
      { sku: 'FP-2', name: 'Footprint for Trail Tent 2P', price: '39.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/fp-2' },
    ]);
    const lines = $$('chat-line');
    expect(lines.map((l) => l.dataset.card)).toEqual(['product', 'product']);
    expect($('chat-card', lines[0]).textContent).toBe('Trail Tent 2P€349.00');
    expect($('chat-card', lines[0]).querySelector('a')!.getAttribute('href')).toBe('https://shop.example/p/tt-2p');
    expect($('chat-tick', lines[0]).textContent).toBe('✓');
    fake.receive({ v: 1, type: 'chat-ack', id: cards[0]!.id });
    expect($('chat-tick', $$('chat-line')[0]).textContent).toBe('✓✓');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(transcripts.flat()).toEqual(['Product: Trail Tent 2P, 349.00 EUR, https://shop.example/p/tt-2p', 'Product: Footprint for Trail Tent 2P, 39.00 EUR, https://shop.example/p/fp-2']);
  });

  it('a product without a web page cannot be sent, and says why; after the end nothing can', async () => {
    await open();
    const pegs = $$('send-item', $('sales-accessories'))[1] as HTMLButtonElement;
    expect([pegs.disabled, pegs.title]).toEqual([true, 'This product has no web page to send.']);
    fake.setState('closed', 'ended_there');
    expect(($('send-in-view') as HTMLButtonElement).disabled).toBe(true);
    expect($('send-in-view').title).toBe('The engagement has ended.');
  });
});

describe('the Materials panel', () => {
  it('lists materials and techniques in rank order; each action is recorded with the ranking', async () => {
    await open();
    expect($$('material').map((m) => m.dataset.id)).toEqual(['m-sheet', 'm-video']);
    expect($$('technique').map((m) => m.dataset.id)).toEqual(['t-budget', 't-bundle']);
    // Open (a new tab), send (a material card), copy (the script as text), mark.
    const sheet = $$('material')[0]!;
    expect($('material-open', sheet).getAttribute('target')).toBe('_blank');
    // The test's page does not follow the link (the browser would open a tab).
    $('material-open', sheet).addEventListener('click', (e) => e.preventDefault());
    $('material-open', sheet).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    $('material-send', sheet).click();
    expect(fake.sentOf('material-card').map((m) => m.card)).toEqual([{ materialId: 'm-sheet', title: 'Trail Tent 2P product sheet', kind: 'document', url: 'https://api.floorwalker.example/m/m-sheet' }]);
    expect($$('chat-line').map((l) => l.dataset.card)).toEqual(['material']);
    const budget = $$('technique')[0]!;
    $('technique-copy', budget).click();
    await flush();
    expect(copied).toEqual(['Ask what it is for first.\nThen the budget.\n\n• Nights a year?\n• Carried far?']);
    $('technique-mark', budget).click();
    await flush();
    expect($('technique-mark', $$('technique')[0]).getAttribute('aria-pressed')).toBe('true');
    expect(uses).toEqual([
      { rankingId: 'rank-1', materialId: 'm-sheet', action: 'opened' },
      { rankingId: 'rank-1', materialId: 'm-sheet', action: 'sent' },
      { rankingId: 'rank-1', materialId: 't-budget', action: 'copied' },
      { rankingId: 'rank-1', materialId: 't-budget', action: 'marked' },
    ]);
  });

  it('renders a technique’s Markdown as nodes, its HTML as text', async () => {
    await open();
    const bundle = $('technique-script', $$('technique')[1]);
    expect(bundle.querySelector('b')).toBeNull();
    expect(bundle.textContent).toBe('Mention the footprint <b>saves</b> the floor.');
    expect($('technique-script', $$('technique')[0]).querySelectorAll('strong, li')).toHaveLength(3);
  });

  it('reads the practices again when told (the realtime practices message), showing the new order', async () => {
    await open();
    practicesAnswer = () => ok({ ...PRACTICES, rankingId: 'rank-2', materials: [...PRACTICES.materials].reverse() });
    await desk.refreshPractices();
    await flush();
    expect(reads.practices).toBe(2);
    expect($$('material').map((m) => m.dataset.id)).toEqual(['m-video', 'm-sheet']);
  });

  it('a failure says so with Try again; an empty ranking says there is nothing yet', async () => {
    practicesAnswer = () => refused(403, 'not your engagement');
    await open();
    expect($('materials-error').textContent).toContain('You may not see the materials for this engagement (not your engagement).');
    practicesAnswer = () => ok({ ...PRACTICES, materials: [], techniques: [], usedByTopAssociates: [] });
    $('materials-retry').click();
    await flush();
    expect($('materials-empty')).not.toBeNull();
  });
});

describe('loadErrorText', () => {
  it.each([
    [0, 'Could not reach the server for the materials. Check the connection, then try again.'],
    [401, 'You were signed out, so the materials could not be read: sign in again in the side panel, then try again.'],
    [404, 'This engagement has no materials (gone).'],
    [429, 'Too many requests for the materials just now: try again in a moment.'],
    [500, 'Could not read the materials: gone'],
  ])('%s', (status, text) => {
    expect(loadErrorText('the materials', { status, message: 'gone' })).toBe(text);
  });
});
