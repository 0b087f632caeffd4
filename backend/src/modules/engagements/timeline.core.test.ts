import { describe, expect, it } from 'vitest';
import type { EnterpriseEngagement } from '../../../../shared/engagement-history';
import { timelineOf } from './timeline.core';

const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, s));
const iso = (s: number) => at(s).toISOString();
const engagement: EnterpriseEngagement = {
  id: 'e1',
  opportunityId: 'o1',
  sessionId: 's1',
  associate: { id: 'a1', displayName: 'Ana' },
  status: 'ended',
  category: ['Audio'],
  customerExternalId: null,
  invitedAt: iso(10),
  answeredAt: iso(20),
  endedAt: iso(50),
  endReason: 'associate_ended',
  outcome: { sale: true, amount: '10.00', currency: 'USD', recordedBy: 'associate', recordedAt: iso(55) },
};

describe('an engagement timeline', () => {
  it('puts everything in order, same instants in the order they happen, with channel durations', () => {
    const { timeline, channels } = timelineOf({
      engagement,
      offers: [{ id: 'f1', associateId: 'a1', wave: 1, status: 'accepted', offeredAt: at(0), answeredAt: at(10) }],
      channels: [
        { method: 'voice', startedAt: at(30), stoppedAt: null },
        { method: 'chat', startedAt: at(20), stoppedAt: at(50) },
      ],
      orders: [{ orderId: 'r1', externalId: 'X', number: '#1', placedAt: iso(40), currency: 'USD', creditedMinor: 1000, refundedMinor: 0 }],
    });
    expect(timeline.map((t) => t.kind)).toEqual(['offered', 'accepted', 'invited', 'answered', 'channel_started', 'channel_started', 'order_credited', 'channel_stopped', 'ended', 'outcome']);
    expect(timeline.find((t) => t.kind === 'channel_stopped')).toMatchObject({ method: 'chat', durationMs: 30_000 });
    expect(channels).toEqual([
      { method: 'chat', startedAt: iso(20), stoppedAt: iso(50), durationMs: 30_000 },
      { method: 'voice', startedAt: iso(30), stoppedAt: null, durationMs: null },
    ]);
  });

  it("tells the shopper's no from a yes", () => {
    const { timeline } = timelineOf({ engagement: { ...engagement, status: 'declined', endedAt: null, outcome: null }, offers: [], channels: [], orders: [] });
    expect(timeline).toEqual([
      { kind: 'invited', at: iso(10) },
      { kind: 'answered', at: iso(20), accepted: false },
    ]);
  });
});
