import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ExportAttemptResult, ExportSettings, ExportSettingsBody, ReportDimension } from '../../../../shared/reports';
import { reportExports, type StoredExportDestination } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { InvalidInput, NotFound, UrlNotAllowed } from '../../errors';
import type { JobsService } from '../jobs/service';
import { type ExportOutcome, type ExportTarget, exportFilename, runExport } from './delivery/export';
import { objectUrl } from './delivery/s3';
import type { ReportFacts } from './report.core';
import { exportPeriod, nextRun } from './schedule.core';

/**
 * Scheduled report exports (docs/sales.md, "Reports"): an enterprise's settings, and the
 * `reports.export` job that runs each one at its time. Saving the settings starts the schedule
 * afresh: the next run is enqueued at `nextRun` with a key of the enterprise and the run's time,
 * so saving twice is one job, and a job whose run is no longer the settings' next (the schedule
 * changed, or the settings were removed) does nothing. Each run ends delivered, refused, or
 * failed: a failure is tried again with the job queue's backoff (or after the receiver's
 * Retry-After) up to EXPORT_MAX_ATTEMPTS attempts; then, or once delivered or refused, the run
 * after it is scheduled.
 */

export const EXPORT_JOB = 'reports.export';
/** How long one attempt waits for the receiver. */
export const EXPORT_TIMEOUT_MS = 30_000;
/** Attempts of one run before it gives up (under the job queue's own limit, so the next run is always scheduled). */
export const EXPORT_MAX_ATTEMPTS = 8;

interface ExportJobPayload {
  enterpriseId: string;
  /** The run's due time (ISO). */
  runAt: string;
  /** Attempts made by earlier jobs of this run (a Retry-After re-enqueues the run as a new job). */
  earlier?: number;
}

type Row = typeof reportExports.$inferSelect;

/** Where the exports read the enterprise's facts (the reports service). */
export interface ExportFacts {
  /** The facts of a report over the period, grouped by day or not, with days in `timeZone`. */
  facts(enterpriseId: string, report: { from: number; to: number; groupBy: readonly ReportDimension[]; timeZone: string }): Promise<ReportFacts>;
}

