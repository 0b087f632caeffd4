import { createHash } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { Db, DbKind } from '../db/open';
import { rowsOf } from '../db/records';
import { rateBuckets } from '../db/schema';
import { type Bucket, type BucketConfig, fullAtMs, type Take, take, waitMs } from './token-bucket.core';

/**
 * Token buckets by key (whose budget: `events:<shopper>`, `request:associate:<hash>`, …),
 * each spent against the budget the caller names.
 */
export interface RateLimiter {
  /** Spends `cost` tokens of the key's bucket, or says how long until there is room. */
  take(key: string, cost: number, budget: BucketConfig): Promise<Take>;
  /** How long until the key's bucket holds one token (0: now), spending nothing. */
  wait(key: string, budget: BucketConfig): Promise<number>;
  /** Forgets the key's bucket: it is full again. */
  reset(key: string): Promise<void>;
}

/**
 * The limiter of an app: on Postgres, buckets in a table every instance shares (a second
 * instance does not double a budget); on PGlite, which only one process opens, in memory.
 */
export function limiterFor(deps: { db: Db; dbKind: DbKind; clock: () => Date }, options: { maxBuckets?: number } = {}): RateLimiter {
  const now = () => deps.clock().getTime();
  return deps.dbKind === 'postgres' ? new TableBuckets(deps.db, now) : new MemoryBuckets(now, options.maxBuckets);
}

/**
 * Buckets in this process's memory, at most `maxBuckets` of them: a Map kept in order of last
 * use, so the oldest entries are the idle ones. Each take looks at the two oldest and forgets
 * them once full (an idle bucket is evicted soon after it refills); at the bound, the least
 * recently used goes even if not full: its key starts again with a full budget, the price of
 * bounded memory when more keys than that are busy at once.
 */
export class MemoryBuckets implements RateLimiter {
  private readonly buckets = new Map<string, Bucket & { fullAtMs: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxBuckets = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  async take(key: string, cost: number, budget: BucketConfig): Promise<Take> {
    const now = this.now();
    const result = take(this.buckets.get(key), cost, now, budget);
    this.buckets.delete(key);
    this.buckets.set(key, { ...result.bucket, fullAtMs: fullAtMs(result.bucket, budget) });
    this.evict(now);
    return result;
  }

  async wait(key: string, budget: BucketConfig): Promise<number> {
    return waitMs(this.buckets.get(key), this.now(), budget);
  }

  async reset(key: string): Promise<void> {
    this.buckets.delete(key);
  }

  private evict(now: number): void {
    let looked = 0;
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size > this.maxBuckets || bucket.fullAtMs <= now) this.buckets.delete(key);
      else if (++looked >= 2) break;
    }
  }
}

/**
 * Buckets in the `rate_buckets` table: one upsert per take, atomic under concurrent instances
 * (the row lock orders them). Keys are stored hashed: no token, address or e-mail in the table.
 * Rows full again are deleted at most once a minute.
 */
export class TableBuckets implements RateLimiter {
  private sweptAt = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async take(key: string, cost: number, budget: BucketConfig): Promise<Take> {
    const now = this.now();
    await this.sweep(now);
    const need = Math.min(cost, budget.capacity);
    const { capacity, perSecond } = budget;
    // The bucket refilled up to now: the same arithmetic as take() in token-bucket.core.ts.
    const refilled = sql`least(${capacity}::float8, b.tokens + greatest(0, ${now}::bigint - b.updated_ms) / 1000.0 * ${perSecond}::float8)`;
    const left = sql`(case when ${refilled} >= ${need}::float8 then ${refilled} - ${need}::float8 else ${refilled} end)`;
    const [row] = rowsOf<{ tokens: number; granted: boolean }>(
      await this.db.execute(sql`
        insert into rate_buckets as b (key, tokens, updated_ms, full_at_ms, granted)
        values (${hashKey(key)}, ${capacity - need}::float8, ${now}::bigint, ${fullAtMs({ tokens: capacity - need, updatedMs: now }, budget)}::bigint, true)
        on conflict (key) do update set
          tokens = ${left},
          granted = ${refilled} >= ${need}::float8,
          updated_ms = ${now}::bigint,
          full_at_ms = ${now}::bigint + ceil((${capacity}::float8 - ${left}) / ${perSecond}::float8 * 1000)::bigint
        returning tokens, granted`),
    );
    const bucket = { tokens: Number(row!.tokens), updatedMs: now };
    if (row!.granted) return { ok: true, bucket };
    return { ok: false, bucket, retryAfterMs: Math.ceil(((need - bucket.tokens) / perSecond) * 1000) };
  }

  async wait(key: string, budget: BucketConfig): Promise<number> {
    const [row] = await this.db.select().from(rateBuckets).where(eq(rateBuckets.key, hashKey(key)));
    return waitMs(row && { tokens: row.tokens, updatedMs: row.updatedMs }, this.now(), budget);
  }

  async reset(key: string): Promise<void> {
    await this.db.delete(rateBuckets).where(eq(rateBuckets.key, hashKey(key)));
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.sweptAt < 60_000 && now >= this.sweptAt) return;
    this.sweptAt = now;
    await this.db.delete(rateBuckets).where(lt(rateBuckets.fullAtMs, now));
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
