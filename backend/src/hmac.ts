/*
 * HMAC-SHA256 for the signatures the backend makes and checks (customer lookups, export webhooks,
 * Checkr's webhooks), and HMAC-SHA1 in base64 for Twilio's (X-Twilio-Signature). The signature
 * cores take them as ports, so they stay pure: node's crypto is here, and nowhere in them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Hmac {
  /** HMAC-SHA256 of `message` under `key`, as lowercase hex. */
  hex(key: string, message: string | Uint8Array): string;
  /** Whether a received signature is the expected one, in a time that says nothing about where they differ. */
  same(received: string, expected: string): boolean;
}

/** Equal strings, compared in constant time; strings of different lengths are unequal (timingSafeEqual would throw). */
export function sameInConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** node's HMAC-SHA256 and comparison, for the signature cores. */
export const hmacSha256: Hmac = {
  hex: (key, message) => createHmac('sha256', key).update(message).digest('hex'),
  same: sameInConstantTime,
};

/** HMAC-SHA1 in base64: the form of Twilio's request signatures. */
export interface HmacBase64 {
  /** HMAC of `message` under `key`, base64 with padding. */
  base64(key: string, message: string | Uint8Array): string;
  /** Whether a received signature is the expected one, in constant time (as `Hmac.same`). */
  same(received: string, expected: string): boolean;
}

/** node's HMAC-SHA1 in base64 and comparison, for Twilio's signature core. */
export const hmacSha1: HmacBase64 = {
  base64: (key, message) => createHmac('sha1', key).update(message).digest('base64'),
  same: sameInConstantTime,
};
