import type { ExportSchedule, ReportDatedBy, ReportDimension } from '../../../../../shared/reports';
import type { Outbound } from '../../../outbound/client';
import { reportCsv } from '../report-csv.core';
import { buildReport, type ReportFacts } from '../report.core';
import { exportPeriod, nextRun } from '../schedule.core';
import { localDay } from '../zone.core';
import type { Delivery } from './outcome.core';
import { type BucketTarget, deliverToBucket } from './s3';
import { deliverByWebhook, type ExportFile, type WebhookTarget } from './webhook';

/** Where one enterprise's exports go, with its credentials (the webhook's secrets, the bucket's keys). */
export type ExportTarget = ({ kind: 'webhook' } & WebhookTarget) | ({ kind: 's3' } & BucketTarget);

/**
 * The file name of an export covering [from, to): `floorwalker-report-2026-03-01.csv` for a day,
 * `floorwalker-report-2026-03-02--2026-03-08.csv` for a week (the last day included), days in the
 * schedule's zone. In a bucket it is the object's key (after the prefix).
 */
export function exportFilename(schedule: ExportSchedule, period: { from: number; to: number }): string {
  const first = localDay(period.from, schedule.timeZone);
  const last = localDay(period.to - 1, schedule.timeZone);
  return first === last ? `floorwalker-report-${first}.csv` : `floorwalker-report-${first}--${last}.csv`;
}

/** Delivers one export file to the enterprise's target: what came of this attempt (the job retries `retry`). */
export function deliverExport(outbound: Outbound, target: ExportTarget, file: ExportFile, nowMs: number, signal: AbortSignal): Promise<Delivery> {
  if (target.kind === 'webhook') return deliverByWebhook(outbound, target, file, nowMs, signal);
  return deliverToBucket(outbound, target, { key: file.filename, csv: file.csv }, nowMs, signal);
}

/** An enterprise's scheduled export as the job reads it. */
export interface ExportSettings {
  schedule: ExportSchedule;
  groupBy: readonly ReportDimension[];
  datedBy: ReportDatedBy;
  categoryDepth: number;
  target: ExportTarget;
}

export interface ExportAttempt {
  /** The run's id, the same on every attempt of it (the receiver drops repeats by it). */
  exportId: string;
  /** When the run was due: it fixes the period, whatever the attempt's time. */
  runAt: number;
  /** The attempt's time (the webhook signature's, S3's request date). */
  nowMs: number;
  signal: AbortSignal;
}

export interface ExportOutcome {
  period: { from: number; to: number };
  filename: string;
  delivery: Delivery;
  /** When the next run is due (schedule it once this one is delivered or refused). */
  nextRunAt: number;
}

/**
 * One attempt of a scheduled export: the report of the local day (or week) before the run, its CSV,
 * delivered to the target. `facts` reads the enterprise's facts for a period (`readActivityFacts`
 * joined `withSales`). The job retries on `retry`, and tells the enterprise on `refused`.
 */
export async function runExport(
  outbound: Outbound,
  facts: (period: { from: number; to: number }) => Promise<ReportFacts>,
  settings: ExportSettings,
  attempt: ExportAttempt,
): Promise<ExportOutcome> {
  const period = exportPeriod(settings.schedule, attempt.runAt);
  const report = buildReport(await facts(period), {
    groupBy: settings.groupBy,
    ...period,
    datedBy: settings.datedBy,
    categoryDepth: settings.categoryDepth,
    timeZone: settings.schedule.timeZone,
  });
  const filename = exportFilename(settings.schedule, period);
  const file = { exportId: attempt.exportId, filename, csv: reportCsv(report, settings.groupBy) };
  const delivery = await deliverExport(outbound, settings.target, file, attempt.nowMs, attempt.signal);
  return { period, filename, delivery, nextRunAt: nextRun(settings.schedule, attempt.runAt) };
}
