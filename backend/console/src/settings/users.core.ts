/**
 * The users page's pure parts: the roles an owner hands out (with what each may do), and the
 * support accesses split into open and past as of now.
 */
import { ROLE_LABELS, type Role, type SupportAccess } from '../../../../shared/console';

/** What each role may do, in a line (roles.core.ts is the table the server applies). */
export const ROLE_WORDS: Record<Role, string> = {
  owner: 'everything, users and API keys included',
  admin: 'all configuration; reads users and keys',
  sales_lead: 'associates, rules, materials, the live view',
  analyst: 'reads reports and sessions; changes nothing',
};

export const ROLE_OPTIONS: [Role, string][] = (Object.keys(ROLE_LABELS) as Role[]).map((r) => [r, ROLE_LABELS[r]]);

/** Whether a support access is open at `now`: not ended by anyone, and its end not reached. */
export function isOpen(access: Pick<SupportAccess, 'endsAt' | 'endedAt'>, now: Date): boolean {
  return access.endedAt === null && Date.parse(access.endsAt) > now.getTime();
}

/** The accesses open now (soonest to end first) and the past ones (latest first). */
export function splitAccesses<A extends Pick<SupportAccess, 'endsAt' | 'endedAt' | 'startedAt'>>(accesses: readonly A[], now: Date): { open: A[]; past: A[] } {
  const open = accesses.filter((a) => isOpen(a, now)).sort((a, b) => a.endsAt.localeCompare(b.endsAt));
  const past = accesses.filter((a) => !isOpen(a, now)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return { open, past };
}

/** When a past access ended: the moment someone ended it, or its own end. */
export function endedAt(access: Pick<SupportAccess, 'endsAt' | 'endedAt'>): string {
  return access.endedAt ?? access.endsAt;
}
