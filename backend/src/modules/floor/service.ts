import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { LiveChange, LiveOverview } from '../../../../shared/floor';
import type { CommunicationMethod } from '../../../../shared/live';
import type { AssociateServerMessage, ShopperServerMessage } from '../../../../shared/realtime';
import { rowsOf } from '../../db/records';
import { associateAdmissions, associates, sessions } from '../../db/schema';
import type { SchedulePeriod } from '../../db/schema/associates';
import { readTime } from '../../db/time';
import type { AppDeps, Cancel } from '../../deps';
import { describeError } from '../../log';
import { datesAround, isWithinSchedule, type ScheduleDayException } from '../associates/schedule.core';
import type { Publisher } from '../offers/ports';
import { changeOfMessage, changesByEnterprise, PendingChanges } from './changes.core';
import { assembleOverview, type OverviewRows } from './overview.core';

/** A connection seen within this long counts as connected (as for routing: the realtime hub refreshes it every 20 s). */
const CONNECTED_WITHIN_MS = 60_000;
/** Changes are gathered this long, then each enterprise touched is sent one `live`: at most one a second per enterprise from each instance. */
export const LIVE_BATCH_MS = 1_000;
/** More rows than a console shows: a floor this busy is summed from the first ones. */
const MAX_SESSIONS = 5_000;
const MAX_OPEN = 500;

/** Sends an enterprise's consoles a `live` hint (the realtime hub, on every instance). */
export type LivePublish = (enterpriseId: string, changed: LiveChange[]) => Promise<unknown>;

/**
 * The floorwalker's console: the live overview of an enterprise (four reads, one per part,
 * straight from the tables, like routing's candidates: the figures must be fresh and cheap),
 * and the `live` hints to its consoles when the floor changes, gathered for a second.
 */
