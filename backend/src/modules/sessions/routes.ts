import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { CreateShopper, SessionListQuery } from '../../../../shared/api';
import { EventBatch, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../../../../shared/events';
import type { AppDeps } from '../../deps';
import type { Auth, EnterpriseEnv, ShopperEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { clientAddress } from '../../http/client-address';
import { fail, uuidParam } from '../../http/errors';
import type { RateLimiter } from '../../http/limiter';
import { rateLimit } from '../../http/rate-limit';
import { decodeSortCursor } from './list.core';
import type { SessionsService } from './service';

/** Anonymous shopper registration: the returned token authenticates the extension. */
export function shopperRoutes(deps: AppDeps, limiter: RateLimiter, sessions: SessionsService) {
  return new Hono().post(
    '/',
    rateLimit({
      limiter,
      budget: deps.limits.shopperRegistrations,
      key: (c) => `shoppers:${clientAddress(c, deps.trustedProxyHops ?? 0)}`,
      message: 'Too many new shoppers from this address',
    }),
    async (c) => {
      const input = parseBody(CreateShopper, await readJson(c, 10_000, { emptyAs: {} }));
      return c.json(await sessions.createShopper(input.locale), 201);
    },
  );
}

type BatchEnv = ShopperEnv & { Variables: { body: unknown; batchSize: number } };

/** The batch's JSON, read before the rate limit so the budget is charged per event; 413 past MAX_BATCH_EVENTS. */
const batchBody = createMiddleware<BatchEnv>(async (c, next) => {
  const body = await readJson(c, MAX_BATCH_BYTES);
  const events = (body as { events?: unknown } | null)?.events;
  const count = Array.isArray(events) ? events.length : 0;
  if (count > MAX_BATCH_EVENTS) throw fail.tooLarge(`The batch has ${count} events; send at most ${MAX_BATCH_EVENTS} at a time.`);
  c.set('body', body);
  c.set('batchSize', count);
  await next();
});

/** The extension's event batches. */
export function eventRoutes(deps: AppDeps, limiter: RateLimiter, sessions: SessionsService, auth: Pick<Auth, 'shopper'>) {
  return new Hono<BatchEnv>().post(
    '/',
    auth.shopper,
    batchBody,
    rateLimit<BatchEnv>({
      limiter,
      budget: deps.limits.shopperEvents,
      key: (c) => `events:${c.var.shopperId}`,
      cost: (c) => Math.max(1, c.var.batchSize),
      message: 'Too many events',
    }),
    async (c) => {
      const batch = parseBody(EventBatch, c.var.body, 'The event batch');
      return c.json(await sessions.ingest(c.var.shopperId, batch.events), 202);
    },
  );
}

/** The list's query: its cursor read for its sort (one of another sort is refused). */
const ListQuery = SessionListQuery.transform(({ before, ...query }, ctx) => {
  if (before === undefined) return query;
  const position = decodeSortCursor(query.sort, before);
  if (!position) {
    ctx.addIssue({ code: 'custom', path: ['before'], message: 'not a cursor this API returned for this sort' });
    return z.NEVER;
  }
  return { ...query, before: position };
});

/** An enterprise's sessions, for its API key. */
export function sessionRoutes(sessions: SessionsService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await sessions.list(c.var.enterpriseId, parseQuery(ListQuery, c.req.query()))))
    .get('/:id', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The session');
      return c.json(await sessions.get(c.var.enterpriseId, id));
    });
}
