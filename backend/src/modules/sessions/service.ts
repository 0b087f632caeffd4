import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import { ErrorCode, type SessionDetail, type SessionList, type ShopperCreated } from '../../../../shared/api';
import type { EventBatchAccepted, ShopperEvent } from '../../../../shared/events';
import { findSite } from '../../../../shared/sites';
import { SESSION_GAP_MS, type SessionAggregate, type SessionSummary } from '../../../../shared/session';
import type { Db } from '../../db/open';
import { events, sessions, shoppers } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hashSecret } from '../../http/auth';
import { ApiFailure } from '../../http/errors';
import type { SiteDirectory } from '../tenancy/service';
import type { AggregatedEvent } from './aggregate.core';
import { type StoredSession, eventTime, planSessions } from './sessionize.core';

type SessionRecord = typeof sessions.$inferSelect;

/** Shoppers, their sessions and events, and the per-session aggregate. */
export class SessionsService {
  /** Token hash → shopper id; tokens never change, so a hit needs no query. */
  private readonly tokenCache = new Map<string, string>();

  constructor(
    private readonly deps: AppDeps,
    private readonly directory: SiteDirectory,
  ) {}

  async createShopper(locale?: string): Promise<ShopperCreated> {
    const token = this.deps.ids.secret('fws');
    const createdAt = this.deps.clock();
    const [row] = await this.deps.db
      .insert(shoppers)
      .values({ id: this.deps.ids.id(), tokenHash: hashSecret(token), locale: locale ?? null, createdAt })
      .returning({ id: shoppers.id });
    return { shopperId: row!.id, token, createdAt: createdAt.toISOString() };
  }

  async shopperForToken(token: string): Promise<string | undefined> {
    const hash = hashSecret(token);
    const hit = this.tokenCache.get(hash);
    if (hit) return hit;
    const [row] = await this.deps.db.select({ id: shoppers.id }).from(shoppers).where(eq(shoppers.tokenHash, hash));
    if (row) {
      if (this.tokenCache.size >= 50_000) this.tokenCache.clear();
      this.tokenCache.set(hash, row.id);
    }
    return row?.id;
  }

  /**
   * Stores a batch and updates the sessions' aggregates, all in one transaction.
   * Events already stored for this shopper (same client id) are counted as duplicates;
   * a batch with an event from a non-participating site is refused whole.
   */
  async ingest(shopperId: string, batch: readonly ShopperEvent[]): Promise<EventBatchAccepted> {
    const now = this.deps.clock();
    const sites = await this.directory.all();
    const located: (AggregatedEvent & { siteId: string; enterpriseId: string })[] = [];
    const refused: number[] = [];
    const seenIds = new Set<string>();
    for (const [i, event] of batch.entries()) {
      const site = findSite(sites, event.url);
      if (!site) {
        refused.push(i);
        continue;
      }
      if (seenIds.has(event.id)) continue;
      seenIds.add(event.id);
      located.push({ event, at: eventTime(event.at, now), domain: site.domain, siteId: site.id, enterpriseId: site.enterpriseId });
    }
    if (refused.length > 0) {
      throw new ApiFailure(
        403,
        ErrorCode.notParticipating,
        `${refused.length} event(s) come from sites that do not take part in Floorwalker; nothing was stored.`,
        refused.map((i) => ({ path: ['events', i], message: `${batch[i]!.url} is not a participating site` })),
      );
    }

    return this.deps.db.transaction(async (tx) => {
      // One shopper's batches take turns, so duplicates and sessions are decided without races.
      const [owner] = await tx.select({ id: shoppers.id }).from(shoppers).where(eq(shoppers.id, shopperId)).for('update');
      if (!owner) throw new ApiFailure(401, ErrorCode.unauthorized, 'The shopper no longer exists; register again.');

      const byEnterprise = new Map<string, typeof located>();
      for (const e of located) {
        const group = byEnterprise.get(e.enterpriseId);
        if (group) group.push(e);
        else byEnterprise.set(e.enterpriseId, [e]);
      }
      const state = await readIngestState(tx, shopperId, [...seenIds], [...byEnterprise.keys()]);

      const sessionInserts: SessionRow[] = [];
      const sessionUpdates: SessionRow[] = [];
      const eventRows: EventRow[] = [];
      const sessionIds: string[] = [];
      let accepted = 0;
      for (const [enterpriseId, all] of byEnterprise) {
        const fresh = all.filter((e) => !state.duplicates.has(e.event.id));
        accepted += fresh.length;
        const writes = planSessions(state.latest.get(enterpriseId) ?? null, fresh, SESSION_GAP_MS, () => this.deps.ids.id());
        for (const w of writes) {
          sessionIds.push(w.id);
          (w.isNew ? sessionInserts : sessionUpdates).push({
            id: w.id,
            shopper_id: shopperId,
            enterprise_id: enterpriseId,
            started_at: w.startedAt,
            last_event_at: w.lastEventAt,
            event_count: w.aggregate.eventCount,
            aggregate: w.aggregate,
            updated_at: now.toISOString(),
          });
          for (const e of w.events) {
            const { id, type, at: _at, url, ...data } = e.event;
            eventRows.push({
              id: this.deps.ids.id(),
              shopper_id: shopperId,
              session_id: w.id,
              site_id: e.siteId,
              client_event_id: id,
              type,
              at: e.at,
              received_at: now.toISOString(),
              url,
              data: { ...data, clientAt: e.event.at },
            });
          }
        }
      }
      if (eventRows.length > 0) await writeIngest(tx, sessionInserts, sessionUpdates, eventRows);
      return { accepted, duplicates: batch.length - accepted, sessionIds };
    });
  }

