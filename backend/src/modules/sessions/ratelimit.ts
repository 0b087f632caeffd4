import { type Bucket, type BucketConfig, isFull, take } from './ratelimit.core';

/** Per-key token buckets in this process's memory (each instance limits on its own). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly cfg: BucketConfig,
    private readonly nowMs: () => number,
  ) {}

  /** Spends `cost` for `key`; returns the wait in ms when over the limit, else 0. */
  spend(key: string, cost: number): number {
    const now = this.nowMs();
    const result = take(this.buckets.get(key), cost, now, this.cfg);
    this.buckets.set(key, result.bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    return result.ok ? 0 : result.retryAfterMs;
  }

  /** Full buckets carry no information: forget them to bound memory. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (isFull(bucket, now, this.cfg)) this.buckets.delete(key);
  }
}
