import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
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
