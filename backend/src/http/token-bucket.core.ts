/** Token bucket: `capacity` tokens, refilled at `perSecond`; each request spends its cost in tokens. */
export interface BucketConfig {
  capacity: number;
  perSecond: number;
}

export interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type Take = { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterMs: number };

/** Spends `cost` tokens if there are enough; otherwise says how long until there will be. */
export function take(bucket: Bucket | undefined, cost: number, nowMs: number, cfg: BucketConfig): Take {
  const prev = bucket ?? { tokens: cfg.capacity, updatedMs: nowMs };
  const elapsed = Math.max(0, nowMs - prev.updatedMs) / 1000;
  const tokens = Math.min(cfg.capacity, prev.tokens + elapsed * cfg.perSecond);
  const need = Math.min(cost, cfg.capacity);
  if (tokens >= need) return { ok: true, bucket: { tokens: tokens - need, updatedMs: nowMs } };
  return {
    ok: false,
    bucket: { tokens, updatedMs: nowMs },
    retryAfterMs: Math.ceil(((need - tokens) / cfg.perSecond) * 1000),
  };
}

/** Whether a bucket has refilled completely, so forgetting it changes nothing. */
export function isFull(bucket: Bucket, nowMs: number, cfg: BucketConfig): boolean {
  return bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * cfg.perSecond >= cfg.capacity;
}

/** When a bucket will be full again if nothing more is taken (then forgetting it changes nothing). */
export function fullAtMs(bucket: Bucket, cfg: BucketConfig): number {
  return bucket.updatedMs + Math.max(0, Math.ceil(((cfg.capacity - bucket.tokens) / cfg.perSecond) * 1000));
}

/** How long until a bucket holds one token (0: it does now); a missing bucket is full. */
export function waitMs(bucket: Bucket | undefined, nowMs: number, cfg: BucketConfig): number {
  if (!bucket) return 0;
  const tokens = Math.min(cfg.capacity, bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * cfg.perSecond);
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / cfg.perSecond) * 1000);
}
