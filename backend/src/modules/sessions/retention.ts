import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import type { Timers } from '../../deps';
import { rowsOf } from '../../db/records';
import { describeError, type Log } from '../../log';
import { runEvery } from '../../periodic';

export interface Swept {
  events: number;
  sessions: number;
}

/**
 * Deletes the sessions whose last event is before `cutoff`, and their events, a batch at a
 * time: each statement touches at most `batchSize` rows and the sweep yields between
 * them, so ingest is never held up for long. Events go first, then the sessions left
 * without events; a session that took an event meanwhile has moved past the cutoff and stays.
 */
export async function sweepExpired(db: Db, cutoff: Date, batchSize = 1_000): Promise<Swept> {
  const swept: Swept = { events: 0, sessions: 0 };
  const at = cutoff.toISOString();
  for (;;) {
    const gone = rowsOf(
      await db.execute(sql`
        delete from events where id in (
          select e.id from events e join sessions s on s.id = e.session_id
          where s.last_event_at < ${at} limit ${batchSize})
        returning id`),
    ).length;
    swept.events += gone;
    if (gone < batchSize) break;
    await yieldToOthers();
  }
  for (;;) {
    const gone = rowsOf(
      await db.execute(sql`
        delete from sessions where last_event_at < ${at} and id in (
          select s.id from sessions s
          where s.last_event_at < ${at} and not exists (select 1 from events e where e.session_id = s.id)
          limit ${batchSize})
        returning id`),
    ).length;
    swept.sessions += gone;
    if (gone < batchSize) break;
    await yieldToOthers();
  }
  return swept;
}

export interface RetentionOptions {
  db: Db;
  clock: () => Date;
  timers: Timers;
  log: Log;
  /** How long a session is kept after its last event. */
  keepMs: number;
  /** How often to sweep; hourly by default. */
  everyMs?: number;
  batchSize?: number;
  /** More retention rules swept on the same schedule (e.g. transcripts, by each enterprise's period); each returns how many rows it deleted. */
  alsoSweep?: Record<string, (now: Date) => Promise<number>>;
}

export interface Retention {
  /** Stops sweeping, waiting for a sweep under way. */
  stop(): Promise<void>;
}

/** Sweeps at once and then every `everyMs`; a failed sweep is logged and tried again next time. */
export function startRetention(options: RetentionOptions): Retention {
  return runEvery(
    options.timers,
    options.everyMs ?? 3_600_000,
    async () => {
      const now = options.clock();
      const cutoff = new Date(now.getTime() - options.keepMs);
      const swept = await sweepExpired(options.db, cutoff, options.batchSize);
      if (swept.events + swept.sessions > 0) options.log('retention sweep', { before: cutoff.toISOString(), ...swept });
      for (const [name, sweep] of Object.entries(options.alsoSweep ?? {})) {
        const gone = await sweep(now);
        if (gone > 0) options.log('retention sweep', { [name]: gone });
      }
    },
    (err) => options.log('retention sweep failed', describeError(err)),
    { atOnce: true },
  );
}

function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
