import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AttributionSettingsBody, MAX_ORDER_BYTES, OrderBody, OrderListQuery, OrderSourceSecretBody, RefundBody, type WebhookAnswer } from '../../../../shared/orders';
import { Unauthorized } from '../../errors';
import type { ActorEnv, Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { readCapped } from '../../streams';
import type { OrdersService, Taken } from './service';
import { signatureMatches } from './signatures';
import { type Mapped, orderFromApi, parseWebhookJson, refundFromApi, segmentEvent, segmentRefundIn, shopifyOrder, shopifyRefund, shopifyRefundIn } from './sources.core';
import { audited } from '../audit/routes';

/** A webhook body: Shopify's orders run large with many lines; 5 MB is far past any. */
const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

/** The value of a mapping, or 400 naming the field at fault. */
function mapped<T>(m: Mapped<T>, what: string): T {
  if (!m.ok) throw fail.invalidBody([m.problem], what);
  return m.value;
}

/** POST/GET /api/v1/orders, GET /api/v1/orders/:id, POST /api/v1/orders/:id/refunds: the project's own order API. */
export function orderRoutes(orders: OrdersService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .post('/', enterprise, async (c) => {
      const body = parseBody(OrderBody, await readJson(c, MAX_ORDER_BYTES), 'The order');
      const taken = await orders.take(c.var.enterpriseId, mapped(orderFromApi(body), 'The order'));
      if (taken.kind !== 'taken') throw new Error('an API order has no delivery');
      return c.json(taken.value, taken.created ? 201 : 200);
    })
    .get('/', enterprise, async (c) => c.json(await orders.list(c.var.enterpriseId, parseQuery(OrderListQuery, c.req.query()))))
    .get('/:id', enterprise, async (c) => c.json(await orders.get(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The order'))))
    .post('/:id/refunds', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The order');
      const body = parseBody(RefundBody, await readJson(c, MAX_ORDER_BYTES), 'The refund');
      const { externalId } = await orders.externalIdOf(c.var.enterpriseId, id);
      const taken = await orders.refund(c.var.enterpriseId, externalId, (currency) => mapped(refundFromApi(externalId, body, currency), 'The refund'));
      if (taken.kind !== 'taken') throw new Error('an API refund has no delivery');
      return c.json(taken.value, taken.created ? 201 : 200);
    });
}

/** GET/PUT /api/v1/attribution-settings: the enterprise's window and split. */
export function attributionSettingsRoutes(orders: OrdersService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await orders.settings(c.var.enterpriseId)))
    .put('/', enterprise, async (c) => {
      const body = parseBody(AttributionSettingsBody, await readJson(c, 1_000), 'The attribution settings');
      const before = await orders.settings(c.var.enterpriseId);
      const after = await orders.setSettings(c.var.enterpriseId, body);
      audited(c, { subject: 'attribution settings', before, after });
      return c.json(after);
    });
}

/** PUT /api/v1/order-sources/shopify|segment: the secret each source signs the enterprise's webhooks with. */
export function orderSourceRoutes(orders: OrdersService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  const put = (source: 'shopify' | 'segment') => async (c: Context<EnterpriseEnv>) => {
    const body = parseBody(OrderSourceSecretBody, await readJson(c, 2_000), 'The order source');
    return c.json(await orders.setSourceSecret(c.var.enterpriseId, source, body.secret));
  };
  return new Hono<EnterpriseEnv>().put('/shopify', enterprise, put('shopify')).put('/segment', enterprise, put('segment'));
}

/** GET /api/v1/engagements/:id/outcome: the reported outcome beside the verified one. */
export function engagementOutcomeRoutes(orders: OrdersService, auth: Pick<Auth, 'associateOrEnterprise'>) {
  return new Hono<ActorEnv>().get('/:id/outcome', auth.associateOrEnterprise, async (c) =>
    c.json(await orders.outcomeOf(c.var.actor, uuidParam(c.req.param('id'), 'The engagement'))),
  );
}

const NOT_SIGNED = 'The webhook is not signed with this enterprise’s secret for the source.';

/**
 * The raw body of a webhook whose signature is the HMAC of that body under the enterprise's
 * secret; 401 (and nothing read further, nothing written) for an unknown enterprise, no secret
 * set, or a missing or wrong signature.
 */
async function signedBody(c: Context, orders: OrdersService, source: 'shopify' | 'segment', header: string): Promise<{ enterpriseId: string; raw: Buffer }> {
  const enterpriseId = c.req.param('enterpriseId') ?? '';
  if (!z.uuid().safeParse(enterpriseId).success) throw new Unauthorized(NOT_SIGNED);
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > MAX_WEBHOOK_BYTES) throw fail.tooLarge(`The body is ${declared} bytes; at most ${MAX_WEBHOOK_BYTES} are accepted.`);
  const raw = await readCapped(c.req.raw.body, MAX_WEBHOOK_BYTES, () => fail.tooLarge(`The body is larger than ${MAX_WEBHOOK_BYTES} bytes.`));
  const secret = await orders.sourceSecret(enterpriseId, source);
  if (!secret || !signatureMatches(source, secret, raw, c.req.header(header))) throw new Unauthorized(NOT_SIGNED);
  return { enterpriseId, raw };
}

