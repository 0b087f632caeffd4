import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Unauthorized } from '../errors';

/** What the authentication middleware put on the context. */
export type ShopperEnv = { Variables: { shopperId: string } };
export type EnterpriseEnv = { Variables: { enterpriseId: string } };

type Find = (credential: string) => Promise<string | undefined>;

/**
 * Requires a shopper token (`Authorization: Bearer fws_…`); the handler finds the
 * shopper's id in `c.var.shopperId`. 401 without one, or with one `find` does not know.
 */
export function requireShopper(options: { find: Find }): MiddlewareHandler<ShopperEnv> {
  return requireBearer('shopperId', 'the shopper token', 'The shopper token is not known; register a new shopper.', options.find);
}

/**
 * Requires an enterprise API key (`Authorization: Bearer fwk_…`); the handler finds the
 * enterprise's id in `c.var.enterpriseId`. 401 without one, or with an unknown or revoked one.
 */
export function requireEnterpriseKey(options: { find: Find }): MiddlewareHandler<EnterpriseEnv> {
  return requireBearer('enterpriseId', 'the enterprise API key', 'The API key is not known or was revoked.', options.find);
}

function requireBearer<K extends string>(variable: K, what: string, unknown: string, find: Find) {
  type E = { Variables: Record<K, string> };
  return createMiddleware<E>(async (c, next) => {
    const id = await find(bearer(c, what));
    if (!id) throw new Unauthorized(unknown);
    c.set(variable, id as E['Variables'][K]);
    await next();
  });
}

/** The bearer credential of a request, or 401. */
function bearer(c: Context, what: string): string {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,200})$/i.exec(header.trim());
  if (!match?.[1]) throw new Unauthorized(`Send ${what} as "Authorization: Bearer <token>".`);
  return match[1];
}
