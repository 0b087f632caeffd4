import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type DbKind, type OpenDb, openDb } from '../db/open';
import { rowsOf } from '../db/records';

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

/** A copy of a database's rows, put back as often as needed. */
export interface Snapshot {
  /** Makes every table hold exactly the rows it held when the snapshot was taken (sequences go on). */
  restore(): Promise<void>;
  /** Drops the copy. */
  drop(): Promise<void>;
}

/**
 * Copies every table of the public schema into a schema of its own, so that a test file can build
 * an expensive world once and put it back before each test (tens of milliseconds) instead of
 * building it again (seconds). Restoring empties every table and copies the rows back in one
 * statement (one transaction, one round trip), foreign keys and triggers set aside while it runs
 * (the rows were consistent when taken); generated columns are computed again and identity
 * columns keep their values. DELETE rather than TRUNCATE: on a few rows it is many times faster.
 */
export async function snapshot(db: TestDb): Promise<Snapshot> {
  const schema = `snapshot_${randomBytes(4).toString('hex')}`;
  const columns = rowsOf<{ table: string; column: string }>(
    await db.db.execute(sql`
      select c.table_name as "table", c.column_name as "column"
      from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      order by c.table_name, c.ordinal_position`),
  );
  const tables = new Map<string, string[]>();
  for (const { table, column } of columns) tables.set(table, [...(tables.get(table) ?? []), column]);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await db.db.execute(sql.raw(`create schema ${quote(schema)}`));
  const filled: string[] = [];
  for (const [table, cols] of tables) {
    const list = cols.map(quote).join(', ');
    await db.db.execute(sql.raw(`create table ${quote(schema)}.${quote(table)} as select ${list} from public.${quote(table)}`));
    const [row] = rowsOf<{ any: unknown }>(await db.db.execute(sql.raw(`select exists (select 1 from ${quote(schema)}.${quote(table)}) as "any"`)));
    if (row?.any === true || row?.any === 't') filled.push(table);
  }
  const statements = [
    `perform set_config('session_replication_role', 'replica', true);`,
    ...[...tables.keys()].map((t) => `delete from public.${quote(t)};`),
    ...filled.map((t) => {
      const list = tables.get(t)!.map(quote).join(', ');
      return `insert into public.${quote(t)} (${list}) overriding system value select ${list} from ${quote(schema)}.${quote(t)};`;
    }),
  ];
  const restore = sql.raw(`do $restore$ begin\n${statements.join('\n')}\nend $restore$`);
  return {
    restore: async () => {
      await db.db.execute(restore);
    },
    drop: async () => {
      await db.db.execute(sql.raw(`drop schema ${quote(schema)} cascade`));
    },
  };
}
