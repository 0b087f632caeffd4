import { and, asc, desc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { CommissionPlanBody, CommissionPlanView, Employment, LedgerEntryView, LedgerPage, MonthPayableView, MyCommission } from '../../../../shared/commission';
import type { Db, Tx } from '../../db/open';
import { keysetPage, pastPosition } from '../../db/keyset';
import { recordset, rowsOf } from '../../db/records';
import { associateAdmissions, associates, commissionEntries, commissionPlans, enterprises, marketplaceFees } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique';
import type { AppDeps } from '../../deps';
import { InvalidInput, NotFound, PlanRefused } from '../../errors';
import {
  type AttributedCredit,
  type CommissionPlan,
  type CreditRefund,
  type LedgerEntry,
  payoutStatementCsv,
  planAt,
  planProblems,
  settleLedger,
  type UnpaidCredit,
} from './commission.core';
import { encodeLedgerCursor, type LedgerPosition, planVersionOf } from './ledger-page.core';

/**
 * Where the ledger's inputs come from: an enterprise's credited order lines and their refunds, in
 * the core's types. Each credit carries the associate's employment with the enterprise at the
 * time of attribution (`employmentOf` tells it) and the customer's tier. The orders module
 * implements it over its tables; a credit is one per order line and associate, dated when it was
 * attributed, and no event arrives dated before events already settled.
 */
export interface CreditSource {
  creditsOf(enterpriseId: string): Promise<AttributedCredit[]>;
  refundsOf(enterpriseId: string): Promise<CreditRefund[]>;
}


/** What one settlement did. */
export interface Settled {
  /** Entries written by this settlement (another one running at once writes the rest). */
  appended: number;
  /** Booked entries the inputs now give another amount for: left as booked, and logged. */
  mismatched: string[];
  /** Credits that earn nothing, and why. */
  unpaid: UnpaidCredit[];
}

/** Names the settlement locks among Postgres advisory locks (the second key is the enterprise's hash). */
const SETTLE_LOCK_SPACE = 4_242_018;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PlanRow = typeof commissionPlans.$inferSelect;
const entryRecords = recordset(commissionEntries);
type EntryRow = typeof commissionEntries.$inferSelect;

/**
 * Commission for the associates who earned it: the enterprise's plan (versioned), the append-only
 * ledger the core's `settleLedger` gives from the credits of its orders, what is payable per
 * associate and month, and payout statements. Free of HTTP; no money moves here.
 */
export class CommissionService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'log'>,
    private readonly source: CreditSource,
  ) {}

  /** The plan in force now; NotFound when the enterprise has none. */
  async plan(enterpriseId: string): Promise<CommissionPlanView> {
    const rows = await this.planRows(this.deps.db, enterpriseId);
    const now = this.deps.clock().getTime();
    const live = planAt(rows.map(corePlan), enterpriseId, now);
    const row = live && rows.find((r) => r.version === live.version);
    if (!row) throw new NotFound('The commission plan');
    return planView(row);
  }

  /** Every version of the enterprise's plan, in the core's form. */
  async plans(enterpriseId: string): Promise<CommissionPlan[]> {
    return (await this.planRows(this.deps.db, enterpriseId)).map(corePlan);
  }

  /**
   * Writes the plan as the next version, in force from now (credits attributed before keep the plan
   * of their time), with the marketplace fee of now. PlanRefused, naming every problem, when the
   * rules of commission refuse it.
   */
  async setPlan(enterpriseId: string, body: CommissionPlanBody): Promise<CommissionPlanView> {
    const fee = await this.marketplaceFee(enterpriseId);
    const now = this.deps.clock();
    const rules = body.rules.map((r) => ({ ...r, when: r.when ?? {} }));
    const plan: CommissionPlan = { enterpriseId, version: 0, effectiveFrom: now.getTime(), currency: body.currency, holdDays: body.holdDays, rules, feeBasisPoints: fee };
    const problems = planProblems(plan);
    if (problems.length > 0) throw new PlanRefused(problems.map((message) => ({ path: problemPath(body, message), message })));
    return planView(await this.insertVersion(this.deps.db, { enterpriseId, effectiveFrom: now, currency: body.currency, holdDays: body.holdDays, rules, feeBasisPoints: fee, setBy: 'enterprise', createdAt: now }));
  }

  /** The marketplace fee the operator set for the enterprise, basis points of the commission (0 when never set). */
  async marketplaceFee(enterpriseId: string): Promise<number> {
    const [row] = await this.deps.db.select({ bps: marketplaceFees.basisPoints }).from(marketplaceFees).where(eq(marketplaceFees.enterpriseId, enterpriseId));
    return row?.bps ?? 0;
  }

  /**
   * The operator sets the enterprise's marketplace fee: from now on, a version of the plan in force
   * with the new fee (credits attributed before keep the fee of their time).
   */
  async setMarketplaceFee(enterpriseId: string, basisPoints: number): Promise<void> {
    if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) throw new InvalidInput(['basisPoints'], 'The fee is a whole number of basis points from 0 to 10000.');
    const now = this.deps.clock();
    await this.deps.db.transaction(async (tx) => {
      await tx
        .insert(marketplaceFees)
        .values({ enterpriseId, basisPoints, updatedAt: now })
        .onConflictDoUpdate({ target: marketplaceFees.enterpriseId, set: { basisPoints, updatedAt: now } });
      const rows = await this.planRows(tx, enterpriseId);
      const live = planAt(rows.map(corePlan), enterpriseId, now.getTime());
      const row = live && rows.find((r) => r.version === live.version);
      if (row && row.feeBasisPoints !== basisPoints) await this.insertVersion(tx, { ...row, effectiveFrom: now, feeBasisPoints: basisPoints, setBy: 'operator', createdAt: now });
    });
  }

  /** How each of these associates works for the enterprise: employed by it, or an independent it admitted; absent when neither. */
  async employmentOf(enterpriseId: string, associateIds: readonly string[]): Promise<Map<string, Employment>> {
    const ids = [...new Set(associateIds)].filter((id) => UUID.test(id));
    const out = new Map<string, Employment>();
    if (ids.length === 0) return out;
    const rows = await this.deps.db
      .select({ id: associates.id, employerId: associates.employerId, admitted: associateAdmissions.enterpriseId })
      .from(associates)
      .leftJoin(associateAdmissions, and(eq(associateAdmissions.associateId, associates.id), eq(associateAdmissions.enterpriseId, enterpriseId)))
      .where(inArray(associates.id, ids));
    for (const r of rows) {
      if (r.employerId === enterpriseId) out.set(r.id, 'employed');
      else if (r.employerId === null && r.admitted !== null) out.set(r.id, 'independent');
    }
    return out;
  }

  /**
   * Books what the enterprise's credits and refunds earn up to now: the entries of `settleLedger`
   * not written yet, in one transaction under the enterprise's advisory lock (and each insert
   * ignoring an id already there), so two settlements at once write each entry once. Run after
   * every change the orders module reports, and daily (`settleDue`) for entries and tiers that lock.
   */
  async settle(enterpriseId: string): Promise<Settled> {
    // Now before the inputs are read: every event dated up to it is among them (an event read after
    // `now` would be left out of a run that may already settle its month's tier).
    const now = this.deps.clock().getTime();
    const [credits, refunds] = await Promise.all([this.source.creditsOf(enterpriseId), this.source.refundsOf(enterpriseId)]);
    const ours = credits.filter((c) => c.enterpriseId === enterpriseId && UUID.test(c.associateId));
    if (ours.length < credits.length) this.deps.log('commission: credits of another enterprise or without an associate id skipped', { enterpriseId, skipped: credits.length - ours.length });
    return this.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SETTLE_LOCK_SPACE}::int, hashtext(${enterpriseId}))`);
      const plans = (await this.planRows(tx, enterpriseId)).map(corePlan);
      const booked = await tx.select({ id: commissionEntries.id, amountMinor: commissionEntries.amountMinor }).from(commissionEntries).where(eq(commissionEntries.enterpriseId, enterpriseId));
      const result = settleLedger({ credits: ours, refunds: refunds.filter((r) => r.enterpriseId === enterpriseId), plans, now, booked });
      const byId = new Map(result.entries.map((e) => [e.id, e]));
      const bookedAt = new Date(now);
      let appended = 0;
      // As one JSON parameter per few thousand rows: far cheaper than a parameter per column and row.
      for (let i = 0; i < result.append.length; i += 5_000) {
        const rows = result.append.slice(i, i + 5_000).map((e) => entryRow(e, planVersionOf(e, plans, byId), bookedAt));
        const r = entryRecords;
        const written = await tx.execute(sql`insert into commission_entries (${r.names}) select ${r.fields} from json_to_recordset(${r.json(rows)}::json) as r(${r.definition}) on conflict do nothing returning id`);
        appended += rowsOf(written).length;
      }
      if (result.mismatched.length > 0) this.deps.log('commission: booked entries the inputs now give differently, left as booked', { enterpriseId, count: result.mismatched.length, first: result.mismatched[0] });
      return { appended, mismatched: result.mismatched, unpaid: result.unpaid };
    });
  }

  /** Settles every enterprise with a plan (what the daily job runs); how many entries it wrote. */
  async settleDue(): Promise<number> {
    const rows = await this.deps.db.selectDistinct({ enterpriseId: commissionPlans.enterpriseId }).from(commissionPlans);
    let appended = 0;
    for (const { enterpriseId } of rows) appended += (await this.settle(enterpriseId)).appended;
    return appended;
  }

  /** A page of the enterprise's ledger, in order of time then id, after `after`. */
  async ledger(enterpriseId: string, q: { associateId?: string; month?: string; kind?: LedgerEntryView['kind']; limit: number; after: LedgerPosition | null }): Promise<LedgerPage> {
    return this.page([eq(commissionEntries.enterpriseId, enterpriseId), q.associateId ? eq(commissionEntries.associateId, q.associateId) : undefined, q.month ? eq(commissionEntries.month, q.month) : undefined, q.kind ? eq(commissionEntries.kind, q.kind) : undefined], q);
  }

  /** What the enterprise owes each associate per month and currency: the sum of the entries, locked and pending apart. */
  async payable(enterpriseId: string, q: { associateId?: string; month?: string }): Promise<MonthPayableView[]> {
    return this.sums([eq(commissionEntries.enterpriseId, enterpriseId), q.associateId ? eq(commissionEntries.associateId, q.associateId) : undefined, q.month ? eq(commissionEntries.month, q.month) : undefined]);
  }

  /**
   * The payout statement of an associate with the enterprise for a month, as CSV (the core's, with
   * the plan version of each entry). NotFound when the associate neither works for the enterprise
   * nor has entries with it. A statement of what is owed: no money moves.
   */
  async statement(enterpriseId: string, associateId: string, month: string): Promise<string> {
    const rows = await this.deps.db
      .select()
      .from(commissionEntries)
      .where(and(eq(commissionEntries.enterpriseId, enterpriseId), eq(commissionEntries.associateId, associateId), eq(commissionEntries.month, month)))
      .orderBy(asc(commissionEntries.at), asc(commissionEntries.id));
    if (rows.length === 0 && !(await this.knows(enterpriseId, associateId))) throw new NotFound('The associate');
    const now = this.deps.clock().getTime();
    return payoutStatementCsv(rows.map((r) => coreEntry(r, now)), { enterpriseId, associateId, month }, { planVersions: new Map(rows.map((r) => [r.id, r.planVersion])) });
  }

  /** The associate's own entries (a page) and what each enterprise owes them per month. */
  async mine(associateId: string, q: { enterpriseId?: string; month?: string; limit: number; after: LedgerPosition | null }): Promise<MyCommission> {
    const where = [eq(commissionEntries.associateId, associateId), q.enterpriseId ? eq(commissionEntries.enterpriseId, q.enterpriseId) : undefined, q.month ? eq(commissionEntries.month, q.month) : undefined];
    const [page, payable] = await Promise.all([this.page(where, q), this.sums(where)]);
    return { payable, ...page };
  }

  private async page(where: (SQL | undefined)[], q: { limit: number; after: LedgerPosition | null }): Promise<LedgerPage> {
    const after = q.after ? pastPosition('asc', commissionEntries.at, commissionEntries.id, { key: new Date(q.after.at), id: q.after.id }) : undefined;
    const rows = await this.deps.db
      .select()
      .from(commissionEntries)
      .where(and(...where, after))
      .orderBy(asc(commissionEntries.at), asc(commissionEntries.id))
      .limit(q.limit + 1);
    const now = this.deps.clock().getTime();
    const { shown, next } = keysetPage(rows, q.limit, (last) => encodeLedgerCursor({ at: last.at.getTime(), id: last.id }));
    return { entries: shown.map((r) => entryView(r, now)), next };
  }

  private async sums(where: (SQL | undefined)[]): Promise<MonthPayableView[]> {
    const now = this.deps.clock();
    const rows = await this.deps.db
      .select({
        enterpriseId: commissionEntries.enterpriseId,
        enterpriseName: enterprises.name,
        associateId: commissionEntries.associateId,
        month: commissionEntries.month,
        currency: commissionEntries.currency,
        totalMinor: sql<number>`sum(${commissionEntries.amountMinor})`.mapWith(Number),
        lockedMinor: sql<number>`coalesce(sum(${commissionEntries.amountMinor}) filter (where ${lte(commissionEntries.locksAt, now)}), 0)`.mapWith(Number),
      })
      .from(commissionEntries)
      .innerJoin(enterprises, eq(enterprises.id, commissionEntries.enterpriseId))
      .where(and(...where))
      .groupBy(commissionEntries.enterpriseId, enterprises.name, commissionEntries.associateId, commissionEntries.month, commissionEntries.currency)
      .orderBy(asc(commissionEntries.month), asc(enterprises.name), asc(commissionEntries.enterpriseId), asc(commissionEntries.associateId), asc(commissionEntries.currency));
    return rows.map((r) => ({ ...r, pendingMinor: r.totalMinor - r.lockedMinor }));
  }

  /** Whether the associate works for the enterprise now or did (employed, or admitted even if since deactivated). */
  private async knows(enterpriseId: string, associateId: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ id: associates.id })
      .from(associates)
      .leftJoin(associateAdmissions, and(eq(associateAdmissions.associateId, associates.id), eq(associateAdmissions.enterpriseId, enterpriseId)))
      .where(and(eq(associates.id, associateId), or(eq(associates.employerId, enterpriseId), and(isNull(associates.employerId), eq(associateAdmissions.enterpriseId, enterpriseId)))));
    return row !== undefined;
  }

  private planRows(db: Db | Tx, enterpriseId: string): Promise<PlanRow[]> {
    return db.select().from(commissionPlans).where(eq(commissionPlans.enterpriseId, enterpriseId)).orderBy(desc(commissionPlans.version));
  }

  /** Writes the next version; two writes at once may pick the same number: the primary key refuses one, which tries again. */
  private async insertVersion(db: Db | Tx, plan: Omit<PlanRow, 'version'>): Promise<PlanRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await db
          .insert(commissionPlans)
          .values({ ...plan, version: sql`(select coalesce(max(version), 0) + 1 from commission_plans where enterprise_id = ${plan.enterpriseId})` })
          .returning();
        return row!;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 4 || db !== this.deps.db) throw err;
      }
    }
  }
}

/** Where a problem of `planProblems` lies in the body: the rule it names, or the field. */
function problemPath(body: CommissionPlanBody, problem: string): (string | number)[] {
  const rule = /^rule (\S+?):? /.exec(problem)?.[1];
  // "appears twice" is about the second one.
  const index = rule === undefined ? -1 : /appears twice$/.test(problem) ? body.rules.findLastIndex((r) => r.id === rule) : body.rules.findIndex((r) => r.id === rule);
  if (index >= 0) return ['rules', index];
  return /^holdDays/.test(problem) ? ['holdDays'] : [];
}

function corePlan(row: PlanRow): CommissionPlan {
  const rules = typeof row.rules === 'string' ? (JSON.parse(row.rules) as PlanRow['rules']) : row.rules;
  return { enterpriseId: row.enterpriseId, version: row.version, effectiveFrom: row.effectiveFrom.getTime(), currency: row.currency, holdDays: row.holdDays, rules, feeBasisPoints: row.feeBasisPoints };
}

function planView(row: PlanRow): CommissionPlanView {
  const plan = corePlan(row);
  return {
    currency: plan.currency,
    holdDays: row.holdDays,
    rules: plan.rules as CommissionPlanView['rules'],
    version: row.version,
    effectiveFrom: row.effectiveFrom.toISOString(),
    feeBasisPoints: row.feeBasisPoints,
    setBy: row.setBy,
    createdAt: row.createdAt.toISOString(),
  };
}

function entryRow(e: LedgerEntry, planVersion: number | null, bookedAt: Date): typeof commissionEntries.$inferInsert {
  return {
    id: e.id,
    enterpriseId: e.enterpriseId,
    associateId: e.associateId,
    month: e.month,
    currency: e.currency,
    amountMinor: e.amountMinor,
    kind: e.kind,
    cause: e.cause,
    at: new Date(e.at),
    locksAt: new Date(e.locksAt),
    orderId: e.orderId,
    line: e.line,
    sku: e.sku,
    ruleId: e.ruleId,
    refundId: e.refundId,
    adjusts: e.adjusts,
    planVersion,
    bookedAt,
  };
}

/** A stored entry as the core has it, locked as of `now`. */
function coreEntry(r: EntryRow, now: number): LedgerEntry {
  const { planVersion: _version, bookedAt: _booked, at, locksAt, ...rest } = r;
  return { ...rest, at: at.getTime(), locksAt: locksAt.getTime(), locked: now >= locksAt.getTime() };
}

function entryView(r: EntryRow, now: number): LedgerEntryView {
  const e = coreEntry(r, now);
  return { ...e, at: r.at.toISOString(), locksAt: r.locksAt.toISOString(), planVersion: r.planVersion };
}
