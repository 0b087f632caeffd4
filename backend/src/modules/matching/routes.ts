import { Hono } from 'hono';
import { DryRunRequest, MatchingDocument } from '../../../../shared/matching';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { MAX_RULES_BYTES } from '../opportunities/routes';
import type { MatchingService } from './service';
import { audited } from '../audit/routes';
import { beforeOrNull } from '../audit/service';

/** A dry run carries a whole session aggregate: as large as one may grow. */
const MAX_DRY_RUN_BYTES = 1024 * 1024;

/** GET/PUT /api/v1/rules/matching and its history, for the enterprise's API key. */
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
    .get('/versions', enterprise, async (c) => c.json(await matching.rulesHistory(c.var.enterpriseId)));
}

/** POST /api/v1/matching/dry-run: the ranking a session (or a sample) would get now, nothing stored. */
export function dryRunRoutes(matching: MatchingService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().post('/dry-run', auth.enterprise, async (c) => {
    const request = parseBody(DryRunRequest, await readJson(c, MAX_DRY_RUN_BYTES), 'The dry run');
    return c.json(await matching.dryRun(c.var.enterpriseId, request));
  });
}

/** GET /api/v1/opportunities/:id/ranking: how the associates ranked for it, every part kept. */
export function rankingRoutes(matching: MatchingService, auth: Pick<Auth, 'enterprise'>) {
  return new Hono<EnterpriseEnv>().get('/:id/ranking', auth.enterprise, async (c) =>
    c.json(await matching.rankingOf(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The opportunity'))),
  );
}
