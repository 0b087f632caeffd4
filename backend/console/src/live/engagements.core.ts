/**
 * The engagements and messages pages' pure logic: filters to the server's query, the timeline
 * in phases and in words, and whether the transcript is still kept.
 */
import type { EnterpriseEngagement, TimelineEntry } from '../../../../shared/engagement-history';
import type { MessageStatus } from '../../../../shared/offers';
import { CHANNEL_LABEL, elapsed } from './live.core';

type Query = Record<string, string | number | undefined>;

export interface EngagementFilters {
  associate: string;
  status: string;
  outcome: string;
  /** Days as the date inputs give them (YYYY-MM-DD), the viewer's own; empty for none. */
  from: string;
  to: string;
}

export const NO_ENGAGEMENT_FILTERS: EngagementFilters = { associate: '', status: '', outcome: '', from: '', to: '' };

/** A day of the viewer's calendar (YYYY-MM-DD) as the instant it starts there; null when it is not one. */
export function dayStart(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d;
}

/**
 * The query of GET /enterprise/engagements: the filters set, `from` the start of its day, `to`
 * the end of its day (the server's `to` is exclusive: the next day's start), the page's cursor.
 */
export function engagementQuery(f: EngagementFilters, limit: number, before: string | null): Query {
  const from = dayStart(f.from);
  const toDay = dayStart(f.to);
  const to = toDay ? new Date(toDay.getFullYear(), toDay.getMonth(), toDay.getDate() + 1) : null;
  return {
    limit,
    before: before ?? undefined,
    associate: f.associate || undefined,
    status: f.status || undefined,
    outcome: f.outcome || undefined,
    from: from?.toISOString(),
    to: to?.toISOString(),
  };
}

/** Whether any filter narrows the list (an empty page then says "none match", not "none yet"). */
export function filtered(f: EngagementFilters | { status: string }): boolean {
  return Object.values(f).some((v) => v !== '');
}

export const STATUS_LABEL: Record<EnterpriseEngagement['status'], string> = {
  invited: 'Invited',
  accepted: 'In progress',
  declined: 'Declined',
  expired: 'Expired',
  ended: 'Ended',
};

/** An engagement's outcome in words: "Sale, 299.00 EUR (by the associate)", "No sale", "Not recorded". */
export function outcomeText(outcome: EnterpriseEngagement['outcome']): string {
  if (!outcome) return 'Not recorded';
  const by = outcome.recordedBy === 'associate' ? 'the associate' : 'the enterprise';
  if (!outcome.sale) return `No sale (recorded by ${by})`;
  const amount = outcome.amount ? `, ${outcome.amount}${outcome.currency ? ` ${outcome.currency}` : ''}` : '';
  return `Sale${amount} (recorded by ${by})`;
}

/** The outcome as the list shows it: "Sale, 299.00 EUR", "No sale", "Not recorded". */
export function outcomeShort(outcome: EnterpriseEngagement['outcome']): string {
  if (!outcome) return 'Not recorded';
  if (!outcome.sale) return 'No sale';
  return outcome.amount ? `Sale, ${outcome.amount}${outcome.currency ? ` ${outcome.currency}` : ''}` : 'Sale';
}

/** Minor units as an amount ("29900", "EUR" → "299.00 EUR"); currencies without minor units are not known here, two decimals are assumed. */
export function minorText(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}

const END_REASONS: Record<string, string> = {
  associate_ended: 'the associate ended it',
  shopper_ended: 'the shopper ended it',
  peer_lost: 'the connection was lost',
  invitation_expired: 'the shopper did not answer in time',
  associate_left: 'the associate left',
};

