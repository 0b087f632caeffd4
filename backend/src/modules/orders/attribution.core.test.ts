import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Attribution,
  type AttributionSettings,
  applyRefund,
  apportion,
  attribute,
  type CandidateEngagement,
  creditsAfter,
  type Order,
  type Receipt,
  type Refund,
} from './attribution.core';

const DAY = 86_400_000;
const T = Date.parse('2026-03-10T12:00:00.000Z');
const ENT = 'ent-volt';

const order = (over: Partial<Order> = {}): Order => ({
  id: 'order-1',
  enterpriseId: ENT,
  placedAt: T,
  currency: 'EUR',
  lines: [
    { id: 'L1', sku: 'KETTLE-1', category: ['kitchen', 'kettles'], quantity: 1, net: 10_000 },
    { id: 'L2', sku: 'MUG-2', category: ['kitchen', 'mugs'], quantity: 2, net: 2_999 },
  ],
  ...over,
});

const engagement = (id: string, daysBefore: number, over: Partial<CandidateEngagement> = {}): CandidateEngagement => ({
  id,
  enterpriseId: ENT,
  associateId: `assoc-${id}`,
  shopperId: 'shopper-1',
  customerId: null,
  startedAt: T - daysBefore * DAY,
  ...over,
});

const LAST: AttributionSettings = { windowDays: 30, model: { kind: 'last_touch' } };
const EVEN: AttributionSettings = { windowDays: 30, model: { kind: 'even' } };

/** The credited engagements and their amounts, or the outcome's kind and reason. */
function summary(result: Attribution) {
  if (result.kind === 'refused') return { refused: result.code };
  if (result.kind === 'unattributed') return { unattributed: result.why, passedOver: result.passedOver };
  const r = result.receipt;
  return { match: r.match, shares: Object.fromEntries(r.shares.map((s) => [s.engagementId, s.amount])), passedOver: r.passedOver };
}

const shopperOnly = { reportingShopperId: 'shopper-1' };

