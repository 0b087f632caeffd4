import { beforeEach, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../../../shared/events';
import { channelUsages, engagements, offers, opportunities } from '../../db/schema';
import type { EngagementStatus } from '../../db/schema/engagements';
import type { OfferStatus } from '../../db/schema/offers';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, headphones } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';
import { readActivityFacts, ruleOfReasons, withSales } from './facts';
import { buildReport } from './report.core';

const T = (iso: string) => new Date(iso);
const MARCH = { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-04-01T00:00:00Z') };

describe.each(DB_KINDS)('report facts from the tables on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  /** A session of the harness's shopper, for the rows that need one. */
  async function session() {
    const res = await h.post({ events: [ev('2026-03-02T09:59:00.000Z', { type: 'product_view', url: headphones.url, product: headphones })] });
    const [sessionId] = EventBatchAccepted.parse(await res.json()).sessionIds;
    const [row] = await h.db.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.id, sessionId!) });
    return { sessionId: row!.id, shopperId: row!.shopperId };
  }

  async function opportunity(enterpriseId: string, s: { sessionId: string; shopperId: string }, openedAt: string, reasons: unknown[], category: string[]) {
    const id = crypto.randomUUID();
    await h.db.db.insert(opportunities).values({
      id,
      enterpriseId,
      ...s,
      status: 'engaged',
      score: 10,
      reasons,
      rulesVersion: 1,
      segment: { category, minLevel: 1 },
      customerExternalId: null,
      openedAt: T(openedAt),
      dueAt: null,
      offerState: null,
    });
    return id;
  }

  async function offer(opportunityId: string, associateId: string, status: OfferStatus, at: string) {
    await h.db.db.insert(offers).values({ id: crypto.randomUUID(), opportunityId, associateId, wave: 1, priority: 'may', status, score: 1, reasons: [], offeredAt: T(at), expiresAt: T(at), answeredAt: null });
  }

  async function engagement(enterpriseId: string, opportunityId: string, associateId: string, s: { sessionId: string; shopperId: string }, status: EngagementStatus, invitedAt: string, answeredAt: string | null, methods: ('chat' | 'voice')[] = []) {
    const id = crypto.randomUUID();
    await h.db.db.insert(engagements).values({
      id,
      opportunityId,
      enterpriseId,
      associateId,
      ...s,
      customerExternalId: null,
      category: ['Audio', 'Headphones'],
      status,
      invitedAt: T(invitedAt),
      expiresAt: T(invitedAt),
      answeredAt: answeredAt ? T(answeredAt) : null,
    });
    for (const method of methods) await h.db.db.insert(channelUsages).values({ id: crypto.randomUUID(), engagementId: id, method, startedAt: T(answeredAt ?? invitedAt), stoppedAt: null });
    return id;
  }

  it('reads one enterprise’s opportunities, offers and engagements that happened, with their rule and channels', async () => {
    const volt = h.seed.volt.id;
    const s = await session();
    const now = h.clock.now();
    const ann = await seedAssociate(h.db.db, now, { employerId: volt });
    const bob = await seedAssociate(h.db.db, now, { employerId: volt });
    const dwell = [
      { conditionId: 'cart', points: 5 },
      { conditionId: 'dwell', points: 8 },
    ];
    const o1 = await opportunity(volt, s, '2026-03-02T10:00:00Z', dwell, ['Audio', 'Headphones']);
    const o2 = await opportunity(volt, s, '2026-03-03T10:00:00Z', [{ conditionId: 'asked', points: 0 }], ['Audio']);
    const before = await opportunity(volt, s, '2026-02-10T10:00:00Z', dwell, ['Audio']);
    await offer(o1, ann.id, 'accepted', '2026-03-02T10:00:01Z');
    await offer(o1, bob.id, 'withdrawn', '2026-03-02T10:00:01Z');
    await offer(o2, bob.id, 'missed', '2026-03-03T10:00:01Z');
    const e1 = await engagement(volt, o1, ann.id, s, 'ended', '2026-03-02T10:00:02Z', '2026-03-02T10:00:09Z', ['chat', 'voice']);
    await engagement(volt, o2, bob.id, s, 'declined', '2026-03-03T10:00:02Z', '2026-03-03T10:00:05Z');
    const early = await engagement(volt, before, bob.id, s, 'ended', '2026-02-10T10:00:02Z', '2026-02-10T10:00:04Z');
    // Summit's rows never appear in Volt's report.
    const summitAssociate = await seedAssociate(h.db.db, now, { employerId: h.seed.summit.id });
    const so = await opportunity(h.seed.summit.id, s, '2026-03-02T11:00:00Z', dwell, ['Tents']);
    await offer(so, summitAssociate.id, 'accepted', '2026-03-02T11:00:01Z');
    await engagement(h.seed.summit.id, so, summitAssociate.id, s, 'accepted', '2026-03-02T11:00:02Z', '2026-03-02T11:00:03Z', ['chat']);

    const activity = await readActivityFacts(h.db.db, volt, MARCH);
    expect(activity.opportunities.map((o) => [o.id, o.ruleId, o.category]).sort()).toEqual(
      [
        [o1, 'dwell', ['Audio', 'Headphones']],
        [o2, 'asked', ['Audio']],
      ].sort(),
    );
    expect(activity.offers.map((o) => [o.associateId, o.outcome]).sort()).toEqual(
      [
        [ann.id, 'accepted'],
        [bob.id, 'withdrawn'],
        [bob.id, 'expired'],
      ].sort(),
    );
    // The declined invitation is no engagement; February's is read (an order of March may credit it).
    expect(activity.engagements.map((e) => e.id).sort()).toEqual([e1, early].sort());
    const mine = activity.engagements.find((e) => e.id === e1)!;
    expect(mine).toMatchObject({ associateId: ann.id, ruleId: 'dwell', startedAt: Date.parse('2026-03-02T10:00:09Z'), holdout: false });
    expect([...mine.channels].sort()).toEqual(['chat', 'voice']);

    const facts = withSales(activity, {
      credits: [{ engagementId: e1, associateId: ann.id, orderId: 'V-1', amountMinor: 34_900, currency: 'EUR', orderPlacedAt: Date.parse('2026-03-02T10:30:00Z'), refundedMinor: 0 }],
      commissions: [],
      holdout: new Set([early]),
    });
    const report = buildReport(facts, { groupBy: ['channel'], ...MARCH, datedBy: 'engagement', categoryDepth: 1, timeZone: 'UTC' });
    expect(report.total).toMatchObject({ opportunities: 2, offers: 3, offersDecided: 2, offersAccepted: 1, engagements: 1, converted: 1 });
    expect(report.lines.map((l) => [l.group.channel, l.opportunities, l.engagements])).toEqual([
      [null, 1, 0],
      ['chat+voice', 1, 1],
    ]);
    expect(withSales(activity, { credits: [], commissions: [], holdout: new Set([early]) }).engagements.find((e) => e.id === early)!.holdout).toBe(true);
  });
});

describe('the opportunity rule', () => {
  it('is the condition with the most points, the first of equals', () => {
    expect(ruleOfReasons([{ conditionId: 'a', points: 2 }, { conditionId: 'b', points: 3 }, { conditionId: 'c', points: 3 }])).toBe('b');
    expect(ruleOfReasons([])).toBeNull();
    expect(ruleOfReasons(null)).toBeNull();
  });
});
