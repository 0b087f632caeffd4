import { describe, expect, it } from 'vitest';
import {
  ack,
  addOwn,
  CHAT_SEEN_MAX,
  emptyChatLog,
  helloReceived,
  markPosted,
  receive,
  restore,
  seenIds,
  toTranscript,
  TRANSCRIPT_POST_MAX,
  unacked,
  type ChatLog,
} from './chat-log.core';

const own = (id: string, text = `text ${id}`, sentAt = 1_000) => ({ id, text, sentAt });
const chat = (id: string, text = `text ${id}`, sentAt = 2_000) => ({ v: 1 as const, type: 'chat' as const, id, text, sentAt });
const withOwn = (...ids: string[]) => ids.reduce((log, id) => addOwn(log, own(id)).log, emptyChatLog);
const statuses = (log: ChatLog) => log.entries.map((e) => `${e.from}:${e.id}:${e.status}`);

describe('addOwn', () => {
  const cases = [
    { name: 'a first message is pending and sent', log: emptyChatLog, add: own('a'), entries: ['own:a:pending'], sends: true },
    { name: 'appended after the others', log: withOwn('a'), add: own('b'), entries: ['own:a:pending', 'own:b:pending'], sends: true },
    { name: 'an id already there changes nothing', log: withOwn('a'), add: own('a', 'again'), entries: ['own:a:pending'], sends: false },
  ];
  it.each(cases)('$name', ({ log, add, entries, sends }) => {
    const result = addOwn(log, add);
    expect(statuses(result.log)).toEqual(entries);
    expect(result.send).toEqual(sends ? { v: 1, type: 'chat', ...add } : null);
  });
});

describe('ack', () => {
  const received = receive(emptyChatLog, chat('x')).log;
  const cases = [
    { name: 'a pending own message becomes delivered', log: withOwn('a', 'b'), id: 'b', entries: ['own:a:pending', 'own:b:delivered'] },
    { name: 'an unknown id changes nothing', log: withOwn('a'), id: 'zz', entries: ['own:a:pending'] },
    { name: 'acking twice is the same', log: ack(withOwn('a'), 'a'), id: 'a', entries: ['own:a:delivered'] },
    { name: "an ack naming the other side's message changes nothing", log: received, id: 'x', entries: ['other:x:delivered'] },
  ];
  it.each(cases)('$name', ({ log, id, entries }) => {
    expect(statuses(ack(log, id))).toEqual(entries);
  });
});

