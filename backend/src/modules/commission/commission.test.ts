import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { CommissionPlanView, LedgerPage, type LedgerEntryView, MyCommission, PayableList } from '../../../../shared/commission';
import { rowsOf } from '../../db/records';
import { associateTokens, commissionEntries, commissionPlans, marketplaceFees } from '../../db/schema';
import { hashSecret, newSecret } from '../../secrets';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { T0 } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';
import { type AttributedCredit, type CommissionRule, type CreditRefund, payableOf, settleLedger } from './commission.core';
import { decodeLedgerCursor } from './ledger-page.core';
import { CommissionService, type CreditSource } from './service';

const DAY = 86_400_000;
const T0_MS = Date.parse(T0);

/** The orders module's port over plain data the test holds: what has happened by the clock's now. */
function memorySource(now: () => Date) {
  const credits: AttributedCredit[] = [];
  const refunds: CreditRefund[] = [];
  const source: CreditSource = {
    creditsOf: async (enterpriseId) => credits.filter((c) => c.enterpriseId === enterpriseId && c.attributedAt <= now().getTime()),
    refundsOf: async (enterpriseId) => refunds.filter((r) => r.enterpriseId === enterpriseId && r.refundedAt <= now().getTime()),
  };
  return { credits, refunds, source };
}

const credit = (over: Partial<AttributedCredit> & Pick<AttributedCredit, 'enterpriseId' | 'associateId' | 'orderId'>): AttributedCredit => ({
  line: '1',
  sku: 'WH-1000XM5',
  category: 'Audio > Headphones',
  amountMinor: 34_900,
  currency: 'USD',
  employment: 'employed',
  customerTier: null,
  attributedAt: T0_MS,
  ...over,
});

const PLAN = {
  currency: 'USD',
  holdDays: 30,
  rules: [
    { id: 'headphones', when: { categoryPrefix: 'Audio > Headphones' }, pay: { kind: 'rate', basisPoints: 500 } },
    { id: 'rest', pay: { kind: 'fixed', amountMinor: 200, per: 'order' } },
  ],
};

