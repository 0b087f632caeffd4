import { z } from 'zod';
import { MinorAmount, Sku } from './catalog';
import { Currency } from './page';
import { nonBlank } from './text';

/*
 * Commission: an enterprise's plan (ordered first-match rules, tiers, a hold) and the ledger it
 * pays into. Money is integer minor units of the plan's currency, as in the catalogue (`MinorAmount`);
 * rates are basis points (1 % = 100). Nothing here moves money: the ledger says what is owed.
 * The shapes mirror `backend/src/modules/commission/commission.core.ts`.
 */

/** Basis points, a whole number from 0 (nothing) to 10,000 (all). */
export const BasisPoints = z.int('a whole number of basis points (1 % = 100)').min(0).max(10_000);

export const Employment = z.enum(['employed', 'independent']);
export type Employment = z.infer<typeof Employment>;

/** A rule's conditions; every one present must hold, none means every line. */
export const RuleConditions = z
  .object({
    /** Whole segments, case-insensitively: "Home > Kitchen" matches "home>kitchen>knives", not "Home > Kitchenware". */
    categoryPrefix: nonBlank(500).optional(),
    skus: z.array(Sku).min(1).max(1_000).optional(),
    employment: Employment.optional(),
    customerTiers: z.array(nonBlank(100)).min(1).max(100).optional(),
  })
  .strict();

export const TierStep = z.object({ fromMinor: MinorAmount, basisPoints: BasisPoints }).strict();

/** Monthly tiers by the associate's attributed revenue: "whole" pays the tier's rate on all of it once reached, "marginal" only on what is past each threshold. */
export const TierSchedule = z.object({ mode: z.enum(['whole', 'marginal']), steps: z.array(TierStep).min(1).max(20) }).strict();

export const RuleEffect = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate'), basisPoints: BasisPoints, tiers: TierSchedule.optional() }).strict(),
  z.object({ kind: z.literal('fixed'), amountMinor: MinorAmount, per: z.enum(['line', 'order']) }).strict(),
]);

export const CommissionRule = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and . _ : - (1-64)'),
    when: RuleConditions.default({}),
    pay: RuleEffect,
  })
  .strict();

/**
 * The plan an enterprise sets: it is in force from the moment it is written (a credit attributed
 * before keeps the plan of its time). The marketplace fee is not the enterprise's to set.
 */
export const CommissionPlanBody = z
  .object({
    currency: Currency,
    /** Days from attribution until an entry locks (payable; a later refund writes a reversal): 0 to 365, 30 when left out. */
    holdDays: z.int().min(0).max(365).default(30),
    /** Ordered: the first rule that matches a credited line pays. */
    rules: z.array(CommissionRule).max(200),
  })
  .strict();
export type CommissionPlanBody = z.infer<typeof CommissionPlanBody>;

/** A stored version of the plan. */
export const CommissionPlanView = CommissionPlanBody.extend({
  version: z.int(),
  effectiveFrom: z.string(),
  /** Withheld from the associate: basis points of the commission, the operator's, copied into each version. */
  feeBasisPoints: BasisPoints,
  setBy: z.enum(['enterprise', 'operator']),
  createdAt: z.string(),
});
export type CommissionPlanView = z.infer<typeof CommissionPlanView>;

export const EntryKind = z.enum(['commission', 'adjustment', 'reversal', 'fee']);

/** One entry of the ledger. */
export const LedgerEntryView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  associateId: z.string(),
  month: z.string(),
  currency: z.string(),
  amountMinor: z.int(),
  kind: EntryKind,
  cause: z.enum(['sale', 'refund', 'tier', 'fee']),
  at: z.string(),
  locksAt: z.string(),
  locked: z.boolean(),
  orderId: z.string().nullable(),
  line: z.string().nullable(),
  sku: z.string().nullable(),
  ruleId: z.string().nullable(),
  refundId: z.string().nullable(),
  adjusts: z.string().nullable(),
  planVersion: z.int().nullable(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

/** A "YYYY-MM" month (UTC). */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

export const LedgerQuery = z.object({
  associateId: z.uuid().optional(),
  month: Month.optional(),
  kind: EntryKind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The `next` of the previous page. */
  after: z.string().max(1400).optional(),
});

export const LedgerPage = z.object({
  entries: z.array(LedgerEntryView),
  /** Pass as `after` for the next page; null on the last. Entries are in order of their time, then id. */
  next: z.string().nullable(),
});
export type LedgerPage = z.infer<typeof LedgerPage>;

/** What is owed to one associate for one month in one currency: locked (payable now) and pending (still in its hold). */
export const MonthPayableView = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  associateId: z.string(),
  month: z.string(),
  currency: z.string(),
  totalMinor: z.int(),
  lockedMinor: z.int(),
  pendingMinor: z.int(),
});
export type MonthPayableView = z.infer<typeof MonthPayableView>;

export const PayableQuery = z.object({ associateId: z.uuid().optional(), month: Month.optional() });

export const PayableList = z.object({ payable: z.array(MonthPayableView) });
export type PayableList = z.infer<typeof PayableList>;

export const MyCommissionQuery = z.object({
  enterpriseId: z.uuid().optional(),
  month: Month.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(1400).optional(),
});

/** The associate's own: their entries (a page) and what each enterprise owes them per month. */
export const MyCommission = z.object({ payable: z.array(MonthPayableView), entries: z.array(LedgerEntryView), next: z.string().nullable() });
export type MyCommission = z.infer<typeof MyCommission>;
