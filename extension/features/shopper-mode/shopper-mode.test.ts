import type { ShopperEvent } from '../../../shared/events';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchMessage, type Message } from '../../lib/messaging';
import { testSenderCheck, usualSender } from '../../lib/testing/senders';
import {
  backendUrlItem,
  consentItem,
  deliveryItem,
  observingItem,
  queueItem,
  shopperItem,
  siteAccessItem,
  sitesItem,
} from '../../lib/storage';
import { createFakeBackend, DEMO_SITES, fakeEvent, type FakeBackend } from '../../lib/testing/fake-backend';
import { installFakePermissions } from '../../lib/testing/fake-permissions';
import { createFakeScripting } from '../../lib/testing/fake-scripting';
import { createShopperMode, WAKE_ALARM } from './shopper-mode';

let backend: FakeBackend;
let scripting: ReturnType<typeof createFakeScripting>;
let permissions: ReturnType<typeof installFakePermissions>;
let shopper: ReturnType<typeof createShopperMode>;

/** What DEMO_SITES (localhost:4101, shop.example) need the browser to grant. */
const DEMO_ACCESS = ['http://*.shop.example/*', 'http://localhost/*', 'https://*.shop.example/*', 'https://localhost/*'];
const badge = () => fakeBrowser.action.getBadgeText({});

/** Sends a message the way an extension page or content script would, through the dispatcher. */
async function send(message: Message) {
  return dispatchMessage(shopper.handlers, message, usualSender(message), testSenderCheck());
}
async function reply(message: Message) {
  const envelope = await send(message);
  if (!envelope?.ok) throw new Error(envelope?.error ?? 'no answer');
  return envelope.value as Record<string, unknown>;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Date.parse('2025-01-01T10:00:00Z'));
  backend = createFakeBackend();
  scripting = createFakeScripting();
  permissions = installFakePermissions();
  shopper = createShopperMode({ fetch: backend.fetch, scripting, random: () => 1 });
});
afterEach(() => vi.useRealTimers());

describe('before consent', () => {
  it('fetches, registers and sends nothing', async () => {
    await shopper.start();
    await shopper.onAlarm(WAKE_ALARM);
    const report = await reply({ type: 'events:report', events: [fakeEvent()] });
    expect(report).toEqual({ accepted: 0, refused: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.requests).toEqual([]);
    expect(scripting.scripts.size).toBe(0);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    expect((await queueItem.getValue()).events).toEqual([]);
  });

  it('saves a backend address without fetching from it', async () => {
    expect(await reply({ type: 'backend:set', url: 'http://127.0.0.1:9000/' })).toEqual({ url: 'http://127.0.0.1:9000', sites: null, missingAccess: [] });
    expect(await backendUrlItem.getValue()).toBe('http://127.0.0.1:9000');
    expect(backend.requests).toEqual([]);
  });
});

describe('giving consent', () => {
  it('records the time, fetches the sites at once and registers the content script for them', async () => {
    const answer = await reply({ type: 'consent:set', given: true });
    expect(answer).toEqual({ consent: { state: 'given', at: '2025-01-01T10:00:00.000Z' }, sites: { ok: true, count: 2 }, missingAccess: DEMO_ACCESS });
    expect(await consentItem.getValue()).toEqual({ state: 'given', at: '2025-01-01T10:00:00.000Z' });
    expect(backend.requests.map((r) => `${r.method} ${r.base}${r.path}`)).toEqual(['GET http://localhost:8787/api/v1/sites']);
    expect(scripting.matches()).toEqual(['*://*.shop.example/*', '*://localhost/*']);
    expect(await sitesItem.getValue()).toMatchObject({ expiresAt: Date.now() + 300_000 });
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toMatchObject({ periodInMinutes: 0.5 });
  });

  it('still records consent when the backend is down, and says why there is no list', async () => {
    backend.next('/api/v1/sites', 'network-error');
    const answer = await reply({ type: 'consent:set', given: true });
    expect(answer.sites).toEqual({ ok: false, error: expect.stringMatching(/could not be reached/) });
    expect(scripting.scripts.size).toBe(0);
    // The wake-up alarm retries.
    await shopper.onAlarm(WAKE_ALARM);
    expect(scripting.matches()).toEqual(['*://*.shop.example/*', '*://localhost/*']);
  });
});

describe('withdrawing consent', () => {
  it('unregisters the script and forgets queue, identity and site list', async () => {
    await reply({ type: 'consent:set', given: true });
    await reply({ type: 'events:report', events: [fakeEvent()] });
    await shopperItem.setValue({ backendUrl: 'http://localhost:8787', shopperId: 's', token: 't', createdAt: '' });
    await reply({ type: 'consent:set', given: false });
    expect(scripting.scripts.size).toBe(0);
    expect((await queueItem.getValue()).events).toEqual([]);
    expect(await shopperItem.getValue()).toBeNull();
    expect(await sitesItem.getValue()).toBeNull();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.requests.filter((r) => r.path === '/api/v1/events')).toEqual([]);
  });
});

