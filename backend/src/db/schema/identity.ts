import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { sites } from './tenancy';

/**
 * A site's identity secrets: the shop signs its customers' identity tokens with one, the
 * backend verifies them with any live one (at most two, so a rotation never breaks a page
 * signed with the previous). Kept sealed (sealing.ts); shown once, when made.
 */
export const siteIdentitySecrets = pgTable(
  'site_identity_secrets',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The secret, sealed with deps.sealer. */
    secret: text('secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when the enterprise retires it: from then on it verifies nothing. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [index('site_identity_secrets_site_idx').on(t.siteId)],
);

/** Identity tokens a site's pages carried that did not verify, counted for the enterprise to see. */
export const siteIdentityRejections = pgTable('site_identity_rejections', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  count: integer('count').notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
});
