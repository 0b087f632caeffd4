/**
 * A report as the Reports page shows it: the lines' labels, the chart's series and the CSV, all
 * from one answer of `GET /api/v1/reports`, so the table, the chart and the file carry the same
 * figures. The CSV is the server's own writer (report-csv.core.ts) run on that answer: byte for
 * byte what `?format=csv` sends for the same figures.
 */
import type { ReportAnswer, ReportDimension, ReportGroup, ReportLine } from '../../../../shared/reports';
import { reportCsv } from '../../../src/modules/reports/report-csv.core';
import { CHANNEL_LABEL } from '../live/live.core';
import { majorUnits } from './money.core';

export const DIMENSION_LABELS: Record<ReportDimension, string> = {
  associate: 'Associate',
  category: 'Category',
  rule: 'Opportunity rule',
  channel: 'Channel',
  day: 'Day',
};

/** What a chart may draw of each line. */
export type ReportMetric = 'opportunities' | 'offers' | 'engagements' | 'converted' | 'orders' | 'revenue' | 'commission';

export const METRIC_LABELS: Record<ReportMetric, string> = {
  opportunities: 'Opportunities',
  offers: 'Offers',
  engagements: 'Engagements',
  converted: 'Converted engagements',
  orders: 'Orders',
  revenue: 'Attributed revenue',
  commission: 'Commission',
};

/** The metrics in money: drawn for one currency at a time (currencies are never added). Orders are a count, not money. */
export const MONEY_METRICS: readonly ReportMetric[] = ['revenue', 'commission'];

/** A line's orders: a plain count, every currency's together (an order is in one currency; counts add up, amounts do not). */
export function ordersOf(line: ReportLine): number {
  return line.money.reduce((n, m) => n + m.orders, 0);
}

/** A line's group in words: "Ana Ortiz · Audio > Headphones"; names stand for ids where known, "(none)" for a fact without the dimension. */
export function groupLabel(group: ReportGroup, groupBy: readonly ReportDimension[], names: Readonly<Record<string, string>> = {}): string {
  if (groupBy.length === 0) return 'All';
  return groupBy
    .map((d) => {
      const v = group[d];
      if (v === null || v === undefined) return '(none)';
      if (Array.isArray(v)) return v.length ? v.join(' > ') : '(uncategorised)';
      return d === 'associate' ? (names[v] ?? v) : d === 'channel' ? channelSetLabel(v) : v;
    })
    .join(' · ');
}

/** A channel group as the report names it ("chat+phone", "none") in words: "Chat + Phone", "No channel". */
export function channelSetLabel(set: string): string {
  if (set === 'none' || set === '') return 'No channel';
  return set
    .split('+')
    .map((m) => CHANNEL_LABEL[m as keyof typeof CHANNEL_LABEL] ?? m)
    .join(' + ');
}

/** A line's figure for a metric (money in major units of `currency`, 0 when the line has none in it; counts as they are). */
export function metricOf(line: ReportLine, metric: ReportMetric, currency: string | null): number {
  if (metric === 'orders') return ordersOf(line);
  if (!MONEY_METRICS.includes(metric)) return line[metric as 'opportunities' | 'offers' | 'engagements' | 'converted'];
  const m = line.money.find((x) => x.currency === currency);
  if (!m) return 0;
  return majorUnits(metric === 'revenue' ? m.revenueMinor : m.commissionMinor, m.currency);
}

/** The currencies a report has money in, in the total's order. */
export function currenciesOf(answer: ReportAnswer): string[] {
  return answer.total.money.map((m) => m.currency);
}

/** A chart of the report: a time series by day, else bars by group (in the answer's order). */
export type ReportChart =
  | { kind: 'time'; x: number[]; values: number[] }
  | { kind: 'bars'; labels: string[]; values: number[] }
  | { kind: 'none'; why: string };

/**
 * The chart of one metric. By day alone: x is each day's midnight UTC in seconds (the day as the
 * report names it), every day of the answer once. By one other dimension: one bar per line. Two
 * dimensions or none: no chart (the table says it all).
 */
export function reportChart(answer: ReportAnswer, metric: ReportMetric, currency: string | null, names: Readonly<Record<string, string>> = {}): ReportChart {
  if (answer.groupBy.length !== 1) return { kind: 'none', why: answer.groupBy.length === 0 ? 'Group by one dimension to see a chart.' : 'The chart shows one grouping at a time.' };
  const [dim] = answer.groupBy as [ReportDimension];
  if (dim === 'day') {
    const days = answer.lines.filter((l) => typeof l.group.day === 'string').map((l) => ({ at: Date.parse(`${l.group.day}T00:00:00Z`) / 1000, value: metricOf(l, metric, currency) }));
    days.sort((a, b) => a.at - b.at);
    return { kind: 'time', x: days.map((d) => d.at), values: days.map((d) => d.value) };
  }
  return { kind: 'bars', labels: answer.lines.map((l) => groupLabel(l.group, answer.groupBy, names)), values: answer.lines.map((l) => metricOf(l, metric, currency)) };
}

/** The chart's figures in words, for who cannot see it: "Day 2026-03-01: 4; …". */
export function chartSummary(chart: ReportChart, metric: ReportMetric): string {
  if (chart.kind === 'none') return chart.why;
  const parts = chart.kind === 'time' ? chart.x.map((x, i) => `${new Date(x * 1000).toISOString().slice(0, 10)}: ${chart.values[i]}`) : chart.labels.map((l, i) => `${l}: ${chart.values[i]}`);
  return `${METRIC_LABELS[metric]}: ${parts.join('; ') || 'nothing'}`;
}

/** The report's CSV, from the answer shown: the same writer as the server's `?format=csv`. */
export function reportCsvOf(answer: ReportAnswer): string {
  return reportCsv(answer, answer.groupBy);
}

/** The CSV's file name: floorwalker-report-<from>-<to>-<grouping>.csv. */
export function reportFileName(answer: ReportAnswer): string {
  const day = (iso: string) => iso.slice(0, 10);
  return `floorwalker-report-${day(answer.from)}-${day(answer.to)}${answer.groupBy.length ? `-by-${answer.groupBy.join('-')}` : ''}.csv`;
}

/** The period of the last `days` days up to `now` (whole UTC days, `to` the end of today), for the query. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return { from: new Date(end - days * 86_400_000).toISOString(), to: new Date(end).toISOString() };
}
