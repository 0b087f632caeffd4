import type { EngagementStatus } from '../../../../shared/realtime';

/**
 * The states of an engagement: created `invited` by the winning claim; the shopper answers
 * (accepted / declined) before `expiresAt`, or it expires. It also expires when the
 * associate leaves before the shopper answered, and the opportunity is offered again.
 * Pure: the time is passed in.
 */

export type EngagementEvent =
  /** The shopper's yes or no. */
  | { type: 'answer'; accept: boolean }
  /** The ticker found it past its expiry. */
  | { type: 'expire' }
  /** The winning associate's client went away, or they withdrew, before the shopper answered. */
  | { type: 'associate_left' };

/** What becomes of the opportunity: served, closed with a reason, or offered again. */
export type OpportunityAfter = { kind: 'served' } | { kind: 'closed'; reason: 'shopper_declined' | 'invitation_expired' } | { kind: 'reassign' };

export type Transition =
  | {
      ok: true;
      status: EngagementStatus;
      /** The engagement no longer holds a place in the associate's capacity. */
      freesCapacity: boolean;
      opportunity: OpportunityAfter;
    }
  | { ok: false; reason: 'answered' | 'expired' | 'not_due' };

export function transition(engagement: { status: EngagementStatus; expiresAt: number }, event: EngagementEvent, now: number): Transition {
  if (engagement.status !== 'invited') return { ok: false, reason: engagement.status === 'expired' ? 'expired' : 'answered' };
  const lapsed = now >= engagement.expiresAt;
  switch (event.type) {
    case 'answer':
      if (lapsed) return { ok: false, reason: 'expired' };
      return event.accept
        ? { ok: true, status: 'accepted', freesCapacity: false, opportunity: { kind: 'served' } }
        : { ok: true, status: 'declined', freesCapacity: true, opportunity: { kind: 'closed', reason: 'shopper_declined' } };
    case 'expire':
      if (!lapsed) return { ok: false, reason: 'not_due' };
      return { ok: true, status: 'expired', freesCapacity: true, opportunity: { kind: 'closed', reason: 'invitation_expired' } };
    case 'associate_left':
      return { ok: true, status: 'expired', freesCapacity: true, opportunity: { kind: 'reassign' } };
  }
}
