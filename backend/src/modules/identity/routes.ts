import { Hono } from 'hono';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { uuidParam } from '../../http/errors';
import { audited } from '../audit/routes';
import type { IdentityService } from './service';


/** GET /api/v1/enterprise/sites: the enterprise's own sites with their identity status. */
export function enterpriseSiteRoutes(identity: IdentityService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => c.json(await identity.sitesOf(c.var.enterpriseId)));
}

/** POST/DELETE /api/v1/sites/:siteId/identity-secrets: a site's identity secrets, made and retired by its enterprise. */
export function identitySecretRoutes(identity: IdentityService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .post('/:siteId/identity-secrets', enterprise, async (c) => {
      const created = await identity.createSecret(c.var.enterpriseId, uuidParam(c.req.param('siteId'), 'The site'));
      // Never the secret itself: the log shows which secret was made, and when.
      audited(c, { subject: `identity secret of site ${await domainOf(identity, c.var.enterpriseId, created.siteId)}`, before: null, after: { id: created.id, siteId: created.siteId, createdAt: created.createdAt } });
      return c.json(created, 201);
    })
    .delete('/:siteId/identity-secrets/:secretId', enterprise, async (c) => {
      const siteId = uuidParam(c.req.param('siteId'), 'The site');
      const secretId = uuidParam(c.req.param('secretId'), 'The identity secret');
      await identity.retireSecret(c.var.enterpriseId, siteId, secretId);
      audited(c, { subject: `identity secret of site ${await domainOf(identity, c.var.enterpriseId, siteId)} retired`, before: { id: secretId, siteId }, after: null });
      return c.body(null, 204);
    });
}

/** A site's domain for the audit log's subject (its id if it is gone). */
async function domainOf(identity: IdentityService, enterpriseId: string, siteId: string): Promise<string> {
  return (await identity.sitesOf(enterpriseId)).sites.find((s) => s.id === siteId)?.domain ?? siteId;
}
