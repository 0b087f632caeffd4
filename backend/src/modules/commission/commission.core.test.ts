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
    const plans = [plan([rule('old', {}, rate(500))]), plan([rule('new', {}, rate(700))], { effectiveFrom: day(5) })];
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
