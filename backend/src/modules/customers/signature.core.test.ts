import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../hmac';
import { type SignedRequest, sign, signatureHeaders, signedPayload, verifySignature } from './signature.core';

const secret = 'fwh_test-secret';
const request: SignedRequest = { method: 'GET', pathAndQuery: '/crm/lookup?customerId=C-1042', timestamp: 1_772_445_600 };
const NOW = request.timestamp;
const good = sign(hmacSha256, secret, request);

describe('request signing', () => {
  it('signs timestamp, method and path with query, as v1 hex HMAC-SHA256', () => {
    expect(signedPayload(request)).toBe('1772445600.GET./crm/lookup?customerId=C-1042');
    expect(signedPayload({ ...request, method: 'get' })).toBe('1772445600.GET./crm/lookup?customerId=C-1042');
    expect(good).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signatureHeaders(hmacSha256, secret, request)).toEqual({ 'x-floorwalker-timestamp': '1772445600', 'x-floorwalker-signature': good });
  });

  it.each<[string, Partial<Parameters<typeof verifySignature>[2]>, number, ReturnType<typeof verifySignature>]>([
    ['the request as signed', {}, NOW, { ok: true }],
    ['at the edge of the tolerance, late', {}, NOW + 300, { ok: true }],
    ['at the edge of the tolerance, early (the receiver’s clock behind)', {}, NOW - 300, { ok: true }],
    ['one second too late: a replay', {}, NOW + 301, { ok: false, reason: 'stale' }],
    ['one second too early', {}, NOW - 301, { ok: false, reason: 'stale' }],
    ['another path', { pathAndQuery: '/crm/lookup?customerId=C-1043' }, NOW, { ok: false, reason: 'mismatch' }],
    ['another method', { method: 'POST' }, NOW, { ok: false, reason: 'mismatch' }],
    ['a changed timestamp', { timestamp: String(NOW + 1) }, NOW, { ok: false, reason: 'mismatch' }],
    ['a signature one digit off', { signature: good.slice(0, -1) + (good.endsWith('0') ? '1' : '0') }, NOW, { ok: false, reason: 'mismatch' }],
    ['a truncated signature', { signature: good.slice(0, 20) }, NOW, { ok: false, reason: 'mismatch' }],
    ['the new one of two while a secret rotates', { signature: `v1=${'0'.repeat(64)}, ${good}` }, NOW, { ok: true }],
    ['no v1 signature', { signature: 'v0=abc' }, NOW, { ok: false, reason: 'malformed' }],
    ['a timestamp that is not a number', { timestamp: '17724456OO' }, NOW, { ok: false, reason: 'malformed' }],
    ['no timestamp header', { timestamp: undefined }, NOW, { ok: false, reason: 'missing' }],
    ['no signature header', { signature: undefined }, NOW, { ok: false, reason: 'missing' }],
  ])('verifies %s', (_name, change, now, expected) => {
    const received = { method: request.method, pathAndQuery: request.pathAndQuery, timestamp: String(request.timestamp), signature: good, ...change };
    expect(verifySignature(hmacSha256, secret, received, now)).toEqual(expected);
  });

  it('refuses a signature made with another secret', () => {
    const forged = sign(hmacSha256, 'fwh_other', request);
    expect(verifySignature(hmacSha256, secret, { ...request, timestamp: String(NOW), signature: forged }, NOW)).toEqual({ ok: false, reason: 'mismatch' });
  });
});
