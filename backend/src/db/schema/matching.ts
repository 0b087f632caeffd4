import { bigint, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { opportunities } from './opportunities';

/**
 * How the associates ranked for an opportunity: every candidate's score with each rule's part.
 * Appended, never replaced: an opportunity keeps every ranking it had (the opening, each drain
 * and reassignment), and each offer names the ranking it was made from (`offers.ranking_id`).
 */
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
    /** The order rankings were stored in: breaks ties between rankings made at one instant. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [index('rankings_opportunity_idx').on(t.opportunityId, t.seq)],
);
