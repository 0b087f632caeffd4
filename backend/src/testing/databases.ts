import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type DbKind, type OpenDb, openDb } from '../db/open';

/** The Postgres every backend test also runs against (CI has it at this address). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Both databases the backend supports; every backend suite runs on each. */
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export interface TestDb extends OpenDb {
  /** Empties every table (about 12 ms), for isolation between tests. */
  reset(): Promise<void>;
  /** Postgres only: the database's URL, for a second pool on it (a second backend instance). */
  url?: string;
}

/**
 * A migrated database of the given kind, private to the calling test file: an
 * in-memory PGlite, or a fresh Postgres database dropped again on close.
 */
export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') return withReset(await openDb());
  const name = `fw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const opened = await openDb({ databaseUrl: url.toString(), poolSize: 5 });
  return withReset({
    ...opened,
    url: url.toString(),
    close: async () => {
      await opened.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  });
}

/** Postgres's "deadlock detected" (40P01), as drizzle wraps it. */
const isDeadlock = (err: unknown): boolean =>
  (err as { code?: string })?.code === '40P01' || (err as { cause?: { code?: string } })?.cause?.code === '40P01';

function withReset(opened: OpenDb & { url?: string }): TestDb {
  return {
    ...opened,
    reset: async () => {
      // A backend of the previous test may still be writing (a ping's last-seen, a purge): when
      // Postgres picks the truncate as a deadlock's victim, it rolled back whole and is run again.
      for (let attempt = 1; ; attempt++) {
        try {
          await opened.db.execute(sql`truncate events, sessions, shoppers, api_keys, sites, enterprises, realtime_outbox, associates, rate_buckets, signalling_sockets, jobs, practice_tallies, material_link_keys, console_users, report_stale_days cascade`);
          return;
        } catch (err) {
          if (attempt >= 5 || !isDeadlock(err)) throw err;
        }
      }
    },
  };
}

/**
 * Within a describe block: a database of the given kind for the block's tests, opened
 * once, emptied before each test, closed after the last. Call the result inside tests.
 */
export function useTestDb(kind: DbKind): () => TestDb {
  let db: TestDb | undefined;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db!.reset();
  });
  return () => db!;
}
