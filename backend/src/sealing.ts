import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the backend must use again in clear (the signing secret of a customer lookup, a
 * site's identity secret, a provider's token) are stored sealed: AES-256-GCM under a key from
 * the environment (`SECRETS_KEY`), so a copy of the database alone reveals none of them.
 *
 * A sealed value reads `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts); the key id is
 * the first 8 hex digits of the key's SHA-256, so a value names the key that opens it and a
 * rotation can keep older keys for opening only (`SECRETS_KEY_PREVIOUS`).
 */
export interface Sealer {
  /** The value sealed under the current key. */
  seal(plain: string): string;
  /** The value a `seal` gave, under the current key or a previous one; throws `UnreadableSecret` otherwise. */
  open(sealed: string): string;
  /** Whether the value was sealed under the current key (false: re-seal it, or it is not sealed at all). */
  isCurrent(sealed: string): boolean;
}

/** A sealed value that no configured key opens, or that is not a sealed value at all. */
export class UnreadableSecret extends Error {
  constructor(reason: string) {
    super(`A stored secret cannot be read: ${reason}.`);
    this.name = 'UnreadableSecret';
  }
}

const VERSION = 'v1';

/** A 32-byte key from its text: 64 hex digits or 43-44 base64/base64url characters. Throws otherwise. */
export function parseSecretsKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, 'base64url') : null;
  if (!key || key.length !== 32) throw new Error('a secrets key is 32 bytes: 64 hex digits or 43 base64url characters');
  return key;
}

/** A new random key, as SECRETS_KEY takes it (base64url). */
export function newSecretsKey(): string {
  return randomBytes(32).toString('base64url');
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Seals with `current`; opens with `current` or any of `previous`. */
export function createSealer(current: Buffer, previous: readonly Buffer[] = []): Sealer {
  const currentId = keyId(current);
  const keys = new Map<string, Buffer>([[currentId, current]]);
  for (const k of previous) if (!keys.has(keyId(k))) keys.set(keyId(k), k);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, body, ...rest] = sealed.split('.');
      if (version !== VERSION || !id || iv === undefined || tag === undefined || body === undefined || rest.length > 0) throw new UnreadableSecret('it is not a sealed value');
      const key = keys.get(id);
      if (!key) throw new UnreadableSecret(`it was sealed under key ${id}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new UnreadableSecret('it was altered or damaged');
      }
    },
    isCurrent(sealed) {
      return sealed.startsWith(`${VERSION}.${currentId}.`);
    },
  };
}
