import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CallStatus, MessageStatus } from '../../modules/telephony/status.core';
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
 * One leg of a bridge: the parent (click-to-call: the associate's leg, the call the API placed;
 * dial-in: the shopper's own call to our number; its id is the bridge's, in the webhook URLs) and
 * the leg its TwiML dialled (`bridge_id` the parent's). Status and sequence as the callbacks tell them (status.core.ts). The
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
    /** Who ended it: Twilio's final callback, the sweep when none came in time, or our hang-up (the engagement ended, a party hung up). */
    endedBy: text('ended_by', { enum: ['callback', 'sweep', 'hangup'] }),
    /** `click-to-call`: we placed the associate's leg; `dial-in`: the shopper called the enterprise's number with the engagement's code. */
    direction: text('direction', { enum: ['click-to-call', 'dial-in'] }).notNull().default('click-to-call'),
    /** Where the associate's leg went: a phone number or a SIP address (contact preferences). */
    associateVia: text('associate_via', { enum: ['phone', 'sip'] }).notNull().default('phone'),
  },
  (t) => [
    uniqueIndex('phone_calls_sid_idx').on(t.sid),
    uniqueIndex('phone_calls_bridge_leg_idx').on(t.bridgeId, t.leg),
    index('phone_calls_engagement_idx').on(t.engagementId),
    index('phone_calls_open_idx').on(t.startedAt).where(sql`${t.endedAt} is null`),
  ],
);

/**
 * One text message of an engagement: out (the associate's, sent through Twilio) or in (the
 * shopper's reply). Status and error code as Twilio's callbacks tell them (status.core.ts). The
 * shopper's number is kept sealed, as phone_calls keeps it, and as `number_hash` (numberHash in
 * texts.core.ts) so a reply can be matched to the engagement that texted it without opening
 * every row.
 */
export const phoneTexts = pgTable(
  'phone_texts',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: ['out', 'in'] }).notNull(),
    /** Twilio's SM…/MM… sid; null for the moment between asking Twilio and its answer. */
    sid: text('sid'),
    status: text('status').$type<MessageStatus>().notNull(),
    /** Twilio's ErrorCode on undelivered or failed (30003, 30008, …). */
    errorCode: integer('error_code'),
    /** Our number the text is from (out) or to (in). */
    ourNumber: text('our_number').notNull(),
    /** The shopper's number, sealed; erased (null) when the engagement ends. */
    shopperNumber: text('shopper_number'),
    /** What was texted (out) or replied (in); erased (null) with the transcript, as the live settings' retention says. */
    body: text('body'),
    /** numberHash of the shopper's number under the enterprise: what a reply is matched by. */
    numberHash: text('number_hash').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('phone_texts_sid_idx').on(t.sid), index('phone_texts_engagement_idx').on(t.engagementId), index('phone_texts_number_idx').on(t.enterpriseId, t.numberHash, t.sentAt)],
);

/**
 * The numbers that texted STOP (or its like) to one of an enterprise's numbers: no text goes to
 * them until they text START. Kept as numberHash only (texts.core.ts): an opt-out must be found by
 * equality on every send and must outlive any rotation of SECRETS_KEY, which a sealed number
 * would not allow.
 */
export const smsOptOuts = pgTable(
  'sms_opt_outs',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    numberHash: text('number_hash').notNull(),
    /** What told us: the person's keyword, or Twilio refusing a send with 21610. */
    source: text('source', { enum: ['keyword', 'carrier'] }).notNull(),
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.numberHash] })],
);

/**
 * The number the shopper gave in an engagement for calls and/or texts (PUT /engagements/:id/phone),
 * sealed, with the statement they agreed to. Kept only while the engagement lasts: the row is
 * deleted when it ends or when the shopper takes the number back.
 */
export const engagementPhones = pgTable(
  'engagement_phones',
  {
    engagementId: uuid('engagement_id')
      .primaryKey()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** The number, sealed. */
    number: text('number').notNull(),
    /** numberHash (texts.ts) of the number under the enterprise: opt-outs and replies meet it. */
    numberHash: text('number_hash').notNull(),
    /** Masked for display: the last two digits. */
    masked: text('masked').notNull(),
    purposes: jsonb('purposes').$type<('call' | 'text')[]>().notNull(),
    /** The statement the shopper agreed to, as shown. */
    consentText: text('consent_text').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('engagement_phones_number_idx').on(t.enterpriseId, t.numberHash)],
);

/**
 * A dial-in code (POST /engagements/:id/dial-in): the shopper calls the enterprise's number and
 * keys it in to join the engagement's associate. Unique per enterprise among those not expired;
 * deleted when the engagement ends.
 */
export const dialInCodes = pgTable(
  'dial_in_codes',
  {
    engagementId: uuid('engagement_id')
      .primaryKey()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('dial_in_codes_code_idx').on(t.enterpriseId, t.code)],
);
