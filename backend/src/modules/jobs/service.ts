import { and, asc, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Tx } from '../../db/open';
import { jobs } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { describeError } from '../../log';
import { type Periodic, runEvery } from '../../periodic';
import { retryDelayMs } from './backoff.core';

/** Runs one job; a throw is a failure (retried with backoff). */
export type JobHandler = (payload: unknown, job: { id: string; key: string; attempts: number; now: Date }) => Promise<void>;

export interface JobOptions {
  /** How often an instance looks for due jobs. */
  pollMs: number;
  /** How long a claimed job is this instance's: past it (the instance died mid-run), another claims it. */
  leaseMs: number;
  /** Jobs claimed per look. */
  batch: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_JOB_OPTIONS: JobOptions = { pollMs: 5_000, leaseMs: 5 * 60_000, batch: 20, maxAttempts: 10, retryBaseMs: 30_000, retryMaxMs: 3_600_000 };

/**
 * Durable scheduled work, kept in the `jobs` table as pg-boss and graphile-worker keep theirs:
 * `enqueue` with a run-at and a unique key (the same key twice is one job), `runDue` claims the
 * due jobs of the kinds this instance handles with `FOR UPDATE SKIP LOCKED` and a lease (so two
 * instances never run one job at once, and a job whose instance died runs again once its lease
 * lapses), runs each outside the claiming transaction (PGlite has one connection: the handler's
 * own queries must not wait behind it), and retries failures with exponential backoff. `start`
 * polls on `deps.timers`; a new app over the same database runs what is due.
 */
export class JobsService {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly options: JobOptions;
  private periodic: Periodic | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: AppDeps,
    options: Partial<JobOptions> = {},
  ) {
    this.options = { ...DEFAULT_JOB_OPTIONS, ...options };
  }

  /** What runs the jobs of `kind` (one handler per kind). */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Schedules a job; `true` when new, `false` when a job with this key exists already (it is left as it is). */
  async enqueue(job: { kind: string; key: string; runAt: Date; payload?: unknown }, tx?: Tx): Promise<boolean> {
    const rows = await (tx ?? this.deps.db)
      .insert(jobs)
      .values({
        id: this.deps.ids.id(),
        kind: job.kind,
        key: job.key,
        payload: job.payload ?? {},
        runAt: job.runAt,
        maxAttempts: this.options.maxAttempts,
        createdAt: this.deps.clock(),
      })
      .onConflictDoNothing({ target: jobs.key })
      .returning({ id: jobs.id });
    return rows.length > 0;
  }

  /** A job by key, for tests and inspection. */
  async byKey(key: string) {
    const [row] = await this.deps.db.select().from(jobs).where(eq(jobs.key, key));
    return row ?? null;
  }

  /** Claims and runs the jobs due now, batch after batch until none is due; returns how many ran (well or not). */
  runDue(): Promise<number> {
    // One run at a time per instance: a second call waits for the one under way, then looks again.
    const next = (this.running ?? Promise.resolve()).then(() => this.drain());
    // What the next call waits for: this run, settled either way (its failure is the caller's).
    const settled: Promise<void> = next.then(
      () => {},
      () => {},
    );
    this.running = settled;
    void settled.then(() => {
      if (this.running === settled) this.running = null;
    });
    return next;
  }

  private async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return ran;
      for (const job of claimed) {
        await this.run(job);
        ran += 1;
      }
    }
  }

  private async claim() {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return [];
    const now = this.deps.clock();
    return this.deps.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(jobs)
        .where(
          and(
            isNull(jobs.doneAt),
            isNull(jobs.failedAt),
            lte(jobs.runAt, now),
            or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now)),
            inArray(jobs.kind, kinds),
          ),
        )
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(this.options.batch)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      const lockedUntil = new Date(now.getTime() + this.options.leaseMs);
      for (const job of due) await tx.update(jobs).set({ lockedUntil, attempts: job.attempts + 1 }).where(eq(jobs.id, job.id));
      return due.map((j) => ({ ...j, attempts: j.attempts + 1 }));
    });
  }

  private async run(job: typeof jobs.$inferSelect): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const now = this.deps.clock();
    try {
      await handler(job.payload, { id: job.id, key: job.key, attempts: job.attempts, now });
      await this.deps.db.update(jobs).set({ doneAt: this.deps.clock(), lockedUntil: null, lastError: null }).where(eq(jobs.id, job.id));
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      const done = job.attempts >= job.maxAttempts;
      const at = this.deps.clock();
      await this.deps.db
        .update(jobs)
        .set({
          lockedUntil: null,
          lastError: message,
          ...(done ? { failedAt: at } : { runAt: new Date(at.getTime() + retryDelayMs(job.attempts, this.options.retryBaseMs, this.options.retryMaxMs)) }),
        })
        .where(eq(jobs.id, job.id));
      this.deps.log(done ? 'jobs: a job failed for the last time' : 'jobs: a job failed; it runs again later', { kind: job.kind, attempts: job.attempts, ...describeError(err) });
    }
  }

  /** Polls for due jobs every `pollMs` on `deps.timers` (and at once). */
  start(): void {
    if (this.periodic) return;
    this.periodic = runEvery(this.deps.timers, this.options.pollMs, async () => void (await this.runDue()), (err) => this.deps.log('jobs: a run failed', describeError(err)), { atOnce: true });
  }

  /** Stops polling and waits for a run under way. */
  async stop(): Promise<void> {
    const p = this.periodic;
    this.periodic = null;
    await p?.stop();
    await this.running;
  }
}
