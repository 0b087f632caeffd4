import type { Role } from '../../../../shared/console';

/**
 * Pure decisions about console accounts: when a session still works, when a support access is
 * open, what standing a user has in an enterprise, whether a change would leave an enterprise
 * without an owner, whether a request came over https, where a one-time link opens.
 */

/** A session unused for this long ends. */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** A session ends this long after sign-in, used or not. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;

export interface SessionFacts {
  expiresAt: number;
  lastUsedAt: number;
  signedOutAt: number | null;
  /** The user's account was disabled. */
  userDisabled: boolean;
}

/** Whether a session works at `now`: not signed out, its user not disabled, used within 12 h, within 7 days of sign-in. */
export function sessionLive(s: SessionFacts, now: number): boolean {
  return s.signedOutAt === null && !s.userDisabled && s.expiresAt > now && s.lastUsedAt + SESSION_IDLE_MS > now;
}

export interface AccessFacts {
  endsAt: number;
  endedAt: number | null;
}

/** Whether a support access is open at `now`: not ended by anyone, not past its end. */
export function accessOpen(a: AccessFacts, now: number): boolean {
  return a.endedAt === null && a.endsAt > now;
}

/**
 * A user's standing in an enterprise: their role as a member; else, for an operator, `admin`
 * inside a support access open now; else none. A member who is also an operator keeps their role.
 */
export function standingOf(membership: Role | undefined, operator: boolean, openAccessId: string | undefined): { role: Role; supportAccessId: string | null } | undefined {
  if (membership) return { role: membership, supportAccessId: null };
  if (operator && openAccessId) return { role: 'admin', supportAccessId: openAccessId };
  return undefined;
}

/** Whether changing (or removing, `next` null) the role of one member would leave the enterprise with no owner. */
export function leavesNoOwner(owners: readonly string[], userId: string, next: Role | null): boolean {
  if (!owners.includes(userId) || next === 'owner') return false;
  return owners.length <= 1;
}

/**
 * Whether the request came over https: its own URL says so, or — behind `trustedHops` proxies —
 * the `X-Forwarded-Proto` the nearest trusted proxy set (a client's own word is never believed).
 */
export function overHttps(url: string, forwardedProto: string | undefined, trustedHops: number): boolean {
  if (url.startsWith('https:')) return true;
  if (trustedHops <= 0 || !forwardedProto) return false;
  const protos = forwardedProto.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  // Each trusted proxy may append what it saw; the nearest one's entry is the last.
  return protos[Math.max(0, protos.length - trustedHops)] === 'https';
}

/** The 30-second step of a TOTP code accepted at `now` with the validator's `delta` (-1, 0 or 1). */
export function totpStep(now: number, delta: number): number {
  return Math.floor(now / 30_000) + delta;
}

/** Whether a code's step may be accepted: later than the last one accepted (a code is never used twice). */
export function freshStep(step: number, lastStep: number | null): boolean {
  return lastStep === null || step > lastStep;
}
