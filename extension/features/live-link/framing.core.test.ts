import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIVE_LIMITS, type LiveMessage } from '../../../shared/live';
import { MAX_PARTIAL_MESSAGES, MessageTooLargeError, Reassembler, toFrames, type DropReason } from './framing.core';

const ids = () => {
  let n = 0;
  return () => `m${(n += 1)}`;
};
const chunk = (id: string, index: number, count: number, data: string) => JSON.stringify({ v: 1, type: 'chunk', id, index, count, data });
const chat: LiveMessage = { v: 1, type: 'chat', id: 'c1', text: 'Hello "there"', sentAt: 1 };
const bigDom = (chars: number): LiveMessage => ({ v: 1, type: 'dom', events: [{ type: 2, timestamp: 1, data: { html: 'x'.repeat(chars) } }] });

/** Feeds every frame; what came out, and the drop counts. */
function receive(frames: unknown[], r = new Reassembler()) {
  const out = frames.map((f) => r.accept(f)).filter((m) => m !== null);
  return { out, dropped: r.dropped, total: r.droppedCount, pending: r.pending };
}

describe('toFrames', () => {
  it('sends a short message as its own JSON', () => {
    expect(toFrames(chat, ids())).toEqual([JSON.stringify(chat)]);
  });

  it('chunks a message longer than frameChars, each chunk at most frameChars of data, all under one id', () => {
    const message = bigDom(40_000);
    const frames = toFrames(message, ids());
    const parsed = frames.map((f) => JSON.parse(f) as { type: string; id: string; index: number; count: number; data: string });
    expect(parsed).toHaveLength(Math.ceil(JSON.stringify(message).length / LIVE_LIMITS.frameChars));
    expect(parsed.every((p) => p.type === 'chunk' && p.id === 'm1' && p.count === parsed.length)).toBe(true);
    expect(parsed.map((p) => p.index)).toEqual(parsed.map((_, i) => i));
    expect(parsed.every((p) => p.data.length <= LIVE_LIMITS.frameChars)).toBe(true);
    expect(parsed.map((p) => p.data).join('')).toBe(JSON.stringify(message));
  });

  it('refuses a message longer than the other side accepts', () => {
    expect(() => toFrames(bigDom(LIVE_LIMITS.maxMessageChars), ids())).toThrow(MessageTooLargeError);
  });
});

