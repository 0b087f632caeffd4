import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing/databases';
import { migrationsFolder, openDb } from './open';
import { rowsOf } from './records';
import { enterprises } from './schema';

/** How many migrations the committed journal lists. */
function journalEntries(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  expect(journal.entries.length).toBeGreaterThan(0);
  return journal.entries.length;
}

describe('openDb', () => {
  it('keeps PGlite data in its folder across restarts, migrating only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-pglite-'));
    try {
      const first = await openDb({ pgliteDir: dir });
      await first.db.insert(enterprises).values({ id: '00000000-0000-4000-8000-000000000001', name: 'Kept', slug: 'kept', createdAt: new Date() });
      await first.close();
      const second = await openDb({ pgliteDir: dir });
      expect(second.kind).toBe('pglite');
      expect((await second.db.select().from(enterprises)).map((e) => e.slug)).toEqual(['kept']);
      const [applied] = rowsOf<{ n: number }>(await second.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      expect(applied!.n).toBe(journalEntries());
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on Postgres', () => {
    const name = `fw_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
    afterAll(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });

    it('lets several instances start at once: migrations run once, under the advisory lock', async () => {
      await admin.unsafe(`create database ${name}`);
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${name}`;
      const opened = await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl: url.toString(), poolSize: 2 })));
      expect(opened.map((o) => o.kind)).toEqual(['postgres', 'postgres', 'postgres']);
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const rows = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(rows[0]!.n).toBe(journalEntries());
      await check.end();
      await Promise.all(opened.map((o) => o.close()));
    });

    it('fails with the driver error on an unreachable server, leaving no pool open', async () => {
      await expect(openDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(/ECONNREFUSED|connect/);
    });
  });
});
