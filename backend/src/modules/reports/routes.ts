import { type Context, Hono } from 'hono';
import { ExportSettingsBody, ReportQuery } from '../../../../shared/reports';
import type { AssociateEnv, Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import type { AssociatesService } from '../associates/service';
import type { ExportsService } from './exports';
import type { ReportsService } from './service';

/** The report as the query asks: JSON, or the same figures as a CSV attachment. */
async function answer(c: Context, reports: ReportsService, enterpriseId: string, query: ReportQuery, filename: string) {
  if (query.format === 'csv') return c.body(await reports.csv(enterpriseId, query), 200, { 'content-type': 'text/csv; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-disposition': `attachment; filename="${filename}"` });
  return c.json(await reports.answer(enterpriseId, query));
}

/** GET /api/v1/reports: the enterprise's report, as JSON or CSV (the same figures). */
export function reportRoutes(reports: ReportsService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/', auth.enterprise, async (c) => {
    const query = parseQuery(ReportQuery, c.req.query());
    return answer(c, reports, c.var.enterpriseId, query, 'floorwalker-report.csv');
  });
}

/** GET /api/v1/associates/me/results?enterpriseId=…: the signed-in associate's own figures at one enterprise they work for. */
export function myResultsRoutes(reports: ReportsService, associates: Pick<AssociatesService, 'worksFor'>, auth: Pick<Auth, 'associate'>) {
  return new Hono<AssociateEnv>().get('/me/results', auth.associate, async (c) => {
    const { enterpriseId: rawEnterprise, ...rest } = c.req.query();
    if (rawEnterprise === undefined) throw fail.invalidQuery([{ path: ['enterpriseId'], message: 'the enterprise whose figures to show' }]);
    const enterpriseId = uuidParam(rawEnterprise, 'The enterprise');
    if ('associateId' in rest) throw fail.invalidQuery([{ path: ['associateId'], message: 'the figures are always your own' }]);
    const query = { ...parseQuery(ReportQuery, rest), associateId: c.var.associateId };
    if (!(await associates.worksFor(c.var.associateId, enterpriseId))) throw fail.notFound('The enterprise');
    return answer(c, reports, enterpriseId, query, 'my-results.csv');
  });
}

/**
 * /api/v1/reports/exports: the enterprise's scheduled export (GET, PUT, DELETE), and
 * `POST /exports/run` to send the last complete period now and see what came of it. Mounted
 * before `reportRoutes`.
 */
export function exportRoutes(exports: ExportsService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/exports', enterprise, async (c) => c.json(await exports.settings(c.var.enterpriseId)))
    .put('/exports', enterprise, async (c) => {
      const body = parseBody(ExportSettingsBody, await readJson(c, 10_000), 'The export settings');
      return c.json(await exports.save(c.var.enterpriseId, body));
    })
    .delete('/exports', enterprise, async (c) => {
      await exports.remove(c.var.enterpriseId);
      return c.body(null, 204);
    })
    .post('/exports/run', enterprise, async (c) => c.json(await exports.runNow(c.var.enterpriseId)));
}
