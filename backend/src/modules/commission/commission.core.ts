/**
 * Commission: what the associates earned from their attributed order lines, as an append-only ledger.
 *
 * What this core decides (no I/O, no clock: `now` and every time are epoch ms passed in):
 * - The rule of a credit: the plan in force when it was attributed (the latest `effectiveFrom` at or
 *   before `attributedAt`, then the highest version: Rakuten's "terms at purchase time"), then its
 *   first rule, in order, whose conditions all hold (category path prefix, SKU, employed or
 *   independent, customer tier). No plan, no rule, another currency than the plan's or a broken
 *   amount earns nothing and is listed in `unpaid` with why.
 * - What a rule pays: a rate in basis points of the line's credited amount (rounded down to the minor
 *   unit), or a fixed amount per line (due while any of the line is not refunded) or per order (one
 *   amount for the order's lines that rule matched, due while any of them is not refunded; the lines
 *   are those credited with the order's first one: a line of the order credited later adds nothing).
 * - The hold: a commission entry locks `holdDays` (default 30) after its credit's `attributedAt`,
 *   locked from `locksAt` included. A refund strictly before the lock adjusts the entry: an
 *   `adjustment` (the ledger is append-only, so "replaces" is the original plus this difference, in
 *   the entry's month, locking with it). A refund at or after the lock (exactly at it included) writes
 *   a `reversal` in the refund's month, locked at once. Either way the line ends up paid what its net
 *   amount earns. A refund row given twice counts once (the larger if they differ); reductions past
 *   the credit are ignored.
 * - Monthly tiers (on a rate rule): the tier is chosen by the associate's attributed revenue in the
 *   month with the enterprise (all their credits in the plan's currency, whatever rule they fell
 *   under, net of the refunds made before each credit locked). A tier applies from its threshold
 *   included. "whole": once a tier is reached, its rate applies to all the month's revenue of the
 *   rule's lines; "marginal": each rate applies only to the revenue from its threshold to the next,
 *   lines counted in order of attribution (so reaching a threshold exactly adds nothing yet). Lines
 *   are first paid at the rule's own rate; the difference is settled once per month and rule as an
 *   `adjustment` (cause `tier`) when every credit of the month has locked (at the month's end, or at
 *   its last lock if later), locked at once, so a settled tier never moves (impact.com pays tier
 *   bonuses monthly on locked actions). A reversal after the lock takes back the line's own-rate
 *   commission only.
 * - The marketplace fee: basis points OF THE COMMISSION, withheld from the associate as `fee` entries
 *   beside the entry they are on (same month and lock). Taken on the commission rather than on the
 *   revenue so that a fee can never exceed what it is taken from: a month is never negative because
 *   of the fee. Per line, the fee is always the fee of the line's commission so far (rounded down).
 * - Ids are built from the inputs (enterprise, order, line, associate, rule, refund, month), never from
 *   `now`, and an entry's amount depends only on events at or before its own time, so a run at a later
 *   `now` reproduces every earlier entry unchanged: re-running appends nothing already booked.
 * - Payable: per enterprise, associate, month and currency, the sum of the entries (so the ledger
 *   always sums to it), split into locked (payable now) and pending. A month's total is negative only
 *   when reversals after lock (refunds of lines of earlier months) made it so: they are deducted from
 *   the month the refund falls in, as affiliate platforms do after payout; the caller carries such a
 *   balance forward or recovers it, this core does not net months against each other.
 * Months are calendar months in UTC ("2026-03").
 *
 * What the caller must do: pass the credits of the attribution (one per order line and associate; a
 * line refund already split into each associate's credit reduction), events dated when they arrived
 * (an event never arrives dated before events already settled), every plan version (`planProblems`
 * empty), and the ids and amounts of the entries already booked; store `append`; report `mismatched`
 * (an input changed after its entry was booked) instead of rewriting it. No money moves here.
 */
import { type CsvCell, spreadsheetText } from '../catalog/csv.core';

/** How an associate works for the enterprise. */
export type Employment = 'employed' | 'independent';

