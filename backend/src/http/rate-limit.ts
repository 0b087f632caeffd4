import type { Context, Env, MiddlewareHandler } from 'hono';
import { RateLimited } from '../errors';
import { type Bucket, type BucketConfig, isFull, take } from './token-bucket.core';

export interface RateLimitOptions<E extends Env> extends BucketConfig {
  /** Whose budget a request spends, e.g. the shopper or the network address. */
  key: (c: Context<E>) => string;
  /** How much a request spends; one by default. */
  cost?: (c: Context<E>) => number;
  /** Milliseconds now. */
  now: () => number;
  /** What the 429 says is too much, e.g. "Too many events". */
  message: string;
}

/**
 * Token buckets per key, in this process's memory (each instance limits on its own):
 * over budget, the request fails with 429 and a Retry-After saying when there is room.
 */
export function rateLimit<E extends Env>(options: RateLimitOptions<E>): MiddlewareHandler<E> {
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    const now = options.now();
    const key = options.key(c);
    const result = take(buckets.get(key), options.cost?.(c) ?? 1, now, options);
    buckets.set(key, result.bucket);
    // Full buckets carry no information: forget them to bound memory.
    if (buckets.size > 10_000) for (const [k, b] of buckets) if (isFull(b, now, options)) buckets.delete(k);
    if (!result.ok) throw new RateLimited(options.message, result.retryAfterMs);
    await next();
  };
}
