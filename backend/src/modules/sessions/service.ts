import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { SessionDetail, SessionList, ShopperCreated } from '../../../../shared/api';
import type { EventBatchAccepted, ShopperEvent } from '../../../../shared/events';
import { SESSION_GAP_MS, type SessionSummary } from '../../../../shared/session';
import type { Db } from '../../db/open';
import { keysetPage, pastPosition } from '../../db/keyset';
import { recordset, rowsOf, type WireRow } from '../../db/records';
import { events, sessions, shoppers } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { EventsRefused, NotFound, Unauthorized } from '../../errors';
import { describeError } from '../../log';
import { hashSecret } from '../../secrets';
import { type IdentityVerdict, isRejection } from '../identity/verdict.core';
import type { SiteDirectory } from '../tenancy/service';
import { storedAggregate } from './aggregate.core';
import { containsPattern, encodeSortCursor, type SessionSort, type SortPosition } from './list.core';
import { type IngestPlan, type LocatedEvent, type Refusal, type StoredState, locateEvents, planIngest } from './ingest.core';
import type { StoredSession } from './sessionize.core';

type SessionRecord = typeof sessions.$inferSelect;

/** The identity module, as ingest uses it: the check of a page's identity token, and the count of bad ones. */
export interface CustomerIdentity {
  verify(siteId: string, customerId: string, token: string | undefined): Promise<IdentityVerdict>;
  rejected(bySite: ReadonlyMap<string, number>): Promise<void>;
}

/** A shopper's browser reported an order's confirmation page on one of the enterprise's sites. */
export interface OrderConfirmedReport {
  enterpriseId: string;
  shopperId: string;
  /** The order number as the page shows it. */
  number: string;
}

/** Shoppers, their sessions and events, and the per-session aggregate. */
export class SessionsService {
  /** Token hash → shopper id; tokens never change, so a hit needs no query. */
  private readonly tokenCache = new Map<string, string>();
  private readonly ingested: ((sessionIds: string[]) => void)[] = [];
  private readonly confirmed: ((report: OrderConfirmedReport) => void | Promise<void>)[] = [];

