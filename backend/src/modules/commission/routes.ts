import { Hono } from 'hono';
import { CommissionPlanBody, LedgerQuery, Month, MyCommissionQuery, PayableQuery } from '../../../../shared/commission';
import type { AssociateEnv, Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { decodeLedgerCursor, type LedgerPosition } from './ledger-page.core';
import type { CommissionService } from './service';
import { audited } from '../audit/routes';
import { beforeOrNull } from '../audit/service';

/** A plan of 200 rules, each with a thousand SKUs at most, fits. */
const MAX_PLAN_BYTES = 1_000_000;

/** /api/v1/commission: the enterprise's plan, ledger, payable and payout statements (API key). */
export function commissionRoutes(commission: CommissionService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/plan', enterprise, async (c) => c.json(await commission.plan(c.var.enterpriseId)))
    .put('/plan', enterprise, async (c) => {
      const body = parseBody(CommissionPlanBody, await readJson(c, MAX_PLAN_BYTES), 'The commission plan');
      const before = await beforeOrNull(commission.plan(c.var.enterpriseId));
      const after = await commission.setPlan(c.var.enterpriseId, body);
      audited(c, { subject: `commission plan v${after.version}`, before, after });
      return c.json(after);
    })
    .get('/ledger', enterprise, async (c) => {
      const q = parseQuery(LedgerQuery, c.req.query());
      return c.json(await commission.ledger(c.var.enterpriseId, { ...q, after: position(q.after) }));
    })
    .get('/payable', enterprise, async (c) => c.json({ payable: await commission.payable(c.var.enterpriseId, parseQuery(PayableQuery, c.req.query())) }))
    .get('/statements/:associateId/:month', enterprise, async (c) => {
      const associateId = uuidParam(c.req.param('associateId'), 'The associate');
      const month = Month.safeParse(c.req.param('month'));
      if (!month.success) throw fail.invalidPath([{ path: ['month'], message: 'a month as YYYY-MM' }], 'The month');
      const csv = await commission.statement(c.var.enterpriseId, associateId, month.data);
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="commission-${associateId}-${month.data}.csv"`,
        'x-content-type-options': 'nosniff',
      });
    });
}

/** GET /api/v1/associates/me/commission: the signed-in associate's own entries and payable, every enterprise they earned from. */
export function myCommissionRoutes(commission: CommissionService, auth: Pick<Auth, 'associate'>) {
  return new Hono<AssociateEnv>().get('/me/commission', auth.associate, async (c) => {
    const q = parseQuery(MyCommissionQuery, c.req.query());
    return c.json(await commission.mine(c.var.associateId, { ...q, after: position(q.after) }));
  });
}

/** The position of an `after` cursor, or 400 when the ledger did not make it. */
function position(after: string | undefined): LedgerPosition | null {
  if (after === undefined) return null;
  const p = decodeLedgerCursor(after);
  if (!p) throw fail.invalidQuery([{ path: ['after'], message: 'not a cursor this API made; pass the `next` of the previous page' }]);
  return p;
}