const cases: [string, Partial<Order>, CandidateEngagement[], AttributionSettings, ReturnType<typeof summary>][] = [
  ['an order naming no engagement, customer or shopper is not attributed', {}, [engagement('e1', 1)], LAST, { unattributed: 'no_identity', passedOver: [] }],
  ['an order whose shopper had no engagement is not attributed', shopperOnly, [], LAST, { unattributed: 'no_engagement', passedOver: [] }],
  ['the stamped engagement wins over a later one of the verified customer', { stampedEngagementId: 'e-old', customerId: 'C-1', ...shopperOnly },
    [engagement('e-old', 5), engagement('e-new', 1, { customerId: 'C-1' })], LAST, { match: 'stamped_engagement', shares: { 'e-old': 12_999 }, passedOver: [] }],
  ['a stamp older than the window falls to the verified customer, and the receipt says why', { stampedEngagementId: 'e-old', customerId: 'C-1' },
    [engagement('e-old', 31), engagement('e-cust', 2, { customerId: 'C-1' })], LAST,
    { match: 'verified_customer', shares: { 'e-cust': 12_999 }, passedOver: [{ engagementId: 'e-old', why: 'outside_window' }] }],
  ['a stamp naming an unknown engagement falls to the verified customer', { stampedEngagementId: 'e-gone', customerId: 'C-1' },
    [engagement('e-cust', 2, { customerId: 'C-1' })], LAST, { match: 'verified_customer', shares: { 'e-cust': 12_999 }, passedOver: [] }],
  ['the verified customer wins over the reporting shopper', { customerId: 'C-1', reportingShopperId: 'shopper-2' },
    [engagement('e-cust', 3, { customerId: 'C-1', shopperId: 'shopper-9' }), engagement('e-shop', 1, { shopperId: 'shopper-2' })], LAST,
    { match: 'verified_customer', shares: { 'e-cust': 12_999 }, passedOver: [] }],
  ['without a stamp or customer, the reporting shopper’s engagement is credited', shopperOnly, [engagement('e1', 3)], LAST,
    { match: 'reporting_shopper', shares: { e1: 12_999 }, passedOver: [] }],
  ['an engagement that started after the order gets nothing', shopperOnly, [engagement('e-after', -1 / DAY)], LAST,
    { unattributed: 'no_engagement', passedOver: [{ engagementId: 'e-after', why: 'after_order' }] }],
  ['an engagement that started at the order’s instant counts; a later one of the same shopper does not', shopperOnly,
    [engagement('e-at', 0), engagement('e-after', -2), engagement('e-before', 4)], LAST,
    { match: 'reporting_shopper', shares: { 'e-at': 12_999, 'e-before': 0 }, passedOver: [{ engagementId: 'e-after', why: 'after_order' }] }],
  ['an engagement exactly at the window’s edge counts', shopperOnly, [engagement('e-edge', 30)], LAST,
    { match: 'reporting_shopper', shares: { 'e-edge': 12_999 }, passedOver: [] }],
  ['one millisecond before the window’s edge it does not', shopperOnly, [engagement('e-edge', 30 + 1 / DAY)], LAST,
    { unattributed: 'no_engagement', passedOver: [{ engagementId: 'e-edge', why: 'outside_window' }] }],
  ['a one-day window leaves out an engagement two days old', shopperOnly, [engagement('e1', 2)], { windowDays: 1, model: { kind: 'last_touch' } },
    { unattributed: 'no_engagement', passedOver: [{ engagementId: 'e1', why: 'outside_window' }] }],
  ['a ninety-day window takes in an engagement eighty-nine days old', shopperOnly, [engagement('e1', 89)], { windowDays: 90, model: { kind: 'last_touch' } },
    { match: 'reporting_shopper', shares: { e1: 12_999 }, passedOver: [] }],
  ['another enterprise’s engagement gets nothing, even stamped', { stampedEngagementId: 'e-other', ...shopperOnly },
    [engagement('e-other', 1, { enterpriseId: 'ent-else' }), engagement('e1', 4)], LAST,
    { match: 'reporting_shopper', shares: { e1: 12_999 }, passedOver: [{ engagementId: 'e-other', why: 'other_enterprise' }] }],
  ['last touch: the latest engagement takes everything, the earlier stay on the receipt with nothing', shopperOnly,
    [engagement('e1', 10), engagement('e2', 3), engagement('e3', 6)], LAST, { match: 'reporting_shopper', shares: { e2: 12_999, e3: 0, e1: 0 }, passedOver: [] }],
  ['last touch tied at the same instant: shared evenly, the odd unit to the smaller id', shopperOnly,
    [engagement('e-b', 2), engagement('e-a', 2)], LAST, { match: 'reporting_shopper', shares: { 'e-a': 6_500, 'e-b': 6_499 }, passedOver: [] }],
  ['even split of 12,999 over three: 4,333 each', shopperOnly, [engagement('e1', 1), engagement('e2', 2), engagement('e3', 3)], EVEN,
    { match: 'reporting_shopper', shares: { e1: 4_333, e2: 4_333, e3: 4_333 }, passedOver: [] }],
  ['time decay with a seven-day half-life: a week older weighs half', shopperOnly, [engagement('e-new', 1), engagement('e-old', 8)],
    { windowDays: 30, model: { kind: 'time_decay', halfLifeDays: 7 } }, { match: 'reporting_shopper', shares: { 'e-new': 8_666, 'e-old': 4_333 }, passedOver: [] }],
  ['the same engagement given twice counts once', shopperOnly, [engagement('e1', 1), engagement('e1', 1)], EVEN,
    { match: 'reporting_shopper', shares: { e1: 12_999 }, passedOver: [] }],
  ['a line in another currency is refused', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 1, net: 100, currency: 'USD' }], ...shopperOnly },
    [engagement('e1', 1)], LAST, { refused: 'mixed_currency' }],
  ['a line in the order’s currency, said again, is fine', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 1, net: 100, currency: 'EUR' }], ...shopperOnly },
    [engagement('e1', 1)], LAST, { match: 'reporting_shopper', shares: { e1: 100 }, passedOver: [] }],
  ['an order with no line is refused', { lines: [], ...shopperOnly }, [engagement('e1', 1)], LAST, { refused: 'invalid_order' }],
  ['a fractional net is refused: money is whole minor units', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 1, net: 9.99 }] }, [], LAST, { refused: 'invalid_order' }],
  ['a negative net is refused', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 1, net: -1 }] }, [], LAST, { refused: 'invalid_order' }],
  ['a zero quantity is refused', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 0, net: 1 }] }, [], LAST, { refused: 'invalid_order' }],
  ['two lines with one id are refused', { lines: [{ id: 'L1', sku: 'S', category: [], quantity: 1, net: 1 }, { id: 'L1', sku: 'T', category: [], quantity: 1, net: 1 }] }, [], LAST,
    { refused: 'invalid_order' }],
  ['a currency that is not an ISO code is refused', { currency: 'euro' }, [], LAST, { refused: 'invalid_order' }],
  ['a zero-day window is refused', shopperOnly, [], { windowDays: 0, model: { kind: 'even' } }, { refused: 'invalid_settings' }],
  ['a ninety-one-day window is refused', shopperOnly, [], { windowDays: 91, model: { kind: 'even' } }, { refused: 'invalid_settings' }],
  ['a window of one and a half days is refused', shopperOnly, [], { windowDays: 1.5, model: { kind: 'even' } }, { refused: 'invalid_settings' }],
  ['an engagement without a start in whole milliseconds is refused', shopperOnly, [engagement('e1', 0.5 / DAY)], LAST, { refused: 'invalid_engagement' }],
  ['a zero half-life is refused', shopperOnly, [], { windowDays: 30, model: { kind: 'time_decay', halfLifeDays: 0 } }, { refused: 'invalid_settings' }],
];

