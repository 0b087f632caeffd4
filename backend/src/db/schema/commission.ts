import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { CommissionRule } from '../../modules/commission/commission.core';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/**
 * An enterprise's commission plans, every version kept: a ledger entry names the version that
 * paid it, and a credit is paid by the plan in force when it was attributed (the latest
 * `effectiveFrom` at or before it, then the highest version). The fee is the marketplace's at the
 * time the version was written (the operator's change of fee writes a version of its own).
 */
export const commissionPlans = pgTable(
  'commission_plans',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    /** ISO 4217: fixed amounts and tier thresholds are in it; credits in another earn nothing. */
    currency: text('currency').notNull(),
    holdDays: integer('hold_days').notNull(),
    /** The ordered rules, as the core's `CommissionRule`s (validated with `planProblems` before they are written). */
    rules: jsonb('rules').$type<CommissionRule[]>().notNull(),
    /** Marketplace fee in basis points of the commission, copied from `marketplaceFees` when the version was written. */
    feeBasisPoints: integer('fee_basis_points').notNull(),
    /** Who wrote the version: the enterprise (its plan) or the operator (a change of marketplace fee). */
    setBy: text('set_by', { enum: ['enterprise', 'operator'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.version] })],
);

/**
 * The commission ledger: append-only, one row per entry of the core's `settleLedger`. The id is
 * the core's, made from the inputs, so settling twice writes an entry once. Amounts in integer
 * minor units of `currency`, negative for what is taken back. No money moves: this is what is
 * owed, for the enterprise to pay.
 */
export const commissionEntries = pgTable(
  'commission_entries',
  {
    id: text('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** The associate credited (no foreign key: the ledger keeps what was owed whatever becomes of the account). */
    associateId: uuid('associate_id').notNull(),
    /** "YYYY-MM" (UTC) the amount counts in. */
    month: text('month').notNull(),
    currency: text('currency').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['commission', 'adjustment', 'reversal', 'fee'] }).notNull(),
    cause: text('cause', { enum: ['sale', 'refund', 'tier', 'fee'] }).notNull(),
    /** When the entry came to be: the attribution, the refund, the tier settlement. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Locked (payable) from this instant on. */
    locksAt: timestamp('locks_at', { withTimezone: true }).notNull(),
    orderId: text('order_id'),
    line: text('line'),
    sku: text('sku'),
    ruleId: text('rule_id'),
    refundId: text('refund_id'),
    /** The entry this one adjusts, reverses or takes a fee on. */
    adjusts: text('adjusts'),
    /** The plan version whose rule paid it. */
    planVersion: integer('plan_version'),
    bookedAt: timestamp('booked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('commission_entries_enterprise_idx').on(t.enterpriseId, t.associateId, t.month), index('commission_entries_associate_idx').on(t.associateId, t.month)],
);

/** The marketplace fee per enterprise, set by the operator; an enterprise without a row pays none. */
export const marketplaceFees = pgTable('marketplace_fees', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  /** Basis points of the commission, withheld from the associate (0 to 10,000). */
  basisPoints: integer('basis_points').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