/** One timeline entry in words; `names` maps associate ids to names. */
export function entryText(e: TimelineEntry, names: Record<string, string>): string {
  const who = (id: string) => names[id] ?? 'an associate';
  switch (e.kind) {
    case 'offered':
      return `Offered to ${who(e.associateId)} (wave ${e.wave})`;
    case 'accepted':
      return `${who(e.associateId)} took the offer`;
    case 'invited':
      return 'The shopper was invited';
    case 'answered':
      return e.accepted ? 'The shopper accepted' : 'The shopper declined';
    case 'channel_started':
      return e.method === 'phone' ? 'Phone call began' : `${CHANNEL_LABEL[e.method] ?? e.method} opened`;
    case 'channel_stopped':
      return e.method === 'phone' ? `Phone call ended after ${elapsed(e.durationMs)}` : `${CHANNEL_LABEL[e.method] ?? e.method} closed after ${elapsed(e.durationMs)}`;
    case 'ended':
      return e.reason ? `Ended: ${END_REASONS[e.reason] ?? e.reason.replace(/_/g, ' ')}` : 'Ended';
    case 'outcome':
      return e.sale ? 'Outcome recorded: a sale' : 'Outcome recorded: no sale';
    case 'order_credited':
      return `Order credited: ${minorText(e.creditedMinor, e.currency)}`;
  }
}

/** The phases a timeline reads in. */
export type Phase = 'offer' | 'invitation' | 'conversation' | 'after';

export const PHASE_LABEL: Record<Phase, string> = {
  offer: 'Offer',
  invitation: 'Invitation',
  conversation: 'Conversation',
  after: 'Outcome and orders',
};

const PHASE_OF: Record<TimelineEntry['kind'], Phase> = {
  offered: 'offer',
  accepted: 'offer',
  invited: 'invitation',
  answered: 'invitation',
  channel_started: 'conversation',
  channel_stopped: 'conversation',
  ended: 'conversation',
  outcome: 'after',
  order_credited: 'after',
};

/**
 * The timeline in its phases, each in the order the server gave (its order stands: the time
 * order, ties as it broke them); phases that hold nothing are left out. An entry of an earlier
 * phase that comes late (an outcome recorded mid-conversation) stays in its own phase.
 */
export function groupTimeline(entries: readonly TimelineEntry[]): { phase: Phase; entries: TimelineEntry[] }[] {
  const order: Phase[] = ['offer', 'invitation', 'conversation', 'after'];
  const byPhase = new Map<Phase, TimelineEntry[]>(order.map((p) => [p, []]));
  for (const e of entries) byPhase.get(PHASE_OF[e.kind])!.push(e);
  return order.filter((p) => byPhase.get(p)!.length > 0).map((phase) => ({ phase, entries: byPhase.get(phase)! }));
}

export type TranscriptKeeping =
  | { kind: 'open' }
  | { kind: 'kept'; until: Date }
  | { kind: 'past'; since: Date };

/**
 * Whether the transcript is still kept: while the engagement is not over it is; after its end it
 * is kept `retentionDays` (the live settings), then deleted (the retention sweep). An engagement
 * that never started has no end and nothing to keep: 'open' as well (its transcript is empty).
 */
export function transcriptKeeping(e: Pick<EnterpriseEngagement, 'endedAt'>, retentionDays: number, nowMs: number): TranscriptKeeping {
  if (!e.endedAt) return { kind: 'open' };
  const until = new Date(Date.parse(e.endedAt) + retentionDays * 86_400_000);
  return until.getTime() > nowMs ? { kind: 'kept', until } : { kind: 'past', since: until };
}

// ---- messages -------------------------------------------------------------------------------

export const MESSAGE_STATUS_LABEL: Record<MessageStatus, string> = { open: 'Open', taken: 'Taken', done: 'Done' };

/** The query of GET /messages: the state chosen, the page's cursor. */
export function messageQuery(status: string, limit: number, before: string | null): Query {
  return { limit, status: status || undefined, before: before ?? undefined };
}

/** Who has a message in hand, in words. */
export function takenText(m: { status: MessageStatus; takenBy: { displayName: string } | null }): string {
  if (m.takenBy) return m.takenBy.displayName;
  return m.status === 'open' ? 'Nobody yet' : '—';
}