describe('attributing an order', () => {
  it.each(cases)('%s', (_name, over, candidates, settings, expected) => {
    expect(summary(attribute(order(over), candidates, settings))).toEqual(expected);
  });

  it('keeps a receipt with the rule, window, match, engagements and shares per line', () => {
    const result = attribute(order(shopperOnly), [engagement('e2', 2), engagement('e1', 1)], EVEN);
    expect(result).toEqual({
      kind: 'attributed',
      receipt: {
        orderId: 'order-1',
        enterpriseId: ENT,
        currency: 'EUR',
        placedAt: T,
        net: 12_999,
        rule: { kind: 'even' },
        windowDays: 30,
        windowStart: T - 30 * DAY,
        match: 'reporting_shopper',
        engagements: ['e1', 'e2'],
        shares: [
          { engagementId: 'e1', associateId: 'assoc-e1', startedAt: T - DAY, weight: 1, amount: 6_500, lines: [{ lineId: 'L1', amount: 5_000 }, { lineId: 'L2', amount: 1_500 }] },
          { engagementId: 'e2', associateId: 'assoc-e2', startedAt: T - 2 * DAY, weight: 1, amount: 6_499, lines: [{ lineId: 'L1', amount: 5_000 }, { lineId: 'L2', amount: 1_499 }] },
        ],
        passedOver: [],
      },
    });
  });

  it('hands odd units of successive lines to whoever is behind, not always to the same engagement', () => {
    const lines = [1, 2, 3].map((n) => ({ id: `L${n}`, sku: 'S', category: [], quantity: 1, net: 101 }));
    const result = attribute(order({ lines, ...shopperOnly }), [engagement('e1', 1), engagement('e2', 2)], EVEN);
    expect(summary(result)).toEqual({ match: 'reporting_shopper', shares: { e1: 152, e2: 151 }, passedOver: [] });
  });
});

