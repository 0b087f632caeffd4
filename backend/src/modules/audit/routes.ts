import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { z } from 'zod';
import { AuditQuery } from '../../../../shared/console';
import type { Auth, EnterpriseActor, EnterpriseEnv, OperatorEnv } from '../../http/auth';
import type { Log } from '../../log';
import { isReadByPost } from '../../http/roles.core';
import { isRecordedChange } from './audit.core';
import { parseQuery } from '../../http/body';
import { cursorParam } from '../../db/keyset';
import { type AuditNote, type AuditService, decodeAuditCursor } from './service';

/** The query with its cursor decoded: one `next` this API returned, else 400. */
const Query = AuditQuery.extend({
  before: z.string().transform(cursorParam(decodeAuditCursor)).optional(),
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

/** What the audit middleware reads from the context: the route's note, and the JSON body `readJson` read. */
export type AuditEnv = {
  Variables: {
    audit?: AuditNote;
    requestJson?: { value: unknown; bytes: number };
    enterpriseId?: string;
    enterpriseActor?: EnterpriseActor;
    operatorId?: string;
  };
};

/**
 * Says what a route changed, for the audit log: its subject, and the state before and after
 * (secrets redacted, large values summarised when stored). Call it once the change is made;
 * a later call adds to an earlier one.
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's context, whatever its variables.
export function audited(c: Context<any>, note: AuditNote): void {
  const ctx = c as Context<AuditEnv>;
  ctx.set('audit', { ...ctx.get('audit'), ...note });
}


/**
 * The middleware (on `/api/v1/*`) that records each change a key, a console user or an
 * operator made and that succeeded, once the answer is decided: best effort, a failure to write
 * is logged and the answer stands.
 */
export function auditMiddleware(audit: AuditService, log: Log): MiddlewareHandler {
  return async (ctx, next) => {
    await next();
    const c = ctx as Context<AuditEnv>;
    // A preview or a dry run carries a draft and writes nothing: not a change.
    if (!isRecordedChange(c.req.method, c.res.status) || isReadByPost(c.req.method, c.req.path)) return;
    const actor = c.get('enterpriseActor');
    const operatorId = c.get('operatorId');
    if (!actor && !operatorId) return;
    try {
      await audit.record({
        who: actor ?? { kind: 'operator', userId: operatorId! },
        enterpriseId: c.get('enterpriseId') ?? null,
        method: c.req.method,
        routePattern: routePath(c, -1),
        path: c.req.path,
        status: c.res.status,
        note: c.get('audit'),
        body: c.get('requestJson'),
      });
    } catch (err) {
      log('audit entry not written', { method: c.req.method, status: c.res.status, error: (err as Error).message });
    }
  };
}
