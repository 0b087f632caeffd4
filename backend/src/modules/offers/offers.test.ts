import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RankingView } from '../../../../shared/matching';
import { EngagementDetail, MessageLeft, OfferAccepted, OfferDeclined } from '../../../../shared/offers';
import { AssociateServerMessage, type ServerMessage, ShopperServerMessage } from '../../../../shared/realtime';
import { associateAdmissions, associateConnections, associates, associateStandings, engagements, offers, opportunities } from '../../db/schema';
import { defaultLimits } from '../../deps';
import { type ApiHarness, call } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, headphones } from '../../testing/fixtures';
import {
  connect,
  listen,
  openOpportunity,
  putOfferPolicy,
  type SeededAssociate,
  seedAssociate,
  useOffersApi,
} from '../../testing/offers';

const S = 1000;

describe.each(DB_KINDS)('offers and engagements on %s', (kind) => {
  const offersApi = useOffersApi(kind, 4);
  let h: ApiHarness;
  /** Voltaire's associates, best ranked first (longest idle). */
  let team: SeededAssociate[];
  beforeEach(() => void ({ h, team } = offersApi()));
  const { offersOf, tick, opportunity } = offersApi;
  const types = (messages: ServerMessage[]) => messages.map((m) => m.type);

  it('offers the best ranked by the policy, with the session summary, the score and its reasons, pushed and listed', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2, offerSeconds: 20 });
    const heard = await Promise.all(team.map((a) => listen(h.app, { associateId: a.id })));
    const { opportunityId } = await openOpportunity(h);

    const [first, second, third] = await Promise.all(team.slice(0, 3).map(offersOf));
    expect(third).toEqual([]);
    expect(first).toHaveLength(1);
    const offer = first![0]!;
    // No channels rule in the rule set: the offer expects no channel in particular.
    expect(offer).toMatchObject({ opportunityId, priority: 'may', wave: 1, colleagues: 1, segment: { category: ['Audio', 'Headphones'], minLevel: 1 }, needs: [] });
    expect(Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)).toBe(20 * S);
    // Σ weight·part / Σ weight: longest idle 1 (weight 1), affinity 0 (weight 1), available now (weight 0).
    expect(offer.score).toBe(0.5);
    expect(offer.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(['longest_idle', 'available_now', 'affinity']));
    expect(offer.signals).toEqual([{ conditionId: 'long-dwell', description: null, points: 12 }]);
    expect(offer.session).toMatchObject({
      site: 'volt.example',
      products: [{ name: headphones.name, url: headphones.url, price: '349.00', currency: 'USD' }],
      searches: ['headphones'],
      cart: { lines: 1, value: '698.00', currency: 'USD' },
      customer: null,
      returning: false,
    });
    expect(second![0]!.score).toBeLessThan(offer.score);
    // Pushed as it was stored, to those offered only.
    for (const m of [...heard[0]!, ...heard[1]!]) expect(AssociateServerMessage.safeParse(m).success).toBe(true);
    expect(heard[0]).toContainEqual({ v: 1, type: 'offer', offer });
    expect(types(heard[1]!)).toEqual(['offer']);
    expect(heard[2]).toEqual([]);
    expect((await opportunity(opportunityId)).dueAt).toEqual(new Date(Date.parse(offer.expiresAt)));
  });

  it('the first accept wins; the other is told at once and refused 409 offer_taken; the shopper is invited', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2 });
    const [winner, loser] = team;
    const heardLoser = await listen(h.app, { associateId: loser!.id });
    const heardWinner = await listen(h.app, { associateId: winner!.id });
    const { opportunityId, shopperId } = await openOpportunity(h);
    const heardShopper = await listen(h.app, { shopperId });
    const [won] = await offersOf(winner!);
    const [lost] = await offersOf(loser!);

    const res = await call(h.app, 'POST', `/api/v1/offers/${won!.id}/accept`, winner!.token);
    expect(res.status).toBe(200);
    const accepted = OfferAccepted.parse(await res.json());
    expect(accepted.engagement).toMatchObject({ opportunityId, status: 'invited', shopper: { site: 'volt.example', product: { name: headphones.name } } });
    expect(Date.parse(accepted.engagement.expiresAt) - h.clock.now().getTime()).toBe(120 * S);

    const late = await call(h.app, 'POST', `/api/v1/offers/${lost!.id}/accept`, loser!.token);
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe('offer_taken');
    expect(heardLoser.at(-1)).toEqual({ v: 1, type: 'offer-update', offerId: lost!.id, status: 'taken', reason: 'taken' });
    expect(heardWinner).toContainEqual({ v: 1, type: 'offer-update', offerId: won!.id, status: 'accepted', reason: null, engagementId: accepted.engagement.id });
    expect(heardWinner.filter((m) => m.type === 'engagement').at(-1)).toMatchObject({ engagement: { id: accepted.engagement.id, status: 'invited' } });

    const invitation = heardShopper.find((m) => m.type === 'invitation');
    expect(ShopperServerMessage.parse(invitation)).toEqual({
      v: 1,
      type: 'invitation',
      engagementId: accepted.engagement.id,
      associate: { displayName: winner!.displayName },
      enterprise: { id: h.seed.volt.id, name: 'Voltaire Retail' },
      product: { name: headphones.name, url: headphones.url, price: '349.00', currency: 'USD' },
      expiresAt: accepted.engagement.expiresAt,
    });
    expect((await opportunity(opportunityId)).status).toBe('engaged');
    const rows = await h.db.db.select().from(offers).where(eq(offers.opportunityId, opportunityId));
    expect(rows.map((r) => [r.associateId, r.status, r.endReason]).sort()).toEqual(
      [
        [winner!.id, 'accepted', null],
        [loser!.id, 'withdrawn', 'taken'],
      ].sort(),
    );
    // Both answered: the winner, and the loser who tried (a quick loser is no non-responder).
    for (const a of [winner!, loser!]) {
      const [me] = await h.db.db.select().from(associateStandings).where(eq(associateStandings.associateId, a.id));
      expect([me!.enterpriseId, me!.offersReceived, me!.offersAnswered, me!.missesInRow]).toEqual([h.seed.volt.id, 1, 1, 0]);
    }
  });

  it('the engagement is seen by its associate, its shopper and its enterprise, and nobody else', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    const { shopperId } = await openOpportunity(h);
    const [offer] = await offersOf(team[0]!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token)).json());
    const path = `/api/v1/engagements/${engagement.id}`;
    for (const token of [team[0]!.token, h.token, h.seed.voltKey]) {
      const res = await call(h.app, 'GET', path, token);
      expect(res.status).toBe(200);
      expect(EngagementDetail.parse(await res.json())).toMatchObject({
        id: engagement.id,
        status: 'invited',
        associate: { id: team[0]!.id, displayName: team[0]!.displayName },
        enterprise: { id: h.seed.volt.id, name: 'Voltaire Retail' },
        shopperId,
      });
    }
    const stranger = await h.createShopper();
    for (const token of [team[1]!.token, stranger.token, h.seed.summitKey]) expect((await call(h.app, 'GET', path, token)).status).toBe(404);
    expect((await call(h.app, 'GET', path, null)).status).toBe(401);
    expect((await call(h.app, 'GET', '/api/v1/engagements/not-a-uuid', h.token)).status).toBe(404);
    const mine = await (await call(h.app, 'GET', '/api/v1/engagements', team[0]!.token)).json();
    expect(mine.engagements.map((e: { id: string }) => e.id)).toEqual([engagement.id]);
    expect((await (await call(h.app, 'GET', '/api/v1/engagements', team[1]!.token)).json()).engagements).toEqual([]);
  });

  it('sequential: a decline offers the next at once; "decline and go away" sets the associate away', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    const heard = await listen(h.app, { associateId: team[1]!.id });
    await openOpportunity(h);
    const [first] = await offersOf(team[0]!);
    expect(await offersOf(team[1]!)).toEqual([]);

    const res = await call(h.app, 'POST', `/api/v1/offers/${first!.id}/decline`, team[0]!.token, { goAway: true });
    expect(res.status).toBe(200);
    expect(OfferDeclined.parse(await res.json())).toEqual({ offerId: first!.id, status: 'declined', presence: 'away' });
    expect(types(heard)).toEqual(['offer']);
    expect(await offersOf(team[1]!)).toHaveLength(1);
    // Answered already: the second answer is refused.
    const again = await call(h.app, 'POST', `/api/v1/offers/${first!.id}/decline`, team[0]!.token);
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'offer_answered']);

    const [next] = await offersOf(team[1]!);
    const plain = await call(h.app, 'POST', `/api/v1/offers/${next!.id}/decline`, team[1]!.token);
    expect(OfferDeclined.parse(await plain.json()).presence).toBe('available');
  });

  it('misses: an unanswered offer expires, the next is offered, and misses in a row set the associate away', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 10, missesBeforeAway: 1 });
    const heard = await listen(h.app, { associateId: team[0]!.id });
    const { opportunityId } = await openOpportunity(h);
    const [offer] = await offersOf(team[0]!);
    await tick(9.999);
    expect(await offersOf(team[0]!)).toHaveLength(1);
    await tick(0.001);
    expect(await offersOf(team[0]!)).toEqual([]);
    expect(await offersOf(team[1]!)).toHaveLength(1);
    expect(heard).toEqual([
      { v: 1, type: 'offer', offer },
      { v: 1, type: 'offer-update', offerId: offer!.id, status: 'missed', reason: null },
      { v: 1, type: 'presence', presence: 'away', reason: 'missed_offers' },
    ]);
    const [me] = await h.db.db.select().from(associates).where(eq(associates.id, team[0]!.id));
    const [standing] = await h.db.db.select().from(associateStandings).where(eq(associateStandings.associateId, team[0]!.id));
    expect([me!.presence, standing!.missesInRow, standing!.offersReceived, standing!.offersAnswered, standing!.pausedAt]).toEqual(['away', 1, 1, 0, null]);
    const late = await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token);
    expect([late.status, (await late.json()).error.code]).toEqual([409, 'offer_expired']);
    expect((await opportunity(opportunityId)).status).toBe('offering');
  });

  it('misses: an independent is paused for this enterprise only, told so, and stays available for the others', async () => {
    // Ana 0 becomes an independent in Volt's pool (an accepted invitation).
    await h.db.db.update(associates).set({ employerId: null }).where(eq(associates.id, team[0]!.id));
    await h.db.db.insert(associateAdmissions).values({ associateId: team[0]!.id, enterpriseId: h.seed.volt.id, admittedAt: h.clock.now() });
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 10, missesBeforeAway: 1 });
    const heard = await listen(h.app, { associateId: team[0]!.id });
    await openOpportunity(h);
    const [offer] = await offersOf(team[0]!);
    await tick(10);
    expect(heard.slice(1)).toEqual([
      { v: 1, type: 'offer-update', offerId: offer!.id, status: 'missed', reason: null },
      { v: 1, type: 'presence', presence: 'available', reason: 'missed_offers', enterprise: { id: h.seed.volt.id, name: 'Voltaire Retail' } },
    ]);
    const [me] = await h.db.db.select().from(associates).where(eq(associates.id, team[0]!.id));
    const [standing] = await h.db.db.select().from(associateStandings).where(eq(associateStandings.associateId, team[0]!.id));
    expect([me!.presence, me!.presenceReason, standing!.enterpriseId, standing!.pausedAt]).toEqual(['available', null, h.seed.volt.id, h.clock.now()]);
    // Volt's next opportunity passes them by (the next best has it).
    await openOpportunity(h, { shopperToken: (await h.createShopper()).token });
    expect(await offersOf(team[0]!)).toEqual([]);
    expect(await offersOf(team[1]!)).toHaveLength(2);
  });

  it('giving up what the shopper asked for: unserved after giveUpSeconds, offers withdrawn, the shopper offered to leave a message, once', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2, offerSeconds: 30, giveUpSeconds: 30 });
    const heard = await listen(h.app, { associateId: team[0]!.id });
    const { opportunityId, shopperId } = await openOpportunity(h, { origin: 'asked' });
    const heardShopper = await listen(h.app, { shopperId });
    const [offer] = await offersOf(team[0]!);
    const early = await call(h.app, 'POST', `/api/v1/opportunities/${opportunityId}/message`, h.token, { message: 'Call me' });
    expect([early.status, (await early.json()).error.code]).toEqual([409, 'message_not_wanted']);

    await tick(30);
    expect(heard.at(-1)).toEqual({ v: 1, type: 'offer-update', offerId: offer!.id, status: 'expired', reason: 'nobody_accepted' });
    expect(heardShopper).toEqual([{ v: 1, type: 'leave-message', opportunityId, enterpriseId: h.seed.volt.id, reason: 'nobody_accepted' }]);
    const row = await opportunity(opportunityId);
    expect([row.status, row.closeReason, row.dueAt]).toEqual(['unserved', 'nobody_accepted', null]);
    // Not a miss: the associate is not held to an offer the giving up cut short.
    const standings = await h.db.db.select().from(associateStandings).where(eq(associateStandings.associateId, team[0]!.id));
    expect(standings.map((s) => s.missesInRow)).toEqual([]);

    // A reconnecting shopper is offered it again, until a message is left.
    expect(await listen(h.app, { shopperId })).toEqual([{ v: 1, type: 'leave-message', opportunityId, enterpriseId: h.seed.volt.id, reason: 'nobody_accepted' }]);
    await h.app.offers.idle();
    const stranger = await h.createShopper();
    const path = `/api/v1/opportunities/${opportunityId}/message`;
    expect((await call(h.app, 'POST', path, stranger.token, { message: 'Hi' })).status).toBe(404);
    expect((await call(h.app, 'POST', path, h.token, { message: '' })).status).toBe(400);
    expect((await call(h.app, 'POST', path, h.token, { message: 'x'.repeat(2001) })).status).toBe(400);
    const res = await call(h.app, 'POST', path, h.token, { message: 'Do you have it in blue?', contact: 'me@example.com' });
    expect(res.status).toBe(201);
    expect(MessageLeft.parse(await res.json()).opportunityId).toBe(opportunityId);
    const twice = await call(h.app, 'POST', path, h.token, { message: 'Again' });
    expect([twice.status, (await twice.json()).error.code]).toEqual([409, 'message_not_wanted']);
  });

  it('the shopper answers yes: accepted, the associate told; a second answer is refused', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    await openOpportunity(h);
    const heard = await listen(h.app, { associateId: team[0]!.id });
    const [offer] = await offersOf(team[0]!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token)).json());
    const path = `/api/v1/engagements/${engagement.id}/answer`;
    expect((await call(h.app, 'POST', path, team[0]!.token, { accept: true })).status).toBe(401);
    expect((await call(h.app, 'POST', path, (await h.createShopper()).token, { accept: true })).status).toBe(404);
    expect((await call(h.app, 'POST', path, h.token, { accept: 'yes' })).status).toBe(400);
    const res = await call(h.app, 'POST', path, h.token, { accept: true });
    expect(res.status).toBe(200);
    expect(EngagementDetail.parse(await res.json())).toMatchObject({ status: 'accepted', answeredAt: h.clock.now().toISOString() });
    expect(heard.at(-1)).toMatchObject({ type: 'engagement', engagement: { id: engagement.id, status: 'accepted' } });
    const again = await call(h.app, 'POST', path, h.token, { accept: false });
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'engagement_closed']);
    const row = await opportunity(engagement.opportunityId);
    expect([row.status, row.closedAt]).toEqual(['engaged', h.clock.now()]);
  });

  it('a declined invitation frees the associate, who is offered the oldest waiting opportunity at once', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 60, giveUpSeconds: 90 });
    const solo = team[0]!;
    await h.db.db.update(associates).set({ capacity: 1 }).where(eq(associates.id, solo.id));
    // The others are away: only `solo` can serve.
    for (const a of team.slice(1)) await h.db.db.update(associates).set({ presence: 'away' }).where(eq(associates.id, a.id));
    await openOpportunity(h);
    const [offer] = await offersOf(solo);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, solo.token)).json());
    // A second shopper's opportunity waits: solo is at capacity, nobody else is available.
    const other = await h.createShopper();
    h.clock.advance(1 * S);
    const waiting = await openOpportunity(h, { shopperToken: other.token });
    expect((await opportunity(waiting.opportunityId)).status).toBe('unserved');
    expect((await opportunity(waiting.opportunityId)).closeReason).toBe('no_eligible_associates');

    // Once more with one waiting for a drain: a colleague available but busy until now.
    const third = await h.createShopper();
    await h.db.db.update(associates).set({ presence: 'available', capacity: 1 }).where(eq(associates.id, team[1]!.id));
    const holding = await openOpportunity(h, { shopperToken: third.token });
    const [held] = await offersOf(team[1]!);
    expect(held!.opportunityId).toBe(holding.opportunityId);
    await call(h.app, 'POST', `/api/v1/offers/${held!.id}/decline`, team[1]!.token);
    expect((await opportunity(holding.opportunityId)).status).toBe('offering');
    expect(await offersOf(solo)).toEqual([]);

    const heard = await listen(h.app, { associateId: solo.id });
    await h.app.offers.idle();
    const res = await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/answer`, h.token, { accept: false });
    expect(EngagementDetail.parse(await res.json()).status).toBe('declined');
    await h.app.offers.idle();
    const drained = await offersOf(solo);
    expect(drained.map((o) => o.opportunityId)).toEqual([holding.opportunityId]);
    expect(heard.filter((m) => m.type === 'offer')).toHaveLength(1);
    const closed = await opportunity(engagement.opportunityId);
    expect([closed.status, closed.closeReason]).toEqual(['cancelled', 'shopper_declined']);
  });

  it('an associate becoming available is offered a waiting opportunity at once, oldest first, as many as they have room for', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 30, giveUpSeconds: 90 });
    const [late, ...others] = team;
    await h.db.db.update(associates).set({ presence: 'away', capacity: 1 }).where(eq(associates.id, late!.id));
    // Two opportunities wait: everyone available declined them.
    const waiting: string[] = [];
    for (const token of [h.token, (await h.createShopper()).token]) {
      const { opportunityId } = await openOpportunity(h, { shopperToken: token });
      waiting.push(opportunityId);
      for (const a of others) {
        const [offer] = (await offersOf(a)).filter((o) => o.opportunityId === opportunityId);
        if (offer) await call(h.app, 'POST', `/api/v1/offers/${offer.id}/decline`, a.token);
      }
      h.clock.advance(1 * S);
    }
    for (const id of waiting) expect((await opportunity(id)).status).toBe('offering');
    const heard = await listen(h.app, { associateId: late!.id });
    await h.app.offers.idle();
    expect(heard).toEqual([]); // still away: nothing

    await h.db.db.update(associates).set({ presence: 'available' }).where(eq(associates.id, late!.id));
    h.app.offers.presenceChanged(late!.id, 'available');
    await h.app.offers.idle();
    expect((await offersOf(late!)).map((o) => o.opportunityId)).toEqual([waiting[0]]);
    expect(types(heard)).toEqual(['offer']);
  });

  it('an unanswered invitation expires by the ticker; both sides are told', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    const { shopperId } = await openOpportunity(h);
    const [offer] = await offersOf(team[0]!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token)).json());
    const heard = await listen(h.app, { associateId: team[0]!.id });
    const heardShopper = await listen(h.app, { shopperId });
    expect(heardShopper.map((m) => m.type)).toEqual(['invitation']);
    await tick(119.999);
    expect(heardShopper).toHaveLength(1);
    await tick(0.001);
    expect(heardShopper.at(-1)).toEqual({ v: 1, type: 'invitation-update', engagementId: engagement.id, status: 'expired' });
    expect(heard.at(-1)).toMatchObject({ type: 'engagement', engagement: { status: 'expired' } });
    const late = await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/answer`, h.token, { accept: true });
    expect([late.status, (await late.json()).error.code]).toEqual([409, 'engagement_closed']);
    const row = await opportunity(engagement.opportunityId);
    expect([row.status, row.closeReason]).toEqual(['cancelled', 'invitation_expired']);
  });

  it('a winner who reconnects within the grace period keeps the engagement; one who does not loses it', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2 });
    const [winner] = team;
    const { opportunityId } = await openOpportunity(h);
    const [offer] = await offersOf(winner!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, winner!.token)).json());
    // The grace timer runs on the test's clock: stepped, never slept.
    const graceful = h.appWith({ limits: { ...defaultLimits, reconnectGraceMs: 15 * S }, timers: h.clock.timers });
    const status = async () => (await h.db.db.select().from(engagements).where(eq(engagements.id, engagement.id)))[0]!.status;
    const step = async (ms: number) => {
      h.clock.advance(ms);
      await graceful.offers.idle();
    };

    // The worker restarts: the socket drops and is back 5 s later.
    await h.db.db.delete(associateConnections).where(eq(associateConnections.associateId, winner!.id));
    graceful.offers.disconnected(winner!.id);
    await step(5 * S);
    await connect(h.db.db, winner!.id, h.clock.now());
    await step(10 * S);
    expect(h.clock.pending()).toBe(0);
    expect(await status()).toBe('invited');

    // Gone for good: after the grace period the engagement is given up and the opportunity offered again.
    await h.db.db.delete(associateConnections).where(eq(associateConnections.associateId, winner!.id));
    graceful.offers.disconnected(winner!.id);
    await step(15 * S - 1);
    expect(await status()).toBe('invited');
    await step(1);
    expect(await status()).toBe('expired');
    expect((await opportunity(opportunityId)).status).toBe('offering');
  });

  it('reassignment: the winner drops before the shopper answered; offered again without them', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2 });
    const [winner, loser] = team;
    const { opportunityId, shopperId } = await openOpportunity(h);
    const [offer] = await offersOf(winner!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, winner!.token)).json());
    const heardShopper = await listen(h.app, { shopperId });
    const heardLoser = await listen(h.app, { associateId: loser!.id });

    // Still connected elsewhere: nothing happens.
    await h.app.offers.associateLeft(winner!.id);
    expect((await opportunity(opportunityId)).status).toBe('engaged');

    await h.db.db.delete(associateConnections).where(eq(associateConnections.associateId, winner!.id));
    h.app.offers.disconnected(winner!.id);
    await h.app.offers.idle();
    expect(heardShopper.at(-1)).toEqual({ v: 1, type: 'invitation-update', engagementId: engagement.id, status: 'expired' });
    const [e] = await h.db.db.select().from(engagements).where(eq(engagements.id, engagement.id));
    expect([e!.status, e!.endReason]).toEqual(['expired', 'associate_left']);
    expect((await opportunity(opportunityId)).status).toBe('offering');
    // Those who lost to the winner are offered again; the winner is not.
    expect(types(heardLoser)).toEqual(['offer']);
    expect((await offersOf(loser!)).map((o) => o.opportunityId)).toEqual([opportunityId]);
    expect(await offersOf(winner!)).toEqual([]);
    const third = await offersOf(team[2]!);
    expect(third.map((o) => o.opportunityId)).toEqual([opportunityId]);

    // The new winner withdraws before the answer: offered again, and the withdrawn one is closed for good.
    const [again] = await offersOf(loser!);
    const second = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${again!.id}/accept`, loser!.token)).json());
    const res = await call(h.app, 'POST', `/api/v1/engagements/${second.engagement.id}/withdraw`, loser!.token);
    expect(res.status).toBe(200);
    expect(EngagementDetail.parse(await res.json()).status).toBe('expired');
    const twice = await call(h.app, 'POST', `/api/v1/engagements/${second.engagement.id}/withdraw`, loser!.token);
    expect([twice.status, (await twice.json()).error.code]).toEqual([409, 'engagement_closed']);
    expect((await call(h.app, 'POST', `/api/v1/engagements/${second.engagement.id}/withdraw`, team[2]!.token)).status).toBe(404);
    expect((await opportunity(opportunityId)).status).toBe('offering');
  });

  it('capacity: an associate at capacity is not offered, and a claim past capacity is refused', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 1, offerSeconds: 60 });
    const one = team[0]!;
    await h.db.db.update(associates).set({ capacity: 1 }).where(eq(associates.id, one.id));
    for (const a of team.slice(1)) await h.db.db.update(associates).set({ presence: 'away' }).where(eq(associates.id, a.id));
    // Two opportunities offered to `one` while free.
    await openOpportunity(h);
    const other = await h.createShopper();
    await openOpportunity(h, { shopperToken: other.token });
    const held = await offersOf(one);
    expect(held).toHaveLength(2);
    expect((await call(h.app, 'POST', `/api/v1/offers/${held[0]!.id}/accept`, one.token)).status).toBe(200);
    const res = await call(h.app, 'POST', `/api/v1/offers/${held[1]!.id}/accept`, one.token);
    expect([res.status, (await res.json()).error.code]).toEqual([409, 'at_capacity']);
    // Refused whole: the opportunity is still offering, the offer still pending.
    expect((await opportunity(held[1]!.opportunityId)).status).toBe('offering');
    expect(await offersOf(one)).toHaveLength(1);
    // At capacity now: a new opportunity is not offered to them.
    const third = await h.createShopper();
    const next = await openOpportunity(h, { shopperToken: third.token });
    expect((await offersOf(one)).map((o) => o.opportunityId)).not.toContain(next.opportunityId);
  });

  it("tenant isolation: an associate of one enterprise never sees or answers another's offers", async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 5 });
    const outsider = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.summit.id, idleSeconds: 7200 });
    await openOpportunity(h);
    expect(await offersOf(outsider)).toEqual([]);
    const [offer] = await offersOf(team[0]!);
    for (const path of [`/api/v1/offers/${offer!.id}/accept`, `/api/v1/offers/${offer!.id}/decline`]) {
      const res = await call(h.app, 'POST', path, outsider.token);
      expect([res.status, (await res.json()).error.code]).toEqual([404, 'not_found']);
    }
    expect((await call(h.app, 'GET', '/api/v1/offers', h.seed.voltKey)).status).toBe(401);
    expect((await call(h.app, 'GET', '/api/v1/offers', h.token)).status).toBe(401);
    expect((await call(h.app, 'POST', '/api/v1/offers/nope/accept', team[0]!.token)).status).toBe(404);
    const [row] = await h.db.db.select().from(offers).where(and(eq(offers.id, offer!.id)));
    expect(row!.status).toBe('pending');
  });

  it("the offer carries what the enterprise knows of the customer", async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    const profile = { tier: 'gold', lifetimeValue: { value: '1200.00', currency: 'EUR' }, tags: ['vip'], notes: 'Prefers email' };
    expect((await call(h.app, 'PUT', '/api/v1/customers/c-42', h.seed.voltKey, profile)).status).toBe(200);
    await openOpportunity(h, { customerExternalId: 'c-42' });
    const [offer] = await offersOf(team[0]!);
    expect(offer!.session.customer).toEqual(profile);
  });

  it('channels: a rule set that needs voice is offered to who takes voice calls only, and the offer says so', async () => {
    // The team takes chat only; the one who also takes voice has been idle the least, so only the channels rule puts them first.
    const caller = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.volt.id, idleSeconds: 0, channels: ['chat', 'voice'] });
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 5 }, [
      { rule: 'available_now', weight: 0, filter: true },
      { rule: 'channels', weight: 1, needs: ['voice'], filter: true },
      { rule: 'longest_idle', weight: 1, capSeconds: 3600 },
    ]);
    const { opportunityId } = await openOpportunity(h);

    for (const chatOnly of team) expect(await offersOf(chatOnly)).toEqual([]);
    const [offer, ...more] = await offersOf(caller);
    expect(more).toEqual([]);
    expect(offer).toMatchObject({ opportunityId, needs: ['voice'], colleagues: 0 });
    expect(offer!.reasons).toContainEqual({ rule: 'channels', part: 1, weight: 1, needs: ['voice'] });
    // The stored ranking says why the others were left out.
    const ranking = (await (await call(h.app, 'GET', `/api/v1/opportunities/${opportunityId}/ranking`, h.seed.voltKey)).json()) as RankingView;
    expect(ranking.ranking.map((c) => c.associateId)).toEqual([caller.id]);
    expect(ranking.filtered.map((c) => [c.associateId, c.filteredBy, c.parts.channels])).toEqual(
      expect.arrayContaining(team.map((a) => [a.id, ['channels'], { part: 0, weight: 1, needs: ['voice'], lacks: ['voice'] }])),
    );
  });

  it('must contact: offers say they are assigned', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', priority: 'must' });
    await openOpportunity(h);
    expect((await offersOf(team[0]!))[0]!.priority).toBe('must');
  });

  it('a reconnecting associate gets the pending offers back, a reconnecting shopper the open invitation', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 2 });
    const { shopperId } = await openOpportunity(h);
    const [offer] = await offersOf(team[1]!);
    const back = await listen(h.app, { associateId: team[1]!.id });
    await h.app.offers.idle();
    expect(back).toContainEqual({ v: 1, type: 'offer', offer });
    const [won] = await offersOf(team[0]!);
    await call(h.app, 'POST', `/api/v1/offers/${won!.id}/accept`, team[0]!.token);
    const shopper = await listen(h.app, { shopperId });
    await h.app.offers.idle();
    expect(types(shopper)).toEqual(['invitation']);
    const winner = await listen(h.app, { associateId: team[0]!.id });
    await h.app.offers.idle();
    expect(types(winner)).toEqual(['engagement']);
  });

  it('an opportunity opened by the detection rules is offered (the listener), or by the ticker if the listener never ran', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'broadcast', size: 1 });
    const rules = { threshold: 10, conditions: [{ id: 'long-dwell', when: { type: 'dwell', seconds: 10 }, points: 10 }] };
    const put = await h.app.http.request('/api/v1/rules/opportunity', {
      method: 'PUT',
      body: JSON.stringify(rules),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.seed.voltKey}` },
    });
    expect(put.status).toBe(200);
    expect((await h.post({ events: browse() })).status).toBe(202);
    await h.app.opportunities.idle();
    await h.app.offers.idle();
    expect(await offersOf(team[0]!)).toHaveLength(1);

    // Without the listener (the process stopped between the commit and the offering): the ticker starts it after a grace.
    const other = await h.createShopper();
    const { opportunityId } = await openOpportunity(h, { shopperToken: other.token, start: false });
    await tick(1);
    expect((await opportunity(opportunityId)).offerState).toBeNull();
    await tick(1);
    expect((await opportunity(opportunityId)).offerState).not.toBeNull();
    expect((await offersOf(team[0]!)).map((o) => o.opportunityId)).toContain(opportunityId);
  });
});
