/**
 * The console's navigation: the groups of the list, each page shown only to who can use
 * it. A page names the API path it reads; the role's rules are the backend's own (roles.core.ts,
 * imported: the same table refuses the request), so the menu never offers what would be refused.
 */
import type { Role } from '../../../shared/console';
import { roleAllows } from '../../src/http/roles.core';

export const NAV_GROUPS = ['', 'Sales', 'Settings', 'Marketplace'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

/** Who uses the console now: the role in the enterprise acted in (null: none chosen), and whether an operator. */
export interface Viewer {
  role: Role | null;
  operator: boolean;
}

/** Who may open a page: the readers of an API path in the enterprise, the marketplace's operator, or anyone signed in. */
export type Audience = { api: string } | { operator: true } | { anyone: true };

export interface NavEntry {
  label: string;
  group: NavGroup;
  href: string;
  who: Audience;
}

export function mayOpen(who: Audience, viewer: Viewer): boolean {
  if ('anyone' in who) return true;
  if ('operator' in who) return viewer.operator;
  return viewer.role !== null && roleAllows(viewer.role, 'GET', `/api/v1${who.api}`);
}

/** The navigation a viewer sees: their entries, by group in the groups' order, empty groups left out. */
export function visibleNav<E extends NavEntry>(entries: readonly E[], viewer: Viewer): { group: NavGroup; entries: E[] }[] {
  return NAV_GROUPS.map((group) => ({ group, entries: entries.filter((e) => e.group === group && mayOpen(e.who, viewer)) })).filter((g) => g.entries.length > 0);
}

/** Whether the viewer's role may change what lives at an API path (a button shown or not). */
export function mayChange(viewer: Viewer, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', api: string): boolean {
  return viewer.role !== null && roleAllows(viewer.role, method, `/api/v1${api}`);
}

/** Where the console opens for a viewer: an operator acting in no enterprise starts at the marketplace, everyone else at the sessions. */
export function homeOf(viewer: Viewer): string {
  return viewer.operator && viewer.role === null ? '/marketplace/enterprises' : '/sessions';
}
