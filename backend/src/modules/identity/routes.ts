import { Hono } from 'hono';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { uuidParam } from '../../http/errors';
import type { IdentityService } from './service';


/** GET /api/v1/enterprise/sites: the enterprise's own sites with their identity status. */
export function enterpriseSiteRoutes(identity: IdentityService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => c.json(await identity.sitesOf(c.var.enterpriseId)));
}

/** POST/DELETE /api/v1/sites/:siteId/identity-secrets: a site's identity secrets, made and retired by its enterprise. */
export function identitySecretRoutes(identity: IdentityService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .post('/:siteId/identity-secrets', enterprise, async (c) =>
      c.json(await identity.createSecret(c.var.enterpriseId, uuidParam(c.req.param('siteId'), 'The site')), 201),
    )
    .delete('/:siteId/identity-secrets/:secretId', enterprise, async (c) => {
      await identity.retireSecret(c.var.enterpriseId, uuidParam(c.req.param('siteId'), 'The site'), uuidParam(c.req.param('secretId'), 'The identity secret'));
      return c.body(null, 204);
    });
}
