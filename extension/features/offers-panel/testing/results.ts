import { AssociateView, MyAdmission } from '../../../../shared/associates';
import { MyCommission, MonthPayableView } from '../../../../shared/commission';
import { ReportAnswer, ReportLine, type ReportMoney } from '../../../../shared/reports';
import { periodRange } from '../results.core';

/** "My results" fixtures (tests and the screenshots), each checked against the shared schema. */
export const NOW = Date.parse('2026-03-10T12:00:00Z');
export const VOLTAIRE = '0c5b2f3e-8a51-4d3e-9a3b-1f2e3d4c5b6a';
export const SUMMIT = '7e1d2c3b-4a59-4c8d-b7e6-f5a4b3c2d1e0';
export const NORDIC = '3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d';

export const associate = (change: Partial<AssociateView> = {}): AssociateView =>
  AssociateView.parse({
    id: 'a-ana',
    email: 'ana@voltaire.example',
    displayName: 'Ana',
    employment: 'employed',
    employerId: VOLTAIRE,
    languages: ['en'],
    timezone: 'Europe/Paris',
    schedule: [],
    capacity: 3,
    contact: { notify: true, sound: false, channels: ['chat'] },
    presence: 'available',
    connected: true,
    presenceReason: null,
    presenceChangedAt: '2026-03-10T08:00:00Z',
    accreditations: [{ category: ['Audio'], level: 4, expiresAt: null, enterpriseId: VOLTAIRE, enterpriseName: 'Voltaire Retail' }],
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    ...change,
  });

export const admission = (enterpriseId: string, enterpriseName: string, status: MyAdmission['status'] = 'accepted'): MyAdmission =>
  MyAdmission.parse({ enterpriseId, enterpriseName, status, invitedAt: '2026-02-01T00:00:00Z', answeredAt: '2026-02-02T00:00:00Z', paused: false });

const money = (currency: string, orders: number, revenueMinor: number, commissionMinor: number): ReportMoney => ({
  currency,
  orders,
  revenueMinor,
  averageOrderMinor: orders > 0 ? Math.round(revenueMinor / orders) : null,
  commissionMinor,
});

const line = (day: string | null, engagements: number, converted: number, moneys: ReportMoney[] = []): ReportLine =>
  ReportLine.parse({
    group: day === null ? {} : { day },
    opportunities: engagements + 2,
    offers: engagements + 1,
    offersDecided: engagements + 1,
    offersAccepted: engagements,
    acceptanceRate: engagements + 1 > 0 ? engagements / (engagements + 1) : null,
    engagements,
    converted,
    conversionRate: engagements > 0 ? converted / engagements : null,
    treated: { engagements, converted },
    holdout: { engagements: 0, converted: 0 },
    lift: null,
    money: moneys,
  });

/** A report over the last 7 days (as the panel asks at NOW): per day engagements and conversions, the money in EUR and, on one day, GBP. */
export function busyWeek(now = NOW): ReportAnswer {
  const { from, to, days } = periodRange('last7', now);
  const perDay: [number, number][] = [[2, 1], [0, 0], [4, 1], [3, 2], [1, 0], [5, 2], [2, 1]];
  const lines = days.map((day, i) => {
    const [e, c] = perDay[i]!;
    const moneys = c > 0 ? [money('EUR', c, c * 18_950, c * 950)] : [];
    if (i === 3) moneys.push(money('GBP', 1, 12_000, 600));
    return line(day, e, c, moneys);
  });
  const eng = perDay.reduce((s, [e]) => s + e, 0);
  const conv = perDay.reduce((s, [, c]) => s + c, 0);
  return ReportAnswer.parse({
    groupBy: ['day'],
    from,
    to,
    datedBy: 'engagement',
    categoryDepth: 1,
    timeZone: 'UTC',
    lines,
    total: line(null, eng, conv, [money('EUR', conv, conv * 18_950, conv * 950), money('GBP', 1, 12_000, 600)]),
  });
}

/** A period with nothing in it. */
export function quietPeriod(period: 'last7' | 'last30' | 'thisMonth' = 'last7', now = NOW): ReportAnswer {
  const { from, to } = periodRange(period, now);
  return ReportAnswer.parse({ groupBy: ['day'], from, to, datedBy: 'engagement', categoryDepth: 1, timeZone: 'UTC', lines: [], total: line(null, 0, 0) });
}

const payable = (enterpriseId: string, enterpriseName: string, month: string, currency: string, lockedMinor: number, pendingMinor: number): MonthPayableView =>
  MonthPayableView.parse({ enterpriseId, enterpriseName, associateId: 'a-ana', month, currency, totalMinor: lockedMinor + pendingMinor, lockedMinor, pendingMinor });

/** What the enterprises owe Ana: Voltaire for February (locked) and March (in hold, EUR and GBP); Nordic, which she left, for January. */
export const COMMISSION: MyCommission = MyCommission.parse({
  payable: [
    payable(VOLTAIRE, 'Voltaire Retail', '2026-02', 'EUR', 41_250, 0),
    payable(VOLTAIRE, 'Voltaire Retail', '2026-03', 'EUR', 1_900, 8_550),
    payable(VOLTAIRE, 'Voltaire Retail', '2026-03', 'GBP', 0, 600),
    payable(NORDIC, 'Nordic Outdoor', '2026-01', 'SEK', 125_000, 0),
  ],
  entries: [],
  next: null,
});

export const NO_COMMISSION: MyCommission = MyCommission.parse({ payable: [], entries: [], next: null });
