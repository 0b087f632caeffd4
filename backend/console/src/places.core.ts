import { type ConsoleMe, type Membership, ROLE_LABELS } from '../../../shared/console';

/**
 * The enterprises a console user may act in, as the enterprise switcher shows them: their
 * memberships with their role, and an operator's support accesses open now. Inside a support
 * access the operator acts with an admin's rights (the backend's standing), but the switcher
 * says what it is: a support access, and when it ends.
 */
export interface Place extends Membership {
  /** The support access the enterprise is reached through; null for a membership. */
  support: { id: string; endsAt: string } | null;
}

export function placesOf(me: ConsoleMe): Place[] {
  const own: Place[] = me.memberships.map((m) => ({ ...m, support: null }));
  const support: Place[] = me.supportAccesses
    .filter((s) => s.endedAt === null && !own.some((m) => m.enterpriseId === s.enterpriseId))
    .map((s) => ({ enterpriseId: s.enterpriseId, enterpriseName: s.enterpriseName, role: 'admin', suspended: false, support: { id: s.id, endsAt: s.endsAt } }));
  return [...own, ...support];
}

/** How a time of the viewer's is written: their locale and zone, unless a test names them. */
export interface Clock {
  now: Date;
  locale?: string;
  timeZone?: string;
}

/** When a support access ends: the time alone today, with the date on another day. */
export function endText(iso: string, clock: Clock): string {
  const end = new Date(iso);
  if (Number.isNaN(end.getTime())) return iso;
  const day = (d: Date) => d.toLocaleDateString(clock.locale, { timeZone: clock.timeZone });
  const time = end.toLocaleTimeString(clock.locale, { timeZone: clock.timeZone, hour: '2-digit', minute: '2-digit' });
  return day(end) === day(clock.now) ? time : `${end.toLocaleDateString(clock.locale, { timeZone: clock.timeZone, day: 'numeric', month: 'short' })}, ${time}`;
}

/** What the switcher says beside an enterprise: suspended, the support access and its end, or the role. */
export function placeNote(place: Place, clock: Clock): string {
  if (place.suspended) return 'suspended';
  if (place.support) return `Support access until ${endText(place.support.endsAt, clock)}`;
  return ROLE_LABELS[place.role];
}
