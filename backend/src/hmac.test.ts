import { describe, expect, it } from 'vitest';
import { hmacSha256, sameInConstantTime } from './hmac';

describe('HMAC-SHA256 for the signature cores', () => {
  it('is HMAC-SHA256 as RFC 4231 defines it (test case 2), over text or bytes alike', () => {
    const vector = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hmacSha256.hex('Jefe', 'what do ya want for nothing?')).toBe(vector);
    expect(hmacSha256.hex('Jefe', new TextEncoder().encode('what do ya want for nothing?'))).toBe(vector);
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
  });
});
