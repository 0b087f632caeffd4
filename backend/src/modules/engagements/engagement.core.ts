import type { EngagementStatus } from '../../../../shared/realtime';

/**
 * The states of an engagement: created `invited` by the winning claim; the shopper answers
 * (accepted / declined) before `expiresAt`, or it expires. It also expires when the
 * associate leaves before the shopper answered, and the opportunity is offered again.
 * Once accepted it is live until either side ends it, or a peer vanishes: `ended`.
 * Pure: the time is passed in.
 */

/** Why a live engagement ended. */
export type EndReason = 'shopper_ended' | 'associate_ended' | 'peer_lost';

export type EngagementEvent =
  /** The shopper's yes or no. */
  | { type: 'answer'; accept: boolean }
  /** The ticker found it past its expiry. */
  | { type: 'expire' }
  /** The winning associate's client went away, or they withdrew, before the shopper answered. */
  | { type: 'associate_left' }
  /** Either side ended the live engagement (or reported the other gone). */
  | { type: 'end'; reason: EndReason };

/** What becomes of the opportunity: served, closed with a reason, offered again, or left as it is. */
export type OpportunityAfter =
  | { kind: 'served' }
  | { kind: 'closed'; reason: 'shopper_declined' | 'invitation_expired' }
  | { kind: 'reassign' }
  | { kind: 'kept' };

/** Why an event changed nothing: answered already, expired, not yet due, not live (not accepted), or ended already. */
export type Refusal = 'answered' | 'expired' | 'not_due' | 'not_live' | 'ended';

export type Transition =
  | {
      ok: true;
      status: EngagementStatus;
      /** The engagement no longer holds a place in the associate's capacity. */
      freesCapacity: boolean;
      opportunity: OpportunityAfter;
    }
  | { ok: false; reason: Refusal };

/** The next state of an engagement under an event at `now`, or why the event changes nothing. */
export function transition(engagement: { status: EngagementStatus; expiresAt: number }, event: EngagementEvent, now: number): Transition {
  if (event.type === 'end') {
    if (engagement.status === 'accepted') return { ok: true, status: 'ended', freesCapacity: true, opportunity: { kind: 'kept' } };
    return { ok: false, reason: engagement.status === 'ended' ? 'ended' : 'not_live' };
  }
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

/** The end reason an ending side gives: `done` names the side, `peer_lost` says the other vanished. */
export function endReasonOf(side: 'shopper' | 'associate', reason: 'done' | 'peer_lost'): EndReason {
  if (reason === 'peer_lost') return 'peer_lost';
  return side === 'shopper' ? 'shopper_ended' : 'associate_ended';
}
