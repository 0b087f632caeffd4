import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { consentItem, deliveryItem, queueItem, shopperItem } from '../../lib/storage';
import { createFakeBackend, fakeEvent, type FakeBackend } from '../../lib/testing/fake-backend';
import { BACKOFF_MAX_MS } from './backoff';
import { createEventQueue } from './queue';
import { createSender } from './sender';

let backend: FakeBackend;
let clock: number;
const now = () => clock;

/** A sender as a freshly started service worker builds it: nothing in memory, everything from storage. */
function startWorker(random = () => 1) {
  const queue = createEventQueue();
  return { queue, sender: createSender({ queue, fetch: backend.fetch, now, random, locale: () => 'en-GB' }) };
}

const events = (n: number) => Array.from({ length: n }, () => fakeEvent());

beforeEach(async () => {
  fakeBrowser.reset();
  backend = createFakeBackend();
  clock = Date.parse('2025-01-01T10:00:00Z');
  await consentItem.setValue({ state: 'given', at: new Date(clock).toISOString() });
});

describe('sender', () => {
  it('sends nothing, not even a registration, before consent', async () => {
    await consentItem.setValue(null);
    const { queue, sender } = startWorker();
    await queue.append(events(3));
    expect(await sender.flush()).toEqual({ status: 'no-consent' });
    expect(backend.requests).toEqual([]);
    expect(await queue.size()).toBe(3);
  });

  it('registers a shopper on the first flush and sends with its token', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(2));
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 2, dropped: 0 });
    expect(backend.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/shoppers', 'POST /api/v1/events']);
    expect(backend.requests[0]!.body).toEqual({ locale: 'en-GB' });
    expect(backend.requests[1]!.token).toBe('token-1');
    expect(await shopperItem.getValue()).toMatchObject({ shopperId: 'shopper-1', token: 'token-1', backendUrl: 'http://localhost:8787' });
  });

  it('sends in batches of at most 100, oldest first', async () => {
    const { queue, sender } = startWorker();
    const all = events(250);
    await queue.append(all);
    await sender.flush();
    expect(backend.eventPosts().map((ids) => ids.length)).toEqual([100, 100, 50]);
    expect(backend.storedIds()).toEqual(all.map((e) => e.id));
    expect(await queue.size()).toBe(0);
    expect((await deliveryItem.getValue()).lastAckAt).toBe(new Date(clock).toISOString());
  });

  it('removes exactly the acknowledged ids, keeping events queued meanwhile', async () => {
    const { queue, sender } = startWorker();
    const first = events(3);
    const late = events(2);
    await queue.append(first);
    backend.next('/api/v1/events', (request) => {
      void queue.append(late); // arrives while the batch is in flight
      return backend.json(202, { accepted: 3, duplicates: 0, sessionIds: [] });
    });
    await sender.flush();
    expect(backend.eventPosts()[0]).toEqual(first.map((e) => e.id));
    // The late events were sent in a second batch of the same flush, and only once.
    expect(backend.eventPosts()[1]).toEqual(late.map((e) => e.id));
    expect(await queue.size()).toBe(0);
  });

  it('keeps everything when a send fails, and backs off exponentially up to 15 s', async () => {
    const { queue, sender } = startWorker(() => 1);
    await queue.append(events(3));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      backend.next('/api/v1/events', backend.json(503, { error: { code: 'internal', message: 'Down for maintenance.' } }));
      const outcome = await sender.flush();
      expect(outcome.status).toBe('waiting');
      if (outcome.status === 'waiting') waits.push(outcome.until - clock);
      // Before the backoff ends nothing is tried.
      const before = backend.requests.length;
      expect((await sender.flush()).status).toBe('waiting');
      expect(backend.requests.length).toBe(before);
      clock += waits[waits.length - 1]!;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, BACKOFF_MAX_MS, BACKOFF_MAX_MS]);
    expect(await queue.size()).toBe(3);
    expect((await deliveryItem.getValue()).lastError).toBe('Down for maintenance.');
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 3, dropped: 0 });
    expect(await deliveryItem.getValue()).toMatchObject({ failures: 0, nextAttemptAt: null, lastError: null });
  });

  it('adds jitter: between half and all of the exponential wait', async () => {
    const { queue, sender } = startWorker(() => 0);
    await queue.append(events(1));
    backend.next('/api/v1/events', 'network-error');
    const outcome = await sender.flush();
    expect(outcome).toMatchObject({ status: 'waiting', until: clock + 500 });
  });

  it('treats a network error like a server error', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(2));
    backend.next('/api/v1/shoppers', 'network-error');
    const outcome = await sender.flush();
    expect(outcome.status).toBe('waiting');
    expect(await queue.size()).toBe(2);
    expect((await deliveryItem.getValue()).lastError).toMatch(/could not be reached/);
  });

  it('loses nothing and sends nothing twice across a service-worker restart', async () => {
    const first = startWorker();
    const early = events(5);
    await first.queue.append(early);
    await first.sender.flush();
    const late = events(3);
    await first.queue.append(late);
    backend.next('/api/v1/events', backend.json(500, { error: { code: 'internal', message: 'Boom.' } }));
    const failed = await first.sender.flush();
    expect(failed.status).toBe('waiting');

    // The worker stops; a new one starts from storage alone.
    const second = startWorker();
    expect(await second.queue.size()).toBe(3);
    const posts = backend.requests.length;
    expect((await second.sender.flush()).status).toBe('waiting'); // the persisted backoff holds
    expect(backend.requests.length).toBe(posts);

    clock += BACKOFF_MAX_MS;
    expect(await second.sender.flush()).toEqual({ status: 'sent', acked: 3, dropped: 0 });
    // One registration in all, and every event stored once.
    expect(backend.requests.filter((r) => r.path === '/api/v1/shoppers')).toHaveLength(1);
    expect(backend.storedIds()).toEqual([...early, ...late].map((e) => e.id));
    const sentIds = backend.eventPosts().flat();
    expect(sentIds.filter((id) => early.some((e) => e.id === id))).toHaveLength(5);
  });

  it('a batch in flight when the worker dies is replayed, and the backend stores it once', async () => {
    const first = startWorker();
    const batch = events(2);
    await first.queue.append(batch);
    // The request reaches the backend but the worker dies before the answer: nothing was removed.
    backend.next('/api/v1/events', (request) => {
      void backend.fetch('http://localhost:8787/api/v1/events', {
        method: 'POST',
        headers: { authorization: `Bearer ${request.token}` },
        body: JSON.stringify(request.body),
      });
      return 'network-error';
    });
    await first.sender.flush();
    clock += BACKOFF_MAX_MS;
    const second = startWorker();
    expect(await second.sender.flush()).toMatchObject({ status: 'sent', acked: 2 });
    expect(backend.storedIds()).toEqual(batch.map((e) => e.id));
    expect(await second.queue.size()).toBe(0);
  });

  it('registers again on 401 and resends the batch', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(1));
    await sender.flush();
    backend.forgetTokens();
    const next = events(2);
    await queue.append(next);
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 2, dropped: 0 });
    expect(backend.requests.filter((r) => r.path === '/api/v1/shoppers')).toHaveLength(2);
    expect((await shopperItem.getValue())?.token).toBe('token-2');
    expect(backend.storedIds()).toEqual(expect.arrayContaining(next.map((e) => e.id)));
  });

  it('backs off when a fresh registration is refused too', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(1));
    const unauthorized = () => backend.json(401, { error: { code: 'unauthorized', message: 'Unknown token.' } });
    backend.next('/api/v1/events', unauthorized());
    backend.next('/api/v1/events', unauthorized());
    expect((await sender.flush()).status).toBe('waiting');
    expect(backend.requests.filter((r) => r.path === '/api/v1/shoppers')).toHaveLength(2);
    expect(await queue.size()).toBe(1);
  });

  it('drops only the events refused as not participating (403) and sends the rest', async () => {
    const { queue, sender } = startWorker();
    const batch = events(4);
    await queue.append(batch);
    backend.next(
      '/api/v1/events',
      backend.json(403, {
        error: {
          code: 'not_participating',
          message: 'Not a participating site.',
          issues: [
            { path: ['events', 1], message: 'not participating' },
            { path: ['events', 3], message: 'not participating' },
          ],
        },
      }),
    );
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 2, dropped: 2 });
    expect(backend.eventPosts()[1]).toEqual([batch[0]!.id, batch[2]!.id]);
    expect(backend.storedIds()).toEqual([batch[0]!.id, batch[2]!.id]);
    // A refused id is not queued again.
    expect(await queue.append([batch[1]!])).toMatchObject({ added: 0, duplicates: 1 });
  });

  it('drops events the backend calls invalid (400 with event paths) and sends the rest', async () => {
    const { queue, sender } = startWorker();
    const batch = events(3);
    await queue.append(batch);
    backend.next(
      '/api/v1/events',
      backend.json(400, { error: { code: 'invalid_body', message: 'Invalid body.', issues: [{ path: ['events', 0, 'url'], message: 'bad url' }] } }),
    );
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 2, dropped: 1 });
  });

  it('splits a batch the backend finds too large (413)', async () => {
    const { queue, sender } = startWorker();
    const batch = events(8);
    await queue.append(batch);
    const tooLarge = backend.json(413, { error: { code: 'payload_too_large', message: 'Too large.' } });
    backend.next('/api/v1/events', tooLarge);
    backend.next('/api/v1/events', tooLarge.clone());
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 8, dropped: 0 });
    expect(backend.eventPosts().map((ids) => ids.length)).toEqual([8, 4, 2, 2, 2, 2]);
    expect(backend.storedIds()).toEqual(batch.map((e) => e.id));
  });

  it('waits for Retry-After on 429', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(2));
    backend.next(
      '/api/v1/events',
      backend.json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '7' }),
    );
    expect(await sender.flush()).toMatchObject({ status: 'waiting', until: clock + 7000 });
    clock += 6999;
    expect((await sender.flush()).status).toBe('waiting');
    clock += 1;
    expect(await sender.flush()).toEqual({ status: 'sent', acked: 2, dropped: 0 });
  });

  it('runs one flush at a time', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(3));
    const [a, b] = await Promise.all([sender.flush(), sender.flush()]);
    expect(a).toBe(b);
    expect(backend.eventPosts()).toHaveLength(1);
  });

  it('stops between batches when consent is withdrawn', async () => {
    const { queue, sender } = startWorker();
    await queue.append(events(150));
    backend.next('/api/v1/events', (request) => {
      void consentItem.setValue({ state: 'declined', at: new Date(clock).toISOString() });
      return backend.json(202, { accepted: 100, duplicates: 0, sessionIds: [] });
    });
    expect(await sender.flush()).toEqual({ status: 'no-consent' });
    expect(backend.eventPosts()).toHaveLength(1);
  });

  it('registers again when the backend address changed', async () => {
    const { queue, sender } = startWorker();
    await shopperItem.setValue({ backendUrl: 'http://old.example', shopperId: 's', token: 'old', createdAt: '' });
    await queue.append(events(1));
    await sender.flush();
    expect(backend.requests[0]!.path).toBe('/api/v1/shoppers');
    expect(backend.requests[1]!.token).toBe('token-1');
  });

  it('keeps the queue in storage between flushes', async () => {
    const { queue } = startWorker();
    const batch = events(2);
    await queue.append(batch);
    expect((await queueItem.getValue()).events.map((e) => e.id)).toEqual(batch.map((e) => e.id));
  });
});
