import type { ChannelSpan, CreditedOrder, EnterpriseEngagement, TimelineEntry } from '../../../../shared/engagement-history';
import type { CommunicationMethod } from '../../../../shared/live';

/** The facts an engagement's timeline is made of, as read. */
export interface TimelineFacts {
  engagement: EnterpriseEngagement;
  /** The winner's offers of the engagement's opportunity (an associate may have been offered it more than once). */
  offers: { id: string; associateId: string; wave: number; status: string; offeredAt: Date; answeredAt: Date | null }[];
  channels: { method: CommunicationMethod; startedAt: Date; stoppedAt: Date | null }[];
  orders: CreditedOrder[];
}

/** What happened, oldest first (ties in the order things happen: offer, accept, invite, answer, channels, end, outcome, orders). */
export function timelineOf(facts: TimelineFacts): { timeline: TimelineEntry[]; channels: ChannelSpan[] } {
  const e = facts.engagement;
  const entries: { at: number; rank: number; entry: TimelineEntry }[] = [];
  const add = (at: Date | string, rank: number, entry: TimelineEntry) => entries.push({ at: new Date(at).getTime(), rank, entry });
  for (const o of facts.offers) {
    add(o.offeredAt, 0, { kind: 'offered', at: o.offeredAt.toISOString(), associateId: o.associateId, offerId: o.id, wave: o.wave });
    if (o.status === 'accepted' && o.answeredAt) add(o.answeredAt, 1, { kind: 'accepted', at: o.answeredAt.toISOString(), associateId: o.associateId, offerId: o.id });
  }
  add(e.invitedAt, 2, { kind: 'invited', at: e.invitedAt });
  // The shopper's answer: a yes leaves the engagement accepted (or ended later), a no declined.
  if (e.answeredAt) add(e.answeredAt, 3, { kind: 'answered', at: e.answeredAt, accepted: e.status !== 'declined' });
  const channels: ChannelSpan[] = [];
  for (const c of [...facts.channels].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) {
    const durationMs = c.stoppedAt ? c.stoppedAt.getTime() - c.startedAt.getTime() : null;
    channels.push({ method: c.method, startedAt: c.startedAt.toISOString(), stoppedAt: c.stoppedAt?.toISOString() ?? null, durationMs });
    add(c.startedAt, 4, { kind: 'channel_started', at: c.startedAt.toISOString(), method: c.method });
    if (c.stoppedAt) add(c.stoppedAt, 5, { kind: 'channel_stopped', at: c.stoppedAt.toISOString(), method: c.method, durationMs: durationMs! });
  }
  if (e.endedAt) add(e.endedAt, 6, { kind: 'ended', at: e.endedAt, reason: e.endReason });
  if (e.outcome) add(e.outcome.recordedAt, 7, { kind: 'outcome', at: e.outcome.recordedAt, sale: e.outcome.sale });
  for (const o of facts.orders) add(o.placedAt, 8, { kind: 'order_credited', at: o.placedAt, orderId: o.orderId, creditedMinor: o.creditedMinor, currency: o.currency });
  entries.sort((a, b) => a.at - b.at || a.rank - b.rank);
  return { timeline: entries.map((x) => x.entry), channels };
}