/** An order line's share credited to one associate by attribution. */
export interface AttributedCredit {
  enterpriseId: string;
  orderId: string;
  line: string;
  sku: string;
  /** Category path, segments separated by ">" ("Home > Kitchen > Knives"); null when unknown. */
  category: string | null;
  /** The credited share of the line, integer minor units, at least 0. */
  amountMinor: number;
  /** ISO 4217. */
  currency: string;
  associateId: string;
  employment: Employment;
  customerTier: string | null;
  /** Epoch ms. */
  attributedAt: number;
}

/** A reduction of one associate's credit on one line by a refund (several rows may share a refund id). */
export interface CreditRefund {
  refundId: string;
  enterpriseId: string;
  orderId: string;
  line: string;
  associateId: string;
  /** Minor units, above 0 (others are ignored); the reductions of a credit beyond its amount are ignored. */
  amountMinor: number;
  refundedAt: number;
}

/** Conditions of a rule; all present ones must hold, none means every line. */
export interface RuleConditions {
  /** Matches whole segments, case-insensitively: "Home > Kitchen" matches "home>kitchen>knives", not "Home > Kitchenware". */
  categoryPrefix?: string;
  skus?: readonly string[];
  employment?: Employment;
  customerTiers?: readonly string[];
}

export interface TierStep {
  /** The month's revenue from which this rate applies, minor units (included). */
  fromMinor: number;
  basisPoints: number;
}

export interface TierSchedule {
  mode: 'whole' | 'marginal';
  /** Ascending thresholds, rates not below the rule's own rate nor the step before. */
  steps: readonly TierStep[];
}

export type RuleEffect =
  | { kind: 'rate'; basisPoints: number; tiers?: TierSchedule }
  | { kind: 'fixed'; amountMinor: number; per: 'line' | 'order' };

export interface CommissionRule {
  id: string;
  when: RuleConditions;
  pay: RuleEffect;
}

/** An enterprise's commission terms from `effectiveFrom` until the next version. */
export interface CommissionPlan {
  enterpriseId: string;
  /** Increasing per enterprise; of two versions from the same instant the higher is in force. */
  version: number;
  effectiveFrom: number;
  /** Fixed amounts and tier thresholds are in this currency; credits in another earn nothing. */
  currency: string;
  /** Days from attribution until an entry locks (Shopify Collabs: 1 to 90); 30 when not given. */
  holdDays?: number;
  /** Ordered: the first rule that matches pays. */
  rules: readonly CommissionRule[];
  /** Marketplace fee, basis points of the commission (0 to 10,000). */
  feeBasisPoints: number;
}

export const DEFAULT_HOLD_DAYS = 30;
const DAY_MS = 86_400_000;

export type EntryKind = 'commission' | 'adjustment' | 'reversal' | 'fee';

export interface LedgerEntry {
  /** Deterministic from the inputs. */
  id: string;
  enterpriseId: string;
  associateId: string;
  /** "YYYY-MM" (UTC) the amount counts in. */
  month: string;
  currency: string;
  /** Integer minor units, negative for what is taken back. */
  amountMinor: number;
  kind: EntryKind;
  /** Why: the sale, a refund, the month's tier, or the fee on another entry. */
  cause: 'sale' | 'refund' | 'tier' | 'fee';
  /** When the entry came to be (the attribution, the refund, the tier settlement). */
  at: number;
  locksAt: number;
  /** Whether `now` is at or past `locksAt`. */
  locked: boolean;
  orderId: string | null;
  /** Null for a per-order amount, a tier settlement, or a fee on one. */
  line: string | null;
  sku: string | null;
  ruleId: string | null;
  refundId: string | null;
  /** The entry this one adjusts, reverses or takes a fee on. */
  adjusts: string | null;
}

export interface MonthPayable {
  enterpriseId: string;
  associateId: string;
  month: string;
  currency: string;
  totalMinor: number;
  lockedMinor: number;
  pendingMinor: number;
}

export interface UnpaidCredit {
  enterpriseId: string;
  orderId: string;
  line: string;
  associateId: string;
  reason: 'invalid_amount' | 'no_plan' | 'currency' | 'no_rule';
}

