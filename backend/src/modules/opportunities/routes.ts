import { Hono } from 'hono';
import { z } from 'zod';
import { OpportunityRules, OpportunityStatus } from '../../../../shared/rules';
import { AskForHelpRequest } from '../../../../shared/offers';
import type { Auth, EnterpriseEnv, ShopperEnv } from '../../http/auth';
import { parseBody, parseQuery, readJson } from '../../http/body';
import { decodeCursor } from '../sessions/cursor.core';
import type { OpportunitiesService } from './service';
import { audited } from '../audit/routes';
import { beforeOrNull } from '../audit/service';

/** Rule documents are small; this leaves room for a hundred elaborate conditions. */
export const MAX_RULES_BYTES = 256 * 1024;

/** GET/PUT /api/v1/rules/opportunity and its history, for the enterprise's API key. */
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
    .get('/versions', enterprise, async (c) => c.json(await opportunities.rulesHistory(c.var.enterpriseId)));
}

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: OpportunityStatus.optional(),
  before: z
    .string()
    .transform((cursor, ctx) => decodeCursor(cursor) ?? (ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' }), z.NEVER))
    .optional(),
});

/** GET /api/v1/opportunities: the enterprise's, most recently opened first. */
export function opportunityRoutes(opportunities: OpportunitiesService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>().get('/', enterprise, async (c) => c.json(await opportunities.list(c.var.enterpriseId, parseQuery(ListQuery, c.req.query()))));
}

/** POST /api/v1/opportunities/ask: the shopper asks for someone from the shop whose page they are on. */
export function opportunityAskRoutes(opportunities: OpportunitiesService, auth: Pick<Auth, 'shopper'>) {
  return new Hono<ShopperEnv>().post('/ask', auth.shopper, async (c) => {
    const body = parseBody(AskForHelpRequest, await readJson(c, 4_000), 'The ask');
    const { opened, asked } = await opportunities.ask(c.var.shopperId, body.url);
    return c.json(asked, opened ? 201 : 200);
  });
}
