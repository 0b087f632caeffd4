import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS, type LiveMessage } from '../../../shared/live';
import { HIGH_WATER_CHARS, SendQueue, isBlocked } from './send-queue.core';

const chat = (id: string, text = `text ${id}`): LiveMessage => ({ v: 1, type: 'chat', id, text, sentAt: 1 });
const dom = (n: number, chars: number): LiveMessage => ({ v: 1, type: 'dom', events: [{ type: 3, timestamp: n, data: { html: 'x'.repeat(chars) } }] });
const ids = () => {
  let n = 0;
  return () => `m${(n += 1)}`;
};
/** Everything the queue hands over until it is empty, or until `limit` frames. */
function drain(queue: SendQueue, limit = Infinity): string[] {
  const out: string[] = [];
  for (let frame = queue.next(); frame !== null && out.length < limit; frame = queue.next()) {
    out.push(frame);
    queue.sent();
  }
  return out;
}
const typeOf = (frame: string) => (JSON.parse(frame) as { type: string }).type;
const chatId = (frame: string) => (JSON.parse(frame) as { id?: string }).id;

describe('isBlocked', () => {
  it.each([
    { name: 'an empty channel', fill: { bufferedAmount: 0, peerjsQueued: 0 }, blocked: false },
    { name: 'at the high water mark', fill: { bufferedAmount: HIGH_WATER_CHARS, peerjsQueued: 0 }, blocked: false },
    { name: 'past the high water mark', fill: { bufferedAmount: HIGH_WATER_CHARS + 1, peerjsQueued: 0 }, blocked: true },
    { name: 'peerjs holding anything back', fill: { bufferedAmount: 0, peerjsQueued: 1 }, blocked: true },
  ])('$name: $blocked', ({ fill, blocked }) => {
    expect(isBlocked(fill)).toBe(blocked);
  });
});

describe('SendQueue', () => {
  it('hands messages over in the order they were pushed, one frame each when short', () => {
    const queue = new SendQueue(ids());
    for (const id of ['a', 'b', 'c']) expect(queue.push(chat(id))).toBe('queued');
    expect(queue.length).toBe(3);
    expect(drain(queue).map(chatId)).toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
    expect(queue.next()).toBeNull();
    expect(queue.chars).toBe(0);
  });

  it('chunks a long message into frames of at most frameChars of its JSON, and counts only what is left', () => {
    const queue = new SendQueue(ids());
    queue.push(chat('long', 'y'.repeat(LIVE_LIMITS.frameChars * 2)));
    queue.push(chat('after'));
    const before = queue.chars;
    const first = drain(queue, 1);
    expect(typeOf(first[0]!)).toBe('chunk');
    expect(queue.chars).toBe(before - first[0]!.length);
    const rest = drain(queue);
    expect(rest.slice(0, -1).map(typeOf)).toEqual(['chunk', 'chunk']);
    expect(chatId(rest.at(-1)!)).toBe('after');
    expect(rest.slice(0, -1).map((f) => (JSON.parse(f) as { index: number }).index)).toEqual([1, 2]);
  });

  it('refuses a message past maxMessageChars and queues nothing', () => {
    const queue = new SendQueue(ids());
    expect(queue.push(chat('huge', 'z'.repeat(LIVE_LIMITS.maxMessageChars + 1)))).toBe('too-large');
    expect(queue.length).toBe(0);
  });

  it.each([
    { name: 'rewind (a new connection)', act: (q: SendQueue) => q.rewind() },
    { name: 'rewindHead (the channel refused a frame)', act: (q: SendQueue) => q.rewindHead() },
  ])('after $name, a message cut off halfway goes again whole', ({ act }) => {
    const queue = new SendQueue(ids());
    queue.push(chat('long', 'y'.repeat(LIVE_LIMITS.frameChars * 2)));
    const first = drain(queue, 2);
    act(queue);
    const again = drain(queue);
    expect(again).toHaveLength(3);
    expect(again.slice(0, 2)).toEqual(first);
  });

  it('over the cap, the oldest dom batches go first and chat stays', () => {
    const queue = new SendQueue(ids(), 3_000);
    queue.push(dom(1, 1_000));
    queue.push(chat('keep'));
    queue.push(dom(2, 1_000));
    queue.push(dom(3, 1_000));
    const frames = drain(queue);
    expect(frames.map(typeOf)).toEqual(['chat', 'dom', 'dom']);
    expect(frames.slice(1).map((f) => (JSON.parse(f) as { events: { timestamp: number }[] }).events[0]!.timestamp)).toEqual([2, 3]);
  });

  it('over the cap with no dom left, the oldest of anything goes, never the newest', () => {
    const queue = new SendQueue(ids(), 100);
    queue.push(chat('old', 'a'.repeat(60)));
    queue.push(chat('new', 'b'.repeat(60)));
    expect(drain(queue).map(chatId)).toEqual(['new']);
    queue.push(chat('alone', 'c'.repeat(200)));
    expect(drain(queue).map(chatId)).toEqual(['alone']);
  });

  it('never drops a message partly handed over', () => {
    const queue = new SendQueue(ids(), LIVE_LIMITS.frameChars * 3);
    queue.push(dom(1, LIVE_LIMITS.frameChars * 2));
    drain(queue, 1);
    queue.push(dom(2, LIVE_LIMITS.frameChars * 2));
    const rest = drain(queue);
    // The rest of the first batch arrives (chunks 1 and 2 of its id); the second, whole and unsent, was the one dropped.
    expect(rest.map((f) => JSON.parse(f) as { id: string; index: number }).map((c) => [c.id, c.index])).toEqual([
      ['m1', 1],
      ['m1', 2],
    ]);
  });

  it('clear() forgets everything', () => {
    const queue = new SendQueue(ids());
    queue.push(chat('a'));
    queue.clear();
    expect(queue.next()).toBeNull();
    expect(queue.length).toBe(0);
  });
});
