import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { CreateShopper, ErrorCode } from '../../../../shared/api';
import { EventBatch, MAX_BATCH_BYTES, MAX_BATCH_EVENTS } from '../../../../shared/events';
import type { AppDeps } from '../../deps';
import { bearer } from '../../http/auth';
import { parseWith, readJson } from '../../http/body';
import { ApiFailure, fail } from '../../http/errors';
import type { TenancyService } from '../tenancy/service';
import { RateLimiter } from './ratelimit';
import type { SessionsService } from './service';

/** Anonymous shopper registration: the returned token authenticates the extension. */
export function shopperRoutes(deps: AppDeps, service: SessionsService) {
  const limiter = new RateLimiter(deps.limits.shopperRegistrations, () => deps.clock().getTime());
  return new Hono().post('/', async (c) => {
    throwIfLimited(limiter.spend(clientAddress(c), 1), 'Too many new shoppers from this address');
    const input = parseWith(CreateShopper, await readJson(c, 10_000, { emptyAs: {} }));
    return c.json(await service.createShopper(input.locale), 201);
  });
}

/** The extension's event batches. */
export function eventRoutes(deps: AppDeps, service: SessionsService) {
  const limiter = new RateLimiter(deps.limits.shopperEvents, () => deps.clock().getTime());
  return new Hono().post('/', async (c) => {
    const shopperId = await service.shopperForToken(bearer(c, 'the shopper token'));
    if (!shopperId) throw fail.unauthorized('The shopper token is not known; register a new shopper.');

    const body = await readJson(c, MAX_BATCH_BYTES);
    const count = Array.isArray((body as { events?: unknown })?.events) ? (body as { events: unknown[] }).events.length : 0;
    if (count > MAX_BATCH_EVENTS) throw fail.tooLarge(`The batch has ${count} events; send at most ${MAX_BATCH_EVENTS} at a time.`);

    throwIfLimited(limiter.spend(shopperId, Math.max(1, count)), 'Too many events');

    const batch = parseWith(EventBatch, body, 'The event batch');
    return c.json(await service.ingest(shopperId, batch.events), 202);
  });
}

/** 429 with Retry-After when a limiter says to wait. */
function throwIfLimited(waitMs: number, what: string): void {
  if (waitMs <= 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new ApiFailure(429, ErrorCode.rateLimited, `${what}; try again in ${seconds} s.`, undefined, { 'retry-after': String(seconds) });
}

/** The caller's network address; requests made in-process (tests) share one. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(200).optional(),
});

/** An enterprise's sessions, for its API key. */
export function sessionRoutes(service: SessionsService, tenancy: TenancyService) {
  const enterpriseOf = async (c: Context) => {
    const enterpriseId = await tenancy.enterpriseForKey(bearer(c, 'the enterprise API key'));
    if (!enterpriseId) throw fail.unauthorized('The API key is not known or was revoked.');
    return enterpriseId;
  };
  return new Hono()
    .get('/', async (c) => {
      const enterpriseId = await enterpriseOf(c);
      const query = ListQuery.safeParse(c.req.query());
      if (!query.success) throw fail.invalidQuery(query.error);
      return c.json(await service.list(enterpriseId, query.data));
    })
    .get('/:id', async (c) => {
      const enterpriseId = await enterpriseOf(c);
      const id = c.req.param('id');
      const session = z.uuid().safeParse(id).success ? await service.get(enterpriseId, id) : undefined;
      if (!session) throw fail.notFound('The session');
      return c.json(session);
    });
}
