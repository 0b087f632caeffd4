import { Hono } from 'hono';
import { z } from 'zod';
import { OpportunityRules, OpportunityStatus } from '../../../../shared/rules';
import { RulesDiffQuery } from '../../../../shared/rules-diff';
import { PreviewQuery } from '../../../../shared/rules-preview';
import { AskForHelpRequest } from '../../../../shared/offers';
import { text } from '../../../../shared/text';
import type { Auth, EnterpriseEnv, ShopperEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { fail, uuidParam } from '../../http/errors';
import { BeforeCursor } from '../../db/keyset';
import type { OpportunitiesService } from './service';
import { audited } from '../audit/routes';
import { beforeOrNull } from '../audit/service';

/** Rule documents are small; this leaves room for a hundred elaborate conditions. */
export const MAX_RULES_BYTES = 256 * 1024;

/** A version number in a path; anything else names no version (404). */
export function versionParam(raw: string, what: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw fail.notFound(`That version of ${what}`);
  return Number(raw);
}

/** GET/PUT /api/v1/rules/opportunity, its history, diffs, rollback and the preview of a draft, for the enterprise. */
export function opportunityRulesRoutes(opportunities: OpportunitiesService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await opportunities.liveRules(c.var.enterpriseId)))
    .put('/', enterprise, async (c) => {
      const document = parseBody(OpportunityRules, await readJson(c, MAX_RULES_BYTES), 'The opportunity rules');
      const before = await beforeOrNull(opportunities.liveRules(c.var.enterpriseId));
      const after = await opportunities.replaceRules(c.var.enterpriseId, document);
      audited(c, { subject: `opportunity rules v${after.version}`, before, after });
      return c.json(after);
    })
    .get('/versions', enterprise, async (c) => c.json(await opportunities.rulesHistory(c.var.enterpriseId)))
    .get('/diff', enterprise, async (c) => c.json(await opportunities.rulesDiff(c.var.enterpriseId, parseQuery(RulesDiffQuery, c.req.query()))))
    .post('/versions/:version/restore', enterprise, async (c) => {
      const version = versionParam(c.req.param('version'), 'the opportunity rules');
      const before = await beforeOrNull(opportunities.liveRules(c.var.enterpriseId));
      const after = await opportunities.restoreRules(c.var.enterpriseId, version);
      audited(c, { subject: `opportunity rules v${after.version} (restored from v${version})`, before, after });
      return c.json(after, 201);
    })
    .post('/preview', enterprise, async (c) => {
      const { hours } = parseQuery(PreviewQuery, c.req.query());
      // The draft is checked exactly as PUT checks it: the same schema, the same paths in the issues.
      const draft = parseBody(OpportunityRules, await readJson(c, MAX_RULES_BYTES), 'The opportunity rules');
      return c.json(await opportunities.previewRules(c.var.enterpriseId, draft, hours));
    });
}

const QueryTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: OpportunityStatus.optional(),
  /** A condition id of the opportunity rules: only opportunities it was a reason for. */
  rule: text().min(1).max(100).optional(),
  from: QueryTime.optional(),
  to: QueryTime.optional(),
  /** A site's domain: only opportunities of sessions on it. */
  site: text().trim().toLowerCase().min(1).max(253).optional(),
  before: BeforeCursor.optional(),
});

/** GET /api/v1/opportunities: the enterprise's, most recently opened first; GET /api/v1/opportunities/:id: one of them. */
export function opportunityRoutes(opportunities: OpportunitiesService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>()
    .get('/', enterprise, async (c) => c.json(await opportunities.list(c.var.enterpriseId, parseQuery(ListQuery, c.req.query()))))
    .get('/:id', enterprise, async (c) => c.json(await opportunities.get(c.var.enterpriseId, uuidParam(c.req.param('id'), 'The opportunity'))));
}

/** POST /api/v1/opportunities/ask: the shopper asks for someone from the shop whose page they are on. */
export function opportunityAskRoutes(opportunities: OpportunitiesService, auth: Pick<Auth, 'shopper'>) {
  return new Hono<ShopperEnv>().post('/ask', auth.shopper, async (c) => {
    const body = parseBody(AskForHelpRequest, await readJson(c, 4_000), 'The ask');
    const { opened, asked } = await opportunities.ask(c.var.shopperId, body.url);
    return c.json(asked, opened ? 201 : 200);
  });
}
