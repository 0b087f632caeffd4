import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributedCredit,
  type CommissionPlan,
  type CommissionRule,
  type CreditRefund,
  csvField,
  decimalAmount,
  type LedgerEntry,
  type LedgerInput,
  type MonthPayable,
  payableOf,
  payoutStatementCsv,
  planProblems,
  settleLedger,
} from './commission.core';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
/** Days after T0, as epoch ms. */
const day = (n: number) => T0 + n * DAY;
const FAR = Date.parse('2030-01-01T00:00:00.000Z');

const credit = (over: Partial<AttributedCredit> = {}): AttributedCredit => ({
  enterpriseId: 'ent',
  orderId: 'o1',
  line: 'l1',
  sku: 'SKU-1',
  category: 'Home > Kitchen > Knives',
  amountMinor: 10_000,
  currency: 'EUR',
  associateId: 'a1',
  employment: 'employed',
  customerTier: null,
  attributedAt: T0,
  ...over,
});
const refund = (over: Partial<CreditRefund> = {}): CreditRefund => ({
  refundId: 'r1',
  enterpriseId: 'ent',
  orderId: 'o1',
  line: 'l1',
  associateId: 'a1',
  amountMinor: 10_000,
  refundedAt: day(1),
  ...over,
});
const rule = (id: string, when: CommissionRule['when'], pay: CommissionRule['pay']): CommissionRule => ({ id, when, pay });
const rate = (basisPoints: number, tiers?: Extract<CommissionRule['pay'], { kind: 'rate' }>['tiers']): CommissionRule['pay'] => ({ kind: 'rate', basisPoints, tiers });
const fixed = (amountMinor: number, per: 'line' | 'order' = 'line'): CommissionRule['pay'] => ({ kind: 'fixed', amountMinor, per });
const plan = (rules: CommissionRule[], over: Partial<CommissionPlan> = {}): CommissionPlan => ({
  enterpriseId: 'ent',
  version: 1,
  effectiveFrom: 0,
  currency: 'EUR',
  holdDays: 30,
  rules,
  feeBasisPoints: 0,
  ...over,
});
const run = (over: Partial<LedgerInput>) => settleLedger({ credits: [credit()], refunds: [], plans: [plan([rule('all', {}, rate(500))])], now: FAR, ...over });
/** Entries in a compact form: "commission 500 2026-03 rule=all", "reversal -200 2026-04 locked". */
const brief = (entries: LedgerEntry[]) => entries.map((e) => `${e.kind} ${e.amountMinor} ${e.month}${e.ruleId ? ` rule=${e.ruleId}` : ''}${e.locked ? ' locked' : ''}`);
const sum = (entries: LedgerEntry[]) => entries.reduce((s, e) => s + e.amountMinor, 0);

