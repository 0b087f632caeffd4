import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import { CONSOLE_COOKIE, CSRF_HEADER, ENTERPRISE_HEADER, type Role } from '../../../shared/console';
import { Forbidden, Unauthorized } from '../errors';
import type { ConsoleCredentials, ConsoleSessionGrant } from '../console-credentials';
import { roleAllows } from './roles.core';

export type { ConsoleCredentials, ConsoleSessionGrant } from '../console-credentials';

/**
 * Who acts for an enterprise: one of its API keys (an integration; it may do everything), or a
 * person signed in to the console with a role there (or an operator inside a support access).
 */
export type EnterpriseActor =
  | { kind: 'key'; keyId: string }
  | { kind: 'user'; userId: string; role: Role; supportAccessId: string | null };

/** What the authentication middleware put on the context. */
export type ShopperEnv = { Variables: { shopperId: string } };
export type EnterpriseEnv = { Variables: { enterpriseId: string; enterpriseActor: EnterpriseActor } };

type Find = (credential: string) => Promise<string | undefined>;

/** An enterprise API key's enterprise and the key's own id. */
export type FindKey = (key: string) => Promise<{ enterpriseId: string; keyId: string } | undefined>;

export const NO_CONSOLE: ConsoleCredentials = { session: async () => undefined, standing: async () => undefined };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The console session of a request that carries its cookie and no bearer credential, with the CSRF check on a change; undefined without a cookie. */
async function consoleSession(c: Context, consoles: ConsoleCredentials): Promise<ConsoleSessionGrant | undefined> {
  if (c.req.header('authorization')) return undefined;
  const token = getCookie(c, CONSOLE_COOKIE);
  if (!token) return undefined;
  const session = await consoles.session(token);
  if (!session) throw new Unauthorized('The console session is not known or has expired; sign in again.');
  if (!SAFE_METHODS.has(c.req.method.toUpperCase())) {
    const sent = c.req.header(CSRF_HEADER) ?? '';
    const a = Buffer.from(sent);
    const b = Buffer.from(session.csrfToken);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Forbidden('csrf_failed', `A change from the console needs the session's CSRF token in the ${CSRF_HEADER} header.`);
  }
  return session;
}

/** A console user acting in the enterprise the request names, within what their role allows. */
async function consoleActor(c: Context, consoles: ConsoleCredentials, session: ConsoleSessionGrant): Promise<{ enterpriseId: string; actor: EnterpriseActor }> {
  const enterpriseId = c.req.header(ENTERPRISE_HEADER) ?? '';
  if (!UUID.test(enterpriseId)) throw new Forbidden('not_a_member', `Name the enterprise to act in with the ${ENTERPRISE_HEADER} header.`);
  const standing = await consoles.standing(session.userId, enterpriseId.toLowerCase());
  if (!standing) throw new Forbidden('not_a_member', session.operator ? 'An operator acts inside an enterprise only through a support access its owner can see; open one first.' : 'You are not a member of this enterprise.');
  if (!roleAllows(standing.role, c.req.method, c.req.path)) throw new Forbidden('role_forbids', `Your role (${standing.role.replace('_', ' ')}) does not allow this.`);
  return { enterpriseId: enterpriseId.toLowerCase(), actor: { kind: 'user', userId: session.userId, role: standing.role, supportAccessId: standing.supportAccessId } };
}

/**
 * Requires the enterprise: an API key (`Authorization: Bearer fwk_…`), or a console session's
 * cookie naming the enterprise in `X-Floorwalker-Enterprise`, with the CSRF token on a change and
 * a role that allows the request. The handler finds the enterprise in `c.var.enterpriseId` and who
 * acts in `c.var.enterpriseActor`.
 */
export function requireEnterprise(options: { key: FindKey; consoles: ConsoleCredentials }): MiddlewareHandler<EnterpriseEnv> {
  return createMiddleware<EnterpriseEnv>(async (c, next) => {
    const session = await consoleSession(c, options.consoles);
    if (session) {
      const { enterpriseId, actor } = await consoleActor(c, options.consoles, session);
      c.set('enterpriseId', enterpriseId);
      c.set('enterpriseActor', actor);
    } else {
      const found = await options.key(bearer(c, 'the enterprise API key'));
      if (!found) throw new Unauthorized('The API key is not known or was revoked.');
      c.set('enterpriseId', found.enterpriseId);
      c.set('enterpriseActor', { kind: 'key', keyId: found.keyId });
    }
    await next();
  });
}

