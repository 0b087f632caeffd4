import type { ExportSchedule } from '../../../../../shared/reports';
import type { Outbound } from '../../../outbound/client';
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
