import type { AssociateView, MyAdmission } from '../../../shared/associates';
import type { MonthPayableView } from '../../../shared/commission';
import type { ReportAnswer, ReportMoney } from '../../../shared/reports';

/*
 * The associate's own results in words (the side panel's "My results"): the periods, the
 * enterprises they work for, money in the browser's locale, the bars by day, commission by
 * month. Pure: no I/O; dates are the browser's calendar days. Money stays in its currency:
 * nothing here adds two currencies together.
 */

export type Period = 'last7' | 'last30' | 'thisMonth';
export const PERIODS: readonly { id: Period; label: string }[] = [
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'thisMonth', label: 'This month' },
];

/** A calendar day as YYYY-MM-DD, in the browser's time zone (the report's days are in the same zone). */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The period as the report's [from, to): from local midnight of its first day to local midnight
 * after today, and its days in order (today last).
 */
export function periodRange(period: Period, now: number): { from: string; to: string; days: string[] } {
  const today = new Date(now);
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  const first = period === 'thisMonth' ? 1 : d - (period === 'last7' ? 6 : 29);
  const days: string[] = [];
  for (let day = first; day <= d; day++) days.push(dayKey(new Date(y, m, day)));
  return { from: new Date(y, m, first).toISOString(), to: new Date(y, m, d + 1).toISOString(), days };
}

/** An enterprise whose results the associate sees: the employer, or one whose invitation they accepted. */
export interface ResultsEnterprise {
  id: string;
  name: string;
}

/**
 * The enterprises the associate works for: the employer first (named where some grant or
 * ledger line names it, else "Your employer"), then those whose invitation they accepted.
 */
export function enterprisesOf(associate: Pick<AssociateView, 'employerId' | 'accreditations'>, admissions: readonly MyAdmission[], payable: readonly MonthPayableView[] = []): ResultsEnterprise[] {
  const out: ResultsEnterprise[] = [];
  const employer = associate.employerId;
  if (employer) {
    const name = associate.accreditations.find((a) => a.enterpriseId === employer)?.enterpriseName ?? payable.find((p) => p.enterpriseId === employer)?.enterpriseName ?? 'Your employer';
    out.push({ id: employer, name });
  }
  for (const a of admissions) if (a.status === 'accepted' && !out.some((e) => e.id === a.enterpriseId)) out.push({ id: a.enterpriseId, name: a.enterpriseName });
  return out;
}

/** Enterprises that owe the associate commission but whose results they no longer see (they left). */
export function formerEnterprises(payable: readonly MonthPayableView[], current: readonly ResultsEnterprise[]): ResultsEnterprise[] {
  const out: ResultsEnterprise[] = [];
  for (const p of payable) if (!current.some((e) => e.id === p.enterpriseId) && !out.some((e) => e.id === p.enterpriseId)) out.push({ id: p.enterpriseId, name: p.enterpriseName });
  return out;
}

/** The currency's minor unit digits (2 for EUR, 0 for JPY, 3 for KWD), as Intl knows them. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units as money in the locale ("€1,234.50", "1 234,50 €"); an unknown code still shows its amount and code. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  } catch {
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)} ${currency}`;
  }
}

/** A share as a percentage ("25%", "33.3%"); "—" when there is nothing to divide. */
export function formatRate(rate: number | null, locale?: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "2026-03" → "March 2026". */
export function formatMonth(month: string, locale?: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** "2026-03-02" → "Mon 2 Mar" (the locale's order). */
export function formatDay(day: string, locale?: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** One day's bar: engagements and those that converted, with the bar's height as a share of the busiest day. */
export interface DayBar {
  day: string;
  engagements: number;
  converted: number;
  /** 0 to 1. */
  height: number;
  /** converted / engagements of that day, 0 to 1 (the darker part of the bar). */
  convertedShare: number;
}

/** Every day of the period, a day without a line counting none. */
export function dayBars(answer: Pick<ReportAnswer, 'lines'>, days: readonly string[]): DayBar[] {
  const byDay = new Map(answer.lines.filter((l) => l.group.day).map((l) => [l.group.day!, l]));
  const counts = days.map((day) => ({ day, engagements: byDay.get(day)?.engagements ?? 0, converted: byDay.get(day)?.converted ?? 0 }));
  const most = Math.max(1, ...counts.map((c) => c.engagements));
  return counts.map((c) => ({ ...c, height: c.engagements / most, convertedShare: c.engagements > 0 ? c.converted / c.engagements : 0 }));
}

/** What a day's bar says to a screen reader: "Mon 2 Mar: 3 engagements, 1 converted". */
export function dayBarText(bar: DayBar, locale?: string): string {
  const n = bar.engagements;
  return `${formatDay(bar.day, locale)}: ${n === 0 ? 'no engagements' : `${formatCount(n, locale)} engagement${n === 1 ? '' : 's'}, ${formatCount(bar.converted, locale)} converted`}`;
}

/** Nothing happened in the period: no engagement and no money (a late refund or a tier settlement is money). */
export function isEmptyPeriod(answer: Pick<ReportAnswer, 'total'>): boolean {
  return answer.total.engagements === 0 && answer.total.money.every((m) => m.orders === 0 && m.revenueMinor === 0 && m.commissionMinor === 0);
}

/** The money of a line, one entry per currency, by currency code (never summed across currencies). */
export function moneyLines(money: readonly ReportMoney[], locale?: string): { currency: string; revenue: string; averageOrder: string; commission: string; orders: number }[] {
  return [...money]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((m) => ({
      currency: m.currency,
      orders: m.orders,
      revenue: formatMoney(m.revenueMinor, m.currency, locale),
      averageOrder: m.averageOrderMinor === null ? '—' : formatMoney(m.averageOrderMinor, m.currency, locale),
      commission: formatMoney(m.commissionMinor, m.currency, locale),
    }));
}

/** An enterprise's commission by month, newest first, one row per month and currency: payable now (locked) and still in its hold (pending). */
export function payableRows(payable: readonly MonthPayableView[], enterpriseId: string, locale?: string): { month: string; label: string; currency: string; payable: string; pending: string }[] {
  return payable
    .filter((p) => p.enterpriseId === enterpriseId)
    .sort((a, b) => b.month.localeCompare(a.month) || a.currency.localeCompare(b.currency))
    .map((p) => ({
      month: p.month,
      label: formatMonth(p.month, locale),
      currency: p.currency,
      payable: formatMoney(p.lockedMinor, p.currency, locale),
      pending: formatMoney(p.pendingMinor, p.currency, locale),
    }));
}

/** A failed read in the associate's words. */
export function resultsErrorText(what: string, result: { status: number; message: string }): string {
  if (result.status === 0) return `Could not reach the server for ${what}. Check the connection, then try again.`;
  if (result.status === 401) return `You were signed out, so ${what} could not be read. Sign in again, then try again.`;
  if (result.status === 404) return `You no longer work for this enterprise, so ${what} are not shown.`;
  if (result.status === 429) return `Too many requests for ${what} just now: try again in a moment.`;
  return `Could not read ${what}: ${result.message}`;
}