describe('first-match rules', () => {
  const CATCH_ALL = rule('all', {}, rate(100));
  const cases: { name: string; rules: CommissionRule[]; credit?: Partial<AttributedCredit>; paid: string[] }[] = [
    { name: 'a category path prefix matches whole segments, in any case', rules: [rule('kitchen', { categoryPrefix: 'home>KITCHEN' }, rate(500)), CATCH_ALL], paid: ['commission 500 2026-03 rule=kitchen locked'] },
    { name: 'a category prefix cut inside a segment does not match', rules: [rule('kitch', { categoryPrefix: 'Home > Kitch' }, rate(500)), CATCH_ALL], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'a line without a category matches no category rule', rules: [rule('home', { categoryPrefix: 'Home' }, rate(500)), CATCH_ALL], credit: { category: null }, paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'a SKU rule pays its fixed amount per line', rules: [rule('sku', { skus: ['SKU-0', 'SKU-1'] }, fixed(250)), CATCH_ALL], paid: ['commission 250 2026-03 rule=sku locked'] },
    { name: 'another SKU falls through', rules: [rule('sku', { skus: ['SKU-9'] }, fixed(250)), CATCH_ALL], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'an independents’ rule skips an employed associate', rules: [rule('indep', { employment: 'independent' }, rate(1_000)), CATCH_ALL], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'an independents’ rule pays an independent', rules: [rule('indep', { employment: 'independent' }, rate(1_000)), CATCH_ALL], credit: { employment: 'independent' }, paid: ['commission 1000 2026-03 rule=indep locked'] },
    { name: 'a customer tier rule pays for that tier', rules: [rule('gold', { customerTiers: ['gold'] }, rate(800)), CATCH_ALL], credit: { customerTier: 'gold' }, paid: ['commission 800 2026-03 rule=gold locked'] },
    { name: 'a customer tier rule skips a customer without a tier', rules: [rule('gold', { customerTiers: ['gold'] }, rate(800)), CATCH_ALL], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'all conditions of a rule must hold', rules: [rule('both', { skus: ['SKU-1'], employment: 'independent' }, rate(900)), CATCH_ALL], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'the first matching rule wins over a more specific later one', rules: [CATCH_ALL, rule('sku', { skus: ['SKU-1'] }, rate(900))], paid: ['commission 100 2026-03 rule=all locked'] },
    { name: 'a rate is rounded down to the minor unit', rules: [rule('odd', {}, rate(250))], credit: { amountMinor: 333 }, paid: ['commission 8 2026-03 rule=odd locked'] },
    { name: 'a zero commission writes no entry', rules: [rule('zero', {}, rate(0))], paid: [] },
  ];
  it.each(cases)('$name', ({ rules, credit: over, paid }) => {
    expect(brief(run({ credits: [credit(over)], plans: [plan(rules)] }).entries)).toEqual(paid);
  });

  it('pays a per-order fixed amount once for the lines it matched, and a line of another rule apart', () => {
    const rules = [rule('knives', { categoryPrefix: 'Home > Kitchen' }, fixed(300, 'order')), rule('all', {}, rate(100))];
    const credits = [credit({ line: 'l1' }), credit({ line: 'l2' }), credit({ line: 'l3', category: 'Garden' })];
    const { entries } = run({ credits, plans: [plan(rules)] });
    expect(entries.map((e) => [e.kind, e.amountMinor, e.ruleId, e.line])).toEqual([
      ['commission', 100, 'all', 'l3'],
      ['commission', 300, 'knives', null],
    ]);
  });

  it('lists what earns nothing and why: no rule, another currency, no plan yet, a broken amount', () => {
    const credits = [
      credit({ line: 'l1', category: 'Garden' }),
      credit({ line: 'l2', currency: 'USD' }),
      credit({ line: 'l3', enterpriseId: 'other' }),
      credit({ line: 'l4', amountMinor: 12.5 }),
    ];
    const { entries, unpaid } = run({ credits, plans: [plan([rule('home', { categoryPrefix: 'Home' }, rate(500))])] });
    expect(entries).toEqual([]);
    expect(unpaid.map((u) => `${u.line} ${u.reason}`)).toEqual(['l1 no_rule', 'l2 currency', 'l4 invalid_amount', 'l3 no_plan']);
  });

  it('applies the plan in force when the credit was attributed', () => {
    const plans = [plan([rule('old', {}, rate(500))]), plan([rule('new', {}, rate(700))], { version: 2, effectiveFrom: day(5) })];
    const credits = [credit({ line: 'l1', attributedAt: day(5) - 1 }), credit({ line: 'l2', attributedAt: day(5) })];
    expect(brief(run({ credits, plans }).entries)).toEqual(['commission 500 2026-03 rule=old locked', 'commission 700 2026-03 rule=new locked']);
  });
});