describe('Reassembler', () => {
  const good = JSON.stringify(chat);
  const cases: { name: string; frames: unknown[]; out: LiveMessage[]; drops?: Partial<Record<DropReason, number>>; pending?: number }[] = [
    { name: 'a whole valid message', frames: [good], out: [chat] },
    { name: 'not JSON', frames: ['{nope'], out: [], drops: { not_json: 1 } },
    { name: 'not a string', frames: [new ArrayBuffer(4)], out: [], drops: { not_json: 1 } },
    { name: 'valid JSON, not a message', frames: ['{"v":1,"type":"launch-missiles"}', '[]', 'null', '42'], out: [], drops: { invalid_message: 4 } },
    { name: 'a wrong version', frames: [JSON.stringify({ ...chat, v: 2 })], out: [], drops: { invalid_message: 1 } },
    {
      name: 'a product card that breaks the schema (no name, a price that is not a decimal, a URL past the limit)',
      frames: [
        JSON.stringify({ v: 1, type: 'product-card', id: 'k1', card: { sku: null, name: '', price: '349.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p' }, sentAt: 1 }),
        JSON.stringify({ v: 1, type: 'product-card', id: 'k2', card: { sku: null, name: 'Tent', price: '3,49', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p' }, sentAt: 1 }),
        JSON.stringify({ v: 1, type: 'product-card', id: 'k3', card: { sku: null, name: 'Tent', price: null, currency: null, imageUrl: null, url: 'https://shop.example/' + 'p'.repeat(2048) }, sentAt: 1 }),
        JSON.stringify({ v: 1, type: 'material-card', id: 'k4', card: { materialId: 'm1', title: 'Sheet', kind: 'technique', url: 'https://api.example/m' }, sentAt: 1 }),
      ],
      out: [],
      drops: { invalid_message: 4 },
    },
    { name: 'a chat longer than the limit', frames: [JSON.stringify({ ...chat, text: 'x'.repeat(LIVE_LIMITS.chatChars + 1) })], out: [], drops: { invalid_message: 1 } },
    { name: 'a frame too long to parse', frames: ['"' + 'x'.repeat(LIVE_LIMITS.frameChars * 7) + '"'], out: [], drops: { too_long: 1 } },
    { name: 'chunks in order', frames: [chunk('a', 0, 2, good.slice(0, 10)), chunk('a', 1, 2, good.slice(10))], out: [chat] },
    { name: 'a chunk frame that does not parse', frames: [JSON.stringify({ v: 1, type: 'chunk', id: 'a', index: 0, count: 1, data: good })], out: [], drops: { invalid_chunk: 1 } },
    { name: 'an index past the count', frames: [chunk('a', 2, 2, good)], out: [], drops: { invalid_chunk: 1 } },
    { name: 'a chunk that does not start at 0', frames: [chunk('a', 1, 2, good.slice(10))], out: [], drops: { out_of_order: 1 } },
    {
      name: 'chunks out of order drop the message',
      frames: [chunk('a', 0, 3, good.slice(0, 5)), chunk('a', 2, 3, good.slice(10)), chunk('a', 1, 3, good.slice(5, 10))],
      out: [],
      drops: { out_of_order: 2 },
      pending: 0,
    },
    {
      name: 'a count that changes midway drops the message',
      frames: [chunk('a', 0, 2, good.slice(0, 10)), chunk('a', 1, 3, good.slice(10))],
      out: [],
      drops: { out_of_order: 1 },
    },
    {
      name: 'a missing chunk leaves the message pending, the next ones still arrive',
      frames: [chunk('a', 0, 2, good.slice(0, 10)), chunk('b', 0, 2, good.slice(0, 10)), chunk('b', 1, 2, good.slice(10))],
      out: [chat],
      pending: 1,
    },
    {
      name: 'too many half-received messages: the oldest is dropped',
      frames: [...Array.from({ length: MAX_PARTIAL_MESSAGES + 1 }, (_, i) => chunk(`p${i}`, 0, 2, good.slice(0, 10))), chunk('p0', 1, 2, good.slice(10))],
      out: [],
      drops: { evicted: 1, out_of_order: 1 },
      pending: MAX_PARTIAL_MESSAGES,
    },
    {
      name: 'chunks that put back together are not a valid message',
      frames: [chunk('a', 0, 2, '{"v":1,"type":'), chunk('a', 1, 2, '"chunk"}')],
      out: [],
      drops: { invalid_message: 1 },
    },
    { name: 'chunks that put back together are not JSON', frames: [chunk('a', 0, 2, '{"v":'), chunk('a', 1, 2, '1')], out: [], drops: { invalid_message: 1 } },
  ];

  it.each(cases)('$name', ({ frames, out, drops = {}, pending = 0 }) => {
    const result = receive(frames);
    expect(result.out).toEqual(out);
    for (const [reason, count] of Object.entries(drops)) expect(result.dropped[reason as DropReason], reason).toBe(count);
    expect(result.total).toBe(Object.values(drops).reduce((a, b) => a + b, 0));
    expect(result.pending).toBe(pending);
  });

  it('drops a message whose chunks grow past maxMessageChars', () => {
    const r = new Reassembler();
    const count = Math.ceil(LIVE_LIMITS.maxMessageChars / LIVE_LIMITS.frameChars);
    const data = 'x'.repeat(LIVE_LIMITS.frameChars);
    let index = 0;
    for (; index < count; index += 1) expect(r.accept(chunk('big', index, count, data))).toBeNull();
    expect(r.dropped.oversize).toBe(1);
    expect(r.pending).toBe(0);
  });
});

// ---- properties --------------------------------------------------------------------------

/** Finite numbers as JSON carries them (no -0). */
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const idArb = fc.string({ minLength: 1, maxLength: 100 });
/** Text the schema accepts (no NUL, no lone surrogates). */
const textArb = (maxLength: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((s) => s.length <= maxLength && !s.includes('\u0000'));
const messageArb: fc.Arbitrary<LiveMessage> = fc.oneof(
  fc.record({ v: fc.constant(1 as const), type: fc.constant('hello' as const), role: fc.constantFrom('shopper' as const, 'associate' as const), name: textArb(200), chatSeen: fc.array(idArb, { maxLength: 20 }) }),
  fc.record({ v: fc.constant(1 as const), type: fc.constant('chat' as const), id: idArb, text: textArb(LIVE_LIMITS.chatChars), sentAt: finite }),
  fc.record({ v: fc.constant(1 as const), type: fc.constant('pointer' as const), x: finite, y: fc.integer(), visible: fc.boolean() }),
  fc.record({ v: fc.constant(1 as const), type: fc.constant('end' as const), reason: fc.constantFrom('done' as const, 'declined' as const) }),
  fc.record({ v: fc.constant(1 as const), type: fc.constant('consent' as const), scope: fc.constantFrom('view' as const, 'guide' as const, 'voice' as const), granted: fc.boolean(), requestId: idArb }),
  fc.record({
    v: fc.constant(1 as const),
    type: fc.constant('dom' as const),
    events: fc.array(
      fc.record({ type: fc.integer({ min: 0, max: 10 }), timestamp: fc.integer(), data: fc.record({ html: fc.string({ unit: 'grapheme', maxLength: 2_000 }), n: fc.integer() }) }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
);
/** A dom batch of about 200 KB, with characters JSON escapes. */
const bigDomArb: fc.Arbitrary<LiveMessage> = fc
  .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), fc.integer({ min: 190_000, max: 210_000 }))
  .map(([piece, size]) => ({
    v: 1 as const,
    type: 'dom' as const,
    events: [{ type: 2, timestamp: 0, data: { html: `<p title="q\\">${piece}</p>\n`.repeat(Math.ceil(size / (piece.length + 20))) } }],
  }));

describe('framing properties', () => {
  it('every message round-trips through toFrames and a Reassembler unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: messageArb, weight: 5 }, { arbitrary: bigDomArb, weight: 1 }), { minLength: 1, maxLength: 4 }), (messages) => {
        const newId = ids();
        const r = new Reassembler();
        const out = messages.flatMap((m) => toFrames(m, newId)).map((f) => r.accept(f)).filter((m) => m !== null);
        expect(out).toEqual(messages);
        expect(r.droppedCount).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('a small frame size chunks everything and still round-trips', () => {
    fc.assert(
      fc.property(messageArb, fc.integer({ min: 1, max: 64 }), (message, frameChars) => {
        const r = new Reassembler();
        const frames = toFrames(message, ids(), frameChars);
        const out = frames.map((f) => r.accept(f)).filter((m) => m !== null);
        expect(out).toEqual([message]);
      }),
      { numRuns: 200 },
    );
  });

  it('random strings never throw and never yield a message', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), { maxLength: 20 }), (frames) => {
        const r = new Reassembler();
        for (const f of frames) expect(r.accept(f)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
