import { Hono } from 'hono';
import { DryRunRequest, MatchingDocument, OutcomeRequest } from '../../../../shared/matching';
import { type ActorEnv, type EnterpriseEnv, requireAssociateOrEnterprise, requireEnterpriseKey } from '../../http/auth';
import { parseBody, readJson } from '../../http/body';
import { uuidParam } from '../../http/errors';
import { MAX_RULES_BYTES } from '../opportunities/routes';
import type { TenancyService } from '../tenancy/service';
import type { MatchingService } from './service';

/** A dry run carries a whole session aggregate: as large as one may grow. */
const MAX_DRY_RUN_BYTES = 1024 * 1024;

const enterpriseKey = (tenancy: TenancyService) => requireEnterpriseKey({ find: (key) => tenancy.enterpriseForKey(key) });

/** GET/PUT /api/v1/rules/matching and its history, for the enterprise's API key. */
export function matchingRulesRoutes(matching: MatchingService, tenancy: TenancyService) {
  const enterprise = enterpriseKey(tenancy);
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await matching.liveRules(c.var.enterpriseId)))
    .put('/', enterprise, async (c) => {
      const document = parseBody(MatchingDocument, await readJson(c, MAX_RULES_BYTES), 'The matching rule sets');
      return c.json(await matching.replaceRules(c.var.enterpriseId, document));
    })
    .get('/versions', enterprise, async (c) => c.json(await matching.rulesHistory(c.var.enterpriseId)));
}

/** POST /api/v1/matching/dry-run: the ranking a session (or a sample) would get now, nothing stored. */
export function dryRunRoutes(matching: MatchingService, tenancy: TenancyService) {
  return new Hono<EnterpriseEnv>().post('/dry-run', enterpriseKey(tenancy), async (c) => {
    const request = parseBody(DryRunRequest, await readJson(c, MAX_DRY_RUN_BYTES), 'The dry run');
    return c.json(await matching.dryRun(c.var.enterpriseId, request));
  });
}

/** GET /api/v1/opportunities/:id/ranking: how the associates ranked for it, every part kept. */
export function rankingRoutes(matching: MatchingService, tenancy: TenancyService) {
  return new Hono<EnterpriseEnv>().get('/:id/ranking', enterpriseKey(tenancy), async (c) =>
    c.json(await matching.rankingOf(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The opportunity'))),
  );
}

/** POST /api/v1/engagements/:id/outcome, by the engagement's associate or its enterprise's key. */
export function outcomeRoutes(matching: MatchingService, tenancy: TenancyService, associates: { associateForToken(token: string): Promise<string | undefined> }) {
  const actor = requireAssociateOrEnterprise({ associate: (t) => associates.associateForToken(t), enterprise: (k) => tenancy.enterpriseForKey(k) });
  return new Hono<ActorEnv>().post('/:id/outcome', actor, async (c) => {
    const id = uuidParam(c.req.param('id'), 'The engagement');
    const body = parseBody(OutcomeRequest, await readJson(c, 10_000), 'The outcome');
    return c.json(await matching.recordOutcome(id, c.var.actor, body), 201);
  });
}

