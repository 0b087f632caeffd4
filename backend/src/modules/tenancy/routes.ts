import { Hono } from 'hono';
import { CreateApiKey } from '../../../../shared/api-keys';
import { ChangeSite, CreateSite, type SiteView } from '../../../../shared/console';
import type { SitesResponse } from '../../../../shared/sites';
import type { AppDeps } from '../../deps';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { NotFound } from '../../errors';
import { audited } from '../audit/routes';
import type { Site, TenancyService } from './service';


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
    .post('/', enterprise, async (c) => {
      const { key, ...view } = await tenancy.createApiKey(c.var.enterpriseId, parseBody(CreateApiKey, await readJson(c, 10_000)).label);
      // Never the key itself: the log shows the label and prefix only.
      audited(c, { subject: `API key "${view.label}"`, before: null, after: view });
      return c.json({ ...view, key }, 201);
    })
    .delete('/:id', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The API key');
      const before = (await tenancy.apiKeysOf(c.var.enterpriseId)).find((k) => k.id === id);
      await tenancy.revokeApiKey(c.var.enterpriseId, id);
      audited(c, { subject: `API key "${before?.label ?? id}" revoked`, before: before ?? null, after: null });
      return c.body(null, 204);
    })
    .post('/:id/rotate', enterprise, async (c) => {
      const id = uuidParam(c.req.param('id'), 'The API key');
      const before = (await tenancy.apiKeysOf(c.var.enterpriseId)).find((k) => k.id === id);
      const { key, ...after } = await tenancy.rotateApiKey(c.var.enterpriseId, id);
      audited(c, { subject: `API key "${after.label}" rotated`, before: before ?? null, after });
      return c.json({ ...after, key }, 201);
    });
}

/** Sites and site changes are small: an adapter of fifty masks and page kinds fits. */
export const MAX_SITE_BYTES = 64 * 1024;

/** A site as the console shows it for editing. */
export function siteView(row: Site): SiteView {
  return { id: row.id, enterpriseId: row.enterpriseId, name: row.name, domain: row.domain, adapter: row.adapter ?? null, active: row.active, createdAt: row.createdAt.toISOString() };
}

/**
 * POST/PATCH /api/v1/enterprise/sites: the enterprise adds and edits its own sites (name, domain,
 * adapter, active); the extension's list follows at once on this instance, within `siteCacheMs` on others.
 */
export function enterpriseSiteEditRoutes(tenancy: TenancyService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .post('/', enterprise, async (c) => {
      const body = parseBody(CreateSite, await readJson(c, MAX_SITE_BYTES), 'The site');
      const site = await tenancy.addSite(c.var.enterpriseId, body);
      const after = siteView(site);
      audited(c, { subject: `site ${after.domain}`, before: null, after });
      return c.json(after, 201);
    })
    .patch('/:id', enterprise, async (c) => {
      const before = await tenancy.site(uuidParam(c.req.param('id'), 'The site'));
      if (!before || before.enterpriseId !== c.var.enterpriseId) throw new NotFound('The site');
      const change = parseBody(ChangeSite, await readJson(c, MAX_SITE_BYTES), 'The change');
      const after = siteView((await tenancy.updateSite(before.id, change)) ?? before);
      audited(c, { subject: `site ${after.domain}`, before: siteView(before), after });
      return c.json(after);
    });
}
