import { integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { ExportAttemptResult, ExportSchedule, ReportDatedBy, ReportDimension } from '../../../../shared/reports';
import { timestamp } from '../time';
import { enterprises } from './tenancy';

/** Where an enterprise's exports go, without its secrets (those are in `sealedSecrets`). */
export type StoredExportDestination =
  | { kind: 'webhook'; url: string }
  | { kind: 's3'; endpoint: string | null; region: string; bucket: string; pathStyle: boolean; prefix: string; accessKeyId: string };

/**
 * An enterprise's scheduled report export (modules/reports/exports.ts): when it runs, what it
 * reports and where it goes. The webhook's signing secrets (the current first, the previous one
 * while rotated) or the bucket's secret access key are stored sealed (`deps.sealer`), as a JSON
 * array of strings, and never shown: `secretHint` is their last characters. `nextRunAt` is the
 * run the `reports.export` job waits for; `lastAttempt` what came of the latest attempt.
 */
export const reportExports = pgTable('report_exports', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  schedule: jsonb('schedule').$type<ExportSchedule>().notNull(),
  groupBy: jsonb('group_by').$type<ReportDimension[]>().notNull(),
  datedBy: text('dated_by').$type<ReportDatedBy>().notNull(),
  categoryDepth: integer('category_depth').notNull(),
  destination: jsonb('destination').$type<StoredExportDestination>().notNull(),
  sealedSecrets: text('sealed_secrets').notNull(),
  secretHint: text('secret_hint').notNull(),
  /** Webhook: how many secrets are sent (2 while one is rotated). */
  secretCount: integer('secret_count').notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  lastAttempt: jsonb('last_attempt').$type<ExportAttemptResult>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