/** What `requireOperator` put on the context: the operator's user id. */
export type OperatorEnv = { Variables: { operatorId: string } };

/** Requires a marketplace operator's console session (cookie, with the CSRF token on a change); 401 without one, 403 `operator_only` for anyone else. */
export function requireOperator(options: { consoles: ConsoleCredentials }): MiddlewareHandler<OperatorEnv> {
  return createMiddleware<OperatorEnv>(async (c, next) => {
    const session = await consoleSession(c, options.consoles);
    if (!session) throw new Unauthorized('Sign in to the console as a marketplace operator.');
    if (!session.operator) throw new Forbidden('operator_only', 'Only a marketplace operator may do this.');
    c.set('operatorId', session.userId);
    await next();
  });
}

/** What `requireConsoleUser` put on the context: the signed-in user and their session's grant. */
export type ConsoleUserEnv = { Variables: { consoleSession: ConsoleSessionGrant } };

/** Requires any console session (cookie, with the CSRF token on a change): for the user's own account routes. */
export function requireConsoleUser(options: { consoles: ConsoleCredentials }): MiddlewareHandler<ConsoleUserEnv> {
  return createMiddleware<ConsoleUserEnv>(async (c, next) => {
    const session = await consoleSession(c, options.consoles);
    if (!session) throw new Unauthorized('Sign in to the console.');
    c.set('consoleSession', session);
    await next();
  });
}

/**
 * Requires a shopper token (`Authorization: Bearer fws_…`); the handler finds the
 * shopper's id in `c.var.shopperId`. 401 without one, or with one `find` does not know.
 */
export function requireShopper(options: { find: Find }): MiddlewareHandler<ShopperEnv> {
  return requireBearer('shopperId', 'the shopper token', 'The shopper token is not known; register a new shopper.', options.find);
}

/** Who spoke when a route takes either an associate's token or the enterprise's key. */
export type ActorEnv = { Variables: { actor: { associateId: string } | { enterpriseId: string } } };

/**
 * Requires an associate token (`fwa_…`) or an enterprise API key (`fwk_…`), told apart by
 * the prefix; the handler finds who in `c.var.actor`. 401 without either, or with an unknown one.
 */
export function requireAssociateOrEnterprise(options: { associate: Find; enterprise: Find; consoles: ConsoleCredentials }): MiddlewareHandler<ActorEnv> {
  return createMiddleware<ActorEnv>(async (c, next) => {
    const session = await consoleSession(c, options.consoles);
    if (session) {
      c.set('actor', { enterpriseId: (await consoleActor(c, options.consoles, session)).enterpriseId });
      return next();
    }
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
export function requireParty(options: { shopper: Find; associate: Find; enterprise: Find; consoles: ConsoleCredentials }): MiddlewareHandler<PartyEnv> {
  return createMiddleware<PartyEnv>(async (c, next) => {
    const session = await consoleSession(c, options.consoles);
    if (session) {
      c.set('party', { enterpriseId: (await consoleActor(c, options.consoles, session)).enterpriseId });
      return next();
    }
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
  enterprise: FindKey;
  /** Console sessions (cookies); `NO_CONSOLE` where there are none. */
  consoles: ConsoleCredentials;
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
  /** A marketplace operator's console session. */
  operator: MiddlewareHandler<OperatorEnv>;
  /** Any console session: the user's own account. */
  consoleUser: MiddlewareHandler<ConsoleUserEnv>;
}

export function authMiddlewares(find: CredentialFinders): Auth {
  const enterpriseIdOf = async (key: string) => (await find.enterprise(key))?.enterpriseId;
  return {
    shopper: requireShopper({ find: find.shopper }),
    associate: requireAssociate({ find: find.associate }),
    enterprise: requireEnterprise({ key: find.enterprise, consoles: find.consoles }),
    associateOrEnterprise: requireAssociateOrEnterprise({ ...find, enterprise: enterpriseIdOf }),
    party: requireParty({ ...find, enterprise: enterpriseIdOf }),
    side: requireParty({ shopper: find.shopper, associate: find.associate, enterprise: async () => undefined, consoles: NO_CONSOLE }),
    operator: requireOperator(find),
    consoleUser: requireConsoleUser(find),
  };
}
