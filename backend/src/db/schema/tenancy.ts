import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import type { SiteAdapter } from '../../../../shared/sites';

/** A retailer: owns sites, associates, rules. */
export const enterprises = pgTable('enterprises', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** Set by the marketplace operator: its sites leave the extension's list, its keys and console users are refused. */
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
});

/** A participating shop: one domain of an enterprise, with its extraction adapter. */
export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    /** Host, optionally with a port; unique across all enterprises. */
    domain: text('domain').notNull().unique(),
    adapter: jsonb('adapter').$type<SiteAdapter>(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sites_enterprise_idx').on(t.enterpriseId)],
);

/** Enterprise systems' credentials; only a hash of the key is kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    /** First characters of the key, to tell keys apart in a list. */
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Last accepted use, to the minute (written at most once a minute per key). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Set when the key is rotated: it keeps working until then, so systems can switch over. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_enterprise_idx').on(t.enterpriseId)],
);
