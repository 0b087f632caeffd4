import { Hono } from 'hono';
import { CustomerExternalId, CustomerProfileBody, type CustomerSource, CustomerSourceBody } from '../../../../shared/customers';
import { NotFound } from '../../errors';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { fail } from '../../http/errors';
import { audited } from '../audit/routes';
import type { CustomersService } from './service';

/** A profile is small; notes of 2,000 characters and 50 tags fit many times over. */
const MAX_PROFILE_BYTES = 32 * 1024;


/** GET/PUT/DELETE /api/v1/customers/:externalId: the enterprise's pushed customer profiles. */
export function customerRoutes(customers: CustomersService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/:externalId', enterprise, async (c) => c.json(await customers.pushed(c.var.enterpriseId, externalIdParam(c.req.param('externalId')))))
    .put('/:externalId', enterprise, async (c) => {
      const externalId = externalIdParam(c.req.param('externalId'));
      const body = parseBody(CustomerProfileBody, await readJson(c, MAX_PROFILE_BYTES), 'The customer profile');
      return c.json(await customers.push(c.var.enterpriseId, externalId, body));
    })
    .delete('/:externalId', enterprise, async (c) => {
      await customers.forget(c.var.enterpriseId, externalIdParam(c.req.param('externalId')));
      return c.body(null, 204);
    });
}

/** GET/PUT/DELETE /api/v1/customer-source: the enterprise's signed customer lookup. */
export function customerSourceRoutes(customers: CustomersService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await customers.source(c.var.enterpriseId)))
    .put('/', enterprise, async (c) => {
      const body = parseBody(CustomerSourceBody, await readJson(c, 10_000), 'The customer source');
      const before = await sourceOrNull(customers, c.var.enterpriseId);
      const { secret, ...after } = await customers.setSource(c.var.enterpriseId, body);
      // Never the secret: the log says whether one was made.
      audited(c, { subject: 'customer source', before, after: { ...after, signingRenewed: secret !== undefined } });
      return c.json(secret === undefined ? after : { ...after, secret });
    })
    .delete('/', enterprise, async (c) => {
      const before = await sourceOrNull(customers, c.var.enterpriseId);
      await customers.removeSource(c.var.enterpriseId);
      audited(c, { subject: 'customer source removed', before, after: null });
      return c.body(null, 204);
    });
}

/** The customer id of the path, or 400 naming the characters it may hold. */
function externalIdParam(raw: string): string {
  const parsed = CustomerExternalId.safeParse(raw);
  if (!parsed.success) throw fail.invalidPath([{ path: ['externalId'], message: parsed.error.issues[0]?.message ?? 'not a customer id' }], 'The customer id');
  return parsed.data;
}

/** The enterprise's source as the log shows it before a change (never its secret), or null when it has none. */
async function sourceOrNull(customers: CustomersService, enterpriseId: string): Promise<Omit<CustomerSource, 'secret'> | null> {
  try {
    const { secret: _never, ...source } = await customers.source(enterpriseId);
    return source;
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}
