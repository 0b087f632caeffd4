import { sql } from 'drizzle-orm';
import type { IndependentListing, IndependentPage, IndependentQuery } from '../../../../shared/associates';
import { rowsOf } from '../../db/records';
import { readTime } from '../../db/time';
import type { AppDeps } from '../../deps';
import { categoryKey, conversionOf, decodeListingCursor, encodeListingCursor, parseCategoryFilter } from './directory.core';

/** The query with its cursor decoded (the routes decode it; a cursor the API did not make is a 400 there). */
export type DirectoryQuery = Omit<IndependentQuery, 'after'> & { after?: { name: string; id: string } };

export { decodeListingCursor };

/**
 * The enterprise's directory of the marketplace's approved independents, to invite from.
 * Never an applicant (not approved yet), an employee or a deactivated account; never an
 * address or anything another enterprise did with them beyond marketplace-wide counts. It reads
 * the registration, tests and engagements tables directly, read-only, in one query per page,
 * as the candidates' read model of matching does.
 */
export class IndependentsDirectory {
  constructor(private readonly deps: Pick<AppDeps, 'db' | 'clock'>) {}

  async page(enterpriseId: string, q: DirectoryQuery): Promise<IndependentPage> {
    const now = this.deps.clock().toISOString();
    const path = q.category === undefined ? [] : parseCategoryFilter(q.category);
    const category = path.length > 0 ? categoryKey(path) : null;
    const minLevel = q.minLevel ?? null;
    const language = q.language ?? null;
    const timezone = q.timezone ?? null;
    const afterName = q.after?.name ?? null;
    const afterId = q.after?.id ?? null;
    // A path's key: its parts lower-case, each followed by a unit separator, so "covers" is a prefix test.
    const keyOf = (column: string) => sql.raw(`lower(array_to_string(${column}, chr(31))) || chr(31)`);
    const visible = sql`ea.associate_id = a.id and (ea.enterprise_id is null or ea.enterprise_id = ${enterpriseId}) and ea.expires_at > ${now}`;
    const result = await this.deps.db.execute(sql`
      select a.id, a.display_name as "displayName", a.languages, a.timezone, a.approved_at as "approvedAt",
        coalesce(ap.categories, '[]'::jsonb) as categories,
        (select coalesce(json_agg(json_build_object('category', ea.category, 'level', ea.level, 'expiresAt', ea.expires_at,
            'source', case when ea.enterprise_id is null then 'marketplace_test' else 'enterprise_test' end) order by ea.level desc, ea.earned_at), '[]'::json)
          from earned_accreditations ea where ${visible}) as accreditations,
        (select json_build_object('outcomes', count(*), 'sales', count(*) filter (where o.sale))
          from engagements e join outcomes o on o.engagement_id = e.id where e.associate_id = a.id) as record,
        (select i.status from admission_invitations i
          where i.enterprise_id = ${enterpriseId} and (i.email = a.email or i.associate_id = a.id) order by i.invited_at desc limit 1) as invitation,
        exists (select 1 from associate_admissions m where m.associate_id = a.id and m.enterprise_id = ${enterpriseId} and m.active) as admitted
      from associates a left join applications ap on ap.associate_id = a.id
      where a.employer_id is null and a.approved_at is not null and a.active
        and (${language}::text is null or ${language}::text = any(a.languages))
        and (${timezone}::text is null or a.timezone = ${timezone}::text)
        and (${minLevel}::int is null or ${category}::text is not null
          or exists (select 1 from earned_accreditations ea where ${visible} and ea.level >= ${minLevel}::int))
        and (${category}::text is null or (
          ${minLevel}::int is null and exists (
            select 1 from jsonb_array_elements(coalesce(ap.categories, '[]'::jsonb)) d(path)
              cross join lateral (select lower(string_agg(v, chr(31) order by n)) || chr(31) as k from jsonb_array_elements_text(d.path) with ordinality t(v, n)) declared
              where starts_with(declared.k, ${category}::text) or starts_with(${category}::text, declared.k))
          or exists (select 1 from earned_accreditations ea where ${visible}
            and ea.level >= coalesce(${minLevel}::int, 1)
            and (starts_with(${category}::text, ${keyOf('ea.category')}) or (${minLevel}::int is null and starts_with(${keyOf('ea.category')}, ${category}::text))))))
        and (${afterName}::text is null or (a.display_name, a.id) > (${afterName}::text, ${afterId}::uuid))
      order by a.display_name, a.id
      limit ${q.limit + 1}`);
    const rows = rowsOf<Record<string, unknown>>(result);
    const page = rows.slice(0, q.limit).map(toListing);
    const last = page[page.length - 1];
    return { independents: page, next: rows.length > q.limit && last ? encodeListingCursor({ name: last.displayName, id: last.id }) : null };
  }
}

function toListing(r: Record<string, unknown>): IndependentListing {
  const record = json<{ outcomes: number; sales: number }>(r.record);
  const invitation = r.invitation;
  return {
    id: String(r.id),
    displayName: String(r.displayName),
    languages: textArray(r.languages),
    timezone: String(r.timezone),
    categories: json<string[][]>(r.categories),
    accreditations: json<{ category: string[]; level: number; expiresAt: string; source: 'enterprise_test' | 'marketplace_test' }[]>(r.accreditations).map((a) => ({
      category: a.category,
      level: a.level,
      expiresAt: readTime(a.expiresAt)!.toISOString(),
      source: a.source,
    })),
    record: { outcomes: Number(record.outcomes), sales: Number(record.sales), conversion: conversionOf(Number(record.outcomes), Number(record.sales)) },
    invitation: invitation === 'invited' || invitation === 'accepted' || invitation === 'declined' || invitation === 'withdrawn' ? invitation : null,
    admitted: r.admitted === true || r.admitted === 't',
    approvedAt: readTime(r.approvedAt)!.toISOString(),
  };
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A text[] column: an array from both drivers, or its literal "{a,b}" should one hand it over as text. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}
