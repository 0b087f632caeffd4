import { describe, expect, it } from 'vitest';
import { type Reading, readClientMessage, type Role, roleOfToken } from './protocol.core';

const OFFER = '6f1c2a4e-8b0d-4c3e-9a51-2d7f0e9b1c44';
const json = (m: unknown) => JSON.stringify(m);
const closed = (reason: string): Reading => ({ kind: 'close', code: 4401, reason });
const refused = (code: string, offerId?: string) => expect.objectContaining({ kind: 'refuse', code, ...(offerId ? { offerId } : {}) });

describe('roleOfToken', () => {
  it.each([
    ['fws_abc', 'shopper'],
    ['fwa_abc', 'associate'],
    ['fwk_abc', null],
    ['FWS_abc', null],
    ['', null],
  ])('%j → %s', (token, role) => expect(roleOfToken(token)).toBe(role));
});

describe('readClientMessage before authentication', () => {
  it.each<[string, string, Reading]>([
    ['a shopper auth', json({ v: 1, type: 'auth', token: 'fws_t' }), { kind: 'auth', role: 'shopper', token: 'fws_t' }],
    ['an associate auth', json({ v: 1, type: 'auth', token: 'fwa_t' }), { kind: 'auth', role: 'associate', token: 'fwa_t' }],
    ['a console naming its enterprise', json({ v: 1, type: 'console', enterpriseId: OFFER }), { kind: 'console', enterpriseId: OFFER }],
    ['a console without an enterprise', json({ v: 1, type: 'console' }), closed('the first message must be auth')],
    ['an auth with a key of another kind', json({ v: 1, type: 'auth', token: 'fwk_t' }), closed('the token is neither a shopper nor an associate token')],
    ['an empty token', json({ v: 1, type: 'auth', token: '' }), closed('the first message must be auth')],
    ['a pong', json({ v: 1, type: 'pong' }), closed('the first message must be auth')],
    ['an accept', json({ v: 1, type: 'accept', offerId: OFFER }), closed('the first message must be auth')],
    ['another version', json({ v: 2, type: 'auth', token: 'fws_t' }), closed('the first message must be auth')],
    ['no version', json({ type: 'auth', token: 'fws_t' }), closed('the first message must be auth')],
    ['not JSON', 'auth fws_t', closed('the first message must be auth')],
    ['JSON null', 'null', closed('the first message must be auth')],
  ])('%s', (_, raw, reading) => expect(readClientMessage(raw, null)).toEqual(reading));
});

describe('readClientMessage once authenticated', () => {
  it.each<[string, Role, string, unknown]>([
    ['a pong', 'shopper', json({ v: 1, type: 'pong' }), { kind: 'pong' }],
    ['an associate’s accept', 'associate', json({ v: 1, type: 'accept', offerId: OFFER }), { kind: 'accept', offerId: OFFER }],
    ['a decline', 'associate', json({ v: 1, type: 'decline', offerId: OFFER }), { kind: 'decline', offerId: OFFER, goAway: false }],
    ['a decline and go away', 'associate', json({ v: 1, type: 'decline', offerId: OFFER, goAway: true }), { kind: 'decline', offerId: OFFER, goAway: true }],
    ['a presence change', 'associate', json({ v: 1, type: 'presence', presence: 'away' }), { kind: 'presence', presence: 'away' }],
    ['extra fields (ignored)', 'associate', json({ v: 1, type: 'pong', at: 1 }), { kind: 'pong' }],
    ['a shopper’s accept', 'shopper', json({ v: 1, type: 'accept', offerId: OFFER }), refused('forbidden', OFFER)],
    ['a shopper’s decline', 'shopper', json({ v: 1, type: 'decline', offerId: OFFER }), refused('forbidden', OFFER)],
    ['a shopper’s presence', 'shopper', json({ v: 1, type: 'presence', presence: 'available' }), refused('forbidden')],
    ['an offer id that is no UUID', 'associate', json({ v: 1, type: 'accept', offerId: 'offer-1' }), refused('not_found', 'offer-1')],
    ['a second auth', 'associate', json({ v: 1, type: 'auth', token: 'fwa_t' }), refused('invalid_message')],
    ['a console’s pong', 'console', json({ v: 1, type: 'pong' }), { kind: 'pong' }],
    ['a console’s accept', 'console', json({ v: 1, type: 'accept', offerId: OFFER }), refused('forbidden', OFFER)],
    ['a console’s presence', 'console', json({ v: 1, type: 'presence', presence: 'available' }), refused('forbidden')],
    ['a console naming an enterprise again', 'console', json({ v: 1, type: 'console', enterpriseId: OFFER }), refused('invalid_message')],
    ['not JSON', 'associate', '{', refused('invalid_message')],
    ['JSON that is not an object', 'associate', '42', refused('invalid_message')],
    ['an unknown type', 'associate', json({ v: 1, type: 'hello' }), refused('invalid_message')],
    ['a missing field', 'associate', json({ v: 1, type: 'accept' }), refused('invalid_message')],
    ['a presence that is not one', 'associate', json({ v: 1, type: 'presence', presence: 'offline' }), refused('invalid_message')],
    ['a lone surrogate', 'associate', json({ v: 1, type: 'accept', offerId: 'a\ud800' }), refused('invalid_message')],
    ['another version', 'associate', json({ v: 2, type: 'pong' }), refused('unsupported_version')],
    ['no version', 'associate', json({ type: 'pong' }), refused('unsupported_version')],
  ])('%s', (_, role, raw, reading) => expect(readClientMessage(raw, role)).toEqual(reading));

  it('names the field at fault', () => {
    expect(readClientMessage(json({ v: 1, type: 'decline', offerId: OFFER, goAway: 'yes' }), 'associate')).toMatchObject({
      kind: 'refuse',
      message: expect.stringContaining('at goAway'),
    });
  });
});
