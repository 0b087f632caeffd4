import { bigint, date, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { enterprises } from './tenancy';

/**
 * The report's activity summed per enterprise, UTC day and place (modules/reports/totals.ts): what
 * the opportunities, offers and engagements of that day count, at each associate, category (the
 * whole path), opportunity rule and channel, as the report's core counts them. A report reads
 * these for the whole days of its period instead of every row; conversions and money are read from
 * the orders and the ledger each time (they change after the day, and orders are counted distinct).
 *
 * A day is exact unless `report_stale_days` marks it: triggers (migration 0010) mark the days a
 * write to opportunities, offers, engagements or channel_usages changes, in the writer's
 * transaction; the report recomputes a marked day before it reads it, and a periodic sweep
 * recomputes the rest.
 */
export const reportDayTotals = pgTable(
  'report_day_totals',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** The UTC calendar day. */
    day: date('day', { mode: 'string' }).notNull(),
    /** Null: the facts with no associate (opportunities nobody served). */
    associateId: uuid('associate_id'),
    /** The whole category path (the report cuts it to its depth); null for the facts that have none. */
    category: jsonb('category').$type<string[] | null>(),
    rule: text('rule'),
    /** The channels used ("chat+voice", "none"); null for the facts that have none (offers, unserved opportunities). */
    channel: text('channel'),
    opportunities: integer('opportunities').notNull(),
    offers: integer('offers').notNull(),
    offersDecided: integer('offers_decided').notNull(),
    offersAccepted: integer('offers_accepted').notNull(),
    engagements: integer('engagements').notNull(),
    /** Of `engagements`, those in the practices' holdout. */
    holdoutEngagements: integer('holdout_engagements').notNull(),
  },
  (t) => [index('report_day_totals_enterprise_day_idx').on(t.enterpriseId, t.day)],
);

/**
 * The (enterprise, UTC day) pairs whose totals a write may have changed since they were computed:
 * appended by the triggers (never updated, so writers never wait on one another here), deleted by
 * the recomputation that read them. No foreign key: a mark may outlive its enterprise (deleted
 * with it, which marks its days as it goes), and the sweep drops it.
 */
export const reportStaleDays = pgTable(
  'report_stale_days',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    enterpriseId: uuid('enterprise_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
  },
  (t) => [index('report_stale_days_enterprise_day_idx').on(t.enterpriseId, t.day)],
);
