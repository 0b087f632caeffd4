import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { associates } from './associates';
import { sessions, shoppers } from './sessions';
import { enterprises } from './tenancy';

/**
 * Versioned rule documents of an enterprise: its opportunity rules and its matching rule
 * sets. The highest version of a kind is live; replacing one writes the next version.
 */
export const ruleDocuments = pgTable(
  'rule_documents',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['opportunity', 'matching'] }).notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.kind, t.version] })],
);

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
    index('opportunities_due_idx').on(t.dueAt).where(sql`${t.dueAt} is not null`),
  ],
);

/** How the associates ranked for an opportunity: every candidate's score with each rule's part. */
export const rankings = pgTable(
  'rankings',
  {
    id: uuid('id').primaryKey(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    ruleSetName: text('rule_set_name').notNull(),
    rulesVersion: integer('rules_version').notNull(),
    candidates: jsonb('candidates').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rankings_opportunity_idx').on(t.opportunityId)],
);

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
  },
  (t) => [
    // One pending offer per associate and opportunity; after a reassignment, those who lost may be offered again.
    uniqueIndex('offers_opportunity_associate_pending_idx').on(t.opportunityId, t.associateId).where(sql`${t.status} = 'pending'`),
    index('offers_opportunity_idx').on(t.opportunityId),
    index('offers_associate_pending_idx').on(t.associateId).where(sql`${t.status} = 'pending'`),
  ],
);

export type EngagementStatus = 'invited' | 'accepted' | 'declined' | 'expired' | 'ended';

/** The associate who won an opportunity and the shopper they invite. */
export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    shopperId: uuid('shopper_id')
      .notNull()
      .references(() => shoppers.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    customerExternalId: text('customer_external_id'),
    /** The segment's category path, for conversion rates by category. */
    category: text('category').array().notNull(),
    status: text('status', { enum: ['invited', 'accepted', 'declined', 'expired', 'ended'] }).$type<EngagementStatus>().notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Why it ended: `invitation_expired`, `associate_left` (before the answer); `shopper_ended`, `associate_ended`, `peer_lost` (after the yes). */
    endReason: text('end_reason'),
  },
  (t) => [
    // One live winner per opportunity, whatever happens; a winner who left keeps their expired row.
    uniqueIndex('engagements_opportunity_live_idx').on(t.opportunityId).where(sql`${t.status} in ('invited', 'accepted')`),
    index('engagements_opportunity_idx').on(t.opportunityId),
    index('engagements_invited_due_idx').on(t.expiresAt).where(sql`${t.status} = 'invited'`),
    index('engagements_associate_idx').on(t.associateId, t.status),
    index('engagements_shopper_idx').on(t.shopperId, t.status),
  ],
);

/** What an engagement came to: a sale or not. Feeds the conversion-rate rule. */
export const outcomes = pgTable('outcomes', {
  engagementId: uuid('engagement_id')
    .primaryKey()
    .references(() => engagements.id, { onDelete: 'cascade' }),
  sale: boolean('sale').notNull(),
  amount: text('amount'),
  currency: text('currency'),
  recordedBy: text('recorded_by', { enum: ['associate', 'enterprise'] }).notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});

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