function jsonOf(raw: Buffer): unknown {
  const parsed = parseWebhookJson(raw.toString('utf8'));
  if (parsed === null) throw fail.invalidJson('The body is not valid JSON.');
  return parsed;
}

/** A delivery id as a header gives it, when it is one. */
function deliveryId(value: string | undefined): string | null {
  const v = value?.trim();
  return v && /^[\x21-\x7e]{1,200}$/.test(v) ? v : null;
}

function answer(c: Context, topic: string, taken: Taken<{ id: string }> | null) {
  const body: WebhookAnswer = taken === null ? { result: 'ignored', topic, orderId: null } : taken.kind === 'duplicate' ? { result: 'duplicate', topic, orderId: null } : { result: 'taken', topic, orderId: taken.value.id };
  return c.json(body, taken === null ? 202 : 200);
}

/**
 * POST /api/v1/webhooks/shopify/:enterpriseId and /segment/:enterpriseId: orders and refunds as
 * Shopify and Segment send them, signed with the enterprise's secret. A delivery id taken before
 * is answered 200 `duplicate`; a topic or event not taken, 202 `ignored` (so the sender does not retry).
 */
export function orderWebhookRoutes(orders: OrdersService) {
  return new Hono()
    .post('/shopify/:enterpriseId', async (c) => {
      const { enterpriseId, raw } = await signedBody(c, orders, 'shopify', 'x-shopify-hmac-sha256');
      const topic = (c.req.header('x-shopify-topic') ?? '').trim().slice(0, 100);
      const id = deliveryId(c.req.header('x-shopify-webhook-id'));
      const delivery = id ? { source: 'shopify' as const, id, topic } : undefined;
      if (topic === 'orders/create') {
        const order = mapped(shopifyOrder(jsonOf(raw)), 'The Shopify order');
        return answer(c, topic, await orders.take(enterpriseId, order, delivery));
      }
      if (topic === 'refunds/create') {
        const refund = mapped(shopifyRefund(jsonOf(raw)), 'The Shopify refund');
        return answer(c, topic, await orders.refund(enterpriseId, refund.orderExternalId, (currency) => mapped(shopifyRefundIn(refund, currency), 'The Shopify refund'), delivery));
      }
      return answer(c, topic || 'none', null);
    })
    .post('/segment/:enterpriseId', async (c) => {
      const { enterpriseId, raw } = await signedBody(c, orders, 'segment', 'x-signature');
      const event = mapped(segmentEvent(jsonOf(raw)), 'The Segment event');
      if (event.kind === 'ignored') return answer(c, event.what, null);
      const delivery = { source: 'segment' as const, id: event.messageId, topic: event.kind === 'order' ? 'Order Completed' : 'Order Refunded' };
      if (event.kind === 'order') return answer(c, delivery.topic, await orders.take(enterpriseId, event.order, delivery));
      const { refund } = event;
      return answer(c, delivery.topic, await orders.refund(enterpriseId, refund.orderExternalId, (currency) => mapped(segmentRefundIn(refund, currency), 'The Segment event'), delivery));
    });
}