describe('apportioning an amount', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [2, [1, 1, 1], [1, 1, 0]],
    [10, [0, 1], [0, 10]],
    [7, [3, 1], [5, 2]],
    [0, [5, 5], [0, 0]],
    [Number.MAX_SAFE_INTEGER, [2 ** 30, 2 ** 29], [6004799503160661, 3002399751580330]],
  ])('%i by %j → %j', (total, weights, expected) => {
    expect(apportion(total, weights)).toEqual(expected);
  });
});

// ——— Refunds ———

const receiptOf = (candidates: CandidateEngagement[], settings = EVEN, over: Partial<Order> = {}): Receipt => {
  const result = attribute(order({ ...shopperOnly, ...over }), candidates, settings);
  if (result.kind !== 'attributed') throw new Error(`not attributed: ${result.kind}`);
  return result.receipt;
};
const TWO = receiptOf([engagement('e1', 1), engagement('e2', 2)]);
const refund = (id: string, scope: Refund['scope'], over: Partial<Refund> = {}): Refund => ({ id, orderId: 'order-1', currency: 'EUR', scope, ...over });
const amounts = (result: ReturnType<typeof creditsAfter>) =>
  result.kind === 'refused' ? { refused: result.code } : { refunded: result.credits.refunded, shares: result.credits.shares.map((s) => [s.engagementId, s.amount, s.lines.map((l) => l.amount)]) };

const refundCases: [string, Refund[], ReturnType<typeof amounts>][] = [
  ['no refund: the credits are the receipt’s shares', [], { refunded: 0, shares: [['e1', 6_500, [5_000, 1_500]], ['e2', 6_499, [5_000, 1_499]]] }],
  ['a refund of half a line halves both engagements’ credit on that line only', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 5_000 }] })],
    { refunded: 5_000, shares: [['e1', 4_000, [2_500, 1_500]], ['e2', 3_999, [2_500, 1_499]]] }],
  ['a whole line refunded leaves the other line’s credits', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L2', amount: 2_999 }] })],
    { refunded: 2_999, shares: [['e1', 5_000, [5_000, 0]], ['e2', 5_000, [5_000, 0]]] }],
  ['a whole-order refund takes everything', [refund('r1', { kind: 'whole_order' })], { refunded: 12_999, shares: [['e1', 0, [0, 0]], ['e2', 0, [0, 0]]] }],
  ['a line refund past its line’s net takes the excess from the other lines', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L2', amount: 3_999 }] })],
    { refunded: 3_999, shares: [['e1', 4_500, [4_500, 0]], ['e2', 4_500, [4_500, 0]]] }],
  ['refunds past the order’s net leave zero, never less', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 10_000 }] }), refund('r2', { kind: 'amount', amount: 9_999 })],
    { refunded: 12_999, shares: [['e1', 0, [0, 0]], ['e2', 0, [0, 0]]] }],
  ['an order-level amount is taken from the lines in proportion to what remains', [refund('r1', { kind: 'amount', amount: 1_300 })],
    { refunded: 1_300, shares: [['e1', 5_850, [4_500, 1_350]], ['e2', 5_849, [4_500, 1_349]]] }],
  ['the same refund id twice counts once', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 5_000 }] }), refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 5_000 }] })],
    { refunded: 5_000, shares: [['e1', 4_000, [2_500, 1_500]], ['e2', 3_999, [2_500, 1_499]]] }],
  ['the same refund id with other contents is refused', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 5_000 }] }), refund('r1', { kind: 'whole_order' })],
    { refused: 'refund_conflict' }],
  ['a refund of another order is refused', [refund('r1', { kind: 'whole_order' }, { orderId: 'order-2' })], { refused: 'other_order' }],
  ['a refund in another currency is refused', [refund('r1', { kind: 'amount', amount: 100 }, { currency: 'USD' })], { refused: 'mixed_currency' }],
  ['a refund of a line the order does not have is refused', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L9', amount: 1 }] })], { refused: 'unknown_line' }],
  ['a refund naming no line is refused', [refund('r1', { kind: 'lines', lines: [] })], { refused: 'invalid_refund' }],
  ['a negative refund is refused', [refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: -5 }] })], { refused: 'invalid_refund' }],
  ['a fractional refund is refused', [refund('r1', { kind: 'amount', amount: 0.5 })], { refused: 'invalid_refund' }],
];

