import type { Context, Env, MiddlewareHandler } from 'hono';
import type { Limits } from '../deps';
import { RateLimited } from '../errors';
import { hashSecret } from '../secrets';
import { clientAddress } from './client-address';
import type { RateLimiter } from './limiter';
import type { BucketConfig } from './token-bucket.core';

export interface RateLimitOptions<E extends Env> {
  limiter: RateLimiter;
  budget: BucketConfig;
  /** Whose budget a request spends, e.g. `events:<shopper id>`. */
  key: (c: Context<E>) => string;
  /** How much a request spends; one by default. */
  cost?: (c: Context<E>) => number;
  /** What the 429 says is too much, e.g. "Too many events". */
  message: string;
}

/** Over budget, the request fails with 429 and a Retry-After saying when there is room. */
export function rateLimit<E extends Env>(options: RateLimitOptions<E>): MiddlewareHandler<E> {
  return async (c, next) => {
    const result = await options.limiter.take(options.key(c), options.cost?.(c) ?? 1, options.budget);
    if (!result.ok) throw new RateLimited(options.message, result.retryAfterMs);
    await next();
  };
}

/** Which budget a bearer credential spends, told by its prefix (an unknown prefix is taken for an API key, as the routes do). */
export function credentialKind(token: string): 'shopper' | 'associate' | 'enterprise' {
  return token.startsWith('fws_') ? 'shopper' : token.startsWith('fwa_') ? 'associate' : 'enterprise';
}

/**
 * Every API request spends one token: an authenticated one from its credential's budget (keyed
 * by the credential's hash, never the credential), an anonymous one from its address's. A
 * credential the route did not know (401) also spends from the address, so inventing tokens
 * does not buy fresh budgets.
 */
export function requestBudgets(limiter: RateLimiter, limits: Limits, trustedProxyHops: number): MiddlewareHandler {
  const fromAddress = async (c: Context) => {
    const result = await limiter.take(`request:address:${clientAddress(c, trustedProxyHops)}`, 1, limits.requests.anonymous);
    if (!result.ok) throw new RateLimited('Too many requests from this address', result.retryAfterMs);
  };
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim())?.[1];
    if (!token) {
      await fromAddress(c);
      return next();
    }
    const kind = credentialKind(token);
    const result = await limiter.take(`request:${kind}:${hashSecret(token)}`, 1, limits.requests[kind]);
    if (!result.ok) throw new RateLimited('Too many requests with this credential', result.retryAfterMs);
    await next();
    if (c.res.status === 401) await fromAddress(c);
  };
}
