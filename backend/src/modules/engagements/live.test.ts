import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { PeerCredentials, Transcript } from '../../../../shared/live';
import { EngagementDetail, OfferAccepted } from '../../../../shared/offers';
import { ShopperServerMessage } from '../../../../shared/realtime';
import { associates, engagementPeers, sites, transcriptMessages } from '../../db/schema';
import { defaultLimits } from '../../deps';
import { hashSecret } from '../../secrets';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { listen, type SeededAssociate, seedOffered } from '../../testing/offers';
import { startRetention } from '../sessions/retention';

const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;
const ICE = [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'p' }];

describe.each(DB_KINDS)('live engagements on %s', (kind) => {
  const api = useApi(kind, { iceServers: ICE });
  let h: ApiHarness;
  let associate: SeededAssociate;
  let engagementId: string;
  let shopperId: string;
  beforeEach(async () => {
    h = api();
    const offered = await seedOffered(h);
    associate = offered.associate;
    const won = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offered.offerId}/accept`, associate.token)).json());
    engagementId = won.engagement.id;
    const answered = await call(h.app, 'POST', `/api/v1/engagements/${engagementId}/answer`, h.token, { accept: true });
    expect(answered.status).toBe(200);
    shopperId = EngagementDetail.parse(await answered.json()).shopperId;
  });

  const path = (rest = '') => `/api/v1/engagements/${engagementId}${rest}`;
  const detail = async (token = h.token) => EngagementDetail.parse(await (await call(h.app, 'GET', path(), token)).json());
  const errorOf = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
  /** A second engagement, invited and not answered, of another shopper. */
  const invited = async () => {
    const other = await h.createShopper();
    const { associate: a, offerId } = await seedOffered({ ...h, token: other.token, post: (body, auth = other.token) => h.post(body, auth) });
    const won = OfferAccepted.parse(await (await call(h.app, 'POST', `/api/v1/offers/${offerId}/accept`, a.token)).json());
    return { id: won.engagement.id, shopperToken: other.token, associate: a };
  };

  describe('the end', () => {
    it('the shopper ends it: ended with the reason, the associate freed, both sides told; a second end is refused', async () => {
      const heardAssociate = await listen(h.app, { associateId: associate.id });
      const heardShopper = await listen(h.app, { shopperId });
      h.clock.advance(5 * MIN);
      const ended: string[] = [];
      h.app.engagements.onEnded((id) => ended.push(id));
      const res = await call(h.app, 'POST', path('/end'), h.token);
      expect(res.status).toBe(200);
      expect(EngagementDetail.parse(await res.json())).toMatchObject({ status: 'ended', endedAt: h.clock.now().toISOString(), endReason: 'shopper_ended' });
      expect(ended).toEqual([engagementId]);
      expect(heardAssociate.at(-1)).toMatchObject({ type: 'engagement', engagement: { id: engagementId, status: 'ended' } });
      const toShopper = ShopperServerMessage.parse(heardShopper.at(-1));
      expect(toShopper).toEqual({ v: 1, type: 'invitation-update', engagementId, status: 'ended' });
      const [row] = await h.db.db.select({ lastEngagementAt: associates.lastEngagementAt }).from(associates).where(eq(associates.id, associate.id));
      expect(row!.lastEngagementAt).toEqual(h.clock.now());
      expect(await errorOf(await call(h.app, 'POST', path('/end'), associate.token, {}))).toEqual([409, 'engagement_ended']);
      expect(await errorOf(await call(h.app, 'POST', path('/end'), h.token, { reason: 'done' }))).toEqual([409, 'engagement_ended']);
    });

    it('the associate ends it with peer_lost: the reason is peer_lost', async () => {
      const res = await call(h.app, 'POST', path('/end'), associate.token, { reason: 'peer_lost' });
      expect(res.status).toBe(200);
      expect(EngagementDetail.parse(await res.json())).toMatchObject({ status: 'ended', endReason: 'peer_lost' });
    });

    it('the associate ends it: associate_ended', async () => {
      const res = await call(h.app, 'POST', path('/end'), associate.token, { reason: 'done' });
      expect(EngagementDetail.parse(await res.json()).endReason).toBe('associate_ended');
    });

    it('refuses an invitation not answered, strangers, the enterprise key and bad bodies', async () => {
      const other = await invited();
      expect(await errorOf(await call(h.app, 'POST', `/api/v1/engagements/${other.id}/end`, other.shopperToken))).toEqual([409, 'engagement_not_live']);
      expect((await call(h.app, 'POST', `/api/v1/engagements/${other.id}/end`, h.token)).status).toBe(404);
      expect((await call(h.app, 'POST', path('/end'), other.associate.token)).status).toBe(404);
      expect((await call(h.app, 'POST', path('/end'), h.seed.voltKey)).status).toBe(401);
      expect((await call(h.app, 'POST', path('/end'), null)).status).toBe(401);
      expect(await errorOf(await call(h.app, 'POST', path('/end'), h.token, { reason: 'bored' }))).toEqual([400, 'invalid_body']);
      expect((await detail()).status).toBe('accepted');
    });
  });

  describe('peer credentials', () => {
    it('gives each side its own kept peer id, the other side’s, a fresh token each call, the sites and the masks', async () => {
      await h.db.db.update(sites).set({ adapter: { mask: ['.iban', '#loyalty'] } }).where(eq(sites.id, h.seed.voltSite.id));
      const asShopper = PeerCredentials.parse(await (await call(h.app, 'POST', path('/peer'), h.token)).json());
      const asAssociate = PeerCredentials.parse(await (await call(h.app, 'POST', path('/peer'), associate.token, {})).json());
      expect(asShopper).toMatchObject({
        engagementId,
        role: 'shopper',
        remotePeerId: asAssociate.peerId,
        signalling: { path: '/api/v1/peer', key: 'floorwalker' },
        iceServers: ICE,
        expiresAt: new Date(h.clock.now().getTime() + 4 * 60 * MIN).toISOString(),
        remoteName: associate.displayName,
        allowedDomains: ['volt.example'],
        maskSelectors: ['.iban', '#loyalty'],
      });
      expect(asAssociate).toMatchObject({ role: 'associate', remotePeerId: asShopper.peerId, remoteName: 'Shopper', maskSelectors: [], allowedDomains: ['volt.example'] });
      for (const c of [asShopper, asAssociate]) expect(c.peerId).toMatch(/^fw-[0-9a-f]{32}$/);
      expect(asShopper.peerId).not.toBe(asAssociate.peerId);

      const again = PeerCredentials.parse(await (await call(h.app, 'POST', path('/peer'), h.token)).json());
      expect(again.peerId).toBe(asShopper.peerId);
      expect(again.token).not.toBe(asShopper.token);
      // Only the hash is kept; the previous token no longer passes the signalling check, the new one does.
      const stored = await h.db.db.select().from(engagementPeers).where(eq(engagementPeers.engagementId, engagementId));
      expect(JSON.stringify(stored)).not.toContain(again.token);
      expect(stored.find((p) => p.role === 'shopper')!.tokenHash).toBe(hashSecret(again.token));
      expect(await h.app.live.checkPeer(asShopper.peerId, asShopper.token)).toEqual({ ok: false, reason: 'bad_token' });
      expect(await h.app.live.checkPeer(again.peerId, again.token)).toEqual({ ok: true, engagementId, partnerPeerId: asAssociate.peerId, signIn: null });
      // The associate's side names the sign-in token its credentials were asked with: they die with it.
      expect(await h.app.live.checkPeer(asAssociate.peerId, asAssociate.token)).toEqual({
        ok: true,
        engagementId,
        partnerPeerId: asShopper.peerId,
        signIn: { tokenHash: hashSecret(associate.token), expiresAt: expect.any(Number) },
      });
      expect(await h.app.live.checkPeer('fw-00000000000000000000000000000000', again.token)).toEqual({ ok: false, reason: 'unknown_peer' });
      expect(await h.app.live.checkPeer(asAssociate.peerId, again.token)).toEqual({ ok: false, reason: 'bad_token' });

      h.clock.advance(4 * 60 * MIN);
      expect(await h.app.live.checkPeer(again.peerId, again.token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('refuses the associate’s credentials once the sign-in token they were asked with is signed out', async () => {
      const creds = PeerCredentials.parse(await (await call(h.app, 'POST', path('/peer'), associate.token)).json());
      expect(await h.app.live.checkPeer(creds.peerId, creds.token)).toMatchObject({ ok: true });
      expect((await call(h.app, 'POST', '/api/v1/associates/sign-out', associate.token)).status).toBe(204);
      expect(await h.app.live.checkPeer(creds.peerId, creds.token)).toEqual({ ok: false, reason: 'signed_out' });
    });

    it('stop working when the engagement ends, and are refused for an engagement not live', async () => {
      const creds = PeerCredentials.parse(await (await call(h.app, 'POST', path('/peer'), h.token)).json());
      expect((await call(h.app, 'POST', path('/end'), associate.token)).status).toBe(200);
      expect(await h.app.live.checkPeer(creds.peerId, creds.token)).toEqual({ ok: false, reason: 'not_live' });
      expect(await errorOf(await call(h.app, 'POST', path('/peer'), h.token))).toEqual([409, 'engagement_ended']);
      const other = await invited();
      expect(await errorOf(await call(h.app, 'POST', `/api/v1/engagements/${other.id}/peer`, other.shopperToken))).toEqual([409, 'engagement_not_live']);
      expect((await call(h.app, 'POST', `/api/v1/engagements/${other.id}/peer`, h.token)).status).toBe(404);
      expect((await call(h.app, 'POST', path('/peer'), h.seed.voltKey)).status).toBe(401);
    });
  });

  describe('the transcript', () => {
    const at = (offsetMs: number) => new Date(Date.parse('2026-03-02T10:00:00.000Z') + offsetMs).toISOString();

    it('keeps each side’s messages once, oldest first, for either side and the enterprise only', async () => {
      h.clock.advance(MIN);
      const shopperSays = { messages: [{ id: 'm1', text: 'Hi, is it <b>waterproof</b>?', sentAt: at(10 * S) }] };
      expect((await call(h.app, 'POST', path('/transcript'), h.token, shopperSays)).status).toBe(204);
      expect((await call(h.app, 'POST', path('/transcript'), h.token, shopperSays)).status).toBe(204);
      const associateSays = { messages: [{ id: 'm1', text: 'It is splash-proof.', sentAt: at(20 * S) }, { id: 'm2', text: 'Not for swimming.', sentAt: at(21 * S) }] };
      expect((await call(h.app, 'POST', path('/transcript'), associate.token, associateSays)).status).toBe(204);
      const expected = {
        messages: [
          { id: 'm1', from: 'shopper', text: 'Hi, is it <b>waterproof</b>?', sentAt: at(10 * S) },
          { id: 'm1', from: 'associate', text: 'It is splash-proof.', sentAt: at(20 * S) },
          { id: 'm2', from: 'associate', text: 'Not for swimming.', sentAt: at(21 * S) },
        ],
      };
      for (const token of [h.token, associate.token, h.seed.voltKey]) {
        expect(Transcript.parse(await (await call(h.app, 'GET', path('/transcript'), token)).json())).toEqual(expected);
      }
      expect((await call(h.app, 'GET', path('/transcript'), h.seed.summitKey)).status).toBe(404);
      expect((await call(h.app, 'POST', path('/transcript'), h.seed.voltKey, shopperSays)).status).toBe(401);
      expect(await errorOf(await call(h.app, 'POST', path('/transcript'), h.token, { messages: [] }))).toEqual([400, 'invalid_body']);
    });

    it('takes late flushes for ten minutes after the end, then refuses them; nothing before the yes', async () => {
      const say = (id: string) => ({ messages: [{ id, text: 'Thanks!', sentAt: h.clock.now().toISOString() }] });
      expect((await call(h.app, 'POST', path('/end'), h.token)).status).toBe(200);
      h.clock.advance(10 * MIN);
      expect((await call(h.app, 'POST', path('/transcript'), associate.token, say('late'))).status).toBe(204);
      h.clock.advance(1);
      expect(await errorOf(await call(h.app, 'POST', path('/transcript'), associate.token, say('too-late')))).toEqual([409, 'engagement_ended']);
      expect(Transcript.parse(await (await call(h.app, 'GET', path('/transcript'), h.token)).json()).messages.map((m) => m.id)).toEqual(['late']);
      const other = await invited();
      expect(await errorOf(await call(h.app, 'POST', `/api/v1/engagements/${other.id}/transcript`, other.shopperToken, say('x')))).toEqual([409, 'engagement_not_live']);
    });

    it('caps the transcript’s total size per engagement: a post past it is refused whole with 413 transcript_full', async () => {
      const capped = h.appWith({ limits: { ...defaultLimits, transcriptMaxBytes: 12 } });
      const say = (token: string, ...messages: [string, string][]) =>
        call(capped, 'POST', path('/transcript'), token, { messages: messages.map(([id, text]) => ({ id, text, sentAt: h.clock.now().toISOString() })) });
      expect((await say(h.token, ['m1', 'olá!'])).status).toBe(204); // 5 bytes
      expect((await say(associate.token, ['m1', 'Hello'])).status).toBe(204); // 10 in all
      const refused = await say(h.token, ['m2', 'ok'], ['m3', 'yes']);
      expect(await errorOf(refused)).toEqual([413, 'transcript_full']);
      // Nothing of the refused post was kept; a resend of what was kept is still taken; what fits still fits.
      expect((await say(h.token, ['m1', 'olá!'])).status).toBe(204);
      expect((await say(h.token, ['m2', 'ok'])).status).toBe(204);
      const { messages } = Transcript.parse(await (await call(h.app, 'GET', path('/transcript'), h.token)).json());
      expect(messages.map((m) => m.id).sort()).toEqual(['m1', 'm1', 'm2']);
    });

    it('keeps a time a client got wrong within the engagement: not before the invitation, not after now', async () => {
      const invitedAt = (await detail()).invitedAt;
      h.clock.advance(MIN);
      const body = { messages: [{ id: 'future', text: 'b', sentAt: '2100-01-01T00:00:00.000Z' }, { id: 'past', text: 'a', sentAt: '1970-01-01T00:00:00.000Z' }] };
      expect((await call(h.app, 'POST', path('/transcript'), h.token, body)).status).toBe(204);
      const { messages } = Transcript.parse(await (await call(h.app, 'GET', path('/transcript'), h.token)).json());
      expect(messages.map((m) => [m.id, m.sentAt])).toEqual([
        ['past', invitedAt],
        ['future', h.clock.now().toISOString()],
      ]);
    });
  });

  describe('retention of transcripts', () => {
    it('is 365 days by default; the enterprise sets its own; the sweep deletes what ended longer ago', async () => {
      expect(await (await call(h.app, 'GET', '/api/v1/live/settings', h.seed.voltKey)).json()).toEqual({ transcriptRetentionDays: 365 });
      const put = await call(h.app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: 30 });
      expect([put.status, await put.json()]).toEqual([200, { transcriptRetentionDays: 30 }]);
      expect(await (await call(h.app, 'GET', '/api/v1/live/settings', h.seed.summitKey)).json()).toEqual({ transcriptRetentionDays: 365 });
      expect(await errorOf(await call(h.app, 'PUT', '/api/v1/live/settings', h.seed.voltKey, { transcriptRetentionDays: 0 }))).toEqual([400, 'invalid_body']);
      expect((await call(h.app, 'GET', '/api/v1/live/settings', h.token)).status).toBe(401);

      await call(h.app, 'POST', path('/transcript'), h.token, { messages: [{ id: 'm1', text: 'Hello', sentAt: h.clock.now().toISOString() }] });
      await call(h.app, 'POST', path('/end'), h.token);
      const sweep = async () => {
        const logged: unknown[] = [];
        const retention = startRetention({ db: h.db.db, clock: h.clock.now, timers: h.clock.timers, log: (m, f) => logged.push([m, f]), keepMs: 90 * DAY, alsoSweep: { transcripts: (now) => h.app.live.sweepTranscripts(now) } });
        await retention.stop();
        return (await h.db.db.select().from(transcriptMessages)).length;
      };
      h.clock.advance(30 * DAY);
      expect(await sweep()).toBe(1);
      h.clock.advance(1);
      expect(await sweep()).toBe(0);
      expect(Transcript.parse(await (await call(h.app, 'GET', path('/transcript'), h.token)).json()).messages).toEqual([]);
    });
  });

  describe('communication methods', () => {
    const change = (token: string, method: string, state: string, atMs = h.clock.now().getTime()) =>
      call(h.app, 'POST', path('/channels'), token, { method, state, at: new Date(atMs).toISOString() });

    it('counts each method’s uses and seconds; a second start is nothing; a stop closes; the end closes what is open', async () => {
      expect((await detail()).channels).toEqual([]);
      expect((await change(h.token, 'chat', 'started')).status).toBe(204);
      h.clock.advance(10 * S);
      expect((await change(associate.token, 'chat', 'started')).status).toBe(204);
      expect((await change(associate.token, 'voice', 'started')).status).toBe(204);
      h.clock.advance(30 * S);
      expect((await detail()).channels).toEqual([
        { method: 'chat', seconds: 40, uses: 1, open: true },
        { method: 'voice', seconds: 30, uses: 1, open: true },
      ]);
      expect((await change(h.token, 'voice', 'stopped')).status).toBe(204);
      expect((await change(h.token, 'voice', 'stopped')).status).toBe(204);
      h.clock.advance(20 * S);
      expect((await change(h.token, 'voice', 'started')).status).toBe(204);
      h.clock.advance(5 * S);
      expect((await call(h.app, 'POST', path('/end'), h.token)).status).toBe(200);
      h.clock.advance(MIN);
      const after = await detail(h.seed.voltKey);
      expect(after.channels).toEqual([
        { method: 'chat', seconds: 65, uses: 1, open: false },
        { method: 'voice', seconds: 35, uses: 2, open: false },
      ]);
      // Nothing starts after the end.
      expect((await change(h.token, 'view', 'started')).status).toBe(204);
      expect((await detail()).channels.map((c) => c.method)).toEqual(['chat', 'voice']);
    });

    it('refuses bad changes, strangers and an invitation not answered', async () => {
      expect(await errorOf(await change(h.token, 'smoke-signals', 'started'))).toEqual([400, 'invalid_body']);
      expect(await errorOf(await call(h.app, 'POST', path('/channels'), h.token, { method: 'chat', state: 'started' }))).toEqual([400, 'invalid_body']);
      expect((await change(h.seed.voltKey, 'chat', 'started')).status).toBe(401);
      const other = await invited();
      expect(await errorOf(await call(h.app, 'POST', `/api/v1/engagements/${other.id}/channels`, other.shopperToken, { method: 'chat', state: 'started', at: h.clock.now().toISOString() }))).toEqual([409, 'engagement_not_live']);
      expect((await detail()).channels).toEqual([]);
    });
  });
});