describe('refunds reduce the credits of their lines', () => {
  it.each(refundCases)('%s', (_name, refunds, expected) => {
    expect(amounts(creditsAfter(TWO, refunds))).toEqual(expected);
  });

  it('applies a refund once; replaying it says so and changes nothing; a conflicting replay is refused', () => {
    const r1 = refund('r1', { kind: 'lines', lines: [{ lineId: 'L1', amount: 5_000 }] });
    const first = applyRefund(TWO, [], r1);
    expect(first.kind).toBe('applied');
    if (first.kind !== 'applied') return;
    expect(first.refunds).toEqual([r1]);
    const again = applyRefund(TWO, first.refunds, { ...r1, scope: { kind: 'lines', lines: [{ lineId: 'L1', amount: 2_000 }, { lineId: 'L1', amount: 3_000 }] } });
    expect(again).toEqual({ kind: 'replayed', refunds: [r1], credits: first.credits });
    expect(applyRefund(TWO, first.refunds, { ...r1, scope: { kind: 'whole_order' } })).toMatchObject({ kind: 'refused', code: 'refund_conflict' });
    expect(applyRefund(TWO, first.refunds, refund('r2', { kind: 'lines', lines: [{ lineId: 'L7', amount: 1 }] }))).toMatchObject({ kind: 'refused', code: 'unknown_line' });
  });

  it('a last-touch receipt keeps the earlier engagements at zero through refunds', () => {
    const receipt = receiptOf([engagement('e1', 1), engagement('e2', 5)], LAST);
    expect(amounts(creditsAfter(receipt, [refund('r1', { kind: 'amount', amount: 999 })]))).toEqual({
      refunded: 999,
      shares: [['e1', 12_000, [9_231, 2_769]], ['e2', 0, [0, 0]]],
    });
  });
});

// ——— Properties ———

const ids = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
const arbStart = fc.oneof(
  fc.integer({ min: -95 * DAY, max: 3 * DAY }).map((d) => T - d),
  fc.constantFrom(T, T + 1, T - 30 * DAY, T - 30 * DAY - 1, T - 2 * DAY),
);
const arbCandidates = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom(...ids),
    enterpriseId: fc.constantFrom(ENT, ENT, ENT, 'ent-else'),
    associateId: fc.constantFrom('a1', 'a2', 'a3'),
    shopperId: fc.constantFrom('s1', 's2'),
    customerId: fc.constantFrom(null, 'C-1', 'C-2'),
    startedAt: arbStart,
  }),
  { selector: (c) => c.id, maxLength: 8 },
);
const arbOrder = fc.record({
  lines: fc.array(fc.record({ net: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 10_000_000 })), quantity: fc.integer({ min: 1, max: 5 }) }), {
    minLength: 1,
    maxLength: 6,
  }),
  stampedEngagementId: fc.constantFrom(null, ...ids, 'e-unknown'),
  customerId: fc.constantFrom(null, 'C-1', 'C-2'),
  reportingShopperId: fc.constantFrom(null, 's1', 's2'),
}).map(({ lines, ...identities }): Order => order({ lines: lines.map((l, i) => ({ id: `L${i}`, sku: `SKU-${i}`, category: ['c'], ...l })), ...identities }));
const arbSettings: fc.Arbitrary<AttributionSettings> = fc.record({
  windowDays: fc.integer({ min: 1, max: 90 }),
  model: fc.oneof(
    fc.constant({ kind: 'last_touch' as const }),
    fc.constant({ kind: 'even' as const }),
    fc.double({ min: 0.01, max: 90, noNaN: true }).map((halfLifeDays) => ({ kind: 'time_decay' as const, halfLifeDays })),
  ),
});