export interface LedgerInput {
  credits: readonly AttributedCredit[];
  refunds: readonly CreditRefund[];
  plans: readonly CommissionPlan[];
  now: number;
  /** Entries already stored (ids and amounts); none on a first run. */
  booked?: readonly Pick<LedgerEntry, 'id' | 'amountMinor'>[];
}

export interface LedgerResult {
  /** Every entry due at `now`, in order of time then id. */
  entries: LedgerEntry[];
  /** The entries not yet booked, to store. */
  append: LedgerEntry[];
  /** Booked ids whose amount the inputs now give differently (left as booked). */
  mismatched: string[];
  payable: MonthPayable[];
  unpaid: UnpaidCredit[];
}

/** What is wrong with a plan, in words; empty when it can be used. */
export function planProblems(plan: CommissionPlan): string[] {
  const problems: string[] = [];
  const bps = (n: number) => Number.isInteger(n) && n >= 0 && n <= 10_000;
  const hold = plan.holdDays ?? DEFAULT_HOLD_DAYS;
  if (!Number.isInteger(hold) || hold < 0 || hold > 365) problems.push('holdDays must be a whole number of days from 0 to 365');
  if (!bps(plan.feeBasisPoints)) problems.push('feeBasisPoints must be a whole number from 0 to 10000');
  const ids = new Set<string>();
  for (const rule of plan.rules) {
    if (ids.has(rule.id)) problems.push(`rule ${rule.id} appears twice`);
    ids.add(rule.id);
    const pay = rule.pay;
    if (pay.kind === 'fixed') {
      if (!Number.isSafeInteger(pay.amountMinor) || pay.amountMinor < 0) problems.push(`rule ${rule.id}: a fixed amount is whole minor units, at least 0`);
      continue;
    }
    if (!bps(pay.basisPoints)) problems.push(`rule ${rule.id}: basisPoints must be a whole number from 0 to 10000`);
    let from = 0;
    let rate = pay.basisPoints;
    for (const step of pay.tiers?.steps ?? []) {
      if (!Number.isSafeInteger(step.fromMinor) || step.fromMinor <= from) problems.push(`rule ${rule.id}: tier thresholds must be whole, above 0 and ascending`);
      if (!bps(step.basisPoints) || step.basisPoints < rate) problems.push(`rule ${rule.id}: tier rates must not fall below the rate before them`);
      from = step.fromMinor;
      rate = step.basisPoints;
    }
  }
  return problems;
}

