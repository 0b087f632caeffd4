import { createHash, randomBytes } from 'node:crypto';

/** Tokens and keys are stored only as this hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret with a readable prefix, e.g. "fws_…" (256 random bits). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
