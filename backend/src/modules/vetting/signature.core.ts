/*
 * Checkr's webhook signature: `X-Checkr-Signature` is the hex of HMAC-SHA256 over the raw body,
 * keyed with the account's API key. The HMAC comes in as a function (node's in hmac.ts) so this
 * stays pure; the comparison takes the same time whatever the header holds.
 */

/** HMAC-SHA256 of `body` under `key`, as lowercase hex. */
export type HmacHex = (key: string, body: Uint8Array) => string;

/** Whether `header` is the signature of `raw` under `key`, compared in constant time. */
export function checkrSignatureMatches(hmac: HmacHex, key: string, raw: Uint8Array, header: string | undefined): boolean {
  if (!header || !key) return false;
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return sameText(hmac(key, raw), given);
}

/** Equal strings of equal length, looking at every character whatever the first difference. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
