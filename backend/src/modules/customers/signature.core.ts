/*
 * The signature of a customer lookup request, so an enterprise's lookup URL can tell the
 * backend's calls from anyone else's:
 *
 *   X-Floorwalker-Timestamp: <unix seconds>
 *   X-Floorwalker-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + method + "." + pathAndQuery)>
 *
 * `pathAndQuery` is the request target exactly as sent (`/customers/lookup?customerId=C-1`).
 * The timestamp is signed too, so a captured request cannot be replayed once it is older
 * than the receiver's tolerance (5 minutes here). `verifySignature` is what an enterprise
 * implements on its side; the tests use it as the lookup server does. The HMAC and its
 * constant-time comparison come in as a port (node's, in backend/src/hmac.ts), so this stays a
 * pure core.
 */
import type { Hmac } from '../../hmac';

export const SIGNATURE_VERSION = 'v1';
/** How far the signed timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SignedRequest {
  method: string;
  /** The path and query as sent, e.g. `/lookup?customerId=C-1`. */
  pathAndQuery: string;
  /** Unix seconds. */
  timestamp: number;
}

/** The string the HMAC covers. */
export function signedPayload(r: SignedRequest): string {
  return `${r.timestamp}.${r.method.toUpperCase()}.${r.pathAndQuery}`;
}

/** The signature header's value for a request: `v1=<hex>`. */
export function sign(hmac: Hmac, secret: string, r: SignedRequest): string {
  return `${SIGNATURE_VERSION}=${hmac.hex(secret, signedPayload(r))}`;
}

/** Both headers of a signed request. */
export function signatureHeaders(hmac: Hmac, secret: string, r: SignedRequest): Record<string, string> {
  return { 'x-floorwalker-timestamp': String(r.timestamp), 'x-floorwalker-signature': sign(hmac, secret, r) };
}

export type Verdict = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a received request's headers: the timestamp within the tolerance of `nowSeconds`,
 * and a `v1=` signature matching (compared in constant time). Several comma-separated
 * signatures are accepted, so a receiver can hold two secrets while rotating.
 */
export function verifySignature(
  hmac: Hmac,
  secret: string,
  received: { method: string; pathAndQuery: string; timestamp: string | undefined; signature: string | undefined },
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Verdict {
  if (!received.timestamp || !received.signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(received.timestamp)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(received.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = sign(hmac, secret, { method: received.method, pathAndQuery: received.pathAndQuery, timestamp });
  const candidates = received.signature.split(',').map((s) => s.trim());
  if (!candidates.some((c) => c.startsWith(`${SIGNATURE_VERSION}=`))) return { ok: false, reason: 'malformed' };
  // Every candidate is compared in full, so the time taken says nothing about how close one came.
  let matched = false;
  for (const c of candidates) matched = hmac.same(c, expected) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
