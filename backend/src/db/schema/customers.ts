import { boolean, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/** What is known of one of an enterprise's customers, by the enterprise's own id for them. */
export interface CustomerFacts {
  tier: string | null;
  /** Decimal string in `currency`. */
  lifetimeValue: string | null;
  currency: string | null;
  tags: string[];
  notes: string | null;
}

/**
 * Customer profiles: pushed by the enterprise (`source = 'push'`, kept until replaced) or
 * fetched from its lookup URL or an enrichment provider (cached until `expiresAt`).
 */
export const customerProfiles = pgTable(
  'customer_profiles',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    source: text('source', { enum: ['push', 'lookup', 'enrichment'] }).notNull(),
    facts: jsonb('facts').$type<CustomerFacts>().notNull(),
    /**
     * False when the source answered that it does not know the customer: cached like an
     * answer, so an unknown customer does not cost a call on every event (facts are empty).
     */
    known: boolean('known').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Null for pushed profiles: they stay until the enterprise replaces them. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.externalId, t.source] })],
);

/** An enterprise's customer lookup: the URL the backend calls with an HMAC-signed request. */
export const customerSources = pgTable('customer_sources', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  lookupUrl: text('lookup_url').notNull(),
  /** Shared secret for the request signature; shown once when set. */
  secret: text('secret').notNull(),
  ttlSeconds: integer('ttl_seconds').notNull(),
  timeoutMs: integer('timeout_ms').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
