import { Hono } from 'hono';
import { EnterpriseEngagementQuery } from '../../../../shared/engagement-history';
import { hashSecret } from '../../secrets';
import { ChannelChange, EndEngagementRequest, LiveSettings, TranscriptPost } from '../../../../shared/live';
import { EngagementAnswer } from '../../../../shared/offers';
import { OutcomeRequest } from '../../../../shared/matching';
import { Unauthorized } from '../../errors';
import type { Auth, EnterpriseEnv, PartyEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import type { OffersService } from '../offers/service';
import { BeforeCursor } from '../../db/keyset';
import type { EngagementHistory } from './history';
import type { LiveService } from './live';
import type { EngagementsService, Side } from './service';
import { audited } from '../audit/routes';

/** A full transcript post: 100 messages of 4,000 characters, up to 4 bytes each in UTF-8 (escaped JSON can be longer: say 2 MB). */
const MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024;


/**
 * Engagements: the associate's list, one engagement for any of its parties, the shopper's
 * answer, and the associate withdrawing before the answer (the opportunity is offered again);
 * once accepted, the live part: peer credentials, the end, the transcript, the channels used.
 */
export function engagementRoutes(
  engagements: EngagementsService,
  offers: OffersService,
  live: LiveService,
  auth: Auth,
) {
  const { associate, shopper, party, side, associateOrEnterprise } = auth;
  return new Hono()
    .get('/', associate, async (c) => c.json({ engagements: await engagements.listFor(c.var.associateId) }))
    .get('/:id', party, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      return c.json(await engagements.get(c.var.party, id));
    })
    .post('/:id/answer', shopper, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(EngagementAnswer, await readJson(c, 1_000), 'The answer');
      return c.json(await engagements.answer(c.var.shopperId, id, body.accept));
    })
    .post('/:id/withdraw', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      await readJson(c, 1_000, { emptyAs: {} });
      const associateId = c.var.associateId;
      await offers.withdrawEngagement(associateId, id);
      return c.json(await engagements.get({ associateId }, id));
    })
    .post('/:id/end', side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(EndEngagementRequest, await readJson(c, 1_000, { emptyAs: {} }), 'The end');
      return c.json(await engagements.end(sideOf(c.var.party), id, body.reason));
    })
    .post('/:id/peer', side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      await readJson(c, 1_000, { emptyAs: {} });
      const side = sideOf(c.var.party);
      // The associate's credentials die with the sign-in token they were asked with.
      const signIn = 'associateId' in side ? hashSecret((c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '').trim()) : null;
      return c.json(await live.credentials(side, id, signIn));
    })
    .post('/:id/transcript', side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(TranscriptPost, await readJson(c, MAX_TRANSCRIPT_BYTES), 'The transcript');
      await live.postTranscript(sideOf(c.var.party), id, body);
      return c.body(null, 204);
    })
    .get('/:id/transcript', party, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      return c.json(await live.transcript(c.var.party, id));
    })
    .post('/:id/channels', side, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(ChannelChange, await readJson(c, 1_000), 'The channel change');
      await live.changeChannel(sideOf(c.var.party), id, body);
      return c.body(null, 204);
    })
    .post('/:id/outcome', associateOrEnterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The engagement');
      const body = parseBody(OutcomeRequest, await readJson(c, 10_000), 'The outcome');
      return c.json(await engagements.recordOutcome(id, c.var.actor, body), 201);
    });
}

/** GET/PUT /api/v1/live/settings: the enterprise's settings for live engagements. */
export function liveSettingsRoutes(live: LiveService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/settings', enterprise, async (c) => c.json(await live.settings(c.var.enterpriseId)))
    .put('/settings', enterprise, async (c) => {
      const body = parseBody(LiveSettings, await readJson(c, 1_000), 'The live settings');
      const before = await live.settings(c.var.enterpriseId);
      const after = await live.putSettings(c.var.enterpriseId, body);
      audited(c, { subject: 'live settings', before, after });
      return c.json(after);
    });
}

function sideOf(party: PartyEnv['Variables']['party']): Side {
  if ('enterpriseId' in party) throw new Unauthorized('Send the shopper token or the associate token of the engagement.');
  return party;
}

/** The list's query, its cursor decoded. */
const EngagementListQuery = EnterpriseEngagementQuery.extend({ before: EnterpriseEngagementQuery.shape.before.unwrap().pipe(BeforeCursor).optional() });

/** GET /api/v1/enterprise/engagements: the enterprise's engagements, newest invitation first, with filters (the console). */
export function enterpriseEngagementRoutes(history: EngagementHistory, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => c.json(await history.list(c.var.enterpriseId, parseQuery(EngagementListQuery, c.req.query()))));
}

/** GET /api/v1/engagements/:id/timeline: one of the enterprise's engagements from the offer to the orders credited. */
export function engagementTimelineRoutes(history: EngagementHistory, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/:id/timeline', auth.enterprise, async (c) =>
    c.json(await history.timeline(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The engagement'))),
  );
}