describe('receive', () => {
  const cases = [
    { name: 'a new message is kept and acknowledged', log: emptyChatLog, message: chat('x'), isNew: true, entries: ['other:x:delivered'] },
    { name: 'a re-sent one is acknowledged again, not kept twice', log: receive(emptyChatLog, chat('x')).log, message: chat('x'), isNew: false, entries: ['other:x:delivered'] },
    { name: 'an id equal to an own message is not taken as new', log: withOwn('a'), message: chat('a'), isNew: false, entries: ['own:a:pending'] },
    { name: 'kept in arrival order after own messages', log: withOwn('a'), message: chat('y'), isNew: true, entries: ['own:a:pending', 'other:y:delivered'] },
  ];
  it.each(cases)('$name', ({ log, message, isNew, entries }) => {
    const result = receive(log, message);
    expect(result.isNew).toBe(isNew);
    expect(result.ack).toEqual({ v: 1, type: 'chat-ack', id: message.id });
    expect(statuses(result.log)).toEqual(entries);
  });

  it('keeps the text as plain text, whatever it looks like', () => {
    const { log } = receive(emptyChatLog, chat('h', '<img src=x onerror=alert(1)>'));
    expect(log.entries[0]!.text).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('unacked, seenIds, helloReceived', () => {
  it('unacked lists own pending messages oldest first, as chat messages', () => {
    const log = ack(receive(withOwn('a', 'b', 'c'), chat('x')).log, 'b');
    expect(unacked(log)).toEqual([
      { v: 1, type: 'chat', id: 'a', text: 'text a', sentAt: 1_000 },
      { v: 1, type: 'chat', id: 'c', text: 'text c', sentAt: 1_000 },
    ]);
  });

  it("seenIds lists the other side's ids only, the newest CHAT_SEEN_MAX", () => {
    let log = withOwn('a');
    for (let i = 0; i < CHAT_SEEN_MAX + 5; i += 1) log = receive(log, chat(`x${i}`)).log;
    const seen = seenIds(log);
    expect(seen).toHaveLength(CHAT_SEEN_MAX);
    expect(seen[0]).toBe('x5');
    expect(seen).not.toContain('a');
  });

  const cases = [
    { name: 'the other saw everything: nothing to resend', log: withOwn('a', 'b'), seen: ['a', 'b'], resend: [], entries: ['own:a:delivered', 'own:b:delivered'] },
    { name: 'the other saw some: the rest is resent', log: withOwn('a', 'b', 'c'), seen: ['b'], resend: ['a', 'c'], entries: ['own:a:pending', 'own:b:delivered', 'own:c:pending'] },
    { name: 'the other saw none', log: withOwn('a'), seen: [], resend: ['a'], entries: ['own:a:pending'] },
    { name: 'ids that are not ours are ignored', log: withOwn('a'), seen: ['zz'], resend: ['a'], entries: ['own:a:pending'] },
  ];
  it.each(cases)('helloReceived: $name', ({ log, seen, resend, entries }) => {
    const result = helloReceived(log, seen);
    expect(result.resend.map((m) => m.id)).toEqual(resend);
    expect(statuses(result.log)).toEqual(entries);
  });
});

describe('toTranscript, markPosted', () => {
  it('posts own messages not yet posted, with ISO times, never the other side’s', () => {
    const log = receive(withOwn('a', 'b'), chat('x')).log;
    expect(toTranscript(log)).toEqual({
      messages: [
        { id: 'a', text: 'text a', sentAt: '1970-01-01T00:00:01.000Z' },
        { id: 'b', text: 'text b', sentAt: '1970-01-01T00:00:01.000Z' },
      ],
    });
  });

  const cases = [
    { name: 'nothing written: nothing to post', log: emptyChatLog, posted: [], next: null },
    { name: 'the posted ones are left out', log: withOwn('a', 'b'), posted: ['a'], next: ['b'] },
    { name: 'all posted: nothing to post', log: withOwn('a', 'b'), posted: ['a', 'b'], next: null },
    { name: 'an unknown or received id is not recorded', log: receive(withOwn('a'), chat('x')).log, posted: ['x', 'zz'], next: ['a'] },
  ];
  it.each(cases)('$name', ({ log, posted, next }) => {
    const after = markPosted(log, posted);
    expect(toTranscript(after)?.messages.map((m) => m.id) ?? null).toEqual(next);
  });

  it('posts at most TRANSCRIPT_POST_MAX at once, the rest the next time', () => {
    const log = withOwn(...Array.from({ length: TRANSCRIPT_POST_MAX + 3 }, (_, i) => `m${i}`));
    const first = toTranscript(log)!.messages.map((m) => m.id);
    expect(first).toHaveLength(TRANSCRIPT_POST_MAX);
    expect(toTranscript(markPosted(log, first))!.messages.map((m) => m.id)).toEqual(['m100', 'm101', 'm102']);
  });
});

describe('restore', () => {
  const line = (id: string, own: boolean, sentAt: number) => ({ id, own, text: `text ${id}`, sentAt });
  const cases = [
    { name: 'an empty log takes the transcript, in time order', log: emptyChatLog, lines: [line('b', false, 2), line('a', true, 1)], entries: ['own:a:delivered', 'other:b:delivered'], posted: ['a'], unposted: [] },
    { name: 'lines already there stay as they are', log: withOwn('a'), lines: [line('a', true, 1_000)], entries: ['own:a:pending'], posted: [], unposted: ['a'] },
    { name: 'merged with what arrived meanwhile', log: receive(emptyChatLog, chat('c', 'x', 3)).log, lines: [line('a', true, 1)], entries: ['own:a:delivered', 'other:c:delivered'], posted: ['a'], unposted: [] },
    { name: 'nothing to restore', log: withOwn('a'), lines: [], entries: ['own:a:pending'], posted: [], unposted: ['a'] },
  ];
  it.each(cases)('$name', ({ log, lines, entries, posted, unposted }) => {
    const next = restore(log, lines);
    expect(statuses(next)).toEqual(entries);
    expect(next.posted).toEqual(posted);
    // Restored own lines are not posted again, nor re-sent.
    expect(toTranscript(next)?.messages.map((m) => m.id) ?? []).toEqual(unposted);
    expect(unacked(next).map((m) => m.id)).toEqual(unposted);
  });
});

describe('cards in the chat', () => {
  const product = { sku: 'TT-2P', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/tt-2p' };
  const material = { materialId: 'm1', title: 'Tent sheet', kind: 'document' as const, url: 'https://api.example/m/m1' };

  it('an own card is sent as its card message, re-sent until acknowledged, and goes to the transcript in words', () => {
    const added = addOwn(emptyChatLog, { id: 'k1', card: { kind: 'product', card: product }, sentAt: 1_000 });
    expect(added.send).toEqual({ v: 1, type: 'product-card', id: 'k1', card: product, sentAt: 1_000 });
    const both = addOwn(added.log, { id: 'k2', card: { kind: 'material', card: material }, sentAt: 1_001 });
    expect(both.send).toEqual({ v: 1, type: 'material-card', id: 'k2', card: material, sentAt: 1_001 });
    expect(unacked(both.log).map((m) => m.type)).toEqual(['product-card', 'material-card']);
    expect(helloReceived(both.log, ['k1']).resend.map((m) => m.id)).toEqual(['k2']);
    expect(toTranscript(both.log)?.messages.map((m) => m.text)).toEqual(['Product: Trail Tent 2P, 349.00 EUR, https://shop.example/p/tt-2p', 'Document: Tent sheet, https://api.example/m/m1']);
    expect(statuses(ack(both.log, 'k1'))).toEqual(['own:k1:delivered', 'own:k2:pending']);
  });

  it('a received card is kept once with its card and acknowledged each time', () => {
    const message = { v: 1 as const, type: 'product-card' as const, id: 'k1', card: product, sentAt: 5 };
    const first = receive(emptyChatLog, message);
    expect(first.isNew).toBe(true);
    expect(first.ack).toEqual({ v: 1, type: 'chat-ack', id: 'k1' });
    expect(first.log.entries[0]).toMatchObject({ id: 'k1', from: 'other', card: { kind: 'product', card: product }, text: 'Product: Trail Tent 2P, 349.00 EUR, https://shop.example/p/tt-2p' });
    const again = receive(first.log, message);
    expect([again.isNew, again.log]).toEqual([false, first.log]);
  });
});
