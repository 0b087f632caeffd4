import { Hono } from 'hono';
import { type EnterpriseEnv, requireEnterpriseKey } from '../../http/auth';
import { uuidParam } from '../../http/errors';
import type { TenancyService } from '../tenancy/service';
import type { IdentityService } from './service';

const enterpriseKey = (tenancy: TenancyService) => requireEnterpriseKey({ find: (key) => tenancy.enterpriseForKey(key) });

/** GET /api/v1/enterprise/sites: the enterprise's own sites with their identity status. */
export function enterpriseSiteRoutes(identity: IdentityService, tenancy: TenancyService) {
  return new Hono<EnterpriseEnv>().get('/', enterpriseKey(tenancy), async (c) => c.json(await identity.sitesOf(c.var.enterpriseId)));
}

/** POST/DELETE /api/v1/sites/:siteId/identity-secrets: a site's identity secrets, made and retired by its enterprise. */
export function identitySecretRoutes(identity: IdentityService, tenancy: TenancyService) {
  const enterprise = enterpriseKey(tenancy);
  return new Hono<EnterpriseEnv>()
    .post('/:siteId/identity-secrets', enterprise, async (c) =>
      c.json(await identity.createSecret(c.var.enterpriseId, uuidParam(c.req.param('siteId'), 'The site')), 201),
    )
    .delete('/:siteId/identity-secrets/:secretId', enterprise, async (c) => {
      await identity.retireSecret(c.var.enterpriseId, uuidParam(c.req.param('siteId'), 'The site'), uuidParam(c.req.param('secretId'), 'The identity secret'));
      return c.body(null, 204);
    });
}
