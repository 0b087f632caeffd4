import { Hono } from 'hono';
import { z } from 'zod';
import { DeclineOfferRequest, LeaveMessageRequest } from '../../../../shared/offers';
import { type AssociateEnv, requireAssociate, requireShopper, type ShopperEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { fail } from '../../http/errors';
import type { OffersService } from './service';

type Find = (token: string) => Promise<string | undefined>;

/** The associate's offers: the pending ones, and the answers. */
export function offerRoutes(offers: OffersService, findAssociate: Find) {
  const associate = requireAssociate({ find: findAssociate });
  return new Hono<AssociateEnv>()
    .get('/', associate, async (c) => c.json({ offers: await offers.pendingOffers(c.var.associateId) }))
    .post('/:id/accept', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The offer');
      await readJson(c, 1_000, { emptyAs: {} });
      return c.json(await offers.accept(c.var.associateId, id));
    })
    .post('/:id/decline', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The offer');
      const body = parseBody(DeclineOfferRequest, await readJson(c, 1_000, { emptyAs: {} }));
      return c.json(await offers.decline(c.var.associateId, id, body.goAway ?? false));
    });
}

/** The shopper's message when nobody could take the opportunity (mounted beside the enterprise's opportunity routes). */
export function opportunityMessageRoutes(offers: OffersService, findShopper: Find) {
  return new Hono<ShopperEnv>().post('/:id/message', requireShopper({ find: findShopper }), async (c) => {
    const id = uuidParam(c.req.param('id'), 'The opportunity');
    const body = parseBody(LeaveMessageRequest, await readJson(c, 10_000), 'The message');
    return c.json(await offers.leaveMessage(c.var.shopperId, id, body), 201);
  });
}

/** A path id that is not a UUID names nothing: 404, before it reaches a uuid column. */
export function uuidParam(id: string, what: string): string {
  if (!z.uuid().safeParse(id).success) throw fail.notFound(what);
  return id;
}