export class FloorService {
  private readonly pending = new PendingChanges();
  private timer: Cancel | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: AppDeps,
    private readonly publish: LivePublish,
  ) {}

  /** The enterprise's floor now, counting shoppers with an event in the last `minutes`. */
  async overview(enterpriseId: string, minutes: number): Promise<LiveOverview> {
    const now = this.deps.clock();
    const db = this.deps.db;
    const activeSince = new Date(now.getTime() - minutes * 60_000).toISOString();
    const connectedSince = new Date(now.getTime() - CONNECTED_WITHIN_MS).toISOString();
    // The schedule exceptions that can fall on today, wherever the associate is.
    const aroundToday = datesAround(now);
    const [shopperRows, opportunityRows, associateRows, engagementRows] = await Promise.all([
      db.execute(sql`
        select s.shopper_id as "shopperId", s.aggregate->>'lastUrl' as "lastUrl", s.aggregate->'sites'->>-1 as "lastSite"
        from sessions s
        where s.enterprise_id = ${enterpriseId} and s.last_event_at > ${activeSince}
          and coalesce((s.aggregate->>'left')::boolean, false) = false
        order by s.last_event_at desc limit ${MAX_SESSIONS}`),
      db.execute(sql`
        select o.id, o.origin, o.score, o.segment->'category' as category, s.aggregate->>'lastUrl' as "lastUrl", o.opened_at as "openedAt",
          (select count(*)::int from offers f where f.opportunity_id = o.id and f.status = 'pending') as "pendingOffers"
        from opportunities o join sessions s on s.id = o.session_id
        where o.enterprise_id = ${enterpriseId} and o.status = 'offering'
        order by o.opened_at limit ${MAX_OPEN}`),
      db.execute(sql`
        with pool as (
          select a.id from associates a where a.employer_id = ${enterpriseId} and a.active
          union
          select m.associate_id from associate_admissions m join associates a on a.id = m.associate_id
            where m.enterprise_id = ${enterpriseId} and m.active and a.employer_id is null and a.active
        )
        select a.id, a.display_name as "displayName", a.presence, a.presence_reason as "presenceReason",
          a.presence_changed_at as "presenceChangedAt", a.timezone, a.schedule, a.capacity,
          exists (select 1 from associate_connections c where c.associate_id = a.id and c.last_seen_at > ${connectedSince}) as connected,
          (st.paused_at is not null) as paused,
          (select count(*)::int from engagements e where e.associate_id = a.id and e.status in ('invited', 'accepted')) as engagements,
          (select coalesce(json_agg(json_build_object('date', x.date, 'periods', x.periods)), '[]'::json)
            from schedule_exceptions x where x.associate_id = a.id and x.date between ${aroundToday[0]} and ${aroundToday[1]}) as exceptions
        from pool p join associates a on a.id = p.id
          left join associate_standings st on st.associate_id = a.id and st.enterprise_id = ${enterpriseId}`),
      db.execute(sql`
        select e.id, e.opportunity_id as "opportunityId", e.status, e.associate_id as "associateId", a.display_name as "associateName",
          e.invited_at as "invitedAt", e.answered_at as "answeredAt", s.aggregate->>'lastUrl' as "lastUrl",
          coalesce((select json_agg(distinct u.method) from channel_usages u where u.engagement_id = e.id and u.stopped_at is null), '[]'::json) as channels
        from engagements e join associates a on a.id = e.associate_id join sessions s on s.id = e.session_id
        where e.enterprise_id = ${enterpriseId} and e.status in ('invited', 'accepted')
        limit ${MAX_OPEN}`),
    ]);
    const rows: OverviewRows = {
      shoppers: rowsOf<Record<string, unknown>>(shopperRows).map((r) => ({ shopperId: String(r.shopperId), lastUrl: textOrNull(r.lastUrl), lastSite: textOrNull(r.lastSite) })),
      opportunities: rowsOf<Record<string, unknown>>(opportunityRows).map((r) => ({
        id: String(r.id),
        origin: r.origin === 'asked' ? 'asked' : 'detected',
        score: Number(r.score),
        category: textArray(json<unknown>(r.category, [])),
        lastUrl: textOrNull(r.lastUrl),
        openedAt: readTime(r.openedAt)!,
        pendingOffers: Number(r.pendingOffers),
      })),
      associates: rowsOf<Record<string, unknown>>(associateRows).map((r) => ({
        id: String(r.id),
        displayName: String(r.displayName),
        presence: r.presence === 'available' ? 'available' : 'away',
        presenceReason: textOrNull(r.presenceReason),
        presenceChangedAt: readTime(r.presenceChangedAt)!,
        connected: bool(r.connected),
        paused: bool(r.paused),
        withinSchedule: isWithinSchedule(json<SchedulePeriod[]>(r.schedule, []), String(r.timezone), now, json<ScheduleDayException[]>(r.exceptions, [])),
        engagements: Number(r.engagements),
        capacity: Number(r.capacity),
      })),
      engagements: rowsOf<Record<string, unknown>>(engagementRows).map((r) => ({
        id: String(r.id),
        opportunityId: String(r.opportunityId),
        status: r.status === 'accepted' ? 'accepted' : 'invited',
        associateId: String(r.associateId),
        associateName: String(r.associateName),
        channels: json<CommunicationMethod[]>(r.channels, []),
        lastUrl: textOrNull(r.lastUrl),
        invitedAt: readTime(r.invitedAt)!,
        answeredAt: readTime(r.answeredAt),
      })),
    };
    return assembleOverview(rows, now, minutes);
  }

  // ---- what changed: gathered, then one `live` per enterprise touched ----

  /** Something on the enterprise's floor changed. */
  enterpriseChanged(enterpriseId: string, change: LiveChange): void {
    this.pending.enterprise(enterpriseId, change);
    this.schedule();
  }

  /** Something about an associate changed: every enterprise they work for is told. */
  associateChanged(associateId: string, change: LiveChange): void {
    this.pending.associate(associateId, change);
    this.schedule();
  }

  /** Sessions took events: their enterprises' shoppers changed (a shopper arrived, or moved on). */
  sessionsIngested(sessionIds: readonly string[]): void {
    if (sessionIds.length === 0) return;
    this.pending.sessionsIngested(sessionIds);
    this.schedule();
  }

  /**
   * The publisher offers and engagements use, watched: the messages that tell a party an
   * opportunity, an engagement or a presence changed also tell the floor.
   */
  watching(publisher: Publisher): Publisher {
    const watched = (recipient: { associateId: string } | { shopperId: string }, message: AssociateServerMessage | ShopperServerMessage): unknown => {
      const change = changeOfMessage(recipient, message);
      if (change) for (const c of change.changes) 'associateId' in change ? this.associateChanged(change.associateId, c) : this.enterpriseChanged(change.enterpriseId, c);
      return (publisher.publish as (r: typeof recipient, m: typeof message) => unknown)(recipient, message);
    };
    return { publish: watched as Publisher['publish'] };
  }

  /** Waits for the batch being sent (tests). */
  async idle(): Promise<void> {
    await this.flushing;
  }

  /** Sends what is waiting now instead of at the end of the batch (tests, shutdown). */
  async flushNow(): Promise<void> {
    this.timer?.();
    this.timer = null;
    this.flushing = this.flushing.then(() => this.flush());
    await this.flushing;
  }

  /** Drops what is waiting and the batch timer. */
  stop(): void {
    this.timer?.();
    this.timer = null;
    this.pending.take();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = this.deps.timers.after(LIVE_BATCH_MS, () => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.pending.empty) return;
    const taken = this.pending.take();
    try {
      const associateIds = [...taken.byAssociate.keys()];
      const [employers, admissions, ingested] = await Promise.all([
        associateIds.length
          ? this.deps.db
              .select({ associateId: associates.id, enterpriseId: associates.employerId })
              .from(associates)
              .where(and(inArray(associates.id, associateIds), isNotNull(associates.employerId)))
          : [],
        associateIds.length
          ? this.deps.db
              .select({ associateId: associateAdmissions.associateId, enterpriseId: associateAdmissions.enterpriseId })
              .from(associateAdmissions)
              .where(and(inArray(associateAdmissions.associateId, associateIds), eq(associateAdmissions.active, true)))
          : [],
        taken.sessions.length ? this.deps.db.selectDistinct({ enterpriseId: sessions.enterpriseId }).from(sessions).where(inArray(sessions.id, taken.sessions)) : [],
      ]);
      const ofAssociate = new Map<string, string[]>();
      for (const r of [...employers, ...admissions]) {
        if (!r.enterpriseId) continue;
        ofAssociate.set(r.associateId, [...(ofAssociate.get(r.associateId) ?? []), r.enterpriseId]);
      }
      const changes = changesByEnterprise(
        taken,
        ofAssociate,
        ingested.map((r) => r.enterpriseId),
      );
      for (const [enterpriseId, changed] of changes) await this.publish(enterpriseId, changed);
    } catch (err) {
      this.deps.log('floor: live changes not sent', describeError(err));
    }
  }
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function textArray(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function bool(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}

function json<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
