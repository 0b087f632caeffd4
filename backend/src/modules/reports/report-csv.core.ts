/**
 * A report as CSV (RFC 4180, CRLF, UTF-8): the file an export delivers and `?format=csv` answers.
 *
 * Columns, in this order (`reportColumns`):
 *   kind                      `line`, or `total` for the total's rows (last)
 *   associate, category, rule, channel, day
 *                             only those grouped by, in this order; a category as "Home > Kitchen";
 *                             empty for a fact without one (an offer has no channel)
 *   opportunities, offers, offers_decided, offers_accepted, acceptance_rate,
 *   engagements, converted, conversion_rate,
 *   treated_engagements, treated_converted, holdout_engagements, holdout_converted,
 *   lift, lift_low, lift_high   rates and lift as decimals (0.25 is 25%), 6 digits at most; empty when undefined
 *   currency, orders, revenue, average_order, commission
 *                             amounts in the currency's major unit ("12.50" EUR, "1250" JPY)
 * A line with money in several currencies takes one row per currency: its counts are on the first
 * row only, so a spreadsheet's SUM of a count column over the `line` rows is the total's, and a
 * SUMIF by currency of an amount column is the total's in that currency. Text that a spreadsheet
 * would take for a formula is neutralised; numbers stay numbers.
 */
import type { ReportDimension, ReportLine } from '../../../../shared/reports';
import { type CsvCell, spreadsheetText, writeCsv } from '../catalog/csv.core';
import { decimalAmount } from '../commission/commission.core';
import { DIMENSIONS, type Report } from './report.core';

export const COUNT_COLUMNS = [
  'opportunities',
  'offers',
  'offers_decided',
  'offers_accepted',
  'acceptance_rate',
  'engagements',
  'converted',
  'conversion_rate',
  'treated_engagements',
  'treated_converted',
  'holdout_engagements',
  'holdout_converted',
  'lift',
  'lift_low',
  'lift_high',
] as const;
export const MONEY_COLUMNS = ['currency', 'orders', 'revenue', 'average_order', 'commission'] as const;

/** The header of a report grouped by `groupBy`. */
export function reportColumns(groupBy: readonly ReportDimension[]): string[] {
  return ['kind', ...DIMENSIONS.filter((d) => groupBy.includes(d)), ...COUNT_COLUMNS, ...MONEY_COLUMNS];
}

const num = (n: number): CsvCell => ({ numeric: String(n) });
const ratio = (n: number | null): CsvCell => (n === null || !Number.isFinite(n) ? null : { numeric: String(Number(n.toFixed(6))) });

function rowsOf(kind: 'line' | 'total', line: ReportLine, dims: readonly ReportDimension[]): CsvCell[][] {
  const group: CsvCell[] = dims.map((d) => {
    const v = line.group[d];
    return v === undefined || v === null ? null : Array.isArray(v) ? v.join(' > ') : v;
  });
  const counts: CsvCell[] = [
    num(line.opportunities),
    num(line.offers),
    num(line.offersDecided),
    num(line.offersAccepted),
    ratio(line.acceptanceRate),
    num(line.engagements),
    num(line.converted),
    ratio(line.conversionRate),
    num(line.treated.engagements),
    num(line.treated.converted),
    num(line.holdout.engagements),
    num(line.holdout.converted),
    ratio(line.lift?.value ?? null),
    ratio(line.lift?.low ?? null),
    ratio(line.lift?.high ?? null),
  ];
  const blankCounts: CsvCell[] = counts.map(() => null);
  if (line.money.length === 0) return [[kind, ...group, ...counts, null, null, null, null, null]];
  return line.money.map((m, i) => [
    kind,
    ...group,
    ...(i === 0 ? counts : blankCounts),
    m.currency,
    num(m.orders),
    { numeric: decimalAmount(m.revenueMinor, m.currency) },
    m.averageOrderMinor === null ? null : { numeric: decimalAmount(m.averageOrderMinor, m.currency) },
    { numeric: decimalAmount(m.commissionMinor, m.currency) },
  ]);
}

/** The report as CSV: the header, each line's rows, then the total's. */
export function reportCsv(report: Report, groupBy: readonly ReportDimension[]): string {
  const dims = DIMENSIONS.filter((d) => groupBy.includes(d));
  const rows: CsvCell[][] = [reportColumns(groupBy)];
  for (const line of report.lines) rows.push(...rowsOf('line', line, dims));
  rows.push(...rowsOf('total', report.total, dims));
  return writeCsv(rows.map((r) => r.map(spreadsheetText)));
}