describe.each(DB_KINDS)('commission on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let mem: ReturnType<typeof memorySource>;
  let commission: CommissionService;
  beforeEach(() => {
    h = api();
    mem = memorySource(h.clock.now);
    commission = new CommissionService({ db: h.db.db, clock: h.clock.now, log: () => {} }, mem.source);
  });

  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

  it('keeps the plan as versions, and refuses a plan the rules of commission refuse whole, naming every problem', async () => {
    const key = h.seed.voltKey;
    expect((await call(h.app, 'GET', '/api/v1/commission/plan', key)).status).toBe(404);
    const first = await json(await call(h.app, 'PUT', '/api/v1/commission/plan', key, PLAN));
    expect(first.status).toBe(200);
    expect(CommissionPlanView.parse(first.body)).toMatchObject({ version: 1, currency: 'USD', holdDays: 30, feeBasisPoints: 0, setBy: 'enterprise', effectiveFrom: T0 });

    const broken = {
      currency: 'USD',
      rules: [
        { id: 'a', pay: { kind: 'rate', basisPoints: 500, tiers: { mode: 'whole', steps: [{ fromMinor: 100_000, basisPoints: 700 }, { fromMinor: 50_000, basisPoints: 400 }] } } },
        { id: 'a', pay: { kind: 'fixed', amountMinor: 100, per: 'line' } },
      ],
    };
    const refused = await json(await call(h.app, 'PUT', '/api/v1/commission/plan', key, broken));
    expect(refused.status).toBe(400);
    const error = ApiError.parse(refused.body).error;
    expect(error.code).toBe('invalid_plan');
    expect(error.issues).toEqual([
      { path: ['rules', 0], message: 'rule a: tier thresholds must be whole, above 0 and ascending' },
      { path: ['rules', 0], message: 'rule a: tier rates must not fall below the rate before them' },
      { path: ['rules', 1], message: 'rule a appears twice' },
    ]);
    expect(await h.db.db.$count(commissionPlans)).toBe(1);
    // Shape errors are the schema's: a rate past 100 %.
    expect(ApiError.parse((await json(await call(h.app, 'PUT', '/api/v1/commission/plan', key, { ...PLAN, rules: [{ id: 'x', pay: { kind: 'rate', basisPoints: 10_001 } }] }))).body).error.code).toBe('invalid_body');

    h.clock.advance(60_000);
    expect((await call(h.app, 'PUT', '/api/v1/commission/plan', key, { ...PLAN, holdDays: 14 })).status).toBe(200);
    expect(CommissionPlanView.parse((await json(await call(h.app, 'GET', '/api/v1/commission/plan', key))).body)).toMatchObject({ version: 2, holdDays: 14 });
    expect(await h.db.db.$count(commissionPlans)).toBe(2);
    // Summit has none of Volt's.
    expect((await call(h.app, 'GET', '/api/v1/commission/plan', h.seed.summitKey)).status).toBe(404);

    // The operator's fee: a version of its own, from now.
    h.clock.advance(60_000);
    await commission.setMarketplaceFee(h.seed.volt.id, 1_000);
    expect(CommissionPlanView.parse((await json(await call(h.app, 'GET', '/api/v1/commission/plan', key))).body)).toMatchObject({ version: 3, holdDays: 14, feeBasisPoints: 1_000, setBy: 'operator' });
    await expect(commission.setMarketplaceFee(h.seed.volt.id, 10_001)).rejects.toThrow();
  });

  it('books the ledger once, sums it to what is payable, and hands out statements and the associate’s own view', async () => {
    const volt = h.seed.volt.id;
    const summit = h.seed.summit.id;
    const ana = await seedAssociate(h.db.db, h.clock.now(), { employerId: volt, displayName: 'Ana' });
    const indy = await seedAssociate(h.db.db, h.clock.now(), { employerId: null, displayName: 'Indy' });
    const outsider = await seedAssociate(h.db.db, h.clock.now(), { employerId: summit, displayName: 'Sam' });
    await h.db.db.execute(sql`insert into associate_admissions (associate_id, enterprise_id, admitted_at) values (${indy.id}, ${volt}, now()), (${indy.id}, ${summit}, now())`);
    expect(Object.fromEntries(await commission.employmentOf(volt, [ana.id, indy.id, outsider.id]))).toEqual({ [ana.id]: 'employed', [indy.id]: 'independent' });

    await commission.setMarketplaceFee(volt, 1_000);
    await commission.setPlan(volt, PLAN as never);
    await commission.setPlan(summit, { currency: 'USD', holdDays: 10, rules: [{ id: 'all', when: {}, pay: { kind: 'rate', basisPoints: 1_000 } }] });
    h.clock.advance(1_000);
    const at = h.clock.now().getTime();
    mem.credits.push(
      credit({ enterpriseId: volt, associateId: ana.id, orderId: 'o-1', line: '1', attributedAt: at }),
      credit({ enterpriseId: volt, associateId: indy.id, orderId: 'o-2', line: '1', category: 'Home > Kitchen', sku: 'KNIFE', amountMinor: '=cmd' as never, employment: 'independent', attributedAt: at }),
      credit({ enterpriseId: volt, associateId: indy.id, orderId: '=HYPERLINK("x")', line: '1', category: 'Home > Kitchen', sku: 'PAN', amountMinor: 5_000, employment: 'independent', attributedAt: at }),
      credit({ enterpriseId: summit, associateId: indy.id, orderId: 's-1', line: '1', amountMinor: 10_000, employment: 'independent', attributedAt: at }),
    );
    const settled = await commission.settle(volt);
    // Ana: 5 % of 349.00 = 1745, fee 174; Indy: 200 per order, fee 20; the broken amount earns nothing.
    expect(settled.appended).toBe(4);
    expect(settled.unpaid.map((u) => u.reason)).toEqual(['invalid_amount']);
    expect((await commission.settle(volt)).appended).toBe(0);
    await commission.settle(summit);

    const ledger = LedgerPage.parse((await json(await call(h.app, 'GET', '/api/v1/commission/ledger?limit=3', h.seed.voltKey))).body);
    expect(ledger.entries).toHaveLength(3);
    const rest = LedgerPage.parse((await json(await call(h.app, 'GET', `/api/v1/commission/ledger?limit=3&after=${ledger.next}`, h.seed.voltKey))).body);
    expect(rest.next).toBeNull();
    const all = [...ledger.entries, ...rest.entries];
    expect(all.map((e) => [e.associateId === ana.id ? 'ana' : 'indy', e.kind, e.amountMinor, e.planVersion, e.locked]).sort()).toEqual(
      [
        ['ana', 'commission', 1745, 1, false],
        ['ana', 'fee', -174, 1, false],
        ['indy', 'commission', 200, 1, false],
        ['indy', 'fee', -20, 1, false],
      ].sort(),
    );
    const fees = LedgerPage.parse((await json(await call(h.app, 'GET', `/api/v1/commission/ledger?kind=fee&associateId=${ana.id}`, h.seed.voltKey))).body);
    expect(fees.entries.map((e) => e.amountMinor)).toEqual([-174]);
    expect((await call(h.app, 'GET', '/api/v1/commission/ledger?after=bm90LWEtY3Vyc29y', h.seed.voltKey)).status).toBe(400);
    expect((await call(h.app, 'GET', '/api/v1/commission/ledger?month=2026-13', h.seed.voltKey)).status).toBe(400);

    const before = PayableList.parse((await json(await call(h.app, 'GET', '/api/v1/commission/payable', h.seed.voltKey))).body).payable;
    expect(before.map((p) => [p.associateId === ana.id ? 'ana' : 'indy', p.month, p.totalMinor, p.lockedMinor, p.pendingMinor]).sort()).toEqual([
      ['ana', '2026-03', 1571, 0, 1571],
      ['indy', '2026-03', 180, 0, 180],
    ]);
    // After the hold the same entries are locked: nothing new is booked, the money is payable.
    h.clock.advance(31 * DAY);
    expect((await commission.settleDue())).toBe(0);
    const locked = PayableList.parse((await json(await call(h.app, 'GET', `/api/v1/commission/payable?associateId=${ana.id}`, h.seed.voltKey))).body).payable;
    expect(locked).toEqual([{ enterpriseId: volt, enterpriseName: h.seed.volt.name, associateId: ana.id, month: '2026-03', currency: 'USD', totalMinor: 1571, lockedMinor: 1571, pendingMinor: 0 }]);

    // A refund after the lock: a reversal in the refund's month, with the fee given back.
    mem.refunds.push({ refundId: 'r-1', enterpriseId: volt, orderId: 'o-1', line: '1', associateId: ana.id, amountMinor: 34_900, refundedAt: h.clock.now().getTime() });
    expect((await commission.settle(volt)).appended).toBe(2);
    const april = PayableList.parse((await json(await call(h.app, 'GET', `/api/v1/commission/payable?associateId=${ana.id}&month=2026-04`, h.seed.voltKey))).body).payable;
    expect(april.map((p) => [p.totalMinor, p.lockedMinor])).toEqual([[-1571, -1571]]);

    // The statement: the core's CSV, formula cells neutralised, as an attachment.
    const res = await call(h.app, 'GET', `/api/v1/commission/statements/${indy.id}/2026-03`, h.seed.voltKey);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="commission-${indy.id}-2026-03.csv"`);
    const csv = await res.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('entry,date,kind,cause,order,line,sku,rule,refund,amount,currency,locks_at,locked,plan');
    expect(lines.slice(-2)).toEqual(['total,,,,,,,,,1.80,USD,,,', 'locked,,,,,,,,,1.80,USD,,,']);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).not.toMatch(/,=/);
    // An associate of the enterprise with nothing that month: the header and no totals; anyone else's: 404.
    expect((await (await call(h.app, 'GET', `/api/v1/commission/statements/${ana.id}/2025-01`, h.seed.voltKey)).text()).split('\r\n')[0]).toMatch(/^entry,/);
    expect((await call(h.app, 'GET', `/api/v1/commission/statements/${outsider.id}/2026-03`, h.seed.voltKey)).status).toBe(404);
    expect((await call(h.app, 'GET', `/api/v1/commission/statements/${ana.id}/2026-03`, h.seed.summitKey)).status).toBe(404);
    expect((await call(h.app, 'GET', `/api/v1/commission/statements/${ana.id}/March`, h.seed.voltKey)).status).toBe(400);

    // The independent sees both enterprises; Ana only her own; neither sees the other's entries (signed in again: a month has passed).
    const signIn = async (associateId: string) => {
      const token = newSecret('fwa');
      await h.db.db.insert(associateTokens).values({ tokenHash: hashSecret(token), associateId, createdAt: h.clock.now(), expiresAt: new Date(h.clock.now().getTime() + DAY) });
      return token;
    };
    [indy.token, ana.token] = [await signIn(indy.id), await signIn(ana.id)];
    const mine = MyCommission.parse((await json(await call(h.app, 'GET', '/api/v1/associates/me/commission', indy.token))).body);
    expect(mine.payable.map((p) => [p.enterpriseName, p.totalMinor]).sort()).toEqual([[h.seed.summit.name, 1_000], [h.seed.volt.name, 180]].sort());
    expect(new Set(mine.entries.map((e) => e.associateId))).toEqual(new Set([indy.id]));
    const onlySummit = MyCommission.parse((await json(await call(h.app, 'GET', `/api/v1/associates/me/commission?enterpriseId=${summit}`, indy.token))).body);
    expect(onlySummit.entries.map((e) => e.enterpriseId)).toEqual([summit]);
    const anas = MyCommission.parse((await json(await call(h.app, 'GET', '/api/v1/associates/me/commission', ana.token))).body);
    expect(anas.entries.every((e) => e.associateId === ana.id)).toBe(true);
    expect(anas.payable.map((p) => [p.month, p.totalMinor])).toEqual([['2026-03', 1571], ['2026-04', -1571]]);
  });

  it('two settlements at once write each entry once', async () => {
    const volt = h.seed.volt.id;
    const team = await Promise.all([0, 1, 2].map(() => seedAssociate(h.db.db, h.clock.now(), { employerId: volt })));
    await commission.setPlan(volt, PLAN as never);
    h.clock.advance(1_000);
    for (let i = 0; i < 120; i++) mem.credits.push(credit({ enterpriseId: volt, associateId: team[i % 3]!.id, orderId: `o-${i}`, line: String(i % 2), attributedAt: h.clock.now().getTime() }));
    const other = new CommissionService({ db: h.db.db, clock: h.clock.now, log: () => {} }, mem.source);
    const results = await Promise.all([commission.settle(volt), other.settle(volt), commission.settle(volt)]);
    const stored = await h.db.db.$count(commissionEntries);
    // A commission per credit (no fee): each written once, by whichever settlement came first.
    expect(stored).toBe(120);
    expect(results.reduce((s, r) => s + r.appended, 0)).toBe(120);
  });

  /*
   * The issue's property: the ledger's entries always sum to what is payable, through the
   * database. Generated plans (a second version or a change of fee on the way), orders and
   * refunds before and after the lock; settled at several times, read back, settled again.
   */
  it('the ledger’s entries always sum to what is payable, settled through the database at any times', async () => {
    const volt = h.seed.volt.id;
    const employed = await Promise.all([0, 1].map(() => seedAssociate(h.db.db, h.clock.now(), { employerId: volt })));
    const indy = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
    const team = [...employed.map((a) => ({ id: a.id, employment: 'employed' as const })), { id: indy.id, employment: 'independent' as const }];

    const rule = fc.record({
      when: fc.record(
        {
          categoryPrefix: fc.constantFrom('Audio', 'Audio > Headphones', 'home'),
          skus: fc.subarray(['S1', 'S2', 'S3'], { minLength: 1 }),
          employment: fc.constantFrom('employed', 'independent'),
          customerTiers: fc.constant(['gold']),
        },
        { requiredKeys: [] },
      ),
      pay: fc.oneof(
        fc.record({
          kind: fc.constant('rate' as const),
          basisPoints: fc.integer({ min: 0, max: 2_000 }),
          tiers: fc.option(fc.record({ mode: fc.constantFrom('whole' as const, 'marginal' as const), steps: fc.constant([{ fromMinor: 50_000, basisPoints: 2_000 }, { fromMinor: 150_000, basisPoints: 3_000 }]) }), { nil: undefined }),
        }),
        fc.record({ kind: fc.constant('fixed' as const), amountMinor: fc.integer({ min: 0, max: 3_000 }), per: fc.constantFrom('line' as const, 'order' as const) }),
      ),
    });
    const rules = fc.array(rule, { minLength: 1, maxLength: 3 }).map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r }) as CommissionRule));
    const plan = fc.record({ holdDays: fc.integer({ min: 0, max: 40 }), rules });
    const line = fc.record({
      sku: fc.constantFrom('S1', 'S2', 'S3'),
      category: fc.constantFrom('Audio > Headphones', 'Audio > Speakers', 'Home > Kitchen', null),
      amountMinor: fc.integer({ min: 0, max: 120_000 }),
      currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
    });
    const order = fc.record({
      who: fc.nat(team.length - 1),
      tier: fc.constantFrom('gold', null),
      day: fc.integer({ min: 0, max: 70 }),
      lines: fc.array(line, { minLength: 1, maxLength: 3 }),
    });
    const refund = fc.record({ pick: fc.nat(), afterDays: fc.integer({ min: 0, max: 60 }), share: fc.double({ min: 0.05, max: 1, noNaN: true }) });
    const scenario = fc.record({
      fee: fc.integer({ min: 0, max: 3_000 }),
      plan,
      change: fc.oneof(fc.constant(null), plan.map((p) => ({ plan: p })), fc.integer({ min: 0, max: 3_000 }).map((fee) => ({ fee }))),
      orders: fc.array(order, { minLength: 1, maxLength: 6 }),
      refunds: fc.array(refund, { maxLength: 5 }),
      checkpoints: fc.uniqueArray(fc.integer({ min: 1, max: 140 }), { minLength: 1, maxLength: 3 }),
    });

    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        for (const table of [commissionEntries, commissionPlans, marketplaceFees]) await h.db.db.delete(table);
        mem.credits.length = 0;
        mem.refunds.length = 0;
        h.clock.set(T0);
        // Orders from a little after the plan is set, by whole days and a few hours.
        s.orders.forEach((o, i) =>
          o.lines.forEach((l, j) =>
            mem.credits.push({ enterpriseId: volt, orderId: `o${i}`, line: String(j), associateId: team[o.who]!.id, employment: team[o.who]!.employment, customerTier: o.tier, attributedAt: T0_MS + 1_000 + o.day * DAY + i * 3_600_000, ...l }),
          ),
        );
        for (const [k, r] of s.refunds.entries()) {
          const c = mem.credits[r.pick % mem.credits.length]!;
          const amountMinor = Math.max(1, Math.floor(c.amountMinor * r.share));
          mem.refunds.push({ refundId: `f${k}`, enterpriseId: volt, orderId: c.orderId, line: c.line, associateId: c.associateId, amountMinor, refundedAt: c.attributedAt + r.afterDays * DAY + 7 });
        }
        await commission.setMarketplaceFee(volt, s.fee);
        await commission.setPlan(volt, { currency: 'USD', ...s.plan } as never);
        const times = [...s.checkpoints.sort((a, b) => a - b).map((d) => T0_MS + d * DAY), T0_MS + 150 * DAY];
        for (const [n, t] of times.entries()) {
          h.clock.set(new Date(t).toISOString());
          if (n === 1 && s.change && 'plan' in s.change) await commission.setPlan(volt, { currency: 'USD', ...s.change.plan } as never);
          if (n === 1 && s.change && 'fee' in s.change) await commission.setMarketplaceFee(volt, s.change.fee);
          const settled = await commission.settle(volt);
          expect(settled.mismatched).toEqual([]);
          expect((await commission.settle(volt)).appended).toBe(0);

          // Read back every entry, a page at a time, and what is payable.
          const stored: LedgerEntryView[] = [];
          for (let after = null as ReturnType<typeof decodeLedgerCursor>; ; ) {
            const page = await commission.ledger(volt, { limit: 7, after });
            stored.push(...page.entries);
            if (!page.next) break;
            after = decodeLedgerCursor(page.next);
          }
          const payable = await commission.payable(volt, {});
          const sums = new Map<string, { total: number; locked: number }>();
          for (const e of stored) {
            const k = `${e.associateId}|${e.month}|${e.currency}`;
            const m = sums.get(k) ?? { total: 0, locked: 0 };
            sums.set(k, { total: m.total + e.amountMinor, locked: m.locked + (e.locked ? e.amountMinor : 0) });
          }
          expect(Object.fromEntries(payable.map((p) => [`${p.associateId}|${p.month}|${p.currency}`, { total: p.totalMinor, locked: p.lockedMinor }]))).toEqual(Object.fromEntries(sums));
          for (const p of payable) expect(p.pendingMinor).toBe(p.totalMinor - p.lockedMinor);

          // The same as the pure ledger over everything known now: the database adds nothing and loses nothing.
          const pure = settleLedger({ credits: mem.credits, refunds: mem.refunds, plans: await commission.plans(volt), now: t });
          expect(stored.map((e) => [e.id, e.amountMinor, e.locked]).sort()).toEqual(pure.entries.map((e) => [e.id, e.amountMinor, e.locked]).sort());
          expect(payable.map((p) => [p.associateId, p.month, p.currency, p.totalMinor, p.lockedMinor]).sort()).toEqual(payableOf(pure.entries).map((p) => [p.associateId, p.month, p.currency, p.totalMinor, p.lockedMinor]).sort());
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
    const [row] = rowsOf<{ n: number }>(await h.db.db.execute(sql`select count(*)::int as n from commission_plans`));
    expect(row!.n).toBeGreaterThan(0);
  }, 60_000);
});
