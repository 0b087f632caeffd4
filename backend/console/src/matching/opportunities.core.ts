/**
 * The opportunities list's filters as the page holds them (what the person typed) and as the
 * list route takes them (`GET /api/v1/opportunities`: status, rule, site, from, to), and how an
 * opportunity reads in the list.
 */
import type { OpportunityView } from '../../../../shared/rules';

export interface OpportunityFilters {
  status: '' | OpportunityView['status'];
  /** A condition id of the opportunity rules. */
  rule: string;
  /** A site's domain. */
  site: string;
  /** Days, as a date input gives them (yyyy-mm-dd), in the viewer's time zone. */
  from: string;
  to: string;
}

export const NO_FILTERS: OpportunityFilters = { status: '', rule: '', site: '', from: '', to: '' };

/** A day typed in a date input as the instant it starts in the viewer's zone, ISO; null when blank or not a day. */
export function dayStart(day: string, offsetDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offsetDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The list route's query: blank filters left out, `to` through the end of its day. */
export function listQuery(f: OpportunityFilters, limit: number, before: string | null): Record<string, string | number | null> {
  return {
    limit,
    before,
    status: f.status || null,
    rule: f.rule.trim() || null,
    site: f.site.trim().toLowerCase() || null,
    from: dayStart(f.from),
    to: dayStart(f.to, 1),
  };
}

export const STATUS_TEXT: Record<OpportunityView['status'], string> = {
  offering: 'Offering',
  engaged: 'Engaged',
  unserved: 'Unserved',
  cancelled: 'Cancelled',
};

/** Why the opportunity opened, in the rules' own words: "Viewed the same product twice (+20)". */
export function reasonsText(o: Pick<OpportunityView, 'reasons'>): string {
  if (!o.reasons.length) return '—';
  return o.reasons.map((r) => `${r.description ?? r.conditionId} (+${r.points})`).join(' · ');
}

/** "closed 12:04, nobody accepted". */
export function closeText(o: Pick<OpportunityView, 'closeReason'>): string {
  return o.closeReason ? o.closeReason.replace(/_/g, ' ') : '—';
}
