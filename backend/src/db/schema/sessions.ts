import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import type { SessionAggregate } from '../../../../shared/session';
import { enterprises, sites } from './tenancy';

/** An anonymous extension install; only a hash of its token is kept. */
export const shoppers = pgTable('shoppers', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  locale: text('locale'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** One shopper's visit to one enterprise's sites, until a gap of inactivity. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    shopperId: uuid('shopper_id')
      .notNull()
      .references(() => shoppers.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }).notNull(),
    eventCount: integer('event_count').notNull(),
    aggregate: jsonb('aggregate').$type<SessionAggregate>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /**
     * When opportunity detection last looked at the session. Ingest commits, then detection
     * runs; a session with `updated_at` later than this was missed (a crash) and the sweep takes it.
     */
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
    /**
     * What the console's text search looks in, lower-cased: the names of the products seen, the
     * terms searched and the customer id (verified or claimed). Kept by Postgres from the aggregate.
     */
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(jsonb_path_query_array(aggregate, '$.products[*].name')::text || ' ' || jsonb_path_query_array(aggregate, '$.searches[*].terms')::text || ' ' || coalesce(aggregate->>'customerId', '') || ' ' || coalesce(aggregate->>'customerClaim', ''))`,
    ),
    /** The cart's value in its own currency, kept by Postgres from the aggregate: the console sorts by it. */
    cartValue: numeric('cart_value').generatedAlwaysAs(sql`coalesce((aggregate->'cart'->>'value')::numeric, 0)`),
  },
  (t) => [
    index('sessions_shopper_enterprise_idx').on(t.shopperId, t.enterpriseId, t.lastEventAt.desc()),
    index('sessions_enterprise_recent_idx').on(t.enterpriseId, t.lastEventAt.desc(), t.id.desc()),
    // The console's list sorted by start, and its customer filter.
    index('sessions_enterprise_started_idx').on(t.enterpriseId, t.startedAt.desc(), t.id.desc()),
    index('sessions_enterprise_customer_idx').on(t.enterpriseId, sql`(${t.aggregate}->>'customerId')`),
    // The list sorted by cart value and by duration (the expression the list sorts by, as written in sessions/service.ts).
    index('sessions_enterprise_cart_idx').on(t.enterpriseId, t.cartValue.desc().nullsLast(), t.id.desc().nullsLast()),
    index('sessions_enterprise_duration_idx').on(t.enterpriseId, sql`((extract(epoch from (${t.lastEventAt} - ${t.startedAt})) * 1000)::bigint) desc nulls last`, t.id.desc().nullsLast()),
    // The site filter: a rare site is found through it, and its statistics tell Postgres how common each site is.
    index('sessions_sites_idx').using('gin', sql`(${t.aggregate}->'sites') jsonb_path_ops`),
    // The retention sweep finds the sessions whose last activity is past the retention period.
    index('sessions_last_event_idx').on(t.lastEventAt),
    index('sessions_unevaluated_idx').on(t.updatedAt).where(sql`${t.evaluatedAt} is null or ${t.evaluatedAt} < ${t.updatedAt}`),
  ],
);

/** Every accepted event, as sent, once per client event id. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    /** Arrival order: breaks ties between events stamped with the same time. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shopperId: uuid('shopper_id')
      .notNull()
      .references(() => shoppers.id),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    clientEventId: text('client_event_id').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    url: text('url').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('events_shopper_client_id_idx').on(t.shopperId, t.clientEventId),
    index('events_session_at_idx').on(t.sessionId, t.at, t.seq),
    // An order finds the shopper who reported its confirmation page by the order's number (orders module).
    index('events_order_number_idx').on(sql`(${t.data}->'order'->>'number')`).where(sql`${t.type} = 'order_confirmation'`),
  ],
);