describe('hold and refunds', () => {
  const locksAt = day(30);
  const cases: { name: string; refunds: CreditRefund[]; pay?: CommissionRule['pay']; now?: number; entries: string[] }[] = [
    { name: 'before the lock, an entry is pending', refunds: [], now: locksAt - 1, entries: ['commission 500 2026-03 rule=all'] },
    { name: 'at the lock, it is locked', refunds: [], now: locksAt, entries: ['commission 500 2026-03 rule=all locked'] },
    {
      name: 'a partial refund before the lock adjusts the entry in its month, locking with it',
      refunds: [refund({ amountMinor: 4_000, refundedAt: locksAt - 1 })],
      now: locksAt - 1,
      entries: ['commission 500 2026-03 rule=all', 'adjustment -200 2026-03 rule=all'],
    },
    {
      name: 'a refund exactly at the lock writes a negative entry in the refund’s month, locked at once',
      refunds: [refund({ amountMinor: 4_000, refundedAt: locksAt })],
      now: locksAt,
      entries: ['commission 500 2026-03 rule=all locked', 'reversal -200 2026-04 rule=all locked'],
    },
    {
      name: 'refunds past the credit take back no more than it earned',
      refunds: [refund({ refundId: 'r1', amountMinor: 8_000, refundedAt: day(2) }), refund({ refundId: 'r2', amountMinor: 8_000, refundedAt: day(40) })],
      entries: ['commission 500 2026-03 rule=all locked', 'adjustment -400 2026-03 rule=all locked', 'reversal -100 2026-04 rule=all locked'],
    },
    {
      name: 'a partial refund leaves a fixed amount per line whole',
      pay: fixed(250),
      refunds: [refund({ amountMinor: 9_999 })],
      entries: ['commission 250 2026-03 rule=all locked'],
    },
    {
      name: 'a full refund before the lock takes a fixed amount back',
      pay: fixed(250),
      refunds: [refund({ refundId: 'r1', amountMinor: 9_999 }), refund({ refundId: 'r2', amountMinor: 1, refundedAt: day(2) })],
      entries: ['commission 250 2026-03 rule=all locked', 'adjustment -250 2026-03 rule=all locked'],
    },
    { name: 'a refund not yet made changes nothing', refunds: [refund({ refundedAt: day(3) })], now: day(2), entries: ['commission 500 2026-03 rule=all'] },
    { name: 'a refund of another associate’s credit changes nothing', refunds: [refund({ associateId: 'a2' })], entries: ['commission 500 2026-03 rule=all locked'] },
  ];
  it.each(cases)('$name', ({ refunds, pay, now, entries }) => {
    const result = run({ refunds, plans: [plan([rule('all', {}, pay ?? rate(500))])], now: now ?? FAR });
    expect(brief(result.entries)).toEqual(entries);
  });

  it('holds 30 days when the plan names no hold', () => {
    const { holdDays: _, ...noHold } = plan([rule('all', {}, rate(500))]);
    expect(run({ plans: [noHold] }).entries[0]!.locksAt).toBe(day(30));
    expect(run({ plans: [plan([rule('all', {}, rate(500))], { holdDays: 7 })] }).entries[0]!.locksAt).toBe(day(7));
  });

  it('deducts a refund after the lock from the month it falls in, which alone can make a month negative', () => {
    const credits = [credit({ orderId: 'o1' }), credit({ orderId: 'o2', attributedAt: day(60), amountMinor: 2_000 })];
    const refunds = [refund({ orderId: 'o1', refundedAt: day(61) })];
    const { payable } = run({ credits, refunds, plans: [plan([rule('all', {}, rate(500))], { feeBasisPoints: 1_000 })] });
    expect(payable.map((m) => `${m.month} ${m.totalMinor}`)).toEqual(['2026-03 450', '2026-05 -360']);
  });

  it('dates an adjustment’s lock to the entry it adjusts, and a reversal’s to the refund', () => {
    const { entries } = run({ refunds: [refund({ refundId: 'early', amountMinor: 1_000, refundedAt: day(3) }), refund({ refundId: 'late', amountMinor: 1_000, refundedAt: day(31) })] });
    expect(entries.map((e) => [e.kind, e.locksAt - T0, e.adjusts, e.refundId])).toEqual([
      ['commission', 30 * DAY, null, null],
      ['adjustment', 30 * DAY, entries[0]!.id, 'early'],
      ['reversal', 31 * DAY, entries[0]!.id, 'late'],
    ]);
  });

  it('takes a per-order amount back once, when a refund covers every line it was paid for', () => {
    const credits = [credit({ line: 'l1' }), credit({ line: 'l2' })];
    const refunds = [refund({ line: 'l1' }), refund({ line: 'l2' })];
    const { entries } = run({ credits, refunds, plans: [plan([rule('order', {}, fixed(300, 'order'))])] });
    expect(brief(entries)).toEqual(['commission 300 2026-03 rule=order locked', 'adjustment -300 2026-03 rule=order locked']);
  });

  it('decides a per-order amount by the lines credited with the order’s first: a line credited later adds and keeps nothing', () => {
    const credits = [credit({ line: 'l1' }), credit({ line: 'l2', attributedAt: day(2) })];
    const input = { credits, refunds: [refund({ line: 'l1', refundedAt: day(3) })], plans: [plan([rule('order', {}, fixed(300, 'order'))])] };
    const early = run({ ...input, now: day(1) });
    const late = run({ ...input, booked: early.entries });
    expect(late.mismatched).toEqual([]);
    expect(brief(late.entries)).toEqual(['commission 300 2026-03 rule=order locked', 'adjustment -300 2026-03 rule=order locked']);
  });

  it('books the rows of one refund made at different instants as they come, never rewriting one', () => {
    const credits = [credit({ line: 'l1' }), credit({ line: 'l2' })];
    const refunds = [refund({ line: 'l1', refundedAt: day(1) }), refund({ line: 'l2', refundedAt: day(3) })];
    const input = { credits, refunds, plans: [plan([rule('order', {}, fixed(300, 'order'))])] };
    const early = run({ ...input, now: day(2) });
    expect(brief(early.entries)).toEqual(['commission 300 2026-03 rule=order']);
    const late = run({ ...input, now: day(4), booked: early.entries });
    expect(late.mismatched).toEqual([]);
    expect(brief(late.append)).toEqual(['adjustment -300 2026-03 rule=order']);
    expect(late.append[0]!.at).toBe(day(3));
  });

  it('splits the payable into locked and pending', () => {
    const credits = [credit({ line: 'l1' }), credit({ line: 'l2', attributedAt: day(10) })];
    const { payable } = run({ credits, now: day(35) });
    expect(payable).toEqual([{ enterpriseId: 'ent', associateId: 'a1', month: '2026-03', currency: 'EUR', totalMinor: 1_000, lockedMinor: 500, pendingMinor: 500 }]);
  });
});

