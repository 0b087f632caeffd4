import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { rowsOf } from '../../db/records';
import { readTime } from '../../db/time';
import type { SchedulePeriod } from '../../db/schema/associates';
import { CHANNELS, type Channel } from '../../../../shared/associates';
import type { AccreditationSource } from '../../../../shared/matching';
import type { CandidateFacts } from './rank.core';

/** One local date's exception to the weekly schedule (the hours worked that day; none: a day off). */
export interface DayException {
  date: string;
  periods: { from: string; to: string }[];
}

/** Whether an instant falls within an associate's weekly schedule and its exceptions (the associates module's pure core). */
export type ScheduleCheck = (schedule: SchedulePeriod[], timezone: string, at: Date, exceptions?: readonly DayException[]) => boolean;

/** An accreditation as the query reads it, whatever its source. */
interface AccreditationRow {
  category: string[];
  level: number;
  expiresAt: string | null;
  source: AccreditationSource;
}

/** A connection seen within this long counts as connected (the realtime module refreshes it every 20 s). */
export const CONNECTED_WITHIN_MS = 60_000;

export interface CandidateQuery {
  enterpriseId: string;
  /** The opportunity's top category; null counts outcomes in every category. */
  topCategory: string | null;
  customerExternalId: string | null;
  /** The opportunity's shopper (affinity by shopper when the customer is unknown); null in a dry run of a sample. */
  shopperId: string | null;
  now: Date;
}

/**
 * The read model routing needs: every associate who could serve one of an enterprise's
 * opportunities (its employees and the independents who accepted its invitation, active ones,
 * not paused by it for missed offers) with the facts the ranking rules score. It reads the associates' and the engagements' tables
 * directly, read-only, in one round trip: this one read model is the accepted exception to
 * "modules talk through services", since ranking hundreds of associates one service call
 * at a time would take longer than the offer itself. Outcomes and affinity count this
 * enterprise's engagements only, and response rate and misses are this enterprise's own:
 * another tenant neither shapes this ranking nor sees it. Accreditations are those the
 * enterprise can see, each with its source: its own grants, passes of its own tests, and
 * passes of marketplace tests (never another enterprise's grants or tests). The schedule
 * comes with its exceptions around `now`.
 */
export async function readCandidates(db: Db, q: CandidateQuery, withinSchedule: ScheduleCheck): Promise<CandidateFacts[]> {
  const now = q.now.toISOString();
  const connectedSince = new Date(q.now.getTime() - CONNECTED_WITHIN_MS).toISOString();
  // Every zone's local date lies within a day of the UTC date: the exceptions of those three dates are enough.
  const day = 86_400_000;
  const fromDate = new Date(q.now.getTime() - day).toISOString().slice(0, 10);
  const toDate = new Date(q.now.getTime() + day).toISOString().slice(0, 10);
  const result = await db.execute(sql`
    with pool as (
      select a.id, true as own from associates a where a.employer_id = ${q.enterpriseId} and a.active
      union all
      select a.id, false as own from associate_admissions m join associates a on a.id = m.associate_id
        where m.enterprise_id = ${q.enterpriseId} and m.active and a.employer_id is null and a.active
    )
    select a.id as "associateId", p.own, a.languages, a.contact -> 'channels' as channels, a.presence, a.timezone, a.schedule, a.capacity,
      coalesce(s.offers_received, 0) as "offersReceived", coalesce(s.offers_answered, 0) as "offersAnswered",
      coalesce(s.misses_in_row, 0) as "missesInRow",
      a.last_engagement_at as "lastEngagementAt",
      exists (select 1 from associate_connections c where c.associate_id = a.id and c.last_seen_at > ${connectedSince}) as connected,
      (select count(*)::int from engagements e where e.associate_id = a.id and e.status in ('invited', 'accepted')) as active,
      (select coalesce(json_agg(json_build_object('category', ac.category, 'level', ac.level, 'expiresAt', ac.expires_at, 'source', ac.source)), '[]'::json)
        from (
          select g.category, g.level, g.expires_at, 'grant' as source from accreditations g
            where g.associate_id = a.id and g.enterprise_id = ${q.enterpriseId} and (g.expires_at is null or g.expires_at > ${now})
          union all
          select ea.category, ea.level, ea.expires_at, case when ea.enterprise_id is null then 'marketplace_test' else 'enterprise_test' end from earned_accreditations ea
            where ea.associate_id = a.id and (ea.enterprise_id is null or ea.enterprise_id = ${q.enterpriseId}) and ea.expires_at > ${now}
        ) ac) as accreditations,
      (select coalesce(json_agg(json_build_object('date', x.date, 'periods', x.periods)), '[]'::json)
        from schedule_exceptions x where x.associate_id = a.id and x.date between ${fromDate} and ${toDate}) as exceptions,
      (select json_build_object('n', count(*), 'sales', count(*) filter (where o.sale))
        from outcomes o join engagements e on e.id = o.engagement_id
        where e.associate_id = a.id and e.enterprise_id = ${q.enterpriseId}
          and (${q.topCategory}::text is null or lower(e.category[1]) = lower(${q.topCategory}::text))) as conversion,
      (select case when bool_or(o.sale) then 'sale' when count(*) > 0 then 'served' end
        from engagements e left join outcomes o on o.engagement_id = e.id
        where e.associate_id = a.id and e.enterprise_id = ${q.enterpriseId}
          and (e.status not in ('invited', 'declined', 'expired') or o.engagement_id is not null)
          and ((${q.customerExternalId}::text is not null and e.customer_external_id = ${q.customerExternalId}::text)
            or (${q.shopperId}::uuid is not null and e.shopper_id = ${q.shopperId}::uuid))) as "servedBefore"
    from pool p join associates a on a.id = p.id
      left join associate_standings s on s.associate_id = a.id and s.enterprise_id = ${q.enterpriseId}
    where s.paused_at is null`);
  return rowsOf<Record<string, unknown>>(result).map((r) => {
    const conversion = json<{ n: number; sales: number }>(r.conversion);
    return {
      associateId: String(r.associateId),
      own: bool(r.own),
      languages: textArray(r.languages).map(primaryLanguage),
      // Contact preferences written before channels were kept take every channel, as the default does.
      channels: json<Channel[] | null>(r.channels) ?? [...CHANNELS],
      available: r.presence === 'available',
      connected: bool(r.connected),
      withinSchedule: withinSchedule(json<SchedulePeriod[]>(r.schedule), String(r.timezone), q.now, json<DayException[]>(r.exceptions)),
      capacity: Number(r.capacity),
      active: Number(r.active),
      lastEngagementAt: readTime(r.lastEngagementAt)?.getTime() ?? null,
      offersReceived: Number(r.offersReceived),
      offersAnswered: Number(r.offersAnswered),
      missesInRow: Number(r.missesInRow),
      accreditations: json<AccreditationRow[]>(r.accreditations).map((a) => ({
        category: a.category,
        level: a.level,
        expiresAt: readTime(a.expiresAt)?.getTime() ?? null,
        source: a.source,
      })),
      categoryOutcomes: Number(conversion.n),
      categorySales: Number(conversion.sales),
      servedBefore: r.servedBefore === 'sale' || r.servedBefore === 'served' ? r.servedBefore : null,
    };
  });
}

/** "fr-CA" → "fr": languages are compared by their primary subtag. */
export function primaryLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function bool(value: unknown): boolean {
  return value === true || value === 't';
}

/** A text[] column: an array from both drivers, or its literal "{a,b}" should one hand it over as text. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}

