import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockFolder } from './folder-lock';
import * as schema from './schema';

/** One handle type for PGlite, postgres.js and their transactions. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction on the database: what `db.transaction` hands its callback; every module takes it from here. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'pglite' | 'postgres';

export interface OpenDb {
  db: Db;
  kind: DbKind;
  /**
   * Subscribes to a NOTIFY channel: on Postgres over a dedicated connection (postgres.js
   * re-listens after a reconnect), on PGlite in process. Resolves once listening; the
   * result stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary constant naming the migration lock among Postgres advisory locks. */
const MIGRATION_LOCK = 4_242_001;

export interface OpenDbOptions {
  /** Postgres URL; without one the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; without one PGlite keeps everything in memory. */
  pgliteDir?: string;
  /** postgres.js pool size (the server passes DATABASE_POOL; 10 when not given). */
  poolSize?: number;
  /** Called with each statement sent to Postgres (not PGlite): a benchmark counts round trips with it. */
  onQuery?: (statement: string) => void;
}

/** Opens the database and applies the committed migrations (under an advisory lock on Postgres). */
export async function openDb(opts: OpenDbOptions = {}): Promise<OpenDb> {
  if (opts.databaseUrl) {
    const onQuery = opts.onQuery;
    const sql = postgres(opts.databaseUrl, { max: opts.poolSize ?? 10, onnotice: () => {}, ...(onQuery ? { debug: (_connection: number, statement: string) => onQuery(statement) } : {}) });
    try {
      const db = drizzlePostgres({ client: sql, schema });
      const lock = await sql.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db, { migrationsFolder });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lock.release();
      }
      const listen = async (channel: string, onPayload: (payload: string) => void) => {
        const { unlisten } = await sql.listen(channel, onPayload);
        return unlisten;
      };
      return { db: db as unknown as Db, kind: 'postgres', listen, close: () => sql.end({ timeout: 5 }) };
    } catch (err) {
      await sql.end({ timeout: 1 }).catch(() => {});
      throw err;
    }
  }
  // PGlite admits one process per folder and does not check: two would each take writes and
  // lose some. The lock refuses a second backend (FolderInUse) for as long as this one is open.
  if (opts.pgliteDir) mkdirSync(opts.pgliteDir, { recursive: true });
  const lock = opts.pgliteDir ? await lockFolder(opts.pgliteDir) : undefined;
  const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  const close = async () => {
    try {
      await client.close();
    } finally {
      lock?.release();
    }
  };
  try {
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    let closing: Promise<void> | undefined;
    const listen = (channel: string, onPayload: (payload: string) => void) => client.listen(channel, onPayload);
    return { db: db as unknown as Db, kind: 'pglite', listen, close: () => (closing ??= close()) };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