describe('monthly tiers', () => {
  // 5% up to 100.00, 7% from 100.00 (revenue in cents).
  const steps = [{ fromMinor: 100_000, basisPoints: 700 }];
  const tiered = (mode: 'whole' | 'marginal') => plan([rule('tiered', {}, rate(500, { mode, steps }))]);
  const month = (...amounts: number[]) => amounts.map((amountMinor, i) => credit({ orderId: `o${i}`, amountMinor, attributedAt: day(i) }));
  const tierEntries = (entries: LedgerEntry[]) => entries.filter((e) => e.cause === 'tier').map((e) => e.amountMinor);

  const cases: { mode: 'whole' | 'marginal'; amounts: number[]; tier: number[]; total: number }[] = [
    { mode: 'whole', amounts: [60_000, 39_999], tier: [], total: 4_999 },
    { mode: 'whole', amounts: [60_000, 40_000], tier: [2_000], total: 7_000 },
    { mode: 'whole', amounts: [60_000, 50_000], tier: [2_200], total: 7_700 },
    { mode: 'marginal', amounts: [60_000, 40_000], tier: [], total: 5_000 },
    { mode: 'marginal', amounts: [60_000, 40_001], tier: [], total: 5_000 },
    { mode: 'marginal', amounts: [60_000, 40_050], tier: [1], total: 5_003 },
    { mode: 'marginal', amounts: [60_000, 50_000], tier: [200], total: 5_700 },
    { mode: 'marginal', amounts: [150_000], tier: [1_000], total: 8_500 },
  ];
  it.each(cases)('$mode over $amounts pays $total in all, the tier settling $tier', ({ mode, amounts, tier, total }) => {
    const { entries } = run({ credits: month(...amounts), plans: [tiered(mode)] });
    expect(tierEntries(entries)).toEqual(tier);
    expect(sum(entries)).toBe(total);
  });

  it('settles a month once every credit of it has locked, dated then and locked at once', () => {
    const credits = month(60_000, 50_000);
    const settleAt = day(1) + 30 * DAY; // the last credit's lock, after the month's end
    expect(tierEntries(run({ credits, plans: [tiered('whole')], now: settleAt - 1 }).entries)).toEqual([]);
    const settled = run({ credits, plans: [tiered('whole')], now: settleAt }).entries.filter((e) => e.cause === 'tier');
    expect(settled.map((e) => [e.kind, e.month, e.at, e.locksAt, e.locked])).toEqual([['adjustment', '2026-03', settleAt, settleAt, true]]);
  });

  it('waits for the month to end when the hold ends first', () => {
    const credits = month(60_000, 50_000);
    const end = Date.parse('2026-04-01T00:00:00.000Z');
    const short = plan([rule('tiered', {}, rate(500, { mode: 'whole', steps }))], { holdDays: 1 });
    expect(tierEntries(run({ credits, plans: [short], now: end - 1 }).entries)).toEqual([]);
    expect(tierEntries(run({ credits, plans: [short], now: end }).entries)).toEqual([2_200]);
  });

  it('counts a refund before the lock against the tier, and one after it not', () => {
    const credits = month(60_000, 50_000);
    const before = [refund({ orderId: 'o1', amountMinor: 10_001, refundedAt: day(30) })];
    const after = [refund({ orderId: 'o1', amountMinor: 10_001, refundedAt: day(31) })];
    expect(tierEntries(run({ credits, refunds: before, plans: [tiered('whole')] }).entries)).toEqual([]);
    expect(tierEntries(run({ credits, refunds: after, plans: [tiered('whole')] }).entries)).toEqual([2_200]);
  });

  it('counts the revenue of every rule toward the tier but pays the tier only on the tiered rule’s lines', () => {
    const rules = [rule('fixed', { skus: ['GIFT'] }, fixed(100)), rule('tiered', {}, rate(500, { mode: 'whole', steps }))];
    const credits = [credit({ orderId: 'o1', sku: 'GIFT', amountMinor: 50_000 }), credit({ orderId: 'o2', amountMinor: 50_000 })];
    const { entries } = run({ credits, plans: [plan(rules)] });
    expect(tierEntries(entries)).toEqual([1_000]);
    expect(sum(entries)).toBe(100 + 3_500);
  });

  it('keeps each associate’s months apart', () => {
    const credits = [credit({ orderId: 'o1', amountMinor: 60_000 }), credit({ orderId: 'o2', amountMinor: 60_000, associateId: 'a2' }), credit({ orderId: 'o3', amountMinor: 60_000, attributedAt: day(30) })];
    expect(tierEntries(run({ credits, plans: [tiered('whole')] }).entries)).toEqual([]);
  });
});

