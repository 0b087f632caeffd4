/*
 * Checkr's webhook signature: `X-Checkr-Signature` is the hex of HMAC-SHA256 over the raw body,
 * keyed with the account's API key. The HMAC and its constant-time comparison come in as a port
 * (node's, in backend/src/hmac.ts), so this stays pure.
 */
import type { Hmac } from '../../hmac';

/** Whether `header` is the signature of `raw` under `key`, compared in constant time. */
export function checkrSignatureMatches(hmac: Hmac, key: string, raw: Uint8Array, header: string | undefined): boolean {
  if (!header || !key) return false;
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return hmac.same(given, hmac.hex(key, raw));
}
