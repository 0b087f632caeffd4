import { randomUUID } from 'node:crypto';
import { MAX_EVENT_AGE_MS } from '../../shared/events';
import type { Db, DbKind } from './db/open';
import { consoleLog, type Log } from './log';
import { newSecret } from './secrets';

/** Everything with side effects the app needs, passed in so tests control it. */
export interface AppDeps {
  db: Db;
  dbKind: DbKind;
  version: string;
  clock: () => Date;
  ids: IdSource;
  limits: Limits;
  log: Log;
}

export interface IdSource {
  /** A new row id (UUID). */
  id(): string;
  /** A new secret with a readable prefix, e.g. "fws_…". */
  secret(prefix: string): string;
}

export interface Limits {
  /** Per-shopper event budget: burst and steady rate. */
  shopperEvents: { capacity: number; perSecond: number };
  /** Per-address budget of new shoppers: an install registers once, a script many times. */
  shopperRegistrations: { capacity: number; perSecond: number };
  /** How long the extension may cache the participating sites. */
  sitesTtlSeconds: number;
  /** How long the backend caches the site directory before reading it again. */
  siteCacheMs: number;
  /** Oldest event accepted, as an age from now (see MAX_EVENT_AGE_MS). */
  maxEventAgeMs: number;
}

export const defaultLimits: Limits = {
  // A browsing shopper sends a few events a minute; an offline queue flushing after an
  // outage sends a few hundred at once. Both fit; a script hammering the API does not.
  shopperEvents: { capacity: 2_000, perSecond: 20 },
  // Generous enough for many shoppers behind one office or carrier NAT.
  shopperRegistrations: { capacity: 300, perSecond: 2 },
  sitesTtlSeconds: 300,
  siteCacheMs: 5_000,
  maxEventAgeMs: MAX_EVENT_AGE_MS,
};

const cryptoIds: IdSource = { id: () => randomUUID(), secret: newSecret };

export function defaultDeps(db: Db, dbKind: DbKind, over: Partial<AppDeps> = {}): AppDeps {
  return {
    db,
    dbKind,
    version: process.env.npm_package_version ?? '0.0.0',
    clock: () => new Date(),
    ids: cryptoIds,
    limits: defaultLimits,
    log: consoleLog,
    ...over,
  };
}