describe('the marketplace fee', () => {
  it('withholds basis points of the commission beside each entry, and gives it back with a refund', () => {
    const { entries, payable } = run({ refunds: [refund({ amountMinor: 4_000, refundedAt: day(2) })], plans: [plan([rule('all', {}, rate(500))], { feeBasisPoints: 1_000 })] });
    expect(entries.map((e) => `${e.kind} ${e.amountMinor}`)).toEqual(['commission 500', 'fee -50', 'adjustment -200', 'fee 20']);
    expect(entries[1]!.adjusts).toBe(entries[0]!.id);
    expect(payable[0]!.totalMinor).toBe(270);
  });

  it('is always the fee of the line’s commission so far, rounded down', () => {
    // 101 → fee 10 (of 10.1); refunded to 51 → fee 5 (of 5.1): the refund gives back 5, not 5.0 rounded apart.
    const { entries } = run({ credits: [credit({ amountMinor: 1_010 })], refunds: [refund({ amountMinor: 500 })], plans: [plan([rule('all', {}, rate(1_000))], { feeBasisPoints: 1_000 })] });
    expect(entries.map((e) => e.amountMinor)).toEqual([101, -10, -50, 5]);
  });

  it('is taken on a tier settlement too', () => {
    const p = plan([rule('tiered', {}, rate(500, { mode: 'whole', steps: [{ fromMinor: 100_000, basisPoints: 700 }] }))], { feeBasisPoints: 500 });
    const { entries } = run({ credits: [credit({ amountMinor: 100_000 })], plans: [p] });
    expect(entries.map((e) => `${e.cause} ${e.amountMinor}`)).toEqual(['sale 5000', 'fee -250', 'tier 2000', 'fee -100']);
  });
});

describe('the ledger over time', () => {
  it('appends nothing when run again over what it booked, and reports a booked amount the inputs now contradict', () => {
    const first = run({ refunds: [refund({ amountMinor: 1_000 })] });
    expect(first.append).toHaveLength(2);
    const again = run({ refunds: [refund({ amountMinor: 1_000 })], booked: first.append });
    expect(again.append).toEqual([]);
    expect(again.mismatched).toEqual([]);
    const changed = run({ refunds: [refund({ amountMinor: 2_000 })], booked: first.append });
    expect(changed.append).toEqual([]);
    expect(changed.mismatched).toEqual([first.append[1]!.id]);
  });

  it('builds ids from the inputs only, escaping the separator', () => {
    const a = run({ credits: [credit({ orderId: 'o:1', line: 'l' })] }).entries[0]!.id;
    const b = run({ credits: [credit({ orderId: 'o', line: '1:l' })] }).entries[0]!.id;
    expect(a).not.toBe(b);
    expect(run({ credits: [credit({ orderId: 'o:1', line: 'l' })], now: FAR + DAY }).entries[0]!.id).toBe(a);
  });

  it('counts a credit given twice once', () => {
    expect(run({ credits: [credit(), credit()] }).entries).toHaveLength(1);
  });

  it('keeps the same one of two differing credits for a line at one instant, whatever order they come in', () => {
    const usd = credit({ currency: 'USD', amountMinor: 32_671 });
    const eur = credit({ amountMinor: 109_665 });
    const forward = run({ credits: [usd, eur] });
    const backward = run({ credits: [eur, usd] });
    expect(forward.entries).toEqual(backward.entries);
    expect(forward.unpaid).toEqual(backward.unpaid);
  });
});

describe('plans', () => {
  const cases: { name: string; plan: CommissionPlan; problems: string[] }[] = [
    { name: 'a usable plan', plan: plan([rule('a', {}, rate(500, { mode: 'whole', steps: [{ fromMinor: 1, basisPoints: 500 }] }))]), problems: [] },
    { name: 'a fee above 100%', plan: plan([], { feeBasisPoints: 10_001 }), problems: ['feeBasisPoints must be a whole number from 0 to 10000'] },
    { name: 'a fractional hold', plan: plan([], { holdDays: 1.5 }), problems: ['holdDays must be a whole number of days from 0 to 365'] },
    { name: 'a repeated rule id', plan: plan([rule('a', {}, rate(1)), rule('a', {}, rate(2))]), problems: ['rule a appears twice'] },
    { name: 'a negative fixed amount', plan: plan([rule('a', {}, fixed(-1))]), problems: ['rule a: a fixed amount is whole minor units, at least 0'] },
    {
      name: 'tiers out of order or paying less',
      plan: plan([rule('a', {}, rate(500, { mode: 'marginal', steps: [{ fromMinor: 100, basisPoints: 400 }, { fromMinor: 100, basisPoints: 600 }] }))]),
      problems: ['rule a: tier rates must not fall below the rate before them', 'rule a: tier thresholds must be whole, above 0 and ascending'],
    },
  ];
  it.each(cases)('$name', ({ plan: p, problems }) => {
    expect(planProblems(p)).toEqual(problems);
  });
});

