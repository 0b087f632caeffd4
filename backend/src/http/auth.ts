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

/** Who spoke when a route takes either an associate's token or the enterprise's key. */
export type ActorEnv = { Variables: { actor: { associateId: string } | { enterpriseId: string } } };

/**
 * Requires an associate token (`fwa_…`) or an enterprise API key (`fwk_…`), told apart by
 * the prefix; the handler finds who in `c.var.actor`. 401 without either, or with an unknown one.
 */
export function requireAssociateOrEnterprise(options: { associate: Find; enterprise: Find }): MiddlewareHandler<ActorEnv> {
  return createMiddleware<ActorEnv>(async (c, next) => {
    const token = bearer(c, "the associate's token or the enterprise API key");
    if (token.startsWith('fwa_')) {
      const associateId = await options.associate(token);
      if (!associateId) throw new Unauthorized('The associate token is not known or has expired; sign in again.');
      c.set('actor', { associateId });
    } else {
      const enterpriseId = await options.enterprise(token);
      if (!enterpriseId) throw new Unauthorized('The API key is not known or was revoked.');
      c.set('actor', { enterpriseId });
    }
    await next();
  });
}

/** What `requireAssociate` put on the context. */
export type AssociateEnv = { Variables: { associateId: string } };

/**
 * Requires an associate's sign-in token (`Authorization: Bearer fwa_…`); the handler finds
 * the associate's id in `c.var.associateId`. 401 without one, or with an unknown or expired one.
 */
export function requireAssociate(options: { find: Find }): MiddlewareHandler<AssociateEnv> {
  return requireBearer('associateId', "the associate's token", 'The associate token is not known or has expired; sign in again.', options.find);
}

/** Who spoke when a route takes a shopper's token, an associate's token or the enterprise's key. */
export type PartyEnv = { Variables: { party: { shopperId: string } | { associateId: string } | { enterpriseId: string } } };

/**
 * Requires a shopper token (`fws_…`), an associate token (`fwa_…`) or an enterprise API key,
 * told apart by the prefix; the handler finds who in `c.var.party`. 401 without one, or with an unknown one.
 */
export function requireParty(options: { shopper: Find; associate: Find; enterprise: Find }): MiddlewareHandler<PartyEnv> {
  return createMiddleware<PartyEnv>(async (c, next) => {
    const token = bearer(c, 'a shopper token, an associate token or the enterprise API key');
    const [kind, find] = token.startsWith('fws_')
      ? (['shopperId', options.shopper] as const)
      : token.startsWith('fwa_')
        ? (['associateId', options.associate] as const)
        : (['enterpriseId', options.enterprise] as const);
    const id = await find(token);
    if (!id) throw new Unauthorized('The credential is not known, has expired or was revoked.');
    c.set('party', { [kind]: id } as PartyEnv['Variables']['party']);
    await next();
  });
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

/** How the credentials of each kind are found: the id they belong to, or undefined. */
export interface CredentialFinders {
  shopper: Find;
  associate: Find;
  enterprise: Find;
}

/**
 * The API's authentication middlewares, built once (in createApp) and handed to the modules'
 * routes: no module builds its own, so each credential is checked the same way everywhere.
 */
export interface Auth {
  shopper: MiddlewareHandler<ShopperEnv>;
  associate: MiddlewareHandler<AssociateEnv>;
  enterprise: MiddlewareHandler<EnterpriseEnv>;
  /** An associate's token or the enterprise's key. */
  associateOrEnterprise: MiddlewareHandler<ActorEnv>;
  /** Any party: a shopper's token, an associate's token or the enterprise's key. */
  party: MiddlewareHandler<PartyEnv>;
  /** The shopper or the associate (of an engagement), not the enterprise: its key is refused as unknown. */
  side: MiddlewareHandler<PartyEnv>;
}

export function authMiddlewares(find: CredentialFinders): Auth {
  return {
    shopper: requireShopper({ find: find.shopper }),
    associate: requireAssociate({ find: find.associate }),
    enterprise: requireEnterpriseKey({ find: find.enterprise }),
    associateOrEnterprise: requireAssociateOrEnterprise(find),
    party: requireParty(find),
    side: requireParty({ shopper: find.shopper, associate: find.associate, enterprise: async () => undefined }),
  };
}
