import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { questionBanks } from './accreditation-tests';
import { enterprises } from './tenancy';

/** One working period of a week, in the associate's time zone: day 1 = Monday … 7 = Sunday, "HH:MM" times. */
export interface SchedulePeriod {
  day: number;
  from: string;
  to: string;
}

/** How an associate wants to be reached about offers. */
export interface ContactPreferences {
  /** A system notification for each offer. */
  notify: boolean;
  /** A sound with it. */
  sound: boolean;
  /** Kinds of engagement the associate takes. */
  channels: ('chat' | 'voice' | 'cobrowse')[];
  /** Where they take the phone leg of a call: E.164 or a SIP address (AssociatePhone); only they read it. */
  phone?: string;
}

/**
 * A person who helps shoppers: employed by one enterprise, or independent (no employer) and
 * admitted by enterprises of the marketplace. Only a salted scrypt hash of the password is kept,
 * and only the associate sets it (through a one-time link); null until they do, and nobody signs in.
 */
export const associates = pgTable(
  'associates',
  {
    id: uuid('id').primaryKey(),
    /** Lower-case; unique across the whole service. */
    email: text('email').notNull().unique(),
    passwordHash: text('password_hash'),
    displayName: text('display_name').notNull(),
    /** The enterprise employing the associate; null for an independent. */
    employerId: uuid('employer_id').references(() => enterprises.id),
    /** Primary language subtags, e.g. ["en", "fr"]. */
    languages: text('languages').array().notNull(),
    /** IANA zone the schedule is written in, e.g. "Europe/Paris". */
    timezone: text('timezone').notNull(),
    schedule: jsonb('schedule').$type<SchedulePeriod[]>().notNull(),
    /** Concurrent engagements the associate takes. */
    capacity: integer('capacity').notNull(),
    contact: jsonb('contact').$type<ContactPreferences>().notNull(),
    /** What the associate chose; "offline" is derived from having no live connection. */
    presence: text('presence', { enum: ['available', 'away'] }).notNull(),
    presenceChangedAt: timestamp('presence_changed_at', { withTimezone: true }).notNull(),
    /** Why the presence last changed when the system changed it (e.g. "missed_offers"). */
    presenceReason: text('presence_reason'),
    /** When the associate last started or finished an engagement: longest idle goes first. */
    lastEngagementAt: timestamp('last_engagement_at', { withTimezone: true }),
    /** False once the employer deactivated the account: no sign-in, every token revoked. */
    active: boolean('active').notNull().default(true),
    /**
     * For an independent: when the marketplace approved them (their application, or before
     * registration existed, their creation). Null while applying: no enterprise may admit them.
     * Always null for an employee.
     */
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('associates_employer_idx').on(t.employerId)],
);

/** The associate a row is about; it goes with the associate. */
const associateRef = () =>
  uuid('associate_id')
    .notNull()
    .references(() => associates.id, { onDelete: 'cascade' });

/** The enterprise a row is about; it goes with the enterprise. */
const enterpriseRef = () =>
  uuid('enterprise_id')
    .notNull()
    .references(() => enterprises.id, { onDelete: 'cascade' });

/** Sign-in tokens of associates (one per signed-in device); only a hash is kept, the id names the device. */
export const associateTokens = pgTable(
  'associate_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** What the associate's device list shows and removes by: never the token or its hash. */
    id: uuid('id').notNull().unique().default(sql`gen_random_uuid()`),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    /** The device's name given at sign-in, or its user agent. */
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Kept to the minute: written at most once a minute per token. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('associate_tokens_associate_idx').on(t.associateId)],
);

/**
 * One-time links an associate sets a password with: an invitation (7 days) or a reset (30
 * minutes); or, for an applicant to the marketplace, the link confirming their e-mail
 * address (`verification`, which sets no password). Only a hash is kept; `usedAt` is set by one conditional UPDATE, so of two
 * concurrent uses one wins. Kept after use, so a second use can be told "used", not "unknown".
 */
export const associateLinks = pgTable(
  'associate_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['invitation', 'reset', 'verification'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('associate_links_associate_idx').on(t.associateId)],
);

/** An independent associate admitted by an enterprise of the marketplace: an invitation they accepted (see admissionInvitations). */
export const associateAdmissions = pgTable(
  'associate_admissions',
  {
    associateId: associateRef(),
    enterpriseId: enterpriseRef(),
    admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull(),
    /** False once the enterprise deactivated its admission: the associate gets none of its offers; nothing else changes. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.associateId, t.enterpriseId] }), index('associate_admissions_enterprise_idx').on(t.enterpriseId)],
);

/**
 * An enterprise's invitation to the address it typed. Kept whether or not an independent
 * associate has that address (an unknown one, another's employee), so neither the answer to
 * the invitation nor the enterprise's list tells which; only an independent with the address
 * sees it and answers.
 */
export const admissionInvitations = pgTable(
  'admission_invitations',
  {
    enterpriseId: enterpriseRef(),
    /** Lower-case, as typed by the enterprise. */
    email: text('email').notNull(),
    /** `withdrawn`: the associate accepted, then left the enterprise. */
    status: text('status', { enum: ['invited', 'accepted', 'declined', 'withdrawn'] }).notNull(),
    /**
     * Set when the enterprise invited from its directory of approved independents (by id, not
     * by address): it is not shown the address, which it never typed, until the associate accepts.
     */
    associateId: uuid('associate_id').references((): AnyPgColumn => associates.id, { onDelete: 'cascade' }),
    /** The enterprise's own test the associate must pass before accepting; null: none. */
    requiredBankId: uuid('required_bank_id').references((): AnyPgColumn => questionBanks.id, { onDelete: 'set null' }),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.email] }), index('admission_invitations_email_idx').on(t.email)],
);

/**
 * What one enterprise's offers did with one associate: its own response rate and misses in a
 * row, and whether it paused them for missed offers. Per enterprise, so one enterprise
 * flooding an independent with offers changes nothing for the others.
 */
export const associateStandings = pgTable(
  'associate_standings',
  {
    associateId: associateRef(),
    enterpriseId: enterpriseRef(),
    missesInRow: integer('misses_in_row').notNull().default(0),
    offersReceived: integer('offers_received').notNull().default(0),
    offersAnswered: integer('offers_answered').notNull().default(0),
    /** Not offered this enterprise's opportunities since (missed offers), until they set themselves available. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.associateId, t.enterpriseId] })],
);

/** What an enterprise accredits an associate to sell: a category path (broadest first), a level 1-5, until when. */
export const accreditations = pgTable(
  'accreditations',
  {
    id: uuid('id').primaryKey(),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    /** The granting enterprise: its grants are its own, unseen and untouched by the others. */
    enterpriseId: enterpriseRef(),
    category: text('category').array().notNull(),
    level: integer('level').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('accreditations_associate_idx').on(t.associateId, t.enterpriseId)],
);

/** Live realtime connections of associates, per backend instance; "offline" is having none seen lately. */
export const associateConnections = pgTable(
  'associate_connections',
  {
    id: uuid('id').primaryKey(),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    instanceId: text('instance_id').notNull(),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('associate_connections_associate_idx').on(t.associateId)],
);

/** Day-to-day exceptions to an associate's weekly schedule, in their time zone: a holiday (no periods) or one-off hours. */
export const scheduleExceptions = pgTable(
  'schedule_exceptions',
  {
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    /** The local date "YYYY-MM-DD" in the associate's zone. */
    date: text('date').notNull(),
    /** The hours worked that day ("HH:MM"); empty: not working. */
    periods: jsonb('periods').$type<{ from: string; to: string }[]>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.associateId, t.date] })],
);