  /** An enterprise's sessions, most recently active first. */
  async list(enterpriseId: string, page: { limit: number; before?: string }): Promise<SessionList> {
    const cursor = page.before ? decodeCursor(page.before) : null;
    const rows = await this.deps.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.enterpriseId, enterpriseId),
          cursor
            ? or(lt(sessions.lastEventAt, cursor.at), and(eq(sessions.lastEventAt, cursor.at), lt(sessions.id, cursor.id)))
            : undefined,
        ),
      )
      .orderBy(desc(sessions.lastEventAt), desc(sessions.id))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    return { sessions: shown.map(toSummary), nextBefore: more && last ? encodeCursor(last) : null };
  }

  /** One of the enterprise's sessions with its events in order; undefined when not the enterprise's. */
  async get(enterpriseId: string, sessionId: string): Promise<SessionDetail | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.enterpriseId, enterpriseId)));
    if (!row) return undefined;
    const rows = await this.deps.db
      .select()
      .from(events)
      .where(eq(events.sessionId, sessionId))
      .orderBy(asc(events.at), asc(events.seq))
      .limit(10_000);
    return {
      ...toSummary(row),
      events: rows.map((e) => ({
        id: e.id,
        clientEventId: e.clientEventId,
        type: e.type,
        at: e.at.toISOString(),
        receivedAt: e.receivedAt.toISOString(),
        siteId: e.siteId,
        url: e.url,
        data: e.data,
      })),
    };
  }
}

/** A sessions row in the database's column names. */
interface SessionRow {
  id: string;
  shopper_id: string;
  enterprise_id: string;
  started_at: string;
  last_event_at: string;
  event_count: number;
  aggregate: SessionAggregate;
  updated_at: string;
}

/** An events row in the database's column names. */
interface EventRow {
  id: string;
  shopper_id: string;
  session_id: string;
  site_id: string;
  client_event_id: string;
  type: string;
  at: string;
  received_at: string;
  url: string;
  data: Record<string, unknown>;
}

/*
 * Ingest's hot path speaks SQL directly: one round trip to read what the batch needs and
 * one to write everything, with rows passed as one JSON parameter each. Through the query
 * builder a batch took seven round trips and most of its time mapping columns.
 */

