import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../shared/events';
import { readConfig } from './config';
import type { DbKind } from './db/open';
import { startBackend } from './server';
import { manualClock } from './testing/clock';
import { DB_KINDS, TEST_POSTGRES_URL } from './testing/databases';
import { ev, seedTwoEnterprises, T0, VOLT } from './testing/fixtures';

const DAY = 86_400_000;

/** Environment for a backend on a database of its own, dropped or deleted after the file. */
function useDatabaseEnv(kind: DbKind): () => Record<string, string> {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'fw-server-'));
      env = { PGLITE_DIR: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const name = `fw_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${name}`;
      env = { DATABASE_URL: url.toString() };
      cleanup = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    }
  });
  afterAll(() => cleanup());
  return () => env;
}

describe.each(DB_KINDS)('startBackend on %s', (kind) => {
  const env = useDatabaseEnv(kind);

  it('sweeps expired sessions at start, and takes no event older than it keeps data', async () => {
    const clock = manualClock(T0);
    const config = readConfig({ ...env(), PORT: '0', RETENTION_DAYS: '7' });
    const first = await startBackend(config, { clock: clock.now, log: () => {} });
    let sessionId: string;
    try {
      const seed = await seedTwoEnterprises(first.app);
      const { token } = (await (await fetch(`${first.url}/api/v1/shoppers`, { method: 'POST' })).json()) as { token: string };
      const post = (at: string) =>
        fetch(`${first.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ events: [ev(at, { type: 'page_view', url: `${VOLT}/`, kind: 'other' })] }),
        });
      // 8 days is within the 30 the API takes, but past the 7 this backend keeps.
      const old = await post(new Date(clock.now().getTime() - 8 * DAY).toISOString());
      expect([old.status, ((await old.json()) as { error: { code: string } }).error.code]).toEqual([400, 'event_too_old']);
      const res = await post(T0);
      expect(res.status).toBe(202);
      sessionId = EventBatchAccepted.parse(await res.json()).sessionIds[0]!;
      expect((await fetch(`${first.url}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${seed.voltKey}` } })).status).toBe(200);
      await first.close();

      // Eight days on, the next start sweeps the session away.
      clock.advance(8 * DAY);
      const second = await startBackend(config, { clock: clock.now, log: () => {} });
      try {
        await expect
          .poll(async () => (await fetch(`${second.url}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${seed.voltKey}` } })).status)
          .toBe(404);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

describe.each(DB_KINDS)('startBackend’s outbound guard on %s', (kind) => {
  const env = useDatabaseEnv(kind);

  it('lets the backend call the hosts OUTBOUND_ALLOW_HOSTS allows, over http and on loopback, and no others', async () => {
    const asked: string[] = [];
    const lookup = createServer((req, res) => {
      asked.push(req.url!);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"tier":"gold"}');
    });
    await new Promise<void>((resolve) => lookup.listen(0, '127.0.0.1', resolve));
    const port = (lookup.address() as AddressInfo).port;
    const backend = await startBackend(readConfig({ ...env(), PORT: '0', OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${port}` }), { log: () => {} });
    try {
      const seed = await seedTwoEnterprises(backend.app);
      const put = (lookupUrl: string) =>
        fetch(`${backend.url}/api/v1/customer-source`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.voltKey}` }, body: JSON.stringify({ lookupUrl }) });
      const refused = await put(`http://127.0.0.1:${port + 1}/lookup`);
      expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([400, 'url_not_allowed']);
      expect((await put(`http://127.0.0.1:${port}/lookup`)).status).toBe(200);
      expect((await backend.app.customers.profileFor(seed.volt.id, 'C-1', { deadlineMs: 1_000 }))?.tier).toBe('gold');
      expect(asked).toEqual(['/lookup?customerId=C-1']);
    } finally {
      await backend.close();
      lookup.closeAllConnections();
      await new Promise<void>((resolve) => lookup.close(() => resolve()));
    }
  });
});
