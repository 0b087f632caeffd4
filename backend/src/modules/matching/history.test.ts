import { beforeEach, describe, expect, it } from 'vitest';
import { EngagementTimeline, EnterpriseEngagementList } from '../../../../shared/engagement-history';
import { RankingHistory, RankingView } from '../../../../shared/matching';
import { OfferAccepted } from '../../../../shared/offers';
import { OpportunityList } from '../../../../shared/rules';
import { type ApiHarness, call } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { offersOf, openOpportunity, putOfferPolicy, type SeededAssociate, useOffersApi } from '../../testing/offers';

describe.each(DB_KINDS)('every ranking an opportunity had, and the enterprise engagements, on %s', (kind) => {
  const offersApi = useOffersApi(kind, 3);
  let h: ApiHarness;
  let team: SeededAssociate[];
  beforeEach(() => {
    ({ h, team } = offersApi());
  });
  const get = async (path: string, key = h.seed.voltKey) => {
    const res = await call(h.app, 'GET', path, key);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  /** Offered to the best one; they accept, then withdraw: a second ranking without them offers the next. */
  async function acceptedThenWithdrawn() {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 60, giveUpSeconds: 900 });
    const { opportunityId } = await openOpportunity(h);
    const [offer] = await offersOf(h, team[0]!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token)).json());
    h.clock.advance(5_000);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/withdraw`, team[0]!.token)).status).toBe(200);
    await h.app.offers.idle();
    return { opportunityId, firstEngagementId: engagement.id };
  }

  it('keeps every ranking in order, each with its offers; /ranking answers the latest', async () => {
    const { opportunityId } = await acceptedThenWithdrawn();
    const history = RankingHistory.parse(await get(`/api/v1/opportunities/${opportunityId}/rankings`));
    expect(history.rankings).toHaveLength(2);
    const [first, second] = history.rankings;
    expect(first!.ruleSet).toMatchObject({ name: 'test', version: 1 });
    expect(first!.ranking.map((c) => c.associateId)).toEqual(team.map((a) => a.id));
    expect(first!.offers.map((o) => [o.associate.id, o.status])).toEqual([[team[0]!.id, 'accepted']]);
    expect(first!.offers[0]!.associate.displayName).toBe(team[0]!.displayName);
    // The winner who withdrew is left out of the second ranking, and says why.
    expect(second!.ranking.map((c) => c.associateId)).toEqual([team[1]!.id, team[2]!.id]);
    expect(second!.filtered.find((c) => c.associateId === team[0]!.id)?.filteredBy).toEqual(['excluded']);
    expect(second!.offers.map((o) => [o.associate.id, o.status])).toEqual([[team[1]!.id, 'pending']]);
    expect(history.unlinkedOffers).toEqual([]);
    const latest = RankingView.parse(await get(`/api/v1/opportunities/${opportunityId}/ranking`));
    expect(latest.createdAt).toBe(second!.createdAt);
    expect(latest.ranking).toEqual(second!.ranking);
    // Another enterprise's key does not see it.
    expect((await call(h.app, 'GET', `/api/v1/opportunities/${opportunityId}/rankings`, h.seed.summitKey)).status).toBe(404);
  });

  it('an offer of a later wave names the ranking its candidates came from', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 10, giveUpSeconds: 900 });
    const { opportunityId } = await openOpportunity(h);
    await offersApi.tick(11); // team[0] missed: team[1] is offered from the same ranking
    const history = RankingHistory.parse(await get(`/api/v1/opportunities/${opportunityId}/rankings`));
    expect(history.rankings).toHaveLength(1);
    expect(history.rankings[0]!.offers.map((o) => [o.associate.id, o.status])).toEqual([
      [team[0]!.id, 'missed'],
      [team[1]!.id, 'pending'],
    ]);
  });

  it('lists the enterprise engagements with filters, and one engagement timeline', async () => {
    const { opportunityId, firstEngagementId } = await acceptedThenWithdrawn();
    const [offer] = await offersOf(h, team[1]!);
    h.clock.advance(1_000);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[1]!.token)).json());
    h.clock.advance(2_000);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/answer`, h.token, { accept: true })).status).toBe(200);
    const at = (s: number) => new Date(h.clock.now().getTime() + s * 1000).toISOString();
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/channels`, team[1]!.token, { method: 'chat', state: 'started', at: at(1) })).status).toBe(204);
    h.clock.advance(60_000);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/channels`, team[1]!.token, { method: 'chat', state: 'stopped', at: at(0) })).status).toBe(204);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/transcript`, h.token, { messages: [{ id: 'm1', text: 'Hello', sentAt: at(0) }] })).status).toBe(204);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/outcome`, h.seed.voltKey, { sale: false })).status).toBe(201);

    const all = EnterpriseEngagementList.parse(await get('/api/v1/enterprise/engagements'));
    expect(all.engagements.map((e) => e.id)).toEqual([engagement.id, firstEngagementId]);
    const ids = async (query: string) => EnterpriseEngagementList.parse(await get(`/api/v1/enterprise/engagements${query}`)).engagements.map((e) => e.id);
    expect(await ids(`?associate=${team[0]!.id}`)).toEqual([firstEngagementId]);
    expect(await ids('?status=accepted')).toEqual([engagement.id]);
    expect(await ids('?outcome=no_sale')).toEqual([engagement.id]);
    expect(await ids('?outcome=none')).toEqual([firstEngagementId]);
    expect(await ids(`?from=${encodeURIComponent(engagement.invitedAt)}`)).toEqual([engagement.id]);
    const paged = EnterpriseEngagementList.parse(await get('/api/v1/enterprise/engagements?limit=1'));
    expect(await ids(`?limit=1&before=${paged.nextBefore}`)).toEqual([firstEngagementId]);
    expect((await get('/api/v1/enterprise/engagements', h.seed.summitKey)).engagements).toEqual([]);
    expect((await call(h.app, 'GET', '/api/v1/enterprise/engagements?outcome=maybe', h.seed.voltKey)).status).toBe(400);
    // A time outside the supported range (1 BC once the offset is applied) is refused, not sent to the database.
    for (const q of ['to=0001-01-01T00:00:00%2B01:00', 'from=10000-01-01T00:00:00Z', 'to=2026-02-30T00:00:00Z']) {
      const res = await call(h.app, 'GET', `/api/v1/enterprise/engagements?${q}`, h.seed.voltKey);
      expect(res.status, q).toBe(400);
      expect((await call(h.app, 'GET', `/api/v1/sessions?${q}`, h.seed.voltKey)).status, q).toBe(400);
    }

    const timeline = EngagementTimeline.parse(await get(`/api/v1/engagements/${engagement.id}/timeline`));
    expect(timeline.timeline.map((t) => t.kind)).toEqual(['offered', 'accepted', 'invited', 'answered', 'channel_started', 'channel_stopped', 'outcome']);
    expect(timeline.channels).toEqual([expect.objectContaining({ method: 'chat', durationMs: 60_000 })]);
    expect(timeline.transcriptCount).toBe(1);
    expect(timeline.engagement.outcome).toMatchObject({ sale: false, recordedBy: 'enterprise' });
    expect(timeline.orders).toEqual([]);
    expect((await call(h.app, 'GET', `/api/v1/engagements/${engagement.id}/timeline`, h.seed.summitKey)).status).toBe(404);

    // The opportunity list narrowed by rule, site and time.
    const opportunityIds = async (query: string) => OpportunityList.parse(await get(`/api/v1/opportunities${query}`)).opportunities.map((o) => o.id);
    expect(await opportunityIds('?rule=long-dwell')).toEqual([opportunityId]);
    expect(await opportunityIds('?rule=big-cart')).toEqual([]);
    expect(await opportunityIds('?site=volt.example')).toEqual([opportunityId]);
    expect(await opportunityIds('?site=elsewhere.example')).toEqual([]);
    expect(await opportunityIds(`?to=${encodeURIComponent('2026-03-02T09:00:00Z')}`)).toEqual([]);
  });
});
