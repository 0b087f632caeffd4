import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { queueItem } from '../../lib/storage';
import { fakeEvent } from '../../lib/testing/fake-backend';
import { applyCap, createEventQueue } from './queue';

beforeEach(() => fakeBrowser.reset());

const heartbeat = () => fakeEvent({ type: 'heartbeat', activeMs: 15000 });

describe('event queue', () => {
  it('appends in order and persists to storage', async () => {
    const queue = createEventQueue();
    const [a, b] = [fakeEvent(), fakeEvent()];
    expect(await queue.append([a!, b!])).toEqual({ added: 2, duplicates: 0, overflow: 0 });
    expect((await queueItem.getValue()).events).toEqual([a, b]);
    expect(await createEventQueue().size()).toBe(2); // a new instance sees the same queue
  });

  it('never queues the same event id twice: in one append, across appends, or after it was sent', async () => {
    const queue = createEventQueue();
    const a = fakeEvent();
    expect(await queue.append([a, a])).toMatchObject({ added: 1, duplicates: 1 });
    expect(await queue.append([a])).toMatchObject({ added: 0, duplicates: 1 });
    await queue.remove([a.id]);
    expect(await queue.append([a])).toMatchObject({ added: 0, duplicates: 1 });
    expect(await queue.size()).toBe(0);
  });

  it('loses nothing when appends and removals overlap', async () => {
    const queue = createEventQueue();
    const first = Array.from({ length: 20 }, () => fakeEvent());
    await queue.append(first.slice(0, 10));
    await Promise.all([
      ...first.slice(10).map((e) => queue.append([e])),
      queue.remove(first.slice(0, 5).map((e) => e.id)),
    ]);
    expect((await queueItem.getValue()).events.map((e) => e.id)).toEqual(first.slice(5).map((e) => e.id));
  });

  it('removes exactly the given ids', async () => {
    const queue = createEventQueue();
    const events = Array.from({ length: 5 }, () => fakeEvent());
    await queue.append(events);
    expect(await queue.remove([events[1]!.id, events[3]!.id, 'not-queued'])).toBe(2);
    expect((await queueItem.getValue()).events).toEqual([events[0], events[2], events[4]]);
  });

  it('remembers a bounded number of sent ids', async () => {
    const queue = createEventQueue({ rememberIds: 3 });
    const events = Array.from({ length: 5 }, () => fakeEvent());
    await queue.append(events);
    await queue.remove(events.map((e) => e.id));
    expect((await queueItem.getValue()).recentIds).toEqual(events.slice(2).map((e) => e.id));
  });

  it('peeks the oldest events within a count and a byte budget', async () => {
    const queue = createEventQueue();
    const events = Array.from({ length: 5 }, () => fakeEvent());
    await queue.append(events);
    expect(await queue.peek(3)).toEqual(events.slice(0, 3));
    const size = JSON.stringify(events[0]).length + 1;
    expect(await queue.peek(100, size * 2)).toEqual(events.slice(0, 2));
    expect(await queue.peek(100, 1)).toEqual(events.slice(0, 1)); // always at least one
  });

  it('drops the oldest heartbeats first when over the cap', async () => {
    const queue = createEventQueue({ cap: 4 });
    const [h1, p1, h2, p2] = [heartbeat(), fakeEvent(), heartbeat(), fakeEvent()];
    await queue.append([h1!, p1!, h2!, p2!]);
    const p3 = fakeEvent();
    expect(await queue.append([p3])).toMatchObject({ added: 1, overflow: 1 });
    expect((await queueItem.getValue()).events).toEqual([p1, h2, p2, p3]);
  });

  it('clears everything', async () => {
    const queue = createEventQueue();
    await queue.append([fakeEvent()]);
    await queue.clear();
    expect(await queue.size()).toBe(0);
  });
});

describe('applyCap', () => {
  const page = () => fakeEvent();
  it.each([
    { name: 'under the cap keeps all', types: ['p', 'h', 'p'], cap: 5, kept: ['p', 'h', 'p'] },
    { name: 'drops oldest heartbeats first', types: ['p', 'h', 'h', 'p'], cap: 2, kept: ['p', 'p'] },
    { name: 'then the oldest of the rest', types: ['p1', 'h', 'p2', 'p3'], cap: 2, kept: ['p2', 'p3'] },
    { name: 'only as many heartbeats as needed', types: ['h1', 'h2', 'p'], cap: 2, kept: ['h2', 'p'] },
  ])('$name', ({ types, cap, kept }) => {
    const events = types.map((t) => ({ tag: t, event: t.startsWith('h') ? heartbeat() : page() }));
    const { kept: result } = applyCap(
      events.map((e) => e.event),
      cap,
    );
    expect(result.map((e) => events.find((x) => x.event === e)!.tag)).toEqual(kept);
  });
});