describe('the on/off switch', () => {
  it('off unregisters the content script and refuses new events; on registers it again', async () => {
    await reply({ type: 'consent:set', given: true });
    expect(await reply({ type: 'observe:set', on: false })).toEqual({ observing: false, missingAccess: DEMO_ACCESS });
    expect(await observingItem.getValue()).toBe(false);
    expect(scripting.scripts.size).toBe(0);
    expect(await reply({ type: 'events:report', events: [fakeEvent()] })).toEqual({ accepted: 0, refused: 1 });
    await reply({ type: 'observe:set', on: true });
    expect(scripting.matches()).toEqual(['*://*.shop.example/*', '*://localhost/*']);
  });

  it('off still sends what was queued before', async () => {
    await reply({ type: 'consent:set', given: true });
    const event = fakeEvent();
    await reply({ type: 'events:report', events: [event] });
    await reply({ type: 'observe:set', on: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.storedIds()).toEqual([event.id]);
  });
});

describe('the backend address', () => {
  it('refuses an address that is not http(s)', async () => {
    expect(await send({ type: 'backend:set', url: 'ftp://example.com' })).toEqual({ ok: false, error: expect.stringMatching(/http/) });
    expect(await backendUrlItem.getValue()).toBe('http://localhost:8787');
  });

  it('fetches the new backend’s list at once and registers for it', async () => {
    await reply({ type: 'consent:set', given: true });
    backend.next('/api/v1/sites', backend.json(200, { sites: [{ id: 's3', domain: 'other.example', name: 'Other', adapter: null }], ttlSeconds: 60 }));
    expect(await reply({ type: 'backend:set', url: 'http://127.0.0.1:9000' })).toEqual({
      url: 'http://127.0.0.1:9000',
      sites: { ok: true, count: 1 },
      missingAccess: ['http://*.other.example/*', 'https://*.other.example/*'],
    });
    expect(backend.requests.at(-1)).toMatchObject({ base: 'http://127.0.0.1:9000', path: '/api/v1/sites' });
    expect(scripting.matches()).toEqual(['*://*.other.example/*']);
  });

  it('drops the old list when the new backend cannot be reached, and tries it now rather than after the old backoff', async () => {
    await reply({ type: 'consent:set', given: true });
    await deliveryItem.setValue({ failures: 5, nextAttemptAt: Date.now() + 15_000, lastAckAt: null, lastError: 'down' });
    backend.next('/api/v1/sites', 'network-error');
    const answer = await reply({ type: 'backend:set', url: 'http://127.0.0.1:9000' });
    expect(answer.sites).toMatchObject({ ok: false });
    expect(await sitesItem.getValue()).toBeNull();
    expect(scripting.scripts.size).toBe(0);
    expect(await deliveryItem.getValue()).toMatchObject({ failures: 0, nextAttemptAt: null });
  });
});

describe('reported events', () => {
  beforeEach(async () => {
    await reply({ type: 'consent:set', given: true });
  });

  it('queues valid events from participating sites only', async () => {
    const good = fakeEvent();
    const elsewhere = fakeEvent({ url: 'http://localhost:4999/p/1' });
    const invalid = { ...fakeEvent(), url: 'not a url' };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await reply({ type: 'events:report', events: [good, elsewhere, invalid] })).toEqual({ accepted: 1, refused: 2 });
    expect((await queueItem.getValue()).events).toEqual([good]);
  });

  it('counts a search reported at submit and again by its results page once', async () => {
    const atSubmit = fakeEvent({ type: 'search', terms: 'trail tent', pageId: 'page_0001' } as Partial<ShopperEvent>);
    const onResults = fakeEvent({ type: 'search', terms: 'Trail Tent', pageId: 'page_0002', url: 'http://localhost:4101/search?q=Trail+Tent' } as Partial<ShopperEvent>);
    const other = fakeEvent({ type: 'search', terms: 'stove', pageId: 'page_0003' } as Partial<ShopperEvent>);
    await reply({ type: 'events:report', events: [atSubmit] });
    expect(await reply({ type: 'events:report', events: [onResults, other] })).toEqual({ accepted: 1, refused: 1 });
    expect((await queueItem.getValue()).events.map((e) => e.id)).toEqual([atSubmit.id, other.id]);
  });

  it('sends a burst as one batch about a second after it starts', async () => {
    const burst = [fakeEvent(), fakeEvent(), fakeEvent()];
    await reply({ type: 'events:report', events: [burst[0]] });
    await vi.advanceTimersByTimeAsync(300);
    await reply({ type: 'events:report', events: burst.slice(1) });
    await vi.advanceTimersByTimeAsync(699);
    expect(backend.eventPosts()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.eventPosts()).toEqual([burst.map((e) => e.id)]);
    expect(await queueItem.getValue()).toMatchObject({ events: [] });
    expect((await deliveryItem.getValue()).lastAckAt).toBe(new Date().toISOString());
  });

  it('ignores a replayed event id', async () => {
    const event = fakeEvent();
    await reply({ type: 'events:report', events: [event] });
    expect(await reply({ type: 'events:report', events: [event] })).toEqual({ accepted: 0, refused: 0 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await reply({ type: 'events:report', events: [event] })).toEqual({ accepted: 0, refused: 0 });
    expect(backend.eventPosts().flat()).toEqual([event.id]);
  });

  it('retries after a failure at the end of the backoff, without waiting for the alarm', async () => {
    const event = fakeEvent();
    backend.next('/api/v1/shoppers', backend.json(503, { error: { code: 'internal', message: 'Starting up.' } }));
    await reply({ type: 'events:report', events: [event] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.storedIds()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000); // first backoff: 1 s with random() = 1
    expect(backend.storedIds()).toEqual([event.id]);
  });
});

describe('an event reported at any moment of a flush', () => {
  /** Storage and the network take time, as in a browser: a flush spans many timer ticks. */
  const STORAGE_MS = 5;
  const NETWORK_MS = 40;
  const later =
    <A extends unknown[], R>(ms: number, run: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await new Promise((r) => setTimeout(r, ms));
      return run(...args);
    };
  /** Lets time pass, a millisecond at a time, until `promise` settles. */
  async function settled<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    void promise.finally(() => (done = true)).catch(() => undefined);
    while (!done) await vi.advanceTimersByTimeAsync(1);
    return promise;
  }
  const queued = () => settled(queueItem.getValue()).then((q) => q.events);

  beforeEach(async () => {
    const local = fakeBrowser.storage.local;
    for (const method of ['get', 'set', 'remove'] as const) {
      const original = local[method].bind(local) as (...args: unknown[]) => Promise<never>;
      vi.spyOn(local, method).mockImplementation(later(STORAGE_MS, original));
    }
    shopper = createShopperMode({ fetch: later(NETWORK_MS, backend.fetch), scripting, random: () => 1 });
    await settled(reply({ type: 'consent:set', given: true }));
  });
  afterEach(() => vi.restoreAllMocks());

  // The offline end-to-end test, when it failed, last saw a leave queued 100-150 ms after the
  // last acknowledgement (a new one at each look: the look itself hid the shop's tab). An event
  // reported at any such moment goes in the flush under way or in one a second later.
  it('is delivered within about a second, whatever the offset from the last acknowledgement', async () => {
    for (let offset = 0; offset <= 400; offset += 5) {
      const earlier = fakeEvent();
      await settled(reply({ type: 'events:report', events: [earlier] }));
      while (!backend.storedIds().includes(earlier.id)) await vi.advanceTimersByTimeAsync(1);
      const ackedAt = Date.now();
      await vi.advanceTimersByTimeAsync(offset);
      const leave = fakeEvent({ type: 'leave', activeMs: 1000 } as Partial<ShopperEvent>);
      await settled(reply({ type: 'events:report', events: [leave] }));
      await vi.advanceTimersByTimeAsync(ackedAt + offset + 1500 - Date.now());
      expect({ offset, stored: backend.storedIds().includes(leave.id), queued: await queued() }).toEqual({ offset, stored: true, queued: [] });
    }
  });

  it('is delivered within about a second, whatever the offset from the report before it', async () => {
    for (let offset = 0; offset <= 1500; offset += 10) {
      const start = Date.now();
      await settled(reply({ type: 'events:report', events: [fakeEvent()] }));
      await vi.advanceTimersByTimeAsync(Math.max(0, start + offset - Date.now()));
      const leave = fakeEvent({ type: 'leave', activeMs: 1000 } as Partial<ShopperEvent>);
      await settled(reply({ type: 'events:report', events: [leave] }));
      await vi.advanceTimersByTimeAsync(start + offset + 1500 - Date.now());
      expect({ offset, stored: backend.storedIds().includes(leave.id), queued: await queued() }).toEqual({ offset, stored: true, queued: [] });
    }
  });
});

describe('access to the participating shops', () => {
  it('is asked for nowhere before consent', async () => {
    await shopper.start();
    expect(await siteAccessItem.getValue()).toEqual({ missing: [] });
    expect(await badge()).toBe('');
  });

  it('is missing after consent until the shopper grants it: the script is registered all the same, and the badge says so', async () => {
    await reply({ type: 'consent:set', given: true });
    expect(await siteAccessItem.getValue()).toEqual({ missing: DEMO_ACCESS });
    expect(await badge()).toBe('!');
    // Registered now; the browser injects it only where access has been granted.
    expect(scripting.matches()).toEqual(['*://*.shop.example/*', '*://localhost/*']);

    expect(await fakeBrowser.permissions.request({ origins: DEMO_ACCESS })).toBe(true);
    await shopper.onAccessChanged();
    expect(await siteAccessItem.getValue()).toEqual({ missing: [] });
    expect(await badge()).toBe('');
  });

  it('is missing again for the new shops when the list grows, and when the shopper takes it back', async () => {
    await reply({ type: 'consent:set', given: true });
    await fakeBrowser.permissions.request({ origins: DEMO_ACCESS });
    await shopper.onAccessChanged();

    vi.setSystemTime(Date.now() + 300_001);
    backend.next('/api/v1/sites', backend.json(200, { sites: [...DEMO_SITES, { id: 's3', domain: 'new.example', name: 'New', adapter: null }], ttlSeconds: 300 }));
    await shopper.onAlarm(WAKE_ALARM);
    expect(await siteAccessItem.getValue()).toEqual({ missing: ['http://*.new.example/*', 'https://*.new.example/*'] });
    expect(await badge()).toBe('!');

    await fakeBrowser.permissions.remove({ origins: ['https://localhost/*'] });
    await shopper.onAccessChanged();
    expect((await siteAccessItem.getValue()).missing).toContain('https://localhost/*');
  });

  it('is no longer asked for once consent is withdrawn', async () => {
    await reply({ type: 'consent:set', given: true });
    expect(await reply({ type: 'consent:set', given: false })).toMatchObject({ missingAccess: [] });
    expect(await siteAccessItem.getValue()).toEqual({ missing: [] });
    expect(await badge()).toBe('');
    expect(permissions.requests).toEqual([]); // only a page, on a click, ever asks
  });
});

describe('background start', () => {
  it('re-registers from the cached list and flushes what is due, without refetching a fresh list', async () => {
    await consentItem.setValue({ state: 'given', at: '2025-01-01T09:00:00.000Z' });
    await sitesItem.setValue({ backendUrl: 'http://localhost:8787', sites: [{ id: 's', enterpriseId: 'e', domain: 'localhost:4101', name: 'Demo', adapter: null }], fetchedAt: Date.now(), expiresAt: Date.now() + 60_000 });
    const queued = fakeEvent();
    await queueItem.setValue({ events: [queued], recentIds: [] });
    await shopper.start();
    expect(scripting.matches()).toEqual(['*://localhost/*']);
    expect(backend.requests.map((r) => r.path)).toEqual(['/api/v1/shoppers', '/api/v1/events']);
    expect(backend.storedIds()).toEqual([queued.id]);
  });

  it('refreshes a stale list on the wake-up alarm', async () => {
    await reply({ type: 'consent:set', given: true });
    vi.setSystemTime(Date.now() + 300_001);
    backend.next('/api/v1/sites', backend.json(200, { sites: [], ttlSeconds: 300 }));
    await shopper.onAlarm(WAKE_ALARM);
    expect(backend.requests.filter((r) => r.path === '/api/v1/sites')).toHaveLength(2);
    expect(scripting.scripts.size).toBe(0);
  });
});
