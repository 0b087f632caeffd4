import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { IdentitySecretCreated } from '../../../shared/identity';
import type { App } from '../app';

/** A new identity secret for a site, made through the API with the enterprise's key. */
export async function makeIdentitySecret(app: App, key: string, siteId: string): Promise<IdentitySecretCreated> {
  const res = await app.http.request(`/api/v1/sites/${siteId}/identity-secrets`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(201);
  return IdentitySecretCreated.parse(await res.json());
}

/** An identity token as a shop signs it: HS256 over the secret's text, `sub` the customer id. */
export async function identityToken(
  secret: string,
  sub: string,
  { now, ttlSeconds = 3600, iat = true, alg = 'HS256' }: { now: Date; ttlSeconds?: number; iat?: boolean; alg?: 'HS256' | 'HS384' },
): Promise<string> {
  const seconds = Math.floor(now.getTime() / 1000);
  const jwt = new SignJWT({}).setProtectedHeader({ alg }).setSubject(sub).setExpirationTime(seconds + ttlSeconds);
  if (iat) jwt.setIssuedAt(seconds);
  return jwt.sign(new TextEncoder().encode(secret));
}
