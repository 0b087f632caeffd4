import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AskedForHelp, AssociateMessage, AssociateMessageList, MessageList, OfferAccepted } from '../../../../shared/offers';
import { associates, opportunities } from '../../db/schema';
import { type ApiHarness, call } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { browse, ev, headphones } from '../../testing/fixtures';
import { listen, openOpportunity, putOfferPolicy, type SeededAssociate, seedAssociate, useOffersApi } from '../../testing/offers';

const S = 1000;
const ASK = '/api/v1/opportunities/ask';

describe.each(DB_KINDS)('asking for help, and the messages left, on %s', (kind) => {
  const offersApi = useOffersApi(kind, 2);
  let h: ApiHarness;
  /** Voltaire's associates, best ranked first (longest idle). */
  let team: SeededAssociate[];
  beforeEach(() => void ({ h, team } = offersApi()));
  const { offersOf, tick, opportunity } = offersApi;
  const browseVolt = async () => expect((await h.post({ events: browse() })).status).toBe(202);
  const ask = async (url: string, token = h.token) => {
    const res = await call(h.app, 'POST', ASK, token, { url });
    await h.app.offers.idle();
    return res;
  };
  const errorOf = async (res: Response) => [res.status, (await res.json()).error.code];

  it('opens an opportunity at once for the shopper who asks, and answers the same one when asked again', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    await browseVolt();
    const res = await ask(headphones.url);
    expect(res.status).toBe(201);
    const asked = AskedForHelp.parse(await res.json());
    expect(asked).toMatchObject({ status: 'offering', enterprise: { id: h.seed.volt.id, name: 'Voltaire Retail' } });
    const row = await opportunity(asked.opportunityId);
    expect([row.origin, row.status, row.reasons, row.segment]).toEqual(['asked', 'offering', [{ conditionId: 'asked', points: 0, description: 'asked for help' }], { category: ['Audio', 'Headphones'], minLevel: 1 }]);
    const [offer] = await offersOf(team[0]!);
    expect(offer).toMatchObject({ opportunityId: asked.opportunityId, signals: [{ conditionId: 'asked', description: 'asked for help' }] });

    const again = await ask('https://volt.example/');
    expect(again.status).toBe(200);
    expect(AskedForHelp.parse(await again.json()).opportunityId).toBe(asked.opportunityId);
    // Engaged: still the same one, while the invitation is live.
    await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token);
    expect(AskedForHelp.parse(await (await ask(headphones.url)).json())).toMatchObject({ opportunityId: asked.opportunityId, status: 'engaged' });
  });

  it('refuses what it cannot serve, with codes saying why; one live ask per shopper', async () => {
    expect((await call(h.app, 'POST', ASK, null, { url: headphones.url })).status).toBe(401);
    expect(await errorOf(await ask('https://elsewhere.example/p/1'))).toEqual([404, 'no_participating_site']);
    expect(await errorOf(await ask('not a url'))).toEqual([404, 'no_participating_site']);
    expect(await errorOf(await ask(headphones.url))).toEqual([404, 'no_session']);
    expect((await call(h.app, 'POST', ASK, h.token, { url: '' })).status).toBe(400);

    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    await browseVolt();
    expect((await ask(headphones.url)).status).toBe(201);
    const summit = 'http://localhost:4102/p/tent';
    expect((await h.post({ events: [ev(h.clock.now().toISOString(), { type: 'page_view', url: summit, kind: 'product' })] })).status).toBe(202);
    expect(await errorOf(await ask(summit))).toEqual([409, 'already_asked']);
  });

  it('an ask is not held back by the cool-down of a detected opportunity, and upgrades a live detected one', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential' });
    const detected = await openOpportunity(h);
    const res = await ask(headphones.url);
    expect([res.status, AskedForHelp.parse(await res.json()).opportunityId]).toEqual([200, detected.opportunityId]);
    expect((await opportunity(detected.opportunityId)).origin).toBe('asked');
    // Given up (nobody took it): a new ask opens a new one at once.
    await h.db.db.update(opportunities).set({ status: 'unserved', closedAt: h.clock.now() }).where(eq(opportunities.id, detected.opportunityId));
    const fresh = await ask(headphones.url);
    expect(fresh.status).toBe(201);
    expect(AskedForHelp.parse(await fresh.json()).opportunityId).not.toBe(detected.opportunityId);
  });

  it('a shopper who never saw an invitation is never told that nobody is free', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 30, giveUpSeconds: 30 });
    const { opportunityId, shopperId } = await openOpportunity(h);
    const heard = await listen(h.app, { shopperId });
    await tick(30);
    expect((await opportunity(opportunityId)).status).toBe('unserved');
    expect(heard).toEqual([]);
    expect(await listen(h.app, { shopperId })).toEqual([]);
    const res = await call(h.app, 'POST', `/api/v1/opportunities/${opportunityId}/message`, h.token, { message: 'Hello?' });
    expect(await errorOf(res)).toEqual([409, 'message_not_wanted']);
  });

  it('a shopper who saw an invitation is offered to leave a message when it comes to nothing', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 30, giveUpSeconds: 60 });
    await h.db.db.update(associates).set({ presence: 'away' }).where(eq(associates.id, team[1]!.id));
    const { opportunityId, shopperId } = await openOpportunity(h);
    const heard = await listen(h.app, { shopperId });
    const [offer] = await offersOf(team[0]!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offer!.id}/accept`, team[0]!.token)).json());
    // The winner withdraws before the shopper answered; nobody else is there.
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/withdraw`, team[0]!.token)).status).toBeLessThan(300);
    await h.app.offers.idle();
    expect((await opportunity(opportunityId)).status).toBe('unserved');
    expect(heard.map((m) => m.type)).toEqual(['invitation', 'invitation-update', 'leave-message']);
  });

  it('a freed associate takes the shopper who asked before those the rules found, even older ones', async () => {
    await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 60, giveUpSeconds: 600 });
    const [solo, colleague] = team;
    await h.db.db.update(associates).set({ capacity: 1 }).where(eq(associates.id, solo!.id));
    await openOpportunity(h);
    const [held] = await offersOf(solo!);
    const { engagement } = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${held!.id}/accept`, solo!.token)).json());
    // Solo is at capacity; the colleague declines both of the next two, which then wait for a drain.
    const older = await openOpportunity(h, { shopperToken: (await h.createShopper()).token });
    h.clock.advance(S);
    const asked = await openOpportunity(h, { shopperToken: (await h.createShopper()).token, origin: 'asked' });
    for (const offer of await offersOf(colleague!)) expect((await call(h.app, 'POST', `/api/v1/offers/${offer.id}/decline`, colleague!.token)).status).toBe(200);
    expect([(await opportunity(older.opportunityId)).status, (await opportunity(asked.opportunityId)).status]).toEqual(['offering', 'offering']);

    // The shopper declines solo's invitation: solo has room for one, and it goes to the one who asked.
    expect((await call(h.app, 'POST', `/api/v1/engagements/${engagement.id}/answer`, h.token, { accept: false })).status).toBe(200);
    await h.app.offers.idle();
    expect((await offersOf(solo!)).map((o) => o.opportunityId)).toEqual([asked.opportunityId]);
  });

  describe('messages left', () => {
    let rival: SeededAssociate;
    let messageId: string;
    beforeEach(async () => {
      rival = await seedAssociate(h.db.db, h.clock.now(), { employerId: h.seed.summit.id, displayName: 'Summit Sam' });
      await putOfferPolicy(h.app, h.seed.voltKey, { mode: 'sequential', offerSeconds: 30, giveUpSeconds: 30 });
      for (const a of team) await h.db.db.update(associates).set({ presence: 'away' }).where(eq(associates.id, a.id));
      await browseVolt();
      const asked = AskedForHelp.parse(await (await ask(headphones.url)).json());
      expect((await opportunity(asked.opportunityId)).closeReason).toBe('no_eligible_associates');
      const res = await call(h.app, 'POST', `/api/v1/opportunities/${asked.opportunityId}/message`, h.token, { message: 'Blue ones?', contact: 'me@example.com' });
      expect(res.status).toBe(201);
      messageId = (await res.json()).id;
    });
    const openOf = async (a: SeededAssociate) => AssociateMessageList.parse(await (await call(h.app, 'GET', '/api/v1/messages/open', a.token)).json()).messages;
    const take = (a: SeededAssociate, id = messageId) => call(h.app, 'POST', `/api/v1/messages/${id}/take`, a.token);
    const done = (a: SeededAssociate, id = messageId) => call(h.app, 'POST', `/api/v1/messages/${id}/done`, a.token);

    it('the enterprise reads them through its API, newest first, with the session to look at', async () => {
      const res = await call(h.app, 'GET', '/api/v1/messages', h.seed.voltKey);
      const list = MessageList.parse(await res.json());
      expect(list.nextBefore).toBeNull();
      expect(list.messages).toEqual([
        expect.objectContaining({ id: messageId, message: 'Blue ones?', contact: 'me@example.com', status: 'open', takenBy: null, doneAt: null }),
      ]);
      const summary = await call(h.app, 'GET', list.messages[0]!.session, h.seed.voltKey);
      expect(summary.status).toBe(200);
      expect(MessageList.parse(await (await call(h.app, 'GET', '/api/v1/messages', h.seed.summitKey)).json()).messages).toEqual([]);
      expect((await call(h.app, 'GET', '/api/v1/messages', team[0]!.token)).status).toBe(401);
      expect((await call(h.app, 'GET', '/api/v1/messages?limit=0', h.seed.voltKey)).status).toBe(400);
    });

    it('an associate of the enterprise takes one (first take wins), marks it done; another enterprise’s sees nothing of it', async () => {
      const [ana, bea] = team;
      const [seen] = await openOf(ana!);
      expect(AssociateMessage.parse(seen)).toMatchObject({ id: messageId, status: 'open', mine: false, enterprise: { name: 'Voltaire Retail' }, session: { site: 'volt.example' } });
      expect(await openOf(rival)).toEqual([]);
      expect(await errorOf(await take(rival))).toEqual([404, 'not_found']);
      expect(await errorOf(await done(rival))).toEqual([404, 'not_found']);

      const [first, second] = await Promise.all([take(ana!), take(bea!)]);
      const [winner, loser] = first.status === 200 ? [ana!, bea!] : [bea!, ana!];
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      expect(await errorOf(first.status === 200 ? second : first)).toEqual([409, 'message_taken']);
      expect((await take(winner)).status).toBe(200);
      expect((await openOf(winner)).map((m) => [m.id, m.status, m.mine])).toEqual([[messageId, 'taken', true]]);
      expect(await openOf(loser)).toEqual([]);
      expect(await errorOf(await done(loser))).toEqual([409, 'message_taken']);

      const finished = await done(winner);
      expect(AssociateMessage.parse(await finished.json())).toMatchObject({ status: 'done', mine: true });
      expect(await openOf(winner)).toEqual([]);
      const [row] = MessageList.parse(await (await call(h.app, 'GET', '/api/v1/messages', h.seed.voltKey)).json()).messages;
      expect(row).toMatchObject({ status: 'done', takenBy: { id: winner.id, displayName: winner.displayName } });
      expect((await take(winner, crypto.randomUUID())).status).toBe(404);
      expect((await take(winner, 'nope')).status).toBe(404);
    });

    it('an admitted independent associate reads them too', async () => {
      const independent = await seedAssociate(h.db.db, h.clock.now(), { employerId: null });
      expect(await openOf(independent)).toEqual([]);
      await h.db.db.execute(`insert into associate_admissions (associate_id, enterprise_id, admitted_at) values ('${independent.id}', '${h.seed.volt.id}', now())`);
      expect((await openOf(independent)).map((m) => m.id)).toEqual([messageId]);
      expect((await done(independent)).status).toBe(200);
    });
  });
});
