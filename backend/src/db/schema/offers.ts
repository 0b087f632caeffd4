import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { associates } from './associates';
import { rankings } from './matching';
import { opportunities } from './opportunities';
import { enterprises } from './tenancy';

export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'missed' | 'withdrawn';

/** One associate asked to take one opportunity. */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    wave: integer('wave').notNull(),
    priority: text('priority', { enum: ['may', 'must'] }).notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'missed', 'withdrawn'] }).$type<OfferStatus>().notNull(),
    score: real('score').notNull(),
    reasons: jsonb('reasons').$type<unknown>().notNull(),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** Why it ended when the associate did not end it (taken by another, expired, reassigned). */
    endReason: text('end_reason'),
    /** The ranking it was made from; null for offers made before rankings were linked. */
    rankingId: uuid('ranking_id').references(() => rankings.id, { onDelete: 'set null' }),
  },
  (t) => [
    // One pending offer per associate and opportunity; after a reassignment, those who lost may be offered again.
    uniqueIndex('offers_opportunity_associate_pending_idx').on(t.opportunityId, t.associateId).where(sql`${t.status} = 'pending'`),
    index('offers_opportunity_idx').on(t.opportunityId),
    index('offers_associate_pending_idx').on(t.associateId).where(sql`${t.status} = 'pending'`),
    // The report reads the offers made within parts of the period (reports/totals.ts).
    index('offers_offered_idx').on(t.offeredAt),
  ],
);

/** What a shopper leaves when nobody could take the opportunity. */
export const shopperMessages = pgTable(
  'shopper_messages',
  {
    id: uuid('id').primaryKey(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    contact: text('contact'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** open → taken (by one associate) → done. */
    status: text('status', { enum: ['open', 'taken', 'done'] }).$type<MessageStatus>().notNull().default('open'),
    takenBy: uuid('taken_by').references(() => associates.id, { onDelete: 'set null' }),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('shopper_messages_opportunity_idx').on(t.opportunityId),
    index('shopper_messages_enterprise_created_idx').on(t.enterpriseId, t.createdAt.desc()),
  ],
);

export type MessageStatus = 'open' | 'taken' | 'done';
