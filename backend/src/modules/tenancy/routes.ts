import { Hono } from 'hono';
import type { SitesResponse } from '../../../../shared/sites';
import type { AppDeps } from '../../deps';
import type { TenancyService } from './service';

/** Public: the participating domains and their adapters, for the extension. */
export function sitesRoutes(deps: AppDeps, tenancy: TenancyService) {
  return new Hono().get('/', async (c) => {
    const all = await tenancy.directory.all();
    const body: SitesResponse = {
      sites: all.map((s) => ({ id: s.id, domain: s.domain, name: s.name, adapter: s.adapter ?? null })),
      ttlSeconds: deps.limits.sitesTtlSeconds,
    };
    c.header('cache-control', `public, max-age=${Math.min(60, deps.limits.sitesTtlSeconds)}`);
    return c.json(body);
  });
}
