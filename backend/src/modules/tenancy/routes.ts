import { Hono } from 'hono';
import type { SitesResponse } from '../../../../shared/sites';
import type { AppDeps } from '../../deps';
import type { TenancyService } from './service';

/** What the site list asks of other modules: the dwell thresholds of an enterprise's opportunity rules. */
export interface SitesPorts {
  dwellMarksOf(enterpriseId: string): Promise<number[]>;
}

/** Public: the participating domains, their adapters and their enterprises' dwell marks, for the extension. */
export function sitesRoutes(deps: AppDeps, tenancy: TenancyService, ports: SitesPorts) {
  return new Hono().get('/', async (c) => {
    const all = await tenancy.directory.all();
    const enterprises = [...new Set(all.map((s) => s.enterpriseId))];
    const marks = new Map(await Promise.all(enterprises.map(async (id) => [id, await ports.dwellMarksOf(id)] as const)));
    const body: SitesResponse = {
      sites: all.map((s) => ({ id: s.id, domain: s.domain, name: s.name, adapter: s.adapter ?? null, dwellMarks: marks.get(s.enterpriseId) ?? [] })),
      ttlSeconds: deps.limits.sitesTtlSeconds,
    };
    c.header('cache-control', `public, max-age=${Math.min(60, deps.limits.sitesTtlSeconds)}`);
    return c.json(body);
  });
}
