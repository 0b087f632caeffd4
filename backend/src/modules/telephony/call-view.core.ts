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

/** A bridge: its id (the associate leg's), its engagement, how it came about, its legs. */
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
 * How an ended bridge ended: the associate's own end when they never answered (busy, no answer,
 * failed, canceled), else the shopper's leg's (busy, no answer, failed, canceled, completed); an
 * associate who answered and hung up before the shopper's phone was dialled: canceled.
 */
export function callOutcomeOf(legs: readonly LegRecord[]): CallOutcome | null {
  if (callStateOf(legs) !== 'ended') return null;
  const associate = legs.find((l) => l.leg === 'associate');
  const shopper = legs.find((l) => l.leg === 'shopper');
  if (shopper && over(shopper)) return legOutcome(shopper);
  if (associate && !answered(associate)) return legOutcome(associate);
  if (shopper && answered(shopper)) return 'completed';
  return associate?.status === 'failed' ? 'failed' : 'canceled';
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const latest = (dates: (Date | null)[]): Date | null => dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

/** The whole view: state, outcome, when both were on the line, the talk time (the shopper leg's duration), each leg. Never a number. */
export function callViewOf(bridge: BridgeRecord): CallView {
  const legs = [...bridge.legs].sort((a, b) => (a.leg === b.leg ? 0 : a.leg === 'associate' ? -1 : 1));
  const associate = legs.find((l) => l.leg === 'associate');
  const shopper = legs.find((l) => l.leg === 'shopper');
  const state = callStateOf(legs);
  const ended = state === 'ended';
  return {
    callId: bridge.callId,
    engagementId: bridge.engagementId,
    direction: bridge.direction,
    associateVia: bridge.associateVia,
    state,
    outcome: callOutcomeOf(legs),
    startedAt: (associate ?? shopper ?? { startedAt: new Date(0) }).startedAt.toISOString(),
    connectedAt: iso(shopper?.answeredAt ?? null),
    endedAt: ended ? iso(latest(legs.map((l) => l.endedAt))) : null,
    talkSeconds: ended ? (shopper?.durationSeconds ?? 0) : null,
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
