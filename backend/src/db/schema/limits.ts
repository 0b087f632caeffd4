import { bigint, boolean, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Rate-limit buckets shared by every instance over one Postgres (see http/limiter.ts): one row
 * per budget key (a hash, never a token or an address as written), dropped once full again.
 * UNLOGGED (migration 0010; drizzle does not model it): every API request writes here, and a
 * logged table made each one wait for a WAL flush. After a crash the table starts empty: budgets full.
 */
export const rateBuckets = pgTable(
  'rate_buckets',
  {
    key: text('key').primaryKey(),
    tokens: doublePrecision('tokens').notNull(),
    updatedMs: bigint('updated_ms', { mode: 'number' }).notNull(),
    /** When the bucket is full again if nothing more is taken: past it, the row says nothing and is deleted. */
    fullAtMs: bigint('full_at_ms', { mode: 'number' }).notNull(),
    /** Whether the last take was granted (what the upsert answers with). */
    granted: boolean('granted').notNull(),
  },
  (t) => [index('rate_buckets_full_at_idx').on(t.fullAtMs)],
);