export class ExportsService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock' | 'timers' | 'ids' | 'sealer' | 'outbound' | 'log'>,
    private readonly reports: ExportFacts,
    private readonly jobs: Pick<JobsService, 'handle' | 'enqueue'>,
  ) {
    jobs.handle(EXPORT_JOB, (payload, job) => this.runScheduled(payload as ExportJobPayload, job));
  }

  /** The enterprise's export settings (secrets as hints only); NotFound when none are set. */
  async settings(enterpriseId: string): Promise<ExportSettings> {
    return settingsView(await this.row(enterpriseId));
  }

  /**
   * Sets the enterprise's export and schedules its next run. A webhook gets a signing secret when
   * it has none (or on `rotateSecret`, keeping the previous one beside it until the next save),
   * shown in this answer only. A URL the outbound guard refuses is refused (UrlNotAllowed).
   */
  async save(enterpriseId: string, body: z.output<typeof ExportSettingsBody>): Promise<ExportSettings> {
    const { destination } = body;
    let stored: StoredExportDestination;
    if (destination.kind === 'webhook') {
      const allowed = this.deps.outbound.check(destination.url);
      if (!allowed.ok) throw new UrlNotAllowed(['destination', 'url'], allowed.reason);
      stored = { kind: 'webhook', url: destination.url };
    } else {
      stored = { kind: 's3', endpoint: destination.endpoint ?? null, region: destination.region, bucket: destination.bucket, pathStyle: destination.pathStyle, prefix: destination.prefix, accessKeyId: destination.accessKeyId };
      const made = objectUrl({ ...destination, endpoint: destination.endpoint }, 'floorwalker-report-2026-01-01.csv');
      if (!made.ok) throw new InvalidInput(['destination', destination.endpoint === undefined ? 'bucket' : 'endpoint'], made.reason);
      const allowed = this.deps.outbound.check(made.url.href);
      if (!allowed.ok) throw new UrlNotAllowed(['destination', 'endpoint'], allowed.reason);
    }
    const now = this.deps.clock();
    const nextRunAt = new Date(nextRun(body.schedule, now.getTime()));
    const [before] = await this.deps.db.select().from(reportExports).where(eq(reportExports.enterpriseId, enterpriseId));
    let secrets: string[];
    let fresh: string | undefined;
    if (destination.kind === 's3') secrets = [destination.secretAccessKey];
    else {
      const kept = before?.destination.kind === 'webhook' ? this.open(before) : [];
      if (kept.length === 0 || body.rotateSecret) {
        fresh = this.deps.ids.secret('fwx');
        secrets = [fresh, ...kept.slice(0, 1)];
      } else secrets = kept.slice(0, 1);
    }
    const values = {
      schedule: body.schedule,
      groupBy: body.groupBy,
      datedBy: body.datedBy,
      categoryDepth: body.categoryDepth,
      destination: stored,
      sealedSecrets: this.deps.sealer.seal(JSON.stringify(secrets)),
      secretHint: secrets[0]!.slice(-4),
      secretCount: secrets.length,
      nextRunAt,
      updatedAt: now,
    };
    const row = await this.deps.db.transaction(async (tx) => {
      const [saved] = await tx
        .insert(reportExports)
        .values({ enterpriseId, ...values })
        .onConflictDoUpdate({ target: reportExports.enterpriseId, set: values })
        .returning();
      await this.jobs.enqueue({ kind: EXPORT_JOB, key: runKey(enterpriseId, nextRunAt.getTime()), runAt: nextRunAt, payload: { enterpriseId, runAt: nextRunAt.toISOString() } satisfies ExportJobPayload }, tx);
      return saved!;
    });
    return { ...settingsView(row), ...(fresh ? { signingSecret: fresh } : {}) };
  }

  /** Removes the enterprise's export (its pending run then does nothing); NotFound when none is set. */
  async remove(enterpriseId: string): Promise<void> {
    const gone = await this.deps.db.delete(reportExports).where(eq(reportExports.enterpriseId, enterpriseId)).returning({ id: reportExports.enterpriseId });
    if (gone.length === 0) throw new NotFound('The export settings');
  }

  /**
   * Runs the export now, once, for the last complete period (the day, or the seven days, before
   * today in the schedule's zone), to check the settings: what came of it (not tried again).
   */
  async runNow(enterpriseId: string): Promise<ExportAttemptResult> {
    const row = await this.row(enterpriseId);
    const now = this.deps.clock().getTime();
    const outcome = await this.attempt(row, this.deps.ids.id(), now);
    const result = resultOf(outcome, now, null, null);
    await this.deps.db.update(reportExports).set({ lastAttempt: result }).where(eq(reportExports.enterpriseId, enterpriseId));
    return result;
  }

  private async runScheduled(payload: ExportJobPayload, job: { key: string; attempts: number; now: Date }): Promise<void> {
    const runAt = Date.parse(payload.runAt);
    const [row] = await this.deps.db.select().from(reportExports).where(eq(reportExports.enterpriseId, payload.enterpriseId));
    // Removed, or saved since with another next run: this run is no longer wanted.
    if (!row || row.nextRunAt.getTime() !== runAt) return;
    const now = job.now.getTime();
    const exportId = createHash('sha256').update(`${payload.enterpriseId}|${payload.runAt}`).digest('hex').slice(0, 32);
    const outcome = await this.attempt(row, exportId, now, runAt);
    const attempts = (payload.earlier ?? 0) + job.attempts;
    const { delivery } = outcome;
    if (delivery.outcome === 'retry' && attempts < EXPORT_MAX_ATTEMPTS) {
      if (delivery.retryAfterSeconds !== undefined) {
        // The receiver said when: the run goes on as a new job then (this one is done).
        const at = new Date(now + Math.max(1, delivery.retryAfterSeconds) * 1000);
        await this.record(row, resultOf(outcome, now, runAt, at), runAt);
        await this.jobs.enqueue({ kind: EXPORT_JOB, key: `${runKey(payload.enterpriseId, runAt)}:after-${attempts}`, runAt: at, payload: { ...payload, earlier: attempts } });
        return;
      }
      await this.record(row, resultOf(outcome, now, runAt, 'backoff'), runAt);
      // The job queue tries again with its backoff.
      throw new Error(`export not delivered: ${delivery.reason}`);
    }
    const result = delivery.outcome === 'retry' ? { ...resultOf(outcome, now, runAt, null), reason: `gave up after ${attempts} attempts: ${delivery.reason}` } : resultOf(outcome, now, runAt, null);
    const next = new Date(outcome.nextRunAt);
    if (await this.record(row, result, runAt, next)) {
      await this.jobs.enqueue({ kind: EXPORT_JOB, key: runKey(payload.enterpriseId, next.getTime()), runAt: next, payload: { enterpriseId: payload.enterpriseId, runAt: next.toISOString() } satisfies ExportJobPayload });
    }
  }

  /** One attempt of the export of `row` (the period of `runAt`, else the last complete one), within EXPORT_TIMEOUT_MS. */
  private async attempt(row: Row, exportId: string, nowMs: number, runAt = nowMs): Promise<ExportOutcome> {
    let secrets: string[];
    try {
      secrets = this.open(row);
    } catch {
      // The secrets key changed without the previous one kept: only new settings mend it.
      const period = exportPeriod(row.schedule, runAt);
      const delivery = { outcome: 'refused' as const, reason: 'the stored secret cannot be read (the server’s secrets key changed): save the settings again' };
      return { period, filename: exportFilename(row.schedule, period), delivery, nextRunAt: nextRun(row.schedule, runAt) };
    }
    if (!this.deps.sealer.isCurrent(row.sealedSecrets)) {
      // Sealed under a key of before a rotation: re-sealed under the current one as it is read (unless saved since).
      await this.deps.db
        .update(reportExports)
        .set({ sealedSecrets: this.deps.sealer.seal(JSON.stringify(secrets)) })
        .where(and(eq(reportExports.enterpriseId, row.enterpriseId), eq(reportExports.sealedSecrets, row.sealedSecrets)));
    }
    const controller = new AbortController();
    const cancel = this.deps.timers.after(EXPORT_TIMEOUT_MS, () => controller.abort());
    try {
      return await runExport(
        this.deps.outbound,
        (period) => this.reports.facts(row.enterpriseId, { ...period, groupBy: row.groupBy, timeZone: row.schedule.timeZone }),
        { schedule: row.schedule, groupBy: row.groupBy, datedBy: row.datedBy, categoryDepth: row.categoryDepth, target: targetOf(row.destination, secrets) },
        { exportId, runAt, nowMs, signal: controller.signal },
      );
    } finally {
      cancel();
    }
  }

  /** Writes the attempt's result (and the next run), unless the settings were saved since with another run; whether it wrote. */
  private async record(row: Row, result: ExportAttemptResult, runAt: number, next?: Date): Promise<boolean> {
    const written = await this.deps.db
      .update(reportExports)
      .set({ lastAttempt: result, ...(next ? { nextRunAt: next } : {}) })
      .where(and(eq(reportExports.enterpriseId, row.enterpriseId), eq(reportExports.nextRunAt, new Date(runAt))))
      .returning({ id: reportExports.enterpriseId });
    if (result.outcome !== 'delivered') this.deps.log('reports: an export was not delivered', { enterpriseId: row.enterpriseId, outcome: result.outcome, reason: result.reason });
    return written.length > 0;
  }

  private async row(enterpriseId: string): Promise<Row> {
    const [row] = await this.deps.db.select().from(reportExports).where(eq(reportExports.enterpriseId, enterpriseId));
    if (!row) throw new NotFound('The export settings');
    return row;
  }

  private open(row: Row): string[] {
    const secrets: unknown = JSON.parse(this.deps.sealer.open(row.sealedSecrets));
    return Array.isArray(secrets) ? secrets.filter((s): s is string => typeof s === 'string') : [];
  }
}