  constructor(
    private readonly deps: AppDeps,
    private readonly directory: SiteDirectory,
    private readonly identity: CustomerIdentity,
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

  /**
   * Registers a listener told of the sessions each batch changed, once the batch is
   * committed (opportunity detection). It runs before the answer is sent, so it must only
   * queue work, never wait for it; what it throws is logged, never the sender's problem.
   */
  onIngested(listener: (sessionIds: string[]) => void): void {
    this.ingested.push(listener);
  }

  /** Calls `listener` after a batch stored order confirmation pages (each once: a replay stores nothing). */
  onOrderConfirmed(listener: (report: OrderConfirmedReport) => void | Promise<void>): void {
    this.confirmed.push(listener);
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
   * Stores a batch and updates the sessions' aggregates, all in one transaction: what
   * `ingest.core` decides, read and written in one round trip each. Events already stored
   * for this shopper (same client id) count as duplicates; a batch with a refused event
   * (see locateEvents, planIngest) is refused whole, naming those events.
   */
  async ingest(shopperId: string, batch: readonly ShopperEvent[]): Promise<EventBatchAccepted> {
    const now = this.deps.clock();
    const located = locateEvents(batch, await this.directory.all(), now, this.deps.limits.maxEventAgeMs);
    if (!located.ok) throw refused(located.refusal);
    const rejected = await this.verifyCustomers(located.events);

    const accepted = await this.deps.db.transaction(async (tx) => {
      // One shopper's batches take turns, so duplicates and sessions are decided without races.
      const [owner] = await tx.select({ id: shoppers.id }).from(shoppers).where(eq(shoppers.id, shopperId)).for('update');
      if (!owner) throw new Unauthorized('The shopper no longer exists; register again.');

      const stored = await readStoredState(
        tx,
        shopperId,
        located.events.map((e) => e.event.id),
        [...new Set(located.events.map((e) => e.enterpriseId))],
      );
      const planned = planIngest(batch.length, located.events, stored, SESSION_GAP_MS, () => this.deps.ids.id());
      if (!planned.ok) throw refused(planned.refusal);
      const { plan } = planned;
      if (plan.accepted > 0) await writePlan(tx, shopperId, plan, now, () => this.deps.ids.id());
      return {
        accepted: plan.accepted,
        duplicates: plan.duplicates,
        sessionIds: plan.sessions.map((s) => s.write.id),
        written: plan.sessions.flatMap((s) => s.write.events),
      };
    });
    if (accepted.accepted > 0) this.tellIngested(accepted.sessionIds);
    // Rare (a confirmation page), and the shop's order may be waiting for it: followed before the answer.
    for (const e of accepted.written) if (e.event.type === 'order_confirmation') await this.tellConfirmed({ enterpriseId: e.enterpriseId, shopperId, number: e.event.order.number });
    await this.countRejected(rejected, accepted.written);
    return { accepted: accepted.accepted, duplicates: accepted.duplicates, sessionIds: accepted.sessionIds };
  }

  /**
   * Marks each page view's customer id verified or not (its token, against the site's
   * identity secrets) before anything uses it; a bad token only leaves the id a claim.
   * Returns the page views whose token was rejected.
   */
  private async verifyCustomers(located: LocatedEvent[]): Promise<Set<LocatedEvent>> {
    const rejected = new Set<LocatedEvent>();
    for (const e of located) {
      if (e.event.type !== 'page_view' || !e.event.customerId) continue;
      const verdict = await this.identity.verify(e.siteId, e.event.customerId, e.event.customerToken);
      e.customerVerified = verdict.verified;
      if (isRejection(verdict)) rejected.add(e);
    }
    return rejected;
  }

  /** Counts the rejected tokens of events this batch stored (a replay counts nothing twice); never fails the batch. */
  private async countRejected(rejected: ReadonlySet<LocatedEvent>, written: readonly LocatedEvent[]): Promise<void> {
    if (rejected.size === 0) return;
    const bySite = new Map<string, number>();
    for (const e of written) if (rejected.has(e)) bySite.set(e.siteId, (bySite.get(e.siteId) ?? 0) + 1);
    if (bySite.size === 0) return;
    try {
      await this.identity.rejected(bySite);
    } catch (err) {
      this.deps.log('identity rejections not counted', describeError(err));
    }
  }

  private async tellConfirmed(report: OrderConfirmedReport): Promise<void> {
    for (const listener of this.confirmed) {
      try {
        await listener(report);
      } catch (err) {
        this.deps.log('order confirmation not followed', describeError(err));
      }
    }
  }

  private tellIngested(sessionIds: string[]): void {
    for (const listener of this.ingested) {
      try {
        listener(sessionIds);
      } catch (err) {
        this.deps.log('ingest listener failed', describeError(err));
      }
    }
  }

  /**
   * An enterprise's sessions, a page at a time: most recently active first, or by start,
   * duration or cart value; narrowed by site, time, whether an opportunity or engagement came
   * of it, the products and searches it holds, or the customer. Each says whether it had an
   * opportunity and an engagement.
   */
  async list(enterpriseId: string, query: SessionListQuery): Promise<SessionList> {
    const sort = query.sort ?? 'lastActivity';
    const key = SORT_KEYS[sort];
    const { before } = query;
    // A probe per session (a subquery with LIMIT is never turned into a join): the page walks the
    // index in its order and stops once it is full, instead of joining every session of the enterprise.
    const had = (table: 'opportunities' | 'engagements') => sql`((select true from ${sql.raw(table)} x where x.session_id = ${sessions.id} limit 1) is not null)`;
    const rows = await this.deps.db
      .select({
        id: sessions.id,
        shopperId: sessions.shopperId,
        enterpriseId: sessions.enterpriseId,
        startedAt: sessions.startedAt,
        lastEventAt: sessions.lastEventAt,
        aggregate: sessions.aggregate,
        cartValue: sessions.cartValue,
        hasOpportunity: sql<unknown>`${had('opportunities')}`,
        hasEngagement: sql<unknown>`${had('engagements')}`,
      })
      .from(sessions)
      .where(
        and(
          eq(sessions.enterpriseId, enterpriseId),
          query.site ? sql`${sessions.aggregate}->'sites' @> ${JSON.stringify([query.site.toLowerCase()])}::jsonb` : undefined,
          query.from ? gte(sessions.lastEventAt, query.from) : undefined,
          query.to ? lt(sessions.startedAt, query.to) : undefined,
          query.hasOpportunity === undefined ? undefined : query.hasOpportunity ? had('opportunities') : sql`not ${had('opportunities')}`,
          query.hasEngagement === undefined ? undefined : query.hasEngagement ? had('engagements') : sql`not ${had('engagements')}`,
          query.q ? sql`${sessions.searchText} like ${containsPattern(query.q)}` : undefined,
          query.customer ? sql`(${sessions.aggregate}->>'customerId') = ${query.customer}` : undefined,
          before ? after(key, before) : undefined,
        ),
      )
      // As the indexes are made (descending, nulls last), so that Postgres walks them.
      .orderBy(sql`${key} desc nulls last`, sql`${sessions.id} desc nulls last`)
      .limit(query.limit + 1);
    const { shown, next } = keysetPage(rows, query.limit, (last) => encodeSortCursor({ sort, key: sortKeyOf(sort, last), id: last.id }));
    return {
      sessions: shown.map((r) => ({ ...toSummary(r), hasOpportunity: truthy(r.hasOpportunity), hasEngagement: truthy(r.hasEngagement) })),
      nextBefore: next,
    };
  }

  /** One of the enterprise's sessions with its events in order; NotFound when it is not the enterprise's. */
  async get(enterpriseId: string, sessionId: string): Promise<SessionDetail> {
    const [row] = await this.deps.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The session');
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

function refused({ reason, events: refusedEvents }: Refusal): EventsRefused {
  const n = refusedEvents.length;
  const what = {
    not_participating: 'come from sites that do not take part in Floorwalker',
    too_old: 'are older than the backend takes',
    amount_out_of_range: 'would take the cart total out of range',
  }[reason];
  return new EventsRefused(reason, refusedEvents, `${n} event(s) ${what}; nothing was stored.`);
}

/*
 * Ingest's hot path speaks SQL directly: one round trip to read what the batch needs and
 * one to write everything, with rows passed as one JSON parameter each. Through the query
 * builder a batch took seven round trips and most of its time mapping columns. The column
 * lists and types come from the drizzle tables (db/records.ts), so the SQL follows the schema.
 */
const latestSessions = recordset(sessions, ['id', 'enterpriseId', 'startedAt', 'lastEventAt', 'aggregate']);
// Detection owns evaluated_at (it marks a session after evaluating it): ingest neither writes nor clears it.
const sessionRows = recordset(sessions, ['id', 'shopperId', 'enterpriseId', 'startedAt', 'lastEventAt', 'eventCount', 'aggregate', 'updatedAt']);
const eventRows = recordset(events);

/** The batch's already-stored event ids and the shopper's latest session per enterprise. Run after the shopper lock. */
async function readStoredState(tx: Pick<Db, 'execute'>, shopperId: string, clientIds: string[], enterpriseIds: string[]): Promise<StoredState> {
  const result = await tx.execute(sql`
    select
      (select coalesce(json_agg(client_event_id), '[]'::json) from events
        where shopper_id = ${shopperId}
          and client_event_id in (select jsonb_array_elements_text(${JSON.stringify(clientIds)}::jsonb))) as duplicates,
      (select coalesce(json_agg(s), '[]'::json)
        from (select distinct on (enterprise_id) ${latestSessions.selection} from sessions
          where shopper_id = ${shopperId}
            and enterprise_id in (select (jsonb_array_elements_text(${JSON.stringify(enterpriseIds)}::jsonb))::uuid)
          order by enterprise_id, last_event_at desc) s) as latest`);
  const [row] = rowsOf<{ duplicates: unknown; latest: unknown }>(result);
  const latest = new Map<string, StoredSession>();
  for (const s of latestSessions.read(json<Record<string, unknown>[]>(row?.latest))) {
    latest.set(s.enterpriseId, { id: s.id, startedAt: s.startedAt.toISOString(), lastEventAt: s.lastEventAt.toISOString(), aggregate: s.aggregate });
  }
  return { duplicates: new Set(json<string[]>(row?.duplicates)), latest };
}

/** Inserts new sessions, updates continued ones and inserts the events, in one statement. */
async function writePlan(tx: Pick<Db, 'execute'>, shopperId: string, plan: IngestPlan, now: Date, newId: () => string): Promise<void> {
  // Times go as the ISO text they already are: the rows only travel as JSON.
  const receivedAt = now.toISOString();
  const inserts: WireRow<typeof sessions.$inferInsert>[] = [];
  const updates: WireRow<typeof sessions.$inferInsert>[] = [];
  const rows: WireRow<typeof events.$inferInsert>[] = [];
  for (const { enterpriseId, write } of plan.sessions) {
    (write.isNew ? inserts : updates).push({
      id: write.id,
      shopperId,
      enterpriseId,
      startedAt: write.startedAt,
      lastEventAt: write.lastEventAt,
      eventCount: write.aggregate.eventCount,
      aggregate: write.aggregate,
      updatedAt: receivedAt,
    });
    for (const e of write.events) {
      const { id, type, at: clientAt, url, ...fields } = e.event;
      // The identity token is a credential: the event keeps whether it proved the id, never the token.
      const { customerToken: _token, ...data } = fields as typeof fields & { customerToken?: string };
      const identity = e.customerVerified === undefined ? {} : { customerVerified: e.customerVerified };
      rows.push({
        id: newId(),
        shopperId,
        sessionId: write.id,
        siteId: e.siteId,
        clientEventId: id,
        type,
        at: e.at,
        receivedAt,
        url,
        data: { ...data, ...identity, clientAt },
      });
    }
  }
  await tx.execute(sql`
    with new_sessions as (
      insert into sessions (${sessionRows.names})
      select ${sessionRows.fields} from json_to_recordset(${sessionRows.json(inserts)}::json) as r(${sessionRows.definition})
    ), continued as (
      update sessions set ${sessionRows.assignments(['id', 'shopperId', 'enterpriseId'])}
      from json_to_recordset(${sessionRows.json(updates)}::json) as r(${sessionRows.definition})
      where sessions.id = r.id
    )
    insert into events (${eventRows.names})
    select ${eventRows.fields} from json_to_recordset(${eventRows.json(rows)}::json) as r(${eventRows.definition})`);
}

/** A json column: postgres.js parses it, PGlite may hand over the text. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as T;
}

/** What the list may be narrowed and sorted by (see SessionListQuery in shared/api.ts). */
export interface SessionListQuery {
  limit: number;
  before?: SortPosition;
  sort?: SessionSort;
  site?: string;
  from?: Date;
  to?: Date;
  hasOpportunity?: boolean;
  hasEngagement?: boolean;
  q?: string;
  customer?: string;
}

/** Each sort's key; the two times have indexes behind them, duration and cart value are computed over the enterprise's sessions. */
const SORT_KEYS: Record<SessionSort, SQL> = {
  lastActivity: sql`${sessions.lastEventAt}`,
  started: sql`${sessions.startedAt}`,
  duration: sql`((extract(epoch from (${sessions.lastEventAt} - ${sessions.startedAt})) * 1000)::bigint)`,
  cartValue: sql`${sessions.cartValue}`,
};

/** After a page's last session in the order of `key` (descending, ties by id). */
function after(key: SQL, p: SortPosition): SQL {
  const value = p.key instanceof Date ? sql`${p.key.toISOString()}::timestamptz` : p.sort === 'duration' ? sql`${p.key}::bigint` : sql`${p.key}::numeric`;
  return pastPosition('desc', key, sessions.id, { key: value, id: p.id });
}

function sortKeyOf(sort: SessionSort, row: { startedAt: Date; lastEventAt: Date; cartValue: string | null }): Date | number | string {
  if (sort === 'lastActivity') return row.lastEventAt;
  if (sort === 'started') return row.startedAt;
  if (sort === 'duration') return row.lastEventAt.getTime() - row.startedAt.getTime();
  return canonicalDecimal(row.cartValue ?? '0');
}

/** Postgres's numeric text without trailing zeros ("12.50" → "12.5"), as the cursor keeps it. */
function canonicalDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/** A boolean from the driver: PGlite and postgres.js both give booleans, text 't' just in case. */
function truthy(value: unknown): boolean {
  return value === true || value === 't';
}

function toSummary(row: Pick<SessionRecord, 'id' | 'shopperId' | 'enterpriseId' | 'startedAt' | 'lastEventAt' | 'aggregate'>): SessionSummary {
  return {
    id: row.id,
    shopperId: row.shopperId,
    enterpriseId: row.enterpriseId,
    startedAt: row.startedAt.toISOString(),
    lastEventAt: row.lastEventAt.toISOString(),
    aggregate: storedAggregate(row.aggregate),
  };
}
