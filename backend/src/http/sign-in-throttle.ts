import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../deps';
import { RateLimited } from '../errors';
import { clientAddress } from './client-address';
import type { RateLimiter } from './limiter';

/** What a sign-in route read before its throttle: the e-mail tried. */
export type SignInEmailEnv = { Variables: { signIn: { email: string } } };

/**
 * Failed sign-ins slow down the address that makes them, and the pair of that address and the
 * e-mail: never the e-mail alone, so nobody elsewhere can lock the person out. A success
 * forgets the pair's failures. `prefix` keeps each kind of account's budgets apart.
 */
export function signInThrottle(deps: Pick<AppDeps, 'limits' | 'trustedProxyHops'>, limiter: RateLimiter, prefix = 'sign-in') {
  const { perAddress, perAccount } = deps.limits.signIn;
  return createMiddleware<SignInEmailEnv>(async (c, next) => {
    const address = clientAddress(c, deps.trustedProxyHops ?? 0);
    const [addressKey, accountKey] = [`${prefix}:${address}`, `${prefix}:${address}:${c.var.signIn.email}`];
    const addressWait = await limiter.wait(addressKey, perAddress);
    if (addressWait > 0) throw new RateLimited('Too many failed sign-ins from this address', addressWait);
    const accountWait = await limiter.wait(accountKey, perAccount);
    if (accountWait > 0) throw new RateLimited('Too many failed sign-ins for this e-mail address from this address', accountWait);
    await next();
    // Hono has turned the handler's error into the answer by now: 401 is a wrong e-mail, password or code.
    if (c.res.status === 401) await Promise.all([limiter.take(addressKey, 1, perAddress), limiter.take(accountKey, 1, perAccount)]);
    else if (c.res.ok) await limiter.reset(accountKey);
  });
}