/** Whole segments of a category path, trimmed and lower-cased. */
function segments(path: string): string[] {
  return path
    .split('>')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/** Whether every condition of the rule holds for the credit. */
export function ruleMatches(when: RuleConditions, credit: AttributedCredit): boolean {
  if (when.categoryPrefix !== undefined) {
    const prefix = segments(when.categoryPrefix);
    const path = segments(credit.category ?? '');
    if (prefix.length > path.length || prefix.some((s, i) => path[i] !== s)) return false;
  }
  if (when.skus && !when.skus.includes(credit.sku)) return false;
  if (when.employment && when.employment !== credit.employment) return false;
  if (when.customerTiers && (credit.customerTier === null || !when.customerTiers.includes(credit.customerTier))) return false;
  return true;
}

/** `amount × basisPoints / 10,000`, rounded toward zero, exact for any safe amount. */
export function applyBasisPoints(amountMinor: number, basisPoints: number): number {
  return Number((BigInt(amountMinor) * BigInt(basisPoints)) / 10_000n);
}

/** "YYYY-MM" of an instant, in UTC. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The first instant of the month after `month`. */
function monthEnd(month: string): number {
  return Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
}

/** The plan of an enterprise in force at `at`. */
export function planAt(plans: readonly CommissionPlan[], enterpriseId: string, at: number): CommissionPlan | null {
  let best: CommissionPlan | null = null;
  for (const p of plans) {
    const later = !best || p.effectiveFrom > best.effectiveFrom || (p.effectiveFrom === best.effectiveFrom && p.version > best.version);
    if (p.enterpriseId === enterpriseId && p.effectiveFrom <= at && later) best = p;
  }
  return best;
}

const key = (...parts: (string | number)[]) => parts.map((p) => encodeURIComponent(String(p))).join(':');
const creditKey = (c: Pick<AttributedCredit, 'enterpriseId' | 'orderId' | 'line' | 'associateId'>) => key(c.enterpriseId, c.orderId, c.line, c.associateId);
const byTimeThenId = <T>(time: (x: T) => number, id: (x: T) => string) => (a: T, b: T) => time(a) - time(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/** A credit with its plan, first matching rule (if any) and refunds. */
interface CountedCredit {
  credit: AttributedCredit;
  key: string;
  plan: CommissionPlan;
  rule: CommissionRule | null;
  locksAt: number;
  refunds: CreditRefund[];
}
type PaidCredit = CountedCredit & { rule: CommissionRule };

/** What a commission is about: one line, or an order's lines under a per-order fixed rule. */
interface Subject {
  id: string;
  lines: PaidCredit[];
  first: PaidCredit;
}

/** A credit's amount less the refunds that `counts`, never below 0. */
function netOf(p: CountedCredit, counts: (r: CreditRefund) => boolean): number {
  const refunded = p.refunds.filter(counts).reduce((s, r) => s + r.amountMinor, 0);
  return Math.max(0, p.credit.amountMinor - refunded);
}

/** What a subject earns at its rule's own rate, given the nets of its lines. */
function earned(pay: RuleEffect, nets: number[]): number {
  if (pay.kind === 'rate') return nets.reduce((s, n) => s + applyBasisPoints(n, pay.basisPoints), 0);
  return nets.some((n) => n > 0) ? pay.amountMinor : 0;
}

/** The rate of the highest tier reached by `revenue` (thresholds included). */
function rateAt(base: number, tiers: TierSchedule, revenue: number): number {
  let rate = base;
  for (const s of tiers.steps) if (revenue >= s.fromMinor) rate = s.basisPoints;
  return rate;
}

/** What revenue lying in [start, start + amount) of the month earns under marginal tiers, in basis-point minor units. */
function marginalBps(base: number, steps: readonly TierStep[], start: number, amount: number): bigint {
  const bands = [{ from: 0, rate: base }, ...steps.map((s) => ({ from: s.fromMinor, rate: s.basisPoints }))];
  let total = 0n;
  bands.forEach((band, i) => {
    const to = bands[i + 1]?.from ?? Infinity;
    const overlap = Math.max(0, Math.min(start + amount, to) - Math.max(start, band.from));
    total += BigInt(overlap) * BigInt(band.rate);
  });
  return total;
}

// A refund row given twice counts once; if the two disagree, the larger (and earlier) one is kept.
const refundOrder = byTimeThenId<CreditRefund>((r) => r.refundedAt, (r) => r.refundId);

/** A credit's whole content, so that two differing credits for one line and associate at one instant are told apart the same way whatever order they came in. */
const creditContent = (c: AttributedCredit): string =>
  JSON.stringify([c.sku, c.category, c.amountMinor, c.currency, c.employment, c.customerTier]);

/** The credits known at `now` (one per line and associate: a repeated credit is the same one; the earliest wins, then the least by content), each with its refunds known at `now`. */
function knownCredits(input: LedgerInput): Map<string, { credit: AttributedCredit; refunds: CreditRefund[] }> {
  const known = new Map<string, { credit: AttributedCredit; refunds: CreditRefund[] }>();
  const order = byTimeThenId<AttributedCredit>((c) => c.attributedAt, (c) => `${creditKey(c)}\u0000${creditContent(c)}`);
  for (const c of [...input.credits].filter((c) => c.attributedAt <= input.now).sort(order)) {
    if (!known.has(creditKey(c))) known.set(creditKey(c), { credit: c, refunds: [] });
  }
  const valid = (r: CreditRefund) => r.refundedAt <= input.now && Number.isSafeInteger(r.amountMinor) && r.amountMinor > 0;
  for (const r of [...input.refunds].filter(valid).sort((a, b) => refundOrder(a, b) || b.amountMinor - a.amountMinor)) {
    const refunds = known.get(creditKey(r))?.refunds;
    if (refunds && !refunds.some((x) => x.refundId === r.refundId)) refunds.push(r);
  }
  return known;
}

/** Withholds the fee on an entry, beside it. */
function feeEntry(entry: LedgerEntry, feeMinor: number): LedgerEntry[] {
  return feeMinor === 0 ? [] : [{ ...entry, id: `${entry.id}:fee`, amountMinor: -feeMinor, kind: 'fee', cause: 'fee', adjusts: entry.id }];
}

/** A subject's sale and what each refund changed of it, with their fees. */
function subjectEntries(s: Subject, now: number): LedgerEntry[] {
  const { credit, plan, rule, locksAt } = s.first;
  const perLine = !(rule.pay.kind === 'fixed' && rule.pay.per === 'order');
  const base = {
    enterpriseId: credit.enterpriseId,
    associateId: credit.associateId,
    currency: credit.currency,
    orderId: credit.orderId,
    line: perLine ? credit.line : null,
    sku: perLine ? credit.sku : null,
    ruleId: rule.id,
  };
  const fee = (commission: number) => applyBasisPoints(commission, plan.feeBasisPoints);
  let paidSoFar = earned(rule.pay, s.lines.map((l) => l.credit.amountMinor));
  const sale: LedgerEntry = {
    ...base,
    id: s.id,
    month: monthOf(credit.attributedAt),
    amountMinor: paidSoFar,
    kind: 'commission',
    cause: 'sale',
    at: credit.attributedAt,
    locksAt,
    locked: now >= locksAt,
    refundId: null,
    adjusts: null,
  };
  const entries = paidSoFar === 0 ? [] : [sale, ...feeEntry(sale, fee(paidSoFar))];

  // Refunds in order; the rows of one refund at one instant across the subject's lines are one event.
  const eventKey = (r: CreditRefund) => key(r.refundId, r.refundedAt);
  const rows = new Map<string, CreditRefund>();
  for (const l of s.lines) for (const r of l.refunds) rows.set(eventKey(r), r);
  const events = [...rows.values()].sort(refundOrder);
  const position = new Map(events.map((r, i) => [eventKey(r), i]));
  for (const [i, { refundId, refundedAt: at }] of events.entries()) {
    const after = earned(rule.pay, s.lines.map((l) => netOf(l, (r) => position.get(eventKey(r))! <= i)));
    if (after === paidSoFar) continue;
    const beforeLock = at < locksAt;
    const entry: LedgerEntry = {
      ...base,
      id: `${s.id}:${key('refund', refundId, at)}`,
      month: beforeLock ? sale.month : monthOf(at),
      amountMinor: after - paidSoFar,
      kind: beforeLock ? 'adjustment' : 'reversal',
      cause: 'refund',
      at,
      locksAt: beforeLock ? locksAt : at,
      locked: now >= (beforeLock ? locksAt : at),
      refundId,
      adjusts: s.id,
    };
    entries.push(entry, ...feeEntry(entry, fee(after) - fee(paidSoFar)));
    paidSoFar = after;
  }
  return entries;
}

/** An associate's month, once every credit of it has locked: what its tiered rules pay past their own rate. */
function tierEntries(monthKey: string, month: readonly CountedCredit[], now: number): LedgerEntry[] {
  const first = month[0]!.credit;
  const calendarMonth = monthOf(first.attributedAt);
  const settleAt = Math.max(monthEnd(calendarMonth), ...month.map((p) => p.locksAt));
  if (settleAt > now) return [];
  const ordered = [...month].sort(byTimeThenId((p) => p.credit.attributedAt, (p) => p.key));
  const nets = ordered.map((p) => netOf(p, (r) => r.refundedAt < p.locksAt));
  const revenue = nets.reduce((a, b) => a + b, 0);
  const byRule = new Map<string, { p: PaidCredit; own: number; tiered: bigint }>();
  let start = 0;
  ordered.forEach((p, i) => {
    const net = nets[i]!;
    const rule = p.rule;
    const pay = rule?.pay;
    if (rule && pay?.kind === 'rate' && pay.tiers && pay.tiers.steps.length > 0) {
      const rk = `${rule.id}@${p.plan.version}`;
      const tiered = pay.tiers.mode === 'whole' ? BigInt(net) * BigInt(rateAt(pay.basisPoints, pay.tiers, revenue)) : marginalBps(pay.basisPoints, pay.tiers.steps, start, net);
      const sum = byRule.get(rk) ?? { p: { ...p, rule }, own: 0, tiered: 0n };
      byRule.set(rk, { p: sum.p, own: sum.own + applyBasisPoints(net, pay.basisPoints), tiered: sum.tiered + tiered });
    }
    start += net;
  });
  return [...byRule].flatMap(([rk, { p, own, tiered }]) => {
    const amount = Number(tiered / 10_000n) - own;
    if (amount === 0) return [];
    const entry: LedgerEntry = {
      id: `tier:${monthKey}:${key(rk)}`,
      enterpriseId: first.enterpriseId,
      associateId: first.associateId,
      month: calendarMonth,
      currency: first.currency,
      amountMinor: amount,
      kind: 'adjustment',
      cause: 'tier',
      at: settleAt,
      locksAt: settleAt,
      locked: true,
      orderId: null,
      line: null,
      sku: null,
      ruleId: p.rule.id,
      refundId: null,
      adjusts: null,
    };
    return [entry, ...feeEntry(entry, applyBasisPoints(amount, p.plan.feeBasisPoints))];
  });
}

/** The ledger due at `now`, what of it is not booked yet, and the payable per associate and month. */
export function settleLedger(input: LedgerInput): LedgerResult {
  const unpaid: UnpaidCredit[] = [];
  // Each credit's plan and first matching rule; every credit in the plan's currency counts toward its month's tier.
  const paid: PaidCredit[] = [];
  const months = new Map<string, CountedCredit[]>();
  for (const [k, { credit, refunds }] of knownCredits(input)) {
    const plan = planAt(input.plans, credit.enterpriseId, credit.attributedAt);
    const rule = plan?.rules.find((r) => ruleMatches(r.when, credit));
    const reason: UnpaidCredit['reason'] | null =
      !Number.isSafeInteger(credit.amountMinor) || credit.amountMinor < 0 ? 'invalid_amount' : !plan ? 'no_plan' : plan.currency !== credit.currency ? 'currency' : !rule ? 'no_rule' : null;
    if (reason) unpaid.push({ enterpriseId: credit.enterpriseId, orderId: credit.orderId, line: credit.line, associateId: credit.associateId, reason });
    if (!plan || (reason && reason !== 'no_rule')) continue;
    const p: CountedCredit = { credit, key: k, plan, rule: rule ?? null, locksAt: credit.attributedAt + (plan.holdDays ?? DEFAULT_HOLD_DAYS) * DAY_MS, refunds };
    const mk = key(credit.enterpriseId, credit.associateId, monthOf(credit.attributedAt), credit.currency);
    months.set(mk, [...(months.get(mk) ?? []), p]);
    if (rule) paid.push({ ...p, rule });
  }

  // Subjects: a line, or an order's lines under a per-order fixed rule.
  const subjects = new Map<string, Subject>();
  for (const p of paid) {
    const c = p.credit;
    const perOrder = p.rule.pay.kind === 'fixed' && p.rule.pay.per === 'order';
    const id = perOrder ? key('commission', c.enterpriseId, c.orderId, 'order', p.rule.id, c.associateId) : key('commission', c.enterpriseId, c.orderId, c.line, c.associateId);
    const s = subjects.get(id);
    // An order's amount is decided by the lines credited with its first one; a line credited later adds and keeps nothing.
    if (!s) subjects.set(id, { id, lines: [p], first: p });
    else if (s.first.credit.attributedAt === c.attributedAt) s.lines.push(p);
  }

  const entries = [
    ...[...subjects.values()].flatMap((s) => subjectEntries(s, input.now)),
    ...[...months].flatMap(([mk, month]) => tierEntries(mk, month, input.now)),
  ].sort(byTimeThenId((e) => e.at, (e) => e.id));
  const booked = new Map((input.booked ?? []).map((b) => [b.id, b.amountMinor]));
  const append = entries.filter((e) => !booked.has(e.id));
  const mismatched = entries.filter((e) => booked.has(e.id) && booked.get(e.id) !== e.amountMinor).map((e) => e.id);
  return { entries, append, mismatched, payable: payableOf(entries), unpaid };
}

/** The sum of entries per enterprise, associate, month and currency, locked and pending apart. */
export function payableOf(entries: readonly LedgerEntry[]): MonthPayable[] {
  const sums = new Map<string, MonthPayable>();
  for (const e of entries) {
    const k = key(e.enterpriseId, e.associateId, e.month, e.currency);
    const m = sums.get(k) ?? { enterpriseId: e.enterpriseId, associateId: e.associateId, month: e.month, currency: e.currency, totalMinor: 0, lockedMinor: 0, pendingMinor: 0 };
    m.totalMinor += e.amountMinor;
    if (e.locked) m.lockedMinor += e.amountMinor;
    else m.pendingMinor += e.amountMinor;
    sums.set(k, m);
  }
  return [...sums.values()].sort(byTimeThenId(() => 0, (m) => key(m.enterpriseId, m.associateId, m.month, m.currency)));
}

export type { CsvCell, CsvNumber } from '../catalog/csv.core';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled; its text
 * is `spreadsheetText`'s (a would-be formula neutralised, an amount this core wrote kept a number).
 */
export function csvField(value: CsvCell): string {
  const text = spreadsheetText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const digitsOf = new Map<string, number>();

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY, 3 for KWD). */
function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    // Making a NumberFormat costs tens of microseconds: a report's CSV writes thousands of amounts.
    if (digitsOf.size < 1_000) digitsOf.set(currency, digits);
  }
  return digits;
}

