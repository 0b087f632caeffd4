import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AccreditationList, Admission, CreateAssociate, SignIn, UpdateAssociate } from '../../../../shared/associates';
import type { AppDeps } from '../../deps';
import { type AssociateEnv, type EnterpriseEnv, requireAssociate, requireEnterpriseKey } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { fail } from '../../http/errors';
import type { RateLimiter } from '../../http/limiter';
import { RateLimited } from '../../errors';
import type { TenancyService } from '../tenancy/service';
import type { AssociatesService } from './service';

type SignInEnv = { Variables: { signIn: SignIn } };

/** The sign-in body, read before the rate limits so the per-account budget can be keyed by it. */
const signInBody = createMiddleware<SignInEnv>(async (c, next) => {
  c.set('signIn', parseBody(SignIn, await readJson(c, 10_000)));
  await next();
});

/**
 * Failed sign-ins slow down the address that makes them, and the pair of that address and the
 * e-mail: never the e-mail alone, so nobody elsewhere can lock the associate out. A success
 * forgets the pair's failures.
 */
function signInThrottle(deps: AppDeps, limiter: RateLimiter) {
  const { perAddress, perAccount } = deps.limits.signIn;
  return createMiddleware<SignInEnv>(async (c, next) => {
    const address = clientAddress(c, deps.trustedProxyHops ?? 0);
    const [addressKey, accountKey] = [`sign-in:${address}`, `sign-in:${address}:${c.var.signIn.email}`];
    const addressWait = await limiter.wait(addressKey, perAddress);
    if (addressWait > 0) throw new RateLimited('Too many failed sign-ins from this address', addressWait);
    const accountWait = await limiter.wait(accountKey, perAccount);
    if (accountWait > 0) throw new RateLimited('Too many failed sign-ins for this e-mail address from this address', accountWait);
    await next();
    // Hono has turned the handler's error into the answer by now: 401 is a wrong e-mail or password.
    if (c.res.status === 401) await Promise.all([limiter.take(addressKey, 1, perAddress), limiter.take(accountKey, 1, perAccount)]);
    else if (c.res.ok) await limiter.reset(accountKey);
  });
}

/** An associate id in a path; anything else is a 404, never a database error. */
function associateId(raw: string): string {
  if (!z.uuid().safeParse(raw).success) throw fail.notFound('The associate');
  return raw;
}

/**
 * Associates: the enterprise creates, lists, admits and accredits them (API key); an
 * associate signs in and keeps their own settings and presence (associate token).
 */
export function associateRoutes(deps: AppDeps, limiter: RateLimiter, associates: AssociatesService, tenancy: TenancyService) {
  const enterprise = requireEnterpriseKey({ find: (key) => tenancy.enterpriseForKey(key) });
  const associate = requireAssociate({ find: (token) => associates.associateForToken(token) });
  return new Hono<EnterpriseEnv & AssociateEnv & SignInEnv>()
    .post('/', enterprise, async (c) => c.json(await associates.create(c.var.enterpriseId, parseBody(CreateAssociate, await readJson(c, 20_000))), 201))
    .get('/', enterprise, async (c) => c.json({ associates: await associates.associatesOf(c.var.enterpriseId) }))
    .post('/admissions', enterprise, async (c) => c.json(await associates.admit(c.var.enterpriseId, parseBody(Admission, await readJson(c, 10_000)).email), 201))
    .put('/:id/accreditations', enterprise, async (c) =>
      c.json(await associates.setAccreditations(c.var.enterpriseId, associateId(c.req.param('id')), parseBody(AccreditationList, await readJson(c, 50_000)))),
    )
    .post('/sign-in', signInBody, signInThrottle(deps, limiter), async (c) => c.json(await associates.signIn(c.var.signIn.email, c.var.signIn.password)))
    .post('/sign-out', associate, async (c) => {
      await associates.signOut((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim());
      return c.body(null, 204);
    })
    .get('/me', associate, async (c) => c.json(await associates.me(c.var.associateId)))
    .patch('/me', associate, async (c) => c.json(await associates.update(c.var.associateId, parseBody(UpdateAssociate, await readJson(c, 20_000)))));
}