const attributed = fc
  .tuple(arbOrder, arbCandidates, arbSettings)
  .map(([o, c, s]) => attribute(o, c, s))
  .filter((r): r is Extract<Attribution, { kind: 'attributed' }> => r.kind === 'attributed')
  .map((r) => r.receipt);

const arbRefunds = (receipt: Receipt) => {
  const lineIds = receipt.shares[0]!.lines.map((l) => l.lineId);
  const scope: fc.Arbitrary<Refund['scope']> = fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.record({ lineId: fc.constantFrom(...lineIds), amount: fc.integer({ min: 0, max: Math.max(1, receipt.net) }) }), { minLength: 1, maxLength: 3 }).map((lines) => ({ kind: 'lines' as const, lines })) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: Math.max(1, Math.floor(receipt.net / 2)) }).map((amount) => ({ kind: 'amount' as const, amount })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'whole_order' as const }) },
  );
  return fc.uniqueArray(fc.record({ id: fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4', 'r5'), scope }), { selector: (r) => r.id, maxLength: 5 })
    .map((rs) => rs.map((r) => refund(r.id, r.scope, { orderId: receipt.orderId })));
};
const withRefunds = attributed.chain((receipt) => fc.tuple(fc.constant(receipt), arbRefunds(receipt)));

const requested = (receipt: Receipt, refunds: Refund[]) =>
  refunds.reduce((a, { scope }) => a + (scope.kind === 'whole_order' ? receipt.net : scope.kind === 'amount' ? scope.amount : scope.lines.reduce((b, l) => b + l.amount, 0)), 0);
const credited = (result: ReturnType<typeof creditsAfter>) => {
  if (result.kind === 'refused') throw new Error(result.message);
  return result.credits;
};

describe('attribution properties', () => {
  it('credits only engagements of the enterprise that started within the window before the order, sharing exactly the net', () => {
    fc.assert(
      fc.property(arbOrder, arbCandidates, arbSettings, (o, candidates, settings) => {
        const result = attribute(o, candidates, settings);
        expect(result.kind).not.toBe('refused');
        if (result.kind !== 'attributed') return;
        const { receipt } = result;
        const net = o.lines.reduce((a, l) => a + l.net, 0);
        expect(receipt.shares.reduce((a, s) => a + s.amount, 0)).toBe(net);
        o.lines.forEach((line, l) => expect(receipt.shares.reduce((a, s) => a + s.lines[l]!.amount, 0)).toBe(line.net));
        for (const share of receipt.shares) {
          expect(share.amount).toBeGreaterThanOrEqual(0);
          expect(share.startedAt).toBeLessThanOrEqual(o.placedAt);
          expect(share.startedAt).toBeGreaterThanOrEqual(o.placedAt - settings.windowDays * DAY);
          expect(candidates.find((c) => c.id === share.engagementId)!.enterpriseId).toBe(ENT);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes the strongest match that has an engagement in bounds, and only its engagements', () => {
    fc.assert(
      fc.property(arbOrder, arbCandidates, arbSettings, (o, candidates, settings) => {
        const inBounds = candidates.filter((c) => c.enterpriseId === ENT && c.startedAt <= T && c.startedAt >= T - settings.windowDays * DAY);
        const tiers = [
          ['stamped_engagement', inBounds.filter((c) => o.stampedEngagementId && c.id === o.stampedEngagementId)],
          ['verified_customer', inBounds.filter((c) => o.customerId && c.customerId === o.customerId)],
          ['reporting_shopper', inBounds.filter((c) => o.reportingShopperId && c.shopperId === o.reportingShopperId)],
        ] as const;
        const strongest = tiers.find(([, found]) => found.length > 0);
        const result = attribute(o, candidates, settings);
        if (!strongest) {
          expect(result.kind).toBe('unattributed');
          return;
        }
        if (result.kind !== 'attributed') throw new Error(result.kind);
        expect(result.receipt.match).toBe(strongest[0]);
        expect([...result.receipt.engagements].sort()).toEqual(strongest[1].map((c) => c.id).sort());
      }),
      { numRuns: 500 },
    );
  });

  it('gives each line’s cells their ideal rounded down or up, and each engagement its ideal share to within two minor units', () => {
    fc.assert(
      fc.property(attributed, (receipt) => {
        const total = receipt.shares.reduce((a, s) => a + BigInt(s.weight), 0n);
        const lineNets = receipt.shares[0]!.lines.map((_, l) => receipt.shares.reduce((a, s) => a + BigInt(s.lines[l]!.amount), 0n));
        for (const s of receipt.shares) {
          const gap = BigInt(s.amount) * total - BigInt(receipt.net) * BigInt(s.weight);
          expect(gap < 2n * total && gap > -2n * total).toBe(true);
          s.lines.forEach((cell, l) => {
            const floor = (lineNets[l]! * BigInt(s.weight)) / total;
            expect(BigInt(cell.amount) === floor || BigInt(cell.amount) === floor + 1n).toBe(true);
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the candidates come in', () => {
    fc.assert(
      fc.property(arbOrder, arbCandidates, arbSettings, fc.integer(), (o, candidates, settings, seed) => {
        const shuffled = [...candidates].sort((a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7));
        expect(attribute(o, shuffled, settings)).toEqual(attribute(o, candidates, settings));
      }),
      { numRuns: 300 },
    );
  });

  it('after any refunds the credits are non-negative, within each share, and sum to the net less what was refunded', () => {
    fc.assert(
      fc.property(withRefunds, ([receipt, refunds]) => {
        const credits = credited(creditsAfter(receipt, refunds));
        const whole = refunds.some((r) => r.scope.kind === 'whole_order');
        const sum = credits.shares.reduce((a, s) => a + s.amount, 0);
        expect(sum).toBe(whole ? 0 : Math.max(0, receipt.net - requested(receipt, refunds)));
        expect(sum).toBe(receipt.net - credits.refunded);
        credits.shares.forEach((s, i) => {
          expect(s.amount).toBeGreaterThanOrEqual(0);
          expect(s.amount).toBeLessThanOrEqual(receipt.shares[i]!.amount);
          expect(s.lines.reduce((a, l) => a + l.amount, 0)).toBe(s.amount);
          s.lines.forEach((l, k) => {
            expect(l.amount).toBeGreaterThanOrEqual(0);
            expect(l.amount).toBeLessThanOrEqual(receipt.shares[i]!.lines[k]!.amount);
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same credits for the same refunds in any order', () => {
    fc.assert(
      fc.property(withRefunds.chain(([receipt, refunds]) => fc.tuple(fc.constant(receipt), fc.constant(refunds), fc.shuffledSubarray(refunds, { minLength: refunds.length }))), ([receipt, refunds, shuffled]) => {
        const a = credited(creditsAfter(receipt, refunds));
        const b = credited(creditsAfter(receipt, shuffled));
        expect({ ...b, refundIds: [...b.refundIds].sort() }).toEqual({ ...a, refundIds: [...a.refundIds].sort() });
      }),
      { numRuns: 300 },
    );
  });

  it('replays change nothing: refunds applied one by one, each delivered twice, end where the set does', () => {
    fc.assert(
      fc.property(withRefunds, ([receipt, refunds]) => {
        let applied: Refund[] = [];
        for (const r of refunds) {
          const first = applyRefund(receipt, applied, r);
          if (first.kind === 'refused') throw new Error(first.message);
          expect(first.kind).toBe('applied');
          const again = applyRefund(receipt, first.refunds, r);
          expect(again).toEqual({ ...first, kind: 'replayed' });
          applied = first.refunds;
        }
        expect(creditsAfter(receipt, [...refunds, ...refunds])).toEqual(creditsAfter(receipt, refunds));
        const end = applied.length ? credited(creditsAfter(receipt, applied)) : credited(creditsAfter(receipt, []));
        expect(end).toEqual(credited(creditsAfter(receipt, refunds)));
      }),
      { numRuns: 300 },
    );
  });
});