describe('payout statements', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    [null, ''],
    [true, 'true'],
  ] as const)('writes %j as %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('keeps an amount it wrote a number, even negative', () => {
    expect(csvField({ numeric: '-12.50' })).toBe('-12.50');
  });

  it.each([
    [1_234, 'EUR', '12.34'],
    [-5, 'EUR', '-0.05'],
    [0, 'EUR', '0.00'],
    [1_234, 'JPY', '1234'],
    [1_234, 'KWD', '1.234'],
  ])('writes %i minor units of %s as %s', (minor, currency, text) => {
    expect(decimalAmount(minor, currency)).toBe(text);
  });

  it('lists one associate’s month with the enterprise, neutralising hostile ids, and totals it as payable', () => {
    const credits = [credit({ orderId: '=cmd|calc', sku: '@evil, "quoted"' }), credit({ orderId: 'o2', associateId: 'a2' }), credit({ orderId: 'o3', attributedAt: day(40) })];
    const result = run({ credits, refunds: [refund({ orderId: '=cmd|calc', amountMinor: 2_000, refundedAt: day(1) })], now: day(20) });
    const csv = payoutStatementCsv(result.entries, { enterpriseId: 'ent', associateId: 'a1', month: '2026-03' });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('entry,date,kind,cause,order,line,sku,rule,refund,amount,currency,locks_at,locked');
    expect(lines[1]).toBe(`commission:ent:%3Dcmd%7Ccalc:l1:a1,2026-03-02T10:00:00.000Z,commission,sale,'=cmd|calc,l1,"'@evil, ""quoted""",all,,5.00,EUR,2026-04-01T10:00:00.000Z,false`);
    expect(lines[2]).toContain(",adjustment,refund,'=cmd|calc,l1,");
    expect(lines[2]).toContain(',r1,-1.00,EUR,');
    expect(lines.slice(3)).toEqual(['total,,,,,,,,,4.00,EUR,,', 'locked,,,,,,,,,0.00,EUR,,', '']);
    const payable = result.payable.find((m) => m.associateId === 'a1' && m.month === '2026-03')!;
    expect(payable.totalMinor).toBe(400);
  });
});

