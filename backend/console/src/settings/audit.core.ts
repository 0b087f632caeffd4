/**
 * The audit log page's filters and words: what the form holds (a day from and a day to, as the
 * viewer's calendar shows them) turned into the query of GET /api/v1/audit, and who an entry's
 * actor is in a line. Pure.
 */
import { type AuditActor, ROLE_LABELS } from '../../../../shared/console';

export type ActorKind = '' | AuditActor['kind'];

export interface AuditFilters {
  actor: ActorKind;
  /** Words found in the subject, the route or the path. */
  q: string;
  /** `yyyy-mm-dd` or empty: from the start of that day (the viewer's time zone). */
  from: string;
  /** `yyyy-mm-dd` or empty: up to the end of that day, included. */
  to: string;
}

export const NO_FILTERS: AuditFilters = { actor: '', q: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a calendar day in the viewer's time zone, as the API's ISO time; null when not a day. */
export function startOfDay(day: string, offsetDays = 0): string | null {
  if (!DAY.test(day)) return null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + offsetDays);
  if (date.getFullYear() !== y && offsetDays === 0) return null;
  if (offsetDays === 0 && (date.getMonth() !== m - 1 || date.getDate() !== d)) return null;
  return date.toISOString();
}

export type AuditQueryResult = { ok: true; query: Record<string, string> } | { ok: false; field: 'from' | 'to'; message: string };

/** The API's query for the filters (`to` exclusive: the day after the last day shown), or the field at fault. */
export function auditQuery(f: AuditFilters): AuditQueryResult {
  const query: Record<string, string> = {};
  if (f.actor) query.actor = f.actor;
  if (f.q.trim()) query.q = f.q.trim();
  if (f.from) {
    const from = startOfDay(f.from);
    if (!from) return { ok: false, field: 'from', message: 'a day, e.g. 2026-03-01' };
    query.from = from;
  }
  if (f.to) {
    const to = startOfDay(f.to) && startOfDay(f.to, 1);
    if (!to) return { ok: false, field: 'to', message: 'a day, e.g. 2026-03-31' };
    query.to = to;
  }
  if (f.from && f.to && f.from > f.to) return { ok: false, field: 'to', message: 'must not be before the first day' };
  return { ok: true, query };
}

/** Who made a change, in one line: a person with their role, an operator, or an API key by its label. */
export function actorLine(actor: AuditActor): string {
  switch (actor.kind) {
    case 'user':
      return `${actor.email}${actor.role ? ` (${ROLE_LABELS[actor.role]})` : ''}${actor.supportAccessId ? ', in a support access' : ''}`;
    case 'operator':
      return `${actor.email} (marketplace operator)`;
    case 'key':
      return `API key “${actor.label}”`;
  }
}

/** What an entry did, when the route named no subject: the route's pattern. */
export function entryTitle(entry: { subject: string | null; action: string }): string {
  return entry.subject ?? entry.action;
}
