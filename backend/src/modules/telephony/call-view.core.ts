/*
 * A bridge as both parties' screens show it, from its legs as the callbacks left them: how far it
 * has come (the associate's phone ringing, then the shopper's, then both on the line, then over)
 * and, once over, how it ended, each leg's own end told apart. Pure: no I/O, no clock.
 */
import type { CallOutcome, CallState, CallView } from '../../../../shared/telephony';
import { type CallStatus, FINAL_CALL_STATUSES } from './status.core';

/** One leg as stored (phone_calls). */
export interface LegRecord {
  leg: 'associate' | 'shopper';
  status: CallStatus;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
}

/**
 * A bridge: its id (its parent leg's: the associate's for click-to-call, the shopper's incoming
 * call for a dial-in), its engagement, how it came about, its legs.
 */
export interface BridgeRecord {
  callId: string;
  engagementId: string;
  direction: 'click-to-call' | 'dial-in';
  associateVia: 'phone' | 'sip';
  legs: readonly LegRecord[];
}

const over = (leg: LegRecord | undefined): boolean => leg !== undefined && (leg.endedAt !== null || FINAL_CALL_STATUSES.has(leg.status));
const answered = (leg: LegRecord | undefined): boolean => leg !== undefined && (leg.answeredAt !== null || leg.status === 'in-progress');

/** A leg's end as an outcome, from whose leg it is. */
function legOutcome(leg: LegRecord): CallOutcome {
  if (leg.status === 'busy') return `${leg.leg}-busy`;
  if (leg.status === 'no-answer') return `${leg.leg}-no-answer`;
  if (leg.status === 'failed') return 'failed';
  if (leg.status === 'canceled') return 'canceled';
  // Completed (or closed while still in progress): talked if answered, else it never got through.
  return leg.answeredAt !== null ? 'completed' : 'canceled';
}

/**
 * The state: `calling-associate` until the associate's leg is answered, then `calling-shopper`
 * until the shopper's is, then `connected`; `ended` once either leg is over (the other follows
 * within moments: Twilio ends the bridge with it).
 */
export function callStateOf(legs: readonly LegRecord[]): CallState {
  const associate = legs.find((l) => l.leg === 'associate');
  const shopper = legs.find((l) => l.leg === 'shopper');
  if (over(associate) || over(shopper)) return 'ended';
  if (!answered(associate)) return 'calling-associate';
  if (!answered(shopper)) return 'calling-shopper';
  return 'connected';
}

/**
 * The bridge's two legs by role: the parent (the call that was answered first: the associate's
 * for click-to-call, the shopper's own call for a dial-in) and the leg its `<Dial>` rang.
 */
function rolesOf(legs: readonly LegRecord[], direction: BridgeRecord['direction']): { parent: LegRecord | undefined; dialled: LegRecord | undefined } {
  const [parentLeg, dialledLeg] = direction === 'dial-in' ? (['shopper', 'associate'] as const) : (['associate', 'shopper'] as const);
  return { parent: legs.find((l) => l.leg === parentLeg), dialled: legs.find((l) => l.leg === dialledLeg) };
}

/**
 * How an ended bridge ended: the parent leg's own end when it was never answered (busy, no
 * answer, failed, canceled), else the dialled leg's (busy, no answer, failed, canceled,
 * completed); a parent that answered and hung up before the other was dialled: canceled. For
 * click-to-call the parent is the associate's leg and the shopper's is dialled; for a dial-in the
 * shopper's own call is the parent and the associate's is dialled.
 */
export function callOutcomeOf(legs: readonly LegRecord[], direction: BridgeRecord['direction'] = 'click-to-call'): CallOutcome | null {
  if (callStateOf(legs) !== 'ended') return null;
  const { parent, dialled } = rolesOf(legs, direction);
  if (dialled && over(dialled)) return legOutcome(dialled);
  if (parent && !answered(parent)) return legOutcome(parent);
  if (dialled && answered(dialled)) return 'completed';
  return parent?.status === 'failed' ? 'failed' : 'canceled';
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const latest = (dates: (Date | null)[]): Date | null => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/** The whole view: state, outcome, when both were on the line, the talk time (the dialled leg's duration), each leg. Never a number. */
export function callViewOf(bridge: BridgeRecord): CallView {
  const legs = [...bridge.legs].sort((a, b) => (a.leg === b.leg ? 0 : a.leg === 'associate' ? -1 : 1));
  const { dialled } = rolesOf(legs, bridge.direction);
  const state = callStateOf(legs);
  const ended = state === 'ended';
  return {
    callId: bridge.callId,
    engagementId: bridge.engagementId,
    direction: bridge.direction,
    associateVia: bridge.associateVia,
    state,
    outcome: callOutcomeOf(legs, bridge.direction),
    startedAt: (legs.map((l) => l.startedAt).reduce<Date | null>((a, d) => (!a || d < a ? d : a), null) ?? new Date(0)).toISOString(),
    connectedAt: iso(dialled?.answeredAt ?? null),
    endedAt: ended ? iso(latest(legs.map((l) => l.endedAt))) : null,
    talkSeconds: ended ? (dialled?.durationSeconds ?? 0) : null,
    legs: legs.map((l) => ({
      leg: l.leg,
      status: l.status,
      startedAt: l.startedAt.toISOString(),
      answeredAt: iso(l.answeredAt),
      endedAt: iso(l.endedAt),
      durationSeconds: l.durationSeconds,
    })),
  };
}

/** A stored leg with what names its bridge (phone_calls' row). */
export interface StoredLeg extends LegRecord {
  id: string;
  bridgeId: string;
  engagementId: string;
  direction: BridgeRecord['direction'];
  associateVia: BridgeRecord['associateVia'];
}

/** The bridges among legs (an engagement's), as both parties see them, oldest first. */
export function callViewsOf(legs: readonly StoredLeg[]): CallView[] {
  const bridges = new Map<string, StoredLeg[]>();
  for (const leg of legs) bridges.set(leg.bridgeId, [...(bridges.get(leg.bridgeId) ?? []), leg]);
  return [...bridges.entries()]
    .map(([bridgeId, rows]) => {
      const head = rows.find((r) => r.id === bridgeId) ?? rows[0]!;
      return callViewOf({ callId: bridgeId, engagementId: head.engagementId, direction: head.direction, associateVia: head.associateVia, legs: rows });
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.callId.localeCompare(b.callId));
}
