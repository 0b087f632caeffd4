import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CommunicationMethod } from '../../../../shared/live';
import { timestamp } from '../time';
import { associates } from './associates';
import { opportunities } from './opportunities';
import { sessions, shoppers } from './sessions';
import { enterprises } from './tenancy';

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
    // The console: whether a session had an engagement; the enterprise's engagements, newest first.
    index('engagements_session_idx').on(t.sessionId),
    index('engagements_enterprise_invited_idx').on(t.enterpriseId, t.invitedAt.desc(), t.id.desc()),
    index('engagements_invited_due_idx').on(t.expiresAt).where(sql`${t.status} = 'invited'`),
    index('engagements_associate_idx').on(t.associateId, t.status),
    index('engagements_shopper_idx').on(t.shopperId, t.status),
    // Orders find their engagements by the verified customer (orders module).
    index('engagements_customer_idx').on(t.enterpriseId, t.customerExternalId).where(sql`${t.customerExternalId} is not null`),

    // The report reads the engagements that started (the shopper said yes) within parts of the period (reports/totals.ts).
    index('engagements_enterprise_started_idx').on(t.enterpriseId, sql`coalesce(${t.answeredAt}, ${t.invitedAt})`).where(sql`${t.status} in ('accepted', 'ended')`),
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

export type LiveRole = 'shopper' | 'associate';

/**
 * Each side's PeerJS identity for one engagement: the id is made once and kept (reconnects
 * reuse it); the token changes on each request for credentials and only its hash is kept.
 */
export const engagementPeers = pgTable(
  'engagement_peers',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['shopper', 'associate'] }).$type<LiveRole>().notNull(),
    peerId: text('peer_id').notNull(),
    /** SHA-256 of the latest token; null until this side first asked. */
    tokenHash: text('token_hash'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The associate's side: the hash of the sign-in token the credentials were asked with; its revocation closes the signalling socket. */
    signInTokenHash: text('sign_in_token_hash'),
  },
  (t) => [primaryKey({ columns: [t.engagementId, t.role] }), uniqueIndex('engagement_peers_peer_idx').on(t.peerId)],
);

/** The chat of an engagement, each message once per sender and client id. */
export const transcriptMessages = pgTable(
  'transcript_messages',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    sender: text('sender', { enum: ['shopper', 'associate'] }).$type<LiveRole>().notNull(),
    messageId: text('message_id').notNull(),
    text: text('text').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.engagementId, t.sender, t.messageId] }), index('transcript_messages_order_idx').on(t.engagementId, t.sentAt)],
);

/** One use of a communication method in an engagement, from start to stop (open while `stoppedAt` is null). */
export const channelUsages = pgTable(
  'channel_usages',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    method: text('method', { enum: CommunicationMethod.options as [CommunicationMethod, ...CommunicationMethod[]] }).$type<CommunicationMethod>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    // At most one open use per method: a second `started` changes nothing.
    uniqueIndex('channel_usages_open_idx').on(t.engagementId, t.method).where(sql`${t.stoppedAt} is null`),
    index('channel_usages_engagement_idx').on(t.engagementId),
  ],
);

/** An enterprise's settings for live engagements; no row means the defaults. */
export const liveSettings = pgTable('live_settings', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  transcriptRetentionDays: integer('transcript_retention_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