function runKey(enterpriseId: string, runAt: number): string {
  return `${EXPORT_JOB}:${enterpriseId}:${new Date(runAt).toISOString()}`;
}

function targetOf(destination: StoredExportDestination, secrets: string[]): ExportTarget {
  if (destination.kind === 'webhook') return { kind: 'webhook', url: destination.url, secrets };
  const { endpoint, ...rest } = destination;
  return { ...rest, ...(endpoint === null ? {} : { endpoint }), secretAccessKey: secrets[0] ?? '' };
}

/** An attempt's result as stored and shown; `retryAt` 'backoff' when the job queue decides. */
function resultOf(outcome: ExportOutcome, now: number, runAt: number | null, retryAt: Date | 'backoff' | null): ExportAttemptResult {
  const { delivery } = outcome;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    at: iso(now),
    runAt: runAt === null ? null : iso(runAt),
    outcome: delivery.outcome === 'retry' ? 'failed' : delivery.outcome,
    reason: delivery.outcome === 'delivered' ? null : delivery.reason,
    retryAt: retryAt instanceof Date ? retryAt.toISOString() : null,
    willRetry: retryAt !== null,
    filename: outcome.filename,
    period: { from: iso(outcome.period.from), to: iso(outcome.period.to) },
  };
}

function settingsView(row: Row): ExportSettings {
  const hint = { set: true as const, hint: `…${row.secretHint}` };
  const d = row.destination;
  return {
    schedule: row.schedule,
    destination: d.kind === 'webhook' ? { kind: 'webhook', url: d.url, signingSecret: { ...hint, rotating: row.secretCount > 1 } } : { ...d, secretAccessKey: hint },
    groupBy: row.groupBy,
    datedBy: row.datedBy,
    categoryDepth: row.categoryDepth,
    nextRunAt: row.nextRunAt.toISOString(),
    lastAttempt: row.lastAttempt ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