/** Minor units as a decimal in the currency's digits: 1234 EUR → "12.34", -5 EUR → "-0.05". */
export function decimalAmount(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return amountMinor < 0 ? `-${whole}` : whole;
}

export const STATEMENT_COLUMNS = ['entry', 'date', 'kind', 'cause', 'order', 'line', 'sku', 'rule', 'refund', 'amount', 'currency', 'locks_at', 'locked'] as const;

/**
 * The payout statement of one associate with one enterprise for one month, as CSV (CRLF lines): a header,
 * the month's entries in order, then a "total" and a "locked" row per currency. The totals are the
 * month's payable, to the minor unit. Pass `settleLedger(...).entries`, whose `locked` is as of its `now`.
 * With `planVersions` (entry id → version), a last column "plan" names the plan version that paid each entry.
 * A statement of what is owed: no money moves.
 */
export function payoutStatementCsv(
  entries: readonly LedgerEntry[],
  of: { enterpriseId: string; associateId: string; month: string },
  opts: { planVersions?: ReadonlyMap<string, number | null> } = {},
): string {
  const mine = entries
    .filter((e) => e.enterpriseId === of.enterpriseId && e.associateId === of.associateId && e.month === of.month)
    .sort(byTimeThenId((e) => e.at, (e) => e.id));
  const iso = (t: number) => new Date(t).toISOString();
  // With the plan versions, a last column says which version of the plan paid each entry.
  const versions = opts.planVersions;
  const plan = (e: LedgerEntry | null): CsvCell[] => (!versions ? [] : [e && versions.get(e.id) != null ? { numeric: String(versions.get(e.id)) } : null]);
  const rows: CsvCell[][] = [[...STATEMENT_COLUMNS, ...(versions ? ['plan'] : [])]];
  for (const e of mine) {
    rows.push([e.id, iso(e.at), e.kind, e.cause, e.orderId, e.line, e.sku, e.ruleId, e.refundId, { numeric: decimalAmount(e.amountMinor, e.currency) }, e.currency, iso(e.locksAt), e.locked, ...plan(e)]);
  }
  for (const m of payableOf(mine)) {
    rows.push(['total', null, null, null, null, null, null, null, null, { numeric: decimalAmount(m.totalMinor, m.currency) }, m.currency, null, null, ...plan(null)]);
    rows.push(['locked', null, null, null, null, null, null, null, null, { numeric: decimalAmount(m.lockedMinor, m.currency) }, m.currency, null, null, ...plan(null)]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