describe('the ledger, over generated credits, refunds and plans', () => {
  const SKUS = ['S1', 'S2', 'S3'];
  const CATEGORIES = ['Home > Kitchen', 'Home > Kitchen > Knives', 'Garden', null];
  const TIERS = ['gold', 'silver', null];
  const conditions = fc.record(
    {
      categoryPrefix: fc.constantFrom('Home', 'home > kitchen', 'Garden'),
      skus: fc.subarray(SKUS, { minLength: 1 }),
      employment: fc.constantFrom('employed' as const, 'independent' as const),
      customerTiers: fc.subarray(['gold', 'silver'], { minLength: 1 }),
    },
    { requiredKeys: [] },
  );
  const tiers = fc
    .record({
      mode: fc.constantFrom('whole' as const, 'marginal' as const),
      steps: fc.uniqueArray(fc.integer({ min: 1, max: 400_000 }), { maxLength: 3 }),
      raises: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ mode, steps, raises }) => ({ mode, steps, raises }));
  const effect: fc.Arbitrary<CommissionRule['pay']> = fc.oneof(
    fc.record({ basisPoints: fc.integer({ min: 0, max: 3_000 }), tiers: fc.option(tiers, { nil: undefined }) }).map(({ basisPoints, tiers: t }) => {
      if (!t) return rate(basisPoints);
      let r = basisPoints;
      const steps = [...t.steps].sort((a, b) => a - b).map((fromMinor, i) => ({ fromMinor, basisPoints: Math.min(10_000, (r += t.raises[i]!)) }));
      return rate(basisPoints, { mode: t.mode, steps });
    }),
    fc.record({ amountMinor: fc.integer({ min: 0, max: 5_000 }), per: fc.constantFrom('line' as const, 'order' as const) }).map(({ amountMinor, per }) => fixed(amountMinor, per)),
  );
  const plans = fc.array(
    fc.record({
      effectiveFrom: fc.integer({ min: 0, max: 60 }).map((d) => (d === 0 ? 0 : day(d))),
      holdDays: fc.integer({ min: 0, max: 40 }),
      feeBasisPoints: fc.integer({ min: 0, max: 10_000 }),
      rules: fc.array(fc.tuple(conditions, effect), { maxLength: 4 }),
      // Most plans end with a rule for every line, so that most credits earn something.
      catchAll: fc.option(effect, { freq: 3, nil: null }),
    }),
    { minLength: 1, maxLength: 2 },
  ).map((versions) =>
    versions.map(({ rules, catchAll, ...over }, i) => {
      const all = catchAll ? [...rules, [{}, catchAll] as const] : rules;
      // The first version is in force from the start.
      return plan(all.map(([when, pay], j) => rule(`r${j}`, when, pay)), { ...over, version: i + 1, effectiveFrom: i === 0 ? 0 : over.effectiveFrom });
    }),
  );
  const credits = fc.array(
    fc.record({
      orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5', 'o6'),
      line: fc.constantFrom('l1', 'l2', 'l3'),
      sku: fc.constantFrom(...SKUS),
      category: fc.constantFrom(...CATEGORIES),
      amountMinor: fc.integer({ min: 0, max: 200_000 }),
      currency: fc.constantFrom('EUR', 'EUR', 'EUR', 'USD'),
      associateId: fc.constantFrom('a1', 'a2', 'a3'),
      employment: fc.constantFrom('employed' as const, 'independent' as const),
      customerTier: fc.constantFrom(...TIERS),
      attributedAt: fc.integer({ min: 0, max: 120 * DAY }).map((t) => T0 + t),
    }).map((c) => credit(c)),
    { maxLength: 25, size: 'medium' },
  );
  const world = credits.chain((cs) =>
    fc.record({
      credits: fc.constant(cs),
      plans,
      refunds: cs.length === 0
        ? fc.constant([])
        : fc.array(
            fc.record({ of: fc.nat(cs.length - 1), id: fc.constantFrom('f1', 'f2', 'f3', 'f4'), share: fc.integer({ min: 1, max: 200_000 }), after: fc.integer({ min: 0, max: 70 * DAY }) }).map(({ of, id, share, after }) => {
              const c = cs[of]!;
              return refund({ refundId: id, orderId: c.orderId, line: c.line, associateId: c.associateId, amountMinor: share, refundedAt: c.attributedAt + after });
            }),
            { maxLength: 12, size: 'medium' },
          ),
      // The instants the ledger is run at, as the backend would on a schedule.
      runs: fc.array(fc.integer({ min: 0, max: 240 * DAY }).map((t) => T0 + t), { maxLength: 6 }),
    }),
  );
  const groupSums = (entries: LedgerEntry[]) => {
    const sums = new Map<string, number>();
    for (const e of entries) sums.set(`${e.enterpriseId}|${e.associateId}|${e.month}|${e.currency}`, (sums.get(`${e.enterpriseId}|${e.associateId}|${e.month}|${e.currency}`) ?? 0) + e.amountMinor);
    return sums;
  };
  const payableSums = (payable: MonthPayable[]) => new Map(payable.map((m) => [`${m.enterpriseId}|${m.associateId}|${m.month}|${m.currency}`, m.totalMinor]));

  /** What the lines earn on their final net amounts, less the fee, computed apart from the ledger (tier settlements aside). */
  function ownCommission(input: LedgerInput): number {
    const seen = new Set<string>();
    const byOrder = new Map<string, { at: number; nets: number[]; amount: number; fee: number }>();
    let total = 0;
    const content = (c: AttributedCredit) => JSON.stringify([c.sku, c.category, c.amountMinor, c.currency, c.employment, c.customerTier]);
    for (const c of [...input.credits].sort((a, b) => a.attributedAt - b.attributedAt || (content(a) < content(b) ? -1 : content(a) > content(b) ? 1 : 0))) {
      const k = `${c.orderId}|${c.line}|${c.associateId}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const p = [...input.plans].filter((x) => x.effectiveFrom <= c.attributedAt).sort((a, b) => b.effectiveFrom - a.effectiveFrom || b.version - a.version)[0];
      if (!p || p.currency !== c.currency) continue;
      const r = p.rules.find((x) => x.when && ruleHolds(x, c));
      if (!r) continue;
      const rows = new Map<string, CreditRefund>();
      for (const f of input.refunds) {
        const same = rows.get(f.refundId);
        if (f.orderId !== c.orderId || f.line !== c.line || f.associateId !== c.associateId || f.amountMinor <= 0) continue;
        if (!same || f.refundedAt < same.refundedAt || (f.refundedAt === same.refundedAt && f.amountMinor > same.amountMinor)) rows.set(f.refundId, f);
      }
      const refunded = [...rows.values()].reduce((s, f) => s + f.amountMinor, 0);
      const net = Math.max(0, c.amountMinor - refunded);
      const fee = (x: number) => Math.trunc((x * p.feeBasisPoints) / 10_000);
      if (r.pay.kind === 'rate') {
        const x = Math.trunc((net * r.pay.basisPoints) / 10_000);
        total += x - fee(x);
      } else if (r.pay.per === 'line') total += net > 0 ? r.pay.amountMinor - fee(r.pay.amountMinor) : 0;
      else {
        const g = byOrder.get(`${c.orderId}|${c.associateId}|${r.id}`) ?? { at: c.attributedAt, nets: [], amount: r.pay.amountMinor, fee: fee(r.pay.amountMinor) };
        if (g.at === c.attributedAt) g.nets.push(net);
        byOrder.set(`${c.orderId}|${c.associateId}|${r.id}`, g);
      }
    }
    for (const g of byOrder.values()) if (g.nets.some((n) => n > 0)) total += g.amount - g.fee;
    return total;
  }
  // Kept apart from ruleMatches on purpose: the oracle restates the conditions.
  function ruleHolds(r: CommissionRule, c: AttributedCredit): boolean {
    const w = r.when;
    const norm = (s: string) => s.split('>').map((x) => x.trim().toLowerCase()).join('>');
    if (w.categoryPrefix !== undefined && !(c.category !== null && (norm(c.category) === norm(w.categoryPrefix) || norm(c.category).startsWith(`${norm(w.categoryPrefix)}>`)))) return false;
    if (w.skus && !w.skus.includes(c.sku)) return false;
    if (w.employment && w.employment !== c.employment) return false;
    return !w.customerTiers || (c.customerTier !== null && w.customerTiers.includes(c.customerTier));
  }

  it('booked run after run, sums to the payable, appends nothing twice, and ends where one late run would', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(world, ({ credits: cs, plans: ps, refunds: rs, runs }) => {
        for (const p of ps) expect(planProblems(p)).toEqual([]);
        const ledger: LedgerEntry[] = [];
        for (const now of [...runs.sort((a, b) => a - b), FAR]) {
          const result = settleLedger({ credits: cs, refunds: rs, plans: ps, now, booked: ledger });
          // Nothing booked before is contradicted, and what is due is exactly the booked plus the appended.
          expect(result.mismatched).toEqual([]);
          ledger.push(...result.append);
          expect(new Set(ledger.map((e) => e.id))).toEqual(new Set(result.entries.map((e) => e.id)));
          expect(groupSums(result.entries)).toEqual(payableSums(result.payable));
          expect(ledger.length).toBe(new Set(ledger.map((e) => e.id)).size);
        }
        const once = settleLedger({ credits: [...cs].reverse(), refunds: [...rs].reverse(), plans: [...ps].reverse(), now: FAR });
        expect(new Map(ledger.map((e) => [e.id, e.amountMinor]))).toEqual(new Map(once.entries.map((e) => [e.id, e.amountMinor])));
        const again = settleLedger({ credits: cs, refunds: rs, plans: ps, now: FAR, booked: ledger });
        expect(again.append).toEqual([]);

        // The ledger sums to the payable, and to what the lines earn apart from it plus the tier settlements.
        const total = sum(once.entries);
        expect(payableOf(once.entries).reduce((s, m) => s + m.totalMinor, 0)).toBe(total);
        const tierPart = sum(once.entries.filter((e) => e.cause === 'tier' || (e.cause === 'fee' && e.adjusts?.startsWith('tier:'))));
        expect(total - tierPart).toBe(ownCommission({ credits: cs, refunds: rs, plans: ps, now: FAR }));
        expect(once.entries.filter((e) => e.cause === 'tier').every((e) => e.amountMinor >= 0)).toBe(true);

        // A month is negative only by reversals after lock (and the fee they give back).
        for (const m of once.payable) {
          const mine = once.entries.filter((e) => e.associateId === m.associateId && e.month === m.month && e.enterpriseId === m.enterpriseId);
          const reversed = new Set(mine.filter((e) => e.kind === 'reversal').map((e) => e.id));
          const withoutReversals = sum(mine.filter((e) => !reversed.has(e.id) && !(e.adjusts !== null && reversed.has(e.adjusts))));
          expect(withoutReversals).toBeGreaterThanOrEqual(0);
          if (m.totalMinor < 0) expect(reversed.size).toBeGreaterThan(0);
        }
        for (const e of once.entries) expect(Number.isSafeInteger(e.amountMinor)).toBe(true);
        // A month's statement totals to its payable.
        for (const m of once.payable.slice(0, 2)) {
          const lines = payoutStatementCsv(once.entries, m).split('\r\n');
          expect(lines.at(-3)).toBe(`total,,,,,,,,,${decimalAmount(m.totalMinor, m.currency)},${m.currency},,`);
        }
        for (const e of once.entries) seen.add(`${e.cause} ${e.kind}`);
        if (once.payable.some((m) => m.totalMinor < 0)) seen.add('a negative month');
      }),
      { numRuns: 300 },
    );
    // The generated worlds reached every kind of entry, and months made negative by reversals.
    expect([...seen].sort()).toEqual(['a negative month', 'fee fee', 'refund adjustment', 'refund reversal', 'sale commission', 'tier adjustment']);
  });
});
