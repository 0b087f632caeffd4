import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type App, createApp } from './app';
import type { Config } from './config';
import { type OpenDb, openDb } from './db/open';
import { type AppDeps, defaultDeps, defaultLimits } from './deps';
import { startRetention } from './modules/sessions/retention';

export interface RunningBackend {
  url: string;
  app: App;
  database: OpenDb;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Opens the database (migrating it), builds the app, starts the retention sweep and listens. */
export async function startBackend(config: Config, over: Partial<AppDeps> = {}): Promise<RunningBackend> {
  const database = await openDb(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { pgliteDir: config.PGLITE_DIR });
  const keepMs = config.RETENTION_DAYS * DAY_MS;
  // An event older than the retention period would be swept away at once: take none.
  const limits = { ...defaultLimits, maxEventAgeMs: Math.min(defaultLimits.maxEventAgeMs, keepMs) };
  const deps = defaultDeps(database.db, database.kind, { limits, ...over });
  const app = createApp(deps);
  const retention = startRetention({ db: deps.db, clock: deps.clock, log: deps.log, keepMs });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.http.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (err) => {
    await retention.stop();
    await database.close();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`,
    app,
    database,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await retention.stop();
        await database.close();
      })()),
  };
}
