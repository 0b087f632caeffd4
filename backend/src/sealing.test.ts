import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer, newSecretsKey, parseSecretsKey, UnreadableSecret } from './sealing';

describe('sealing stored secrets', () => {
  const key = randomBytes(32);
  const older = randomBytes(32);

  it('opens what it sealed, and never shows the secret in the sealed value', () => {
    const sealer = createSealer(key);
    const sealed = sealer.seal('fwh_the-signing-secret');
    expect(sealed).not.toContain('the-signing-secret');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealer.open(sealed)).toBe('fwh_the-signing-secret');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(sealer.seal('fwh_the-signing-secret')).not.toBe(sealed);
  });

  it('opens with a previous key after a rotation, and tells that the value wants re-sealing', () => {
    const before = createSealer(older).seal('s3cret');
    const rotated = createSealer(key, [older]);
    expect(rotated.open(before)).toBe('s3cret');
    expect(rotated.isCurrent(before)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('s3cret'))).toBe(true);
  });

  it('refuses a value sealed under a key it does not have, altered, or not sealed at all', () => {
    const sealer = createSealer(key);
    const foreign = createSealer(older).seal('x');
    expect(() => sealer.open(foreign)).toThrow(UnreadableSecret);
    const sealed = sealer.seal('hello');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('jello').toString('base64url');
    expect(() => sealer.open(parts.join('.'))).toThrow(/altered/);
    expect(() => sealer.open('fwh_plain-secret')).toThrow(/not a sealed value/);
  });

  it('reads keys as hex or base64url, and refuses anything else', () => {
    const made = newSecretsKey();
    expect(parseSecretsKey(made)).toHaveLength(32);
    expect(parseSecretsKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    for (const bad of ['', 'short', 'ab'.repeat(31), 'zz'.repeat(32)]) expect(() => parseSecretsKey(bad)).toThrow(/32 bytes/);
  });
});
