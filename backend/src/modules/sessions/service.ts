import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { ErrorCode, type SessionDetail, type SessionList, type ShopperCreated } from '../../../../shared/api';
import type { EventBatchAccepted, ShopperEvent } from '../../../../shared/events';
import { findSite } from '../../../../shared/sites';
import { SESSION_GAP_MS, type SessionSummary } from '../../../../shared/session';
import { events, sessions, shoppers } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { hashSecret } from '../../http/auth';
import { ApiFailure } from '../../http/errors';
import type { SiteDirectory } from '../tenancy/service';
import type { AggregatedEvent } from './aggregate.core';
import { eventTime, planSessions } from './sessionize.core';

type SessionRow = typeof sessions.$inferSelect;

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

      const stored = await tx
        .select({ id: events.clientEventId })
        .from(events)
        .where(and(eq(events.shopperId, shopperId), inArray(events.clientEventId, [...seenIds])));
      const already = new Set(stored.map((r) => r.id));
      const fresh = located.filter((e) => !already.has(e.event.id));

      const byEnterprise = new Map<string, typeof fresh>();
      for (const e of fresh) {
        const group = byEnterprise.get(e.enterpriseId);
        if (group) group.push(e);
        else byEnterprise.set(e.enterpriseId, [e]);
      }
      const sessionIds: string[] = [];
      const eventRows: (typeof events.$inferInsert)[] = [];
      for (const [enterpriseId, group] of byEnterprise) {
        const [latest] = await tx
          .select()
          .from(sessions)
          .where(and(eq(sessions.shopperId, shopperId), eq(sessions.enterpriseId, enterpriseId)))
          .orderBy(desc(sessions.lastEventAt))
          .limit(1);
        const writes = planSessions(
          latest ? { id: latest.id, startedAt: latest.startedAt.toISOString(), lastEventAt: latest.lastEventAt.toISOString(), aggregate: latest.aggregate } : null,
          group,
          SESSION_GAP_MS,
          () => this.deps.ids.id(),
        );
        const inserts = writes.filter((w) => w.isNew);
        if (inserts.length > 0) {
          await tx.insert(sessions).values(
            inserts.map((w) => ({
              id: w.id,
              shopperId,
              enterpriseId,
              startedAt: new Date(w.startedAt),
              lastEventAt: new Date(w.lastEventAt),
              eventCount: w.aggregate.eventCount,
              aggregate: w.aggregate,
              updatedAt: now,
            })),
          );
        }
        for (const w of writes.filter((x) => !x.isNew)) {
          await tx
            .update(sessions)
            .set({ startedAt: new Date(w.startedAt), lastEventAt: new Date(w.lastEventAt), eventCount: w.aggregate.eventCount, aggregate: w.aggregate, updatedAt: now })
            .where(eq(sessions.id, w.id));
        }
        for (const w of writes) {
          sessionIds.push(w.id);
          for (const e of w.events) {
            const { id, type, at: _at, url, pageId: _p, ...data } = e.event;
            eventRows.push({
              id: this.deps.ids.id(),
              shopperId,
              sessionId: w.id,
              siteId: e.siteId,
              clientEventId: id,
              type,
              at: new Date(e.at),
              receivedAt: now,
              url,
              data: { ...data, ...(e.event.pageId ? { pageId: e.event.pageId } : {}), clientAt: e.event.at },
            });
          }
        }
      }
      if (eventRows.length > 0) await tx.insert(events).values(eventRows);
      return { accepted: fresh.length, duplicates: batch.length - fresh.length, sessionIds };
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
      .orderBy(asc(events.at), asc(events.id))
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

function toSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    shopperId: row.shopperId,
    enterpriseId: row.enterpriseId,
    startedAt: row.startedAt.toISOString(),
    lastEventAt: row.lastEventAt.toISOString(),
    aggregate: row.aggregate,
  };
}

function encodeCursor(row: SessionRow): string {
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
