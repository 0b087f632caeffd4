import { Hono } from 'hono';
import { z } from 'zod';
import { DeclineOfferRequest, LeaveMessageRequest, MessageStatus } from '../../../../shared/offers';
import type { AssociateEnv, Auth, EnterpriseEnv, ShopperEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { BeforeCursor } from '../../db/keyset';
import type { MessagesService } from './messages';
import type { OffersService } from './service';


/** The associate's offers: the pending ones, and the answers. */
export function offerRoutes(offers: OffersService, auth: Pick<Auth, 'associate'>) {
  const { associate } = auth;
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
export function opportunityMessageRoutes(offers: OffersService, auth: Pick<Auth, 'shopper'>) {
  return new Hono<ShopperEnv>().post('/:id/message', auth.shopper, async (c) => {
    const id = uuidParam(c.req.param('id'), 'The opportunity');
    const body = parseBody(LeaveMessageRequest, await readJson(c, 10_000), 'The message');
    return c.json(await offers.leaveMessage(c.var.shopperId, id, body), 201);
  });
}

const MessageListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only the messages in this state: open, taken (by whom the answer says) or done. */
  status: MessageStatus.optional(),
  before: BeforeCursor.optional(),
});

/**
 * The messages shoppers left: the enterprise reads them with its key (GET /); its associates
 * see the open ones and theirs, take one and mark it done.
 */
export function messageRoutes(messages: MessagesService, auth: Pick<Auth, 'enterprise' | 'associate'>) {
  const { enterprise, associate } = auth;
  const enterpriseRoutes = new Hono<EnterpriseEnv>().get('/', enterprise, async (c) => c.json(await messages.list(c.var.enterpriseId, parseQuery(MessageListQuery, c.req.query()))));
  const associateRoutes = new Hono<AssociateEnv>()
    .get('/open', associate, async (c) => c.json(await messages.openFor(c.var.associateId)))
    .post('/:id/take', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The message');
      await readJson(c, 1_000, { emptyAs: {} });
      return c.json(await messages.take(c.var.associateId, id));
    })
    .post('/:id/done', associate, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The message');
      await readJson(c, 1_000, { emptyAs: {} });
      return c.json(await messages.done(c.var.associateId, id));
    });
  return new Hono().route('/', enterpriseRoutes).route('/', associateRoutes);
}
