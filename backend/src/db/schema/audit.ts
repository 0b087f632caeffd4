import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/**
 * The audit log: one row per change a person, an API key or an operator made through the API.
 * Rows are only ever added (no route deletes or edits them). Who acted is kept as it was then
 * (the key's label, the user's e-mail), so a row still reads right after the key or user is gone.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: uuid('id').primaryKey(),
    /** The order entries were written in (many may share an instant): newest first is by this. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The enterprise the change was made in; null for an operator's change of the marketplace itself. */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    /** 'key', 'user' or 'operator'. */
    actorKind: text('actor_kind').$type<'key' | 'user' | 'operator'>().notNull(),
    /** The key's id or the user's id. */
    actorId: uuid('actor_id').notNull(),
    /** The key's label or the user's e-mail, as they were at the time. */
    actorLabel: text('actor_label').notNull(),
    /** The user's role in the enterprise then (users only). */
    actorRole: text('actor_role'),
    /** The support access an operator acted inside (users only). */
    supportAccessId: uuid('support_access_id'),
    method: text('method').notNull(),
    /** The route's pattern: `PUT /api/v1/rules/opportunity`. */
    action: text('action').notNull(),
    path: text('path').notNull(),
    status: integer('status').notNull(),
    subject: text('subject'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_entries_enterprise_idx').on(t.enterpriseId, t.seq)],
);
