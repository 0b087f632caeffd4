import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ShopperCreated } from '../../../shared/api';
import { type App, createApp } from '../app';
import { createSealer, type Sealer } from '../sealing';
import type { DbKind } from '../db/open';
import { rowsOf } from '../db/records';
import { type AppDeps, defaultDeps, defaultLimits } from '../deps';
import type { LogFields } from '../log';
import { manualClock } from './clock';
import { openTestDb, type Snapshot, snapshot, type TestDb, useTestDb } from './databases';
import { seedTwoEnterprises, T0 } from './fixtures';

/** The console build the API tests serve: a tiny one of their own (backend/src/testing/console-dist). */
export const CONSOLE_TEST_DIST = fileURLToPath(new URL('./console-dist', import.meta.url));

/** What a test sees of the app: the app itself, its clock and log, the seeded tenants and a shopper. */
export interface ApiHarness {
  db: TestDb;
  app: App;
  clock: ReturnType<typeof manualClock>;
  /** Every log entry so far, message and fields. */
  logged: { message: string; fields: LogFields }[];
  seed: Awaited<ReturnType<typeof seedTwoEnterprises>>;
  /** The token of a shopper registered before each test. */
  token: string;
  /** A new app over the same database, with some dependencies replaced; its background work ends with the test. */
  appWith(over: Partial<AppDeps>): App;
  createShopper(body?: unknown): Promise<ShopperCreated>;
  /** POST /api/v1/events as JSON (a string body is sent as it is). */
  post(body: unknown, auth?: string | null): Response | Promise<Response>;
  getAs(key: string, path: string): Response | Promise<Response>;
  /** Rows in the tables ingest writes. */
  counts(): Promise<{ shoppers: number; sessions: number; events: number }>;
}

/** An app over `db` at `clock`, with the helpers a harness hands tests; `make` completes it once the world is seeded. */
function harnessParts(db: TestDb, over: Partial<AppDeps>, clock: ReturnType<typeof manualClock>, sealer?: Sealer) {
  const logged: ApiHarness['logged'] = [];
  const deps = (more: Partial<AppDeps> = {}) =>
    defaultDeps(db.db, db.kind, {
      clock: clock.now,
      version: '9.9.9',
      limits: { ...defaultLimits, shopperEvents: { capacity: 1_000, perSecond: 10 }, shopperRegistrations: { capacity: 5, perSecond: 0.1 }, passwordCost: 10, reconnectGraceMs: 0 },
      log: (message, fields = {}) => logged.push({ message, fields }),
      // A tiny console build of its own, so /console/ answers the same whether the real one is built or not.
      consoleDist: CONSOLE_TEST_DIST,
      // Apps that share a world share the key of what it sealed.
      ...(sealer ? { sealer } : {}),
      ...over,
      ...more,
    });
  const app = createApp(deps());
  const others: App[] = [];
  const createShopper = async (body?: unknown) => {
    const res = await app.http.request('/api/v1/shoppers', {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    expect(res.status).toBe(201);
    return ShopperCreated.parse(await res.json());
  };
  const make = (seed: ApiHarness['seed'], token: string): ApiHarness => ({
    db,
    app,
    clock,
    logged,
    seed,
    token,
    appWith: (more) => {
      const other = createApp(deps(more));
      others.push(other);
      return other;
    },
    createShopper,
    post: (body, auth = token) =>
      app.http.request('/api/v1/events', {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      }),
    getAs: (key, path) => app.http.request(path, { headers: { authorization: `Bearer ${key}` } }),
    counts: async () => {
      const [row] = rowsOf<{ shoppers: number; sessions: number; events: number }>(
        await db.db.execute(
          sql`select (select count(*) from shoppers)::int as shoppers, (select count(*) from sessions)::int as sessions, (select count(*) from events)::int as events`,
        ),
      );
      return row!;
    },
  });
  return { app, others, createShopper, make };
}

/**
 * Work the apps started in the background (detection after ingest, the offers it opens) ends
 * with their test: left running, it would meet the next test's reset.
 */
async function settle(apps: readonly (App | undefined)[]): Promise<void> {
  for (const app of apps) {
    if (!app) continue;
    app.offers.stop();
    app.floor.stop();
    await app.opportunities.idle();
    await app.offers.idle();
    await app.customers.idle();
    await app.associates.idle();
    await app.registration.idle();
    await app.console.idle();
    await app.catalog.idle();
    await app.productInfo.idle();
    await app.practices.idle();
    await app.floor.idle();
  }
}

/**
 * Within a describe block: the real app over a test database of the given kind, with a
 * manual clock at T0, two seeded enterprises and a registered shopper, fresh for each test.
 */
export function useApi(kind: DbKind, over: Partial<AppDeps> = {}): () => ApiHarness {
  const database = useTestDb(kind);
  let harness: ApiHarness | undefined;
  let others: App[] = [];
  beforeEach(async () => {
    const parts = harnessParts(database(), over, manualClock(T0));
    others = parts.others;
    const seed = await seedTwoEnterprises(parts.app);
    harness = parts.make(seed, (await parts.createShopper()).token);
  });
  afterEach(async () => {
    await settle([harness?.app, ...others.splice(0)]);
  });
  return () => harness!;
}

/**
 * Like useApi, for a file whose tests all start from the same costly world: `prepare` builds it
 * once (after the seed, at T0), the database is snapshotted, and before each test it is put back
 * and a fresh app (fresh caches and limits, the same sealing key, the clock at T0 again) is made
 * over it. A test's changes never reach the next one, as with useApi; the world is built once.
 */
export function useSharedApi<W>(kind: DbKind, prepare: (h: ApiHarness) => Promise<W>, over: Partial<AppDeps> = {}): () => { h: ApiHarness; world: W } {
  const sealer = createSealer(randomBytes(32));
  let db: TestDb | undefined;
  let saved: Snapshot | undefined;
  let built: { seed: ApiHarness['seed']; token: string; world: W } | undefined;
  let current: { h: ApiHarness; world: W } | undefined;
  let others: App[] = [];
  beforeAll(async () => {
    db = await openTestDb(kind);
    const parts = harnessParts(db, over, manualClock(T0), sealer);
    const seed = await seedTwoEnterprises(parts.app);
    const h = parts.make(seed, (await parts.createShopper()).token);
    const world = await prepare(h);
    await settle([parts.app, ...parts.others]);
    built = { seed, token: h.token, world };
    saved = await snapshot(db);
  });
  afterAll(async () => {
    await saved?.drop();
    await db?.close();
  });
  beforeEach(async () => {
    await saved!.restore();
    const parts = harnessParts(db!, over, manualClock(T0), sealer);
    others = parts.others;
    current = { h: parts.make(built!.seed, built!.token), world: built!.world };
  });
  afterEach(async () => {
    await settle([current?.h.app, ...others.splice(0)]);
  });
  return () => current!;
}

/** A request to the app as `token` (none when null); a body is sent as JSON (a string as it is). */
export function call(app: App, method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  return Promise.resolve(
    app.http.request(path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}
