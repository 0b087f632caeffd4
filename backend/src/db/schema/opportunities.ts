import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { sessions, shoppers } from './sessions';
import { enterprises } from './tenancy';

export type OpportunityStatus = 'offering' | 'engaged' | 'unserved' | 'cancelled';
/** How an opportunity opened: the enterprise's rules found it, or the shopper asked for someone. */
export type OpportunityOrigin = 'detected' | 'asked';

/** A session worth an associate's time, from when the rules found it until it is served or given up. */
export const opportunities = pgTable(
  'opportunities',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    shopperId: uuid('shopper_id')
      .notNull()
      .references(() => shoppers.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['offering', 'engaged', 'unserved', 'cancelled'] }).$type<OpportunityStatus>().notNull(),
    score: real('score').notNull(),
    /** Each condition that held and its points. */
    reasons: jsonb('reasons').$type<unknown>().notNull(),
    rulesVersion: integer('rules_version').notNull(),
    /** What it takes to serve it: category path and minimum accreditation level. */
    segment: jsonb('segment').$type<unknown>().notNull(),
    customerExternalId: text('customer_external_id'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** When the offer machine next needs to look at it (next wave, timeout, give-up); null once closed. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** The offer machine's own state (waves sent, who was excluded, …). */
    offerState: jsonb('offer_state').$type<unknown>(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    origin: text('origin', { enum: ['detected', 'asked'] }).$type<OpportunityOrigin>().notNull().default('detected'),
  },
  (t) => [
    // At most one live opportunity per session.
    uniqueIndex('opportunities_live_session_idx').on(t.sessionId).where(sql`${t.status} = 'offering'`),
    index('opportunities_enterprise_opened_idx').on(t.enterpriseId, t.openedAt.desc()),
    index('opportunities_shopper_idx').on(t.shopperId, t.enterpriseId, t.openedAt.desc()),
    // The console's session list asks whether a session had an opportunity.
    index('opportunities_session_idx').on(t.sessionId),
    index('opportunities_due_idx').on(t.dueAt).where(sql`${t.dueAt} is not null`),
  ],
);
