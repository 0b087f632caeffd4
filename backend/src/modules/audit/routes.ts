import { Hono } from 'hono';
import { z } from 'zod';
import { AuditQuery } from '../../../../shared/console';
import type { Auth, EnterpriseEnv, OperatorEnv } from '../../http/auth';
import { parseQuery } from '../../http/body';
import { decodeAuditCursor, type AuditService } from './service';

/** The query with its cursor decoded: one `next` this API returned, else 400. */
const Query = AuditQuery.extend({
  before: z
    .string()
    .transform((cursor, ctx) => decodeAuditCursor(cursor) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' }), z.NEVER))
    .optional(),
});

/** The enterprise reads its own log only: no `enterpriseId` filter. */
const EnterpriseQuery = Query.omit({ enterpriseId: true });

/** GET /api/v1/audit: the enterprise's log (a key, or an owner or admin in the console). */
export function auditRoutes(audit: AuditService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => c.json(await audit.page({ enterpriseId: c.var.enterpriseId }, parseQuery(EnterpriseQuery, c.req.query()))));
}

/** GET /api/v1/marketplace/audit: every enterprise's log and the operators' own changes. */
export function marketplaceAuditRoutes(audit: AuditService, auth: Pick<Auth, 'operator'>) {
  return new Hono<OperatorEnv>().get('/audit', auth.operator, async (c) => c.json(await audit.page({ marketplace: true }, parseQuery(Query, c.req.query()))));
}
