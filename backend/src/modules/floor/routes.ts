import { Hono } from 'hono';
import { OverviewQuery } from '../../../../shared/floor';
import type { Auth, EnterpriseEnv } from '../../http/auth';
import { parseQuery } from '../../http/body';
import type { FloorService } from './service';

/** GET /api/v1/live/overview: the enterprise's floor now (every console role reads it; an API key too). */
export function floorRoutes(floor: FloorService, auth: Pick<Auth, 'enterprise'>) {
  const { enterprise } = auth;
  return new Hono<EnterpriseEnv>().get('/overview', enterprise, async (c) => {
    const { minutes } = parseQuery(OverviewQuery, c.req.query());
    return c.json(await floor.overview(c.var.enterpriseId, minutes));
  });
}