/** The batch's already-stored event ids and the shopper's latest session per enterprise. Run after the shopper lock. */
async function readIngestState(tx: Pick<Db, 'execute'>, shopperId: string, clientIds: string[], enterpriseIds: string[]) {
  const result = await tx.execute(sql`
    select
      (select coalesce(json_agg(client_event_id), '[]'::json) from events
        where shopper_id = ${shopperId}
          and client_event_id in (select jsonb_array_elements_text(${JSON.stringify(clientIds)}::jsonb))) as duplicates,
      (select coalesce(json_agg(json_build_object(
          'id', s.id, 'enterpriseId', s.enterprise_id, 'startedAt', s.started_at,
          'lastEventAt', s.last_event_at, 'aggregate', s.aggregate)), '[]'::json)
        from (select distinct on (enterprise_id) * from sessions
          where shopper_id = ${shopperId}
            and enterprise_id in (select (jsonb_array_elements_text(${JSON.stringify(enterpriseIds)}::jsonb))::uuid)
          order by enterprise_id, last_event_at desc) s) as latest`);
  const [row] = rowsOf<{ duplicates: unknown; latest: unknown }>(result);
  const duplicates = new Set(json<string[]>(row?.duplicates));
  const latest = new Map<string, StoredSession>();
  for (const s of json<(StoredSession & { enterpriseId: string })[]>(row?.latest)) {
    latest.set(s.enterpriseId, {
      id: s.id,
      startedAt: new Date(s.startedAt).toISOString(),
      lastEventAt: new Date(s.lastEventAt).toISOString(),
      aggregate: s.aggregate,
    });
  }
  return { duplicates, latest };
}

/** Inserts new sessions, updates continued ones and inserts the events, in one statement. */
async function writeIngest(tx: Pick<Db, 'execute'>, inserts: SessionRow[], updates: SessionRow[], rows: EventRow[]): Promise<void> {
  const sessionColumns = sql.raw(`id uuid, shopper_id uuid, enterprise_id uuid, started_at timestamptz,
    last_event_at timestamptz, event_count integer, aggregate jsonb, updated_at timestamptz`);
  await tx.execute(sql`
    with new_sessions as (
      insert into sessions (id, shopper_id, enterprise_id, started_at, last_event_at, event_count, aggregate, updated_at)
      select * from json_to_recordset(${JSON.stringify(inserts)}::json) as r(${sessionColumns})
    ), continued as (
      update sessions set started_at = r.started_at, last_event_at = r.last_event_at, event_count = r.event_count,
        aggregate = r.aggregate, updated_at = r.updated_at
      from json_to_recordset(${JSON.stringify(updates)}::json) as r(${sessionColumns})
      where sessions.id = r.id
    )
    insert into events (id, shopper_id, session_id, site_id, client_event_id, type, at, received_at, url, data)
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(
      id uuid, shopper_id uuid, session_id uuid, site_id uuid, client_event_id text,
      type text, at timestamptz, received_at timestamptz, url text, data jsonb)`);
}

/** Rows of a raw query: postgres.js answers an array, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A json column: postgres.js parses it, PGlite may hand over the text. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T;
}

function toSummary(row: SessionRecord): SessionSummary {
  return {
    id: row.id,
    shopperId: row.shopperId,
    enterpriseId: row.enterpriseId,
    startedAt: row.startedAt.toISOString(),
    lastEventAt: row.lastEventAt.toISOString(),
    aggregate: row.aggregate,
  };
}

function encodeCursor(row: SessionRecord): string {
  return Buffer.from(`${row.lastEventAt.toISOString()}|${row.id}`).toString('base64url');
}

/** A page cursor, or 400 when it was not made by encodeCursor. */
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) {
    throw new ApiFailure(400, ErrorCode.invalidQuery, '`before` is not a cursor this API returned.');
  }
  return { at: date, id };
}
