import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/**
 * People who sign in to the web console: retailers' staff (members of enterprises, one role in
 * each) and the marketplace's operators. Only a salted scrypt hash of the password is kept, set by
 * the person through a one-time link (null until then: nobody signs in). The second factor's
 * secret is sealed (sealing.ts); it works once `totpEnabledAt` is set.
 */
export const consoleUsers = pgTable(
  'console_users',
  {
    id: uuid('id').primaryKey(),
    /** Lower-case (the contracts lower it); unique whatever its case. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** A marketplace operator: runs the marketplace, acts inside an enterprise only through a support access. */
    operator: boolean('operator').notNull().default(false),
    /** The TOTP secret (base32), sealed; set up but not yet confirmed while `totpEnabledAt` is null. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last 30-second step a code was accepted for: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    /** Set when the account may no longer sign in (its sessions stop working). */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('console_users_email_idx').on(sql`lower(${t.email})`)],
);

const userRef = (name = 'user_id') =>
  uuid(name)
    .notNull()
    .references(() => consoleUsers.id, { onDelete: 'cascade' });

/** A user's place in an enterprise: one role there. */
export const consoleMemberships = pgTable(
  'console_memberships',
  {
    userId: userRef(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'admin', 'sales_lead', 'analyst'] }).notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.enterpriseId] }), index('console_memberships_enterprise_idx').on(t.enterpriseId)],
);

/**
 * Console sessions (the `fw_console` cookie): only a hash of the token is kept, with the CSRF
 * token every change must carry. A session ends after 12 h unused, 7 days after sign-in, or at sign-out.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    id: uuid('id').notNull().unique().default(sql`gen_random_uuid()`),
    userId: userRef(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Kept to the minute: written at most once a minute per session. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull(),
    /** The absolute end (7 days after sign-in). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true }),
  },
  (t) => [index('console_sessions_user_idx').on(t.userId)],
);

/** One-time links a console user sets a password with: an invitation or a reset; only a hash is kept, used once. */
export const consoleLinks = pgTable(
  'console_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: userRef(),
    purpose: text('purpose', { enum: ['invitation', 'reset'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('console_links_user_idx').on(t.userId)],
);

/** An operator acting inside an enterprise for a while, with a reason: recorded, and visible to the enterprise's owner and admins. */
export const supportAccesses = pgTable(
  'support_accesses',
  {
    id: uuid('id').primaryKey(),
    operatorId: userRef('operator_id'),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** When it ends by itself. */
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** When someone ended it before `endsAt`, and who (the operator or an owner). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: uuid('ended_by').references(() => consoleUsers.id, { onDelete: 'set null' }),
  },
  (t) => [index('support_accesses_enterprise_idx').on(t.enterpriseId, t.startedAt), index('support_accesses_operator_idx').on(t.operatorId)],
);
