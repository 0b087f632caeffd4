import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../hmac';
import { checkrSignatureMatches } from './signature.core';

const body = (s: string) => new TextEncoder().encode(s);

describe('Checkr’s webhook signature', () => {
  it('is the hex HMAC-SHA256 of the raw body under the API key (the published test vector)', () => {
    const raw = body('{"monday":"75F","tuesday":"80F"}');
    const vector = 'b7412f05e981a473b5ecbdb5393afaea02a679db6d7c8e56803512ec4ba98151';
    expect(hmacSha256.hex('test-secret', raw)).toBe(vector);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, vector)).toBe(true);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, vector.toUpperCase())).toBe(true);
  });

  it('refuses a missing, malformed or wrong signature, another key, a changed body, and an empty key', () => {
    const raw = body('{"monday":"75F","tuesday":"80F"}');
    const good = hmacSha256.hex('test-secret', raw);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, undefined)).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, '')).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, 'placeholder')).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', raw, good.slice(0, 63))).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, 'other-secret', raw, good)).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, 'test-secret', body('{"monday":"75F", "tuesday":"80F"}'), good)).toBe(false);
    expect(checkrSignatureMatches(hmacSha256, '', raw, hmacSha256.hex('', raw))).toBe(false);
  });
});
