import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type App, createApp } from './app';
import type { Config } from './config';
import { type OpenDb, openDb } from './db/open';
import { type AppDeps, defaultDeps } from './deps';

export interface RunningBackend {
  url: string;
  app: App;
  database: OpenDb;
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds the app and listens. */
export async function startBackend(config: Config, over: Partial<AppDeps> = {}): Promise<RunningBackend> {
  const database = await openDb(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { pgliteDir: config.PGLITE_DIR });
  const app = createApp(defaultDeps(database.db, database.kind, over));
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.http.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (err) => {
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
        await database.close();
      })()),
  };
}
