import { describe, expect, it } from 'vitest';
import { hmacSha1, hmacSha256, sameInConstantTime } from './hmac';

describe('HMAC-SHA256 for the signature cores', () => {
  it('is HMAC-SHA256 as RFC 4231 defines it (test case 2), over text or bytes alike', () => {
    const vector = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hmacSha256.hex('Jefe', 'what do ya want for nothing?')).toBe(vector);
    expect(hmacSha256.hex('Jefe', new TextEncoder().encode('what do ya want for nothing?'))).toBe(vector);
  });

  it('is HMAC-SHA1 in base64 as RFC 2202 defines it (test case 2), for Twilio’s signatures', () => {
    // effcdf6ae5eb2fa2d27416d5f184df9c259a7c79 in hex.
    expect(hmacSha1.base64('Jefe', 'what do ya want for nothing?')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
    expect(hmacSha1.base64('Jefe', new TextEncoder().encode('what do ya want for nothing?'))).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['ab', 'abc', false],
    ['abcd', 'abc', false],
    ['', 'abc', false],
    ['', '', true],
    ['é', 'e', false],
  ])('compares %j and %j in constant time, whole and without throwing on different lengths: %s', (a, b, same) => {
    expect(sameInConstantTime(a, b)).toBe(same);
    expect(hmacSha256.same(a, b)).toBe(same);
    expect(hmacSha1.same(a, b)).toBe(same);
  });
});
