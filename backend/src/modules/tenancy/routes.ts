import { Hono } from 'hono';
import { CreateApiKey } from '../../../../shared/api-keys';
import type { SitesResponse } from '../../../../shared/sites';
import type { AppDeps } from '../../deps';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import type { TenancyService } from './service';

/** What the site list asks of other modules: the dwell thresholds of an enterprise's opportunity rules. */
export interface SitesPorts {
  dwellMarksOf(enterpriseId: string): Promise<number[]>;
}

/** Public: the participating domains, their adapters and their enterprises' dwell marks, for the extension. */
export function sitesRoutes(deps: AppDeps, tenancy: TenancyService, ports: SitesPorts) {
  return new Hono().get('/', async (c) => {
    const body: SitesResponse = {
      sites: await tenancy.directory.participating(ports.dwellMarksOf),
      ttlSeconds: deps.limits.sitesTtlSeconds,
    };
    c.header('cache-control', `public, max-age=${Math.min(60, deps.limits.sitesTtlSeconds)}`);
    return c.json(body);
  });
}

/**
 * The enterprise's API keys, with any of its keys: listed (never the keys themselves), made
 * (the key shown once), revoked (the key calling may revoke itself) and rotated.
 */
export function apiKeyRoutes(tenancy: TenancyService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json({ apiKeys: await tenancy.apiKeysOf(c.var.enterpriseId) }))
    .post('/', enterprise, async (c) => c.json(await tenancy.createApiKey(c.var.enterpriseId, parseBody(CreateApiKey, await readJson(c, 10_000)).label), 201))
    .delete('/:id', enterprise, async (c) => {
      await tenancy.revokeApiKey(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The API key'));
      return c.body(null, 204);
    })
    .post('/:id/rotate', enterprise, async (c) => c.json(await tenancy.rotateApiKey(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The API key')), 201));
}
