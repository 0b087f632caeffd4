import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CallStatus } from '../../modules/telephony/status.core';
import { timestamp } from '../time';
import { engagements } from './engagements';
import { enterprises } from './tenancy';

/**
 * An enterprise's telephone company account (Twilio): its account SID, its auth token sealed
 * (sealing.ts; never shown again) and the numbers it owns to call from. No row: no calls.
 */
export const telephonySettings = pgTable('telephony_settings', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: ['twilio'] }).notNull(),
  accountSid: text('account_sid').notNull(),
  authToken: text('auth_token').notNull(),
  numbers: jsonb('numbers').$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * One leg of a click-to-call bridge: the associate's leg (the call the API placed; its id is the
 * bridge's, in the webhook URLs) and the shopper's leg its TwiML dialled (`bridge_id` the
 * associate's leg). Status and sequence as the callbacks tell them (status.core.ts). The
 * shopper's number is kept, sealed, on the associate's leg only until the call ends; the
 * associate's number is never stored (it is needed only to place the call).
 */
export const phoneCalls = pgTable(
  'phone_calls',
  {
    id: uuid('id').primaryKey(),
    bridgeId: uuid('bridge_id').notNull(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    leg: text('leg', { enum: ['associate', 'shopper'] }).notNull(),
    /** Twilio's CA… sid; null for the moment between placing the call and Twilio's answer. */
    sid: text('sid'),
    status: text('status').$type<CallStatus>().notNull(),
    sequence: integer('sequence').notNull(),
    /** Our number the call is from. */
    fromNumber: text('from_number').notNull(),
    /** The shopper's number, sealed, on the associate's leg while the call lasts; null after. */
    shopperNumber: text('shopper_number'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    /** Who ended it: Twilio's final callback, or the sweep when none came in time. */
    endedBy: text('ended_by', { enum: ['callback', 'sweep'] }),
  },
  (t) => [
    uniqueIndex('phone_calls_sid_idx').on(t.sid),
    uniqueIndex('phone_calls_bridge_leg_idx').on(t.bridgeId, t.leg),
    index('phone_calls_engagement_idx').on(t.engagementId),
    index('phone_calls_open_idx').on(t.startedAt).where(sql`${t.endedAt} is null`),
  ],
);
