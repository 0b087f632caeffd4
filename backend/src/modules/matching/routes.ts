import { Hono } from 'hono';
import { DryRunRequest, MatchingDocument } from '../../../../shared/matching';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { RulesDiffQuery } from '../../../../shared/rules-diff';
import { MAX_RULES_BYTES, versionParam } from '../opportunities/routes';
import type { MatchingService } from './service';
import { audited } from '../audit/routes';
import { beforeOrNull } from '../audit/service';

/** A dry run carries a whole session aggregate, as large as one may grow, and perhaps a draft of the rules. */
const MAX_DRY_RUN_BYTES = 1024 * 1024 + MAX_RULES_BYTES;

/** GET/PUT /api/v1/rules/matching, its history, diffs and rollback, for the enterprise. */
export function matchingRulesRoutes(matching: MatchingService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await matching.liveRules(c.var.enterpriseId)))
    .put('/', enterprise, async (c) => {
      const document = parseBody(MatchingDocument, await readJson(c, MAX_RULES_BYTES), 'The matching rule sets');
      const before = await beforeOrNull(matching.liveRules(c.var.enterpriseId));
      const after = await matching.replaceRules(c.var.enterpriseId, document);
      audited(c, { subject: `matching rules v${after.version}`, before, after });
      return c.json(after);
    })
    .get('/versions', enterprise, async (c) => c.json(await matching.rulesHistory(c.var.enterpriseId)))
    .get('/diff', enterprise, async (c) => c.json(await matching.rulesDiff(c.var.enterpriseId, parseQuery(RulesDiffQuery, c.req.query()))))
    .post('/versions/:version/restore', enterprise, async (c) =>
      c.json(await matching.restoreRules(c.var.enterpriseId, versionParam(c.req.param('version'), 'the matching rule sets')), 201),
    );
}

/** POST /api/v1/matching/dry-run: the ranking a session (or a sample) would get now, nothing stored. */
export function dryRunRoutes(matching: MatchingService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().post('/dry-run', auth.enterprise, async (c) => {
    const request = parseBody(DryRunRequest, await readJson(c, MAX_DRY_RUN_BYTES), 'The dry run');
    return c.json(await matching.dryRun(c.var.enterpriseId, request));
  });
}

/** GET /api/v1/opportunities/:id/ranking (the latest) and /rankings (every one, with the offers made from each). */
export function rankingRoutes(matching: MatchingService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>()
    .get('/:id/ranking', auth.enterprise, async (c) => c.json(await matching.rankingOf(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The opportunity'))))
    .get('/:id/rankings', auth.enterprise, async (c) => c.json(await matching.rankingsOf(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The opportunity'))));
}
