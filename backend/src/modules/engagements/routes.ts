import { Hono } from 'hono';
import { EngagementAnswer } from '../../../../shared/offers';
import { requireAssociate, requireParty, requireShopper } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../offers/routes';
import type { OffersService } from '../offers/service';
import type { EngagementsService } from './service';

type Find = (token: string) => Promise<string | undefined>;

/**
 * Engagements: the associate's list, one engagement for any of its parties, the shopper's
 * answer, and the associate withdrawing before the answer (the opportunity is offered again).
 */
export function engagementRoutes(engagements: EngagementsService, offers: OffersService, find: { shopper: Find; associate: Find; enterprise: Find }) {
  const associate = requireAssociate({ find: find.associate });
  const shopper = requireShopper({ find: find.shopper });
  const party = requireParty(find);
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
    });
}
