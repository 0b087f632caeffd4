import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { isStorableText } from '../../../../shared/text';
import { ChangeSite, CreateEnterprise, CreateSite, MarketplaceAssociateQuery, MarketplaceEnterpriseQuery, MarketplaceFee } from '../../../../shared/console';
import type { Auth, OperatorEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { cursorParam } from '../../db/keyset';
import { NotFound } from '../../errors';
import { audited } from '../audit/routes';
import type { CommissionService } from '../commission/service';
import { MAX_SITE_BYTES, siteView } from '../tenancy/routes';
import type { TenancyService } from '../tenancy/service';
import { encodeEmailCursor, type MarketplaceService } from './service';

/** The directory's query with its cursor decoded: the last e-mail of the previous page, else 400. */
const AssociateQuery = MarketplaceAssociateQuery.extend({ after: z.string().transform(cursorParam(decodeEmailCursor)).optional() });

/** The e-mail an `after` cursor names, or null when the directory did not make it (`encodeEmailCursor`). */
function decodeEmailCursor(cursor: string): string | null {
  const email = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  return email.includes('@') && isStorableText(email) && encodeEmailCursor(email) === cursor ? email : null;
}

/** /api/v1/marketplace: the operator's routes (a marketplace operator's console session only). */
export function marketplaceRoutes(marketplace: MarketplaceService, tenancy: TenancyService, commission: CommissionService, auth: Pick<Auth, 'operator'>) {
  const { operator } = auth;
  const enterpriseOf = async (id: string | undefined) => {
    const enterpriseId = uuidParam(id ?? '', 'The enterprise');
    if (!(await tenancy.enterprise(enterpriseId))) throw new NotFound('The enterprise');
    return enterpriseId;
  };
  const viewOf = async (id: string) => (await marketplace.enterprise(id)) ?? Promise.reject(new NotFound('The enterprise'));
  const suspension = (suspended: boolean) => async (c: Context<OperatorEnv>) => {
    const id = await enterpriseOf(c.req.param('id'));
    await readJson(c, 1_000, { emptyAs: {} });
    const before = await tenancy.enterprise(id);
    const after = await tenancy.setSuspended(id, suspended);
    audited(c, { enterpriseId: id, subject: `enterprise "${after.name}" ${suspended ? 'suspended' : 'resumed'}`, before: { suspendedAt: before?.suspendedAt ?? null }, after: { suspendedAt: after.suspendedAt } });
    return c.json(await viewOf(id));
  };
  return new Hono<OperatorEnv>()
    .get('/enterprises', operator, async (c) => c.json({ enterprises: await marketplace.enterprises(parseQuery(MarketplaceEnterpriseQuery, c.req.query()).sort) }))
    .post('/enterprises', operator, async (c) => {
      const { name } = parseBody(CreateEnterprise, await readJson(c, 10_000), 'The enterprise');
      const created = await tenancy.createEnterprise(name);
      const view = await viewOf(created.id);
      audited(c, { enterpriseId: created.id, subject: `enterprise "${created.name}"`, before: null, after: view });
      return c.json(view, 201);
    })
    .post('/enterprises/:id/suspend', operator, suspension(true))
    .post('/enterprises/:id/resume', operator, suspension(false))
    .get('/enterprises/:id/sites', operator, async (c) => c.json({ sites: (await tenancy.sitesOf(await enterpriseOf(c.req.param('id')))).map(siteView) }))
    .post('/enterprises/:id/sites', operator, async (c) => {
      const id = await enterpriseOf(c.req.param('id'));
      const body = parseBody(CreateSite, await readJson(c, MAX_SITE_BYTES), 'The site');
      const site = siteView(await tenancy.addSite(id, body));
      audited(c, { enterpriseId: id, subject: `site ${site.domain}`, before: null, after: site });
      return c.json(site, 201);
    })
    .patch('/sites/:id', operator, async (c) => {
      const before = await tenancy.site(uuidParam(c.req.param('id'), 'The site'));
      if (!before) throw new NotFound('The site');
      const change = parseBody(ChangeSite, await readJson(c, MAX_SITE_BYTES), 'The change');
      const after = siteView((await tenancy.updateSite(before.id, change)) ?? before);
      audited(c, { enterpriseId: before.enterpriseId, subject: `site ${after.domain}`, before: siteView(before), after });
      return c.json(after);
    })
    .delete('/sites/:id', operator, async (c) => {
      const before = await tenancy.site(uuidParam(c.req.param('id'), 'The site'));
      if (!before) throw new NotFound('The site');
      await tenancy.removeSite(before.id);
      audited(c, { enterpriseId: before.enterpriseId, subject: `site ${before.domain}`, before: siteView(before), after: null });
      return c.body(null, 204);
    })
    .get('/enterprises/:id/fee', operator, async (c) => c.json({ basisPoints: await commission.marketplaceFee(await enterpriseOf(c.req.param('id'))) }))
    .put('/enterprises/:id/fee', operator, async (c) => {
      const id = await enterpriseOf(c.req.param('id'));
      const { basisPoints } = parseBody(MarketplaceFee, await readJson(c, 1_000), 'The fee');
      const before = await commission.marketplaceFee(id);
      await commission.setMarketplaceFee(id, basisPoints);
      audited(c, { enterpriseId: id, subject: 'marketplace fee', before: { basisPoints: before }, after: { basisPoints } });
      return c.json({ basisPoints });
    })
    .get('/associates', operator, async (c) => c.json(await marketplace.independents(parseQuery(AssociateQuery, c.req.query()))));
}
