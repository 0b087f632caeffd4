import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a webhook's signature header is the HMAC of its raw body under the enterprise's
 * secret, compared in constant time: Shopify's `X-Shopify-Hmac-Sha256` (base64 of HMAC-SHA256),
 * Segment's `X-Signature` (hex of HMAC-SHA1, as its Webhooks destination signs).
 */
export function signatureMatches(kind: 'shopify' | 'segment', secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac(kind === 'shopify' ? 'sha256' : 'sha1', secret).update(raw).digest();
  const text = header.trim();
  const given = kind === 'shopify' ? (/^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null) : /^[0-9a-fA-F]+$/.test(text) ? Buffer.from(text, 'hex') : null;
  return given !== null && given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header a test or a shop's own sender would put on a body. */
export function signatureOf(kind: 'shopify' | 'segment', secret: string, raw: string | Buffer): string {
  return createHmac(kind === 'shopify' ? 'sha256' : 'sha1', secret)
    .update(raw)
    .digest(kind === 'shopify' ? 'base64' : 'hex');
}
