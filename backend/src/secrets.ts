import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Tokens and keys are stored only as this hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret with a readable prefix, e.g. "fws_…" (256 random bits). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** log2 of scrypt's cost N for new password hashes: 2^15 with r = 8 takes 32 MiB and about 0.1 s here. */
export const PASSWORD_COST = 15;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * A salted scrypt hash of a password, with its parameters: "scrypt$<log2 N>$<r>$<p>$<salt>$<hash>"
 * (base64url), so the cost can rise later and old hashes still verify.
 */
export async function hashPassword(password: string, cost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 2 ** cost, 8, 1);
  return ['scrypt', cost, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether the password matches the stored hash (constant-time compare); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), 2 ** Number(cost), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}
