import { describe, expect, it } from 'vitest';
import { inlineNotice, NOTIFY_MAX_BYTES, outboxNotice, readNotice, recipientKey, revocationNotices, utf8Length } from './fanout.core';

const I = 'instance-1';

describe('recipientKey', () => {
  it.each([
    [{ associateId: 'x' }, 'a:x'],
    [{ shopperId: 'x' }, 's:x'],
  ])('%j → %s', (recipient, key) => expect(recipientKey(recipient)).toBe(key));
});

describe('notices', () => {
  it.each([
    ['a message', inlineNotice(I, 'a:1', '{"v":1,"type":"ping"}')!, { instance: I, recipient: 'a:1', kind: 'message', message: '{"v":1,"type":"ping"}' }],
    ['a message holding the separator', inlineNotice(I, 's:2', '{"reason":"a|b|c"}')!, { instance: I, recipient: 's:2', kind: 'message', message: '{"reason":"a|b|c"}' }],
    ['an outbox row', outboxNotice(I, 's:2', 'row-9'), { instance: I, recipient: 's:2', kind: 'outbox', id: 'row-9' }],
  ])('reads back %s', (_, payload, notice) => expect(readNotice(payload)).toEqual(notice));

  it.each([
    ['empty', ''],
    ['no separators', 'hello'],
    ['no kind', 'i|a:1'],
    ['an unknown kind', 'i|a:1|x|{}'],
    ['a long kind', 'i|a:1|mm|{}'],
    ['no instance', '|a:1|m|{}'],
    ['no recipient', 'i||m|{}'],
    ['nothing after the kind', 'i|a:1|m|'],
    ['a revocation of something not a hash', 'i|*|r|abc'],
  ])('refuses %s', (_, payload) => expect(readNotice(payload)).toBeNull());

  it('inlines up to the NOTIFY limit in bytes, not characters, and no further', () => {
    const head = `${I}|a:1|m|`;
    const fits = 'x'.repeat(NOTIFY_MAX_BYTES - head.length);
    expect(inlineNotice(I, 'a:1', fits)).toBe(head + fits);
    expect(inlineNotice(I, 'a:1', `${fits}x`)).toBeNull();
    // "é" is two bytes in UTF-8: half as many fit.
    const accents = 'é'.repeat(Math.floor((NOTIFY_MAX_BYTES - head.length) / 2));
    expect(inlineNotice(I, 'a:1', accents)).not.toBeNull();
    expect(inlineNotice(I, 'a:1', `${accents}é`)).toBeNull();
  });
});

describe('utf8Length', () => {
  it.each(['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800', '\udc00x', 'x\ud800'])('%j matches Buffer.byteLength', (s) => {
    expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
  });
});

describe('revocations', () => {
  const hash = (n: number) => n.toString(16).padStart(64, '0');

  it('reads back the revoked hashes', () => {
    const payloads = revocationNotices(I, [hash(1), hash(2)]);
    expect(payloads).toHaveLength(1);
    expect(readNotice(payloads[0]!)).toEqual({ instance: I, recipient: '*', kind: 'revoked', tokenHashes: [hash(1), hash(2)] });
  });

  it('splits many hashes into payloads under the NOTIFY limit, each hash once', () => {
    const all = Array.from({ length: 300 }, (_, i) => hash(i));
    const payloads = revocationNotices(I, all);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(utf8Length(p)).toBeLessThanOrEqual(NOTIFY_MAX_BYTES);
    expect(payloads.flatMap((p) => (readNotice(p) as { tokenHashes: string[] }).tokenHashes)).toEqual(all);
  });

  it('makes nothing of no hashes', () => expect(revocationNotices(I, [])).toEqual([]));
});
