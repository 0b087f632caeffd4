/*
 * The signature of an export delivered by webhook, as Stripe signs its events:
 *
 *   X-Floorwalker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * over the raw body exactly as received (the CSV's bytes, read as UTF-8). The timestamp is signed,
 * so a captured delivery cannot be replayed once older than the receiver's tolerance (5 minutes
 * here). While a secret is rotated the header carries one `v1=` per secret; a receiver accepts the
 * delivery when any matches. `verifyExportSignature` is what a receiver implements (docs/sales.md,
 * "Reports", shows it in a few lines); the tests' receiver uses it. The HMAC and its constant-time
 * comparison come in as a port (node's, in backend/src/hmac.ts), so this stays pure.
 */
import type { Hmac } from '../../../hmac';

export const EXPORT_SIGNATURE_HEADER = 'x-floorwalker-signature';
export const EXPORT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The header's value for `body` sent at `timestamp` (unix seconds), one `v1=` per secret (the current first). */
export function exportSignature(hmac: Hmac, secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmac.hex(s, `${timestamp}.${body}`)}`)].join(',');
}

export type ExportVerdict = { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a received delivery: one `t=` within the tolerance of `nowSeconds`, and a `v1=` equal to
 * the HMAC of "<t>.<body>" under `secret` (compared in constant time; unknown schemes ignored).
 */
export function verifyExportSignature(
  hmac: Hmac,
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = EXPORT_SIGNATURE_TOLERANCE_SECONDS,
): ExportVerdict {
  if (!header) return { ok: false, reason: 'missing' };
  const pairs = header.split(',').map((p) => {
    const at = p.indexOf('=');
    return at < 0 ? ['', ''] : [p.slice(0, at).trim(), p.slice(at + 1).trim()];
  });
  const times = pairs.filter(([k]) => k === 't').map(([, v]) => v!);
  const signatures = pairs.filter(([k]) => k === 'v1').map(([, v]) => v!);
  if (times.length !== 1 || !/^\d{1,12}$/.test(times[0]!) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(times[0]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = hmac.hex(secret, `${timestamp}.${body}`);
  let matched = false;
  for (const s of signatures) matched = hmac.same(s, expected) || matched;
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' };
}
